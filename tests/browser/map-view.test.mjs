// map-view.test.mjs: the map shows the whole country with a margin at every
// width, writes municipality names where they fit and never on top of each
// other, names the municipality under the pointer or keyboard focus in a
// tooltip beside it (name and stage), and draws a base map only when the
// server is given one (off by default and in tests), with its credit line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { setup, startServer, openPage, waitForColoured, assertNoProblems, runAxe, formatViolations } from './harness.mjs';

const ctx = setup({ demo: true });

/** countryBox measures the municipalities' outer box against the map's, in CSS px. */
function countryBox() {
  const m = document.getElementById('map').getBoundingClientRect();
  let [l, t, r, b] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const p of document.querySelectorAll('path.municipality')) {
    const x = p.getBoundingClientRect();
    l = Math.min(l, x.left); t = Math.min(t, x.top); r = Math.max(r, x.right); b = Math.max(b, x.bottom);
  }
  return { map: { w: m.width, h: m.height }, left: l - m.left, top: t - m.top, right: m.right - r, bottom: m.bottom - b, w: r - l, h: b - t };
}

test('the whole country fits with a margin on every side at 320, 375, 768, 1280 and 1920 px', async () => {
  for (const [width, height] of [[320, 640], [375, 667], [768, 1024], [1280, 800], [1920, 1080]]) {
    const page = await openPage(ctx.browser, `${ctx.server.url}/`, { width, height });
    await waitForColoured(page);
    const box = await page.evaluate(countryBox);
    const where = `${width}x${height}: ${JSON.stringify(box)}`;
    for (const side of ['left', 'top', 'right', 'bottom']) assert.ok(box[side] >= 16, `${side} margin below 16 px at ${where}`);
    // Clear of the zoom buttons (top left) …
    assert.ok(box.left >= 48 || box.top >= 80, `the country runs under the zoom buttons at ${where}`);
    // … and not lost in empty space: it fills most of the map one way.
    assert.ok(box.w >= 0.5 * box.map.w || box.h >= 0.65 * box.map.h, `the country is too small at ${where}`);
    assertNoProblems(page);
    await page.context().close();
  }
});

test('the first view is the server\'s drawing of the map, and the map is drawn where it was, at 320, 1280 and 1920 px', async () => {
  for (const [width, height] of [[320, 640], [1280, 800], [1920, 1080]]) {
    const page = await openPage(ctx.browser, 'about:blank', { width, height });
    // Frame by frame: the drawing's box and fills in the first and the last frame that show it, and
    // the map's municipalities in the first frame after it (what the reader sees at the swap).
    await page.addInitScript(() => {
      const rel = (r, m) => ({ left: r.left - m.left, top: r.top - m.top, right: r.right - m.left, bottom: r.bottom - m.top });
      const tick = () => {
        const map = document.getElementById('map');
        const g = document.querySelector('#map-first svg g');
        if (g) {
          window.__drawing = {
            box: rel(g.getBoundingClientRect(), map.getBoundingClientRect()),
            fills: [...new Set([...g.querySelectorAll('path')].map((p) => p.getAttribute('fill')))],
          };
          window.__drawingFirst ??= { ready: map.dataset.state === 'ready' };
        } else if (window.__drawing && !window.__mapAfter) {
          const paths = document.querySelectorAll('path.municipality');
          let [l, t, r, b] = [Infinity, Infinity, -Infinity, -Infinity];
          for (const p of paths) {
            const x = p.getBoundingClientRect();
            l = Math.min(l, x.left); t = Math.min(t, x.top); r = Math.max(r, x.right); b = Math.max(b, x.bottom);
          }
          const m = map.getBoundingClientRect();
          window.__mapAfter = { count: paths.length, box: { left: l - m.left, top: t - m.top, right: r - m.left, bottom: b - m.top } };
        }
        if (!window.__mapAfter) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    await page.goto(`${ctx.server.url}/`);
    await waitForColoured(page);
    const { drawing, first, after } = await page.evaluate(() => ({ drawing: window.__drawing, first: window.__drawingFirst, after: window.__mapAfter }));
    const where = `${width}x${height}`;
    assert.ok(drawing, `no frame showed the drawing at ${where}`);
    assert.equal(first.ready, false, 'the drawing is shown before the map is drawn');
    assert.equal(after?.count, 342, 'the frame after the drawing shows the map');
    for (const side of ['left', 'top', 'right', 'bottom']) {
      assert.ok(Math.abs(drawing.box[side] - after.box[side]) <= 3, `${side}: drawing ${drawing.box[side].toFixed(1)}, map ${after.box[side].toFixed(1)} px at ${where}`);
    }
    // The drawing's colours are the map's (demo data: several stages and unknown, hatched).
    const mapFills = await page.evaluate(() => [...new Set([...document.querySelectorAll('path.municipality')].map((p) => p.getAttribute('fill')))]);
    const colours = drawing.fills.filter((f) => f.startsWith('#'));
    assert.ok(colours.length >= 3, `colours of the drawing: ${drawing.fills}`);
    for (const c of colours) assert.ok(mapFills.includes(c), `${c} of the drawing is not on the map (${mapFills})`);
    assert.equal(drawing.fills.includes('url(#first-hatch)'), mapFills.includes('url(#hatch)'), 'unknown is hatched in both or neither');
    assert.equal(await page.locator('#map-first').count(), 0, 'the drawing is gone once the map is drawn');
    // The untouched map keeps the address / (so a reload shows the drawing again); a move writes it.
    await page.waitForSelector('body[data-page="ready"]', { state: 'attached' });
    assert.equal(new URL(page.url()).search, '', `address after the first view: ${page.url()}`);
    if (width === 1280) {
      await page.evaluate(() => document.getElementById('map').focus());
      await page.keyboard.press('Equal');
      await page.waitForFunction(() => /[?&]map=/.test(location.search), null, { timeout: 10_000 });
      const html = await page.evaluate(() => fetch(location.href).then((r) => r.text()));
      assert.ok(!html.includes('id="map-first"'), 'the page at an address with the map\'s view has no drawing');
    }
    assertNoProblems(page);
    await page.context().close();
  }
  // The first view before any script of the page has run (its scripts held back): no axe
  // violations and nothing sideways at 320 and 1280 px.
  for (const width of [320, 1280]) {
    const page = await openPage(ctx.browser, 'about:blank', { width, height: 800, axe: true });
    await page.route(/\.js(\?|$)/, (route) => route.abort());
    await page.goto(`${ctx.server.url}/`);
    await page.locator('#map-first svg').waitFor();
    const violations = await runAxe(page);
    assert.deepEqual(violations, [], `first view at ${width}px:\n${formatViolations(violations)}`);
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth), `sideways scroll at ${width}px`);
    await page.context().close();
  }
  // Without scripts the page still shows the coloured map.
  const context = await ctx.browser.newContext({ viewport: { width: 1280, height: 800 }, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${ctx.server.url}/`);
  const shown = await page.evaluate(() => { const r = document.querySelector('#map-first svg').getBoundingClientRect(); return r.width > 200 && r.height > 200; });
  assert.ok(shown, 'without scripts the drawing is shown');
  assert.match(await page.locator('noscript').last().textContent(), /alleen een afbeelding van de kaart/);
  // … with its legend: every stage and unknown, in the drawing's colours.
  const legend = await page.evaluate(() => [...document.querySelectorAll('.legend-section .legend:not(#legend) li')].map((li) => ({
    text: li.textContent.trim(), fill: li.querySelector('rect').getAttribute('fill'),
  })));
  const drawn = await page.evaluate(() => [...document.querySelectorAll('#map-first path')].map((p) => p.getAttribute('fill')));
  assert.ok(legend.length >= 5 && legend.at(-1).fill === 'url(#first-hatch)', JSON.stringify(legend));
  for (const f of drawn) assert.ok(legend.some((l) => l.fill === f), `${f} of the drawing is not in its legend`);
  await page.screenshot({ path: '/tmp/shots/first-view-noscript.png' }).catch(() => {});
  await context.close();
});

/** nameBoxes lists the written names with their boxes and what they name. */
function nameBoxes() {
  const m = document.getElementById('map').getBoundingClientRect();
  return [...document.querySelectorAll('.map-names .map-name')].map((el) => {
    const r = el.getBoundingClientRect();
    const path = document.querySelector(`path.municipality[data-code="${el.dataset.code}"]`);
    return {
      text: el.textContent, code: el.dataset.code, named: path?.getAttribute('data-name') ?? null,
      l: r.left, t: r.top, r: r.right, b: r.bottom, inside: r.left >= m.left && r.right <= m.right && r.top >= m.top && r.bottom <= m.bottom,
      hidden: el.closest('[aria-hidden="true"]') !== null,
    };
  }).filter((n) => n.r > m.left && n.l < m.right && n.b > m.top && n.t < m.bottom);
}

test('municipality names appear where they fit and never overlap, at country and at city zoom', async () => {
  for (const [width, height, view, atLeast] of [[1280, 800, '', 1], [1280, 800, '?map=9/52.1/4.9', 15], [375, 667, '?map=9/52.1/4.9', 4], [1920, 1080, '?map=10/52.0/4.6', 25]]) {
    const page = await openPage(ctx.browser, `${ctx.server.url}/${view}`, { width, height });
    await waitForColoured(page);
    await page.waitForFunction(() => document.querySelectorAll('.map-name').length > 0);
    const names = await page.evaluate(nameBoxes);
    const where = `${width}px ${view || 'country'}`;
    assert.ok(names.length >= atLeast, `${names.length} names at ${where}`);
    for (const n of names) {
      assert.equal(n.text, n.named, `a written name matches its municipality (${n.code}) at ${where}`);
      assert.ok(n.hidden, 'names repeat the tooltip and live region: hidden from assistive technology');
    }
    for (let i = 0; i < names.length; i++) {
      for (let j = i + 1; j < names.length; j++) {
        const [a, b] = [names[i], names[j]];
        const overlap = a.l < b.r && b.l < a.r && a.t < b.b && b.t < a.b;
        assert.ok(!overlap, `"${a.text}" and "${b.text}" overlap at ${where}`);
      }
    }
    // Zooming in writes more names.
    if (!view) {
      const before = names.length;
      await page.evaluate(() => document.getElementById('map').focus());
      await page.keyboard.press('Equal');
      await page.keyboard.press('Equal');
      await page.waitForFunction((n) => document.querySelectorAll('.map-name').length > n, before, { timeout: 10_000 });
    }
    assertNoProblems(page);
    await page.context().close();
  }
});

test('hover and keyboard focus show a tooltip beside the municipality with its name and stage; Escape closes it', async () => {
  const page = await openPage(ctx.browser, `${ctx.server.url}/?map=9/52.1/5.1`, { axe: true });
  await waitForColoured(page);
  // Hover: the tooltip names the municipality under the pointer, beside the pointer.
  const target = await page.locator('path.municipality[data-code="GM0344"]').boundingBox();
  const px = target.x + target.width / 2;
  const py = target.y + target.height / 2;
  await page.mouse.move(px, py);
  const label = page.locator('.map-label');
  await label.waitFor({ state: 'visible' });
  assert.equal(await page.textContent('.map-label-title'), 'Utrecht');
  assert.match(await label.textContent(), /Fase( \d: .+|: onbekend)/);
  const near = async (x, y) => {
    const b = await label.boundingBox();
    const dx = Math.max(b.x - x, 0, x - (b.x + b.width));
    const dy = Math.max(b.y - y, 0, y - (b.y + b.height));
    return Math.hypot(dx, dy);
  };
  assert.ok(await near(px, py) <= 40, `tooltip ${await near(px, py)} px from the pointer`);
  const mapBox = await page.locator('#map').boundingBox();
  const lb = await label.boundingBox();
  assert.ok(lb.x >= mapBox.x && lb.x + lb.width <= mapBox.x + mapBox.width && lb.y >= mapBox.y && lb.y + lb.height <= mapBox.y + mapBox.height, 'the tooltip stays inside the map');
  const violations = await runAxe(page);
  assert.equal(violations.length, 0, `axe-core violations (tooltip and names):\n${formatViolations(violations)}`);

  // Keyboard: the focused municipality gets the tooltip, beside its own shape.
  await page.mouse.move(mapBox.x + 2, mapBox.y + mapBox.height - 2);
  await page.evaluate(() => document.getElementById('map').focus());
  await page.keyboard.press('ArrowRight');
  const code = await page.getAttribute('#map', 'data-focus');
  const name = await page.getAttribute(`path.municipality[data-code="${code}"]`, 'data-name');
  await page.waitForFunction((n) => document.querySelector('.map-label-title')?.textContent === n, name);
  assert.match(await label.textContent(), /Fase/);
  const shape = await page.locator(`path.municipality[data-code="${code}"]`).boundingBox();
  const b = await label.boundingBox();
  const gap = Math.hypot(Math.max(b.x - (shape.x + shape.width), 0, shape.x - (b.x + b.width)), Math.max(b.y - (shape.y + shape.height), 0, shape.y - (b.y + b.height)));
  assert.ok(gap <= 40, `the keyboard tooltip is ${gap} px away from ${name}`);
  await page.keyboard.press('Escape');
  assert.equal(await label.isVisible(), false, 'Escape closes the tooltip');
  assertNoProblems(page);
  await page.context().close();
});

// A 1x1 PNG: the tile every request of the local tile server gets.
const TILE = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

test('no base map by default; with --tiles the tiles load under the municipalities with their credit line', async () => {
  const page = await openPage(ctx.browser, `${ctx.server.url}/`);
  const tileRequests = [];
  page.on('request', (r) => { if (/\.png/.test(r.url())) tileRequests.push(r.url()); });
  await waitForColoured(page);
  assert.equal(await page.locator('.leaflet-tile-pane img').count(), 0, 'no tiles without --tiles');
  assert.equal(await page.getAttribute('#map', 'data-base-map'), null);
  assert.deepEqual(tileRequests, []);
  await page.context().close();

  let served = 0;
  const tiles = http.createServer((req, res) => {
    served++;
    res.writeHead(200, { 'Content-Type': 'image/png' });
    res.end(TILE);
  });
  await new Promise((r) => tiles.listen(0, '127.0.0.1', r));
  const template = `http://127.0.0.1:${tiles.address().port}/tiles/{z}/{x}/{y}.png`;
  const server = await startServer({ args: ['--tiles', template, '--tiles-attribution', 'Kaartgegevens: © Kadaster'] });
  try {
    const p = await openPage(ctx.browser, `${server.url}/`);
    await waitForColoured(p);
    await p.waitForSelector('#map[data-base-map="on"] .leaflet-tile-pane img.leaflet-tile-loaded', { state: 'attached', timeout: 20_000 });
    assert.ok(served > 0, 'tiles were fetched from the configured server');
    const credit = await p.textContent('.leaflet-control-attribution');
    assert.match(credit, /Kaartgegevens: © Kadaster/);
    assert.match(credit, /Bron: CBS, Kadaster/);
    assertNoProblems(p); // the CSP lets the tile host in
    await p.context().close();
  } finally {
    await server.stop();
    tiles.close();
  }
});
