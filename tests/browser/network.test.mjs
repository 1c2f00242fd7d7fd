// network.test.mjs: the network's pages (issue 13) — axe-core finds no
// violation at 1280 and 320 px on the meetings list, a meeting with its
// sign-up form, the join form, the explanation and the plan; joining by
// keyboard only shows the personal leave link, which ends the membership.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openPage, runAxe, formatViolations } from './harness.mjs';

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

const PAGES = ['/bijeenkomsten', '/bijeenkomsten/1', '/meedoen', '/wat-is-een-inclusieve-gemeente', '/toekomstplanning', '/bijeenkomsten?lang=en'];

for (const width of [1280, 320]) {
  test(`no axe-core violations on the network's pages at ${width} px`, async () => {
    for (const p of PAGES) {
      const page = await openPage(browser, `${server.url}${p}`, { width, height: 800, axe: true });
      const violations = await runAxe(page);
      assert.equal(violations.length, 0, `${p} at ${width}px:\n${formatViolations(violations)}`);
      const sw = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(sw <= width, `${p} is ${sw}px wide at ${width}px`);
      await page.close();
    }
  });
}

test('join by keyboard only, then leave by the personal link', async () => {
  const page = await openPage(browser, `${server.url}/meedoen`, { axe: true });
  await page.getByLabel('Uw naam').focus();
  await page.keyboard.type('Toetsenbord Gebruiker');
  await page.keyboard.press('Tab');
  await page.keyboard.type('toets@example.nl');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Space'); // first role: inwoner
  await page.getByLabel('Ik ga akkoord dat het netwerk deze gegevens bewaart tot ik opzeg.').focus();
  await page.keyboard.press('Space');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  const link = page.locator('#leave-link');
  await link.waitFor();
  assert.equal((await runAxe(page)).length, 0, 'joined state');
  const href = await link.getAttribute('href');
  await page.goto(href);
  await page.getByRole('button', { name: /zeg op/ }).press('Enter');
  await page.getByText('U bent geen lid meer').waitFor();
  assert.equal((await runAxe(page)).length, 0, 'left state');
});
