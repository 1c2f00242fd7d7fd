// map-label.js: the small label at the top right of the map that names the
// municipality under the pointer or with keyboard focus. It has a close
// button (not a tab stop: Escape closes it from the keyboard, WCAG 1.4.13)
// and stays while the pointer is on it.

import { h } from './dom.js';
import { t } from './i18n.js';

const L = window.L;
const HIDE_DELAY = 400; // ms: time to move the pointer from a shape onto the label

/**
 * createLabel adds the label control to map. labelOf(code) -> {title,
 * lines[]} or null gives its content; marks.focus is the keyboard-focused
 * code, whose label does not hide when the pointer leaves.
 */
export function createLabel(map, { labelOf, marks }) {
  const Info = L.Control.extend({
    onAdd() {
      const box = L.DomUtil.create('div', 'map-label');
      box.hidden = true;
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      return box;
    },
  });
  const box = new Info({ position: 'topright' }).addTo(map).getContainer();
  let shown = null; // code of the municipality in the label
  let hideTimer = 0;

  function hide() {
    clearTimeout(hideTimer);
    shown = null;
    box.hidden = true;
    box.replaceChildren();
  }

  function show(code) {
    clearTimeout(hideTimer);
    const content = labelOf(code);
    if (!content) return hide();
    shown = code;
    const close = h('button', {
      type: 'button', class: 'map-label-close', 'aria-label': t('closeLabel'), title: t('closeLabel'),
      tabindex: '-1', onclick: () => hide(), text: '×',
    });
    box.replaceChildren(close,
      h('p', { class: 'map-label-title', text: content.title }),
      h('ul', {}, content.lines.map((line) => h('li', { text: line }))));
    box.hidden = false;
  }

  /** hideSoon hides the label of code after a moment, unless it has keyboard focus. */
  function hideSoon(code) {
    clearTimeout(hideTimer);
    if (code && code !== marks.focus) hideTimer = setTimeout(hide, HIDE_DELAY);
  }

  box.addEventListener('mouseenter', () => clearTimeout(hideTimer));
  box.addEventListener('mouseleave', () => hideSoon(shown));

  return {
    show,
    hide,
    hideSoon,
    /** code is the municipality in the label, or null when it is hidden. */
    code: () => shown,
    /** refresh rewrites the shown label (language, metric or data changed). */
    refresh() {
      if (shown) show(shown);
    },
  };
}
