// map-style.js: how a municipality shape looks on the map: its fill (from
// the page: a class colour or the hatch for unknown), a thicker dashed
// outline for the 2018 koplopers, and the heavier black outline of the
// selected and the keyboard-focused shape; plus the state classes on its
// SVG path, for styles and tests.

import { STROKE } from './metrics.js';

const FILL = '#e6ebf0'; // before the page has a colour for the shape
const FOCUS = '#000000';

/**
 * createStyler returns {styleOf(feature), markPath(code, path)} for the
 * shared marks {selected, focus} (codes or null) and the page's
 * fillOf(code) and isKoploper(code).
 */
export function createStyler({ marks, fillOf, isKoploper }) {
  function styleOf(feature) {
    const code = feature.properties.code;
    const koploper = isKoploper(code);
    const selected = code === marks.selected;
    const focused = code === marks.focus;
    let weight = 0.75;
    if (koploper) weight = 2;
    if (selected) weight = 3.5;
    if (focused) weight = 4;
    return {
      className: 'municipality',
      color: focused || selected ? FOCUS : STROKE,
      weight,
      opacity: 1,
      dashArray: koploper && !selected && !focused ? '5 3' : null,
      fillColor: fillOf(code) ?? FILL,
      fillOpacity: 1,
    };
  }

  /** setClass changes a class only when it differs: every change restyles the path, and the first drawing marks 342 of them. */
  function setClass(path, name, on) {
    if (path.classList.contains(name) !== on) path.classList.toggle(name, on);
  }

  function markPath(code, path) {
    if (!path) return;
    setClass(path, 'is-selected', code === marks.selected);
    setClass(path, 'is-focused', code === marks.focus);
    setClass(path, 'is-koploper', isKoploper(code));
  }

  return { styleOf, markPath };
}
