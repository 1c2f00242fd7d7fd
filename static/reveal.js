// reveal.js: on a narrow screen the detail panel lies below the map, out of
// sight; opening a municipality (a tap on the map, a search result, a shared
// link) scrolls the panel's heading into view, so the selection always shows
// something of its detail without the reader having to look for it.

const FOLD_MARGIN = 48; // px: a heading this close to the bottom edge counts as out of sight

/** revealBelowFold scrolls el to the top of the window when its top lies below the fold. */
export function revealBelowFold(el) {
  if (!el) return;
  const top = el.getBoundingClientRect().top;
  if (top >= 0 && top <= window.innerHeight - FOLD_MARGIN) return;
  const smooth = !window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  el.scrollIntoView({ block: 'start', behavior: smooth ? 'smooth' : 'auto' });
}
