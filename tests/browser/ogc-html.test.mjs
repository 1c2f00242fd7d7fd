// ogc-html.test.mjs: the HTML views of the OGC API (?f=html), as a researcher
// opening them in a browser sees them: no axe-core violations, a language,
// one h1, the CBS/Kadaster attribution, links that work, no console errors and
// no CSP violations (no inline scripts or styles). Tests that document a defect
// are marked { skip: 'DEFECT: …' }.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openPage, runAxe, formatViolations, assertNoProblems } from './harness.mjs';

const VIEWS = [
  '/ogc?f=html',
  '/ogc/collections?f=html',
  '/ogc/collections/municipalities?f=html',
  '/ogc/collections/municipalities/items?f=html&limit=5',
  '/ogc/collections/municipalities/items/GM0363?f=html',
  '/ogc/conformance?f=html',
];

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

/** structure reads what a user (and a screen reader) gets from the page. */
function structure(page) {
  return page.evaluate(() => ({
    lang: document.documentElement.getAttribute('lang'),
    title: document.title,
    h1: [...document.querySelectorAll('h1')].map((h) => h.textContent.trim()),
    text: document.body.innerText,
    footer: document.querySelector('footer')?.innerText ?? '',
    inlineScripts: [...document.querySelectorAll('script:not([src])')].length,
    styleElements: document.querySelectorAll('style').length,
    styleAttributes: document.querySelectorAll('[style]').length,
    eventAttributes: [...document.querySelectorAll('*')].filter((el) => [...el.attributes].some((a) => a.name.startsWith('on'))).length,
    links: [...document.querySelectorAll('a[href]')].map((a) => ({ href: a.href, text: a.textContent.trim() })),
    scrollWidth: document.documentElement.scrollWidth,
  }));
}

for (const view of VIEWS) {
  test(`${view}: no axe-core violations`, async () => {
    const page = await openPage(browser, `${server.url}${view}`, { axe: true });
    const violations = await runAxe(page);
    assert.equal(violations.length, 0, `axe-core violations on ${view}:\n${formatViolations(violations)}`);
    await page.context().close();
  });

  test(`${view}: language, one h1, attribution, no inline code, no console errors under the real CSP`, async () => {
    const page = await openPage(browser, `${server.url}${view}`);
    const s = await structure(page);
    assert.match(s.lang ?? '', /^[a-z]{2}(-[A-Z]{2})?$/, `lang="${s.lang}"`);
    assert.equal(s.h1.length, 1, `h1 elements: ${JSON.stringify(s.h1)}`);
    assert.ok(s.h1[0].length > 0, 'the h1 is empty');
    assert.ok(s.title.length > 0, 'no <title>');
    assert.ok(s.footer.includes('Bron: CBS, Kadaster'), `footer "${s.footer}" lacks the attribution`);
    assert.equal(s.inlineScripts, 0, 'inline <script>');
    assert.equal(s.styleElements, 0, '<style> element');
    assert.equal(s.styleAttributes, 0, 'style="" attributes');
    assert.equal(s.eventAttributes, 0, 'on…="" event attributes');
    // The stylesheet loaded (the CSP allows 'self' only): the page is styled.
    const font = await page.evaluate(() => getComputedStyle(document.body).maxWidth);
    assert.notEqual(font, 'none', 'ogc.css did not apply');
    assertNoProblems(page);
    await page.context().close();
  });

  test(`${view}: every link on the page works`, async () => {
    const page = await openPage(browser, `${server.url}${view}`);
    const { links } = await structure(page);
    assert.ok(links.length > 0, 'no links');
    const origin = new URL(server.url).origin;
    for (const { href, text } of links) {
      const u = new URL(href);
      if (u.origin !== origin) {
        assert.equal(u.protocol, 'https:', `external link "${text}" is not https: ${href}`);
        continue; // tests run offline
      }
      const res = await page.request.get(href, { maxRedirects: 0 });
      assert.equal(res.status(), 200, `link "${text}" → ${href}: ${res.status()}`);
      const type = res.headers()['content-type'] ?? '';
      if (u.searchParams.get('f') === 'json') assert.match(type, /json/, `link "${text}" → ${href}: ${type}`);
      if (u.searchParams.get('f') === 'html') assert.match(type, /text\/html/, `link "${text}" → ${href}: ${type}`);
    }
    await page.context().close();
  });
}

test('the "as JSON" link and rel=alternate lead to JSON on every view but the landing page', async () => {
  for (const view of VIEWS.slice(1)) {
    await checkJSONAlternate(view);
  }
});

test('the landing page\'s "as JSON" link leads to JSON', async () => {
  await checkJSONAlternate('/ogc?f=html');
});

async function checkJSONAlternate(view) {
  const page = await openPage(browser, `${server.url}${view}`);
  const { asJSON, alternate } = await page.evaluate(() => ({
    asJSON: [...document.querySelectorAll('a')].find((a) => /als JSON/.test(a.textContent))?.href ?? null,
    // The alternate names the JSON representation's own media type (JSON, GeoJSON, JSON Schema or OpenAPI).
    alternate: document.querySelector('link[rel="alternate"][type$="json"], link[rel="alternate"][type*="json;"]')?.href ?? null,
  }));
  assert.ok(asJSON, `${view}: no "als JSON" link`);
  for (const [what, href] of [['"als JSON" link', asJSON], ['rel=alternate', alternate]]) {
    assert.ok(href, `${view}: no ${what}`);
    const res = await page.request.get(href);
    assert.match(res.headers()['content-type'] ?? '', /json/, `${view}: ${what} ${href} answers ${res.headers()['content-type']}`);
    if (what === 'rel=alternate') {
      const type = await page.evaluate(() => document.querySelector('link[rel="alternate"]').type);
      assert.equal(type.split(';')[0], res.headers()['content-type'].split(';')[0], `${view}: the alternate's type ${type} is what it serves`);
    }
    JSON.parse(await res.text());
  }
  await page.context().close();
}

test('items view pages forward and back with the keyboard-reachable "next"/"previous" links', async () => {
  const page = await openPage(browser, `${server.url}/ogc/collections/municipalities/items?f=html&limit=5`);
  const first = await page.locator('tbody th').allTextContents();
  assert.equal(first.length, 5);
  await page.getByRole('link', { name: /Volgende/ }).click();
  await page.waitForURL(/offset=5/);
  const second = await page.locator('tbody th').allTextContents();
  assert.equal(second.length, 5);
  assert.ok(!second.some((c) => first.includes(c)), `page 2 repeats page 1: ${second}`);
  await page.getByRole('link', { name: /Vorige/ }).click();
  await page.waitForURL((u) => !/offset=[1-9]/.test(u.search));
  assert.deepEqual(await page.locator('tbody th').allTextContents(), first);
  assertNoProblems(page);
  await page.context().close();
});

test('views stay usable at 320 px: the page itself does not scroll sideways', async () => {
  for (const view of VIEWS) {
    const page = await openPage(browser, `${server.url}${view}`, { width: 320, height: 640 });
    const { scrollWidth } = await structure(page);
    assert.ok(scrollWidth <= 320, `${view} is ${scrollWidth}px wide at 320px`);
    await page.context().close();
  }
});

test('Dutch pages do not carry untranslated English text (WCAG 3.1.2 language of parts)', async () => {
  for (const view of VIEWS) {
    const page = await openPage(browser, `${server.url}${view}`);
    const english = await page.evaluate(() => {
      const hits = [];
      for (const el of document.querySelectorAll('h1, h2, a, p')) {
        if (el.closest('[lang]')?.getAttribute('lang') !== 'nl') continue;
        if (/\b(Collections|Conformance|this document|feature collections|How far)\b/.test(el.textContent)) hits.push(el.textContent.trim().slice(0, 60));
      }
      return hits;
    });
    assert.deepEqual(english, [], `${view}: English text marked as Dutch`);
    await page.context().close();
  }
});
