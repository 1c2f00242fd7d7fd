// dates.test.mjs: the map page writes every date one way: "3 december 2026"
// in Dutch, "3 December 2026" in English (static/dates.js, the same format
// as the server pages); ISO dates stay in the data, never in the text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, openPage, waitForColoured, assertNoProblems } from './harness.mjs';

const ctx = setup();

const NL = /\b\d{1,2} (januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december) \d{4}\b/;
const EN = /\b\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}\b/;
const ISO = /\b\d{4}-\d{2}-\d{2}\b/;

test('formatDate: one format per language, months and years as precise as the data', async () => {
  const page = await openPage(ctx.browser, `${ctx.server.url}/`);
  const got = await page.evaluate(async () => {
    const { formatDate } = await import('/dates.js');
    return [formatDate('2026-12-03', 'nl'), formatDate('2026-12-03', 'en'), formatDate('2026-12-03T09:00:00Z', 'nl'),
      formatDate('2019-05', 'nl'), formatDate('2019-05', 'en'), formatDate('2019', 'nl'), formatDate('2026-02-30', 'nl'), formatDate('', 'nl')];
  });
  assert.deepEqual(got, ['3 december 2026', '3 December 2026', '3 december 2026', 'mei 2019', 'May 2019', '2019', '2026-02-30', '']);
  assertNoProblems(page);
});

test('the detail panel shows its dates as text in Dutch and in English, never as ISO', async () => {
  const list = await (await fetch(`${ctx.server.url}/api/municipalities`)).json();
  const m = list.find((x) => x.basis === 'public_record' && x.source_date?.length === 10);
  assert.ok(m, 'a municipality with a dated public source');
  const page = await openPage(ctx.browser, `${ctx.server.url}/?sel=${m.code}`);
  await waitForColoured(page);
  await page.locator('#source-list').waitFor();
  const nl = await page.locator('#detail-body').innerText();
  assert.match(nl, NL);
  assert.doesNotMatch(nl, ISO, 'no ISO date in the Dutch text');

  await page.getByRole('button', { name: 'English' }).click();
  await page.locator('#detail-body', { hasText: 'source' }).waitFor();
  // Source summaries are quoted in Dutch (marked lang="nl"); the page's own text is English.
  const en = await page.evaluate(() => {
    const body = document.getElementById('detail-body').cloneNode(true);
    body.querySelectorAll('[lang="nl"]').forEach((el) => el.remove());
    return body.textContent;
  });
  assert.match(en, EN);
  assert.doesNotMatch(en, NL, 'no Dutch month in the English text');
  assert.doesNotMatch(en, ISO, 'no ISO date in the English text');
  assertNoProblems(page);
});
