// a11y.test.mjs: axe-core finds no WCAG 2.2 AA or best-practice violation,
// with the search list closed and open, at desktop and at 320 px width; the
// skip link and keyboard focus work.
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

function assertNoViolations(violations, state) {
  assert.equal(violations.length, 0, `axe-core violations (${state}):\n${formatViolations(violations)}`);
}

test('no axe-core violations on load and with the search list open', async () => {
  const page = await openPage(browser, `${server.url}/`, { axe: true });
  await waitForMap(page);
  assertNoViolations(await runAxe(page), 'initial page');

  await page.getByRole('combobox', { name: 'Zoek een gemeente' }).fill('gr');
  await page.getByRole('listbox').waitFor();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  assertNoViolations(await runAxe(page), 'search list open, second option active');
  assertNoProblems(page);
});

test('no axe-core violations at 320 px width and no horizontal scrolling', async () => {
  const page = await openPage(browser, `${server.url}/`, { width: 320, height: 640, axe: true });
  await waitForMap(page);
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(scrollWidth <= 320, `page is ${scrollWidth}px wide at a 320px viewport`);
  assertNoViolations(await runAxe(page), '320 px');

  await page.getByRole('combobox', { name: 'Zoek een gemeente' }).fill('sudwest');
  // The places (loaded on first use) may redraw the list once: measure after that.
  await page.locator('#search-input[data-places="loaded"]').waitFor({ state: 'attached' });
  await page.getByRole('listbox').waitFor();
  const box = await page.getByRole('option', { name: /Súdwest-Fryslân/ }).boundingBox();
  assert.ok(box.width >= 24 && box.height >= 24, `option target is ${box.width}x${box.height}`);
  assert.ok(box.x >= 0 && box.x + box.width <= 320, 'option fits the viewport');
  assertNoProblems(page);
});

test('skip link is the first tab stop and moves focus to the map; focus is visible', async () => {
  const page = await openPage(browser, `${server.url}/`);
  await waitForMap(page);
  await page.keyboard.press('Tab');
  const skip = await page.evaluate(() => ({
    text: document.activeElement.textContent.trim(),
    href: document.activeElement.getAttribute('href'),
  }));
  assert.deepEqual(skip, { text: 'Naar de kaart', href: '#map' });
  assert.ok(await page.locator('.skip-link').isVisible(), 'focused skip link is visible');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'map');

  // Every focusable control in the header shows an outline of >= 2px when focused by keyboard.
  for (const selector of ['#search-input', '#lang-switch']) {
    await page.focus(selector);
    const outline = await page.$eval(selector, (el) => {
      const s = getComputedStyle(el);
      return { style: s.outlineStyle, width: parseFloat(s.outlineWidth) };
    });
    assert.notEqual(outline.style, 'none', `${selector} has a focus outline`);
    assert.ok(outline.width >= 2, `${selector} outline is ${outline.width}px`);
  }
  assertNoProblems(page);
});
