// views.js: the non-map views: the sortable table of municipalities (its
// CSV downloads are the server's, see downloads.js), the province overview and the
// side-by-side comparison with province and national medians.

import { h, s, vh } from './dom.js';
import { t } from './i18n.js';
import { levels, partIds, partLabel } from './framework.js';
import { PALETTES, classIndex, collator, formatNumber, median, stageText } from './metrics.js';
import { compareChart } from './compare-chart.js';

/** tableColumns are the columns of the table view for metric m. */
export function tableColumns(m) {
  const cols = [
    { id: 'name', label: t('nameCol'), value: (it) => it.name, text: (it) => it.name },
    { id: 'province', label: t('provinceCol'), value: (it) => it.province_name, text: (it) => it.province_name },
  ];
  if (m.id !== 'score' && m.id !== 'stage') {
    cols.push({ id: 'metric', label: m.label, num: true, value: (it) => m.value(it), text: (it) => (m.value(it) == null ? t('unknown') : m.format(m.value(it))) });
  }
  cols.push(
    { id: 'stage', label: t('stage'), num: true, value: (it) => it.stage, text: (it) => stageText(it.stage) },
    { id: 'score', label: t('score'), num: true, value: (it) => (it.insufficient_data ? null : it.score), text: (it) => (it.score == null ? t('unknown') : it.insufficient_data ? `${formatNumber(it.score, 1)} (${t('insufficient')})` : formatNumber(it.score, 1)) },
    { id: 'completeness', label: t('completeness'), num: true, value: (it) => it.completeness, text: (it) => (it.completeness == null ? t('unknown') : `${Math.round(it.completeness * 100)}%`) },
    { id: 'koploper', label: t('koploper'), value: (it) => (it.koploper ? 1 : 0), text: (it) => (it.koploper ? t('yes') : t('no')) },
    // Where each row's values come from: demo and real rows are never shown without a mark.
    { id: 'source', label: t('sourceCol'), value: (it) => it.source_date ?? null, text: (it) => sourceText(it) },
  );
  return cols;
}

/** sourceText is a row's basis and the year of its newest source, or "geen openbare bron". */
function sourceText(it) {
  if (!it.basis) return t('sourceNoneShort');
  const label = t('basisLabels')[it.basis] ?? it.basis;
  return it.source_date ? `${label} (${it.source_date.slice(0, 4)}${it.source_stale ? `, ${t('staleShort')}` : ''})` : label;
}

/** sortRows sorts rows by column id and direction; unknown values always go last. */
export function sortRows(rows, cols, sort) {
  const col = cols.find((c) => c.id === sort.col) ?? cols[0];
  const dir = sort.dir === 'desc' ? -1 : 1;
  return [...rows].sort((a, b) => {
    const va = col.value(a);
    const vb = col.value(b);
    if (va == null && vb == null) return collator.compare(a.name, b.name);
    if (va == null) return 1;
    if (vb == null) return -1;
    const c = typeof va === 'string' ? collator.compare(va, vb) : va - vb;
    return c * dir || collator.compare(a.name, b.name);
  });
}

/**
 * renderTable draws the table. ctx: {metric, sort, onSort(col), inCompare(code),
 * toggleCompare(code), open(code)}.
 */
export function renderTable(wrap, rows, ctx) {
  const { metric: m, sort } = ctx;
  const cols = tableColumns(m);
  const sorted = sortRows(rows, cols, sort);
  const thead = h('thead', {}, h('tr', {},
    cols.map((c) => {
      const active = sort.col === c.id;
      const ariaSort = active ? (sort.dir === 'desc' ? 'descending' : 'ascending') : null;
      return h('th', { scope: 'col', 'aria-sort': ariaSort, class: c.num ? 'num' : null },
        h('button', { type: 'button', class: 'sort-button', dataset: { col: c.id }, onclick: () => ctx.onSort(c.id) },
          c.label,
          h('span', { class: 'sort-icon', 'aria-hidden': 'true', text: active ? (sort.dir === 'desc' ? ' ▼' : ' ▲') : ' ⇅' })));
    }),
    h('th', { scope: 'col', text: t('compareCol') })));
  const tbody = h('tbody');
  for (const r of sorted) {
    const ci = classIndex(m, m.value(r));
    const swatch = h('span', { class: `swatch${ci < 0 ? ' swatch-hatch' : ''}`, 'aria-hidden': 'true' });
    if (ci >= 0) swatch.style.background = m.classes[ci].color;
    const checked = ctx.inCompare(r.code);
    tbody.append(h('tr', { dataset: { code: r.code } },
      cols.map((c, i) => (i === 0
        ? h('th', { scope: 'row' }, swatch, h('button', { type: 'button', class: 'link-button', onclick: () => ctx.open(r.code) }, r.name))
        : h('td', { class: c.num ? 'num' : null, text: c.text(r) }))),
      h('td', { class: 'check' }, h('input', {
        type: 'checkbox', checked: checked || null, 'aria-label': t('compareRowLabel', r.name),
        onchange: () => ctx.toggleCompare(r.code),
      }))));
  }
  const caption = h('caption', { text: t('tableCaption', m.label.toLowerCase(), rows.length) });
  wrap.replaceChildren(h('table', { class: 'data municipalities-table', id: 'municipalities-table' }, caption, thead, tbody));
  return { rows: sorted, cols };
}

/** renderProvinces draws stage distribution and median score per province. */
export function renderProvinces(wrap, items, open) {
  const byProv = new Map();
  for (const it of items) {
    if (!byProv.has(it.province_code)) byProv.set(it.province_code, { name: it.province_name, code: it.province_code, items: [] });
    byProv.get(it.province_code).items.push(it);
  }
  const provs = [...byProv.values()].sort((a, b) => collator.compare(a.name, b.name));
  const stages = levels('stage');
  const head = h('tr', {},
    h('th', { scope: 'col', text: t('provinceCol') }),
    h('th', { scope: 'col', class: 'num', text: t('countCol') }),
    stages.map((l) => h('th', { scope: 'col', class: 'num', title: l.label }, `${t('stage')} ${l.value}`, vh(`: ${l.label}`))),
    h('th', { scope: 'col', class: 'num', text: t('unknownCol') }),
    h('th', { scope: 'col', class: 'num', text: t('medianCol') }),
    h('th', { scope: 'col', text: t('distributionCol') }));
  const body = h('tbody');
  const all = { name: t('netherlands'), items };
  for (const p of [...provs, { ...all, total: true }]) {
    const counts = stages.map((l) => p.items.filter((it) => it.stage === l.value).length);
    const unknown = p.items.filter((it) => it.stage == null).length;
    const med = median(p.items.filter((it) => !it.insufficient_data).map((it) => it.score));
    const n = p.items.length;
    const svg = s('svg', { viewBox: '0 0 100 12', preserveAspectRatio: 'none', class: 'dist-bar', 'aria-hidden': 'true' });
    let x = 0;
    counts.forEach((c, i) => {
      const w = (c / n) * 100;
      if (w > 0) svg.append(s('rect', { x, y: 0, width: w, height: 12, fill: PALETTES.STAGE6[i], stroke: '#1b1f24', 'stroke-width': 0.3 }));
      x += w;
    });
    if (unknown) svg.append(s('rect', { x, y: 0, width: (unknown / n) * 100, height: 12, fill: 'url(#hatch)', stroke: '#1b1f24', 'stroke-width': 0.3 }));
    body.append(h('tr', { class: p.total ? 'total-row' : null },
      h('th', { scope: 'row' }, p.total ? h('strong', { text: p.name }) : p.name),
      h('td', { class: 'num', text: String(n) }),
      counts.map((c) => h('td', { class: 'num', text: String(c) })),
      h('td', { class: 'num', text: String(unknown) }),
      h('td', { class: 'num', text: med == null ? t('unknown') : formatNumber(med, 1) }),
      h('td', { class: 'dist-cell' }, svg)));
  }
  wrap.replaceChildren(h('table', { class: 'data provinces-table', id: 'provinces-table' },
    h('caption', { text: t('provincesCaption') }), h('thead', {}, head), body));
  void open;
}

/**
 * renderCompare draws municipalities side by side with the medians of their
 * provinces and of the Netherlands: the chart (compare-chart.js), then the
 * same numbers as a table. data is the /api/compare answer.
 */
export function renderCompare(container, data, ctx) {
  const ms = data.municipalities;
  const provCodes = [...new Set(ms.map((m) => m.province_code))];
  const provName = (code) => ms.find((m) => m.province_code === code)?.province_name ?? code;
  const cols = [
    ...ms.map((m) => ({ kind: 'm', m, label: m.name })),
    ...provCodes.map((pc) => ({ kind: 'median', med: data.medians.provinces?.[pc], label: t('medianProvince', provName(pc)) })),
    { kind: 'median', national: true, med: data.medians.national, label: t('medianNational') },
  ];
  // The national median is the last column and sticks to the right edge, the
  // row names to the left: both stay in view at every width (320 px too).
  const colClass = (c) => (c.kind === 'median' ? `median-col${c.national ? ' national-col' : ''}` : null);
  const fmt = (v) => (v == null ? t('unknown') : formatNumber(v, 1));
  const rows = [
    { label: t('provinceCol'), m: (m) => m.province_name, med: () => '' },
    { label: t('stage'), m: (m) => stageText(m.stage), med: () => '' },
    { label: t('score'), m: (m) => (m.score == null ? t('unknown') : `${fmt(m.score)}${m.insufficient_data ? ` (${t('insufficient')})` : ''}`), med: (x) => `${fmt(x?.score)} ${t('medianN', x?.n ?? 0)}` },
    { label: t('completeness'), m: (m) => (m.completeness == null ? t('unknown') : `${Math.round(m.completeness * 100)}%`), med: () => '' },
    ...partIds().map((id) => ({
      label: partLabel(id), m: (m) => fmt(m.parts?.[id]), med: (x) => fmt(x?.parts?.[id]),
    })),
    { label: t('koploper'), m: (m) => (m.koploper ? t('yes') : t('no')), med: () => '' },
  ];
  const table = h('table', { class: 'data compare-table', id: 'compare-table' },
    h('caption', { text: t('compareCaption') }),
    h('thead', {}, h('tr', {}, h('td', { class: 'corner' }), cols.map((c) => h('th', { scope: 'col', class: colClass(c) }, c.kind === 'm'
      ? h('button', { type: 'button', class: 'link-button', onclick: () => ctx.open(c.m.code) }, c.label)
      : c.label)))),
    h('tbody', {}, rows.map((r) => h('tr', {},
      h('th', { scope: 'row', text: r.label }),
      cols.map((c) => h('td', { class: colClass(c), text: c.kind === 'm' ? r.m(c.m) : r.med(c.med) }))))));
  container.replaceChildren(compareChart(data),
    h('h3', { id: 'compare-table-h', class: 'compare-table-heading', text: t('compareTableHeading') }),
    h('div', { class: 'table-wrap compare-wrap', role: 'region', 'aria-labelledby': 'compare-table-h', tabindex: '0' }, table));
}
