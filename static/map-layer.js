// map-layer.js: the municipality layer. It fetches the shapes simplified for
// the zoom band of the map's zoom (bands from /api/config), swaps in a new
// layer when the map crosses into another band (drawing it before removing
// the old one, so the map never blanks) and keeps code -> Leaflet layer for
// the other parts of the map.

import { fetchMunicipalityShapes, takeEarlyShapes } from './api.js';
import { bandOf } from './zoom-bands.js';

const L = window.L;

/**
 * createMunicipalityLayer manages the layer on map (container el).
 * opts: zoomBands (promise of /api/config's zoom_bands), styler
 * ({styleOf, markPath}), events ({'click': fn(code, e), ...}: pointer
 * events of a municipality, listened to once on the whole layer),
 * onShapes(collection) (before the first drawing), onDrawn() (after every
 * drawing, in the same task), firstDrawAfter (a promise the drawings wait
 * for as well: what onDrawn draws along), onError(err).
 */
export function createMunicipalityLayer(map, el, { zoomBands, styler, events = {}, onShapes, onDrawn, onError, firstDrawAfter = null }) {
  let layer = null; // the municipality layer on the map
  let byCode = new Map(); // code -> Leaflet layer of the current municipality layer
  let band = null;
  let request = null; // AbortController of the newest municipality request

  function labelPath(feature, path) {
    const p = feature.properties;
    path.setAttribute('data-code', p.code);
    if (p.name) path.setAttribute('data-name', p.name);
    // The map is navigated with the arrow keys and announced through the
    // live region; the shapes themselves are presentation for assistive tech.
    path.setAttribute('aria-hidden', 'true');
    styler.markPath(p.code, path);
  }

  function build(collection) {
    const codes = new Map();
    const next = L.geoJSON(collection, {
      style: styler.styleOf,
      onEachFeature(feature, lyr) {
        const code = feature.properties.code ?? feature.id;
        feature.properties.code = code;
        codes.set(code, lyr);
      },
    });
    // A shape's events reach its layer group (e.layer is the shape): one
    // listener per event for all 342, not 342 of each.
    for (const [type, fn] of Object.entries(events)) next.on(type, (e) => fn(e.layer.feature.properties.code, e));
    return { next, codes };
  }

  let drawing = Promise.resolve(); // the newest band's fetch and drawing

  /**
   * load draws the shapes of the band of the map's zoom, unless they are
   * drawn already; it resolves once that band is drawn (a second call for
   * the band in flight waits for the same drawing).
   */
  async function load() {
    const bands = await zoomBands;
    // Zoom snaps to quarters; the bands hold whole zooms.
    let wanted = bandOf(bands, map.getZoom());
    if (wanted.band === band) return drawing;
    // The shapes the page asked for at start come first, even when the map
    // opened in another band: drawn now, refined right after.
    const early = takeEarlyShapes();
    if (early) wanted = bandOf(bands, early.zoom);
    band = wanted.band;
    request?.abort();
    const ctrl = new AbortController();
    request = ctrl;
    drawing = fetchAndDraw(wanted, early, ctrl, bands);
    return drawing;
  }

  async function fetchAndDraw(wanted, early, ctrl, bands) {
    el.setAttribute('aria-busy', 'true');
    try {
      const [collection] = await Promise.all([early ? early.promise : fetchMunicipalityShapes(wanted.zoom, ctrl.signal), firstDrawAfter]);
      if (request !== ctrl) return; // a newer band was requested meanwhile
      onShapes(collection);
      const { next, codes } = build(collection);
      byCode = codes;
      next.addTo(map);
      for (const lyr of codes.values()) labelPath(lyr.feature, lyr.getElement());
      layer?.remove();
      layer = next;
      onDrawn();
      el.dataset.band = String(wanted.band);
      el.dispatchEvent(new CustomEvent('municipalities-drawn', { detail: { band: wanted.band, count: codes.size } }));
      if (early && wanted.band !== bandOf(bands, map.getZoom()).band) queueMicrotask(load);
    } catch (err) {
      if (err.name === 'AbortError') return;
      band = null; // try again on the next zoom
      if (early) return load(); // the early request failed: ask once more, now
      onError(err);
    } finally {
      if (request === ctrl) el.removeAttribute('aria-busy');
    }
  }

  return {
    load,
    /** reload fetches the shapes of the map's band again (after the boundary year changed). */
    reload() {
      band = null;
      return load();
    },
    /** get returns the Leaflet layer of one municipality, or undefined. */
    get: (code) => byCode.get(code),
    codes: () => byCode.keys(),
    /** restyle repaints one municipality (after its selection or focus changed). */
    restyle(code) {
      const lyr = byCode.get(code);
      if (!lyr) return;
      lyr.setStyle(styler.styleOf(lyr.feature));
      styler.markPath(code, lyr.getElement());
    },
    /** restyleAll repaints every municipality (after a metric or filter change). */
    restyleAll() {
      layer?.setStyle(styler.styleOf);
      for (const [code, lyr] of byCode) styler.markPath(code, lyr.getElement());
    },
  };
}
