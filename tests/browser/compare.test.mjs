// compare.test.mjs: up to 6 municipalities beside the province and national
// medians, as a chart (bars with their numbers as text, medians hatched and
// named, each measure one keyboard stop) and as a table with the same
// numbers whose national-median column stays in view at 320 and 1280 px,
// with no sideways scroll of the page and no axe violations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, openPage, waitForColoured, assertNoProblems, runAxe, formatViolations } from './harness.mjs';

const ctx = setup({ demo: true });
const CODES = ['GM0363', 'GM0344', 'GM0014', 'GM0193', 'GM1900', 'GM0935'];

for (const width of [320, 1280]) {
  test(`compare 6 municipalities with the medians at ${width} px`, async () => {
    const api = await (await fetch(`${ctx.server.url}/api/compare?codes=${CODES.join(',')}`)).json();
    const page = await openPage(ctx.browser, `${ctx.server.url}/?view=compare&compare=${CODES.join(',')}`, { width, height: 800, axe: true });
    await waitForColoured(page);
    const chart = page.locator('#compare-chart');
    await chart.waitFor();

    // The chart: one group per measure (score and each part), 6 municipalities,
    // their provinces' medians and the national median in each, every value as text.
    const groups = chart.locator('.cmp-measure');
    const nGroups = await groups.count();
    assert.ok(nGroups >= 2, `${nGroups} measures`);
    const provinces = new Set(api.municipalities.map((m) => m.province_code)).size;
    const score = groups.first();
    assert.equal(await score.locator('.cmp-row').count(), CODES.length + provinces + 1);
    const fmt = new Intl.NumberFormat('nl-NL', { maximumFractionDigits: 1 });
    const natRow = score.locator('.cmp-row.national');
    assert.equal(await natRow.locator('.cmp-name').textContent(), 'Mediaan Nederland');
    assert.equal(await natRow.locator('.cmp-value').textContent(), fmt.format(api.medians.national.score));
    assert.ok(await natRow.locator('.cmp-fill').count() === 1, 'the national median has a bar');
    assert.equal(await score.locator('.cmp-row.municipality .cmp-national-mark').count(), api.municipalities.filter((m) => m.score != null).length,
      'the national median is marked on every municipality bar');

    // Each measure is reached with Tab and named by its heading.
    await page.getByRole('button', { name: /Vergelijken/ }).focus();
    let reached = null;
    for (let i = 0; i < 60 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => (document.activeElement.classList.contains('cmp-measure') ? document.activeElement.getAttribute('aria-labelledby') : null));
    }
    assert.equal(reached, 'cmp-measure-0', 'Tab reaches the first measure of the chart');
    assert.match(await page.locator('#cmp-measure-0').textContent(), /^Score/);
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-labelledby')), 'cmp-measure-1', 'the next Tab reaches the next measure');

    // The table holds the same numbers as the chart.
    const table = page.locator('#compare-table');
    const headers = await table.locator('thead th').allTextContents();
    assert.equal(headers.at(-1), 'Mediaan Nederland', 'the national median is the last column');
    const scoreRow = table.locator('tbody tr', { has: page.locator('th', { hasText: /^Score$/ }) });
    const cells = await scoreRow.locator('td').allTextContents();
    const chartValues = await score.locator('.cmp-row .cmp-value').allTextContents();
    // (the table adds notes in brackets: "36 (onvoldoende gegevens)", "32,3 (146 gemeenten met score)")
    const same = (cell, v) => cell === v || cell.startsWith(`${v} (`);
    for (let i = 0; i < CODES.length; i++) assert.ok(same(cells[i], chartValues[i]), `score of ${headers[i]}: table ${cells[i]}, chart ${chartValues[i]}`);
    assert.ok(same(cells.at(-1), chartValues.at(-1)), `national median: table ${cells.at(-1)}, chart ${chartValues.at(-1)}`);
    // The visible part of the scrolled table shows more than the two sticky columns.


    // The national column stays in view, also with the table scrolled sideways.
    const wrap = page.locator('.compare-wrap');
    await wrap.evaluate((el) => { el.scrollLeft = el.scrollWidth / 2; });
    const nat = await table.locator('thead th.national-col').boundingBox();
    const wrapBox = await wrap.boundingBox();
    assert.ok(nat.x >= wrapBox.x - 1 && nat.x + nat.width <= wrapBox.x + wrapBox.width + 1 && nat.x + nat.width <= width,
      `national column at ${nat.x}..${nat.x + nat.width}, table box ${wrapBox.x}..${wrapBox.x + wrapBox.width}`);
    const rowHead = await scoreRow.locator('th').boundingBox();
    assert.ok(rowHead.x >= wrapBox.x - 1, 'the row name stays in view');

    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow} px`);
    const violations = await runAxe(page);
    assert.deepEqual(violations, [], formatViolations(violations));
    assertNoProblems(page);
  });
}
