// journeys.test.mjs: one test per user journey on the full page, against a
// server with labelled demo assessments plus one real assessment (with an
// evidence URL) stored through the API. Each test asserts what the user sees
// or hears (text, live region, downloads), and axe-core finds no violation
// in the states the journey passes through.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import {
  startServer, launchBrowser, openPage, waitForColoured, mapZoom, runAxe, formatViolations,
  assertNoProblems, putAssessment, MUNICIPALITY_COUNT,
} from './harness.mjs';

let server;
let browser;
let list; // /api/municipalities as the page sees it

before(async () => {
  server = await startServer({ demo: true, token: true });
  const status = await putAssessment(server, 'GM0344', {
    assessed_on: '2026-10-01',
    source: 'LIA document',
    assessor: 'test',
    values: { stage: { value: 4, evidence: 'https://example.org/lia.pdf', note: 'vastgesteld' }, 'domain.work': { value: 2 } },
  });
  assert.equal(status, 201, 'PUT assessment');
  list = await (await fetch(`${server.url}/api/municipalities`)).json();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

async function assertAxe(page, state) {
  const violations = await runAxe(page);
  assert.equal(violations.length, 0, `axe-core violations (${state}):\n${formatViolations(violations)}`);
}

const collator = new Intl.Collator('nl');
const readingOrder = (items) => [...items].sort((a, b) => collator.compare(a.province_name, b.province_name) || collator.compare(a.name, b.name));

/** clickMunicipality clicks a point that lies inside the municipality's shape (not just its box). */
async function clickMunicipality(page, code) {
  const point = await page.evaluate((c) => {
    const path = document.querySelector(`path[data-code="${c}"]`);
    const r = path.getBoundingClientRect();
    for (let i = 1; i < 12; i++) {
      for (let j = 1; j < 12; j++) {
        const x = r.left + (r.width * i) / 12;
        const y = r.top + (r.height * j) / 12;
        if (document.elementFromPoint(x, y) === path) return { x, y };
      }
    }
    return null;
  }, code);
  assert.ok(point, `no visible point inside ${code}`);
  await page.mouse.click(point.x, point.y);
}

async function legendCounts(page) {
  return page.$$eval('#legend li[data-class] .legend-count', (els) => els.map((e) => Number(e.textContent.match(/\d+/)[0])));
}

test('find your municipality and read its evidence', async () => {
  const page = await openPage(browser, `${server.url}/`, { axe: true });
  await waitForColoured(page);
  assert.ok(await page.locator('#demo-banner').isVisible(), 'demo banner is shown');

  const input = page.getByRole('combobox', { name: 'Zoek een gemeente' });
  await input.fill('utrecht');
  await page.locator('#search-option-GM0344').waitFor();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');

  const detail = page.getByRole('region', { name: 'Utrecht' });
  await detail.getByRole('heading', { name: 'Utrecht', level: 2 }).waitFor();
  await detail.getByText('LIA document').first().waitFor();
  assert.match(await detail.textContent(), /provincie Utrecht/);

  // Stage 4 is the current step of six along the route.
  const steps = detail.getByRole('listitem').filter({ has: page.locator('.step-marker') });
  assert.equal(await steps.count(), 6);
  const current = detail.locator('[aria-current="step"]');
  assert.match(await current.textContent(), /Fase 4: LIA vastgesteld \(huidige fase\)/);

  // The evidence link and date of the stage indicator.
  const row = detail.getByRole('row', { name: /Fase van de lokale inclusieagenda \(LIA\)/ });
  assert.match(await row.textContent(), /4 · LIA vastgesteld — vastgesteld/);
  const link = row.getByRole('link', { name: /^bewijs voor Fase van de lokale inclusieagenda/ });
  assert.equal(await link.getAttribute('href'), 'https://example.org/lia.pdf');
  assert.match(await row.textContent(), /1 oktober 2026/);
  assert.match(await detail.getByRole('row', { name: /^Werk \d/ }).textContent(), /2 · Maatregelen lopen/);

  // Score with completeness, the parts, the history (chart with a text alternative) and the peers.
  assert.match(await detail.textContent(), /volledigheid \d+% van de indicatoren/);
  assert.ok(await detail.getByRole('img', { name: /Verloop van de score|score/ }).count() <= 1);
  assert.match(await detail.locator('.history-list').textContent(), /LIA document/);
  await detail.locator('.peers li button').first().waitFor();
  assert.match(await detail.locator('.peers li').first().textContent(), /buur|fase|afstand|km/);
  assert.equal(await detail.getByRole('link', { name: 'Stakeholderkaart van Utrecht' }).getAttribute('href'), '/stakeholders?code=GM0344');

  // Downloads of this municipality.
  const [csv] = await Promise.all([page.waitForEvent('download'), detail.getByRole('link', { name: 'Utrecht als CSV' }).click()]);
  const csvText = fs.readFileSync(await csv.path(), 'utf8');
  assert.match(csvText, /^\ufeff?code,name,/);
  assert.match(csvText, /GM0344,Utrecht,/);
  assert.match(csvText, /https:\/\/example\.org\/lia\.pdf/);
  assert.match(csvText, /Bron: CBS, Kadaster/);
  const geoLink = detail.getByRole('link', { name: 'Utrecht als GeoJSON' });
  await page.waitForFunction(() => document.getElementById('download-geojson')?.href?.startsWith('blob:'));
  const [geo] = await Promise.all([page.waitForEvent('download'), geoLink.click()]);
  const fc = JSON.parse(fs.readFileSync(await geo.path(), 'utf8'));
  assert.equal(fc.attribution, 'Bron: CBS, Kadaster');
  assert.equal(fc.features[0].id, 'GM0344');
  assert.equal(fc.features[0].properties.stage, 4);
  assert.ok(['Polygon', 'MultiPolygon'].includes(fc.features[0].geometry.type));

  await assertAxe(page, 'detail open');

  // Escape inside the panel closes it.
  await detail.getByRole('heading', { name: 'Utrecht' }).focus();
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('#detail').isVisible(), false);
  assertNoProblems(page);
});

test('switch metric and read the legend', async () => {
  const page = await openPage(browser, `${server.url}/`, { axe: true });
  await waitForColoured(page);
  // The stage is the default: it is what the public record supports best.
  assert.match(await page.textContent('#legend-heading'), /Legenda: Fase van de lokale inclusieagenda/);
  let c = await legendCounts(page);
  assert.equal(c.reduce((a, b) => a + b, 0), MUNICIPALITY_COUNT, 'classes plus unknown cover every municipality');

  await page.getByLabel('Kleur de kaart naar').selectOption('score');
  await page.waitForFunction(() => /Totaalscore/.test(document.getElementById('legend-heading').textContent));
  c = await legendCounts(page);
  assert.equal(c.reduce((a, b) => a + b, 0), MUNICIPALITY_COUNT, 'score classes plus unknown cover every municipality');
  await page.getByLabel('Kleur de kaart naar').selectOption('stage');
  await page.waitForFunction(() => /Fase van de lokale inclusieagenda/.test(document.getElementById('legend-heading').textContent));
  const labels = await page.$$eval('#legend li[data-class] .legend-label', (els) => els.map((e) => e.firstChild.textContent));
  assert.deepEqual(labels.slice(0, 6), ['1 Niet gestart', '2 Verkennend / op de agenda', '3 LIA in ontwikkeling', '4 LIA vastgesteld', '5 LIA in uitvoering', '6 Gemonitord en bijgesteld']);
  c = await legendCounts(page);
  const want = [1, 2, 3, 4, 5, 6].map((s) => list.filter((m) => m.stage === s).length);
  want.push(list.filter((m) => m.stage == null).length);
  assert.deepEqual(c, want, 'legend counts match the data');
  const summary = await page.textContent('#summary');
  assert.match(summary, /De kaart toont 342 gemeenten in Nederland, gekleurd naar fase/);
  assert.match(summary, new RegExp(`${want[6]} van de 342 gemeenten hebben geen waarde`));

  // The map colours follow the legend: Utrecht (stage 4 from the API test) has class 4's colour.
  const fill = await page.getAttribute('path[data-code="GM0344"]', 'fill');
  const swatch = await page.$eval('#legend li[data-class="3"] .swatch', (el) => el.style.background);
  const norm = (c) => page.evaluate((x) => { const ctx = document.createElement('canvas').getContext('2d'); ctx.fillStyle = x; return ctx.fillStyle; }, c);
  assert.equal(await norm(fill), await norm(swatch));
  const unknownCode = list.find((m) => m.stage == null).code;
  assert.equal(await page.getAttribute(`path[data-code="${unknownCode}"]`, 'fill'), 'url(#hatch)', 'unknown is hatched, not a colour');

  // A life domain: four levels plus unknown.
  await page.getByLabel('Kleur de kaart naar').selectOption('domain.work');
  await page.waitForFunction(() => /Leefdomein: Werk/.test(document.getElementById('legend-heading').textContent));
  await page.waitForFunction(() => !/geladen/.test(document.getElementById('summary').textContent), null, { timeout: 30_000 });
  c = await legendCounts(page);
  assert.equal(c.length, 5);
  assert.equal(c.reduce((a, b) => a + b, 0), MUNICIPALITY_COUNT);
  assert.ok(c[2] >= 1, 'Utrecht has work = 2');
  assert.match(await page.textContent('#legend'), /Maatregelen lopen/);

  // Stakeholder groups involved.
  await page.getByLabel('Kleur de kaart naar').selectOption('stakeholders');
  await page.waitForFunction(() => /belanghebbendengroepen/.test(document.getElementById('legend-heading').textContent));
  c = await legendCounts(page);
  assert.equal(c.reduce((a, b) => a + b, 0), MUNICIPALITY_COUNT);
  await assertAxe(page, 'metric switched');
  assertNoProblems(page);
});

test('compare three municipalities (from the search, the map and the table)', async () => {
  const page = await openPage(browser, `${server.url}/`, { axe: true });
  await waitForColoured(page);

  // 1. From the search.
  await page.getByRole('combobox', { name: 'Zoek een gemeente' }).fill('utrecht');
  await page.locator('#search-option-GM0344').click();
  await page.getByRole('button', { name: 'Toevoegen aan vergelijking' }).click();
  // 2. From the map.
  await page.getByRole('button', { name: 'Details sluiten' }).click();
  while (Number(await page.getAttribute('#map', 'data-zoom')) > 8) {
    await page.getByRole('button', { name: 'Uitzoomen' }).click();
    await page.waitForTimeout(150);
  }
  await waitForColoured(page);
  await clickMunicipality(page, 'GM0363');
  await page.getByRole('heading', { name: 'Amsterdam' }).waitFor();
  await page.getByRole('button', { name: 'Toevoegen aan vergelijking' }).click();
  // 3. From the table.
  await page.getByRole('button', { name: 'Tabel', exact: true }).click();
  await page.getByRole('checkbox', { name: 'Maastricht vergelijken' }).check();

  const tray = page.getByRole('region', { name: 'Vergelijking' });
  assert.deepEqual(await tray.locator('.chip > span').allTextContents(), ['Utrecht', 'Amsterdam', 'Maastricht']);
  await tray.getByRole('button', { name: 'Vergelijk 3 gemeenten' }).click();

  const table = page.getByRole('table', { name: /Vergelijking met de mediaan/ });
  await table.waitFor();
  const heads = await table.locator('thead th').allTextContents();
  assert.deepEqual(heads, ['Utrecht', 'Amsterdam', 'Maastricht', 'Mediaan Utrecht', 'Mediaan Noord-Holland', 'Mediaan Limburg', 'Mediaan Nederland']);
  const stageRow = await table.getByRole('row', { name: /^Fase/ }).first().textContent();
  assert.match(stageRow, /4 · LIA vastgesteld/);
  const scoreRow = await table.getByRole('row', { name: /^Score/ }).textContent();
  assert.match(scoreRow, /gemeenten met score/);
  assert.ok(page.url().includes('compare=GM0344,GM0363,GM0935'), page.url());
  await assertAxe(page, 'compare view');

  // Remove one: the table follows.
  await tray.getByRole('button', { name: 'Amsterdam uit vergelijking halen' }).click();
  await page.waitForFunction(() => document.querySelectorAll('#compare-table thead th').length === 5);
  assertNoProblems(page);
});

test('open the table, sort, download CSV of what is shown', async () => {
  const page = await openPage(browser, `${server.url}/`, { axe: true });
  await waitForColoured(page);
  await page.getByRole('button', { name: 'Tabel', exact: true }).click();
  const table = page.locator('#municipalities-table');
  await table.waitFor();
  assert.equal(await table.locator('tbody tr').count(), MUNICIPALITY_COUNT);
  assert.match(await table.locator('caption').textContent(), /342 gemeenten/);

  // Sort by score: first click sorts descending (highest first), unknown last.
  await table.getByRole('button', { name: 'Score' }).click();
  assert.equal(await table.locator('th[aria-sort]').getAttribute('aria-sort'), 'descending');
  const scored = list.filter((m) => !m.insufficient_data && m.score != null).sort((a, b) => b.score - a.score || collator.compare(a.name, b.name));
  const firstNames = await table.locator('tbody tr th').evaluateAll((els) => els.slice(0, 3).map((e) => e.textContent.trim()));
  assert.deepEqual(firstNames, scored.slice(0, 3).map((m) => m.name));
  assert.equal(await page.evaluate(() => document.activeElement.dataset.col), 'score', 'focus stays on the sort button');
  await page.keyboard.press('Enter');
  assert.equal(await table.locator('th[aria-sort]').getAttribute('aria-sort'), 'ascending');

  // Filter to one province: the table, caption and CSV follow.
  await page.getByLabel('Provincie', { exact: true }).selectOption({ label: 'Zeeland' });
  const zeeland = list.filter((m) => m.province_name === 'Zeeland');
  await page.waitForFunction((n) => document.querySelectorAll('#municipalities-table tbody tr').length === n, zeeland.length);
  const shown = await table.locator('tbody tr th').allTextContents();
  // The download is the server's CSV of the same rows (one dialect, every column; see downloads.test.mjs).
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download deze tabel als CSV' }).click()]);
  const csv = fs.readFileSync(await dl.path(), 'utf8').trim().split(/\r?\n/);
  assert.ok(csv[0].startsWith('code,name,province_code,province_name,') && csv[0].endsWith(',license,attribution'), csv[0]);
  assert.equal(csv.length - 1, zeeland.length, 'one CSV row per shown row');
  const codes = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.dataset.code).sort());
  assert.deepEqual(csv.slice(1).map((l) => l.split(',')[0]).sort(), codes, 'the same rows');
  assert.equal(shown.length, zeeland.length);
  assert.ok(page.url().includes('view=table') && page.url().includes('province=PV29') && page.url().includes('sort=score.asc'), page.url());
  await assertAxe(page, 'table view');

  await page.getByRole('button', { name: 'Provincies', exact: true }).click();
  const prov = page.getByRole('table', { name: /Verdeling van de fasen/ });
  await prov.waitFor();
  assert.equal(await prov.locator('tbody tr').count(), 13, '12 provinces and the total');
  await assertAxe(page, 'province view');
  assertNoProblems(page);
});

test('restore a shared URL; back and forward work', async () => {
  const url = `${server.url}/?metric=score&province=PV26&view=table&sel=GM0344&compare=GM0344,GM0363&sort=score.desc&map=9/52.09/5.12`;
  const page = await openPage(browser, url);
  await waitForColoured(page);
  assert.equal(await page.getByLabel('Kleur de kaart naar').inputValue(), 'score');
  assert.equal(await page.getByLabel('Provincie', { exact: true }).inputValue(), 'PV26');
  assert.equal(await page.getByRole('button', { name: 'Tabel', exact: true }).getAttribute('aria-pressed'), 'true');
  await page.getByRole('heading', { name: 'Utrecht', level: 2 }).waitFor();
  assert.deepEqual(await page.locator('.chip > span').allTextContents(), ['Utrecht', 'Amsterdam']);
  assert.equal(await page.locator('#municipalities-table th[aria-sort]').getAttribute('aria-sort'), 'descending');
  const utrechtCount = list.filter((m) => m.province_code === 'PV26').length;
  assert.equal(await page.locator('#municipalities-table tbody tr').count(), utrechtCount);
  assert.equal(await mapZoom(page), 9);

  // Change the view, then go back and forward.
  await page.getByRole('button', { name: 'Kaart', exact: true }).click();
  await page.getByLabel('Kleur de kaart naar').selectOption('stage');
  assert.ok(!page.url().includes('metric='), 'the default metric (stage) is left out of the URL');
  await page.goBack();
  await page.waitForFunction(() => document.getElementById('metric').value === 'score');
  assert.equal(await page.getByRole('button', { name: 'Kaart', exact: true }).getAttribute('aria-pressed'), 'true');
  await page.goBack();
  await page.waitForFunction(() => !document.getElementById('view-table').hidden);
  await page.goForward();
  await page.waitForFunction(() => document.getElementById('view-table').hidden && !document.getElementById('view-map').hidden);
  assertNoProblems(page);
});

test('walk ten municipalities by keyboard only and hear each in the live region', async () => {
  const page = await openPage(browser, `${server.url}/`, { axe: true });
  await waitForColoured(page);
  await page.keyboard.press('Tab'); // skip link
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'map');
  assert.equal(await page.getAttribute('#map', 'tabindex'), '0');

  // The focus outline on the map is at least 3:1 against the page.
  const outline = await page.$eval('#map', (el) => ({ style: getComputedStyle(el).outlineStyle, width: parseFloat(getComputedStyle(el).outlineWidth), color: getComputedStyle(el).outlineColor }));
  assert.notEqual(outline.style, 'none');
  assert.ok(outline.width >= 2);

  const order = readingOrder(list);
  const expect = (m) => {
    const stage = m.stage != null ? `fase ${m.stage}` : 'fase onbekend';
    const fmt = (v) => new Intl.NumberFormat('nl-NL', { maximumFractionDigits: 0 }).format(v);
    const score = m.score == null ? 'score onbekend' : m.insufficient_data ? `score ${fmt(m.score)} (onvoldoende gegevens)` : `score ${fmt(m.score)}`;
    return `${m.name}, provincie ${m.province_name}, ${stage}, ${score}`;
  };
  for (let i = 0; i < 10; i++) {
    await page.keyboard.press('ArrowDown');
    const want = expect(order[i]);
    await page.waitForFunction((w) => document.getElementById('announcer').textContent === w, want, { timeout: 5000 })
      .catch(async () => assert.fail(`step ${i + 1}: announcer "${await page.textContent('#announcer')}", want "${want}"`));
    assert.equal(await page.getAttribute('#map', 'data-focus'), order[i].code);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'map', 'focus stays on the map (one tab stop)');
  }
  // The label shows the focused municipality; Escape closes it.
  assert.equal(await page.textContent('.map-label-title'), order[9].name);
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('.map-label').isVisible(), false);
  // ArrowUp goes back.
  await page.keyboard.press('ArrowUp');
  await page.waitForFunction((w) => document.getElementById('announcer').textContent === w, expect(order[8]));
  // Enter opens the detail with focus on its heading; Escape returns to the map.
  await page.keyboard.press('Enter');
  await page.waitForFunction((n) => document.activeElement.id === 'detail-name' && document.activeElement.textContent === n, order[8].name);
  await assertAxe(page, 'keyboard walk, detail open');
  await page.keyboard.press('Escape');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'map');
  assertNoProblems(page);
});

test('switch to English: the whole page, the legend, the summary and the detail', async () => {
  const page = await openPage(browser, `${server.url}/?sel=GM0344`, { axe: true });
  await waitForColoured(page);
  await page.getByRole('heading', { name: 'Utrecht', level: 2 }).waitFor();
  await page.locator('#detail').getByText('LIA document').first().waitFor();
  await page.getByRole('button', { name: 'English' }).click();
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.match(await page.textContent('#legend-heading'), /Legend: Stage of the local inclusion agenda/);
  assert.match(await page.textContent('#summary'), /^The map shows 342 municipalities in the Netherlands/);
  assert.match(await page.textContent('#detail'), /Stage 4: LIA adopted \(current stage\)/);
  assert.match(await page.textContent('#detail'), /province of Utrecht/);
  assert.equal(await page.getByRole('link', { name: 'Stakeholder map', exact: true }).getAttribute('href'), '/stakeholders');
  await page.getByLabel('Colour the map by').selectOption('stage');
  assert.match(await page.textContent('#legend'), /LIA being carried out/);
  await assertAxe(page, 'English with detail');
  await page.getByRole('button', { name: 'Table', exact: true }).click();
  await page.locator('#municipalities-table').waitFor();
  assert.match(await page.textContent('#municipalities-table caption'), /342 municipalities/);
  await assertAxe(page, 'English table');
  assertNoProblems(page);
});
