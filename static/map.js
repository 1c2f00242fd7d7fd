// map.js: the Leaflet map. Municipalities are drawn from the API at a
// simplification level that matches the zoom band; the province borders lie
// on top in their own pane. Styling goes through municipalityStyle(feature,
// metric) so a later choropleth only has to supply a metric.

import { fetchMunicipalityShapes, fetchProvinceShapes } from './api.js';
import { t, onLanguageChange } from './i18n.js';

const L = window.L;

/** NL_BOUNDS is the Netherlands' bounding box, [south, west], [north, east]. */
export const NL_BOUNDS = [[50.75, 3.36], [53.56, 7.23]];

/** ATTRIBUTION is required by the CBS/Kadaster CC BY 4.0 licence; it is Dutch in both languages. */
export const ATTRIBUTION = '<span lang="nl">Bron: CBS, Kadaster</span>';

// Colours: the boundary stroke has >= 4.5:1 contrast against both the fill and
// the map background (WCAG 1.4.11 asks 3:1); see app.css for the background.
const COLORS = {
  fill: '#e6ebf0',
  stroke: '#5f6b76',
  province: '#1b1f24',
  selectedFill: '#fff1a8',
  selectedStroke: '#1b1f24',
};

/**
 * zoomBand maps a zoom level to the band that decides which simplification
 * to fetch: <=7, 8-9, 10-11, >=12. Crossing a band triggers a refetch.
 */
export function zoomBand(zoom) {
  zoom = Math.floor(zoom);
  if (zoom <= 7) return 0;
  if (zoom <= 9) return 1;
  if (zoom <= 11) return 2;
  return 3;
}

/**
 * municipalityStyle returns the Leaflet path style of one municipality.
 * metric is null for now (neutral fill); a choropleth passes a function
 * feature -> fill colour (or null for "no data").
 */
export function municipalityStyle(feature, metric = null, selected = false) {
  const fill = metric ? metric(feature) ?? COLORS.fill : COLORS.fill;
  return {
    className: 'municipality',
    color: selected ? COLORS.selectedStroke : COLORS.stroke,
    weight: selected ? 3 : 1,
    opacity: 1,
    fillColor: selected ? COLORS.selectedFill : fill,
    fillOpacity: 1,
  };
}

/**
 * createMap builds the map in element el. onSelect(props) is called when a
 * municipality is clicked. It returns the controls the rest of the page uses.
 */
export function createMap(el, { tiles = '', tilesAttribution = '', onSelect = () => {}, onError = () => {} } = {}) {
  const map = L.map(el, {
    zoomControl: false,
    minZoom: 6,
    maxZoom: 14,
    maxBounds: L.latLngBounds(NL_BOUNDS).pad(0.5),
    zoomSnap: 0.25,
    zoomDelta: 1,
    zoomAnimation: !window.matchMedia('(prefers-reduced-motion: reduce)').matches,
  });
  // Leaflet makes the container focusable for keyboard panning; give it a name.
  el.setAttribute('role', 'region');

  const zoomControl = L.control.zoom({ zoomInTitle: t('zoomIn'), zoomOutTitle: t('zoomOut') }).addTo(map);
  map.attributionControl.addAttribution(ATTRIBUTION);

  if (tiles) {
    L.tileLayer(tiles, { attribution: tilesAttribution, maxZoom: 19 }).addTo(map);
  }

  // Provinces lie above the municipalities and never catch the pointer.
  const provincePane = map.createPane('provinces');
  provincePane.style.zIndex = '450';
  provincePane.style.pointerEvents = 'none';

  let metric = null;
  let selectedCode = null;
  let layer = null; // the municipality layer on the map
  let byCode = new Map(); // code -> Leaflet layer of the current municipality layer
  let band = null;
  let request = null; // AbortController of the newest municipality request

  function styleOf(feature) {
    return municipalityStyle(feature, metric, feature.properties.code === selectedCode);
  }

  function labelPath(feature, path) {
    const p = feature.properties;
    path.setAttribute('data-code', p.code);
    if (p.name) path.setAttribute('data-name', p.name);
    // An SVG <title> names the shape for assistive tech and shows a native,
    // user-agent tooltip on hover.
    const title = document.createElementNS('http://www.w3.org/2000/svg', 'title');
    title.textContent = p.province_name ? `${p.name} (${p.province_name})` : p.name ?? p.code;
    path.appendChild(title);
    if (p.code === selectedCode) path.classList.add('is-selected');
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
          select(code);
          onSelect(feature.properties);
        });
      },
    });
    return { next, codes };
  }

  async function loadMunicipalities() {
    // Zoom snaps to quarters; the API's simplification levels are whole zooms.
    const zoom = Math.floor(map.getZoom());
    const wanted = zoomBand(zoom);
    if (wanted === band) return;
    band = wanted;
    request?.abort();
    const ctrl = new AbortController();
    request = ctrl;
    el.setAttribute('aria-busy', 'true');
    try {
      const collection = await fetchMunicipalityShapes(zoom, ctrl.signal);
      if (request !== ctrl) return; // a newer band was requested meanwhile
      const { next, codes } = buildLayer(collection);
      // Draw the new layer before removing the old one so the map never blanks.
      next.addTo(map);
      layer?.remove();
      layer = next;
      byCode = codes;
      if (selectedCode) byCode.get(selectedCode)?.bringToFront();
      el.dataset.band = String(wanted);
      el.dispatchEvent(new CustomEvent('municipalities-drawn', { detail: { band: wanted, count: codes.size } }));
    } catch (err) {
      if (err.name === 'AbortError') return;
      band = null; // try again on the next zoom
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

  function select(code) {
    const prev = selectedCode;
    selectedCode = code;
    for (const c of [prev, code]) {
      const lyr = c && byCode.get(c);
      if (lyr) lyr.setStyle(styleOf(lyr.feature));
    }
    const lyr = byCode.get(code);
    if (lyr) {
      lyr.bringToFront();
      lyr.getElement()?.classList.add('is-selected');
    }
    if (prev && prev !== code) byCode.get(prev)?.getElement()?.classList.remove('is-selected');
  }

  function applyLanguage() {
    el.setAttribute('aria-label', t('mapLabel'));
    const zin = zoomControl.getContainer().querySelector('.leaflet-control-zoom-in');
    const zout = zoomControl.getContainer().querySelector('.leaflet-control-zoom-out');
    for (const [a, key] of [[zin, 'zoomIn'], [zout, 'zoomOut']]) {
      a.title = t(key);
      a.setAttribute('aria-label', t(key));
    }
  }
  applyLanguage();
  onLanguageChange(applyLanguage);

  // data-zoom exposes the zoom to tests and user styles without a global.
  map.on('zoomend', () => {
    el.dataset.zoom = String(map.getZoom());
    loadMunicipalities();
  });
  map.fitBounds(NL_BOUNDS);
  el.dataset.zoom = String(map.getZoom());
  const ready = Promise.all([loadMunicipalities(), loadProvinces()]);

  return {
    map,
    ready,
    /** zoomTo selects the municipality and fits the map to it; false if unknown. */
    zoomTo(code) {
      const lyr = byCode.get(code);
      if (!lyr) return false;
      select(code);
      map.fitBounds(lyr.getBounds(), { padding: [24, 24], maxZoom: 12 });
      return true;
    },
    /** setMetric restyles all municipalities (null = neutral). */
    setMetric(fn) {
      metric = fn;
      layer?.setStyle(styleOf);
    },
  };
}
