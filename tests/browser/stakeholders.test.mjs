// stakeholders.test.mjs: the stakeholder map page (/stakeholders). The rings
// draw all 16 groups, the power/interest grid keeps them, the keyboard opens
// a description (Enter) and closes it (Esc), a municipality's recorded
// coverage shows, and axe-core finds no violation in any of these states.
//
// The harness creates an API token before `serve` starts; the test records an
// assessment for Amsterdam through the API.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, putAssessment, launchBrowser, openPage, runAxe, formatViolations, assertNoProblems, waitForColoured,
} from './harness.mjs';

const GROUPS = 16;

let server;
let browser;
before(async () => {
  server = await startServer({ token: true });
  browser = await launchBrowser();
  // Amsterdam: 4 groups involved, 2 not involved, 10 unknown.
  const values = {};
  for (const id of ['lived_experience_experts', 'council', 'executive', 'civil_servants']) values[`stakeholder.${id}`] = { value: 1 };
  values['stakeholder.media'] = { value: 0, note: 'nog niet' };
  values['stakeholder.transport'] = { value: 0 };
  values['stakeholder.lived_experience_experts'].evidence = 'https://example.org/panel';
  const status = await putAssessment(server, 'GM0363', { assessed_on: '2025-06-01', source: 'LIA Amsterdam', values });
  assert.equal(status, 201, 'assessment PUT for Amsterdam');
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

function assertNoViolations(violations, state) {
  assert.equal(violations.length, 0, `axe-core violations (${state}):\n${formatViolations(violations)}`);
}

async function waitForGroups(page, mode) {
  await page.waitForFunction(
    ([n, m]) => document.querySelectorAll('#sh-map .sh-marker').length === n
      && document.getElementById('sh-map').dataset.mode === m
      && !document.getElementById('sh-map').hasAttribute('aria-busy'),
    [GROUPS, mode],
    { timeout: 20_000 },
  );
}

/** markerNames returns the accessible names of the markers (role=button). */
async function markerNames(page) {
  return page.$$eval('#sh-map .sh-marker', (els) => els.map((e) => ({
    role: e.getAttribute('role'),
    tabindex: e.getAttribute('tabindex'),
    text: e.textContent.replace(/\s+/g, ' ').trim(),
    box: (() => { const r = e.getBoundingClientRect(); return { x: r.x, y: r.y, w: r.width, h: r.height }; })(),
  })));
}

test('the rings draw all 16 groups as labelled, focusable markers, and the list has them too', async () => {
  const page = await openPage(browser, `${server.url}/stakeholders`, { axe: true });
  await waitForGroups(page, 'rings');
  const markers = await markerNames(page);
  assert.equal(markers.length, GROUPS);
  for (const m of markers) {
    assert.equal(m.role, 'button');
    assert.equal(m.tabindex, '0');
    assert.ok(m.text.length > 2, `marker without a visible label: ${JSON.stringify(m)}`);
  }
  const mapBox = await page.locator('#sh-map').boundingBox();
  for (const m of markers) {
    const cx = m.box.x + m.box.w / 2;
    const cy = m.box.y + 14;
    assert.ok(cx > mapBox.x && cx < mapBox.x + mapBox.width && cy > mapBox.y && cy < mapBox.y + mapBox.height, `${m.text} is drawn outside the map`);
  }
  assert.equal(await page.locator('path.sh-ring').count(), 4, 'four rings');
  assert.match(await page.locator('#sh-map .sh-marker', { hasText: 'Ervaringsdeskundigen' }).textContent(), /Ervaringsdeskundigen/);
  // The structured list: a heading per ring, every group once.
  assert.deepEqual(await page.locator('#sh-list h3').allTextContents(), ['Kern: ervaringsdeskundigen', 'Direct betrokken', 'Geraadpleegd en partner', 'Geïnformeerd']);
  assert.equal(await page.locator('#sh-list .sh-list-group').count(), GROUPS);
  // Honest about provenance.
  assert.match(await page.locator('#sh-provenance').textContent(), /reconstructie/);
  assert.equal(await page.getAttribute('html', 'lang'), 'nl');
  assertNoViolations(await runAxe(page), 'rings');
  assertNoProblems(page);
});

test('the power/interest grid keeps all 16 groups and the toggle reports its state', async () => {
  const page = await openPage(browser, `${server.url}/stakeholders`, { axe: true });
  await waitForGroups(page, 'rings');
  const toggle = page.getByRole('button', { name: 'Macht/belang-raster' });
  assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
  await toggle.click();
  await waitForGroups(page, 'grid');
  assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
  assert.equal(await page.locator('path.sh-quadrant').count(), 4, 'four quadrants');
  assert.equal(await page.locator('path.sh-ring').count(), 0, 'rings gone in the grid');
  const markers = await markerNames(page);
  assert.equal(new Set(markers.map((m) => m.text)).size, GROUPS, 'all 16 groups, each once');
  // High power is drawn above low power: the executive sits above the residents.
  const y = (name) => markers.find((m) => m.text.startsWith(name)).box.y;
  assert.ok(y('College van B&W') < y('Inwoners'), 'executive above residents on the power axis');
  assertNoViolations(await runAxe(page), 'grid');
  await toggle.click();
  await waitForGroups(page, 'rings');
  assertNoProblems(page);
});

test('Tab reaches a marker, Enter opens its description, Esc closes it and returns focus', async () => {
  const page = await openPage(browser, `${server.url}/stakeholders`, { axe: true });
  await waitForGroups(page, 'rings');
  // Tab through the page until a group marker has focus.
  let focused = null;
  for (let i = 0; i < 40 && !focused; i++) {
    await page.keyboard.press('Tab');
    focused = await page.evaluate(() => document.activeElement.closest('.sh-marker')?.dataset.group ?? null);
  }
  assert.equal(focused, 'lived_experience_experts', 'the first marker in tab order is the core group');
  await page.keyboard.press('Enter');
  const panel = page.locator('#sh-detail');
  await panel.waitFor({ state: 'visible' });
  assert.equal(await page.evaluate(() => document.activeElement.id), 'sh-detail-heading', 'focus moved to the description');
  assert.equal(await page.locator('#sh-detail-heading').textContent(), 'Ervaringsdeskundigen en hun organisaties');
  const text = await panel.textContent();
  for (const part of ['Waarom belangrijk', 'Hoe betrekken', 'Stap 2: Ervaringsdeskundigheid organiseren', 'Gedocumenteerd door het netwerk']) {
    assert.ok(text.includes(part), `description lacks "${part}"`);
  }
  assertNoViolations(await runAxe(page), 'description open');
  await page.keyboard.press('Escape');
  await panel.waitFor({ state: 'hidden' });
  assert.equal(await page.evaluate(() => document.activeElement.closest('.sh-marker')?.dataset.group), 'lived_experience_experts', 'focus back on the marker');
  // Click works as well, on another group.
  await page.locator('#sh-map .sh-marker[data-group="media"]').click();
  await panel.waitFor({ state: 'visible' });
  assert.equal(await page.locator('#sh-detail-heading').textContent(), 'Media');
  assertNoProblems(page);
});

test("a municipality's coverage shows on the markers, in the summary and in the list", async () => {
  const page = await openPage(browser, `${server.url}/stakeholders?code=GM0363`, { axe: true });
  await waitForGroups(page, 'rings');
  await page.locator('#sh-summary', { hasText: 'Amsterdam' }).waitFor();
  assert.match(await page.locator('#sh-summary').textContent(), /^Amsterdam betrekt 4 van de 16 groepen \(10 onbekend\)/);
  assert.equal(await page.locator('#sh-map .sh-status-involved').count(), 4);
  assert.equal(await page.locator('#sh-map .sh-status-not_involved').count(), 2);
  assert.equal(await page.locator('#sh-map .sh-status-unknown').count(), 10);
  // Status is in the marker's accessible text, not only in its colour.
  const council = await page.locator('#sh-map .sh-marker[data-group="council"]').textContent();
  assert.match(council, /betrokken/);
  assert.match(await page.locator('#sh-map .sh-marker[data-group="media"]').textContent(), /niet betrokken/);
  assert.equal(await page.locator('#sh-municipality').inputValue(), 'GM0363');
  // The way back to the map keeps the municipality selected there.
  assert.equal(await page.getAttribute('#sh-back', 'href'), '/?sel=GM0363');
  assert.equal(await page.getAttribute('#sh-back-footer', 'href'), '/?sel=GM0363');
  // The description carries the evidence.
  await page.locator('#sh-map .sh-marker[data-group="lived_experience_experts"]').click();
  await page.locator('#sh-detail a[href="https://example.org/panel"]').waitFor();
  assertNoViolations(await runAxe(page), 'municipality with description open');
  await page.keyboard.press('Escape');

  // The picker switches municipality and updates the URL.
  await page.selectOption('#sh-municipality', 'GM0344');
  await page.locator('#sh-summary', { hasText: 'Utrecht' }).waitFor();
  assert.match(await page.locator('#sh-summary').textContent(), /Utrecht.*16 onbekend/);
  assert.ok(page.url().endsWith('/stakeholders?code=GM0344'), page.url());
  await page.selectOption('#sh-municipality', '');
  await page.waitForFunction(() => document.querySelectorAll('#sh-map .sh-status-unknown').length === 0);
  assertNoProblems(page);
});

test('English: the switch translates the page and the groups; no axe violations', async () => {
  const page = await openPage(browser, `${server.url}/stakeholders?code=GM0363`, { axe: true });
  await waitForGroups(page, 'rings');
  await page.locator('#sh-summary', { hasText: 'Amsterdam' }).waitFor();
  await page.getByRole('button', { name: 'English' }).click();
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await waitForGroups(page, 'rings');
  assert.match(await page.locator('#sh-summary').textContent(), /^Amsterdam involves 4 of the 16 groups \(10 unknown\)/);
  assert.match(await page.locator('#sh-provenance').textContent(), /reconstruction/);
  assert.ok(await page.locator('#sh-map .sh-marker', { hasText: 'Lived experience' }).count() === 1);
  await page.getByRole('button', { name: 'Power/interest grid' }).click();
  await waitForGroups(page, 'grid');
  assertNoViolations(await runAxe(page), 'English, grid');
  assertNoProblems(page);
});

test('the page keeps its own CSP and fits a 320 px screen', async () => {
  const page = await openPage(browser, `${server.url}/stakeholders`, { width: 320, height: 640 });
  await waitForGroups(page, 'rings');
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(scrollWidth <= 320, `page is ${scrollWidth}px wide at 320px`);
  assertNoProblems(page);
});

/** figureLayout measures the rings drawing: its box against the map's, and every label's and shape's box. */
function figureLayout() {
  const map = document.getElementById('sh-map').getBoundingClientRect();
  const rings = [...document.querySelectorAll('#sh-map path.sh-ring')].map((p) => p.getBoundingClientRect());
  const drawing = { l: Math.min(...rings.map((r) => r.left)), r: Math.max(...rings.map((r) => r.right)) };
  const boxes = [];
  for (const m of document.querySelectorAll('#sh-map .sh-marker')) {
    for (const part of m.querySelectorAll('.sh-icon, .sh-label')) {
      const r = part.getBoundingClientRect();
      boxes.push({ owner: m.dataset.group, what: `${m.dataset.group} ${part.className}`, l: r.left, t: r.top, r: r.right, b: r.bottom });
    }
  }
  for (const el of document.querySelectorAll('#sh-map .sh-ring-label span')) {
    const r = el.getBoundingClientRect();
    boxes.push({ owner: el.textContent, what: `ring title ${el.textContent}`, l: r.left, t: r.top, r: r.right, b: r.bottom });
  }
  return { mapWidth: map.width, drawingWidth: drawing.r - drawing.l, inside: boxes.every((b) => b.l >= map.left - 1 && b.r <= map.right + 1 && b.t >= map.top - 1 && b.b <= map.bottom + 1), boxes };
}

test('ring labels never overlap and the drawing uses the width, at 320, 768, 1280 and 1920 px', async () => {
  for (const [width, height] of [[320, 640], [768, 1024], [1280, 800], [1920, 1080]]) {
    for (const path of ['/stakeholders', '/stakeholders?code=GM0363']) {
      const page = await openPage(browser, `${server.url}${path}`, { width, height });
      await waitForGroups(page, 'rings');
      // The layout settles once the drawing has the height it needs.
      await page.waitForFunction(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(true)))));
      const f = await page.evaluate(figureLayout);
      const where = `${width}px ${path}`;
      for (let i = 0; i < f.boxes.length; i++) {
        for (let j = i + 1; j < f.boxes.length; j++) {
          const [a, b] = [f.boxes[i], f.boxes[j]];
          if (a.owner === b.owner) continue;
          const overlap = a.l < b.r && b.l < a.r && a.t < b.b && b.t < a.b;
          assert.ok(!overlap, `${a.what} overlaps ${b.what} at ${where}`);
        }
      }
      assert.ok(f.inside, `every label lies inside the drawing's box at ${where}`);
      if (width >= 1280) assert.ok(f.drawingWidth >= 0.8 * f.mapWidth, `the rings use ${Math.round(f.drawingWidth)} of ${Math.round(f.mapWidth)} px at ${where}`);
      assertNoProblems(page);
      await page.context().close();
    }
  }
});

test('unknown stakeholder counts read "onbekend" / "unknown", never 0; the way back selects the municipality on the map', async () => {
  // Utrecht has no stakeholder group recorded: the API says null, the page "onbekend".
  const api = await (await fetch(`${server.url}/api/municipalities/GM0344/stakeholders`)).json();
  assert.equal(api.involved, null, 'no group known: involved is null, not 0');
  assert.equal(api.known, 0);
  const page = await openPage(browser, `${server.url}/stakeholders?code=GM0344`);
  await waitForGroups(page, 'rings');
  await page.locator('#sh-summary', { hasText: 'Utrecht' }).waitFor();
  const summary = await page.locator('#sh-summary').textContent();
  assert.match(summary, /16 onbekend/);
  assert.doesNotMatch(summary, /\b0 van de|betrekt 0/);
  await page.getByRole('button', { name: 'English' }).click();
  await page.locator('#sh-summary', { hasText: 'unknown' }).waitFor();
  assert.doesNotMatch(await page.locator('#sh-summary').textContent(), /involves 0/);
  await page.getByRole('button', { name: 'Nederlands' }).click();
  // Back to the map: Utrecht is selected there.
  await page.click('#sh-back');
  await page.waitForURL(/\/\?sel=GM0344/);
  await waitForColoured(page);
  await page.locator('#detail-name', { hasText: 'Utrecht' }).waitFor();
  assert.equal(await page.getAttribute('#map', 'data-selected'), 'GM0344');
  assertNoProblems(page);
});
