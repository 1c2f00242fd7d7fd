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
