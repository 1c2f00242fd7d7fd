// bench/bare-page.mjs: the bare Leaflet page that bench/page-load.mjs and
// bench/page-trace.mjs measure the map page against: leaflet.js, leaflet.css
// and the source GeoJSON file (gemeente_2025.geojson) sent as a plain file
// server sends them (no compression), drawn with one L.geoJSON call, from a
// throwaway server on a temp dir outside the repository.
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { boundaryData, REPO } from '../tests/browser/harness.mjs';

/** plainServer starts the bare page's server: {url, stop()}. */
export function plainServer() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plain-leaflet-'));
  fs.copyFileSync(path.join(REPO, 'node_modules/leaflet/dist/leaflet.js'), path.join(dir, 'leaflet.js'));
  fs.copyFileSync(path.join(REPO, 'node_modules/leaflet/dist/leaflet.css'), path.join(dir, 'leaflet.css'));
  const geo = path.join(boundaryData(), 'gemeente_2025.geojson');
  fs.writeFileSync(path.join(dir, 'index.html'), `<!doctype html><html lang="nl"><head><meta charset="utf-8">
<link rel="icon" href="data:,"><link rel="stylesheet" href="leaflet.css"><style>html,body,#map{height:100%;margin:0}</style></head>
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
