// api.js: the few JSON requests the page makes. Every function throws an
// Error naming the URL on a non-2xx answer, so callers show one message.
//
// index.html also loads this module with `async`, so it runs as soon as it
// arrives (before Leaflet and the rest of the page's modules) and starts the
// requests the first view needs: the configuration, the province borders and
// the municipality shapes for the zoom band the map will open at. The shapes
// carry every property of the list except the per-indicator values, so the
// map can be drawn and coloured from this one response.

/**
 * zoomBand maps a map zoom to the band that decides which simplification to
 * fetch: <=7, 8-9, 10-11, >=12 (the server's levels). Crossing a band refetches.
 */
export function zoomBand(zoom) {
  zoom = Math.floor(zoom);
  if (zoom <= 7) return 0;
  if (zoom <= 9) return 1;
  if (zoom <= 11) return 2;
  return 3;
}

/**
 * BAND_ZOOM is the zoom asked of the server for each band: the band's finest
 * zoom, so the shapes are never coarser than the map needs and every map zoom
 * in a band shares one URL (and one HTTP cache entry).
 */
export const BAND_ZOOM = [7, 9, 11, 12];

/** NL_BOUNDS is the Netherlands' bounding box, [south, west], [north, east]. */
export const NL_BOUNDS = [[50.75, 3.36], [53.56, 7.23]];

const early = new Map(); // URL -> promise of the JSON, started before anyone asked

async function request(url, signal) {
  const res = await fetch(url, { signal, headers: { Accept: 'application/json, application/geo+json' } });
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return res.json();
}

function getJSON(url, signal) {
  const p = early.get(url);
  if (p) {
    early.delete(url); // one use: later calls (after an edit, say) go to the server
    return p;
  }
  return request(url, signal);
}

function prefetch(url) {
  if (early.has(url)) return;
  const p = request(url);
  p.catch(() => {}); // the caller that takes it sees the error
  early.set(url, p);
}

function shapesURL(zoom) {
  return `/api/municipalities.geojson?zoom=${BAND_ZOOM[zoomBand(zoom)]}`;
}

/**
 * initialZoom is the zoom in the page's URL (?map=z/lat/lng), else 7: the
 * Netherlands fitted into a map of ordinary size (band 0). It reads nothing
 * from the layout, which would force one before the page has styled itself;
 * a map that opens in another band draws these shapes first and then refines.
 */
export function initialZoom(search = location.search) {
  const mv = /^(\d+(?:\.\d+)?)\//.exec(new URLSearchParams(search).get('map') ?? '');
  return mv ? Number(mv[1]) : 7;
}

let earlyShapes = null; // {band, promise} of the shapes requested at start

/**
 * takeEarlyShapes returns (once) the shapes requested before the map existed,
 * as {band, collection promise}, or null when they were taken or never asked.
 */
export function takeEarlyShapes() {
  const e = earlyShapes;
  earlyShapes = null;
  if (!e || !early.has(e.url)) return null;
  return { band: e.band, promise: getJSON(e.url) };
}

/** fetchConfig returns {tiles, tiles_attribution, demo}; a missing config means defaults. */
export async function fetchConfig() {
  try {
    return await getJSON('/api/config');
  } catch {
    return { tiles: '', tiles_attribution: '', demo: false };
  }
}

/** fetchMunicipalities returns the list of municipalities (with parts and values). */
export function fetchMunicipalities(signal) {
  return getJSON('/api/municipalities', signal);
}

/** fetchMunicipalityShapes returns the FeatureCollection simplified for zoom's band. */
export function fetchMunicipalityShapes(zoom, signal) {
  return getJSON(shapesURL(zoom), signal);
}

/** fetchProvinceShapes returns the province FeatureCollection. */
export function fetchProvinceShapes(signal) {
  return getJSON('/api/provinces.geojson', signal);
}

/** fetchDetail returns one municipality with indicators, history, parts and neighbours. */
export function fetchDetail(code, signal) {
  return getJSON(`/api/municipalities/${encodeURIComponent(code)}`, signal);
}

/** fetchPeers returns the match centre's suggestions, optionally for one life domain. */
export function fetchPeers(code, domain = '', signal) {
  const q = domain ? `?domain=${encodeURIComponent(domain)}` : '';
  return getJSON(`/api/municipalities/${encodeURIComponent(code)}/peers${q}`, signal);
}

/** fetchCompare returns {year, municipalities, medians} for 2–6 codes. */
export function fetchCompare(codes, signal) {
  return getJSON(`/api/compare?codes=${codes.map(encodeURIComponent).join(',')}`, signal);
}

/**
 * fetchValues returns Map code -> {parts, values} for every municipality,
 * from the list (GET /api/municipalities carries both). The page asks for it
 * only when a metric needs per-indicator values.
 */
export async function fetchValues(signal) {
  const list = await fetchMunicipalities(signal);
  const out = new Map();
  for (const it of list) out.set(it.code, { parts: it.parts ?? {}, values: it.values ?? {} });
  return out;
}

/** fetchShape returns the GeoJSON feature of one municipality at full detail (zoom 12). */
export async function fetchShape(code, bbox, signal) {
  const fc = await getJSON(`/api/municipalities.geojson?zoom=12&bbox=${bbox.join(',')}`, signal);
  return { collection: fc, feature: fc.features.find((f) => (f.id ?? f.properties.code) === code) ?? null };
}

// Start the first view's requests now (the page only; not when imported elsewhere).
if (typeof window !== 'undefined' && document.getElementById('map')) {
  prefetch('/api/config');
  // Band 0, as preloaded by index.html, whatever the URL's zoom: the whole
  // country is drawn from it first and a finer band follows when needed.
  const zoom = 7;
  earlyShapes = { band: zoomBand(zoom), url: shapesURL(zoom) };
  prefetch(earlyShapes.url);
  prefetch('/api/provinces.geojson');
}
