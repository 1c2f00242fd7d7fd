// api.js: the few JSON requests the page makes. Every function throws an
// Error naming the URL on a non-2xx answer, so callers show one message.
//
// index.html also loads this module with `async`, so it runs as soon as it
// arrives (before Leaflet and the rest of the page's modules) and starts the
// requests the first view needs: the configuration (with the zoom bands), the
// scoring framework, the province borders and the municipality shapes at the
// zoom the map opens at. The shapes carry every property of the list except
// the per-indicator values, so the map can be drawn and coloured from them.

import { finestZoom } from './zoom-bands.js';

/** NL_BOUNDS is the Netherlands' bounding box, [south, west], [north, east]. */
export const NL_BOUNDS = [[50.75, 3.36], [53.56, 7.23]];

/** MAX_ZOOM is the map's deepest zoom (full detail is asked at it when no zoom bands are known). */
export const MAX_ZOOM = 14;

const early = new Map(); // URL -> promise of the JSON, started before anyone asked

async function request(url, signal) {
  const res = await fetch(url, { signal, headers: { Accept: 'application/json, application/geo+json' } });
  if (!res.ok) {
    const err = new Error(`${url}: HTTP ${res.status}`);
    err.status = res.status;
    throw err;
  }
  return res.json();
}

export function getJSON(url, signal) {
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

// The time view (timeline.js): the date whose statuses the list shows ('' =
// today) and the boundary year of the shapes (0 = the newest).
const viewTime = { date: '', year: 0 };

/** setViewTime makes the list carry the statuses of date and the shapes the boundaries of year. */
export function setViewTime(date, year = 0) {
  viewTime.date = date || '';
  viewTime.year = year || 0;
}

function shapesURL(zoom) {
  return `/api/municipalities.geojson?zoom=${zoom}${viewTime.year ? `&year=${viewTime.year}` : ''}`;
}

/**
 * OPENING_ZOOM is the zoom of the first shapes, asked before /api/config
 * (and its zoom bands) has arrived: the zoom at which the Netherlands fits a
 * map of ordinary size. With the server's bands it is also the zoom of its
 * band, so the layer asks this very URL once the bands are known (index.html
 * preloads it). A map that opens in another band draws these shapes first
 * and then refines.
 */
export const OPENING_ZOOM = 7;

let earlyShapes = null; // {zoom, url} of the shapes requested at start

/**
 * takeEarlyShapes returns (once) the shapes requested before the map existed,
 * as {zoom, promise} (zoom: the zoom they were asked for), or null when they
 * were taken or never asked.
 */
export function takeEarlyShapes() {
  const e = earlyShapes;
  earlyShapes = null;
  if (!e || !early.has(e.url)) return null;
  return { zoom: e.zoom, promise: getJSON(e.url) };
}

const CONFIG_DEFAULTS = { tiles: '', tiles_attribution: '', demo: false, zoom_bands: [] };
let config = null;

/**
 * fetchConfig returns (one request per page) {tiles, tiles_attribution, demo,
 * zoom_bands, ...}; a missing config means defaults (no zoom bands: the
 * layer then asks for the map's own whole zoom).
 */
export function fetchConfig() {
  config ??= getJSON('/api/config').then((c) => ({ ...CONFIG_DEFAULTS, ...c }), () => CONFIG_DEFAULTS);
  return config;
}

let framework = null;

/**
 * fetchFramework returns (one request per page, repeated after a failure)
 * the scoring framework: parts, indicators with ranges, labels and levels.
 */
export function fetchFramework() {
  if (!framework) {
    framework = getJSON('/api/framework');
    framework.catch(() => {
      framework = null;
    });
  }
  return framework;
}

/** fetchMunicipalities returns the list of municipalities (with parts and values), on the view's date. */
export function fetchMunicipalities(signal) {
  return getJSON(viewTime.date ? `/api/municipalities?date=${viewTime.date}` : '/api/municipalities', signal);
}

/** fetchTimeline returns {first_date, today, years}: the dates a view may show. */
export function fetchTimeline(signal) {
  return getJSON('/api/timeline', signal);
}

/** fetchChanges returns {since, until, year, changes[]}: the moves of stage in the period ('' = the default). */
export function fetchChanges(since = '', until = '', signal) {
  const q = new URLSearchParams();
  if (since) q.set('since', since);
  if (until) q.set('until', until);
  const s = q.toString();
  return getJSON(`/api/changes${s ? `?${s}` : ''}`, signal);
}

/** fetchNames returns the other names of municipalities: everyday, English and former ones. */
export function fetchNames(signal) {
  return getJSON('/api/names', signal);
}

/**
 * fetchMunicipalityShapes returns the FeatureCollection simplified for zoom
 * (the zoom of a band from /api/config, so that every map zoom in a band
 * shares one URL and one HTTP cache entry).
 */
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

/** fetchStakeholders returns the stakeholder map, generic or (with code) a municipality's. */
export function fetchStakeholders(code = '', signal) {
  return getJSON(code ? `/api/municipalities/${encodeURIComponent(code)}/stakeholders` : '/api/stakeholders', signal);
}

/** fetchShape returns the GeoJSON feature of one municipality at full detail (the finest band). */
export async function fetchShape(code, bbox, signal) {
  const zoom = finestZoom((await fetchConfig()).zoom_bands, MAX_ZOOM);
  const fc = await getJSON(`${shapesURL(zoom)}&bbox=${bbox.join(',')}`, signal);
  return { collection: fc, feature: fc.features.find((f) => (f.id ?? f.properties.code) === code) ?? null };
}

// Start the first view's requests now (the page only; not when imported elsewhere).
if (typeof window !== 'undefined' && document.getElementById('map')) {
  prefetch('/api/config');
  prefetch('/api/framework');
  earlyShapes = { zoom: OPENING_ZOOM, url: shapesURL(OPENING_ZOOM) };
  prefetch(earlyShapes.url);
  prefetch('/api/provinces.geojson');
}
