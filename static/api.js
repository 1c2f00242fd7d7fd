// api.js: the few JSON requests the page makes. Every function throws an
// Error naming the URL on a non-2xx answer, so callers show one message.

async function getJSON(url, signal) {
  const res = await fetch(url, { signal, headers: { Accept: 'application/json, application/geo+json' } });
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return res.json();
}

/** fetchConfig returns {tiles, tiles_attribution, demo}; a missing config means defaults. */
export async function fetchConfig() {
  try {
    return await getJSON('/api/config');
  } catch {
    return { tiles: '', tiles_attribution: '', demo: false };
  }
}

/** fetchMunicipalities returns the list of municipalities (for search). */
export function fetchMunicipalities(signal) {
  return getJSON('/api/municipalities', signal);
}

/** fetchMunicipalityShapes returns the FeatureCollection simplified for zoom. */
export function fetchMunicipalityShapes(zoom, signal) {
  return getJSON(`/api/municipalities.geojson?zoom=${encodeURIComponent(zoom)}`, signal);
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
 * fetchValues returns Map code -> {parts, values} for every municipality, from
 * the list (GET /api/municipalities carries both).
 */
export async function fetchValues(items) {
  const out = new Map();
  for (const it of items) out.set(it.code, { parts: it.parts ?? {}, values: it.values ?? {} });
  return out;
}

/** fetchShape returns the GeoJSON feature of one municipality at full detail (zoom 12). */
export async function fetchShape(code, bbox, signal) {
  const fc = await getJSON(`/api/municipalities.geojson?zoom=12&bbox=${bbox.join(',')}`, signal);
  return { collection: fc, feature: fc.features.find((f) => (f.id ?? f.properties.code) === code) ?? null };
}
