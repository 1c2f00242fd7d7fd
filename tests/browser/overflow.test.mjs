// overflow.test.mjs: nothing scrolls sideways and nothing is clipped at 320,
// 375, 768, 1280 and 1920 px wide, in every state of the map page (nothing
// selected, a selection, compare, table, provinces), on the stakeholder page
// and on every server-rendered page; on a phone a selection shows the start
// of its detail without scrolling. One browser page per width, reused for
// every state, so the whole file stays fast.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, waitForColoured, assertNoProblems } from './harness.mjs';

const ctx = setup({ demo: true });

const WIDTHS = [320, 375, 768, 1280, 1920];
const HEIGHT = { 320: 640, 375: 667, 768: 1024, 1280: 800, 1920: 1080 };

// The states of the map page, each with what shows it is drawn.
const MAP_STATES = [
  { name: 'map, nothing selected', path: '/', ready: '#map[data-state="ready"]' },
  { name: 'map, GM1900 selected', path: '/?sel=GM1900', ready: '#detail-body .detail-actions' },
  { name: 'compare', path: '/?view=compare&compare=GM0363,GM0344,GM0599,GM1900', ready: '#compare-body table' },
  { name: 'table', path: '/?view=table', ready: '#table-wrap table' },
  { name: 'provinces', path: '/?view=provinces', ready: '#provinces-wrap table' },
];
const STAKEHOLDER_STATES = [
  { name: 'stakeholders', path: '/stakeholders', ready: '#sh-map[data-mode="rings"] .sh-marker' },
  { name: 'stakeholders of GM0363', path: '/stakeholders?code=GM0363', ready: '#sh-map[data-mode="rings"] .sh-status-involved, #sh-map[data-mode="rings"] .sh-status-unknown' },
];
const SITE_PAGES = ['/gemeente/GM0363', '/colofon', '/bijeenkomsten', '/meedoen', '/inclusiestage', '/verkiezingen',
  '/wat-is-een-inclusieve-gemeente', '/releases', '/inloggen', '/ogc'];

/**
 * layoutProblems runs in the page and lists what sticks out or is cut off:
 * the document wider than the viewport; any rendered element whose box runs
 * past the viewport's left or right edge, unless an ancestor scrolls it
 * sideways on purpose (overflow-x auto or scroll, keyboard-focusable, with a
 * label); any element that hides part of its content (overflow hidden or clip
 * with a scroll size larger than its box). The map's own panes (a window
 * onto a larger world), visually hidden text and the skip link (off-screen
 * until focused) are left out.
 */
function layoutProblems() {
  const vw = document.documentElement.clientWidth;
  const out = [];
  const doc = document.documentElement;
  if (doc.scrollWidth > vw) out.push(`document is ${doc.scrollWidth}px wide in a ${vw}px viewport`);
  const name = (el) => {
    const cls = typeof el.className === 'string' && el.className.trim() ? `.${el.className.trim().split(/\s+/).slice(0, 3).join('.')}` : '';
    const text = (el.getAttribute('aria-label') || el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 30);
    return `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${cls}${text ? ` "${text}"` : ''}`;
  };
  // Visually hidden on purpose: a 1x1 px box that hides its overflow (screen-reader text, honeypots).
  const tiny = (el) => {
    for (let a = el; a && a !== document.body; a = a.parentElement) {
      if (a.clientWidth <= 1 && a.clientHeight <= 1 && getComputedStyle(a).overflow === 'hidden') return true;
    }
    return false;
  };
  const exempt = (el) => el.closest('.leaflet-map-pane, .visually-hidden, .skip-link, .svg-defs, noscript, script, style, template') || tiny(el);
  const scrollsOnPurpose = (el) => {
    const s = getComputedStyle(el);
    return (s.overflowX === 'auto' || s.overflowX === 'scroll') && el.tabIndex >= 0
      && (el.hasAttribute('aria-label') || el.hasAttribute('aria-labelledby'));
  };
  const clips = (s) => ['hidden', 'clip', 'auto', 'scroll'].includes(s.overflowX);
  for (const el of document.body.querySelectorAll('*')) {
    if (exempt(el) || !el.getClientRects().length) continue;
    const s = getComputedStyle(el);
    if (s.visibility === 'hidden') continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (r.right > vw + 0.5 || r.left < -0.5) {
      // Is it inside something that scrolls or clips sideways (then that box decides)?
      let a = el.parentElement;
      while (a && a !== document.body && !clips(getComputedStyle(a))) a = a.parentElement;
      const held = a && a !== document.body;
      if (!held) out.push(`${name(el)} spans ${Math.round(r.left)}..${Math.round(r.right)}px in a ${vw}px viewport`);
      else if (!scrollsOnPurpose(a) && getComputedStyle(a).overflowX !== 'hidden' && getComputedStyle(a).overflowX !== 'clip') {
        out.push(`${name(el)} scrolls sideways inside ${name(a)}, which is not a focusable, labelled region`);
      }
    }
    // Content cut off by its own box.
    if ((s.overflowX === 'hidden' || s.overflowX === 'clip') && !el.closest('.leaflet-container')) {
      if (el.scrollWidth > el.clientWidth + 1) out.push(`${name(el)} clips its content sideways (${el.scrollWidth}px in ${el.clientWidth}px)`);
    }
    if ((s.overflowY === 'hidden' || s.overflowY === 'clip') && !el.closest('.leaflet-container')) {
      if (el.scrollHeight > el.clientHeight + 1) out.push(`${name(el)} clips its content (${el.scrollHeight}px high in ${el.clientHeight}px)`);
    }
    if ((s.overflowX === 'auto' || s.overflowX === 'scroll') && el.scrollWidth > el.clientWidth + 1 && !scrollsOnPurpose(el) && !el.closest('.leaflet-container')) {
      out.push(`${name(el)} scrolls sideways but is not a focusable, labelled region`);
    }
  }
  return [...new Set(out)].slice(0, 15);
}

async function check(page, width, state, problems) {
  const found = await page.evaluate(layoutProblems);
  for (const p of found) problems.push(`${width}px, ${state}: ${p}`);
}

/** visit opens path in page and waits for selector (or the load). */
async function visit(page, url, ready) {
  await page.goto(url);
  if (ready) await page.waitForSelector(ready, { state: 'visible', timeout: 20_000 });
  else await page.waitForLoadState('load');
}

for (const width of WIDTHS) {
  test(`nothing scrolls sideways or is clipped at ${width}px: map states, stakeholder page, site pages`, async () => {
    const context = await ctx.browser.newContext({ viewport: { width, height: HEIGHT[width] }, reducedMotion: 'reduce', locale: 'nl-NL' });
    const page = await context.newPage();
    page.problems = [];
    page.on('pageerror', (err) => page.problems.push(`uncaught: ${err.message}`));
    const problems = [];
    try {
      for (const s of [...MAP_STATES, ...STAKEHOLDER_STATES]) {
        await visit(page, `${ctx.server.url}${s.path}`, s.ready);
        if (s.path.startsWith('/?') || s.path === '/') await waitForColoured(page);
        await check(page, width, s.name, problems);
        if (s.name === 'map, GM1900 selected' && width < 768) {
          // A phone shows the start of the selection's detail without scrolling.
          const top = await page.evaluate(() => document.getElementById('detail-name').getBoundingClientRect().top);
          if (top > HEIGHT[width] - 48) problems.push(`${width}px, ${s.name}: the detail starts at ${Math.round(top)}px, below the fold (${HEIGHT[width]}px)`);
        }
      }
      for (const p of SITE_PAGES) {
        await visit(page, `${ctx.server.url}${p}`, null);
        await check(page, width, p, problems);
      }
      assert.deepEqual(problems, [], `layout problems:\n  ${problems.join('\n  ')}`);
      assertNoProblems(page);
    } finally {
      await context.close();
    }
  });
}

test('the layout check finds what sticks out, what is cut off and unlabelled sideways scrolling', async () => {
  const context = await ctx.browser.newContext({ viewport: { width: 375, height: 667 } });
  const page = await context.newPage();
  try {
    await visit(page, `${ctx.server.url}/colofon`, null);
    assert.deepEqual(await page.evaluate(layoutProblems), [], 'the page itself is clean');
    await page.evaluate(() => {
      // Styles set through the DOM: the page's CSP refuses inline style attributes.
      const add = (id, style, text, attrs = {}) => {
        const el = document.createElement(text === null ? 'div' : 'p');
        el.id = id;
        Object.assign(el.style, style);
        for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
        if (text !== null) el.textContent = text;
        else {
          const inner = document.createElement('div');
          inner.style.width = '900px';
          inner.textContent = 'table';
          el.append(inner);
        }
        document.querySelector('main').append(el);
      };
      add('too-wide', { width: '600px' }, 'wide');
      add('cut', { width: '100px', overflow: 'hidden', whiteSpace: 'nowrap' }, 'a sentence much longer than one hundred pixels');
      add('bare-scroller', { overflowX: 'auto' }, null);
      add('good-scroller', { overflowX: 'auto' }, null, { tabindex: '0', role: 'region', 'aria-label': 'Tabel' });
    });
    const found = (await page.evaluate(layoutProblems)).join('\n');
    assert.match(found, /document is \d+px wide/);
    assert.match(found, /p#too-wide "wide" spans/);
    assert.match(found, /p#cut .* clips its content sideways/);
    assert.match(found, /div#bare-scroller .* not a focusable, labelled region/);
    assert.doesNotMatch(found, /good-scroller/);
  } finally {
    await context.close();
  }
});
