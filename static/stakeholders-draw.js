// stakeholders-draw.js: the figure of the stakeholder page, drawn with
// Leaflet in a non-geographic coordinate system (L.CRS.Simple): concentric
// rings around people with lived experience, or a power/interest grid. Every
// group is a marker that is a button (Tab, then Enter or Space). Leaflet is
// the global L from /vendor/leaflet/leaflet.js.

import { h } from './dom.js';
import { t, tx } from './i18n.js';
import { STATUS_ICON, category, isMunicipality, orderedGroups, shapeIcon, statusWord } from './stakeholders-groups.js';

const L = window.L;

// Ring geometry in map units (L.CRS.Simple: one unit is one pixel at zoom 0).
const RING_OUTER = { core: 20, directly_involved: 50, consulted: 76, informed: 99 };
const RING_INNER = { core: 0, directly_involved: 20, consulted: 50, informed: 76 };
// Start angles (degrees; -90 is the top). No marker sits at the bottom (90),
// where each ring's title is written.
const RING_OFFSET = { core: 0, directly_involved: -90, consulted: -67.5, informed: -20 };
const EXTENT = 104;
const GRID = 92; // half-width of the power/interest grid
const MARKER_W = 112; // marker box in pixels (see .sh-marker in stakeholders.css)
const MARKER_H = 58;
const ROW_W = 176; // grid markers: shape left of a one-line label
const ROW_H = 26;

const CELLS = {
  keep_satisfied: [[0, -GRID], [GRID, 0]],
  manage_closely: [[0, 0], [GRID, GRID]],
  monitor: [[-GRID, -GRID], [0, 0]],
  keep_informed: [[-GRID, 0], [0, GRID]],
};

/** ringPositions places the groups of each ring evenly around its band. */
function ringPositions(doc, groups) {
  const pos = new Map();
  for (const ring of doc.rings.map((r) => r.id)) {
    const members = groups.filter((g) => g.ring === ring);
    const n = members.length;
    members.forEach((g, i) => {
      if (ring === 'core' && n === 1) {
        pos.set(g.id, [0, 0]);
        return;
      }
      const r = ring === 'core' ? 8 : (RING_INNER[ring] + RING_OUTER[ring]) / 2;
      const a = ((RING_OFFSET[ring] + (360 * i) / n) * Math.PI) / 180;
      pos.set(g.id, [-r * Math.sin(a), r * Math.cos(a)]); // [lat=y, lng=x]; a=-90° is the top
    });
  }
  return pos;
}

/** quadrantRange is the [bottom, top] of a quadrant with high or low power. */
function quadrantRange(q) {
  return q === 'manage_closely' || q === 'keep_satisfied' ? [0, GRID] : [-GRID, 0];
}

/**
 * gridPositions maps power to y and interest to x, then pushes markers whose
 * boxes would overlap apart, keeping each group inside its quadrant. scale
 * is pixels per map unit, so the boxes match the drawn marker size.
 */
function gridPositions(groups, scale) {
  const pts = groups.map((g) => ({ id: g.id, q: g.quadrant, x: (g.interest - 0.5) * 2 * GRID, y: (g.power - 0.5) * 2 * GRID }));
  const W = (ROW_W + 6) / scale;
  const H = (ROW_H + 4) / scale;
  // The anchor is the centre of the marker box; keep the box inside its
  // quadrant, below the quadrant's title.
  const half = ROW_H / 2 / scale;
  const title = 24 / scale;
  const xMin = W / 2 + 1;
  const xMax = GRID - W / 2 - 1;
  const top = (q) => quadrantRange(q)[1] - title - half;
  const bottom = (q) => quadrantRange(q)[0] + half + 1;
  for (const p of pts) {
    const highI = p.q === 'manage_closely' || p.q === 'keep_informed';
    p.y = Math.min(top(p.q), Math.max(bottom(p.q), p.y));
    p.x = highI ? Math.min(xMax, Math.max(xMin, p.x)) : Math.max(-xMax, Math.min(-xMin, p.x));
  }
  // Two markers never fit side by side in a quadrant, so each quadrant is a
  // column: keep the order of power, top-down, at least H apart.
  for (const q of new Set(pts.map((p) => p.q))) {
    const col = pts.filter((p) => p.q === q).sort((a, b) => b.y - a.y || a.x - b.x);
    col[0].y = Math.min(col[0].y, top(q));
    for (let i = 1; i < col.length; i++) col[i].y = Math.min(col[i].y, col[i - 1].y - H);
    const last = col.length - 1;
    col[last].y = Math.max(col[last].y, bottom(q));
    for (let i = last - 1; i >= 0; i--) col[i].y = Math.max(col[i].y, col[i + 1].y + H);
  }
  return new Map(pts.map((p) => [p.id, [p.y, p.x]]));
}

function textMarker(latlng, text, className) {
  return L.marker(latlng, {
    icon: L.divIcon({ className: `sh-text ${className}`, html: h('span', { text }), iconSize: null }),
    interactive: false,
    keyboard: false,
  });
}

/** markerContent is what a group's marker shows: shape (with status badge) and name (with status in words). */
function markerContent(doc, g) {
  const municipal = isMunicipality(doc);
  return [
    h('span', { class: 'sh-icon' }, shapeIcon(category(doc, g)),
      municipal ? h('span', { class: `sh-badge sh-badge-${g.status}`, 'aria-hidden': 'true', text: STATUS_ICON[g.status] }) : null),
    h('span', { class: 'sh-label' }, tx(g.short) || tx(g.name),
      municipal ? h('span', { class: 'visually-hidden', text: `: ${statusWord(g.status)}` }) : null),
  ];
}

/**
 * createFigure builds the Leaflet map in container. onOpen(groupId, node)
 * runs when a marker is clicked or activated from the keyboard. It returns
 * {draw(doc, mode), marker(id) (the element of a group's marker), markers()}.
 */
export function createFigure(container, { onOpen }) {
  const map = L.map(container, {
    crs: L.CRS.Simple,
    minZoom: -3,
    maxZoom: 3,
    zoomSnap: 0.25,
    zoomDelta: 0.5,
    attributionControl: false,
    keyboard: true,
  });
  map.fitBounds([[-EXTENT, -EXTENT], [EXTENT, EXTENT]]);
  let doc = null;
  let mode = 'rings';
  let layers = null;
  const markers = new Map(); // group id -> Leaflet marker

  const bounds = () => (mode === 'grid' ? [[-GRID - 10, -GRID - 10], [GRID + 6, GRID + 6]] : [[-EXTENT, -EXTENT], [EXTENT, EXTENT]]);

  function drawBackground(group) {
    if (mode === 'rings') {
      for (const r of doc.rings.slice().reverse()) { // outermost first, so inner rings paint on top
        L.circle([0, 0], { radius: RING_OUTER[r.id], interactive: false, className: `sh-ring sh-ring-${r.id}` }).addTo(group);
      }
      for (const r of doc.rings) {
        if (r.id !== 'core') textMarker([-(RING_OUTER[r.id] - 4), 0], tx(r.label), 'sh-ring-label').addTo(group);
      }
      return;
    }
    for (const q of doc.quadrants) {
      const b = CELLS[q.id];
      if (!b) continue;
      L.rectangle(b, { interactive: false, className: `sh-quadrant sh-quadrant-${q.id}` }).addTo(group);
      textMarker([b[1][0] - 4, (b[0][1] + b[1][1]) / 2], tx(q.label), 'sh-quadrant-label').addTo(group);
    }
    textMarker([-GRID - 5, 0], t('axisInterest'), 'sh-axis').addTo(group);
    textMarker([0, -GRID - 3], t('axisPower'), 'sh-axis sh-axis-y').addTo(group);
  }

  function drawMarkers(group) {
    markers.clear();
    const groups = orderedGroups(doc);
    const grid = mode === 'grid';
    const pos = grid ? gridPositions(groups, map.getZoomScale(map.getZoom(), 0)) : ringPositions(doc, groups);
    for (const g of groups) {
      const status = isMunicipality(doc) ? ` sh-status-${g.status}` : '';
      const marker = L.marker(pos.get(g.id), {
        icon: L.divIcon({
          className: `sh-marker sh-cat-${g.category}${status}${grid ? ' sh-row' : ''}`,
          html: '',
          iconSize: grid ? [ROW_W, ROW_H] : [MARKER_W, MARKER_H],
          iconAnchor: grid ? [ROW_W / 2, ROW_H / 2] : [MARKER_W / 2, 14],
        }),
        keyboard: true,
        riseOnHover: true,
      });
      marker.on('add', () => marker.getElement().replaceChildren(...markerContent(doc, g)));
      marker.on('click', () => onOpen(g.id, marker.getElement()));
      marker.addTo(group);
      const node = marker.getElement();
      node.dataset.group = g.id;
      node.setAttribute('aria-controls', 'sh-detail');
      node.removeAttribute('title');
      // Enter and Space activate the button (Leaflet's own Enter handling only
      // opens bound popups).
      node.addEventListener('keydown', (e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          onOpen(g.id, node);
        }
      });
      markers.set(g.id, marker);
    }
  }

  function draw(nextDoc = doc, nextMode = mode) {
    doc = nextDoc;
    mode = nextMode;
    layers?.remove();
    layers = L.layerGroup().addTo(map);
    map.fitBounds(bounds(), { animate: false });
    drawBackground(layers);
    drawMarkers(layers);
    container.dataset.mode = mode;
    container.removeAttribute('aria-busy');
  }

  const marker = (id) => markers.get(id)?.getElement() ?? null;

  let lastZoom = null;
  new ResizeObserver(() => {
    map.invalidateSize();
    map.fitBounds(bounds(), { animate: false });
    // Marker spacing depends on the zoom: lay out again when it changed.
    if (doc && layers && map.getZoom() !== lastZoom) {
      const focused = document.activeElement?.closest?.('.sh-marker')?.dataset.group;
      draw();
      if (focused) marker(focused)?.focus();
    }
    lastZoom = map.getZoom();
  }).observe(container);

  return { draw, marker, markers: () => markers };
}
