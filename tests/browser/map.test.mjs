// map.test.mjs: the page draws every municipality and the province borders,
// credits the data source, and fetches finer shapes when zooming in.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openPage, waitForMap, mapZoom, zoomInByKeyboard, assertNoProblems, MUNICIPALITY_COUNT } from './harness.mjs';

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

test('boundaries contrast at least 3:1 with every class colour, the hatch and the background; unknown is hatched', async () => {
  const page = await openPage(browser, `${server.url}/`);
  await waitForMap(page);
  await page.waitForSelector('#map[data-state="ready"]', { state: 'attached' });
  const colours = await page.evaluate(async () => {
    // Resolve any CSS colour to [r, g, b] through a canvas.
    const ctx = document.createElement('canvas').getContext('2d');
    const rgb = (c) => {
      ctx.fillStyle = '#000';
      ctx.fillStyle = c;
      const h = ctx.fillStyle; // #rrggbb when opaque
      return [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));
    };
    const path = document.querySelector('path.municipality');
    const metric = document.getElementById('metric');
    const classes = [];
    // Every metric's legend colours (what the map can show).
    for (const opt of metric.options) {
      metric.value = opt.value;
      metric.dispatchEvent(new Event('change'));
      await new Promise((r) => setTimeout(r, 0));
      for (const sw of document.querySelectorAll('#legend li[data-class]:not([data-class="unknown"]) .swatch')) classes.push(rgb(sw.style.background));
    }
    const hatchRect = document.querySelector('#hatch rect');
    return {
      stroke: rgb(path.getAttribute('stroke')),
      fill: path.getAttribute('fill'),
      hatchBackground: rgb(hatchRect.getAttribute('fill')),
      classes,
      background: rgb(getComputedStyle(document.getElementById('map')).backgroundColor),
      strokeOpacity: Number(path.getAttribute('stroke-opacity') ?? 1),
      fillOpacity: Number(path.getAttribute('fill-opacity') ?? 1),
    };
  });
  const lum = (c) => {
    const [r, g, b] = c.map((v) => v / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const ratio = (a, b) => {
    const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };
  assert.equal(colours.strokeOpacity, 1, 'boundaries are opaque');
  assert.equal(colours.fillOpacity, 1, 'fill is opaque, so its colour is what is seen');
  // Without assessments every municipality is unknown: hatched, not coloured.
  assert.equal(colours.fill, 'url(#hatch)');
  assert.ok(colours.classes.length >= 20, `legend colours found: ${colours.classes.length}`);
  for (const c of [...colours.classes, colours.hatchBackground, colours.background]) {
    assert.ok(ratio(colours.stroke, c) >= 3, `stroke/${c} contrast ${ratio(colours.stroke, c).toFixed(2)}`);
  }
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

  // Go past zoom 10 (band 10-11).
  await zoomInByKeyboard(page, 10, '2');
  assert.ok(requests.some((z) => z >= 10), `expected a request with zoom >= 10, got ${JSON.stringify(requests)}`);
  assert.ok(requests.every((z) => Number.isInteger(z)), `zoom parameter is a whole number: ${JSON.stringify(requests)}`);
  assertNoProblems(page);
});
