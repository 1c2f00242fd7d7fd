// map.test.mjs: the page draws every municipality and the province borders,
// credits the data source, and fetches finer shapes when zooming in.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openPage, waitForMap, mapZoom, assertNoProblems, MUNICIPALITY_COUNT } from './harness.mjs';

let server;
let browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('draws all 342 municipalities, 12 provinces and the CBS/Kadaster attribution', async () => {
  const page = await openPage(browser, `${server.url}/`);
  await waitForMap(page);

  assert.equal(await page.locator('path.municipality').count(), MUNICIPALITY_COUNT);
  const codes = await page.$$eval('path.municipality', (ps) => ps.map((p) => p.getAttribute('data-code')));
  assert.equal(new Set(codes).size, MUNICIPALITY_COUNT, 'every path carries its own data-code');
  assert.ok(codes.every((c) => /^GM\d{4}$/.test(c)), `bad codes: ${codes.filter((c) => !/^GM\d{4}$/.test(c)).slice(0, 5)}`);
  assert.match(await page.getAttribute('path[data-code="GM0363"]', 'data-name'), /Amsterdam/);

  await page.waitForFunction(() => document.querySelectorAll('path.province').length > 0);
  assert.equal(await page.locator('path.province').count(), 12);
  assert.equal(await page.locator('.leaflet-pane.leaflet-provinces-pane path.province').count(), 12,
    'province borders lie in their own pane above the municipalities');

  const attribution = await page.textContent('.leaflet-control-attribution');
  assert.ok(attribution.includes('Bron: CBS, Kadaster'), `attribution was: ${attribution}`);
  const footer = await page.textContent('footer');
  assert.match(footer, /CBS/);
  assert.match(footer, /Kadaster/);
  assert.match(footer, /CC BY 4\.0/);

  assert.equal(await page.locator('#map-error').isVisible(), false, 'no load error shown');
  assertNoProblems(page);
});

test('zooming into a finer band refetches shapes with the new zoom and keeps all municipalities', async () => {
  const page = await openPage(browser, `${server.url}/`);
  const requests = [];
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (u.pathname === '/api/municipalities.geojson') requests.push(Number(u.searchParams.get('zoom')));
  });
  await waitForMap(page);
  const start = await mapZoom(page);
  assert.ok(start <= 8, `whole country fits at a low zoom, got ${start}`);

  await page.evaluate(() => document.getElementById('map').focus());
  // Leaflet zooms in one step per "+" key; go past zoom 10 (band 10-11).
  while ((await mapZoom(page)) < 10) {
    await page.keyboard.press('Equal');
    await page.waitForTimeout(100);
  }
  await page.waitForFunction(() => document.getElementById('map').dataset.band === '2', null, { timeout: 20_000 });
  await waitForMap(page);
  assert.ok(requests.some((z) => z >= 10), `expected a request with zoom >= 10, got ${JSON.stringify(requests)}`);
  assert.ok(requests.every((z) => Number.isInteger(z)), `zoom parameter is a whole number: ${JSON.stringify(requests)}`);
  assertNoProblems(page);
});
