// app.js: entry point of the map page. It keeps the page state (metric,
// province filter, view, selection, compare set, table sort, map view) in
// the URL, so a link restores the view and back/forward work, and wires the
// map, the search, the legend and summary, the detail panel and the table,
// province and compare views. No inline script exists anywhere (the CSP
// forbids it), so this module is the only starting point.

import { fetchCompare, fetchConfig, fetchDetail, fetchMunicipalities, fetchNames, fetchTimeline, fetchValues, setViewTime } from './api.js';
import { createMap } from './map.js';
import { initialLanguage, lang, onLanguageChange, setLanguage, t } from './i18n.js';
import { h } from './dom.js';
import { OUTSIDE, collator, colorOf, counts, coverageText, describe, domainIds, formatNumber, isMetric, metric, readingOrder, summarize } from './metrics.js';
import { indicatorLabel, levelLabel, loadFramework } from './framework.js';
import { createDateControl, createPlayer, formatLongDate, readTimeURL, writeTimeURL } from './timeline.js';

const $ = (id) => document.getElementById(id);

// The parts the first coloured view does not need load after it: the search,
// the share section and the date control right after it, the detail panel and
// the table, provinces and compare views at the first sign of use, meetings
// and the changes view on first use. The first view's module graph (and the
// round trips of a slow link) is the map's.
const lazy = {};
const load = (name) => (lazy[name] ??= import(`./${name}.js`).catch((err) => {
  delete lazy[name]; // a failed load is tried again on next use
  showError(err);
  throw err;
}));
const VIEWS = ['map', 'table', 'provinces', 'compare', 'changes'];
const MAX_COMPARE = 6; // municipalities side by side (the API's limit)

/**
 * announce puts message into the polite live region. Clearing first and
 * writing a moment later makes screen readers repeat an identical message.
 */
let announceTimer = 0;
function announce(message) {
  const region = $('announcer');
  region.textContent = '';
  clearTimeout(announceTimer);
  announceTimer = setTimeout(() => {
    region.textContent = message;
  }, 50);
}

function showError(err) {
  console.warn('inclusiekaart:', err);
  const box = $('map-error');
  box.textContent = t('loadError');
  box.hidden = false;
}

// ---- State and URL ----------------------------------------------------------

const state = {
  metric: 'stage',
  province: '',
  view: 'map',
  sel: null,
  compare: [],
  sort: { col: 'name', dir: 'asc' },
  mapView: null,
  date: '', // the day whose statuses the page shows ('' = today; timeline.js)
  since: '', // the period of the changes view ('' = the last twelve months)
  until: '',
  meetings: false, // the meetings layer on the map
};

/**
 * codeParam upper-cases a code from the URL. Whether it names a known
 * municipality or province is decided against the loaded list (knownCodes,
 * setItems): the page holds no copy of the form of CBS codes.
 */
function codeParam(v) {
  return (v ?? '').trim().toUpperCase();
}

/** knownCodes keeps the codes of loaded municipalities (all of them before the list has arrived). */
function knownCodes(codes) {
  return items.length ? codes.filter((c) => byCode.has(c)) : codes;
}

function isProvince(code) {
  return !items.length || items.some((it) => it.province_code === code);
}

function parseURL() {
  const q = new URLSearchParams(location.search);
  const province = codeParam(q.get('province'));
  const sel = knownCodes([codeParam(q.get('sel'))].filter(Boolean));
  const out = {
    metric: isMetric(q.get('metric')) ? q.get('metric') : 'stage',
    province: isProvince(province) ? province : '',
    view: VIEWS.includes(q.get('view')) ? q.get('view') : 'map',
    sel: sel[0] ?? null,
    compare: knownCodes([...new Set((q.get('compare') ?? '').split(',').map(codeParam).filter(Boolean))]),
    sort: { col: 'name', dir: 'asc' },
    mapView: null,
    meetings: q.get('meetings') === '1',
  };
  const sort = /^([a-z_]+)\.(asc|desc)$/.exec(q.get('sort') ?? '');
  if (sort) out.sort = { col: sort[1], dir: sort[2] };
  const mv = /^(\d+(?:\.\d+)?)\/(-?\d+(?:\.\d+)?)\/(-?\d+(?:\.\d+)?)$/.exec(q.get('map') ?? '');
  if (mv) out.mapView = { zoom: Number(mv[1]), lat: Number(mv[2]), lng: Number(mv[3]) };
  Object.assign(out, readTimeURL(q));
  return out;
}

function buildURL() {
  const q = new URLSearchParams();
  if (state.metric !== 'stage') q.set('metric', state.metric);
  if (state.province) q.set('province', state.province);
  if (state.view !== 'map') q.set('view', state.view);
  if (state.sel) q.set('sel', state.sel);
  if (state.compare.length) q.set('compare', state.compare.join(','));
  if (state.sort.col !== 'name' || state.sort.dir !== 'asc') q.set('sort', `${state.sort.col}.${state.sort.dir}`);
  writeTimeURL(q, state);
  if (state.meetings) q.set('meetings', '1');
  if (state.mapView) q.set('map', `${Math.round(state.mapView.zoom * 100) / 100}/${state.mapView.lat.toFixed(4)}/${state.mapView.lng.toFixed(4)}`);
  // The language travels with a shared link whenever it is not the default.
  const lq = new URLSearchParams(location.search).get('lang');
  if (lq || lang() !== 'nl') q.set('lang', lang());
  const s = q.toString().replace(/%2C/g, ',').replace(/%2F/g, '/');
  return `${location.pathname}${s ? `?${s}` : ''}${location.hash}`;
}

let restoring = false;
let share = null; // the share, print and cite section (share.js)
function commit(push = true) {
  if (restoring) return;
  const url = buildURL();
  queueMicrotask(() => share?.update());
  if (url === `${location.pathname}${location.search}${location.hash}`) return;
  if (push) history.pushState(null, '', url);
  else history.replaceState(null, '', url);
}

// ---- Data -------------------------------------------------------------------

let items = [];
let pageConfig = {}; // /api/config: demo, stale age, corrections address
const byCode = new Map();
let valuesLoaded = false;
let valuesPromise = null;
let view = null; // the map
let orderCache = null;

function filtered() {
  return state.province ? items.filter((it) => it.province_code === state.province) : items;
}

let metricMemo = null; // {key, m}: metric(id) builds its classes anew; fills ask it once per shape
function currentMetric() {
  const key = `${state.metric}|${lang()}`;
  if (metricMemo?.key !== key) metricMemo = { key, m: metric(state.metric) };
  return metricMemo.m;
}

function ensureValues() {
  if (valuesLoaded) return Promise.resolve();
  if (!valuesPromise) {
    const forDate = state.date;
    valuesPromise = fetchValues().then((vals) => {
      if (forDate !== state.date) return; // another day is shown meanwhile (showDate loads its own values)
      for (const it of items) {
        const v = vals.get(it.code);
        if (v) Object.assign(it, v);
      }
      valuesLoaded = true;
    }).catch((err) => {
      valuesPromise = null;
      showError(err);
    });
  }
  return valuesPromise;
}

// ---- Rendering ----------------------------------------------------------------

function fillMetricOptions() {
  const sel = $('metric');
  const opt = (id, label = metric(id).label) => h('option', { value: id, text: label });
  sel.replaceChildren(
    opt('score'),
    opt('stage'),
    opt('domains'),
    h('optgroup', { label: t('metricGroupDomains') }, domainIds().map((id) => opt(id, indicatorLabel(id)))),
    opt('lived_experience'),
    opt('stakeholders'),
  );
  sel.value = state.metric;
}

function fillProvinceOptions() {
  const sel = $('province');
  const provs = new Map();
  for (const it of items) provs.set(it.province_code, it.province_name);
  const sorted = [...provs].sort((a, b) => collator.compare(a[1], b[1])); // one collator (localeCompare(…, 'nl') builds one per call)
  sel.replaceChildren(h('option', { value: '', text: t('provinceAll') }), ...sorted.map(([code, name]) => h('option', { value: code, text: name })));
  sel.value = state.province;
}

function provinceName(code) {
  return items.find((it) => it.province_code === code)?.province_name ?? code;
}

function renderLegend() {
  const m = currentMetric();
  const list = filtered();
  const c = counts(m, list);
  $('legend-metric').textContent = m.label;
  const rows = m.classes.map((cl, i) => {
    const sw = h('span', { class: 'swatch', 'aria-hidden': 'true' });
    sw.style.background = cl.color;
    return h('li', { dataset: { class: String(i) } }, sw, h('span', { class: 'legend-label' }, cl.label, ' ', h('span', { class: 'legend-count', text: t('municipalitiesCount', c[i]) })));
  });
  rows.push(h('li', { dataset: { class: 'unknown' } }, h('span', { class: 'swatch swatch-hatch', 'aria-hidden': 'true' }), h('span', { class: 'legend-label' }, t('legendUnknown'), ' ', h('span', { class: 'legend-count', text: t('municipalitiesCount', c[m.classes.length]) }))));
  const kop = list.filter((it) => it.koploper).length;
  rows.push(h('li', { class: 'legend-extra' }, h('span', { class: 'swatch swatch-koploper', 'aria-hidden': 'true' }), h('span', { class: 'legend-label' }, t('legendKoploper'), ' ', h('span', { class: 'legend-count', text: t('municipalitiesCount', kop) }))));
  rows.push(h('li', { class: 'legend-extra' }, h('span', { class: 'swatch swatch-province', 'aria-hidden': 'true' }), h('span', { class: 'legend-label', text: t('legendProvince') })));
  if (state.province) {
    const sw = h('span', { class: 'swatch', 'aria-hidden': 'true' });
    sw.style.background = OUTSIDE;
    rows.push(h('li', { class: 'legend-extra' }, sw, h('span', { class: 'legend-label' }, t('legendOutside'), ' ', h('span', { class: 'legend-count', text: t('municipalitiesCount', items.length - list.length) }))));
  }
  rows.push(h('li', { class: 'legend-extra legend-coverage', id: 'legend-coverage', text: coverageText(list) }));
  $('legend').replaceChildren(...rows);
  $('summary').textContent = m.needsValues && !valuesLoaded ? t('loadingValues') : summarize(m, list, { provinceName: state.province ? provinceName(state.province) : '' });
}

function fillOf(code) {
  const it = byCode.get(code);
  if (!it) return null;
  if (state.province && it.province_code !== state.province) return OUTSIDE;
  return colorOf(currentMetric(), it);
}

function labelOf(code) {
  const it = byCode.get(code);
  if (!it) return null;
  const m = currentMetric();
  const lines = [t('province', it.province_name)];
  lines.push(it.stage != null ? `${t('stage')} ${it.stage}: ${levelLabel('stage', it.stage)}` : `${t('stage')}: ${t('unknownLower')}`);
  lines.push(it.score == null ? `${t('score')}: ${t('unknownLower')}` : `${t('score')}: ${formatNumber(it.score, 1)}${it.insufficient_data ? ` (${t('insufficient')})` : ''}`);
  if (m.id !== 'score' && m.id !== 'stage') {
    const v = m.value(it);
    lines.push(`${m.short}: ${v == null ? t('unknownLower') : m.format(v)}`);
  }
  if (it.koploper) lines.push(t('koploper'));
  return { title: it.name, lines };
}

function order() {
  if (!orderCache) orderCache = readingOrder(filtered()).map((it) => it.code);
  return orderCache;
}

let tableState = null;
async function renderTableView() {
  // The downloads are the server's CSV of the same rows (year, province).
  const [{ renderTable }, { setCSVLinks }] = await Promise.all([load('views'), load('downloads')]);
  setCSVLinks($('table-download'), $('table-download-excel'), '/api/municipalities.csv', { year: items[0]?.year, province: state.province, date: state.date });
  tableState = renderTable($('table-wrap'), filtered(), {
    metric: currentMetric(),
    sort: state.sort,
    async onSort(col) {
      state.sort = state.sort.col === col ? { col, dir: state.sort.dir === 'asc' ? 'desc' : 'asc' } : { col, dir: col === 'name' || col === 'province' ? 'asc' : 'desc' };
      await renderTableView();
      $('table-wrap').querySelector(`button[data-col="${col}"]`)?.focus();
      const label = tableState.cols.find((c) => c.id === col)?.label ?? col;
      announce(t('sortAnnounce', label, state.sort.dir === 'asc' ? t('sortedAsc') : t('sortedDesc')));
      commit();
    },
    inCompare: (code) => state.compare.includes(code),
    toggleCompare,
    open: (code) => openDetail(code, { focus: true }),
    config: pageConfig,
  });
}

let compareRequest = 0;
async function renderCompareView() {
  const body = $('compare-body');
  if (state.compare.length < 2) {
    body.replaceChildren(h('p', { class: 'hint', text: t('compareNeedTwo') }));
    return;
  }
  const id = ++compareRequest;
  try {
    const [data, { renderCompare }] = await Promise.all([fetchCompare(state.compare), load('views')]);
    if (id !== compareRequest) return;
    renderCompare(body, data, { open: (code) => openDetail(code, { focus: true }) });
  } catch (err) {
    showError(err);
  }
}

function renderTray() {
  const tray = $('compare-tray');
  const n = state.compare.length;
  $('compare-count').textContent = String(n);
  tray.hidden = n === 0;
  $('compare-chips').replaceChildren(...state.compare.map((code) => {
    const it = byCode.get(code);
    const name = it?.name ?? code;
    return h('li', { class: 'chip' }, h('span', { text: name }),
      h('button', { type: 'button', class: 'chip-remove', 'aria-label': t('compareRemoveOne', name), title: t('compareRemoveOne', name), onclick: () => toggleCompare(code), text: '×' }));
  }));
  const open = $('compare-open');
  open.textContent = n >= 2 ? t('compareOpen', n) : t('compareNeedTwoShort');
  open.disabled = n < 2;
  const btn = $('detail-compare');
  if (btn && state.sel) {
    const on = state.compare.includes(state.sel);
    btn.setAttribute('aria-pressed', String(on));
    btn.textContent = on ? t('compareRemove') : t('compareAdd');
  }
  for (const box of $('table-wrap').querySelectorAll('tbody input[type="checkbox"]')) {
    box.checked = state.compare.includes(box.closest('tr').dataset.code);
  }
}

function toggleCompare(code) {
  const it = byCode.get(code);
  const name = it?.name ?? code;
  if (state.compare.includes(code)) {
    state.compare = state.compare.filter((c) => c !== code);
    announce(t('compareRemoved', name, state.compare.length));
  } else {
    if (state.compare.length >= MAX_COMPARE) {
      announce(t('compareFull'));
      renderTray();
      return;
    }
    state.compare = [...state.compare, code];
    announce(t('compareAdded', name, state.compare.length));
  }
  renderTray();
  if (state.view === 'compare') renderCompareView();
  commit();
}

function renderView({ initial = false } = {}) {
  for (const v of VIEWS) {
    $(`view-${v}`).hidden = state.view !== v;
  }
  for (const b of document.querySelectorAll('.view-switch button')) {
    b.setAttribute('aria-pressed', String(b.dataset.view === state.view));
  }
  document.querySelector('.legend-section').hidden = state.view === 'compare' || state.view === 'provinces' || state.view === 'changes';
  if (state.view === 'map' && !initial) view?.invalidate();
  if (state.view === 'table') renderTableView();
  if (state.view === 'provinces') load('views').then(({ renderProvinces }) => renderProvinces($('provinces-wrap'), items));
  if (state.view === 'compare') renderCompareView();
  if (state.view === 'changes') changesView().then((v) => v.render(state, timeRange));
}

async function renderAll({ initial = false } = {}) {
  orderCache = null;
  const m = currentMetric();
  renderLegend();
  if (!initial) view?.restyle(); // the first drawing was coloured as it was built
  renderTray();
  if (state.view !== 'map') renderView();
  if (m.needsValues && !valuesLoaded && items.length) {
    await ensureValues();
    renderLegend();
    view?.restyle();
    if (state.view === 'table') await renderTableView();
  }
}

// ---- Detail -----------------------------------------------------------------

let detailData = null;
let detailCleanup = null;
let detailRequest = 0;
let detailFrom = null; // element to return focus to

async function openDetail(code, { focus = false, push = true, from = null } = {}) {
  const it = byCode.get(code);
  state.sel = code;
  if (push) commit();
  view?.select(code);
  const panel = $('detail');
  panel.hidden = false;
  detailFrom = from ?? (document.activeElement !== document.body ? document.activeElement : null);
  $('detail-name').textContent = it?.name ?? code;
  $('detail-body').replaceChildren(h('p', { class: 'muted', text: t('detailLoading') }));
  if (focus) $('detail-name').focus();
  else load('reveal').then(({ revealBelowFold }) => revealBelowFold($('detail'))).catch(() => {});
  const id = ++detailRequest;
  try {
    const d = await fetchDetail(code);
    if (id !== detailRequest) return;
    detailData = d;
    drawDetail();
  } catch (err) {
    if (id !== detailRequest) return;
    console.warn('inclusiekaart:', err);
    $('detail-body').replaceChildren(h('p', { class: 'map-error', role: 'alert', text: t('detailError') }));
  }
}

async function drawDetail() {
  if (!detailData) return;
  const { renderDetail } = await load('detail');
  if (!detailData) return; // closed meanwhile
  detailCleanup?.();
  $('detail-name').textContent = detailData.name;
  detailCleanup = renderDetail($('detail-body'), detailData, {
    inCompare: (code) => state.compare.includes(code),
    toggleCompare,
    open: (code) => openDetail(code, { focus: true }),
    config: pageConfig,
  });
  // The details are today's: say so when the map shows another day.
  if (state.date) $('detail-body').prepend(h('p', { class: 'note-date', id: 'detail-date-note', text: t('timeDetailNote', formatLongDate(state.date)) }));
}

function closeDetail({ push = true } = {}) {
  if ($('detail').hidden) return;
  $('detail').hidden = true;
  detailRequest++;
  detailData = null;
  detailCleanup?.();
  detailCleanup = null;
  state.sel = null;
  view?.select(null);
  if (push) commit();
  const back = detailFrom && document.contains(detailFrom) && !$('detail').contains(detailFrom) ? detailFrom : state.view === 'map' ? $('map') : null;
  back?.focus();
}

// ---- Time view (timeline.js, changes.js) --------------------------------------

let timeRange = null; // /api/timeline: {first_date, today, years}
let dateControl = null;
let player = null;
let changesViewP = null;
let dateRequest = 0;
let shapesYear = 0; // boundary year of the drawn shapes (0 = the newest)

/**
 * showDate shows every municipality's status on date ('' = today): the list
 * of that day (with its values) and, when that day's boundary year is not the
 * newest, its shapes. It resolves once the map shows the day. A link with a
 * day the data does not cover shows today. push adds a history entry;
 * replace (the player while playing) only updates the address.
 */
async function showDate(date, { push = true, replace = false } = {}) {
  const id = ++dateRequest;
  // A day the data does not cover (an old link, say) shows today.
  if (date && timeRange && (!timeRange.first_date || date < timeRange.first_date || date > timeRange.today)) date = '';
  state.date = date;
  setViewTime(date, shapesYear);
  let list;
  try {
    list = await fetchMunicipalities();
  } catch (err) {
    if (id !== dateRequest) return;
    if (err.status === 400 && date) {
      showDate('', { push: false });
      return;
    }
    showError(err);
    return;
  }
  if (id !== dateRequest) return;
  const year = list[0]?.year ?? 0;
  const wantYear = year && timeRange?.years?.length && year !== timeRange.years[0] ? year : 0;
  if (wantYear !== shapesYear) {
    shapesYear = wantYear;
    setViewTime(date, shapesYear);
    await view?.reloadShapes();
    if (id !== dateRequest) return;
  }
  setItems(list);
  valuesLoaded = true;
  valuesPromise = null;
  renderAll();
  dateControl?.show(date, year);
  player?.shown(date, year);
  drawDetail();
  if (push || replace) commit(push);
}

/** changesView loads the changes view's module the first time it is shown (it is not part of the first view). */
function changesView() {
  changesViewP ??= import('./changes.js').then(({ createChangesView }) => {
    const v = createChangesView($('changes-body'), {
      open: (code) => openDetail(code, { focus: true }),
      nameOf: (code) => byCode.get(code)?.name ?? null,
      onPeriod(since, until) {
        state.since = since;
        state.until = until;
        commit();
        v.render(state, timeRange);
      },
    });
    return v;
  });
  return changesViewP;
}

function setupTime(rangeP) {
  dateControl = createDateControl($('date-field'), {
    onChange(d) {
      player?.stop(); // a day chosen by hand ends playing
      showDate(d);
    },
  });
  player = createPlayer($('history'), { go: (d, opts) => showDate(d, opts), current: () => state.date });
  rangeP.then((r) => {
    if (!r) return;
    timeRange = r;
    dateControl.setRange(r);
    player.setRange(r);
    // The day shown (a link's ?date=, shown before the control existed) or today.
    const year = state.date ? items[0]?.year ?? 0 : r.years?.[0] ?? 0;
    dateControl.show(state.date, year);
    player.shown(state.date, year);
  });
}

// ---- Main -------------------------------------------------------------------

function setViewMode(v, { push = true } = {}) {
  state.view = v;
  renderView();
  if (push) {
    announce(t('viewAnnounce', t(`view${v[0].toUpperCase()}${v.slice(1)}`)));
    commit();
  }
}

function applyURLState() {
  const next = parseURL();
  restoring = true;
  try {
    const metricChanged = next.metric !== state.metric || next.province !== state.province;
    Object.assign(state, { metric: next.metric, province: next.province, compare: next.compare.slice(0, MAX_COMPARE), sort: next.sort, since: next.since, until: next.until });
    if (next.date !== state.date) showDate(next.date, { push: false });
    $('metric').value = state.metric;
    $('province').value = state.province;
    if (next.mapView) {
      state.mapView = next.mapView;
      view?.setView(next.mapView);
    }
    state.view = next.view;
    if (metricChanged) renderAll();
    renderTray();
    renderView();
    if (next.meetings !== state.meetings) $('meetings-toggle').click();
    if (next.sel && next.sel !== state.sel) openDetail(next.sel, { push: false });
    else if (!next.sel) closeDetail({ push: false });
  } finally {
    restoring = false;
  }
}

/**
 * setItems takes the municipalities (from the first shapes, which carry the
 * list's properties, or from the list when the shapes failed) into the page:
 * the search, the province filter, the compare tray and the map's colours.
 */
let search = null;
function setItems(list) {
  items = list;
  byCode.clear();
  orderCache = null;
  for (const it of items) byCode.set(it.code, it);
  search?.setItems(items);
  if (items.some((it) => it.demo)) $('demo-banner').hidden = false;
  // Codes in the URL that name no loaded municipality or province are dropped.
  state.compare = knownCodes(state.compare).slice(0, MAX_COMPARE);
  if (!isProvince(state.province)) state.province = '';
  if (firstViewShown) fillProvinceOptions(); // else right after the first view (sorting names loads ICU's collation)
}

function itemsFromShapes(collection) {
  return (collection?.features ?? []).map((f) => ({ ...f.properties, code: f.properties?.code ?? f.id }));
}

let firstViewShown = false; // the first coloured view is drawn (setupAfterFirstView has run)
let timelineP = null;
/** timeline returns (one request per page) /api/timeline, or null when it failed. */
function timeline() {
  timelineP ??= fetchTimeline().catch((err) => {
    console.warn('inclusiekaart: timeline:', err);
    return null;
  });
  return timelineP;
}

async function main() {
  setLanguage(initialLanguage());
  $('lang-switch').addEventListener('click', () => setLanguage(lang() === 'nl' ? 'en' : 'nl'));

  // The metrics, their names and levels come from the framework (fetched
  // since api.js started, alongside the shapes).
  await loadFramework().catch(showError);
  Object.assign(state, parseURL());
  const linkedView = state.mapView; // the map's view in the opened link, if any
  fillMetricOptions();

  const configP = fetchConfig();

  // With the server's drawing of the first view on the page, the browser
  // shows it before the map is built (building it keeps the page busy for
  // a while): one frame first.
  if ($('map-first')) await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

  const mapEl = $('map');
  view = createMap(mapEl, {
    baseMap: configP.then((config) => ({ tiles: config.tiles, attribution: config.tiles_attribution })),
    zoomBands: configP.then((config) => config.zoom_bands),
    view: state.mapView,
    onError: showError,
    fillOf,
    labelOf,
    isKoploper: (code) => Boolean(byCode.get(code)?.koploper),
    order,
    onOpen: (code, how) => openDetail(code, { focus: how === 'keyboard', from: how === 'keyboard' ? mapEl : null }),
    onFocusItem: (code) => {
      const it = byCode.get(code);
      if (it) announce(describe(it, currentMetric()));
    },
    onMove: (v) => {
      state.mapView = v;
      if (firstViewShown) commit(false); // the first view writes the address once, when it is drawn
    },
    // The first layer colours itself: the items are taken from its properties before it is drawn.
    onShapes: (collection) => {
      if (!items.length) setItems(itemsFromShapes(collection));
    },
  });

  // The page's own fit of the country is not written into the address: the
  // address of an untouched map stays / (and a reload shows the server's
  // drawing of the first view again); a move by the reader, a selection's
  // zoom or a province fit writes the view.
  if (!linkedView) state.mapView = null;

  // The date control and the history player are made right after the first
  // view (the first <input type="date"> of a page costs tens of milliseconds),
  // and /api/timeline is asked then, unless the link needs it (a date, the
  // changes view); app.css keeps the control's place in the controls bar, so
  // the map does not move.

  // Controls.
  // Per-indicator values come with the full list, fetched only when a metric needs
  // them; start it as soon as the user reaches for the menu.
  for (const ev of ['focus', 'pointerdown']) $('metric').addEventListener(ev, () => { if (items.length) ensureValues(); });
  $('metric').addEventListener('change', (e) => {
    state.metric = e.target.value;
    renderAll();
    announce(t('metricAnnounce', currentMetric().label));
    commit();
  });
  $('province').addEventListener('change', (e) => {
    state.province = e.target.value;
    renderAll();
    if (state.view === 'map') view.fitCodes(state.province ? filtered().map((it) => it.code) : null);
    commit();
  });
  for (const b of document.querySelectorAll('.view-switch button')) {
    b.addEventListener('click', () => setViewMode(b.dataset.view));
  }
  $('compare-open').addEventListener('click', () => setViewMode('compare'));
  $('compare-clear').addEventListener('click', () => {
    state.compare = [];
    renderTray();
    if (state.view === 'compare') renderCompareView();
    commit();
    $('view-switch-compare')?.focus();
  });
  $('detail-close').addEventListener('click', () => closeDetail());
  $('detail').addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && e.target.tagName !== 'SELECT') {
      e.preventDefault();
      closeDetail();
    }
  });
  window.addEventListener('popstate', applyURLState);

  onLanguageChange(() => {
    fillMetricOptions();
    if (items.length) fillProvinceOptions();
    renderAll();
    renderView();
    drawDetail();
    commit(false);
  });

  configP.then((config) => {
    pageConfig = config;
    if (config.demo) $('demo-banner').hidden = false;
    drawDetail();
  });

  await view.ready;
  if (!items.length) {
    // The shapes failed: the list still gives the search, the table and the summary.
    setItems(await fetchMunicipalities().catch((err) => {
      showError(err);
      return [];
    }));
    view.restyle();
  }
  if (state.date || state.view === 'changes') timeRange = await timeline();
  if (state.date) await showDate(state.date, { push: false });
  $('map-loading')?.remove();
  $('map-first')?.remove(); // the server's drawing of the first view: the map now lies over it
  // A shared link with a selection shows that municipality: the map's own view
  // when the link has one (panned if needed), else fitted to the municipality.
  if (state.sel && byCode.has(state.sel)) {
    if (linkedView) view.showCode(state.sel);
    else view.zoomTo(state.sel, { animate: false });
    openDetail(state.sel, { push: false });
  } else {
    state.sel = null;
  }
  firstViewShown = true;
  renderAll({ initial: true });
  renderView({ initial: true });
  mapEl.dataset.state = 'ready';
  performance.mark('inclusiekaart:coloured');
  // After the frame that shows the coloured map.
  requestAnimationFrame(() => setTimeout(setupAfterFirstView, 0));
}

/**
 * setupAfterFirstView adds what the first coloured view does not need: the
 * date control and history player, the province menu's provinces, the search,
 * the share section, the meetings toggle, the warm-up of the detail panel and
 * views at the first sign of use, and the names on the map. document.body gets data-page="ready" when all
 * of it is wired (tests wait for it before they use these parts).
 */
function setupAfterFirstView() {
  setupTime(timeline());
  commit(false); // the map's view into the address; codes in the link that name nothing are gone from it too
  fillProvinceOptions();
  wireMeetings();
  // search.js imports find.js and find-none.js: asked at once, one round trip.
  const searchP = Promise.all([load('search'), load('find'), load('find-none')]).then(([{ createSearch }]) => {
    search = createSearch({
      input: $('search-input'),
      listbox: $('search-listbox'),
      counter: $('search-count'),
      none: $('search-none'),
      onChoose: (item) => {
        view.zoomTo(item.code);
        announce(t('selected', item.name, item.province_name));
        openDetail(item.code, { focus: false, from: $('search-input') });
      },
    });
    search.setItems(items);
    // The other names for the search come when the search is first reached for.
    const names = () => fetchNames().then((list) => search.setNames(list)).catch((err) => console.warn('inclusiekaart: names:', err));
    onFirst($('search-input'), ['focus', 'pointerdown'], names);
  });
  // The drawing of a province shows only its municipalities: a selection elsewhere is left out.
  const drawnSel = () => (state.sel && (!state.province || byCode.get(state.sel)?.province_code === state.province) ? state.sel : null);
  const shareP = load('share').then(({ createShare }) => {
    share = createShare({ view: () => ({ province: state.province, sel: drawnSel(), metric: state.metric, date: state.date }), items: () => items, announce });
  });
  Promise.all([searchP, shareP]).then(() => { document.body.dataset.page = 'ready'; }, () => {});
  // The detail panel and the other views load at the reader's first sign of
  // use (a pointer moving, a touch, a key), before any click can need them.
  onFirst(document, ['pointermove', 'pointerdown', 'keydown', 'wheel'], () => { load('detail'); load('views'); });
  // The names on the map, in a task of their own.
  setTimeout(() => view.firstViewShown(), 0);
}

/** onFirst runs fn once, on the first of events on target. */
function onFirst(target, events, fn) {
  const once = () => {
    for (const ev of events) target.removeEventListener(ev, once, true);
    fn();
  };
  for (const ev of events) target.addEventListener(ev, once, { capture: true, passive: true });
  if (target === document.activeElement) once(); // already there (focused before the page was ready)
}

/**
 * wireMeetings makes the toggle show and hide the meetings layer; its module
 * (meetings.js) loads when the toggle is first pressed. The pressed state and
 * the address change at once, the layer when its module and data are in.
 */
function wireMeetings() {
  const button = $('meetings-toggle');
  let layerP = null;
  const pressed = () => button.getAttribute('aria-pressed') === 'true';
  button.addEventListener('click', () => {
    button.setAttribute('aria-pressed', String(!pressed()));
    state.meetings = pressed();
    commit();
    layerP ??= load('meetings').then(({ createMeetingsLayer }) => createMeetingsLayer(view.map, announce)).catch((err) => {
      layerP = null; // tried again on the next press
      throw err;
    });
    layerP.then((layer) => layer.show(pressed())).catch(() => {});
  });
  if (state.meetings) {
    state.meetings = false; // the toggle turns it on again (and back into the address)
    button.click();
  }
}

main();
