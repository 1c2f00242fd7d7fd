// i18n.test.mjs: the page is Dutch by default and the language button
// switches every UI text and the document language to English and back.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openPage, waitForMap, runAxe, formatViolations, assertNoProblems } from './harness.mjs';

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

test('English switch changes lang, labels and announcements; Dutch switch restores them', async () => {
  const page = await openPage(browser, `${server.url}/`, { axe: true });
  await waitForMap(page);
  assert.equal(await page.getAttribute('html', 'lang'), 'nl');
  assert.equal(await page.textContent('#search-label'), 'Zoek een gemeente');

  await page.getByRole('button', { name: 'English' }).click();
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.equal(await page.textContent('#search-label'), 'Search for a municipality');
  await page.getByRole('combobox', { name: 'Search for a municipality' }).waitFor();
  assert.equal(await page.getAttribute('#map', 'aria-label'), 'Map of the Dutch municipalities');
  assert.equal(await page.getAttribute('.leaflet-control-zoom-in', 'aria-label'), 'Zoom in');
  assert.match(await page.textContent('footer'), /licence/);
  assert.match(await page.title(), /municipality/);
  const back = page.getByRole('button', { name: 'Nederlands' });
  assert.equal(await back.getAttribute('lang'), 'nl', 'the button names its language in that language');

  await page.getByRole('combobox', { name: 'Search for a municipality' }).fill('sudwest');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.getElementById('announcer').textContent === 'Súdwest-Fryslân, province of Fryslân');
  const violations = await runAxe(page);
  assert.equal(violations.length, 0, `axe-core violations in English:\n${formatViolations(violations)}`);

  await back.click();
  assert.equal(await page.getAttribute('html', 'lang'), 'nl');
  assert.equal(await page.textContent('#search-label'), 'Zoek een gemeente');
  assert.equal(await page.getAttribute('.leaflet-control-zoom-in', 'aria-label'), 'Inzoomen');
  assertNoProblems(page);
});

test('the language choice survives a reload', async () => {
  const page = await openPage(browser, `${server.url}/`);
  await waitForMap(page);
  await page.getByRole('button', { name: 'English' }).click();
  await page.reload();
  await waitForMap(page);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.equal(await page.textContent('#search-label'), 'Search for a municipality');
  assertNoProblems(page);
});
