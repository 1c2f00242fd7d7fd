// search.test.mjs: the municipality search is a keyboard-operable combobox
// that ignores case and diacritics and zooms the map to the chosen one.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openPage, waitForMap, mapZoom, assertNoProblems } from './harness.mjs';

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

test('"sudwest" finds Súdwest-Fryslân; ArrowDown + Enter zooms there and announces it', async () => {
  const page = await openPage(browser, `${server.url}/`);
  await waitForMap(page);
  const before = await mapZoom(page);

  const input = page.getByRole('combobox', { name: 'Zoek een gemeente' });
  assert.equal(await input.getAttribute('aria-expanded'), 'false');
  await input.click();
  await page.keyboard.type('sudwest');

  const listbox = page.getByRole('listbox');
  await listbox.waitFor();
  assert.equal(await input.getAttribute('aria-expanded'), 'true');
  assert.equal(await input.getAttribute('aria-controls'), await listbox.getAttribute('id'));
  const option = page.getByRole('option', { name: /Súdwest-Fryslân/ });
  assert.equal(await option.count(), 1);

  await page.keyboard.press('ArrowDown');
  const activeId = await input.getAttribute('aria-activedescendant');
  assert.ok(activeId, 'ArrowDown sets aria-activedescendant');
  assert.equal(await page.getAttribute(`#${activeId}`, 'aria-selected'), 'true');
  assert.match(await page.textContent(`#${activeId}`), /Súdwest-Fryslân/);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'search-input', 'focus stays in the input');

  await page.keyboard.press('Enter');
  assert.equal(await input.inputValue(), 'Súdwest-Fryslân');
  assert.equal(await input.getAttribute('aria-expanded'), 'false');
  assert.equal(await listbox.isVisible(), false);

  await page.waitForFunction((z) => Number(document.getElementById('map').dataset.zoom) > z, before, { timeout: 10_000 });
  assert.ok((await mapZoom(page)) > before);
  await page.waitForFunction(() => document.getElementById('announcer').textContent.includes('Súdwest-Fryslân'));
  assert.match(await page.textContent('#announcer'), /^Súdwest-Fryslân, provincie Fryslân$/);
  assert.equal(await page.getAttribute('#announcer', 'aria-live'), 'polite');

  // After the finer shapes arrive the chosen municipality is still marked.
  await waitForMap(page);
  await page.waitForSelector('path.municipality.is-selected[data-code="GM1900"]');
  assertNoProblems(page);
});

test('matching ignores case, diacritics and punctuation; Escape closes the list', async () => {
  const page = await openPage(browser, `${server.url}/`);
  await waitForMap(page);
  const input = page.getByRole('combobox', { name: 'Zoek een gemeente' });

  const cases = [
    ['s-grav', "'s-Gravenhage"],
    ['SUDWEST FRYSLAN', 'Súdwest-Fryslân'],
    ['bosch', "'s-Hertogenbosch"],
    ['amster', 'Amsterdam'],
  ];
  for (const [query, want] of cases) {
    await input.fill(query);
    await page.getByRole('listbox').waitFor();
    const names = await page.$$eval('[role="option"] .option-name', (els) => els.map((e) => e.textContent));
    assert.ok(names.includes(want), `query ${JSON.stringify(query)} gave ${JSON.stringify(names)}, want ${want}`);
  }

  await input.fill('amster');
  await page.getByRole('listbox').waitFor();
  await page.keyboard.press('Escape');
  assert.equal(await input.getAttribute('aria-expanded'), 'false');
  assert.equal(await page.getByRole('listbox').isVisible(), false);
  assert.equal(await input.inputValue(), 'amster', 'first Escape only closes the list');
  await page.keyboard.press('Escape');
  assert.equal(await input.inputValue(), '', 'second Escape clears the input');

  await input.fill('xyzzy');
  assert.equal(await input.getAttribute('aria-expanded'), 'false', 'no list when nothing matches');
  await page.waitForFunction(() => document.getElementById('search-count').textContent.includes('Niets gevonden'));
  assertNoProblems(page);
});

test('choosing an option with the mouse works too', async () => {
  const page = await openPage(browser, `${server.url}/`);
  await waitForMap(page);
  const before = await mapZoom(page);
  await page.getByRole('combobox', { name: 'Zoek een gemeente' }).fill('maastricht');
  // The municipality, not the woonplaats Maastricht-Airport (in Beek) listed after it.
  await page.getByRole('option', { name: /^Maastricht ?, Limburg$/ }).click();
  await page.waitForFunction((z) => Number(document.getElementById('map').dataset.zoom) > z, before, { timeout: 10_000 });
  await page.waitForFunction(() => document.getElementById('announcer').textContent.startsWith('Maastricht, provincie Limburg'));
  assertNoProblems(page);
});

test('the option someone is on stays active when the places arrive', async () => {
  // The places come in while the list is open and an option is active.
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  const page = await openPage(browser, `${server.url}/`, {
    beforeLoad: (p) => p.route((u) => u.pathname === '/api/places', async (route) => {
      await held;
      await route.continue();
    }),
  });
  await waitForMap(page);
  const input = page.getByRole('combobox', { name: 'Zoek een gemeente' });
  await input.click();
  await page.keyboard.type('gro');
  await page.getByRole('listbox').waitFor();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  const activeId = await input.getAttribute('aria-activedescendant');
  const activeText = await page.textContent(`#${activeId}`);
  release();
  await page.locator('#search-input[data-places="loaded"]').waitFor({ state: 'attached' });
  assert.equal(await input.getAttribute('aria-activedescendant'), activeId, 'the same option is active');
  assert.equal(await page.textContent(`#${activeId}`), activeText);
  assert.equal(await page.getAttribute(`#${activeId}`, 'aria-selected'), 'true');
  assertNoProblems(page);
});
