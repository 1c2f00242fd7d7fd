// map.js: the Leaflet map. Municipalities are drawn from the API at a
// simplification level that matches the zoom band; the province borders lie
// on top in their own pane. The fill of each municipality comes from the
// page (fillOf(code)): a class colour, or the hatch pattern for unknown.
//
// Keyboard: the map container is one tab stop. Arrow keys walk through the
// municipalities in the order the page gives (province, then name), Enter
// opens the focused one, + and - zoom, Shift+arrows pan, Escape closes the
// label. Leaflet's own keyboard handler is off because it uses the arrows.

import { NL_BOUNDS, fetchMunicipalityShapes, fetchProvinceShapes, takeEarlyShapes, zoomBand } from './api.js';
import { t, onLanguageChange } from './i18n.js';
import { STROKE } from './metrics.js';

const L = window.L;

export { NL_BOUNDS, zoomBand };

/** ATTRIBUTION is required by the CBS/Kadaster CC BY 4.0 licence; it is Dutch in both languages. */
export const ATTRIBUTION = '<span lang="nl">Bron: CBS, Kadaster</span>';

const COLORS = {
  fill: '#e6ebf0',
  stroke: STROKE,
  province: '#000000',
  focus: '#000000',
  selection: '#000000',
  halo: '#ffffff',
};

/**
 * createMap builds the map in element el.
 * options: fillOf(code) -> colour; isKoploper(code); labelOf(code) -> {title, lines[]};
 * order() -> codes in reading order; onOpen(code) (click or Enter);
 * onFocusItem(code) (keyboard focus moved); onMove({zoom, lat, lng}); view (initial {zoom, lat, lng});
 * onShapes(collection) runs when a municipality layer arrives, before it is drawn (the
 * features carry the list's properties, so the page can colour the first drawing).
 */
export function createMap(el, opts = {}) {
  const {
    tiles = '', tilesAttribution = '', onError = () => {},
    fillOf = () => COLORS.fill, isKoploper = () => false, labelOf = () => null,
    order = () => [], onOpen = () => {}, onFocusItem = () => {}, onMove = () => {}, view = null,
    onShapes = () => {},
  } = opts;
  const reduceMotion = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  const map = L.map(el, {
    zoomControl: false,
    keyboard: false,
    minZoom: 6,
    maxZoom: 14,
    maxBounds: L.latLngBounds(NL_BOUNDS).pad(0.5),
    zoomSnap: 0.25,
    zoomDelta: 1,
    zoomAnimation: !reduceMotion,
  });
  el.tabIndex = 0;
  el.setAttribute('role', 'application');
  el.setAttribute('aria-describedby', 'map-hint');

  const zoomControl = L.control.zoom({ zoomInTitle: t('zoomIn'), zoomOutTitle: t('zoomOut') }).addTo(map);
  map.attributionControl.setPrefix('<a href="https://leafletjs.com" lang="en">Leaflet</a>');
  map.attributionControl.addAttribution(ATTRIBUTION);

  if (tiles) {
    L.tileLayer(tiles, { attribution: tilesAttribution, maxZoom: 19 }).addTo(map);
  }

  // Provinces lie above the municipalities and never catch the pointer.
  const provincePane = map.createPane('provinces');
  provincePane.style.zIndex = '450';
  provincePane.style.pointerEvents = 'none';
  // The selected municipality's outline lies above everything else, so it is
  // seen at country zoom, over province borders and over the hatching.
  const selectionPane = map.createPane('selection');
  selectionPane.style.zIndex = '460';
  selectionPane.style.pointerEvents = 'none';

  // The small label (hover or keyboard focus), top right, with a close button.
  const Info = L.Control.extend({
    onAdd() {
      const box = L.DomUtil.create('div', 'map-label');
      box.hidden = true;
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      return box;
    },
  });
  const info = new Info({ position: 'topright' }).addTo(map);
  const infoBox = info.getContainer();
  let labelCode = null;
  let hideTimer = 0;

  function showLabel(code) {
    clearTimeout(hideTimer);
    const content = labelOf(code);
    if (!content) return hideLabel();
    labelCode = code;
    const h = document.createElement('p');
    h.className = 'map-label-title';
    h.textContent = content.title;
    const ul = document.createElement('ul');
    for (const line of content.lines) {
      const li = document.createElement('li');
      li.textContent = line;
      ul.append(li);
    }
    const close = document.createElement('button');
    close.type = 'button';
    close.className = 'map-label-close';
    close.setAttribute('aria-label', t('closeLabel'));
    close.title = t('closeLabel');
    close.tabIndex = -1; // Escape closes it from the keyboard; the map stays one tab stop.
    close.textContent = '×';
    close.addEventListener('click', () => hideLabel());
    infoBox.replaceChildren(close, h, ul);
    infoBox.hidden = false;
  }
  function hideLabel() {
    clearTimeout(hideTimer);
    labelCode = null;
    infoBox.hidden = true;
    infoBox.replaceChildren();
  }
  infoBox.addEventListener('mouseenter', () => clearTimeout(hideTimer));
  infoBox.addEventListener('mouseleave', () => {
    if (labelCode && labelCode !== focusCode) hideTimer = setTimeout(hideLabel, 400);
  });

  let selectedCode = null;
  let focusCode = null;
  let layer = null; // the municipality layer on the map
  let byCode = new Map(); // code -> Leaflet layer of the current municipality layer
  let band = null;
  let request = null; // AbortController of the newest municipality request

  function styleOf(feature) {
    const code = feature.properties.code;
    const koploper = isKoploper(code);
    const selected = code === selectedCode;
    const focused = code === focusCode;
    let weight = 0.75;
    if (koploper) weight = 2;
    if (selected) weight = 3.5;
    if (focused) weight = 4;
    return {
      className: 'municipality',
      color: focused || selected ? COLORS.focus : COLORS.stroke,
      weight,
      opacity: 1,
      dashArray: koploper && !selected && !focused ? '5 3' : null,
      fillColor: fillOf(code) ?? COLORS.fill,
      fillOpacity: 1,
    };
  }

  function markClasses(code) {
    const p = byCode.get(code)?.getElement();
    if (!p) return;
    p.classList.toggle('is-selected', code === selectedCode);
    p.classList.toggle('is-focused', code === focusCode);
    p.classList.toggle('is-koploper', isKoploper(code));
  }

  function labelPath(feature, path) {
    const p = feature.properties;
    path.setAttribute('data-code', p.code);
    if (p.name) path.setAttribute('data-name', p.name);
    // The map is navigated with the arrow keys and announced through the
    // live region; the shapes themselves are presentation for assistive tech.
    path.setAttribute('aria-hidden', 'true');
    markClasses(p.code);
  }

  function restyle(code) {
    const lyr = byCode.get(code);
    if (!lyr) return;
    lyr.setStyle(styleOf(lyr.feature));
    markClasses(code);
  }

  function buildLayer(collection) {
    const codes = new Map();
    const next = L.geoJSON(collection, {
      style: styleOf,
      onEachFeature(feature, lyr) {
        const code = feature.properties.code ?? feature.id;
        feature.properties.code = code;
        codes.set(code, lyr);
        lyr.on('add', () => labelPath(feature, lyr.getElement()));
        lyr.on('click', () => {
          setFocus(code, { pan: false, notify: false });
          onOpen(code, 'pointer');
        });
        lyr.on('mouseover', () => showLabel(code));
        lyr.on('mouseout', () => {
          clearTimeout(hideTimer);
          if (code !== focusCode) hideTimer = setTimeout(hideLabel, 400);
        });
      },
    });
    return { next, codes };
  }

  function bringUp() {
    for (const c of [selectedCode, focusCode]) if (c) byCode.get(c)?.bringToFront();
  }

  async function loadMunicipalities() {
    // Zoom snaps to quarters; the API's simplification levels are whole zooms.
    const zoom = Math.floor(map.getZoom());
    let wanted = zoomBand(zoom);
    if (wanted === band) return;
    // The shapes the page asked for at start come first, even when the map
    // opened in another band: drawn now, refined right after.
    const early = takeEarlyShapes();
    if (early) wanted = early.band;
    band = wanted;
    request?.abort();
    const ctrl = new AbortController();
    request = ctrl;
    el.setAttribute('aria-busy', 'true');
    try {
      const collection = await (early ? early.promise : fetchMunicipalityShapes(zoom, ctrl.signal));
      if (request !== ctrl) return; // a newer band was requested meanwhile
      onShapes(collection);
      const { next, codes } = buildLayer(collection);
      // Draw the new layer before removing the old one so the map never blanks.
      byCode = codes;
      next.addTo(map);
      layer?.remove();
      layer = next;
      bringUp();
      drawSelection();
      el.dataset.band = String(wanted);
      el.dispatchEvent(new CustomEvent('municipalities-drawn', { detail: { band: wanted, count: codes.size } }));
      if (early && wanted !== zoomBand(map.getZoom())) queueMicrotask(loadMunicipalities);
    } catch (err) {
      if (err.name === 'AbortError') return;
      band = null; // try again on the next zoom
      if (early) return loadMunicipalities(); // the early request failed: ask once more, now
      onError(err);
    } finally {
      if (request === ctrl) el.removeAttribute('aria-busy');
    }
  }

  async function loadProvinces() {
    try {
      const collection = await fetchProvinceShapes();
      L.geoJSON(collection, {
        pane: 'provinces',
        interactive: false,
        style: () => ({ className: 'province', color: COLORS.province, weight: 2.5, opacity: 1, fill: false }),
      }).addTo(map);
    } catch (err) {
      onError(err);
    }
  }

  /**
   * drawSelection outlines the selected municipality in the selection pane:
   * a black line on a white halo (21:1 between them; black is >= 3:1 against
   * every fill), with no fill, so the colour or hatching stays visible. When
   * the shape is too small to see at this zoom, a ring marks where it is.
   */
  let selectionLayer = null;
  function drawSelection() {
    selectionLayer?.remove();
    selectionLayer = null;
    const lyr = selectedCode ? byCode.get(selectedCode) : null;
    if (!lyr) return;
    const common = { pane: 'selection', interactive: false, fill: false, opacity: 1, lineJoin: 'round' };
    const parts = [
      L.geoJSON(lyr.feature, { ...common, style: () => ({ ...common, className: 'selection-halo', color: COLORS.halo, weight: 8 }) }),
      L.geoJSON(lyr.feature, { ...common, style: () => ({ ...common, className: 'selection-outline', color: COLORS.selection, weight: 4 }) }),
    ];
    const b = lyr.getBounds();
    const nw = map.latLngToLayerPoint(b.getNorthWest());
    const se = map.latLngToLayerPoint(b.getSouthEast());
    if (Math.max(se.x - nw.x, se.y - nw.y) < 24) {
      const c = b.getCenter();
      parts.push(
        L.circleMarker(c, { ...common, className: 'selection-halo selection-ring', radius: 14, color: COLORS.halo, weight: 7 }),
        L.circleMarker(c, { ...common, className: 'selection-outline selection-ring', radius: 14, color: COLORS.selection, weight: 3 }),
      );
    }
    selectionLayer = L.layerGroup(parts).addTo(map);
  }

  function select(code) {
    const prev = selectedCode;
    selectedCode = code;
    if (prev && prev !== code) restyle(prev);
    if (code) restyle(code);
    bringUp();
    el.dataset.selected = code ?? '';
    if (!code) delete el.dataset.selected;
    drawSelection();
  }

  /** setFocus marks code as the keyboard-focused municipality. */
  function setFocus(code, { pan = true, notify = true } = {}) {
    const prev = focusCode;
    focusCode = code;
    if (prev && prev !== code) restyle(prev);
    if (code) {
      restyle(code);
      bringUp();
      showLabel(code);
      const lyr = byCode.get(code);
      if (pan && lyr) {
        const b = lyr.getBounds();
        if (!map.getBounds().contains(b)) {
          map.panInside(b.getCenter(), { padding: [40, 40], animate: !reduceMotion });
        }
      }
      el.dataset.focus = code;
      if (notify) onFocusItem(code);
    } else {
      delete el.dataset.focus;
    }
  }

  function step(delta) {
    const codes = order();
    if (!codes.length) return;
    let i = codes.indexOf(focusCode);
    if (i < 0) i = delta > 0 ? -1 : 0;
    let next = i + delta;
    if (delta === Infinity) next = codes.length - 1;
    if (delta === -Infinity) next = 0;
    next = (next + codes.length) % codes.length;
    setFocus(codes[next]);
  }

  el.addEventListener('keydown', (e) => {
    if (e.target !== el || e.altKey || e.ctrlKey || e.metaKey) return;
    const pan = 120;
    switch (e.key) {
      case 'ArrowRight':
      case 'ArrowDown':
        if (e.shiftKey) map.panBy(e.key === 'ArrowRight' ? [pan, 0] : [0, pan], { animate: !reduceMotion });
        else step(1);
        break;
      case 'ArrowLeft':
      case 'ArrowUp':
        if (e.shiftKey) map.panBy(e.key === 'ArrowLeft' ? [-pan, 0] : [0, -pan], { animate: !reduceMotion });
        else step(-1);
        break;
      case 'Home':
        step(-Infinity);
        break;
      case 'End':
        step(Infinity);
        break;
      case 'Enter':
      case ' ':
        if (focusCode) onOpen(focusCode, 'keyboard');
        else step(1);
        break;
      case '+':
      case '=':
        map.zoomIn();
        break;
      case '-':
      case '_':
        map.zoomOut();
        break;
      case 'Escape':
        if (labelCode) hideLabel();
        else return;
        break;
      default:
        return;
    }
    e.preventDefault();
  });
  // Escape anywhere closes the label (WCAG 1.4.13), unless a control uses it.
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && labelCode && e.target === document.body) hideLabel();
  });
  el.addEventListener('blur', () => {
    if (labelCode === focusCode) hideLabel();
  });

  function applyLanguage() {
    el.setAttribute('aria-label', t('mapLabel'));
    const zin = zoomControl.getContainer().querySelector('.leaflet-control-zoom-in');
    const zout = zoomControl.getContainer().querySelector('.leaflet-control-zoom-out');
    for (const [a, key] of [[zin, 'zoomIn'], [zout, 'zoomOut']]) {
      a.title = t(key);
      a.setAttribute('aria-label', t(key));
    }
    if (labelCode) showLabel(labelCode);
  }
  applyLanguage();
  onLanguageChange(applyLanguage);

  // data-zoom exposes the zoom to tests and user styles without a global.
  map.on('zoomend', () => {
    el.dataset.zoom = String(map.getZoom());
    drawSelection(); // the ring depends on the shape's size on screen
    loadMunicipalities();
  });
  map.on('moveend', () => {
    const c = map.getCenter();
    onMove({ zoom: map.getZoom(), lat: c.lat, lng: c.lng });
  });
  if (view) map.setView([view.lat, view.lng], view.zoom, { animate: false });
  else map.fitBounds(NL_BOUNDS);
  el.dataset.zoom = String(map.getZoom());
  const ready = Promise.all([loadMunicipalities(), loadProvinces()]);

  return {
    map,
    ready,
    select,
    setFocus,
    hideLabel,
    /** zoomTo selects the municipality and fits the map to it; false if unknown. */
    zoomTo(code, { animate = !reduceMotion } = {}) {
      const lyr = byCode.get(code);
      select(code);
      if (!lyr) return false;
      map.fitBounds(lyr.getBounds(), { padding: [24, 24], maxZoom: 12, animate });
      return true;
    },
    /** showCode pans the map just enough to bring the municipality into view (zoom kept). */
    showCode(code) {
      const lyr = byCode.get(code);
      if (!lyr) return false;
      const b = lyr.getBounds();
      if (!map.getBounds().contains(b)) map.panInside(b.getCenter(), { padding: [40, 40], animate: false });
      return true;
    },
    /** fitCodes fits the map to the union of the given municipalities (all when empty). */
    fitCodes(codes) {
      if (!codes?.length) return map.fitBounds(NL_BOUNDS, { animate: !reduceMotion });
      let b = null;
      for (const c of codes) {
        const lyr = byCode.get(c);
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
    /** restyle repaints every municipality (after a metric or filter change). */
    restyle() {
      layer?.setStyle(styleOf);
      for (const c of byCode.keys()) markClasses(c);
      if (labelCode) showLabel(labelCode);
    },
    invalidate() {
      map.invalidateSize();
    },
    getFeature(code) {
      return byCode.get(code)?.feature ?? null;
    },
  };
}
