// stakeholders.js: the stakeholder map page (/stakeholders). It draws the
// groups of /api/stakeholders on a Leaflet map with a non-geographic
// coordinate system (L.CRS.Simple): concentric rings around people with
// lived experience, or a power/interest grid. With ?code=GM0363 (or the
// picker) it lays a municipality's recorded coverage over the map.
// The same content is always present as a structured list for screen readers
// and print. Leaflet is the global L from /vendor/leaflet/leaflet.js.

import { LANGUAGES, STORAGE_KEY, initialLanguage } from './i18n.js'; // the language choice is shared with the map page

const messages = {
  nl: {
    pageTitle: 'Stakeholderkaart: wie betrek je bij een inclusieve gemeente? – Inclusiekaart',
    skip: 'Naar de stakeholderkaart',
    home: 'Inclusiekaart',
    tagline: 'Wie betrek je bij een inclusieve gemeente?',
    navLabel: 'Hoofdmenu',
    navMap: 'Kaart',
    navStakeholders: 'Stakeholderkaart',
    langSwitch: 'English',
    langSwitchLang: 'en',
    title: 'Stakeholderkaart: wie betrek je bij een inclusieve gemeente?',
    pickerLabel: 'Gemeente',
    pickerNone: 'Algemene kaart (geen gemeente)',
    gridToggle: 'Macht/belang-raster',
    viewRings: 'Ringen: van kern naar buiten',
    viewGrid: 'Macht/belang-raster',
    mapLabel: 'Stakeholderkaart',
    mapHint: 'Elke groep is een knop: ga er met Tab naartoe en druk op Enter voor de uitleg. Dezelfde inhoud staat hieronder als lijst.',
    loading: 'Kaart wordt geladen…',
    loadError: 'De stakeholderkaart kon niet worden geladen. Probeer het later opnieuw.',
    close: 'Sluiten',
    listHeading: 'Alle groepen per ring',
    sourcesHeading: 'Bronnen',
    footer: 'Stakeholderkaart: reconstructie door Inclusiekaart op basis van de bijeenkomst van het Netwerk Inclusieve Gemeenten op 11 april 2017. Kaart gemaakt met Leaflet.',
    footerBack: 'Terug naar de kaart van de gemeenten',
    legendCategories: 'Soort groep (kleur en vorm)',
    legendStatus: 'Betrokken bij deze gemeente',
    legendRings: 'Ringen',
    ring: 'Ring',
    quadrant: 'Raster',
    category: 'Soort',
    why: 'Waarom belangrijk',
    how: 'Hoe betrekken',
    steps: 'Stappen van de VNG-routekaart',
    step: (n) => `Stap ${n}`,
    sources: 'Bron',
    status: 'Status in deze gemeente',
    evidence: 'Bewijs',
    note: 'Toelichting',
    involved: 'betrokken',
    not_involved: 'niet betrokken',
    unknown: 'onbekend',
    statusLong: { involved: 'Betrokken', not_involved: 'Niet betrokken', unknown: 'Onbekend (niet vastgelegd)' },
    summary: (name, n, total, unknown) => `${name} betrekt ${n} van de ${total} groepen (${unknown} onbekend)`,
    summaryNone: (name, total) => `Voor ${name} is nog niet vastgelegd welke groepen de gemeente betrekt (${total} onbekend).`,
    summaryGeneric: (total) => `De algemene kaart: ${total} groepen. Kies een gemeente om te zien welke groepen zij betrekt.`,
    assessedOn: (date, source) => `Beoordeeld op ${date}${source ? `, bron: ${source}` : ''}.`,
    demo: 'Demo: de gegevens van deze gemeente zijn gegenereerde voorbeeldgegevens, geen echte feiten.',
    axisPower: 'Macht / invloed ↑',
    axisInterest: 'Belang →',
    opened: (name) => `Uitleg geopend: ${name}`,
    revision: (v, at) => `Versie ${v} van ${at}.`,
  },
  en: {
    pageTitle: 'Stakeholder map: who do you involve in an inclusive municipality? – Inclusiekaart',
    skip: 'Skip to the stakeholder map',
    home: 'Inclusiekaart',
    tagline: 'Who do you involve in an inclusive municipality?',
    navLabel: 'Main menu',
    navMap: 'Map',
    navStakeholders: 'Stakeholder map',
    langSwitch: 'Nederlands',
    langSwitchLang: 'nl',
    title: 'Stakeholder map: who do you involve in an inclusive municipality?',
    pickerLabel: 'Municipality',
    pickerNone: 'General map (no municipality)',
    gridToggle: 'Power/interest grid',
    viewRings: 'Rings: from the core outwards',
    viewGrid: 'Power/interest grid',
    mapLabel: 'Stakeholder map',
    mapHint: 'Each group is a button: Tab to it and press Enter for its description. The same content is listed below.',
    loading: 'Loading the map…',
    loadError: 'The stakeholder map could not be loaded. Please try again later.',
    close: 'Close',
    listHeading: 'All groups by ring',
    sourcesHeading: 'Sources',
    footer: 'Stakeholder map: reconstruction by Inclusiekaart from the session of the Netwerk Inclusieve Gemeenten on 11 April 2017. Map made with Leaflet.',
    footerBack: 'Back to the map of municipalities',
    legendCategories: 'Kind of group (colour and shape)',
    legendStatus: 'Involved by this municipality',
    legendRings: 'Rings',
    ring: 'Ring',
    quadrant: 'Grid',
    category: 'Kind',
    why: 'Why it matters',
    how: 'How to involve them',
    steps: 'Steps of the VNG route map',
    step: (n) => `Step ${n}`,
    sources: 'Source',
    status: 'Status in this municipality',
    evidence: 'Evidence',
    note: 'Note',
    involved: 'involved',
    not_involved: 'not involved',
    unknown: 'unknown',
    statusLong: { involved: 'Involved', not_involved: 'Not involved', unknown: 'Unknown (not recorded)' },
    summary: (name, n, total, unknown) => `${name} involves ${n} of the ${total} groups (${unknown} unknown)`,
    summaryNone: (name, total) => `For ${name} it has not been recorded yet which groups it involves (${total} unknown).`,
    summaryGeneric: (total) => `The general map: ${total} groups. Choose a municipality to see which groups it involves.`,
    assessedOn: (date, source) => `Assessed on ${date}${source ? `, source: ${source}` : ''}.`,
    demo: 'Demo: this municipality\'s data are generated sample data, not real facts.',
    axisPower: 'Power / influence ↑',
    axisInterest: 'Interest →',
    opened: (name) => `Description opened: ${name}`,
    revision: (v, at) => `Version ${v} of ${at}.`,
  },
};

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

const SHAPES = {
  circle: '<circle cx="12" cy="12" r="9"/>',
  square: '<rect x="3.5" y="3.5" width="17" height="17"/>',
  diamond: '<path d="M12 1.5 22.5 12 12 22.5 1.5 12Z"/>',
  triangle: '<path d="M12 2 22.5 21H1.5Z"/>',
  hexagon: '<path d="M6.5 2.5h11L23 12l-5.5 9.5h-11L1 12Z"/>',
  star: '<path d="m12 1.5 3.1 6.9 7.4.7-5.6 5 1.7 7.4L12 17.6l-6.6 3.9 1.7-7.4-5.6-5 7.4-.7Z"/>',
};
const STATUS_ICON = { involved: '✓', not_involved: '✕', unknown: '?' };

const $ = (id) => document.getElementById(id);

const state = {
  lang: 'nl',
  map: null, // the stakeholder map document (generic or a municipality's)
  municipalities: [],
  code: '',
  mode: 'rings',
  leaflet: null,
  layers: null,
  markers: new Map(),
  opener: null,
  openGroup: null,
};

function t(key, ...args) {
  const v = messages[state.lang][key] ?? messages.nl[key];
  return typeof v === 'function' ? v(...args) : v;
}

/** tx picks the current language from a {nl, en} text. */
function tx(text) {
  return (text && (text[state.lang] || text.nl)) || '';
}


function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else node.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) if (c !== null && c !== undefined) node.append(c);
  return node;
}

function escapeHTML(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

async function getJSON(url) {
  const res = await fetch(url, { headers: { Accept: 'application/json' } });
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return res.json();
}

function byID(list, id) {
  return (list || []).find((x) => x.id === id);
}

function category(g) {
  return byID(state.map.categories, g.category) || { color: '#6b7580', shape: 'circle', label: { nl: g.category, en: g.category } };
}

function isMunicipality() {
  return Boolean(state.map && state.map.code);
}

// ---------- static text ----------

function applyStatic() {
  document.documentElement.lang = state.lang;
  document.title = t('pageTitle');
  for (const node of document.querySelectorAll('[data-t]')) node.textContent = t(node.dataset.t);
  for (const node of document.querySelectorAll('[data-t-attr]')) {
    for (const pair of node.dataset.tAttr.split(';')) {
      const [attr, key] = pair.split(':');
      node.setAttribute(attr, t(key));
    }
  }
  const sw = $('sh-lang');
  sw.textContent = t('langSwitch');
  sw.lang = t('langSwitchLang');
}

function setLanguage(code) {
  state.lang = code;
  try {
    localStorage.setItem(STORAGE_KEY, code);
  } catch {
    // ignore
  }
  applyStatic();
  if (state.map) render();
}

// ---------- placement ----------

/** ringPositions places the groups of each ring evenly around its band. */
function ringPositions(groups) {
  const pos = new Map();
  const rings = state.map.rings.map((r) => r.id);
  for (const ring of rings) {
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

/**
 * gridPositions maps power to y and interest to x, then pushes markers whose
 * boxes would overlap apart (along the axis that overlaps least), keeping
 * each group inside its quadrant. scale is pixels per map unit, so the
 * boxes match the drawn marker size.
 */
function gridPositions(groups, scale) {
  const pts = groups.map((g) => ({ id: g.id, q: g.quadrant, x: (g.interest - 0.5) * 2 * GRID, y: (g.power - 0.5) * 2 * GRID }));
  const W = (ROW_W + 6) / scale;
  const H = (ROW_H + 4) / scale;
  // The anchor is the centre of the marker box; keep the box inside its
  // quadrant, below the quadrant's title.
  const above = ROW_H / 2 / scale;
  const below = ROW_H / 2 / scale;
  const title = 24 / scale;
  const xMin = W / 2 + 1;
  const xMax = GRID - W / 2 - 1;
  const clamp = (p) => {
    const highP = p.q === 'manage_closely' || p.q === 'keep_satisfied';
    const highI = p.q === 'manage_closely' || p.q === 'keep_informed';
    const [lo, hi] = highP ? [0, GRID] : [-GRID, 0];
    p.y = Math.min(hi - title - above, Math.max(lo + below + 1, p.y));
    p.x = highI ? Math.min(xMax, Math.max(xMin, p.x)) : Math.max(-xMax, Math.min(-xMin, p.x));
  };
  pts.forEach(clamp);
  // Two markers never fit side by side in a quadrant, so each quadrant is a
  // column: keep the order of power, top-down, at least H apart.
  for (const q of new Set(pts.map((p) => p.q))) {
    const col = pts.filter((p) => p.q === q).sort((a, b) => b.y - a.y || a.x - b.x);
    const highP = q === 'manage_closely' || q === 'keep_satisfied';
    const [lo, hi] = highP ? [0, GRID] : [-GRID, 0];
    const top = hi - title - above;
    const bottom = lo + below + 1;
    col[0].y = Math.min(col[0].y, top);
    for (let i = 1; i < col.length; i++) col[i].y = Math.min(col[i].y, col[i - 1].y - H);
    const last = col.length - 1;
    col[last].y = Math.max(col[last].y, bottom);
    for (let i = last - 1; i >= 0; i--) col[i].y = Math.max(col[i].y, col[i + 1].y + H);
  }
  return new Map(pts.map((p) => [p.id, [p.y, p.x]]));
}

// ---------- drawing ----------

function shapeSVG(cat, size = 24) {
  return `<svg class="sh-svg" viewBox="0 0 24 24" width="${size}" height="${size}" aria-hidden="true" focusable="false">`
    + `<g fill="${escapeHTML(cat.color)}" stroke="#1b1f24" stroke-width="1.5">${SHAPES[cat.shape] || SHAPES.circle}</g></svg>`;
}

function markerHTML(g) {
  const cat = category(g);
  let badge = '';
  let statusText = '';
  if (isMunicipality()) {
    badge = `<span class="sh-badge sh-badge-${g.status}" aria-hidden="true">${STATUS_ICON[g.status]}</span>`;
    statusText = `<span class="visually-hidden">: ${escapeHTML(t(g.status))}</span>`;
  }
  return `<span class="sh-icon">${shapeSVG(cat)}${badge}</span>`
    + `<span class="sh-label">${escapeHTML(tx(g.short) || tx(g.name))}${statusText}</span>`;
}

function createLeaflet() {
  const map = L.map('sh-map', {
    crs: L.CRS.Simple,
    minZoom: -3,
    maxZoom: 3,
    zoomSnap: 0.25,
    zoomDelta: 0.5,
    attributionControl: false,
    keyboard: true,
  });
  map.fitBounds([[-EXTENT, -EXTENT], [EXTENT, EXTENT]]);
  let lastZoom = null;
  new ResizeObserver(() => {
    map.invalidateSize();
    map.fitBounds(currentBounds(), { animate: false });
    // Marker spacing depends on the zoom: lay out again when it changed.
    if (state.map && state.layers && map.getZoom() !== lastZoom) {
      const focused = document.activeElement?.closest?.('.sh-marker')?.dataset.group;
      drawMap();
      if (focused) state.markers.get(focused)?.getElement()?.focus();
    }
    lastZoom = map.getZoom();
  }).observe($('sh-map'));
  return map;
}

function currentBounds() {
  return state.mode === 'grid' ? [[-GRID - 10, -GRID - 10], [GRID + 6, GRID + 6]] : [[-EXTENT, -EXTENT], [EXTENT, EXTENT]];
}

function textMarker(latlng, text, className) {
  return L.marker(latlng, {
    icon: L.divIcon({ className: `sh-text ${className}`, html: `<span>${escapeHTML(text)}</span>`, iconSize: null }),
    interactive: false,
    keyboard: false,
  });
}

function drawBackground(group) {
  if (state.mode === 'rings') {
    const rings = state.map.rings.slice().reverse(); // outermost first, so inner rings paint on top
    for (const r of rings) {
      L.circle([0, 0], { radius: RING_OUTER[r.id], interactive: false, className: `sh-ring sh-ring-${r.id}` }).addTo(group);
    }
    for (const r of state.map.rings) {
      if (r.id === 'core') continue;
      textMarker([-(RING_OUTER[r.id] - 4), 0], tx(r.label), 'sh-ring-label').addTo(group);
    }
    return;
  }
  const cells = {
    keep_satisfied: [[0, -GRID], [GRID, 0]],
    manage_closely: [[0, 0], [GRID, GRID]],
    monitor: [[-GRID, -GRID], [0, 0]],
    keep_informed: [[-GRID, 0], [0, GRID]],
  };
  for (const q of state.map.quadrants) {
    const b = cells[q.id];
    if (!b) continue;
    L.rectangle(b, { interactive: false, className: `sh-quadrant sh-quadrant-${q.id}` }).addTo(group);
    const top = b[1][0] - 4;
    const mid = (b[0][1] + b[1][1]) / 2;
    textMarker([top, mid], tx(q.label), 'sh-quadrant-label').addTo(group);
  }
  textMarker([-GRID - 5, 0], t('axisInterest'), 'sh-axis').addTo(group);
  textMarker([0, -GRID - 3], t('axisPower'), 'sh-axis sh-axis-y').addTo(group);
}

function drawMarkers(group) {
  state.markers.clear();
  const groups = orderedGroups();
  const scale = state.leaflet.getZoomScale(state.leaflet.getZoom(), 0);
  const pos = state.mode === 'grid' ? gridPositions(groups, scale) : ringPositions(groups);
  for (const g of groups) {
    const status = isMunicipality() ? ` sh-status-${g.status}` : '';
    const grid = state.mode === 'grid';
    const marker = L.marker(pos.get(g.id), {
      icon: L.divIcon({
        className: `sh-marker sh-cat-${g.category}${status}${grid ? ' sh-row' : ''}`,
        html: markerHTML(g),
        iconSize: grid ? [ROW_W, ROW_H] : [MARKER_W, MARKER_H],
        iconAnchor: grid ? [ROW_W / 2, ROW_H / 2] : [MARKER_W / 2, 14],
      }),
      keyboard: true,
      riseOnHover: true,
    });
    marker.on('click', () => openDetail(g.id, marker.getElement()));
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
        openDetail(g.id, node);
      }
    });
    state.markers.set(g.id, marker);
  }
}

/** orderedGroups returns the groups ring by ring, by category within a ring. */
function orderedGroups() {
  const rings = state.map.rings.map((r) => r.id);
  const cats = state.map.categories.map((c) => c.id);
  return state.map.groups
    .map((g, i) => ({ g, i }))
    .sort((a, b) => rings.indexOf(a.g.ring) - rings.indexOf(b.g.ring) || cats.indexOf(a.g.category) - cats.indexOf(b.g.category) || a.i - b.i)
    .map((x) => x.g);
}

function drawMap() {
  const map = state.leaflet;
  if (state.layers) state.layers.remove();
  state.layers = L.layerGroup().addTo(map);
  map.fitBounds(currentBounds(), { animate: false });
  drawBackground(state.layers);
  drawMarkers(state.layers);
  const container = $('sh-map');
  container.dataset.mode = state.mode;
  container.removeAttribute('aria-busy');
  $('sh-view-heading').textContent = state.mode === 'grid' ? t('viewGrid') : t('viewRings');
}

// ---------- legend, summary, list ----------

function renderLegend() {
  const box = $('sh-legend');
  box.replaceChildren();
  const cats = el('ul', { class: 'sh-legend-list' });
  for (const c of state.map.categories) {
    const item = el('li');
    const icon = el('span', { class: 'sh-legend-icon' });
    icon.innerHTML = shapeSVG(c, 20);
    item.append(icon, el('span', { text: tx(c.label) }));
    cats.append(item);
  }
  box.append(el('h3', { text: t('legendCategories') }), cats);
  if (isMunicipality()) {
    const st = el('ul', { class: 'sh-legend-list' });
    for (const s of ['involved', 'not_involved', 'unknown']) {
      st.append(el('li', {}, el('span', { class: `sh-badge sh-badge-${s} sh-badge-static`, 'aria-hidden': 'true', text: STATUS_ICON[s] }), el('span', { text: t('statusLong')[s] })));
    }
    box.append(el('h3', { text: t('legendStatus') }), st);
  }
  if (state.mode === 'rings') {
    const rl = el('ul', { class: 'sh-legend-rings' });
    for (const r of state.map.rings) rl.append(el('li', {}, el('strong', { text: `${tx(r.label)}: ` }), tx(r.description)));
    box.append(el('h3', { text: t('legendRings') }), rl);
  }
}

function renderSummary() {
  const m = state.map;
  const total = m.groups.length;
  let text;
  if (!isMunicipality()) text = t('summaryGeneric', total);
  else if (m.known === 0) text = t('summaryNone', m.name, total);
  else text = `${t('summary', m.name, m.involved, m.total || total, (m.total || total) - m.known)}. ${t('assessedOn', m.assessed_on, m.source)}`;
  $('sh-summary').textContent = text;
  const demo = $('sh-demo');
  demo.hidden = !(isMunicipality() && m.demo);
  demo.textContent = t('demo');
  let prov = tx(m.provenance);
  if (m.revision) prov += ` ${t('revision', m.revision.version, m.revision.recorded_at)}`;
  $('sh-provenance').textContent = prov;
  $('sh-title').textContent = tx(m.title) || t('title');
  const back = $('sh-back');
  back.href = isMunicipality() ? `/?code=${encodeURIComponent(m.code)}` : '/';
}

function stepsText(g) {
  return g.route_steps.map((n) => {
    const s = (state.map.route_steps || []).find((x) => x.step === n);
    return `${t('step', n)}${s ? `: ${tx(s.label)}` : ''}`;
  });
}

function sourceLabels(g) {
  return g.sources.map((id) => tx(byID(state.map.sources, id)?.label) || id);
}

/** describe builds the description of a group (panel and list share it). */
function describe(g, headingLevel) {
  const h = `h${headingLevel}`;
  const frag = document.createDocumentFragment();
  const facts = el('dl', { class: 'sh-facts' });
  const add = (term, value) => {
    if (!value) return;
    facts.append(el('dt', { text: term }), el('dd', {}, value));
  };
  add(t('ring'), tx(byID(state.map.rings, g.ring)?.label));
  add(t('quadrant'), tx(byID(state.map.quadrants, g.quadrant)?.label));
  add(t('category'), tx(category(g).label));
  if (isMunicipality()) {
    const st = el('span', { class: `sh-status-text sh-status-text-${g.status}` },
      el('span', { class: `sh-badge sh-badge-${g.status} sh-badge-static`, 'aria-hidden': 'true', text: STATUS_ICON[g.status] }),
      ` ${t('statusLong')[g.status]}`);
    add(t('status'), st);
    if (g.evidence) {
      const safe = /^https?:\/\//i.test(g.evidence);
      add(t('evidence'), safe ? el('a', { href: g.evidence, rel: 'noopener noreferrer', text: g.evidence }) : g.evidence);
    }
    add(t('note'), g.note);
  }
  frag.append(facts);
  frag.append(el(h, { text: t('why') }), el('p', { text: tx(g.why) }));
  frag.append(el(h, { text: t('how') }), el('p', { text: tx(g.how) }));
  const steps = el('ul', { class: 'sh-steps' });
  for (const s of stepsText(g)) steps.append(el('li', { text: s }));
  frag.append(el(h, { text: t('steps') }), steps);
  frag.append(el('p', { class: 'sh-source' }, el('strong', { text: `${t('sources')}: ` }), sourceLabels(g).join('; ')));
  return frag;
}

function renderList() {
  const body = $('sh-list-body');
  body.replaceChildren();
  const groups = orderedGroups();
  for (const r of state.map.rings) {
    const members = groups.filter((g) => g.ring === r.id);
    const section = el('section', { class: 'sh-list-ring', 'aria-labelledby': `sh-ring-${r.id}` });
    section.append(el('h3', { id: `sh-ring-${r.id}`, text: tx(r.label) }), el('p', { class: 'sh-ring-desc', text: tx(r.description) }));
    const ul = el('ul', { class: 'sh-list-groups' });
    for (const g of members) {
      const li = el('li', { class: 'sh-list-group', 'data-group': g.id });
      const head = el('h4', { id: `sh-item-${g.id}` });
      const icon = el('span', { class: 'sh-legend-icon' });
      icon.innerHTML = shapeSVG(category(g), 18);
      head.append(icon, tx(g.name));
      if (isMunicipality()) head.append(el('span', { class: `sh-list-status sh-status-text-${g.status}` }, ` (${t(g.status)})`));
      li.append(head, describe(g, 5));
      ul.append(li);
    }
    section.append(ul);
    body.append(section);
  }
  const src = $('sh-sources-list');
  src.replaceChildren();
  for (const s of state.map.sources) {
    const li = el('li', {}, el('strong', { text: `${tx(s.label)}: ` }), tx(s.detail));
    if (s.url) li.append(' ', el('a', { href: s.url, text: s.url }));
    src.append(li);
  }
}

// ---------- detail panel ----------

function openDetail(id, opener) {
  const g = state.map.groups.find((x) => x.id === id);
  if (!g) return;
  state.opener = opener || document.activeElement;
  state.openGroup = id;
  const panel = $('sh-detail');
  const heading = $('sh-detail-heading');
  heading.textContent = tx(g.name);
  const body = $('sh-detail-body');
  body.replaceChildren(describe(g, 3));
  panel.hidden = false;
  panel.dataset.group = id;
  for (const [gid, m] of state.markers) m.getElement()?.classList.toggle('is-open', gid === id);
  heading.focus();
}

function closeDetail() {
  const panel = $('sh-detail');
  if (panel.hidden) return;
  panel.hidden = true;
  state.openGroup = null;
  for (const m of state.markers.values()) m.getElement()?.classList.remove('is-open');
  // Return focus to the marker that opened the panel (it may have been redrawn).
  let target = state.opener;
  if (target && !document.contains(target) && target.dataset?.group) {
    target = state.markers.get(target.dataset.group)?.getElement();
  }
  state.opener = null;
  target?.focus();
}

// ---------- data ----------

async function loadMap() {
  const url = state.code ? `/api/municipalities/${encodeURIComponent(state.code)}/stakeholders` : '/api/stakeholders';
  const res = await fetch(url, { headers: { Accept: 'application/json' } });
  if (res.status === 404 && state.code) {
    state.code = '';
    return loadMap();
  }
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  const data = await res.json();
  // A merged code was redirected: remember the successor.
  if (data.code && data.code !== state.code) state.code = data.code;
  return data;
}

function render() {
  const open = state.openGroup;
  const focusedGroup = document.activeElement?.closest?.('.sh-marker')?.dataset.group;
  drawMap();
  renderLegend();
  renderSummary();
  renderList();
  if (open) {
    openDetail(open, state.markers.get(open)?.getElement());
  } else if (focusedGroup) {
    state.markers.get(focusedGroup)?.getElement()?.focus();
  }
}

function fillPicker() {
  const select = $('sh-municipality');
  const first = select.options[0];
  first.textContent = t('pickerNone');
  select.replaceChildren(first);
  const sorted = state.municipalities.slice().sort((a, b) => a.name.localeCompare(b.name, 'nl'));
  for (const m of sorted) {
    const opt = el('option', { value: m.code, text: m.name });
    select.append(opt);
  }
  select.value = state.code;
}

function updateURL() {
  const u = new URL(location.href);
  if (state.code) u.searchParams.set('code', state.code);
  else u.searchParams.delete('code');
  history.replaceState(null, '', u);
}

async function choose(code) {
  state.code = code;
  closeDetail();
  $('sh-map').setAttribute('aria-busy', 'true');
  try {
    state.map = await loadMap();
    updateURL();
    render();
    $('sh-municipality').value = state.code;
  } catch (err) {
    showError(err);
  }
}

function showError(err) {
  console.warn('stakeholders:', err);
  const box = $('sh-error');
  box.textContent = t('loadError');
  box.hidden = false;
}

async function main() {
  state.lang = initialLanguage();
  applyStatic();
  $('sh-lang').addEventListener('click', () => setLanguage(state.lang === 'nl' ? 'en' : 'nl'));
  $('sh-detail-close').addEventListener('click', closeDetail);
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && !$('sh-detail').hidden) {
      e.preventDefault();
      closeDetail();
    }
  });
  const toggle = $('sh-grid');
  toggle.addEventListener('click', () => {
    state.mode = state.mode === 'grid' ? 'rings' : 'grid';
    toggle.setAttribute('aria-pressed', String(state.mode === 'grid'));
    render();
  });
  $('sh-municipality').addEventListener('change', (e) => choose(e.target.value));

  const param = (new URLSearchParams(location.search).get('code') || '').trim().toUpperCase();
  state.code = /^GM\d{4}$/.test(param) ? param : '';
  $('sh-map').setAttribute('aria-busy', 'true');
  state.leaflet = createLeaflet();
  try {
    const [map, list] = await Promise.all([loadMap(), getJSON('/api/municipalities').catch((err) => {
      console.warn('stakeholders: municipality list:', err);
      return [];
    })]);
    state.map = map;
    state.municipalities = list;
    $('sh-loading')?.remove();
    fillPicker();
    updateURL();
    render();
  } catch (err) {
    $('sh-loading')?.remove();
    showError(err);
  }
}

main();
