// time.test.mjs: the time view of the map page in Chromium — the date of the
// view (a native date control with label, min and max; the map, legend and
// table show the statuses of that day; the day in the URL, restored on load
// and on back/forward), the "changes" view (a captioned table reachable by
// URL and keyboard, with a spoken summary) and the history player (steps and
// Play/Pause with an announced day; no Play at all under
// prefers-reduced-motion). The server runs with demo assessments on top of
// the shipped public record, so there is a history and there are changes in
// the last twelve months.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPO, assertNoProblems, binary, boundaryData, formatViolations, openPage, runAxe, setup, waitForColoured } from './harness.mjs';

const ctx = setup({ demo: true });

async function api(path) {
  const res = await fetch(`${ctx.server.url}${path}`);
  assert.equal(res.status, 200, `${path}: HTTP ${res.status}`);
  return res.json();
}

/** stageCounts counts municipalities per stage (1–6) in a list from the API. */
function stageCounts(list) {
  const out = [0, 0, 0, 0, 0, 0];
  for (const it of list) if (it.stage != null) out[it.stage - 1]++;
  return out;
}

/** legendCounts reads the counts of the six stage classes from the page's legend. */
async function legendCounts(page) {
  return page.evaluate(() => [0, 1, 2, 3, 4, 5].map((i) => Number(/\d+/.exec(document.querySelector(`#legend li[data-class="${i}"] .legend-count`)?.textContent ?? '')?.[0] ?? NaN)));
}

/** statusSays waits until the history player's live region mentions text. */
async function statusSays(page, text) {
  await page.waitForFunction((t) => document.getElementById('history-status')?.textContent.includes(t), text, { timeout: 20_000 });
}

async function noHorizontalScroll(page, what) {
  const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  assert.ok(scroll <= client, `${what}: page scrolls sideways (${scroll} > ${client} px)`);
}

async function noAxeViolations(page, what) {
  const violations = await runAxe(page);
  assert.equal(violations.length, 0, `${what}:\n${formatViolations(violations)}`);
}

test('the date control offers every day from the first assessment to today and colours the map as it was on the chosen day', async () => {
  const range = await api('/api/timeline');
  assert.match(range.first_date, /^\d{4}-\d{2}-\d{2}$/);
  const day = '2020-06-30';
  const then = await api(`/api/municipalities?date=${day}`);
  const now = await api('/api/municipalities');
  assert.notDeepEqual(stageCounts(then), stageCounts(now), 'the fixture has no history: the test could not fail');

  const page = await openPage(ctx.browser, `${ctx.server.url}/`);
  await waitForColoured(page);
  const input = page.locator('#view-date');
  assert.equal(await input.getAttribute('type'), 'date');
  assert.equal(await page.locator('label[for="view-date"]').textContent(), 'Stand op datum');
  assert.equal(await input.getAttribute('min'), range.first_date);
  assert.equal(await input.getAttribute('max'), range.today);
  assert.equal(await input.inputValue(), range.today, 'without a date the control shows today');
  assert.match(await page.textContent('#view-date-hint'), /Grenzen van 2025/);
  assert.deepEqual(await legendCounts(page), stageCounts(now), 'the legend counts today\'s stages');

  await input.fill(day);
  await statusSays(page, '30 juni 2020');
  assert.match(page.url(), /[?&]date=2020-06-30(&|$)/, 'the day is in the address');
  assert.deepEqual(await legendCounts(page), stageCounts(then), 'the legend counts the stages of 30 June 2020');
  // A municipality unknown then and known now is hatched on the map.
  const code = then.find((it) => it.stage == null && now.find((n) => n.code === it.code)?.stage != null)?.code;
  assert.ok(code, 'no municipality was assessed after 2020-06-30');
  assert.equal(await page.getAttribute(`path[data-code="${code}"]`, 'fill'), 'url(#hatch)');
  // The table shows the same day.
  await page.click('.view-switch button[data-view="table"]');
  // The table's module loads on first use: wait for the row, as a reader would.
  await page.waitForSelector(`#municipalities-table tr[data-code="${code}"]`);
  const rowStage = await page.evaluate((c) => document.querySelector(`#municipalities-table tr[data-code="${c}"]`)?.textContent ?? '', code);
  assert.match(rowStage, /Onbekend|onbekend/, `table row of ${code} on 2020-06-30: ${rowStage}`);
  await page.click('.view-switch button[data-view="map"]');

  // Back to today.
  await page.click('#view-date-today');
  await statusSays(page, 'stand van vandaag');
  assert.doesNotMatch(page.url(), /date=/);
  assert.deepEqual(await legendCounts(page), stageCounts(now));
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'view-date', 'focus returns to the date control');

  // A day outside the range is refused with a message, and nothing changes.
  await input.fill('1999-01-01');
  await page.waitForSelector('#view-date-error:not([hidden])');
  assert.equal(await input.getAttribute('aria-invalid'), 'true');
  assert.doesNotMatch(page.url(), /date=/);
  assertNoProblems(page);
  await page.context().close();
});

test('the date travels in the URL: a link opens on that day and back/forward restore it', async () => {
  const page = await openPage(ctx.browser, `${ctx.server.url}/?date=2019-12-31&view=table`);
  await waitForColoured(page);
  await statusSays(page, '31 december 2019');
  assert.equal(await page.inputValue('#view-date'), '2019-12-31');
  const then = await api('/api/municipalities?date=2019-12-31');
  assert.equal(await page.locator('#municipalities-table tbody tr').count(), then.length);

  await page.click('.view-switch button[data-view="map"]');
  await page.fill('#view-date', '2022-03-15');
  await statusSays(page, '15 maart 2022');
  assert.match(page.url(), /date=2022-03-15/);

  await page.goBack();
  await statusSays(page, '31 december 2019');
  assert.equal(await page.inputValue('#view-date'), '2019-12-31');
  assert.deepEqual(await legendCounts(page), stageCounts(then));
  await page.goForward();
  await statusSays(page, '15 maart 2022');
  assert.equal(await page.inputValue('#view-date'), '2022-03-15');

  // A link with a day the data does not cover opens on today, quietly.
  const old = await openPage(ctx.browser, `${ctx.server.url}/?date=1990-01-01`);
  await waitForColoured(old);
  await statusSays(old, 'stand van vandaag');
  assert.doesNotMatch(old.url(), /date=/);
  assertNoProblems(old);
  await old.context().close();
  assertNoProblems(page);
  await page.context().close();
});

test('the changes view lists the moves of stage of the last twelve months, reachable by URL and keyboard', async () => {
  const data = await api('/api/changes');
  assert.ok(data.changes.length > 0, 'the demo data has no changes in the last twelve months');
  const page = await openPage(ctx.browser, `${ctx.server.url}/?view=changes`);
  await waitForColoured(page);
  await page.waitForSelector('#changes-table');
  assert.equal(await page.getAttribute('.view-switch button[data-view="changes"]', 'aria-pressed'), 'true');
  assert.equal(await page.locator('#changes-table tbody tr').count(), data.changes.length);
  assert.match(await page.textContent('#changes-table caption'), /Veranderingen in fase van .* tot en met .*, nieuwste eerst/);
  const headers = await page.locator('#changes-table thead th').allTextContents();
  assert.deepEqual(headers, ['Datum', 'Gemeente', 'Provincie', 'Van fase', 'Naar fase', 'Richting', 'Bron']);
  await page.waitForFunction(() => /\d+ veranderingen? van .* omhoog, \d+ omlaag\./.test(document.getElementById('changes-status')?.textContent ?? ''));
  assert.equal(await page.getAttribute('#changes-status', 'role'), 'status');
  // The first row is the newest change, with from → to and the source.
  const first = data.changes[0];
  const cells = await page.locator('#changes-table tbody tr').first().locator('th, td').allTextContents();
  assert.match(cells[1], new RegExp(first.name));
  assert.match(cells[3], new RegExp(`^${first.from_stage} `));
  assert.match(cells[4], new RegExp(`^${first.to_stage} `));
  assert.match(cells[5], first.direction === 'up' ? /omhoog/ : /omlaag/);
  assert.match(cells[6], /Voorbeeldgegevens|Publieke|bron/i);
  assert.equal(await page.getAttribute('#changes-download', 'href'), `/api/changes.csv?since=${data.since}&until=${data.until}`);

  // Keyboard: a municipality's name opens its details.
  const button = page.locator('#changes-table tbody tr').first().locator('button.link-button');
  await button.focus();
  await page.keyboard.press('Enter');
  await page.waitForSelector('#detail:not([hidden])');
  await page.waitForFunction((n) => document.getElementById('detail-name').textContent.includes(n), first.name);

  // Another period: the form, then the URL; back restores the twelve months.
  await page.fill('#changes-since', '2016-01-01');
  await page.fill('#changes-until', '2019-12-31');
  await page.click('.changes-period button[type="submit"]');
  await page.waitForFunction(() => /1 januari 2016 tot en met 31 december 2019/.test(document.getElementById('changes-status')?.textContent ?? ''));
  assert.match(page.url(), /since=2016-01-01/);
  assert.match(page.url(), /until=2019-12-31/);
  const older = await api('/api/changes?since=2016-01-01&until=2019-12-31');
  assert.equal(await page.locator('#changes-table tbody tr').count(), older.changes.length);
  // A period that ends before it starts is refused with a message.
  await page.fill('#changes-since', '2020-01-01');
  await page.fill('#changes-until', '2019-01-01');
  await page.click('.changes-period button[type="submit"]');
  await page.waitForSelector('#changes-error:not([hidden])');
  assert.equal(await page.getAttribute('#changes-since', 'aria-invalid'), 'true');
  await page.goBack(); // the detail opened above
  await page.goBack();
  await page.waitForFunction((n) => document.querySelectorAll('#changes-table tbody tr').length === n && !/since=/.test(location.search), data.changes.length);
  assertNoProblems(page);
  await page.context().close();
});

test('the history player steps through the years and announces the day; with reduced motion there is no Play', async () => {
  const range = await api('/api/timeline');
  const lastYearEnd = `${Number(range.today.slice(0, 4)) - 1}-12-31`;
  const page = await openPage(ctx.browser, `${ctx.server.url}/`, { reducedMotion: 'reduce' });
  await waitForColoured(page);
  await page.waitForSelector('#history:not([hidden])');
  assert.equal(await page.getAttribute('#history-status', 'aria-live'), 'polite');
  assert.equal(await page.isVisible('#history-play'), false, 'Play is offered although the device asks for reduced motion');
  assert.equal(await page.isVisible('#history-motion-note'), true);
  assert.equal(await page.getAttribute('#history-next', 'aria-disabled'), 'true', 'today is the last step');

  await page.click('#history-prev');
  await statusSays(page, `31 december ${lastYearEnd.slice(0, 4)}`);
  assert.match(page.url(), new RegExp(`date=${lastYearEnd}`));
  assert.equal(await page.inputValue('#view-date'), lastYearEnd, 'the date control follows the player');
  await page.keyboard.press('Enter'); // focus stayed on the button: step once more
  await statusSays(page, `31 december ${Number(lastYearEnd.slice(0, 4)) - 1}`);
  await page.click('#history-next');
  await statusSays(page, `31 december ${lastYearEnd.slice(0, 4)}`);
  await page.click('#history-next');
  await statusSays(page, 'stand van vandaag');
  assertNoProblems(page);
  await page.context().close();
});

test('Play steps through the years only when asked, pauses, and stops when reduced motion is switched on', async () => {
  const range = await api('/api/timeline');
  const firstYear = range.first_date.slice(0, 4);
  const page = await openPage(ctx.browser, `${ctx.server.url}/`, { reducedMotion: 'no-preference', axe: true });
  await waitForColoured(page);
  await page.waitForSelector('#history-play:visible');
  await noAxeViolations(page, 'history player with Play');
  assert.equal(await page.isVisible('#history-motion-note'), false);
  // Nothing plays by itself.
  assert.equal(await page.getAttribute('#history', 'data-playing'), 'false');
  assert.match(await page.textContent('#history-play'), /Afspelen/);
  assert.doesNotMatch(page.url(), /date=/);

  await page.click('#history-play');
  assert.equal(await page.getAttribute('#history', 'data-playing'), 'true');
  assert.match(await page.textContent('#history-play'), /Pauzeren/);
  await statusSays(page, `31 december ${firstYear}`); // from today, play starts at the first year
  await statusSays(page, `31 december ${Number(firstYear) + 1}`);
  await page.click('#history-play');
  assert.equal(await page.getAttribute('#history', 'data-playing'), 'false');
  assert.match(await page.textContent('#history-play'), /Afspelen/);
  await page.waitForFunction(() => !document.getElementById('map').hasAttribute('aria-busy'));
  assert.match(page.url(), /date=\d{4}-12-31/, 'the shown day is in the address after a pause');

  // Play again, then the device asks for reduced motion: playing stops and Play goes.
  await page.click('#history-play');
  assert.equal(await page.getAttribute('#history', 'data-playing'), 'true');
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.waitForSelector('#history-play', { state: 'hidden' });
  await page.waitForSelector('#history-motion-note', { state: 'visible' });
  assert.equal(await page.getAttribute('#history', 'data-playing'), 'false');
  assertNoProblems(page);
  await page.context().close();
});

for (const width of [320, 1280]) {
  test(`a dated map and the changes view have no axe violations and no sideways scroll at ${width} px`, async () => {
    const page = await openPage(ctx.browser, `${ctx.server.url}/?date=2021-06-30`, { width, axe: true });
    await waitForColoured(page);
    await statusSays(page, '30 juni 2021');
    await noHorizontalScroll(page, `dated map at ${width} px`);
    await noAxeViolations(page, `dated map at ${width} px`);

    await page.click('.view-switch button[data-view="changes"]');
    await page.waitForSelector('#changes-table');
    await page.waitForFunction(() => (document.getElementById('changes-status')?.textContent ?? '') !== '');
    await noHorizontalScroll(page, `changes view at ${width} px`);
    await noAxeViolations(page, `changes view at ${width} px`);
    assert.match(page.url(), /view=changes/);
    assert.match(page.url(), /date=2021-06-30/, 'the date stays in the address in the changes view');
    assertNoProblems(page);
    await page.context().close();
  });
}

// Last: it adds a boundary year to the server's database.
test('a day of an older boundary year draws that year\'s municipalities, and today the newest again', async (t) => {
  if (!ctx.server.db) {
    t.skip('needs a server started by startServer (not INCLUSIEKAART_URL)');
    return;
  }
  // The 2024 fixture holds 21 municipalities (testdata/README.md).
  await promisify(execFile)(binary(), ['import', 'boundaries', '--db', ctx.server.db, '--level', 'municipality', '--year', '2024',
    path.join(boundaryData(), 'gemeente_2024.geojson')], { cwd: REPO, timeout: 120_000 });
  for (let i = 0; i < 50 && !(await api('/api/timeline')).years.includes(2024); i++) await new Promise((r) => setTimeout(r, 200));
  assert.deepEqual((await api('/api/timeline')).years, [2025, 2024]);

  const page = await openPage(ctx.browser, `${ctx.server.url}/?date=2024-06-30`);
  await statusSays(page, '30 juni 2024 (grenzen van 2024)');
  await page.waitForFunction(() => document.querySelectorAll('path.municipality').length === 21 && !document.getElementById('map').hasAttribute('aria-busy'), null, { timeout: 20_000 });
  assert.match(await page.textContent('#view-date-hint'), /Grenzen van 2024/);
  assert.equal(await page.locator('#legend li[data-class] .legend-count').evaluateAll((els) => els.reduce((n, el) => n + Number(/\d+/.exec(el.textContent)[0]), 0)), 21,
    'the legend counts the 21 municipalities of 2024');

  await page.click('#view-date-today');
  await statusSays(page, 'stand van vandaag');
  await waitForColoured(page);
  assert.match(await page.textContent('#view-date-hint'), /Grenzen van 2025/);
  assertNoProblems(page);
  await page.context().close();
});
