// stakeholders-groups.js: what the stakeholder page shows of a group in every
// place (map, legend, list, description): its category's colour and shape
// as a small SVG, its status in a municipality in words (the levels of the
// framework's stakeholder scale) and the order of the groups.

import { s } from './dom.js';
import { scaleLevelLabel } from './framework.js';
import { lang, t } from './i18n.js';

const SHAPES = {
  circle: ['circle', { cx: 12, cy: 12, r: 9 }],
  square: ['rect', { x: 3.5, y: 3.5, width: 17, height: 17 }],
  diamond: ['path', { d: 'M12 1.5 22.5 12 12 22.5 1.5 12Z' }],
  triangle: ['path', { d: 'M12 2 22.5 21H1.5Z' }],
  hexagon: ['path', { d: 'M6.5 2.5h11L23 12l-5.5 9.5h-11L1 12Z' }],
  star: ['path', { d: 'm12 1.5 3.1 6.9 7.4.7-5.6 5 1.7 7.4L12 17.6l-6.6 3.9 1.7-7.4-5.6-5 7.4-.7Z' }],
};

/** STATUS_ICON marks a group's status next to its shape (never by colour alone). */
export const STATUS_ICON = { involved: '✓', not_involved: '✕', unknown: '?' };

/** STATUSES in legend order. */
export const STATUSES = ['involved', 'not_involved', 'unknown'];

// The API's status of a group, as a value of the framework's stakeholder scale.
const STATUS_VALUE = { involved: 1, not_involved: 0 };

/** statusLabel names a status: "Betrokken", "Niet betrokken", "Onbekend (niet vastgelegd)". */
export function statusLabel(status) {
  if (!(status in STATUS_VALUE)) return t('statusUnknownLong');
  return scaleLevelLabel('stakeholder', STATUS_VALUE[status]) ?? status;
}

/** statusWord is the status in lower case, as it stands in a sentence: "niet betrokken". */
export function statusWord(status) {
  if (!(status in STATUS_VALUE)) return t('unknownLower');
  return statusLabel(status).toLocaleLowerCase(lang());
}

export function byID(list, id) {
  return (list || []).find((x) => x.id === id);
}

/** category is the group's category in doc, or a grey circle for an unknown one. */
export function category(doc, g) {
  return byID(doc.categories, g.category) || { color: '#6b7580', shape: 'circle', label: { nl: g.category, en: g.category } };
}

/** isMunicipality tells whether doc is a municipality's map (with statuses) rather than the general one. */
export function isMunicipality(doc) {
  return Boolean(doc && doc.code);
}

/** shapeIcon draws a category's shape in its colour. */
export function shapeIcon(cat, size = 24) {
  const [tag, attrs] = SHAPES[cat.shape] || SHAPES.circle;
  return s('svg', { class: 'sh-svg', viewBox: '0 0 24 24', width: size, height: size, 'aria-hidden': 'true', focusable: 'false' },
    s('g', { fill: cat.color, stroke: '#1b1f24', 'stroke-width': 1.5 }, s(tag, attrs)));
}

/** orderedGroups returns the groups ring by ring, by category within a ring. */
export function orderedGroups(doc) {
  const rings = doc.rings.map((r) => r.id);
  const cats = doc.categories.map((c) => c.id);
  return doc.groups
    .map((g, i) => ({ g, i }))
    .sort((a, b) => rings.indexOf(a.g.ring) - rings.indexOf(b.g.ring) || cats.indexOf(a.g.category) - cats.indexOf(b.g.category) || a.i - b.i)
    .map((x) => x.g);
}
