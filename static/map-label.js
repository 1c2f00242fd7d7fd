// map-label.js: the tooltip that names the municipality under the pointer or
// with keyboard focus (name, stage, score), placed beside the pointer or, for
// the keyboard, beside the municipality itself, and kept inside the map. It
// has a close button (not a tab stop: Escape closes it from the keyboard,
// WCAG 1.4.13), stays while the pointer is on it, and never hides the point
// it describes: it flips to the other side when it would leave the map.

import { h } from './dom.js';
import { t } from './i18n.js';

const L = window.L;
const HIDE_DELAY = 400; // ms: time to move the pointer from a shape onto the label
const OFFSET = 14; // px between the point and the label
const EDGE = 4; // px kept free along the map's edges

/**
 * createLabel adds the label to map. labelOf(code) -> {title, lines[]} or
 * null gives its content; anchorOf(code) -> LatLng (or null) is where the
 * keyboard-focused municipality lies; marks.focus is the keyboard-focused
 * code, whose label does not hide when the pointer leaves.
 */
export function createLabel(map, { labelOf, anchorOf = () => null, marks }) {
  const box = L.DomUtil.create('div', 'map-label', map.getContainer());
  box.hidden = true;
  L.DomEvent.disableClickPropagation(box);
  L.DomEvent.disableScrollPropagation(box);
  let shown = null; // code of the municipality in the label
  let at = null; // the LatLng the label points at
  let hideTimer = 0;

  function hide() {
    clearTimeout(hideTimer);
    shown = null;
    at = null;
    box.hidden = true;
    box.replaceChildren();
  }

  /** place puts the box beside at: right and below, or flipped to stay inside the map. */
  function place() {
    if (box.hidden || !at) return;
    const p = map.latLngToContainerPoint(at);
    const size = map.getSize();
    const w = box.offsetWidth;
    const ht = box.offsetHeight;
    let x = p.x + OFFSET;
    let y = p.y + OFFSET;
    if (x + w > size.x - EDGE) x = p.x - OFFSET - w;
    if (y + ht > size.y - EDGE) y = p.y - OFFSET - ht;
    x = Math.max(EDGE, Math.min(x, size.x - w - EDGE));
    y = Math.max(EDGE, Math.min(y, size.y - ht - EDGE));
    box.style.transform = `translate(${Math.round(x)}px, ${Math.round(y)}px)`;
  }

  /** show labels code beside latlng (the pointer), or beside the municipality without one. */
  function show(code, latlng = null) {
    clearTimeout(hideTimer);
    const content = labelOf(code);
    if (!content) return hide();
    at = latlng ?? anchorOf(code) ?? map.getCenter();
    if (shown !== code || box.hidden) {
      shown = code;
      const close = h('button', {
        type: 'button', class: 'map-label-close', 'aria-label': t('closeLabel'), title: t('closeLabel'),
        tabindex: '-1', onclick: () => hide(), text: '×',
      });
      box.replaceChildren(close,
        h('p', { class: 'map-label-title', text: content.title }),
        h('ul', {}, content.lines.map((line) => h('li', { text: line }))));
      box.dataset.code = code;
      box.hidden = false;
    }
    place();
  }

  /** hideSoon hides the label of code after a moment, unless it has keyboard focus. */
  function hideSoon(code) {
    clearTimeout(hideTimer);
    if (code && code !== marks.focus) hideTimer = setTimeout(hide, HIDE_DELAY);
  }

  box.addEventListener('mouseenter', () => clearTimeout(hideTimer));
  box.addEventListener('mouseleave', () => hideSoon(shown));
  map.on('move zoom', place);

  return {
    show,
    hide,
    hideSoon,
    /** code is the municipality in the label, or null when it is hidden. */
    code: () => shown,
    /** refresh rewrites the shown label (language, metric or data changed). */
    refresh() {
      if (!shown) return;
      const code = shown;
      const latlng = at;
      shown = null;
      show(code, latlng);
    },
  };
}
