// layout.test.mjs: the page at 200% browser zoom (no horizontal scrolling;
// search, metric menu, map and detail stay usable), the WCAG 2.2 target size
// (2.5.8: at least 24x24 CSS px or the spacing exception) of every control in
// the first view, the detail and the table, and the selected municipality:
// a shared link zooms the map to it and its outline is seen at country zoom.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, launchBrowser, openPage, waitForColoured, mapZoom, runAxe, formatViolations, assertNoProblems,
} from './harness.mjs';

let server;
let browser;
before(async () => {
  server = await startServer({ demo: true });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

async function assertAxe(page, state) {
  const violations = await runAxe(page);
  assert.equal(violations.length, 0, `axe-core violations (${state}):\n${formatViolations(violations)}`);
}

/**
 * targetSizeFailures lists the visible interactive elements inside root that
 * are smaller than 24x24 CSS px and do not meet the spacing exception of WCAG
 * 2.2 SC 2.5.8: a 24 px circle centred on the target must not intersect another
 * target nor the circle of another undersized target. Links inside a sentence
 * (the parent holds other text) are exempt (the inline exception).
 */
function targetSizeFailures(rootSelector) {
  const root = document.querySelector(rootSelector);
  const selector = 'a[href], button, input:not([type="hidden"]), select, textarea, summary, [role="option"], [role="button"], [tabindex]:not([tabindex="-1"])';
  const visible = (el) => {
    if (el.closest('[hidden], .visually-hidden')) return false;
    const s = getComputedStyle(el);
    if (s.visibility === 'hidden' || s.display === 'none') return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && r.bottom + window.scrollY > 0 && r.right + window.scrollX > 0;
  };
  const inline = (el) => el.tagName === 'A' && el.parentElement
    && el.parentElement.textContent.replace(/\s+/g, '').length > el.textContent.replace(/\s+/g, '').length
    && getComputedStyle(el).display === 'inline';
  const all = [...document.querySelectorAll(selector)].filter(visible).map((el) => {
    const r = el.getBoundingClientRect();
    return { el, r, c: { x: r.left + r.width / 2, y: r.top + r.height / 2 }, small: r.width < 23.95 || r.height < 23.95 };
  });
  const distToRect = (p, r) => Math.hypot(Math.max(r.left - p.x, 0, p.x - r.right), Math.max(r.top - p.y, 0, p.y - r.bottom));
  const name = (el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''} "${(el.getAttribute('aria-label') || el.textContent).trim().slice(0, 40)}"`;
  const out = [];
  for (const t of all) {
    if (!t.small || !root.contains(t.el) || inline(t.el)) continue;
    const clash = all.find((o) => o !== t && !o.el.contains(t.el) && !t.el.contains(o.el)
      && (distToRect(t.c, o.r) < 12 || (o.small && Math.hypot(o.c.x - t.c.x, o.c.y - t.c.y) < 24)));
    if (clash) out.push(`${name(t.el)} is ${t.r.width.toFixed(1)}x${t.r.height.toFixed(1)} and too close to ${name(clash.el)}`);
  }
  return out;
}

async function assertTargets(page, rootSelector, state) {
  const failures = await page.evaluate(targetSizeFailures, rootSelector);
  assert.deepEqual(failures, [], `targets below 24x24 without spacing (${state}):\n  ${failures.join('\n  ')}`);
}

test('every control is at least 24x24 px or spaced: first view, detail, table', async () => {
  for (const [width, height] of [[1280, 800], [320, 640]]) {
    const page = await openPage(browser, `${server.url}/`, { width, height });
    await waitForColoured(page);
    await assertTargets(page, 'body', `first view ${width}px`);

    await page.getByRole('combobox', { name: 'Zoek een gemeente' }).fill('utrecht');
    await page.locator('#search-option-GM0344').click();
    await page.locator('#detail .peers li button').first().waitFor();
    await page.waitForFunction(() => !document.getElementById('download-geojson')?.hasAttribute('aria-disabled'));
    await assertTargets(page, '#detail', `detail ${width}px`);

    await page.getByRole('button', { name: 'Tabel', exact: true }).click();
    await page.locator('#municipalities-table tbody tr').first().waitFor();
    await assertTargets(page, '#view-table', `table ${width}px`);
    assertNoProblems(page);
    await page.context().close();
  }
});

test('at 200% zoom (1280x800 shown as 640x400 CSS px) nothing scrolls sideways and everything works', async () => {
  const page = await openPage(browser, `${server.url}/`, { width: 640, height: 400, axe: true });
  await waitForColoured(page);
  const noSideScroll = async (state) => {
    const w = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(w <= 640, `${state}: page is ${w}px wide at 640 CSS px`);
  };
  await noSideScroll('first view');
  await page.screenshot({ path: '/tmp/shots/zoom200-first.png', fullPage: false }).catch(() => {});

  // The map is large enough to use and its controls are inside the viewport.
  const mapBox = await page.locator('#map').boundingBox();
  assert.ok(mapBox.width >= 600 && mapBox.height >= 240, `map is ${mapBox.width}x${mapBox.height}`);
  for (const name of ['Inzoomen', 'Uitzoomen']) {
    const b = await page.getByRole('button', { name }).boundingBox();
    assert.ok(b.x >= 0 && b.x + b.width <= 640, `${name} fits the viewport`);
  }
  const zoom = await mapZoom(page);
  await page.getByRole('button', { name: 'Inzoomen' }).click();
  await page.waitForFunction((z) => Number(document.getElementById('map').dataset.zoom) > z, zoom);

  // The metric menu.
  await page.getByLabel('Kleur de kaart naar').selectOption('stage');
  await page.waitForFunction(() => /Fase van de lokale inclusieagenda/.test(document.getElementById('legend-heading').textContent));
  await noSideScroll('metric changed');

  // The search, its list inside the viewport, and the detail.
  await page.getByRole('combobox', { name: 'Zoek een gemeente' }).fill('súdwest');
  // The places (loaded on first use) may redraw the list once: measure after that.
  await page.locator('#search-input[data-places="loaded"]').waitFor({ state: 'attached' });
  const option = page.getByRole('option', { name: /Súdwest-Fryslân/ });
  await option.waitFor();
  const ob = await option.boundingBox();
  assert.ok(ob.x >= 0 && ob.x + ob.width <= 640 && ob.height >= 24, `option box ${JSON.stringify(ob)}`);
  await page.keyboard.press('Enter');
  const heading = page.getByRole('heading', { name: 'Súdwest-Fryslân', level: 2 });
  await heading.waitFor();
  await page.locator('#detail .peers li').first().waitFor();
  await noSideScroll('detail open');
  await page.locator('#detail-close').scrollIntoViewIfNeeded();
  const close = await page.locator('#detail-close').boundingBox();
  assert.ok(close.x >= 0 && close.x + close.width <= 640, `close button fits: ${JSON.stringify(close)}`);
  await assertAxe(page, '200% zoom, detail open');
  await page.screenshot({ path: '/tmp/shots/zoom200-detail.png', fullPage: true }).catch(() => {});
  await page.locator('#detail-close').click();
  assert.equal(await page.locator('#detail').isVisible(), false);
  assertNoProblems(page);
});

test('a shared link with a selection zooms the map to that municipality and opens its detail', async () => {
  const page = await openPage(browser, `${server.url}/?sel=GM0344`);
  await waitForColoured(page);
  await page.getByRole('heading', { name: 'Utrecht', level: 2 }).waitFor();
  assert.ok(await mapZoom(page) >= 9, `zoomed in to Utrecht, zoom ${await mapZoom(page)}`);
  const inView = await page.evaluate(() => {
    const m = document.getElementById('map').getBoundingClientRect();
    const r = document.querySelector('path[data-code="GM0344"]').getBoundingClientRect();
    return r.left >= m.left && r.right <= m.right && r.top >= m.top && r.bottom <= m.bottom && r.width > 100;
  });
  assert.ok(inView, 'Utrecht lies wholly in the map, large');
  assert.match(page.url(), /sel=GM0344/);

  // With the map's own view in the link, that view is kept (and the municipality panned into it).
  const page2 = await openPage(browser, `${server.url}/?sel=GM0935&map=8/52.09/5.12`);
  await waitForColoured(page2);
  await page2.getByRole('heading', { name: 'Maastricht', level: 2 }).waitFor();
  assert.equal(await mapZoom(page2), 8);
  const visible = await page2.evaluate(() => {
    const m = document.getElementById('map').getBoundingClientRect();
    const r = document.querySelector('path[data-code="GM0935"]').getBoundingClientRect();
    return r.right > m.left && r.left < m.right && r.bottom > m.top && r.top < m.bottom;
  });
  assert.ok(visible, 'Maastricht was panned into view');
  assertNoProblems(page);
  assertNoProblems(page2);
});

test('the selected municipality is outlined on top, at 3:1 or more, also when hatched and at country zoom', async () => {
  const page = await openPage(browser, `${server.url}/?sel=GM0344&map=7/52.2/5.3`);
  await waitForColoured(page);
  await page.getByRole('heading', { name: 'Utrecht', level: 2 }).waitFor();
  assert.ok(await mapZoom(page) < 8, 'country zoom');
  const info = await page.evaluate(() => {
    const z = (sel) => Number(getComputedStyle(document.querySelector(sel)).zIndex);
    const outline = document.querySelector('.leaflet-selection-pane path.selection-outline:not(.selection-ring)');
    const halo = document.querySelector('.leaflet-selection-pane path.selection-halo:not(.selection-ring)');
    return {
      zSelection: z('.leaflet-selection-pane'),
      zProvinces: z('.leaflet-provinces-pane'),
      outline: outline && { stroke: outline.getAttribute('stroke'), width: Number(outline.getAttribute('stroke-width')), fill: outline.getAttribute('fill'), opacity: Number(outline.getAttribute('stroke-opacity') ?? 1) },
      halo: halo && { stroke: halo.getAttribute('stroke'), width: Number(halo.getAttribute('stroke-width')) },
      // The municipality's own path keeps its fill (colour or hatching) under the outline.
      fill: document.querySelector('path.municipality[data-code="GM0344"]').getAttribute('fill'),
      fills: [...new Set([...document.querySelectorAll('path.municipality')].map((p) => p.getAttribute('fill')))],
      hatch: document.querySelector('#hatch line').getAttribute('stroke'),
    };
  });
  assert.ok(info.outline, 'outline drawn in the selection pane');
  assert.ok(info.zSelection > info.zProvinces, 'the selection lies above the province borders');
  assert.equal(info.outline.fill, 'none', 'the outline does not hide the fill or hatching');
  assert.ok(info.outline.width >= 3 && info.halo.width >= info.outline.width + 3, `outline ${info.outline.width}px on a ${info.halo.width}px halo`);
  assert.equal(info.outline.opacity, 1);
  assert.notEqual(info.fill, 'none');

  const rgb = (hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  const lum = (c) => {
    const [r, g, b] = c.map((v) => v / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const ratio = (a, b) => { const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x); return (hi + 0.05) / (lo + 0.05); };
  const norm = (c) => page.evaluate((x) => { const ctx = document.createElement('canvas').getContext('2d'); ctx.fillStyle = x; return ctx.fillStyle; }, c);
  const line = rgb(await norm(info.outline.stroke));
  assert.ok(ratio(line, rgb(await norm(info.halo.stroke))) >= 3, 'outline against its halo');
  for (const f of [...info.fills.filter((f) => f.startsWith('#')), '#ffffff', info.hatch]) {
    assert.ok(ratio(line, rgb(await norm(f))) >= 3, `outline against ${f}: ${ratio(line, rgb(await norm(f))).toFixed(2)}`);
  }
  await page.screenshot({ path: '/tmp/shots/selected-country.png' }).catch(() => {});

  // A municipality too small to see at this zoom also gets a ring around it.
  await page.getByRole('combobox', { name: 'Zoek een gemeente' }).fill('Rozendaal');
  await page.locator('#search-option-GM0277').waitFor();
  await page.evaluate(() => {
    // Choose without the zoom the search does, through the URL state (back/forward path).
    history.pushState(null, '', '/?sel=GM0277&map=7/52.2/5.3');
    dispatchEvent(new PopStateEvent('popstate'));
  });
  await page.getByRole('heading', { name: 'Rozendaal', level: 2 }).waitFor();
  await page.waitForFunction(() => document.querySelector('.leaflet-selection-pane path.selection-outline.selection-ring'));
  assertNoProblems(page);
});

test('the map does not move after the first coloured view (the date control and the rest come after it in the place kept for them)', async () => {
  for (const [width, height] of [[320, 640], [1024, 768], [1280, 800], [1920, 1080]]) {
    const context = await browser.newContext({ viewport: { width, height }, reducedMotion: 'reduce' });
    const page = await context.newPage();
    // Every frame from the first coloured view on, the map's top is written down: whatever comes after
    // that view (the date control, the search, the legend) must come in the place kept for it. Whether
    // a part comes before or after the first view depends on the machine's speed; the test does not.
    await page.addInitScript(() => {
      window.__mapTops = [];
      const watch = () => {
        const map = document.getElementById('map');
        if (map?.dataset.state === 'ready') window.__mapTops.push(map.getBoundingClientRect().top);
        if (document.body?.dataset.page !== 'ready' || window.__mapTops.length < 3) requestAnimationFrame(watch);
      };
      requestAnimationFrame(watch);
    });
    await page.goto(`${server.url}/`, { waitUntil: 'commit' });
    await page.waitForSelector('body[data-page="ready"]', { state: 'attached', timeout: 20_000 });
    await page.waitForFunction(() => document.getElementById('view-date-hint')?.textContent !== '', null, { timeout: 20_000 });
    await page.locator('#view-date').waitFor({ state: 'attached' });
    const settled = await page.evaluate(() => document.getElementById('map').getBoundingClientRect().top);
    const tops = await page.evaluate(() => window.__mapTops);
    assert.ok(tops.length > 0, 'the coloured view was seen in a frame');
    for (const top of [...tops, settled]) {
      assert.ok(Math.abs(top - tops[0]) < 1, `at ${width}px the map moved from ${tops[0]} to ${top} px after the first view`);
    }
    await context.close();
  }
});
