// factsheet.test.mjs: the municipality page (/gemeente/{code}) works
// without JavaScript, passes axe at 320 and 1280 px without horizontal
// scroll, and prints as an A4 factsheet of at most two pages with the
// outline map and without controls.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, openPage, runAxe, formatViolations } from './harness.mjs';

const ctx = setup();

function pageCount(pdf) {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
}

for (const code of ['GM0363', 'GM1900']) {
  test(`the page of ${code} reads well and prints on at most two A4 pages`, async () => {
    for (const width of [320, 1280]) {
      const page = await openPage(ctx.browser, `${ctx.server.url}/gemeente/${code}`, { width, axe: true });
      await page.locator('#fact-stage').waitFor();
      const v = await runAxe(page);
      assert.equal(v.length, 0, `${width}px: ${formatViolations(v)}`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `${width}px: ${overflow}px horizontal scroll`);
      if (width === 1280) {
        await page.emulateMedia({ media: 'print' });
        assert.equal(await page.locator('form button, .no-print, nav').first().isVisible(), false, 'controls hidden in print');
        assert.ok(await page.locator('svg.outline').isVisible(), 'the map outline prints');
        const pdf = await page.pdf({ format: 'A4', printBackground: true });
        const n = pageCount(pdf);
        assert.ok(n >= 1 && n <= 2, `${code}: ${n} A4 pages`);
      }
      await page.close();
    }
  });
}

test('the colophon passes axe at 320 and 1280 px without horizontal scroll', async () => {
  for (const width of [320, 1280]) {
    const page = await openPage(ctx.browser, `${ctx.server.url}/colofon`, { width, axe: true });
    const v = await runAxe(page);
    assert.equal(v.length, 0, `${width}px: ${formatViolations(v)}`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `${width}px: ${overflow}px horizontal scroll`);
    await page.close();
  }
});
