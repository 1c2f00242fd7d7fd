// bench/page-load.mjs: time from navigation to all municipalities drawn and
// coloured, and the bytes transferred for the first view, for (a) the
// Inclusiekaart page and (b) a plain Leaflet page that loads the source
// GeoJSON file directly (served from a throwaway local server in a temp dir
// outside the repository). Chromium (Debian's), loopback, median of N runs.
//
//   node bench/page-load.mjs [--runs 7]
//
// It builds nothing: it starts bin/inclusiekaart on a temp DB through the
// test harness (with --demo so the map is coloured).
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, launchBrowser, boundaryData, REPO } from '../tests/browser/harness.mjs';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 7;
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };

function plainServer() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plain-leaflet-'));
  fs.copyFileSync(path.join(REPO, 'node_modules/leaflet/dist/leaflet.js'), path.join(dir, 'leaflet.js'));
  fs.copyFileSync(path.join(REPO, 'node_modules/leaflet/dist/leaflet.css'), path.join(dir, 'leaflet.css'));
  const geo = path.join(boundaryData(), 'gemeente_2025.geojson');
  fs.writeFileSync(path.join(dir, 'index.html'), `<!doctype html><html lang="nl"><head><meta charset="utf-8">
<link rel="stylesheet" href="leaflet.css"><style>html,body,#map{height:100%;margin:0}</style></head>
<body><div id="map"></div><script src="leaflet.js"></script><script>
const map = L.map('map').fitBounds([[50.75, 3.36], [53.56, 7.23]]);
fetch('gemeente.geojson').then((r) => r.json()).then((fc) => {
  L.geoJSON(fc, { style: () => ({ color: '#333', weight: 1, fillColor: '#7fcdbb', fillOpacity: 1 }) }).addTo(map);
  document.getElementById('map').dataset.state = 'ready';
});
</script></body></html>`);
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.geojson': 'application/geo+json' };
  const srv = http.createServer((req, res) => {
    const name = req.url === '/' ? 'index.html' : req.url.slice(1).split('?')[0];
    const file = name === 'gemeente.geojson' ? geo : path.join(dir, path.basename(name));
    if (!fs.existsSync(file)) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { 'Content-Type': types[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => srv.listen(0, '127.0.0.1', () => resolve({
    url: `http://127.0.0.1:${srv.address().port}/`,
    stop: () => { srv.close(); fs.rmSync(dir, { recursive: true, force: true }); },
  })));
}

async function measure(browser, url, readyJs) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  let bytes = 0;
  cdp.on('Network.loadingFinished', (e) => { bytes += e.encodedDataLength; });
  const t0 = Date.now();
  await page.goto(url);
  await page.waitForFunction(readyJs, null, { timeout: 60_000 });
  const ms = Date.now() - t0;
  await page.waitForTimeout(300); // let late responses be counted
  await context.close();
  return { ms, bytes };
}

const app = await startServer({ demo: true });
const plain = await plainServer();
const browser = await launchBrowser();
try {
  const results = {};
  for (const [name, url, ready] of [
    ['inclusiekaart', `${app.url}/`, () => document.getElementById('map')?.dataset.state === 'ready' && document.querySelectorAll('path.municipality').length === 342],
    ['plain-leaflet', plain.url, () => document.getElementById('map')?.dataset.state === 'ready' && document.querySelectorAll('path.leaflet-interactive').length >= 342],
  ]) {
    await measure(browser, url, ready); // warm-up (server caches, disk)
    const rs = [];
    for (let i = 0; i < runs; i++) rs.push(await measure(browser, url, ready));
    results[name] = { runs, median_ms: median(rs.map((r) => r.ms)), all_ms: rs.map((r) => r.ms), bytes: median(rs.map((r) => r.bytes)) };
  }
  console.log(JSON.stringify(results, null, 2));
} finally {
  await browser.close();
  plain.stop();
  await app.stop();
}
