// map-outlines.js: the outlines that lie above the municipalities in panes
// of their own and never catch the pointer: the province borders, and the
// outline of the selected municipality (with a ring around it when it is too
// small to see at the current zoom).

const L = window.L;

const BLACK = '#000000';
const HALO = '#ffffff';
const MIN_VISIBLE = 24; // px: a selected shape smaller than this gets a ring

function pane(map, name, zIndex) {
  const p = map.createPane(name);
  p.style.zIndex = String(zIndex);
  p.style.pointerEvents = 'none';
}

/** createProvincePane makes the pane of the province borders (above the municipalities, below the names). */
export function createProvincePane(map) {
  pane(map, 'provinces', 450);
}

/** drawProvinceOutlines draws the province borders (a FeatureCollection) in their pane. */
export function drawProvinceOutlines(map, collection) {
  L.geoJSON(collection, {
    pane: 'provinces',
    interactive: false,
    style: () => ({ className: 'province', color: BLACK, weight: 2.5, opacity: 1, fill: false }),
  }).addTo(map);
}

/**
 * createSelectionOutline returns draw(lyr): it outlines the municipality
 * layer lyr (or nothing, for null) in the selection pane, above everything
 * else, so it is seen at country zoom, over province borders and over the
 * hatching: a black line on a white halo (21:1 between them; black is >= 3:1
 * against every fill), with no fill, so the colour or hatching stays visible.
 */
export function createSelectionOutline(map) {
  pane(map, 'selection', 460);
  let drawn = null;
  return function draw(lyr) {
    drawn?.remove();
    drawn = null;
    if (!lyr) return;
    const common = { pane: 'selection', interactive: false, fill: false, opacity: 1, lineJoin: 'round' };
    const parts = [
      L.geoJSON(lyr.feature, { ...common, style: () => ({ ...common, className: 'selection-halo', color: HALO, weight: 8 }) }),
      L.geoJSON(lyr.feature, { ...common, style: () => ({ ...common, className: 'selection-outline', color: BLACK, weight: 4 }) }),
    ];
    const b = lyr.getBounds();
    const nw = map.latLngToLayerPoint(b.getNorthWest());
    const se = map.latLngToLayerPoint(b.getSouthEast());
    if (Math.max(se.x - nw.x, se.y - nw.y) < MIN_VISIBLE) {
      const c = b.getCenter();
      parts.push(
        L.circleMarker(c, { ...common, className: 'selection-halo selection-ring', radius: 14, color: HALO, weight: 7 }),
        L.circleMarker(c, { ...common, className: 'selection-outline selection-ring', radius: 14, color: BLACK, weight: 3 }),
      );
    }
    drawn = L.layerGroup(parts).addTo(map);
  };
}
