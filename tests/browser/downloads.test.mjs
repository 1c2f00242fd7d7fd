// downloads.test.mjs: the page's CSV downloads are links to the server's CSV
// (one implementation, one dialect): the table's link carries the view's
// year and province and gives exactly the table's rows; the municipality's
// link gives its row with every indicator's evidence; each has an Excel-NL
// twin (BOM, semicolon). Every file carries demo, basis, licence and
// attribution and names each column once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, openPage, waitForColoured, assertNoProblems, runAxe, formatViolations } from './harness.mjs';

const ctx = setup({ demo: true });

/** parse reads simple CSV text (quoted cells allowed) with separator sep. */
function parse(text, sep) {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === sep) { row.push(cell); cell = ''; } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell); rows.push(row); row = []; cell = '';
    } else cell += c;
  }
  if (cell || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

function checkColumns(what, header) {
  assert.equal(new Set(header).size, header.length, `${what}: a column twice in ${header}`);
  for (const c of ['code', 'demo', 'basis', 'license', 'attribution']) assert.ok(header.includes(c), `${what}: no ${c} column`);
}

async function fetchText(page, href) {
  const res = await page.request.get(new URL(href, ctx.server.url).href);
  assert.equal(res.status(), 200, href);
  assert.match(res.headers()['content-type'], /^text\/csv/);
  return { text: (await res.body()).toString('utf8'), disposition: res.headers()['content-disposition'] };
}

test('the table links to the server CSV of the same rows, in both dialects', async () => {
  const page = await openPage(ctx.browser, `${ctx.server.url}/?view=table&province=PV26`, { axe: true });
  await waitForColoured(page);
  await page.locator('#municipalities-table tbody tr').first().waitFor();
  const link = page.getByRole('link', { name: 'Download deze tabel als CSV' });
  const excel = page.getByRole('link', { name: 'CSV voor Excel (Nederlands)' });
  assert.equal(await link.getAttribute('href'), '/api/municipalities.csv?year=2025&province=PV26');
  assert.equal(await excel.getAttribute('href'), '/api/municipalities.csv?year=2025&province=PV26&dialect=excel-nl');

  const shown = await page.$$eval('#municipalities-table tbody tr', (trs) => trs.map((tr) => tr.dataset.code).sort());
  const std = await fetchText(page, await link.getAttribute('href'));
  assert.ok(!std.text.startsWith('\ufeff'), 'standard CSV without BOM');
  const rows = parse(std.text, ',');
  checkColumns('table CSV', rows[0]);
  assert.deepEqual(rows.slice(1).map((r) => r[0]).sort(), shown, 'the CSV holds exactly the table rows');
  const demo = rows[0].indexOf('demo');
  assert.ok(rows.slice(1).every((r) => r[demo] === 'true' || r[demo] === 'false'), 'every row says whether it is demo');
  assert.ok(rows.slice(1).some((r) => r[demo] === 'true'), 'the demo rows say so');

  const nl = await fetchText(page, await excel.getAttribute('href'));
  assert.ok(nl.text.startsWith('\ufeff'), 'Excel-NL CSV starts with a BOM');
  assert.match(nl.disposition, /-excel-nl\.csv"/);
  const nlRows = parse(nl.text.slice(1), ';');
  assert.deepEqual(nlRows[0], rows[0], 'same columns in both dialects');
  const score = rows[0].indexOf('score');
  const withDecimal = rows.findIndex((r, i) => i > 0 && /\./.test(r[score]));
  assert.ok(withDecimal > 0, 'a score with decimals to compare');
  assert.equal(nlRows[withDecimal][score], rows[withDecimal][score].replace('.', ','));

  // Following the link downloads the file under the server's name.
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  assert.equal(download.suggestedFilename(), 'inclusiekaart-gemeenten-2025.csv');

  const violations = await runAxe(page);
  assert.deepEqual(violations, [], formatViolations(violations));
  assertNoProblems(page);
});

test("a municipality's CSV is the server's row with every indicator's evidence", async () => {
  const page = await openPage(ctx.browser, `${ctx.server.url}/?sel=GM0344`);
  await waitForColoured(page);
  const link = page.locator('#download-csv');
  await link.waitFor();
  assert.equal(await link.getAttribute('href'), '/api/municipalities/GM0344.csv?year=2025');
  assert.equal(await page.locator('#download-csv-excel').getAttribute('href'), '/api/municipalities/GM0344.csv?year=2025&dialect=excel-nl');
  const rows = parse((await fetchText(page, await link.getAttribute('href'))).text, ',');
  checkColumns('municipality CSV', rows[0]);
  assert.equal(rows.length, 2);
  assert.equal(rows[1][0], 'GM0344');
  assert.equal(rows[0].filter((c) => c === 'stage').length, 1, 'stage once');
  assert.ok(rows[0].includes('stage.evidence') && rows[0].includes('domain.work.evidence'));
  const nl = await fetchText(page, await page.locator('#download-csv-excel').getAttribute('href'));
  assert.ok(nl.text.startsWith('\ufeff'));
  assert.deepEqual(parse(nl.text.slice(1), ';')[0], rows[0]);
  assertNoProblems(page);
});
