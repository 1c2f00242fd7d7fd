// stakeholders.js: entry point of the stakeholder map page (/stakeholders).
// It loads the groups of /api/stakeholders (or, with ?code= naming a
// municipality, or the picker, that municipality's recorded coverage), draws
// them (stakeholders-draw.js), writes the legend, summary and list
// (stakeholders-list.js) and opens a group's description in the detail
// panel. Texts and the language switch are shared with the map page
// (i18n.js); the status words come from the framework (framework.js).

import { fetchMunicipalities, fetchStakeholders } from './api.js';
import { h } from './dom.js';
import { loadFramework } from './framework.js';
import { initialLanguage, lang, onLanguageChange, setLanguage, t, tx, usePage } from './i18n.js';
import { createFigure } from './stakeholders-draw.js';
import { describe, renderLegend, renderList, renderSummary } from './stakeholders-list.js';

const $ = (id) => document.getElementById(id);

const state = {
  doc: null, // the stakeholder map document (generic or a municipality's)
  municipalities: [],
  code: '',
  mode: 'rings',
  figure: null,
  opener: null,
  openGroup: null,
};

// ---------- detail panel ----------

function openDetail(id, opener) {
  const g = state.doc.groups.find((x) => x.id === id);
  if (!g) return;
  state.opener = opener || document.activeElement;
  state.openGroup = id;
  const panel = $('sh-detail');
  const heading = $('sh-detail-heading');
  heading.textContent = tx(g.name);
  $('sh-detail-body').replaceChildren(describe(state.doc, g, 3));
  panel.hidden = false;
  panel.dataset.group = id;
  for (const [gid, m] of state.figure.markers()) m.getElement()?.classList.toggle('is-open', gid === id);
  heading.focus();
}

function closeDetail() {
  const panel = $('sh-detail');
  if (panel.hidden) return;
  panel.hidden = true;
  state.openGroup = null;
  for (const m of state.figure.markers().values()) m.getElement()?.classList.remove('is-open');
  // Return focus to the marker that opened the panel (it may have been redrawn).
  let target = state.opener;
  if (target && !document.contains(target) && target.dataset?.group) target = state.figure.marker(target.dataset.group);
  state.opener = null;
  target?.focus();
}

// ---------- data ----------

/** loadDoc fetches the map of state.code (the generic map when it has none or is not found). */
async function loadDoc() {
  try {
    const doc = await fetchStakeholders(state.code);
    // A merged code was redirected: remember the successor.
    if (doc.code && doc.code !== state.code) state.code = doc.code;
    return doc;
  } catch (err) {
    // Not a municipality code (400) or no such municipality (404): the general map.
    if ((err.status !== 404 && err.status !== 400) || !state.code) throw err;
    state.code = '';
    return loadDoc();
  }
}

function render() {
  const open = state.openGroup;
  const focusedGroup = document.activeElement?.closest?.('.sh-marker')?.dataset.group;
  state.figure.draw(state.doc, state.mode);
  $('sh-view-heading').textContent = state.mode === 'grid' ? t('viewGrid') : t('viewRings');
  renderLegend(state.doc, state.mode);
  renderSummary(state.doc);
  renderList(state.doc);
  if (open) openDetail(open, state.figure.marker(open));
  else if (focusedGroup) state.figure.marker(focusedGroup)?.focus();
}

function fillPicker() {
  const select = $('sh-municipality');
  const first = select.options[0];
  select.replaceChildren(first);
  const sorted = state.municipalities.slice().sort((a, b) => a.name.localeCompare(b.name, 'nl'));
  select.append(...sorted.map((m) => h('option', { value: m.code, text: m.name })));
  select.value = state.code;
}

/** updateURL keeps the view in the address (municipality, grid, language), so a shared link shows the same. */
function updateURL() {
  const u = new URL(location.href);
  if (state.code) u.searchParams.set('code', state.code);
  else u.searchParams.delete('code');
  if (state.mode === 'grid') u.searchParams.set('view', 'grid');
  else u.searchParams.delete('view');
  if (lang() !== 'nl' || u.searchParams.has('lang')) u.searchParams.set('lang', lang());
  history.replaceState(null, '', u);
}

function showError(err) {
  console.warn('stakeholders:', err);
  const box = $('sh-error');
  box.textContent = t('loadError');
  box.hidden = false;
}

async function choose(code) {
  state.code = code;
  closeDetail();
  $('sh-map').setAttribute('aria-busy', 'true');
  try {
    state.doc = await loadDoc();
    updateURL();
    render();
    $('sh-municipality').value = state.code;
  } catch (err) {
    showError(err);
  }
}

/**
 * codeFromURL is ?code= upper-cased. The server says whether it names a
 * municipality: a code merged away is redirected to its successor, anything
 * else unknown gives the general map (loadDoc).
 */
function codeFromURL() {
  return (new URLSearchParams(location.search).get('code') || '').trim().toUpperCase();
}

async function main() {
  usePage('stakeholders');
  setLanguage(initialLanguage());
  $('sh-lang').addEventListener('click', () => setLanguage(lang() === 'nl' ? 'en' : 'nl'));
  onLanguageChange(() => {
    if (state.doc) render();
    updateURL();
  });
  $('sh-detail-close').addEventListener('click', closeDetail);
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && !$('sh-detail').hidden) {
      e.preventDefault();
      closeDetail();
    }
  });
  const toggle = $('sh-grid');
  if (new URLSearchParams(location.search).get('view') === 'grid') state.mode = 'grid';
  toggle.setAttribute('aria-pressed', String(state.mode === 'grid'));
  toggle.addEventListener('click', () => {
    state.mode = state.mode === 'grid' ? 'rings' : 'grid';
    toggle.setAttribute('aria-pressed', String(state.mode === 'grid'));
    updateURL();
    render();
  });
  $('sh-municipality').addEventListener('change', (e) => choose(e.target.value));

  $('sh-map').setAttribute('aria-busy', 'true');
  state.figure = createFigure($('sh-map'), { onOpen: openDetail });
  const frameworkP = loadFramework().catch((err) => console.warn('stakeholders: framework:', err));
  const listP = fetchMunicipalities().catch((err) => {
    console.warn('stakeholders: municipality list:', err);
    return [];
  });
  state.code = codeFromURL();
  try {
    const docP = loadDoc();
    const [doc, list] = await Promise.all([docP, listP, frameworkP]);
    state.doc = doc;
    state.municipalities = list;
    $('sh-loading')?.remove();
    fillPicker();
    updateURL();
    render();
  } catch (err) {
    $('sh-loading')?.remove();
    showError(err);
  }
}

main();
