// detail.js: the detail panel of one municipality: stage along the route,
// score with completeness, the parts, every indicator with its evidence,
// the history as a small SVG chart (with the same data as text), the match
// centre's peers and per-municipality downloads (GeoJSON made in the
// browser, CSV from the server).

import { networkSection } from './meetings.js';
import { fetchPeers, fetchShape } from './api.js';
import { h, s, vh } from './dom.js';
import { csvLinks } from './downloads.js';
import { formatDate } from './dates.js';
import { lang, t } from './i18n.js';
import { indicatorLabel as frameworkLabel, levelLabel, levels, partIds, partLabel } from './framework.js';
import { domainIds, formatNumber } from './metrics.js';

const ATTRIBUTION = 'Bron: CBS, Kadaster';

/** indicatorLabel names an indicator of the detail: the framework's name, else the detail's own. */
function indicatorLabel(ind) {
  return frameworkLabel(ind.id, lang() === 'en' ? ind.label_en || ind.label : ind.label);
}

function valueLabel(ind) {
  if (ind.value == null) return t('unknown');
  return `${ind.value} · ${levelLabel(ind.id, ind.value) ?? ind.value_label ?? ''}`;
}

function hostOf(url) {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
}

function stageSteps(stage) {
  return h('ol', { class: 'steps' }, levels('stage').map(({ value: n, label }) => {
    const state = stage == null ? 'todo' : n < stage ? 'done' : n === stage ? 'current' : 'todo';
    return h('li', { class: `step step-${state}`, 'aria-current': state === 'current' ? 'step' : null },
      h('span', { class: 'step-marker', 'aria-hidden': 'true', text: state === 'done' ? '✓' : String(n) }),
      h('span', { class: 'step-label' }, vh(`${t('stage')} ${n}: `), label, state === 'current' ? vh(` (${t('stageCurrent')})`) : null));
  }));
}

function bar(value) {
  const outer = h('span', { class: 'bar', 'aria-hidden': 'true' });
  const inner = h('span', { class: 'bar-fill' });
  inner.style.width = `${Math.max(0, Math.min(100, value ?? 0))}%`;
  outer.append(inner);
  return outer;
}

function historyChart(history) {
  const pts = history.filter((v) => v.score != null && !v.insufficient_data).slice().reverse();
  if (pts.length === 0) return null;
  const W = 300;
  const H = 120;
  const pad = { l: 30, r: 10, t: 10, b: 22 };
  const times = pts.map((p) => Date.parse(p.assessed_on));
  const t0 = Math.min(...times);
  const t1 = Math.max(...times);
  const x = (tm) => (t1 === t0 ? (pad.l + W - pad.r) / 2 : pad.l + ((tm - t0) / (t1 - t0)) * (W - pad.l - pad.r));
  const y = (v) => pad.t + (1 - v / 100) * (H - pad.t - pad.b);
  const label = t('historyChartLabel', pts.length, formatDate(pts[0].assessed_on), formatDate(pts[pts.length - 1].assessed_on));
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'history-chart', role: 'img', 'aria-label': label });
  for (const v of [0, 50, 100]) {
    svg.append(s('line', { x1: pad.l, x2: W - pad.r, y1: y(v), y2: y(v), stroke: '#c3c9d0', 'stroke-width': 1 }));
    svg.append(s('text', { x: pad.l - 4, y: y(v) + 4, 'text-anchor': 'end', 'font-size': 10, fill: '#4b5563', text: String(v) }));
  }
  const d = pts.map((p, i) => `${i ? 'L' : 'M'}${x(times[i]).toFixed(1)},${y(p.score).toFixed(1)}`).join(' ');
  svg.append(s('path', { d, fill: 'none', stroke: '#0b57d0', 'stroke-width': 2 }));
  pts.forEach((p, i) => svg.append(s('circle', { cx: x(times[i]), cy: y(p.score), r: 3.5, fill: '#0b57d0' },
    s('title', { text: `${formatDate(p.assessed_on)}: ${formatNumber(p.score, 1)}` }))));
  svg.append(s('text', { x: pad.l, y: H - 6, 'font-size': 10, fill: '#4b5563', text: formatDate(pts[0].assessed_on) }));
  if (pts.length > 1) svg.append(s('text', { x: W - pad.r, y: H - 6, 'font-size': 10, 'text-anchor': 'end', fill: '#4b5563', text: formatDate(pts[pts.length - 1].assessed_on) }));
  return svg;
}

function props(d) {
  const out = {};
  for (const k of ['code', 'name', 'province_code', 'province_name', 'year', 'stage', 'stage_label', 'score', 'completeness', 'insufficient_data', 'assessed_on', 'koploper', 'demo', 'stakeholders_involved', 'basis', 'source_date', 'source_count', 'source_stale']) out[k] = d[k] ?? null;
  for (const ind of d.indicators ?? []) out[ind.id] = ind.value;
  return out;
}


/** mailtoLink is a mailto: address with a subject naming the municipality, or null. */
function mailtoLink(address, subject, text, id) {
  if (!address) return null;
  return h('a', { id, href: `mailto:${address}?subject=${encodeURIComponent(subject)}` }, text);
}

/**
 * feedbackLinks offers the public correction form ("klopt dit niet?", no
 * account needed) and, for contributors with an account, the questionnaire.
 */
function feedbackLinks(d) {
  return h('p', { class: 'detail-feedback' },
    h('a', { href: `/gemeente/${encodeURIComponent(d.code)}`, id: 'factsheet-link', text: t('factsheetLink') }),
    ' · ',
    h('a', { href: `/klopt-dit-niet/${encodeURIComponent(d.code)}`, id: 'correction-link', text: t('correctionLink') }),
    ' · ',
    h('a', { href: `/bijdragen/${encodeURIComponent(d.code)}`, id: 'contribute-link', text: t('contributeLink') }));
}

/**
 * sourcesSection lists the municipality's basis and every public source as a
 * link with publisher, date and summary; without one it says "geen openbare
 * bron gevonden" and invites a source (never a zero).
 */
function sourcesSection(d, ctx) {
  const sources = d.sources ?? [];
  const mail = ctx.config?.corrections_mailto ?? '';
  const subject = `Inclusiekaart: ${d.name} (${d.code})`;
  const labels = Object.fromEntries((d.indicators ?? []).map((ind) => [ind.id, indicatorLabel(ind)]));
  const basis = d.basis ? t('basisLabels')[d.basis] ?? d.basis : null;
  const blocks = [h('h3', { id: 'detail-sources-h', text: t('sourcesHeading') })];
  if (basis) blocks.push(h('p', { class: 'detail-basis', id: 'detail-basis' }, h('strong', { text: `${t('basisHeading')}: ` }), basis));
  if (!sources.length && !(d.source_count > 0)) {
    blocks.push(h('p', { class: 'source-none', id: 'source-none' }, h('strong', { text: t('sourceNone') })));
    blocks.push(h('p', { text: t('sourceNoneText') }));
    blocks.push(h('p', {}, t('sourceInvite'), mail ? ' ' : null, mailtoLink(mail, subject, t('sourceInviteMail'), 'source-invite')));
    blocks.push(feedbackLinks(d));
    return h('section', { class: 'detail-section detail-sources', 'aria-labelledby': 'detail-sources-h' }, blocks);
  }
  if (d.source_date) {
    blocks.push(h('p', { class: 'source-age' }, t('sourcesIntro', d.source_count, formatDate(d.source_date)),
      d.source_stale ? h('strong', { class: 'source-stale', id: 'source-stale', text: ` ${t('sourceStale', d.source_date.slice(0, 4))}` }) : null));
  }
  if (sources.length) {
    const former = new Map((d.merged_from ?? []).map((m) => [m.old_code, m.old_name]));
    blocks.push(h('ol', { class: 'source-list', id: 'source-list' }, sources.map((src) => h('li', { class: 'source-item' },
      h('a', { href: src.url, rel: 'noopener noreferrer', class: 'source-link' }, src.publisher, vh(`: ${formatDate(src.date)}`)),
      h('span', { class: 'source-date', 'aria-hidden': 'true', text: ` · ${formatDate(src.date)}` }),
      src.code && src.code !== d.code && former.has(src.code) ? h('span', { class: 'source-former', text: ` (${t('sourceFormer', former.get(src.code))})` }) : null,
      h('p', { class: 'source-summary', lang: 'nl', text: src.summary }),
      h('p', { class: 'source-meta muted small', text: `${t('sourceSupports')}: ${src.indicators.map((id) => labels[id] ?? id).join(', ')} · ${t('sourceRead', formatDate(src.read_on))}` })))));
  }
  if (mail) blocks.push(h('p', {}, mailtoLink(mail, subject, t('sourceCorrect'), 'source-correct')));
  blocks.push(feedbackLinks(d));
  return h('section', { class: 'detail-section detail-sources', 'aria-labelledby': 'detail-sources-h' }, blocks);
}

/**
 * renderDetail fills body with the detail of d (the API's detail object).
 * ctx: {inCompare(code), toggleCompare(code), open(code), demo}.
 */
export function renderDetail(body, d, ctx) {
  const en = lang() === 'en';
  const blocks = [];

  blocks.push(h('p', { class: 'detail-meta' },
    t('province', d.province_name),
    d.koploper ? h('span', { class: 'badge badge-koploper', title: t('koploperLong') }, t('koploper')) : null,
    d.demo ? h('span', { class: 'badge badge-demo' }, t('demoBadge')) : null,
    d.source_stale ? h('span', { class: 'badge badge-stale' }, t('staleBadge')) : null));

  const inCompare = ctx.inCompare(d.code);
  blocks.push(h('div', { class: 'detail-actions' },
    h('button', { type: 'button', class: 'button', id: 'detail-compare', 'aria-pressed': String(inCompare), onclick: () => ctx.toggleCompare(d.code) },
      inCompare ? t('compareRemove') : t('compareAdd')),
    h('a', { class: 'button', href: `/stakeholders?code=${encodeURIComponent(d.code)}` }, t('stakeholdersLink', d.name))));

  blocks.push(sourcesSection(d, ctx));
  blocks.push(networkSection(d.code));

  // Stage along the route.
  blocks.push(h('section', { class: 'detail-section' },
    h('h3', { id: 'detail-stage-h', text: t('stageHeading') }),
    d.stage == null ? h('p', { text: t('stageNone') }) : null,
    stageSteps(d.stage)));

  // Score with completeness.
  const pct = d.completeness == null ? 0 : Math.round(d.completeness * 100);
  blocks.push(h('section', { class: 'detail-section' },
    h('h3', { id: 'detail-score-h', text: t('scoreHeading') }),
    h('p', { class: 'score-line' },
      h('strong', { class: 'score-big', text: d.score == null ? t('unknown') : t('scoreText', formatNumber(d.score, 1)) }),
      h('span', { class: 'completeness', text: ` · ${t('completenessText', pct)}` })),
    d.insufficient_data ? h('p', { class: 'note-insufficient', text: t('insufficientText') }) : null));

  // Parts.
  blocks.push(h('section', { class: 'detail-section' },
    h('h3', { id: 'detail-parts-h', text: t('partsHeading') }),
    h('table', { class: 'data parts-table' },
      h('caption', { class: 'visually-hidden', text: t('partsCaption') }),
      h('tbody', {}, partIds().map((id) => {
        const v = d.parts?.[id];
        return h('tr', {},
          h('th', { scope: 'row', text: partLabel(id) }),
          h('td', { class: 'num', text: v == null ? t('unknown') : formatNumber(v) }),
          h('td', { class: 'bar-cell' }, bar(v)));
      })))));

  // Every indicator with evidence and date.
  const groups = new Map();
  for (const ind of d.indicators ?? []) {
    if (!groups.has(ind.part)) groups.set(ind.part, []);
    groups.get(ind.part).push(ind);
  }
  const table = h('table', { class: 'data indicators-table' },
    h('caption', { class: 'visually-hidden', text: t('indicatorsHeading') }),
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col', text: t('indicatorCol') }),
      h('th', { scope: 'col', text: t('valueCol') }),
      h('th', { scope: 'col', text: t('evidenceCol') }),
      h('th', { scope: 'col', text: t('dateCol') }))));
  for (const [part, inds] of groups) {
    const tb = h('tbody', {}, h('tr', { class: 'group-row' }, h('th', { scope: 'colgroup', colspan: 4, text: partLabel(part) })));
    for (const ind of inds) {
      const name = indicatorLabel(ind);
      tb.append(h('tr', { class: ind.value == null ? 'is-unknown' : null, dataset: { indicator: ind.id } },
        h('th', { scope: 'row', text: name }),
        h('td', {}, valueLabel(ind), ind.note ? h('span', { class: 'ind-note' }, ' — ', h('span', { lang: 'nl', text: ind.note })) : null),
        h('td', {}, ind.evidence
          ? h('a', { href: ind.evidence, rel: 'noopener', class: 'evidence-link' }, t('evidenceLink'), vh(` ${en ? 'for' : 'voor'} ${name}`), hostOf(ind.evidence) ? ` (${hostOf(ind.evidence)})` : '')
          : h('span', { class: 'muted', text: t('noEvidence') })),
        h('td', { class: 'date', text: ind.value == null ? '' : formatDate(ind.assessed_on) })));
    }
    table.append(tb);
  }
  blocks.push(h('section', { class: 'detail-section' },
    h('h3', { id: 'detail-ind-h', text: t('indicatorsHeading') }),
    h('div', { class: 'table-wrap', role: 'region', 'aria-labelledby': 'detail-ind-h', tabindex: '0' }, table)));

  // History.
  const history = d.history ?? [];
  blocks.push(h('section', { class: 'detail-section' },
    h('h3', { id: 'detail-hist-h', text: t('historyHeading') }),
    history.length ? historyChart(history) : h('p', { text: t('historyNone') }),
    history.length ? h('ol', { class: 'history-list' }, history.map((v) => h('li', {
      text: t('historyVersion', formatDate(v.assessed_on),
        v.score == null ? t('scoreUnknown') : `${t('scoreN', formatNumber(v.score, 1))}${v.insufficient_data ? ` (${t('insufficient')})` : ''}`,
        v.stage == null ? t('stageUnknown') : t('stageN', v.stage), v.basis === 'public_record' ? t('recordSource') : v.source),
    }))) : null));

  // Peers from the match centre.
  const peersList = h('ul', { class: 'peers', 'aria-live': 'polite' });
  const domainSelect = h('select', { id: 'peers-domain' },
    h('option', { value: '', text: t('peersDomainAll') }),
    domainIds().map((id) => h('option', { value: id, text: frameworkLabel(id) })));
  async function loadPeers() {
    peersList.replaceChildren(h('li', { class: 'muted', text: t('detailLoading') }));
    try {
      const peers = await fetchPeers(d.code, domainSelect.value);
      if (!peers.length) {
        peersList.replaceChildren(h('li', { text: t('peersNone') }));
        return;
      }
      peersList.replaceChildren(...peers.map((p) => h('li', {},
        h('button', { type: 'button', class: 'link-button', onclick: () => ctx.open(p.code) }, p.name),
        h('span', { class: 'peer-reason', text: ` — ${en ? p.reason_en || p.reason : p.reason}` }),
        h('span', { class: 'peer-facts muted', text: ` (${p.stage == null ? t('stageUnknown') : t('stageN', p.stage)}, ${p.score == null ? t('scoreUnknown') : t('scoreN', formatNumber(p.score))}${p.distance_km != null ? `, ${formatNumber(p.distance_km)} km` : ''})` }))));
    } catch {
      peersList.replaceChildren(h('li', { text: t('detailError') }));
    }
  }
  domainSelect.addEventListener('change', loadPeers);
  blocks.push(h('section', { class: 'detail-section' },
    h('h3', { id: 'detail-peers-h', text: t('peersHeading') }),
    h('p', { text: t('peersIntro') }),
    h('div', { class: 'field inline' }, h('label', { for: 'peers-domain', text: t('peersDomain') }), domainSelect),
    peersList));
  loadPeers();

  // Downloads, produced in the browser from the detail and its full shape.
  // The CSV is the server's (/api/municipalities/{code}.csv): every indicator with its evidence.
  const geoLink = h('a', { class: 'button', id: 'download-geojson', download: `${d.code}.geojson`, 'aria-disabled': 'true' }, t('downloadGeoJSON', d.name));
  const [csvLink, excelLink] = csvLinks(`/api/municipalities/${d.code}.csv`, { year: d.year }, t('downloadCSV', d.name), 'download-csv');
  const urls = [];
  blocks.push(h('section', { class: 'detail-section' },
    h('h3', { id: 'detail-dl-h', text: t('downloadsHeading') }),
    h('p', { class: 'downloads' }, geoLink, ' ', csvLink, ' ', excelLink),
    h('p', { class: 'muted small', lang: 'nl', text: ATTRIBUTION })));
  if (d.bbox) {
    fetchShape(d.code, d.bbox).then(({ collection, feature }) => {
      const fc = {
        type: 'FeatureCollection',
        attribution: ATTRIBUTION,
        license: collection.license ?? 'CC BY 4.0',
        ...(d.demo ? { demo_notice: collection.demo_notice ?? 'demo data' } : {}),
        features: [{ type: 'Feature', id: d.code, geometry: feature?.geometry ?? null, properties: props(d) }],
      };
      const url = URL.createObjectURL(new Blob([JSON.stringify(fc)], { type: 'application/geo+json' }));
      urls.push(url);
      geoLink.href = url;
      geoLink.removeAttribute('aria-disabled');
    }).catch(() => {});
  }

  body.replaceChildren(...blocks.filter(Boolean));
  return () => urls.forEach((u) => URL.revokeObjectURL(u));
}
