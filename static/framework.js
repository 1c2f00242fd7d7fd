// framework.js: the scoring framework as the server publishes it (GET
// /api/framework): the parts, the indicator ids with their ranges, labels
// and levels. The page holds no copy of these; every module reads them here
// once loadFramework() has resolved, in the current language.

import { fetchFramework } from './api.js';
import { tx } from './i18n.js';

let parts = [];
const indicators = new Map(); // id -> indicator, in the framework's order

/** loadFramework fetches the framework and makes it the one every getter reads. */
export async function loadFramework() {
  const fw = await fetchFramework();
  parts = fw.parts ?? [];
  indicators.clear();
  for (const ind of fw.indicators ?? []) indicators.set(ind.id, ind);
  return fw;
}

/** indicatorIds lists the ids of the indicators of a part ('domains', say), in order. */
export function indicatorIds(part) {
  return [...indicators.values()].filter((ind) => ind.part === part).map((ind) => ind.id);
}

/** hasIndicator tells whether id is an indicator of the framework. */
export function hasIndicator(id) {
  return indicators.has(id);
}

/** indicatorLabel is the indicator's name, or fallback when the framework does not know it. */
export function indicatorLabel(id, fallback = id) {
  return tx(indicators.get(id)?.label) || fallback;
}

/** partIds lists the parts of the score in the framework's order. */
export function partIds() {
  return parts.map((p) => p.id);
}

/** partOf is the part an indicator belongs to. */
export function partOf(id) {
  return indicators.get(id)?.part ?? null;
}

/** partLabel is the name of a part of the score. */
export function partLabel(id) {
  return tx(parts.find((p) => p.id === id)?.label) || id;
}

/** levels returns the levels of an indicator as [{value, label}] (label in the current language). */
export function levels(id) {
  return (indicators.get(id)?.levels ?? []).map((l) => ({ value: l.value, label: tx(l.label) }));
}

/** levelLabel is the label of value on the indicator's scale, or null. */
export function levelLabel(id, value) {
  return levels(id).find((l) => l.value === value)?.label ?? null;
}

/** scaleLevelLabel is levelLabel for any indicator on the named scale ('stakeholder', say). */
export function scaleLevelLabel(scale, value) {
  const ind = [...indicators.values()].find((i) => i.scale === scale);
  return ind ? levelLabel(ind.id, value) : null;
}
