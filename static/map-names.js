// map-names.js: the names of the municipalities written on the map, at every
// zoom where a name fits inside its municipality: the biggest shapes first,
// and a name is left out when it would touch one already written. The names
// are drawn again after every move and zoom (so more appear as the map zooms
// in). They repeat what the tooltip and the live region say, so assistive
// technology skips them (aria-hidden).

const L = window.L;

const FONT = '600 12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif'; // = .map-name in app.css
const LINE = 16; // px: height of a name's box
const PAD = 4; // px: horizontal room around a name
const GAP = 3; // px kept free between two names
const FILL_W = 0.8; // a name may take this share of its shape's width …
const FILL_H = 0.6; // … and of its height

/** outerRings returns the outer rings ([lng, lat] arrays) of a (Multi)Polygon geometry. */
function outerRings(geometry) {
  if (geometry?.type === 'Polygon') return [geometry.coordinates[0]];
  if (geometry?.type === 'MultiPolygon') return geometry.coordinates.map((p) => p[0]);
  return [];
}

/** ringCentroid is the area centroid [lng, lat] and |area| of a ring (shoelace, in degrees). */
function ringCentroid(ring) {
  let a = 0;
  let x = 0;
  let y = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const f = ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
    a += f;
    x += (ring[j][0] + ring[i][0]) * f;
    y += (ring[j][1] + ring[i][1]) * f;
  }
  if (a === 0) return { c: ring[0], area: 0 };
  return { c: [x / (3 * a), y / (3 * a)], area: Math.abs(a / 2) };
}

/**
 * anchorOf returns where a feature's name goes: the centroid of its largest
 * part, with that part's bounds (islands and exclaves do not stretch the box).
 */
function anchorOf(feature) {
  let best = null;
  for (const ring of outerRings(feature.geometry)) {
    const { c, area } = ringCentroid(ring);
    if (!best || area > best.area) best = { c, area, ring };
  }
  if (!best) return null;
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of best.ring) {
    w = Math.min(w, x); e = Math.max(e, x); s = Math.min(s, y); n = Math.max(n, y);
  }
  return { latlng: L.latLng(best.c[1], best.c[0]), bounds: L.latLngBounds([s, w], [n, e]) };
}

/**
 * createNames writes municipality names on map for the municipality layer
 * (map-layer.js: codes(), get(code)). It returns {draw()}, to call after the
 * layer is drawn anew and after every move (map.js), and anchor(code) (where a municipality's name goes,
 * a LatLng, or null).
 */
export function createNames(map, layer) {
  const pane = map.createPane('names');
  pane.style.zIndex = '455'; // above the province borders (450), below the selection (460)
  pane.style.pointerEvents = 'none';
  const box = L.DomUtil.create('div', 'map-names', pane);
  box.setAttribute('aria-hidden', 'true');
  let ctx = null; // the canvas that measures names, made at the first drawing (after the first view)
  const widths = new Map(); // name -> px
  const anchors = new WeakMap(); // feature -> anchorOf(feature)

  const widthOf = (name) => {
    if (!ctx) {
      ctx = document.createElement('canvas').getContext('2d');
      ctx.font = FONT;
    }
    if (!widths.has(name)) widths.set(name, Math.ceil(ctx.measureText(name).width) + PAD);
    return widths.get(name);
  };

  function candidates() {
    const view = map.getBounds();
    const out = [];
    for (const code of layer.codes()) {
      const feature = layer.get(code)?.feature;
      const name = feature?.properties?.name;
      if (!name) continue;
      if (!anchors.has(feature)) anchors.set(feature, anchorOf(feature));
      const a = anchors.get(feature);
      if (!a || !view.contains(a.latlng)) continue;
      const nw = map.latLngToLayerPoint(a.bounds.getNorthWest());
      const se = map.latLngToLayerPoint(a.bounds.getSouthEast());
      const bw = se.x - nw.x;
      const bh = se.y - nw.y;
      const w = widthOf(name);
      if (w > bw * FILL_W || LINE > bh * FILL_H) continue;
      const p = map.latLngToLayerPoint(a.latlng);
      out.push({ code, name, x: p.x - w / 2, y: p.y - LINE / 2, w, h: LINE, size: bw * bh });
    }
    return out.sort((a, b) => b.size - a.size || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  }

  function draw() {
    const placed = [];
    for (const c of candidates()) {
      const clash = placed.some((o) => c.x < o.x + o.w + GAP && o.x < c.x + c.w + GAP && c.y < o.y + o.h + GAP && o.y < c.y + c.h + GAP);
      if (!clash) placed.push(c);
    }
    box.replaceChildren(...placed.map((c) => {
      const el = L.DomUtil.create('span', 'map-name');
      el.textContent = c.name;
      el.dataset.code = c.code;
      el.style.width = `${c.w}px`;
      L.DomUtil.setPosition(el, L.point(Math.round(c.x), Math.round(c.y)));
      return el;
    }));
  }

  map.on('zoomstart', () => box.replaceChildren()); // stale positions during the zoom
  return {
    draw,
    anchor(code) {
      const feature = layer.get(code)?.feature;
      if (!feature) return null;
      if (!anchors.has(feature)) anchors.set(feature, anchorOf(feature));
      return anchors.get(feature)?.latlng ?? null;
    },
  };
}
