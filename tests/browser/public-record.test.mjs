// public-record.test.mjs: without --demo the page shows the shipped public
// record: no demo banner, a municipality with a source shows its links and
// dates, one without reads "geen openbare bron gevonden" with an invitation,
// the legend states the coverage, and axe-core finds nothing in either state.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openPage, waitForColoured, runAxe, formatViolations, assertNoProblems, MUNICIPALITY_COUNT } from './harness.mjs';

const MAIL = 'redactie@example.org';
let server;
let browser;
let list;
before(async () => {
  server = await startServer({ args: ['--corrections-mailto', MAIL] });
  browser = await launchBrowser();
  list = await (await fetch(`${server.url}/api/municipalities`)).json();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

function assertNoViolations(violations, state) {
  assert.equal(violations.length, 0, `axe-core violations (${state}):\n${formatViolations(violations)}`);
}

test('the public record is the default content: no demo, coverage in the legend', async () => {
  const cited = list.filter((m) => m.basis === 'public_record');
  assert.ok(cited.length >= 100, `${cited.length} municipalities with a public source`);
  assert.ok(list.every((m) => m.demo === false), 'no demo data without --demo');
  const page = await openPage(browser, `${server.url}/`, { axe: true });
  await waitForColoured(page);
  assert.equal(await page.locator('#demo-banner').isVisible(), false, 'no demo banner');
  const coverage = await page.locator('#legend-coverage').textContent();
  assert.match(coverage, new RegExp(`^${cited.length} van ${MUNICIPALITY_COUNT} gemeenten met openbare bron \\(\\d{4}–\\d{4}\\)\\. Per fase: `));
  assert.match(await page.locator('#summary').textContent(), /gemeenten met openbare bron/);
  assertNoViolations(await runAxe(page), 'map with the public record');

  // The table marks every row with where its values come from.
  await page.getByRole('button', { name: 'Tabel', exact: true }).click();
  const withSource = cited[0];
  const without = list.find((x) => x.basis == null);
  const cellOf = async (code) => page.locator(`#municipalities-table tr[data-code="${code}"] td`).nth(5).textContent();
  assert.match(await cellOf(withSource.code), new RegExp(`^Openbare bron \\(${withSource.source_date.slice(0, 4)}`));
  assert.equal(await cellOf(without.code), 'geen openbare bron');
  assertNoProblems(page);
});

test('a municipality with a source shows each source as a link with its date', async () => {
  const m = list.find((x) => x.basis === 'public_record' && x.stage != null);
  const detail = await (await fetch(`${server.url}/api/municipalities/${m.code}`)).json();
  const page = await openPage(browser, `${server.url}/?sel=${m.code}`, { axe: true });
  await waitForColoured(page);
  const links = page.locator('#source-list a.source-link');
  await links.first().waitFor();
  assert.equal(await links.count(), detail.sources.length);
  assert.equal(await links.first().getAttribute('href'), detail.sources[0].url);
  const item = await page.locator('#source-list li').first().textContent();
  assert.ok(item.includes(detail.sources[0].publisher), 'publisher shown');
  assert.ok(item.includes(detail.sources[0].summary), 'summary shown');
  const year = detail.sources[0].date.slice(0, 4);
  assert.ok(item.includes(year), `date (${detail.sources[0].date}) shown`);
  assert.match(await page.locator('#detail-basis').textContent(), /Openbare bron/);
  if (m.source_stale) assert.match(await page.locator('#source-stale').textContent(), /mogelijk verouderd/);
  assert.equal(await page.locator('#source-none').count(), 0);
  assertNoViolations(await runAxe(page), 'detail with sources');
  assertNoProblems(page);
});

test('a municipality without a source reads "geen openbare bron gevonden", never 0', async () => {
  const m = list.find((x) => x.basis == null && x.source_count === 0);
  assert.ok(m, 'some municipality has no public source');
  const page = await openPage(browser, `${server.url}/?sel=${m.code}`, { axe: true });
  await waitForColoured(page);
  await page.locator('#source-none').waitFor();
  assert.match(await page.locator('#source-none').textContent(), /Geen openbare bron gevonden/);
  const invite = page.locator('#source-invite');
  assert.match(await invite.getAttribute('href'), new RegExp(`^mailto:${MAIL}\\?subject=`));
  assert.equal(await page.locator('#source-list').count(), 0);
  assert.doesNotMatch(await page.locator('.detail-sources').textContent(), /\b0\b/);
  assertNoViolations(await runAxe(page), 'detail without a source');

  await page.getByRole('button', { name: 'English' }).click();
  await page.locator('#source-none', { hasText: 'No public source found.' }).waitFor();
  assertNoProblems(page);
});

test('in English the history names the public record in English', async () => {
  const m = list.find((x) => x.basis === 'public_record' && x.stage != null);
  const page = await openPage(browser, `${server.url}/?lang=en&sel=${m.code}`);
  await waitForColoured(page);
  const items = page.locator('#detail .history-list li');
  await items.first().waitFor();
  const text = (await items.allTextContents()).join('\n');
  assert.match(text, /\(Public sources \(desk research\)\)/);
  assert.doesNotMatch(text, /bureauonderzoek/);
  assertNoProblems(page);
});
