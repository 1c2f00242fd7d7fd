// app.js: entry point of the map page. It loads the configuration, builds the
// map and the search, and wires the language switch. No inline script exists
// anywhere (the CSP forbids it), so this module is the only starting point.

import { fetchConfig, fetchMunicipalities } from './api.js';
import { createMap } from './map.js';
import { createSearch } from './search.js';
import { applyStatic, initialLanguage, lang, setLanguage, t } from './i18n.js';

const $ = (id) => document.getElementById(id);

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

async function main() {
  setLanguage(initialLanguage());
  $('lang-switch').addEventListener('click', () => setLanguage(lang() === 'nl' ? 'en' : 'nl'));

  const config = await fetchConfig();
  if (config.demo) $('demo-banner').hidden = false;

  const mapEl = $('map');
  const view = createMap(mapEl, {
    tiles: config.tiles || '',
    tilesAttribution: config.tiles_attribution || '',
    onSelect: (p) => announce(t('selected', p.name, p.province_name)),
    onError: showError,
  });
  view.ready.then(() => $('map-loading')?.remove());

  const search = createSearch({
    input: $('search-input'),
    listbox: $('search-listbox'),
    counter: $('search-count'),
    onChoose: (item) => {
      view.zoomTo(item.code);
      announce(t('selected', item.name, item.province_name));
    },
  });

  try {
    search.setItems(await fetchMunicipalities());
  } catch (err) {
    showError(err);
  }
}

applyStatic();
main();
