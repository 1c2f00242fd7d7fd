// search-names.test.mjs: the search finds municipalities by their official
// name (any case, with or without diacritics or punctuation), their everyday
// and English names, and former municipalities, each option saying what the
// name is; nothing found is said by the live region.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, openPage, waitForColoured, assertNoProblems } from './harness.mjs';

const ctx = setup();

const cases = [
  ['utrecht', 'GM0344'], ['UTRECHT', 'GM0344'], ['sudwest fryslan', 'GM1900'], ['Súdwest-Fryslân', 'GM1900'],
  ["'s-gravenhage", 'GM0518'], ['gravenhage', 'GM0518'], ['Den Haag', 'GM0518'], ['den haag', 'GM0518'], ['The Hague', 'GM0518'],
  ['den bosch', 'GM0796'], ["'s-Hertogenbosch", 'GM0796'], ['hertogenbosch', 'GM0796'], ['Nuenen', 'GM0820'],
  ['ten boer', 'GM0014'], ['Weesp', 'GM0363'], ['amsterdam', 'GM0363'], ['groningen', 'GM0014'],
  ['Geldermalsen', 'GM1960'], ['geldermalsen', 'GM1960'], ['Haarlemmerliede', 'GM0394'], ['Bussum', 'GM1942'], ['Veghel', 'GM1948'],
  ['Delfzijl', 'GM1979'], ['Leerdam', 'GM1961'], ['Oud-Beijerland', 'GM1963'], ['Hellevoetsluis', 'GM1992'], ['Heerhugowaard', 'GM1980'],
];

test('the search finds official, everyday, English and former names', async () => {
  const page = await openPage(ctx.browser, `${ctx.server.url}/`, { axe: false });
  await waitForColoured(page);
  const input = page.getByRole('combobox', { name: 'Zoek een gemeente' });
  for (const [query, code] of cases) {
    await input.fill('');
    await input.fill(query);
    const first = page.locator('#search-listbox [role="option"]').first();
    await first.waitFor();
    const id = await first.getAttribute('id');
    assert.equal(id, `search-option-${code}`, `${query}: first option ${id}, want ${code}`);
  }
  await input.fill('');
  await input.fill('Ten Boer');
  const option = page.locator('#search-listbox [role="option"]').first();
  assert.match(await option.textContent(), /Groningen.*Ten Boer: sinds 2019 onderdeel van Groningen/);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await page.locator('#detail-name', { hasText: 'Groningen' }).waitFor();

  await input.fill('');
  await input.fill('xyzzy');
  await page.locator('#search-count', { hasText: /niets gevonden|Geen/i }).waitFor({ timeout: 5000 });
  assertNoProblems(page);
});
