// bench/page-load.mjs: time from navigation to the first fully coloured view
// (every municipality drawn in its colour: on `/` the server's drawing in
// the page, shown until the Leaflet map is drawn over it; the time of that
// interactive map is reported too) and the bytes transferred for the
// first view, for (a) the Inclusiekaart page `/` and (b) a bare Leaflet page
// that loads the source GeoJSON file (gemeente_2025.geojson, as a plain file
// server would send it) from a throwaway local server in a temp dir outside
// the repository. Chromium (Debian's), loopback, median of N runs, first on
// the loopback as it is, then under an emulated slow 4G link (CDP
// Network.emulateNetworkConditions: 1.6 Mbit/s down, 750 kbit/s up, 150 ms
// round trip).
//
//   node bench/page-load.mjs [--runs 7] [--json] [--list] [--link loopback|slow-4g]
//
// --list also prints, for each link, the responses of the last run of each
// page: URL, status, Content-Encoding and encoded size, largest first (to
// see what makes up the bytes of the first view).
//
// Every run starts with an empty cache; the two pages take turns, run by run. Times are the page's own clock
// (performance.now() since navigation start) at the first animation frame
// where the view is complete. Bytes are every response body and header the
// page received until the network was quiet for 500 ms after the first view (so lazily loaded
// parts count too). A response with another status than 200, or a request
// that failed, makes the script print the problems instead of the figures
// and exit 1: a page that errors can look fast.
//
// It builds nothing: it starts bin/inclusiekaart on a temp DB through the
// test harness (with --demo so every municipality has a colour).
import { startServer, launchBrowser } from '../tests/browser/harness.mjs';
import { plainServer } from './bare-page.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const runs = Number(arg('--runs', 7));
const asJSON = process.argv.includes('--json');
const asList = process.argv.includes('--list');
const onlyLink = arg('--link', ''); // one of the two links only (a quicker look; report both)
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };

/** SLOW_4G is the emulated link: 1.6 Mbit/s down, 750 kbit/s up, 150 ms round trip. */
const SLOW_4G = { offline: false, latency: 150, downloadThroughput: (1.6e6 / 8), uploadThroughput: (750e3 / 8) };


const problems = [];

/**
 * watchViews runs in the page from the document's start (an init script) and
 * writes the page's own clock (performance.now()) at the first animation
 * frame where the view is complete: window.__firstView, the first fully
 * coloured view, and window.__mapView, the interactive map (Leaflet, every
 * municipality a path in its colour). An animation frame runs only when the
 * page can be shown (its style sheets loaded). On the Inclusiekaart page the
 * first view is the server's drawing of the map in the page (#map-first, all
 * 342 municipalities in their colour) or the map, whichever comes first; on
 * the bare page both are its Leaflet map.
 */
function watchViews(kind) {
  const mapDrawn = () => document.getElementById('map')?.dataset.state === 'ready' && (kind === 'plain'
    ? document.querySelectorAll('path.leaflet-interactive').length >= 342
    : document.querySelectorAll('path.municipality').length === 342);
  const drawing = () => kind !== 'plain' && document.querySelector('#map-first svg path') !== null;
  const tick = () => {
    const now = performance.now();
    if (window.__firstView === undefined && (drawing() || mapDrawn())) window.__firstView = now;
    if (window.__mapView === undefined && mapDrawn()) window.__mapView = now;
    if (window.__mapView === undefined) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

async function measure(browser, name, url, kind, network) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  if (network) await cdp.send('Network.emulateNetworkConditions', network);
  let bytes = 0;
  let inFlight = 0;
  let lastActivity = Date.now();
  const urls = new Map();
  const responses = new Map(); // requestId -> { url, status, encoding, bytes }
  cdp.on('Network.requestWillBeSent', (e) => { inFlight++; lastActivity = Date.now(); urls.set(e.requestId, e.request.url); });
  cdp.on('Network.responseReceived', (e) => {
    if (e.response.status !== 200) problems.push(`${name}: ${e.response.status} for ${e.response.url}`);
    const h = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), v]));
    responses.set(e.requestId, { url: e.response.url, status: e.response.status, encoding: h['content-encoding'] ?? '-', bytes: 0 });
  });
  cdp.on('Network.loadingFinished', (e) => {
    inFlight--;
    lastActivity = Date.now();
    bytes += e.encodedDataLength;
    const r = responses.get(e.requestId);
    if (r) r.bytes = e.encodedDataLength;
  });
  cdp.on('Network.loadingFailed', (e) => {
    inFlight--;
    lastActivity = Date.now();
    problems.push(`${name}: ${urls.get(e.requestId)} failed (${e.errorText}${e.canceled ? ', cancelled' : ''})`);
  });
  page.on('pageerror', (err) => problems.push(`${name}: uncaught ${err.message}`));
  // Every animation frame from the document's start, in the page itself (not
  // polled from here, which would come late while the page is busy).
  await page.addInitScript(watchViews, kind);
  await page.goto(url, { waitUntil: 'commit' });
  const { ms, mapMs } = await page.waitForFunction(() => window.__mapView !== undefined && { ms: window.__firstView, mapMs: window.__mapView },
    null, { timeout: 120_000 }).then((h) => h.jsonValue());
  // Then 500 ms without a request, counted from the first view at the earliest:
  // what the page asks for right after that view counts too.
  lastActivity = Math.max(lastActivity, Date.now());
  while (inFlight > 0 || Date.now() - lastActivity < 500) await new Promise((r) => setTimeout(r, 50));
  await context.close();
  return { ms, mapMs, bytes, responses: [...responses.values()] };
}

const app = await startServer({ demo: true });
const plain = await plainServer();
const browser = await launchBrowser();
const results = {};
const lists = [];
try {
  const pages = [['inclusiekaart', `${app.url}/`, 'inclusiekaart'], ['plain-leaflet', plain.url, 'plain']];
  for (const [condition, network] of [['loopback', null], ['slow-4g', SLOW_4G]]) {
    if (onlyLink && onlyLink !== condition) continue;
    results[condition] = {};
    const rs = new Map(pages.map(([name]) => [name, []]));
    for (const [name, url, kind] of pages) await measure(browser, name, url, kind, network); // warm-up (server caches, disk)
    // The two pages take turns, so a busy moment on the machine hits both alike.
    for (let i = 0; i < runs; i++) {
      for (const [name, url, kind] of pages) rs.get(name).push(await measure(browser, name, url, kind, network));
    }
    for (const [name, list] of rs) {
      if (asList) lists.push([condition, name, list[list.length - 1].responses]);
      results[condition][name] = {
        runs, median_ms: Math.round(median(list.map((r) => r.ms))), all_ms: list.map((r) => Math.round(r.ms)),
        map_median_ms: Math.round(median(list.map((r) => r.mapMs))), map_all_ms: list.map((r) => Math.round(r.mapMs)),
        bytes: median(list.map((r) => r.bytes)),
      };
    }
    const r = results[condition];
    r.ratio = Math.round((r.inclusiekaart.median_ms / r['plain-leaflet'].median_ms) * 100) / 100;
    r.map_ratio = Math.round((r.inclusiekaart.map_median_ms / r['plain-leaflet'].median_ms) * 100) / 100;
  }
} finally {
  await browser.close();
  plain.stop();
  await app.stop();
}

if (problems.length) {
  console.error(`not reporting: ${problems.length} response(s) were not as expected:\n  ${[...new Set(problems)].slice(0, 20).join('\n  ')}`);
  process.exit(1);
}
if (asList) {
  for (const [condition, name, rs] of lists) {
    const total = rs.reduce((n, r) => n + r.bytes, 0);
    console.log(`${condition}, ${name}: ${rs.length} responses, ${(total / 1000).toFixed(1)} kB (encoded, with headers)`);
    for (const r of [...rs].sort((a, b) => b.bytes - a.bytes || a.url.localeCompare(b.url))) {
      console.log(`  ${(r.bytes / 1000).toFixed(1).padStart(7)} kB  ${r.status}  ${r.encoding.padEnd(5)}  ${r.url.replace(/^https?:\/\/[^/]+/, '').slice(0, 100)}`);
    }
  }
}
if (asJSON) {
  console.log(JSON.stringify(results, null, 2));
} else {
  console.log(`median of ${runs} runs, Chromium, 1280x800, empty cache; time to the first fully coloured view`);
  console.log('| link | Inclusiekaart `/` | bare Leaflet page | ratio | bytes, Inclusiekaart | bytes, bare page |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const [condition, r] of Object.entries(results)) {
    console.log(`| ${condition} | ${r.inclusiekaart.median_ms} ms | ${r['plain-leaflet'].median_ms} ms | ${r.ratio.toFixed(2)}× | ${Math.round(r.inclusiekaart.bytes / 100) / 10} kB | ${Math.round(r['plain-leaflet'].bytes / 100) / 10} kB |`);
  }
  console.log('The interactive map (Leaflet, every municipality a path) of Inclusiekaart, against the same bare page:');
  for (const [condition, r] of Object.entries(results)) {
    console.log(`| ${condition} | ${r.inclusiekaart.map_median_ms} ms | ${r['plain-leaflet'].median_ms} ms | ${r.map_ratio.toFixed(2)}× |`);
  }
  for (const [condition, r] of Object.entries(results)) {
    console.log(`${condition}: inclusiekaart map ${r.inclusiekaart.map_all_ms.join(' ')} ms`);
    console.log(`${condition}: inclusiekaart ${r.inclusiekaart.all_ms.join(' ')} ms; plain ${r['plain-leaflet'].all_ms.join(' ')} ms`);
  }
}
