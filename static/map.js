// map.js: the Leaflet map of the municipalities, put together from its
// parts: the municipality layer refetched per zoom band (map-layer.js), its
// styling (map-style.js), the label (map-label.js), the province and
// selection outlines (map-outlines.js) and the keyboard focus and selection
// (map-focus.js), the names written on it (map-names.js). This file builds
// the Leaflet map, its controls, attribution and optional base map, fits the
// Netherlands with a margin, and gives the page one object to steer the view
// with.

import { MAX_ZOOM, NL_BOUNDS, fetchProvinceShapes } from './api.js';
import { t, onLanguageChange } from './i18n.js';
import { createFocus } from './map-focus.js';
import { createLabel } from './map-label.js';
import { createMunicipalityLayer } from './map-layer.js';
import { createNames } from './map-names.js';
import { createProvincePane, createSelectionOutline, drawProvinceOutlines } from './map-outlines.js';
import { createStyler } from './map-style.js';

const L = window.L;

/** ATTRIBUTION is required by the CBS/Kadaster CC BY 4.0 licence; it is Dutch in both languages. */
export const ATTRIBUTION = '<span lang="nl">Bron: CBS, Kadaster</span>';

/**
 * fitPadding is the margin kept around the Netherlands when the map shows the
 * whole country: 6% of the map's width and height, at least 16 px, and on the
 * left at least the width of the zoom buttons, so no municipality hides
 * under a control at any screen width.
 */
export function fitPadding(map) {
  const s = map.getSize();
  const x = Math.max(16, Math.round(s.x * 0.06));
  const y = Math.max(16, Math.round(s.y * 0.06));
  return { paddingTopLeft: [Math.max(x, 52), y], paddingBottomRight: [x, Math.max(y, 24)] };
}

/**
 * addBaseMap draws the optional base map under the municipalities:
 * tiles is /api/config's tile URL template ('' = none, the default and the
 * tests' setting), attribution its credit line, added to the map's own.
 */
function addBaseMap(map, tiles, attribution) {
  if (!tiles) return;
  L.tileLayer(tiles, { attribution, maxZoom: 19, className: 'base-map' }).addTo(map);
  map.getContainer().dataset.baseMap = 'on';
}

function createLeafletMap(el, { reduceMotion }) {
  const map = L.map(el, {
    zoomControl: false,
    keyboard: false,
    minZoom: 6,
    maxZoom: MAX_ZOOM,
    maxBounds: L.latLngBounds(NL_BOUNDS).pad(0.5),
    zoomSnap: 0.25,
    zoomDelta: 1,
    zoomAnimation: !reduceMotion,
  });
  el.tabIndex = 0;
  el.setAttribute('role', 'application');
  el.setAttribute('aria-describedby', 'map-hint');
  map.attributionControl.setPrefix('<a href="https://leafletjs.com" lang="en">Leaflet</a>');
  map.attributionControl.addAttribution(ATTRIBUTION);
  return map;
}

/**
 * createMap builds the map in element el.
 * options: fillOf(code) -> colour; isKoploper(code); labelOf(code) -> {title, lines[]};
 * order() -> codes in reading order; onOpen(code) (click or Enter);
 * onFocusItem(code) (keyboard focus moved); onMove({zoom, lat, lng}); view (initial {zoom, lat, lng});
 * zoomBands (promise of /api/config's zoom_bands); baseMap (promise of
 * {tiles, attribution} from /api/config); onShapes(collection) runs when a
 * municipality layer arrives, before it is drawn (the features carry the list's
 * properties, so the page can colour the first drawing).
 */
export function createMap(el, opts = {}) {
  const {
    baseMap = Promise.resolve({ tiles: '', attribution: '' }), onError = () => {},
    fillOf = () => null, isKoploper = () => false, labelOf = () => null,
    order = () => [], onOpen = () => {}, onFocusItem = () => {}, onMove = () => {}, view = null,
    onShapes = () => {}, zoomBands = Promise.resolve([]),
  } = opts;
  const reduceMotion = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  const map = createLeafletMap(el, { reduceMotion });
  baseMap.then((b) => addBaseMap(map, b?.tiles, b?.attribution)).catch(onError);
  const zoomControl = L.control.zoom({ zoomInTitle: t('zoomIn'), zoomOutTitle: t('zoomOut') }).addTo(map);

  const marks = { selected: null, focus: null }; // codes, shared by the parts
  // The province borders are drawn with the first municipalities, in the
  // same task, so the frame that shows the colours shows the borders too
  // (and the page is not painted twice in between).
  createProvincePane(map);
  let provinceShapes = null;
  const provinces = fetchProvinceShapes().then((c) => { provinceShapes = c; }, onError);
  const drawSelection = createSelectionOutline(map);
  const label = createLabel(map, { labelOf, marks, anchorOf: (code) => names.anchor(code) });
  const styler = createStyler({ marks, fillOf, isKoploper });
  let focus = null;
  const layer = createMunicipalityLayer(map, el, {
    zoomBands,
    styler,
    firstDrawAfter: provinces,
    onShapes,
    onError,
    events: {
      click(code) {
        focus.setFocus(code, { pan: false, notify: false });
        onOpen(code, 'pointer');
      },
      'mouseover mousemove': (code, e) => label.show(code, e.latlng),
      mouseout: (code) => label.hideSoon(code),
    },
    onDrawn() {
      if (provinceShapes) drawProvinceOutlines(map, provinceShapes);
      provinceShapes = null;
      drawNamesAfterFrame();
      focus.bringUp();
      drawSelection(layer.get(marks.selected));
    },
  });
  const names = createNames(map, layer);
  // The names are written after the frame that shows the drawn shapes (a
  // move writes them at once); until the page says its first coloured view
  // is shown (firstViewShown) they wait, so they never delay that view (a
  // link with a selection moves the map before it, say).
  let namesFrame = 0;
  let afterFirstView = false;
  let namesWaiting = false;
  map.on('moveend', () => {
    if (afterFirstView) names.draw();
    else namesWaiting = true;
  });
  function drawNamesAfterFrame() {
    if (!afterFirstView) {
      namesWaiting = true;
      return;
    }
    cancelAnimationFrame(namesFrame);
    namesFrame = requestAnimationFrame(() => setTimeout(names.draw, 0));
  }
  focus = createFocus(map, el, { marks, layer, label, drawSelection }, { order, onOpen, onFocusItem, reduceMotion });

  function applyLanguage() {
    el.setAttribute('aria-label', t('mapLabel'));
    const box = zoomControl.getContainer();
    for (const [a, key] of [[box.querySelector('.leaflet-control-zoom-in'), 'zoomIn'], [box.querySelector('.leaflet-control-zoom-out'), 'zoomOut']]) {
      a.title = t(key);
      a.setAttribute('aria-label', t(key));
    }
    label.refresh();
  }
  applyLanguage();
  onLanguageChange(applyLanguage);

  // data-zoom exposes the zoom to tests and user styles without a global.
  map.on('zoomend', () => {
    el.dataset.zoom = String(map.getZoom());
    drawSelection(layer.get(marks.selected)); // the ring depends on the shape's size on screen
    layer.load();
  });
  map.on('moveend', () => {
    const c = map.getCenter();
    onMove({ zoom: map.getZoom(), lat: c.lat, lng: c.lng });
  });
  if (view) map.setView([view.lat, view.lng], view.zoom, { animate: false });
  else {
    // The first fit is exact (no zoom snapping), as the first view's drawing
    // in the page is fitted (internal/server/firstview.go, .map-first in
    // app.css): the map lies where the drawing was.
    const snap = map.options.zoomSnap;
    map.options.zoomSnap = 0;
    map.fitBounds(NL_BOUNDS, fitPadding(map));
    map.options.zoomSnap = snap;
  }
  el.dataset.zoom = String(map.getZoom());
  const ready = Promise.all([layer.load(), provinces]);

  return {
    map,
    ready,
    /**
     * firstViewShown tells the map that the page's first coloured view has
     * been shown (call it after that frame): the names of the shapes drawn
     * so far are written now.
     */
    firstViewShown() {
      if (afterFirstView) return;
      afterFirstView = true;
      if (namesWaiting) names.draw();
      namesWaiting = false;
    },
    select: focus.select,
    setFocus: focus.setFocus,
    hideLabel: label.hide,
    /** zoomTo selects the municipality and fits the map to it; false if unknown. */
    zoomTo(code, { animate = !reduceMotion } = {}) {
      const lyr = layer.get(code);
      focus.select(code);
      if (!lyr) return false;
      map.fitBounds(lyr.getBounds(), { padding: [24, 24], maxZoom: 12, animate });
      return true;
    },
    /** showCode pans the map just enough to bring the municipality into view (zoom kept). */
    showCode(code) {
      const lyr = layer.get(code);
      if (!lyr) return false;
      const b = lyr.getBounds();
      if (!map.getBounds().contains(b)) map.panInside(b.getCenter(), { padding: [40, 40], animate: false });
      return true;
    },
    /** fitCodes fits the map to the union of the given municipalities (all when empty). */
    fitCodes(codes) {
      if (!codes?.length) return map.fitBounds(NL_BOUNDS, { ...fitPadding(map), animate: !reduceMotion });
      let b = null;
      for (const c of codes) {
        const lyr = layer.get(c);
        if (lyr) b = b ? b.extend(lyr.getBounds()) : L.latLngBounds(lyr.getBounds().getSouthWest(), lyr.getBounds().getNorthEast());
      }
      if (b) map.fitBounds(b, { padding: [16, 16], animate: !reduceMotion });
      return undefined;
    },
    setView(v) {
      if (v) map.setView([v.lat, v.lng], v.zoom, { animate: false });
    },
    getView() {
      const c = map.getCenter();
      return { zoom: map.getZoom(), lat: c.lat, lng: c.lng };
    },
    /** reloadShapes draws the shapes again (after api.js's boundary year changed). */
    reloadShapes() {
      return layer.reload();
    },
    /** restyle repaints every municipality (after a metric or filter change). */
    restyle() {
      layer.restyleAll();
      label.refresh();
    },
    invalidate() {
      map.invalidateSize();
    },
    getFeature(code) {
      return layer.get(code)?.feature ?? null;
    },
  };
}
