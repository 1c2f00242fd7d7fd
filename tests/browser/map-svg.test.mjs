// map-svg.test.mjs: the server's drawing of the view (/api/map.svg, used by
// the PNG and SVG downloads, print and /embed) is coloured by the page's
// metric exactly as the page colours it: the same legend heading, class
// colours and labels, the same hatched unknown class, and every
// municipality in the colour the page's own code (metrics.js) gives it.
// Demo assessments give every metric values to colour.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { setup, openPage, assertNoProblems, waitForColoured } from './harness.mjs';

const ctx = setup({ demo: true });

/** pageLegend reads the page's legend: heading, [{colour, label}] per class, the unknown row. */
function pageLegend(page) {
  return page.evaluate(() => {
    const g = document.createElement('canvas').getContext('2d');
    const hex = (c) => {
      g.fillStyle = '#000';
      g.fillStyle = c;
      return g.fillStyle;
    };
    const label = (li) => li.querySelector('.legend-label').firstChild.textContent.trim();
    const rows = [...document.querySelectorAll('#legend li[data-class]')];
    const unknown = rows.find((li) => li.dataset.class === 'unknown');
    return {
      heading: document.getElementById('legend-metric').textContent,
      classes: rows.filter((li) => li !== unknown).map((li) => ({ colour: hex(li.querySelector('.swatch').style.background), label: label(li) })),
      unknown: { hatched: unknown.querySelector('.swatch').classList.contains('swatch-hatch'), label: label(unknown) },
    };
  });
}

/**
 * drawing fetches the SVG at href in the page and reads its legend and the
 * fill of every municipality, and what the page's metrics.js makes of
 * /api/municipalities for metric id.
 */
function drawing(page, href, id) {
  return page.evaluate(async ({ href, id }) => {
    const res = await fetch(href);
    const doc = new DOMParser().parseFromString(await res.text(), 'image/svg+xml');
    const swatches = [...doc.querySelectorAll('#legend rect.swatch')];
    const fills = {};
    for (const p of doc.querySelectorAll('#municipalities path')) fills[p.id] = p.getAttribute('fill');
    // The page's own colouring of the same municipalities.
    const { loadFramework } = await import('/framework.js');
    await loadFramework();
    const { metric, colorOf } = await import('/metrics.js');
    const m = metric(id);
    const list = await (await fetch('/api/municipalities')).json();
    const expected = Object.fromEntries(list.map((it) => [it.code, colorOf(m, it)]));
    return {
      status: res.status,
      heading: doc.querySelector('#legend text').textContent,
      classes: swatches.slice(0, -1).map((r) => ({ colour: r.getAttribute('fill'), label: r.nextElementSibling.textContent })),
      unknown: { fill: swatches.at(-1).getAttribute('fill'), label: swatches.at(-1).nextElementSibling.textContent },
      attribution: doc.getElementById('attribution')?.textContent ?? '',
      fills,
      expected,
    };
  }, { href, id });
}

test('the image of the view has the page\'s legend and colours for every kind of metric', async () => {
  const page = await openPage(ctx.browser, `${ctx.server.url}/`);
  await waitForColoured(page);
  for (const id of ['stage', 'score', 'domains', 'domain.work', 'lived_experience', 'stakeholders']) {
    await page.locator('#metric').selectOption(id);
    // The values per indicator arrive with the full list; the summary waits for them.
    await page.waitForFunction(() => !/geladen/.test(document.getElementById('summary').textContent));
    const href = await page.locator('#share-svg').getAttribute('href');
    assert.equal(href, id === 'stage' ? '/api/map.svg' : `/api/map.svg?metric=${id}`);
    const legend = await pageLegend(page);
    const svg = await drawing(page, href, id);
    assert.equal(svg.status, 200, id);
    assert.equal(svg.heading, legend.heading, `${id}: legend heading`);
    assert.deepEqual(svg.classes, legend.classes, `${id}: class colours and labels`);
    assert.ok(legend.unknown.hatched, `${id}: the page hatches unknown`);
    assert.deepEqual(svg.unknown, { fill: 'url(#hatch)', label: legend.unknown.label }, `${id}: the unknown class`);
    assert.match(svg.attribution, /^Bron: CBS, Kadaster/);
    assert.equal(Object.keys(svg.fills).length, 342, `${id}: every municipality drawn`);
    const differ = Object.keys(svg.expected).filter((code) => svg.fills[code] !== svg.expected[code]);
    assert.deepEqual(differ.map((c) => `${c}: ${svg.fills[c]} ≠ ${svg.expected[c]}`), [], `${id}: municipalities coloured otherwise than on the page`);
    const coloured = Object.values(svg.fills).filter((f) => f !== 'url(#hatch)').length;
    assert.ok(coloured > 0, `${id}: some municipality has a colour`);
  }
  assertNoProblems(page);
  await page.close();
});

test('the drawing accepts exactly the metrics of the page\'s menu', async () => {
  const page = await openPage(ctx.browser, `${ctx.server.url}/`);
  await waitForColoured(page);
  const menu = await page.locator('#metric option').evaluateAll((opts) => opts.map((o) => o.value));
  const res = await fetch(`${ctx.server.url}/api/map.svg?metric=colour`);
  assert.equal(res.status, 400);
  const { error } = await res.json();
  const accepted = /the metrics are (.+)$/.exec(error)?.[1].split(', ');
  assert.deepEqual(accepted, menu, error);
  for (const id of menu) assert.equal((await fetch(`${ctx.server.url}/embed?metric=${id}`)).status, 200, `/embed?metric=${id}`);
  assertNoProblems(page);
  await page.close();
});

test('the share section carries the metric into the embed snippet, the SVG and the PNG', async () => {
  const page = await openPage(ctx.browser, `${ctx.server.url}/?metric=lived_experience&province=PV23&sel=GM0193`);
  await waitForColoured(page);
  await page.getByRole('heading', { name: 'Zwolle', level: 2 }).waitFor();
  const snippet = await page.getByRole('textbox', { name: 'Insluiten' }).inputValue();
  const src = /<iframe src="([^"]+)" title="([^"]+)"/.exec(snippet);
  assert.ok(src, snippet);
  assert.equal(src[1], `${ctx.server.url}/embed?metric=lived_experience&province=PV23&sel=GM0193`);
  assert.equal(src[2], 'Inclusiekaart: betrokkenheid ervaringsdeskundigen per gemeente');
  const embed = await (await fetch(src[1])).text();
  assert.match(embed, /Legenda: Betrokkenheid ervaringsdeskundigen<\/h2>/);
  assert.match(embed, /\?metric=lived_experience&amp;province=PV23&amp;sel=GM0193/, 'the embed links back to the same view');
  assert.equal(await page.locator('#share-svg').getAttribute('href'), '/api/map.svg?metric=lived_experience&province=PV23&sel=GM0193');

  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download kaart als afbeelding (PNG)' }).click();
  const download = await downloading;
  assert.equal(download.suggestedFilename(), 'inclusiekaart-lived_experience-PV23-GM0193.png');
  const png = fs.readFileSync(await download.path());
  assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');

  // Another metric, and English: the snippet follows.
  await page.locator('#metric').selectOption('stakeholders');
  await page.locator('#lang-switch').click();
  await page.waitForFunction(() => document.getElementById('embed-code').value.includes('metric=stakeholders'));
  const en = await page.locator('#embed-code').inputValue();
  assert.match(en, /\/embed\?metric=stakeholders&province=PV23&sel=GM0193&lang=en" title="Inclusiekaart: stakeholder groups involved \(number\) per municipality"/);
  assertNoProblems(page);
  await page.close();
});
