// metrics.js: what the map can be coloured by, the colour classes of each
// metric, and the automatically written summary of the current view. The
// indicators, their levels and names come from the framework (framework.js).
//
// Palettes are colour-blind safe (ColorBrewer YlGnBu for values, OrRd-like
// for the ordered stages) and stop at a mid-dark colour so the dark boundary
// stroke keeps at least 3:1 contrast against every class (tested). Unknown or
// insufficient data is never a colour: it is the hatch pattern #hatch.

import { t, lang } from './i18n.js';
import { indicatorIds, indicatorLabel, levelLabel, levels, partLabel, partOf } from './framework.js';

/** domainIds lists the life-domain indicators (the framework's part "domains"). */
export function domainIds() {
  return indicatorIds('domains');
}

/** STROKE is the municipality boundary colour; see tests/browser/map.test.mjs. */
export const STROKE = '#1b1f24';
export const HATCH = 'url(#hatch)';
export const OUTSIDE = '#d5dade';

const SEQ5 = ['#ffffcc', '#c7e9b4', '#7fcdbb', '#41b6c4', '#1d91c0'];
const SEQ4 = ['#ffffcc', '#a1dab4', '#41b6c4', '#1d91c0'];
const STAGE6 = ['#ffffd4', '#fee391', '#fec44f', '#fe9929', '#ec7014', '#cc4c02'];

/** PALETTES is exported for the contrast test. */
export const PALETTES = { SEQ5, SEQ4, STAGE6 };

const scoreClasses = () => [
  [0, 20], [20, 40], [40, 60], [60, 80], [80, 100],
].map(([lo, hi], i) => ({ test: (v) => (i === 0 ? v >= lo : v > lo) && v <= hi, label: `${lo}–${hi}`, color: SEQ5[i] }));

/** levelClasses makes one class per level of the indicator's scale (from the framework). */
function levelClasses(id, colors) {
  return levels(id).map((l, i) => ({ test: (v) => v === l.value, label: `${l.value} ${l.label}`, color: colors[i] }));
}

/** levelFormat writes a value of indicator id as "2 · Maatregelen lopen". */
function levelFormat(id) {
  return (v) => `${v} · ${levelLabel(id, v) ?? ''}`;
}

function stakeholderClasses() {
  const bands = [[0, 0], [1, 3], [4, 7], [8, 11], [12, 99]];
  return bands.map(([lo, hi], i) => ({
    test: (v) => v >= lo && v <= hi,
    label: lo === hi ? String(lo) : hi === 99 ? `${lo} +` : `${lo}–${hi}`,
    color: SEQ5[i],
  }));
}

/**
 * metric(id) describes one metric: label, value(item) (null = unknown),
 * classes [{test, label, color}], format(value) and needsValues (the
 * per-indicator values are needed, fetched separately).
 */
export function metric(id) {
  const labels = t('metrics');
  if (id === 'stage') {
    return {
      id, label: partLabel(partOf(id)), short: t('stage').toLowerCase(),
      value: (m) => m.stage ?? null,
      classes: levelClasses(id, STAGE6),
      format: levelFormat(id),
    };
  }
  if (id === 'domains') {
    const label = t('partScore', partLabel(id));
    return {
      id, label, short: label, needsValues: true,
      value: (m) => (m.insufficient_data ? null : m.parts?.domains ?? null),
      classes: scoreClasses(),
      format: (v) => String(Math.round(v)),
    };
  }
  if (id === 'lived_experience') {
    const label = partLabel(partOf(id));
    return {
      id, label, short: label, needsValues: true,
      value: (m) => m.values?.lived_experience ?? null,
      classes: levelClasses(id, SEQ4),
      format: levelFormat(id),
    };
  }
  if (id === 'stakeholders') {
    return {
      id, label: labels.stakeholders, short: labels.stakeholders,
      value: (m) => m.stakeholders_involved ?? null,
      classes: stakeholderClasses(),
      format: (v) => String(v),
    };
  }
  if (domainIds().includes(id)) {
    const name = indicatorLabel(id);
    return {
      id, label: t('domainPrefix') + name, short: name, needsValues: true,
      value: (m) => m.values?.[id] ?? null,
      classes: levelClasses(id, SEQ4),
      format: levelFormat(id),
    };
  }
  // Default: the composite score; insufficient data counts as unknown.
  return {
    id: 'score', label: labels.score, short: t('score').toLowerCase(),
    value: (m) => (m.insufficient_data || m.score == null ? null : m.score),
    classes: scoreClasses(),
    format: (v) => formatNumber(v),
  };
}

/** stageText writes a stage as "4 · LIA vastgesteld", or "Onbekend". */
export function stageText(stage) {
  return stage == null ? t('unknown') : levelFormat('stage')(stage);
}

/** metricIds lists every metric in menu order. */
export function metricIds() {
  return ['score', 'stage', 'domains', ...domainIds(), 'lived_experience', 'stakeholders'];
}

export function isMetric(id) {
  return metricIds().includes(id);
}

/** classIndex returns the class index of value v, or -1 for unknown. */
export function classIndex(m, v) {
  if (v == null || Number.isNaN(v)) return -1;
  return m.classes.findIndex((c) => c.test(v));
}

/** colorOf returns the fill of an item for metric m: a colour or the hatch. */
export function colorOf(m, item) {
  const i = classIndex(m, m.value(item));
  return i < 0 ? HATCH : m.classes[i].color;
}

/** counts returns [count per class..., unknown count] over items. */
export function counts(m, items) {
  const out = new Array(m.classes.length + 1).fill(0);
  for (const it of items) {
    const i = classIndex(m, m.value(it));
    out[i < 0 ? m.classes.length : i]++;
  }
  return out;
}

/**
 * coverage describes how many of items have a public source: the count, the
 * count per stage (key null = stage unknown), the years of their newest
 * sources and how many are marked out of date.
 */
export function coverage(items) {
  const cited = items.filter((it) => it.basis === 'public_record' && it.source_count > 0);
  const byStage = new Map();
  let from = null;
  let to = null;
  for (const it of cited) {
    byStage.set(it.stage ?? null, (byStage.get(it.stage ?? null) ?? 0) + 1);
    const y = it.source_date?.slice(0, 4);
    if (y) {
      if (from == null || y < from) from = y;
      if (to == null || y > to) to = y;
    }
  }
  return { n: cited.length, total: items.length, byStage, from, to, stale: cited.filter((it) => it.source_stale).length };
}

/** coverageText is the coverage sentence for the legend and the summary. */
export function coverageText(items) {
  const c = coverage(items);
  const parts = [t('coverage', c.n, c.total, c.from, c.to)];
  if (c.n) {
    const per = levels('stage').map((l) => `${l.value} ${l.label}: ${c.byStage.get(l.value) ?? 0}`);
    if (c.byStage.get(null)) per.push(`${t('unknownLower')}: ${c.byStage.get(null)}`);
    parts.push(t('coverageStages', per.join('; ')));
    if (c.stale) parts.push(t('coverageStale', c.stale));
  }
  return parts.join(' ');
}

// Building an Intl.NumberFormat is slow; the summary and the table format
// hundreds of numbers, so one formatter per language and precision is kept.
const numberFormats = new Map();
export function formatNumber(v, digits = 0) {
  if (v == null) return '';
  const key = `${lang()}|${digits}`;
  let f = numberFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(lang() === 'en' ? 'en-GB' : 'nl-NL', { maximumFractionDigits: digits });
    numberFormats.set(key, f);
  }
  return f.format(v);
}

export function median(values) {
  const xs = values.filter((v) => v != null).sort((a, b) => a - b);
  if (!xs.length) return null;
  const mid = xs.length >> 1;
  return xs.length % 2 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2;
}

/** describe returns "Utrecht, provincie Utrecht, fase 5, score 64" (plus the metric when it is another one). */
export function describe(item, m) {
  const parts = [];
  parts.push(item.stage != null ? t('stageN', item.stage) : t('stageUnknown'));
  if (item.insufficient_data || item.score == null) parts.push(item.score == null ? t('scoreUnknown') : `${t('scoreN', formatNumber(item.score))} (${t('insufficient')})`);
  else parts.push(t('scoreN', formatNumber(item.score)));
  if (m && m.id !== 'score' && m.id !== 'stage') {
    const v = m.value(item);
    parts.push(`${m.short.toLowerCase()}: ${v == null ? t('unknownLower') : m.format(v)}`);
  }
  return t('announceItem', item.name, item.province_name, parts.join(', '));
}

/** summarize writes the plain-language summary of what the view shows. */
export function summarize(m, items, { provinceName = '' } = {}) {
  const c = counts(m, items);
  const known = items.filter((it) => m.value(it) != null);
  const values = known.map((it) => m.value(it));
  const en = lang() === 'en';
  const where = provinceName ? (en ? `in the province of ${provinceName}` : `in de provincie ${provinceName}`) : (en ? 'in the Netherlands' : 'in Nederland');
  const n = items.length;
  const s = [];
  s.push(en
    ? `The map shows ${n} municipalities ${where}, coloured by ${m.label.toLowerCase()}.`
    : `De kaart toont ${n} gemeenten ${where}, gekleurd naar ${m.label.toLowerCase()}.`);
  if (known.length) {
    const lo = Math.min(...values);
    const hi = Math.max(...values);
    const loNames = known.filter((it) => m.value(it) === lo).map((it) => it.name);
    const hiNames = known.filter((it) => m.value(it) === hi).map((it) => it.name);
    const names = (list) => (list.length > 3 ? `${list.slice(0, 3).join(', ')} ${en ? `and ${list.length - 3} more` : `en ${list.length - 3} andere`}` : list.join(', '));
    s.push(en
      ? `Values range from ${m.format(lo)} (${names(loNames)}) to ${m.format(hi)} (${names(hiNames)}).`
      : `De waarden lopen van ${m.format(lo)} (${names(loNames)}) tot ${m.format(hi)} (${names(hiNames)}).`);
    const med = median(values);
    if (m.id === 'score' || m.id === 'domains') {
      s.push(en ? `The median is ${formatNumber(med)}.` : `De mediaan is ${formatNumber(med)}.`);
    }
  }
  const classParts = m.classes.map((cl, i) => `${cl.label}: ${c[i]}`);
  s.push(en ? `Per class: ${classParts.join('; ')}.` : `Per klasse: ${classParts.join('; ')}.`);
  const unknown = c[m.classes.length];
  s.push(en
    ? `${unknown} of ${n} municipalities have no value or too little data (hatched).`
    : `${unknown} van de ${n} gemeenten hebben geen waarde of te weinig gegevens (gearceerd).`);
  s.push(coverageText(items));
  return s.join(' ');
}

/** compareKey sorts items by province name, then name (Dutch collation). */
// Building a collator loads ICU's collation data (tens of ms on a slow
// device): made on first use, which the first view of the map does not need.
let nlCollator = null;
const collator = { compare: (a, b) => (nlCollator ??= new Intl.Collator('nl')).compare(a, b) };
export function readingOrder(items) {
  return [...items].sort((a, b) => collator.compare(a.province_name ?? '', b.province_name ?? '') || collator.compare(a.name, b.name));
}
export { collator };
