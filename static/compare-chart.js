// compare-chart.js: the comparison as a bar chart: per measure (the score
// and each part, 0–100) a bar for each municipality, then the province
// medians and the median of the Netherlands. Every bar carries its value as
// text, medians are hatched and named (never colour alone), and the national
// median is also a line across every bar. Each measure is one keyboard stop
// (a labelled group); the table below holds the same numbers.

import { h } from './dom.js';
import { t } from './i18n.js';
import { partIds, partLabel } from './framework.js';
import { formatNumber } from './metrics.js';

/** compareMeasures are the measures of the chart and the table: score and the parts. */
export function compareMeasures() {
  return [
    { id: 'score', label: t('score'), m: (x) => x?.score ?? null, med: (x) => x?.score ?? null },
    ...partIds().map((id) => ({ id, label: partLabel(id), m: (x) => x?.parts?.[id] ?? null, med: (x) => x?.parts?.[id] ?? null })),
  ];
}

/** compareRows are the bars of one measure: municipalities, province medians, the national median. */
export function compareRows(data, measure) {
  const ms = data.municipalities;
  const provCodes = [...new Set(ms.map((m) => m.province_code))];
  const provName = (code) => ms.find((m) => m.province_code === code)?.province_name ?? code;
  return [
    ...ms.map((m) => ({ kind: 'municipality', label: m.name, value: measure.m(m), note: m.insufficient_data && measure.id === 'score' ? t('insufficient') : '' })),
    ...provCodes.map((pc) => ({ kind: 'median', label: t('medianProvince', provName(pc)), value: measure.med(data.medians.provinces?.[pc]) })),
    { kind: 'median national', label: t('medianNational'), value: measure.med(data.medians.national) },
  ];
}

const pct = (v) => `${Math.max(0, Math.min(100, v))}%`;

/** compareChart returns the chart of data (the /api/compare answer). */
export function compareChart(data) {
  const national = data.medians.national ?? {};
  const groups = compareMeasures().map((measure, i) => {
    const hid = `cmp-measure-${i}`;
    const nat = measure.med(national);
    const rows = compareRows(data, measure).map((r) => {
      const track = h('span', { class: `cmp-track${r.value == null ? ' cmp-unknown' : ''}`, 'aria-hidden': 'true' });
      if (r.value != null) {
        const fill = h('span', { class: 'cmp-fill' });
        fill.style.width = pct(r.value);
        track.append(fill);
      }
      if (nat != null && r.kind === 'municipality') {
        const mark = h('span', { class: 'cmp-national-mark' });
        mark.style.left = pct(nat);
        track.append(mark);
      }
      const value = r.value == null ? t('unknown') : formatNumber(r.value, 1);
      const name = h('span', { class: 'cmp-name' }, r.label, r.note ? h('span', { class: 'cmp-note', text: ` (${r.note})` }) : null);
      return h('li', { class: `cmp-row ${r.kind}` }, name, track, h('span', { class: 'cmp-value', text: value }));
    });
    return h('section', { class: 'cmp-measure', role: 'group', 'aria-labelledby': hid, tabindex: '0' },
      h('h4', { id: hid, class: 'cmp-measure-heading', text: `${measure.label} (0–100)` }),
      h('ul', { class: 'cmp-bars' }, rows));
  });
  return h('figure', { class: 'compare-chart', id: 'compare-chart', 'aria-labelledby': 'compare-chart-h' },
    h('figcaption', {},
      h('h3', { id: 'compare-chart-h', text: t('compareChartHeading') }),
      h('p', { class: 'cmp-key muted small', text: t('compareChartKey') })),
    groups);
}
