// print.test.mjs: every page prints its content without navigation, forms
// or buttons, with the page's address and the date; the map page prints the
// map, its legend and the selected municipality; page counts stay sane
// (Chromium's page.pdf on A4).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, openPage, waitForColoured } from './harness.mjs';

const ctx = setup();

function pageCount(pdf) {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
}

/** nothingToOperate lists the visible controls in print (it should be none). */
function visibleControls(page) {
  return page.evaluate(() => [...document.querySelectorAll('button, input:not([type="hidden"]), select, textarea, form, nav, .leaflet-control-container')]
    .filter((el) => el.checkVisibility())
    .map((el) => el.outerHTML.slice(0, 80)));
}

const pages = [
  ['/bijeenkomsten', 4], ['/meedoen', 4], ['/inclusiestage', 4], ['/verkiezingen', 6], ['/colofon', 3], ['/methode', 12],
  ['/toegankelijkheid', 5], ['/wat-is-een-inclusieve-gemeente', 5], ['/releases', 3], ['/ogc?f=html', 3], ['/ogc/collections?f=html', 4],
  ['/embed?sel=GM0363', 2],
];

for (const [path, most] of pages) {
  test(`${path} prints without controls, with its address and date, on at most ${most} A4 pages`, async () => {
    const page = await openPage(ctx.browser, `${ctx.server.url}${path}`);
    await page.emulateMedia({ media: 'print' });
    assert.deepEqual(await visibleControls(page), [], 'controls visible in print');
    assert.ok(await page.locator('h1').first().isVisible(), 'the content prints');
    if (!path.startsWith('/embed')) {
      const meta = page.locator('.print-meta');
      assert.ok(await meta.isVisible(), 'the address and date print');
      const text = await meta.innerText();
      assert.ok(text.includes(`${ctx.server.url}${path}`), text);
      assert.match(text, /\d{1,2} (januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december) 20\d\d/);
    }
    const n = pageCount(await page.pdf({ format: 'A4', printBackground: true }));
    console.log(`# ${path}: ${n} A4 page(s)`);
    assert.ok(n >= 1 && n <= most, `${path}: ${n} A4 pages`);
    await page.close();
  });
}

test('the map page prints the map, its legend and the selected municipality, without controls', async () => {
  const page = await openPage(ctx.browser, `${ctx.server.url}/?sel=GM0363`);
  const drawings = [];
  page.on('request', (req) => { if (new URL(req.url()).pathname === '/api/map.svg') drawings.push(req.url()); });
  await waitForColoured(page);
  await page.getByRole('heading', { name: 'Amsterdam', level: 2 }).waitFor();
  await page.waitForLoadState('networkidle');
  assert.deepEqual(drawings, [], 'the drawing for paper is no part of the first view');
  // Printing fetches the drawing; it replaces the map on paper once it has arrived.
  await page.emulateMedia({ media: 'print' });
  await page.waitForFunction(() => document.body.classList.contains('print-svg') && document.getElementById('print-map').naturalWidth > 0, null, { timeout: 15_000 });
  assert.deepEqual(await visibleControls(page), [], 'controls visible in print');
  const map = page.locator('#print-map');
  assert.ok(await map.isVisible(), 'the map prints');
  assert.equal(await map.getAttribute('src'), '/api/map.svg?sel=GM0363', 'the drawing of this view, legend included');
  assert.ok(await page.locator('#detail').isVisible(), 'the selected municipality prints');
  assert.ok((await page.locator('.print-meta').innerText()).includes(`${ctx.server.url}/?sel=GM0363`));
  const n = pageCount(await page.pdf({ format: 'A4', printBackground: true }));
  console.log(`# /?sel=GM0363: ${n} A4 page(s)`);
  assert.ok(n >= 1 && n <= 2, `${n} A4 pages`);

  assert.equal(await map.getAttribute('alt'), 'Kaart: fase van de lokale inclusieagenda per gemeente, met legenda');

  // Coloured by another measure, the drawing of that measure prints, with its legend.
  await page.emulateMedia({ media: 'screen' });
  await page.locator('#metric').selectOption('score');
  await page.waitForFunction(() => document.getElementById('print-map').getAttribute('src') === '/api/map.svg?metric=score&sel=GM0363');
  await page.waitForFunction(() => document.getElementById('print-map').complete && document.getElementById('print-map').naturalWidth > 0, null, { timeout: 15_000 });
  await page.emulateMedia({ media: 'print' });
  assert.ok(await map.isVisible(), 'the drawing of the score prints');
  assert.equal(await map.getAttribute('alt'), 'Kaart: totaalscore (0–100) per gemeente, met legenda');
  assert.equal(await page.locator('#map').isVisible(), false);
  assert.deepEqual(await visibleControls(page), [], 'controls visible in print');
  await page.close();
});

test('the print button waits for the drawing of the view before it prints', async () => {
  const page = await openPage(ctx.browser, `${ctx.server.url}/?province=PV23`);
  await waitForColoured(page);
  // Headless Chromium prints nothing: record what the page would have printed.
  await page.evaluate(() => {
    window.print = () => {
      const img = document.getElementById('print-map');
      window.printed = { src: img.getAttribute('src'), drawn: img.naturalWidth > 0, svg: document.body.classList.contains('print-svg') };
    };
  });
  await page.getByRole('button', { name: 'Afdrukken' }).click();
  await page.waitForFunction(() => window.printed);
  assert.deepEqual(await page.evaluate(() => window.printed), { src: '/api/map.svg?province=PV23', drawn: true, svg: true });
  await page.close();
});
