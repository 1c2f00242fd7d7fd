// stakeholders-draw.js: the figure of the stakeholder page, drawn with
// Leaflet in a non-geographic coordinate system (L.CRS.Simple): concentric
// rings around people with lived experience, or a power/interest grid. Every
// group is a marker that is a button (Tab, then Enter or Space). Leaflet is
// the global L from /vendor/leaflet/leaflet.js.
//
// The rings are ellipses stretched to the shape of the box they are drawn in,
// so the drawing uses the width of a wide screen as well as the height of a
// phone; after drawing, markers whose labels would touch are pushed apart
// (and the box grows when they cannot be), so no two labels ever overlap.

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

const ELLIPSE_STEPS = 96;
const MAX_STRETCH = 2.4; // widest ellipse: 2.4 times as wide as high
const LABEL_GAP = 3; // px kept free between two markers' contents
const MAX_GROW = 3; // times the box may grow by a fifth when labels cannot be separated

/** stretchOf is [sy, sx]: how much the rings stretch vertically and horizontally to fill a w x h box. */
function stretchOf(w, h) {
  if (!w || !h) return [1, 1];
  const aspect = Math.min(MAX_STRETCH, Math.max(1 / MAX_STRETCH, w / h));
  return aspect >= 1 ? [1, aspect] : [1 / aspect, 1];
}

/** ellipse is the outline of a ring of radius r stretched by [sy, sx], as LatLngs. */
function ellipse(r, [sy, sx]) {
  const pts = [];
  for (let i = 0; i < ELLIPSE_STEPS; i++) {
    const a = (2 * Math.PI * i) / ELLIPSE_STEPS;
    pts.push([r * sy * Math.sin(a), r * sx * Math.cos(a)]);
  }
  return pts;
}

/** ringPositions places the groups of each ring evenly around its band, stretched by [sy, sx]. */
function ringPositions(doc, groups, [sy, sx] = [1, 1]) {
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
      pos.set(g.id, [-r * sy * Math.sin(a), r * sx * Math.cos(a)]); // [lat=y, lng=x]; a=-90° is the top
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
  let stretch = [1, 1];
  let grown = 0; // times the box grew to separate labels
  const markers = new Map(); // group id -> Leaflet marker

  const bounds = () => (mode === 'grid'
    ? [[-GRID - 10, -GRID - 10], [GRID + 6, GRID + 6]]
    : [[-EXTENT * stretch[0], -EXTENT * stretch[1]], [EXTENT * stretch[0], EXTENT * stretch[1]]]);

  function drawBackground(group) {
    if (mode === 'rings') {
      for (const r of doc.rings.slice().reverse()) { // outermost first, so inner rings paint on top
        L.polygon(ellipse(RING_OUTER[r.id], stretch), { interactive: false, smoothFactor: 0, className: `sh-ring sh-ring-${r.id}` }).addTo(group);
      }
      for (const r of doc.rings) {
        if (r.id !== 'core') textMarker([-(RING_OUTER[r.id] - 4) * stretch[0], 0], tx(r.label), 'sh-ring-label').addTo(group);
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
    const pos = grid ? gridPositions(groups, map.getZoomScale(map.getZoom(), 0)) : ringPositions(doc, groups, stretch);
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

  /**
   * separate pushes apart markers whose contents (shape and label) touch each
   * other or a ring's title, in screen pixels, keeping them inside the box.
   * It returns false when some still touch (the box is too small).
   */
  function separate() {
    const box = container.getBoundingClientRect();
    const rectOf = (els) => {
      const rs = els.filter(Boolean).map((e) => e.getBoundingClientRect());
      return { l: Math.min(...rs.map((r) => r.left)) - box.left, t: Math.min(...rs.map((r) => r.top)) - box.top, r: Math.max(...rs.map((r) => r.right)) - box.left, b: Math.max(...rs.map((r) => r.bottom)) - box.top };
    };
    const items = [];
    for (const m of markers.values()) {
      const el = m.getElement();
      items.push({ m, ...rectOf([el.querySelector('.sh-icon'), el.querySelector('.sh-label')]), dx: 0, dy: 0, fixed: false });
    }
    for (const el of container.querySelectorAll('.sh-ring-label span')) items.push({ ...rectOf([el]), dx: 0, dy: 0, fixed: true });
    const at = (it) => ({ l: it.l + it.dx, r: it.r + it.dx, t: it.t + it.dy, b: it.b + it.dy });
    const W = box.width;
    const H = box.height;
    let clear = false;
    for (let round = 0; round < 400 && !clear; round++) {
      clear = true;
      for (let i = 0; i < items.length; i++) {
        for (let j = i + 1; j < items.length; j++) {
          const [a, b] = [items[i], items[j]];
          if (a.fixed && b.fixed) continue;
          const [p, q] = [at(a), at(b)];
          const ox = Math.min(p.r, q.r) - Math.max(p.l, q.l) + LABEL_GAP;
          const oy = Math.min(p.b, q.b) - Math.max(p.t, q.t) + LABEL_GAP;
          if (ox <= 0 || oy <= 0) continue;
          clear = false;
          const share = a.fixed || b.fixed ? 1 : 0.5;
          if (ox < oy) {
            const dir = (p.l + p.r) - (q.l + q.r) >= 0 ? 1 : -1;
            if (!a.fixed) a.dx += dir * ox * share;
            if (!b.fixed) b.dx -= dir * ox * share;
          } else {
            const dir = (p.t + p.b) - (q.t + q.b) >= 0 ? 1 : -1;
            if (!a.fixed) a.dy += dir * oy * share;
            if (!b.fixed) b.dy -= dir * oy * share;
          }
        }
      }
      for (const it of items) {
        if (it.fixed) continue;
        it.dx = Math.min(W - 2 - it.r, Math.max(2 - it.l, it.dx));
        it.dy = Math.min(H - 2 - it.b, Math.max(2 - it.t, it.dy));
      }
    }
    for (const it of items) {
      if (it.fixed || (!it.dx && !it.dy)) continue;
      const p = map.latLngToContainerPoint(it.m.getLatLng());
      it.m.setLatLng(map.containerPointToLatLng([p.x + it.dx, p.y + it.dy]));
    }
    return clear;
  }

  function draw(nextDoc = doc, nextMode = mode) {
    if (nextMode !== mode) grown = 0;
    doc = nextDoc;
    mode = nextMode;
    layers?.remove();
    layers = L.layerGroup().addTo(map);
    const size = map.getSize();
    stretch = stretchOf(size.x, size.y);
    map.fitBounds(bounds(), { animate: false });
    drawBackground(layers);
    drawMarkers(layers);
    if (mode === 'rings' && !separate() && grown < MAX_GROW) {
      // Too crowded to keep every label clear: give the drawing more height (the ResizeObserver draws again).
      grown++;
      container.style.height = `${Math.round(container.getBoundingClientRect().height * 1.2)}px`;
    }
    container.dataset.mode = mode;
    container.removeAttribute('aria-busy');
  }

  const marker = (id) => markers.get(id)?.getElement() ?? null;

  let lastZoom = null;
  new ResizeObserver(() => {
    map.invalidateSize();
    map.fitBounds(bounds(), { animate: false });
    // Marker spacing depends on the zoom and the box's shape: lay out again when they changed.
    const shape = stretchOf(map.getSize().x, map.getSize().y).join();
    if (doc && layers && (map.getZoom() !== lastZoom || shape !== stretch.join())) {
      const focused = document.activeElement?.closest?.('.sh-marker')?.dataset.group;
      draw();
      if (focused) marker(focused)?.focus();
    }
    lastZoom = map.getZoom();
  }).observe(container);

  return { draw, marker, markers: () => markers };
}
