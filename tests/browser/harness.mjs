// harness.mjs: shared setup for the browser tests. It builds nothing: it uses
// the binary bin/inclusiekaart (env INCLUSIEKAART_BIN overrides), imports the
// 2025 boundaries from testdata/boundaries (env SHARED_DATA overrides) into a
// fresh SQLite file in a temp dir, starts `serve --addr 127.0.0.1:0` and reads
// the address from the line "listening on http://127.0.0.1:PORT" on stdout.
// With env INCLUSIEKAART_URL set it uses that running server instead.
//
// Browsers: Debian's Chromium (env CHROMIUM overrides /usr/bin/chromium),
// driven by playwright-core. No browser is ever downloaded.

import { spawn, execFile } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';

const run = promisify(execFile);

/** REPO is the repository root (two levels above this file). */
export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const AXE_PATH = path.join(REPO, 'node_modules', 'axe-core', 'axe.min.js');

/** AXE_TAGS are the rule sets the page must pass without a single violation. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

/** MUNICIPALITY_COUNT is the number of Dutch municipalities on 1 January 2025. */
export const MUNICIPALITY_COUNT = 342;

/**
 * boundaryData is the folder with the boundary files: env SHARED_DATA when
 * set, else the fixtures committed in testdata/boundaries (the whole 2025
 * municipalities and provinces; see testdata/README.md).
 */
export function boundaryData() {
  const dir = process.env.SHARED_DATA ? path.resolve(process.env.SHARED_DATA) : path.join(REPO, 'testdata', 'boundaries');
  if (!fs.existsSync(path.join(dir, 'gemeente_2025.geojson'))) {
    throw new Error(`gemeente_2025.geojson not found in ${dir}` + (process.env.SHARED_DATA ? ' (from SHARED_DATA)' : ''));
  }
  return dir;
}

/** binary returns the server binary's path; it fails loudly when it is missing. */
export function binary() {
  const bin = path.resolve(REPO, process.env.INCLUSIEKAART_BIN || path.join('bin', 'inclusiekaart'));
  if (!fs.existsSync(bin)) {
    throw new Error(`server binary ${bin} not found: run "make build" first (or set INCLUSIEKAART_BIN)`);
  }
  return bin;
}

/**
 * startServer imports the boundaries into a temp database and starts the
 * server. It resolves to {url, stop, token}; stop() kills the server and
 * removes the temp dir. Options: demo: true starts it with --demo (labelled
 * demo assessments); token: true creates an API token before serving
 * (returned as token, for PUT /api/municipalities/{code}/assessment); args
 * are extra serve flags. The server loads the shipped public record. db is
 * the temp database's path (null with INCLUSIEKAART_URL), for CLI commands
 * run against the same database while the server runs (createAccount).
 */
export async function startServer({ demo = false, token: wantToken = false, args: extraArgs = [] } = {}) {
  if (process.env.INCLUSIEKAART_URL) {
    return { url: process.env.INCLUSIEKAART_URL.replace(/\/$/, ''), stop: async () => {}, token: process.env.INCLUSIEKAART_TOKEN ?? null, db: null };
  }
  const bin = binary();
  const data = boundaryData();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'inclusiekaart-browser-'));
  const db = path.join(tmp, 'test.db');
  const cleanup = () => fs.rmSync(tmp, { recursive: true, force: true });
  try {
    for (const [level, file] of [['province', 'provincie_2025.geojson'], ['municipality', 'gemeente_2025.geojson']]) {
      await run(bin, ['import', 'boundaries', '--db', db, '--level', level, '--year', '2025', path.join(data, file)], {
        cwd: REPO,
        timeout: 120_000,
      }).catch((err) => {
        throw new Error(`import ${level} failed: ${err.message}\n${err.stderr ?? ''}`);
      });
    }
  } catch (err) {
    cleanup();
    throw err;
  }

  let token = null;
  if (wantToken) {
    try {
      const { stdout } = await run(bin, ['token', 'create', '--name', 'browser-test', '--db', db], { cwd: REPO, timeout: 30_000 });
      token = stdout.trim().split('\n').pop().trim();
    } catch (err) {
      cleanup();
      throw new Error(`token create failed: ${err.message}\n${err.stderr ?? ''}`);
    }
  }

  const args = ['serve', '--db', db, '--addr', '127.0.0.1:0'];
  if (demo) args.push('--demo');
  args.push(...extraArgs);
  const proc = spawn(bin, args, {
    cwd: REPO,
    // Tests run offline: never let a developer's base-map setting reach the page.
    env: { ...process.env, INCLUSIEKAART_TILES: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  proc.stderr.setEncoding('utf8');
  proc.stderr.on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-8000);
  });
  const exited = once(proc, 'exit');

  async function stop() {
    if (proc.exitCode === null && proc.signalCode === null) {
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    cleanup();
  }

  try {
    const url = await new Promise((resolve, reject) => {
      const lines = readline.createInterface({ input: proc.stdout });
      const timer = setTimeout(() => reject(new Error(`server printed no "listening on" line within 30 s\n${stderr}`)), 30_000);
      lines.on('line', (line) => {
        const m = /^listening on (http:\/\/127\.0\.0\.1:\d+)\s*$/.exec(line);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
      proc.on('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`server exited (${code ?? signal}) before listening\n${stderr}`));
      });
      proc.on('error', reject);
    });
    proc.stdout.resume(); // keep draining stdout so the server never blocks on a full pipe
    return { url, stop, token, db };
  } catch (err) {
    await stop();
    throw err;
  }
}

/**
 * setup registers before/after hooks that start a server (startServer's
 * options) and a browser for the test file; the returned object's server and
 * browser are set once the hooks ran.
 */
export function setup(options = {}) {
  const ctx = { server: null, browser: null };
  before(async () => {
    ctx.server = await startServer(options);
    ctx.browser = await launchBrowser();
  });
  after(async () => {
    await ctx.browser?.close();
    await ctx.server?.stop();
  });
  return ctx;
}

/**
 * createAccount runs `account create` against the server's database and
 * resolves to the invitation URL it prints. spec: name, role
 * (coordinator|contributor), organisation, position, codes (array).
 */
export async function createAccount(server, { name, role, organisation, position = '', codes = [] }) {
  if (!server.db) throw new Error('createAccount needs a server started by startServer (not INCLUSIEKAART_URL)');
  const args = ['account', 'create', '--db', server.db, '--name', name, '--role', role, '--organisation', organisation, '--public-url', server.url];
  if (position) args.push('--position', position);
  if (codes.length) args.push('--codes', codes.join(','));
  const { stdout } = await run(binary(), args, { cwd: REPO, timeout: 30_000 }).catch((err) => {
    throw new Error(`account create failed: ${err.message}\n${err.stderr ?? ''}`);
  });
  const link = stdout.split('\n').map((l) => l.trim()).find((l) => l.startsWith(`${server.url}/uitnodiging/`));
  if (!link) throw new Error(`account create printed no invitation URL:\n${stdout}`);
  return link;
}

/** launchBrowser starts Debian's Chromium headless. */
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/**
 * openPage opens url in a fresh context and records console errors, uncaught
 * exceptions and CSP violations in page.problems; assertNoProblems checks it.
 * beforeLoad(page) runs before the page is opened (to route requests, say).
 *
 * axe: true lets page.addScriptTag inject axe-core, which the server's CSP
 * (script-src 'self', no inline script) would otherwise block, by turning CSP
 * off for that context. Tests without axe keep the real CSP, so a page that
 * breaks its own policy still fails there.
 */
export async function openPage(browser, url, { width = 1280, height = 800, reducedMotion = 'reduce', axe = false, beforeLoad = null } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, reducedMotion, locale: 'nl-NL', bypassCSP: axe });
  const page = await context.newPage();
  if (beforeLoad) await beforeLoad(page); // e.g. page.route() to change an API answer
  page.problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') page.problems.push(`console.error: ${msg.text()} (${msg.location().url})`);
  });
  page.on('pageerror', (err) => page.problems.push(`uncaught: ${err.message}`));
  await page.goto(url);
  return page;
}

/**
 * waitForMap waits until all municipalities are drawn and the parts wired
 * right after the first view (search, share section, date control: the
 * page's body gets data-page="ready") are there.
 */
export async function waitForMap(page) {
  await page.waitForFunction(
    (n) => document.querySelectorAll('path.municipality').length === n && !document.getElementById('map').hasAttribute('aria-busy'),
    MUNICIPALITY_COUNT,
    { timeout: 20_000 },
  );
  await page.waitForSelector('body[data-page="ready"]', { state: 'attached', timeout: 20_000 });
}

/** waitForColoured waits until the page has joined the data to the shapes (data-state="ready") and is wired (waitForMap). */
export async function waitForColoured(page) {
  await waitForMap(page);
  await page.waitForSelector('#map[data-state="ready"]', { state: 'attached', timeout: 20_000 });
}

/**
 * putAssessment stores an assessment through the API (needs startServer({token: true})).
 * It resolves to the response status.
 */
export async function putAssessment(server, code, body) {
  const res = await fetch(`${server.url}/api/municipalities/${code}/assessment`, {
    method: 'PUT',
    headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return res.status;
}

/** mapZoom reads the map's current zoom (exposed as data-zoom on #map). */
export async function mapZoom(page) {
  return Number(await page.getAttribute('#map', 'data-zoom'));
}

/**
 * zoomInByKeyboard zooms the map with the "+" key (one step per press) to at
 * least zoom, then waits until the shapes of band (data-band) are drawn.
 */
export async function zoomInByKeyboard(page, zoom, band) {
  await page.evaluate(() => document.getElementById('map').focus());
  while ((await mapZoom(page)) < zoom) {
    await page.keyboard.press('Equal');
    await page.waitForTimeout(100);
  }
  await page.waitForFunction((b) => document.getElementById('map').dataset.band === b, band, { timeout: 20_000 });
  await waitForMap(page);
}

/** assertNoProblems fails with every console error the page produced. */
export function assertNoProblems(page) {
  if (page.problems.length) {
    throw new Error(`browser reported ${page.problems.length} problem(s):\n  ${page.problems.join('\n  ')}`);
  }
}

/** runAxe injects axe-core from node_modules and returns its violations. */
export async function runAxe(page) {
  await page.addScriptTag({ path: AXE_PATH });
  return page.evaluate((tags) => axe.run(document, { runOnly: tags }).then((r) => r.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    helpUrl: v.helpUrl,
    nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
  }))), AXE_TAGS);
}

/** formatViolations renders axe violations for a readable test failure. */
export function formatViolations(violations) {
  return violations
    .map((v) => [
      `${v.id} (${v.impact}): ${v.help}`,
      `  ${v.helpUrl}`,
      ...v.nodes.slice(0, 10).map((n) => `  - ${n.target}\n    ${String(n.summary).replace(/\n/g, '\n    ')}`),
      v.nodes.length > 10 ? `  … and ${v.nodes.length - 10} more` : '',
    ].filter(Boolean).join('\n'))
    .join('\n\n');
}
