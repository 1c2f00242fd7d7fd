// map-focus.js: the selected and the keyboard-focused municipality, and the
// keyboard of the map. The map container is one tab stop: the arrow keys
// walk through the municipalities in the order the page gives (province,
// then name), Home and End jump to the ends, Enter (or Space) opens the
// focused one, + and - zoom, Shift+arrows pan, Escape closes the label.
// Leaflet's own keyboard handler is off because it uses the arrows.

const PAN_STEP = 120; // px per Shift+arrow

/**
 * createFocus keeps marks {selected, focus} for map (container el) and
 * returns {select(code), setFocus(code, {pan, notify}), bringUp()}.
 * parts: layer (map-layer.js), label (map-label.js), drawSelection(lyr)
 * (map-outlines.js). opts: order() -> codes in reading order, onOpen(code,
 * how), onFocusItem(code), reduceMotion.
 */
export function createFocus(map, el, { marks, layer, label, drawSelection }, { order, onOpen, onFocusItem, reduceMotion }) {
  /** bringUp raises the selected and focused shapes above their neighbours, so their outline shows whole. */
  function bringUp() {
    for (const c of [marks.selected, marks.focus]) if (c) layer.get(c)?.bringToFront();
  }

  /** mark sets marks[key] to code and repaints the shapes that changed. */
  function mark(key, code) {
    const prev = marks[key];
    marks[key] = code;
    if (prev && prev !== code) layer.restyle(prev);
    if (code) layer.restyle(code);
    bringUp();
  }

  function select(code) {
    mark('selected', code);
    el.dataset.selected = code ?? '';
    if (!code) delete el.dataset.selected;
    drawSelection(code ? layer.get(code) : null);
  }

  /** setFocus marks code as the keyboard-focused municipality. */
  function setFocus(code, { pan = true, notify = true } = {}) {
    mark('focus', code);
    if (!code) {
      delete el.dataset.focus;
      return;
    }
    label.show(code);
    const lyr = layer.get(code);
    if (pan && lyr) {
      const b = lyr.getBounds();
      if (!map.getBounds().contains(b)) {
        map.panInside(b.getCenter(), { padding: [40, 40], animate: !reduceMotion });
      }
    }
    el.dataset.focus = code;
    if (notify) onFocusItem(code);
  }

  function step(delta) {
    const codes = order();
    if (!codes.length) return;
    let i = codes.indexOf(marks.focus);
    if (i < 0) i = delta > 0 ? -1 : 0;
    let next = i + delta;
    if (delta === Infinity) next = codes.length - 1;
    if (delta === -Infinity) next = 0;
    next = (next + codes.length) % codes.length;
    setFocus(codes[next]);
  }

  function panBy(dx, dy) {
    map.panBy([dx * PAN_STEP, dy * PAN_STEP], { animate: !reduceMotion });
  }

  el.addEventListener('keydown', (e) => {
    if (e.target !== el || e.altKey || e.ctrlKey || e.metaKey) return;
    switch (e.key) {
      case 'ArrowRight':
      case 'ArrowDown':
        if (e.shiftKey) panBy(e.key === 'ArrowRight' ? 1 : 0, e.key === 'ArrowDown' ? 1 : 0);
        else step(1);
        break;
      case 'ArrowLeft':
      case 'ArrowUp':
        if (e.shiftKey) panBy(e.key === 'ArrowLeft' ? -1 : 0, e.key === 'ArrowUp' ? -1 : 0);
        else step(-1);
        break;
      case 'Home':
        step(-Infinity);
        break;
      case 'End':
        step(Infinity);
        break;
      case 'Enter':
      case ' ':
        if (marks.focus) onOpen(marks.focus, 'keyboard');
        else step(1);
        break;
      case '+':
      case '=':
        map.zoomIn();
        break;
      case '-':
      case '_':
        map.zoomOut();
        break;
      case 'Escape':
        if (label.code()) label.hide();
        else return;
        break;
      default:
        return;
    }
    e.preventDefault();
  });
  // Escape anywhere closes the label (WCAG 1.4.13), unless a control uses it.
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && label.code() && e.target === document.body) label.hide();
  });
  el.addEventListener('blur', () => {
    if (label.code() === marks.focus) label.hide();
  });

  return { select, setFocus, bringUp };
}
