// share.test.mjs: sharing the map. A link carries every piece of the view
// (language, colouring, province, view, selection, compare, sort, map view,
// meetings layer) through a change and a reload; the share section offers
// an <iframe> snippet of /embed, the SVG and a PNG of the view (coloured
// by the page's metric; map-svg.test.mjs compares them), and a citation, and says when something was copied; the stakeholder page keeps
// its grid view and language in its address; /gemeente/{code} copies its
// citation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { setup, openPage, runAxe, formatViolations, assertNoProblems, waitForColoured } from './harness.mjs';

const ctx = setup();

/** viewState reads the page's view from its controls, not from the URL. */
function viewState(page) {
  return page.evaluate(() => ({
    lang: document.documentElement.lang,
    metric: document.getElementById('metric').value,
    province: document.getElementById('province').value,
    view: document.querySelector('.view-switch button[aria-pressed="true"]')?.dataset.view,
    sel: document.getElementById('detail').hidden ? null : document.getElementById('detail-name').textContent,
    compare: [...document.querySelectorAll('#compare-chips .chip > span')].map((s) => s.textContent),
    meetings: document.getElementById('meetings-toggle').getAttribute('aria-pressed'),
    sort: document.querySelector('#municipalities-table th[aria-sort]')?.getAttribute('aria-sort') ?? null,
  }));
}

test('a shared link carries every piece of the view through a change and a reload', async () => {
  const url = `${ctx.server.url}/?lang=en&metric=score&province=PV26&view=table&sel=GM0344&compare=GM0344,GM0363&meetings=1&sort=score.desc&map=9/52.09/5.12`;
  const page = await openPage(ctx.browser, url);
  await waitForColoured(page);
  await page.waitForFunction(() => document.getElementById('detail-name').textContent === 'Utrecht' && document.getElementById('meetings-toggle').getAttribute('aria-pressed') === 'true');
  assert.deepEqual(await viewState(page), { lang: 'en', metric: 'score', province: 'PV26', view: 'table', sel: 'Utrecht', compare: ['Utrecht', 'Amsterdam'], meetings: 'true', sort: 'descending' });
  for (const part of ['lang=en', 'metric=score', 'province=PV26', 'view=table', 'sel=GM0344', 'compare=GM0344,GM0363', 'meetings=1', 'sort=score.desc', 'map=9/']) {
    assert.ok(page.url().includes(part), `${part} kept in ${page.url()}`);
  }

  // Change every part, then reload: the page comes back the same.
  await page.getByRole('button', { name: 'Map', exact: true }).click();
  await page.locator('#metric').selectOption('lived_experience');
  await page.locator('#province').selectOption('PV27');
  await page.locator('#meetings-toggle').click();
  await page.locator('#lang-switch').click(); // to Dutch
  await page.waitForFunction(() => document.documentElement.lang === 'nl');
  const changed = await viewState(page);
  assert.deepEqual({ ...changed, sort: undefined }, { lang: 'nl', metric: 'lived_experience', province: 'PV27', view: 'map', sel: 'Utrecht', compare: ['Utrecht', 'Amsterdam'], meetings: 'false', sort: undefined });
  const before = page.url();
  assert.ok(before.includes('lang=nl') && !before.includes('meetings='), before);
  assert.ok(before.includes('sort=score.desc'), 'the table\'s sort stays in the address while the map is shown');
  await page.reload();
  await waitForColoured(page);
  await page.waitForFunction(() => document.getElementById('detail-name').textContent === 'Utrecht');
  // (The table is drawn only when shown: its sort is checked through the address.)
  assert.deepEqual({ ...(await viewState(page)), sort: undefined }, { ...changed, sort: undefined });
  // The same address, but for the map's centre: a selection outside the
  // linked view is panned into sight (Utrecht, with Noord-Holland fitted).
  const noCentre = (u) => u.replace(/map=([\d.]+)\/[-\d.]+\/[-\d.]+/, 'map=$1');
  assert.equal(noCentre(page.url()), noCentre(before), 'the address after the reload is the address before it');
  assertNoProblems(page);
  await page.close();
});

test('the share section offers an embed snippet, the SVG, a PNG and a citation, and announces a copy', async () => {
  const page = await openPage(ctx.browser, `${ctx.server.url}/?province=PV23&sel=GM0193`, { axe: true });
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: ctx.server.url });
  await waitForColoured(page);
  await page.getByRole('heading', { name: 'Zwolle', level: 2 }).waitFor();

  const snippet = await page.getByRole('textbox', { name: 'Insluiten' }).inputValue();
  const src = /<iframe src="([^"]+)" title="([^"]+)"/.exec(snippet);
  assert.ok(src, snippet);
  assert.equal(src[1], `${ctx.server.url}/embed?province=PV23&sel=GM0193`);
  assert.match(src[2], /^Inclusiekaart: fase/);
  const embed = await fetch(src[1]);
  assert.equal(embed.status, 200);
  assert.match(await embed.text(), /Zwolle/);

  assert.equal(await page.locator('#share-svg').getAttribute('href'), '/api/map.svg?province=PV23&sel=GM0193');
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download kaart als afbeelding (PNG)' }).click();
  const download = await downloading;
  assert.equal(download.suggestedFilename(), 'inclusiekaart-PV23-GM0193.png');
  const png = fs.readFileSync(await download.path());
  assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG', 'a PNG file');
  assert.equal(png.readUInt32BE(16), 1600, 'drawn at twice the SVG width');
  await page.waitForFunction(() => document.getElementById('announcer').textContent === 'De afbeelding is gedownload.');

  const cite = await page.locator('#cite-text').innerText();
  assert.match(cite, /^Netwerk Inclusieve Gemeenten \(20\d\d\)\. Inclusiekaart: fase van de lokale inclusieagenda per gemeente, gegevens tot en met \d{1,2} [a-z]+ 20\d\d\. /);
  assert.ok(cite.includes(`${ctx.server.url}/?province=PV23&sel=GM0193`) && cite.endsWith('Licentie CC BY 4.0.'), cite);
  await page.getByRole('button', { name: 'Kopieer bronvermelding' }).click();
  await page.waitForFunction(() => document.getElementById('announcer').textContent === 'Gekopieerd.');
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), cite);
  await page.getByRole('button', { name: 'Kopieer code' }).click();
  await page.waitForFunction(async () => (await navigator.clipboard.readText()).startsWith('<iframe'));

  // Coloured by another measure: the image and the snippet show that measure.
  await page.locator('#metric').selectOption('score');
  await page.waitForFunction(() => document.getElementById('share-svg').getAttribute('href') === '/api/map.svg?metric=score&province=PV23&sel=GM0193');
  assert.match(await page.locator('#embed-code').inputValue(), /\/embed\?metric=score&province=PV23&sel=GM0193" title="Inclusiekaart: totaalscore \(0–100\) per gemeente"/);

  for (const width of [1280, 320]) {
    await page.setViewportSize({ width, height: 800 });
    const v = await runAxe(page);
    assert.equal(v.length, 0, `${width}px: ${formatViolations(v)}`);
    const overflow = await page.$eval('#share', (el) => el.getBoundingClientRect().right - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `${width}px: the share section sticks out ${overflow}px`);
  }
  assertNoProblems(page);
  await page.close();
});

test('the stakeholder page keeps its grid view and language in the address', async () => {
  const page = await openPage(ctx.browser, `${ctx.server.url}/stakeholders?view=grid&lang=en`);
  await page.locator('#sh-grid[aria-pressed="true"]').waitFor();
  await page.waitForFunction(() => document.documentElement.lang === 'en' && document.getElementById('sh-view-heading').textContent === 'Power/interest grid');
  await page.locator('#sh-grid').click();
  await page.waitForFunction(() => !location.search.includes('view=grid') && location.search.includes('lang=en'));
  await page.locator('#sh-grid').click();
  await page.waitForFunction(() => location.search.includes('view=grid'));
  await page.reload();
  await page.locator('#sh-grid[aria-pressed="true"]').waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  assertNoProblems(page);
  await page.close();
});

test('the municipality page copies its citation and says so', async () => {
  const page = await openPage(ctx.browser, `${ctx.server.url}/gemeente/GM0193`);
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: ctx.server.url });
  await page.getByRole('button', { name: 'Kopieer bronvermelding' }).click();
  await page.waitForFunction(() => document.getElementById('copy-status').textContent === 'Gekopieerd.');
  const text = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(text, /^Netwerk Inclusieve Gemeenten, Inclusiekaart: Zwolle \(GM0193\)\. Gegevens tot en met \d{1,2} [a-z]+ 20\d\d\. .+\/gemeente\/GM0193 \(CC BY 4\.0\)\.$/);
  assertNoProblems(page);
  await page.close();
});

test('the PNG export works under the page\'s own Content-Security-Policy', async () => {
  const page = await openPage(ctx.browser, `${ctx.server.url}/?sel=GM0363`); // no axe: the real CSP applies
  await waitForColoured(page);
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download kaart als afbeelding (PNG)' }).click();
  const png = fs.readFileSync(await (await downloading).path());
  assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
  await page.waitForFunction(() => document.getElementById('announcer').textContent === 'De afbeelding is gedownload.');
  assertNoProblems(page);
  await page.close();
});
