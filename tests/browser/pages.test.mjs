// pages.test.mjs: the pages about the site (method, accessibility
// statement, framework) and the embeddable map pass axe at 320 and 1280 px
// without horizontal scroll, in Dutch and English; the embed works inside
// another site's iframe while other pages stay unframeable.
import http from 'node:http';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, openPage, runAxe, formatViolations, assertNoProblems } from './harness.mjs';

const ctx = setup();

async function checkPage(url, ready) {
  for (const width of [320, 1280]) {
    const page = await openPage(ctx.browser, url, { width, axe: true });
    await page.locator(ready).first().waitFor();
    const v = await runAxe(page);
    assert.equal(v.length, 0, `${url} at ${width}px: ${formatViolations(v)}`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `${url} at ${width}px: ${overflow}px horizontal scroll`);
    assertNoProblems(page);
    await page.close();
  }
}

test('the method page reads well at 320 and 1280 px, in Dutch and English', async () => {
  await checkPage(`${ctx.server.url}/methode`, '#method-parts');
  await checkPage(`${ctx.server.url}/methode?lang=en`, '#method-indicators');
});

test('the accessibility statement reads well at 320 and 1280 px, in Dutch and English', async () => {
  await checkPage(`${ctx.server.url}/toegankelijkheid`, '#a11y-status');
  await checkPage(`${ctx.server.url}/toegankelijkheid?lang=en`, '#a11y-known');
});

test('the framework page explains the stages and koplopers', async () => {
  await checkPage(`${ctx.server.url}/wat-is-een-inclusieve-gemeente`, '#koplopers');
  const page = await openPage(ctx.browser, `${ctx.server.url}/wat-is-een-inclusieve-gemeente`);
  assert.equal(await page.locator('ol.stages li').count(), 6, 'six stages from the framework');
  await page.close();
});

test('the embeddable map reads well, alone and inside another site\'s iframe', async () => {
  await checkPage(`${ctx.server.url}/embed`, '.embed-legend');
  await checkPage(`${ctx.server.url}/embed?province=PV27&sel=GM0363&lang=en`, '#embed-selected');
  // Coloured by other metrics: a life domain with a selection, the stakeholder count in English.
  await checkPage(`${ctx.server.url}/embed?metric=domain.work&sel=GM0363`, '#embed-selected');
  await checkPage(`${ctx.server.url}/embed?metric=stakeholders&lang=en`, '.embed-legend');

  // Another site (another origin: a second local server) frames it: the
  // embed is shown; any other page of the site stays blocked in a frame.
  const host = http.createServer((req, res) => {
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.end(`<!doctype html><html lang="nl"><title>host</title><iframe src="${ctx.server.url}${req.url === '/other' ? '/colofon' : '/embed?sel=GM0193'}" title="Inclusiekaart" width="800" height="700"></iframe>`);
  });
  await new Promise((resolve) => host.listen(0, '127.0.0.1', resolve));
  try {
    const page = await openPage(ctx.browser, `http://127.0.0.1:${host.address().port}/`);
    const frame = page.frameLocator('iframe');
    await frame.locator('#embed-selected').waitFor({ timeout: 10_000 });
    assert.match(await frame.locator('#embed-selected').innerText(), /Zwolle/);
    assert.ok(await frame.locator('svg path').count() >= 342, 'the drawing is in the frame');
    const blocked = page.waitForEvent('requestfailed', { timeout: 10_000 });
    await page.goto(`http://127.0.0.1:${host.address().port}/other`);
    assert.match((await blocked).url(), /\/colofon$/, 'another page of the site may not be framed');
    await page.close();
  } finally {
    host.close();
  }
});
