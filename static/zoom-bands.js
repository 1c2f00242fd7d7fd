// zoom-bands.js: which simplification of the municipality shapes a map zoom
// needs. The bands come from the server (GET /api/config, zoom_bands); the
// page keeps no copy of them.

/**
 * bandOf returns the band {band, zoom} whose [min_zoom, max_zoom] holds the
 * whole part of zoom; the layer is asked with ?zoom=<band.zoom>, so every map
 * zoom in a band shares one URL. Without bands (no config) each whole zoom
 * is its own band and asks for itself: the server maps any zoom to its level.
 */
export function bandOf(bands, zoom) {
  const z = Math.floor(zoom);
  const b = (bands ?? []).find((x) => z >= x.min_zoom && z <= x.max_zoom);
  return b ? { band: b.band, zoom: b.zoom } : { band: `z${z}`, zoom: z };
}

/** finestZoom is the zoom of the most detailed band (full detail), or fallback without bands. */
export function finestZoom(bands, fallback) {
  return bands?.length ? Math.max(...bands.map((b) => b.zoom)) : fallback;
}
