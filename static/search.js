// search.js: the municipality search, an editable combobox with a list popup
// following the WAI-ARIA 1.2 combobox pattern (APG "list autocomplete"):
// typing filters, ArrowDown/ArrowUp move the active option (shown through
// aria-activedescendant while focus stays in the input), Enter chooses,
// Escape closes the list (or clears the input when it is already closed).
// A misspelt name still finds its municipality (find.js); when nothing comes
// close, a visible message names the closest municipalities (find-none.js)
// and the live region says the same. Besides municipalities it finds places
// inside them (places.js), loaded when the search box is first used so they
// add nothing to the first view.

import { t, lang, onLanguageChange } from './i18n.js';
import { fold, squash, fuzzyMatch, suggestions, kindRank } from './find.js';
import { renderNotFound } from './find-none.js';

/** MAX_OPTIONS caps the list; the count announcement still gives the total. */
const MAX_OPTIONS = 50;

export { fold, squash };

// The folded and squashed search name of each item, made once per item.
const keys = new WeakMap();
function keysOf(item) {
  let k = keys.get(item);
  if (!k) {
    const s = item.searchName ?? item.name;
    k = { name: fold(s), squashed: squash(s) };
    keys.set(item, k);
  }
  return k;
}

/**
 * match returns the items whose name (or code) contains query, ignoring case,
 * diacritics and, as a fallback, punctuation. Names that start with the
 * query come first, then names with a word starting with it, then the rest;
 * within each, official names come first, then other and former names, then
 * places in a municipality (kindRank: "Valkenburg" finds the municipality
 * Valkenburg aan de Geul before Valkenburg in Katwijk); then by
 * name in Dutch collation.
 */
export function match(items, query) {
  const q = fold(query.trim());
  const qs = squash(query);
  if (!qs) return [];
  const collator = new Intl.Collator('nl');
  const hits = [];
  for (const item of items) {
    const { name, squashed: nameSquashed } = keysOf(item);
    let rank;
    if (name.startsWith(q) || nameSquashed.startsWith(qs)) rank = 0;
    else if (name.split(/[\s\-']+/).some((w) => w.startsWith(q))) rank = 1;
    else if (name.includes(q) || nameSquashed.includes(qs)) rank = 2;
    else if (item.code && fold(item.code) === q) rank = 0;
    else continue;
    hits.push({ item, rank });
  }
  hits.sort((a, b) => a.rank - b.rank || kindRank(a.item) - kindRank(b.item)
    || collator.compare(a.item.name, b.item.name) || collator.compare(a.item.searchName ?? '', b.item.searchName ?? ''));
  // One option per municipality: the best-ranked of its names.
  const seen = new Set();
  return hits.map((h) => h.item).filter((it) => !seen.has(it.code) && seen.add(it.code));
}

/**
 * aliasItems turns the other names (/api/names) into search items of the
 * municipalities they lead to: found by the other name (searchName), shown
 * with the official name and a note saying what the other name is.
 */
export function aliasItems(names, items, language) {
  const byCode = new Map(items.map((it) => [it.code, it]));
  return names.filter((n) => byCode.has(n.code)).map((n) => ({
    ...byCode.get(n.code), searchName: n.name, note: `${n.name}: ${language === 'en' ? n.note_en : n.note_nl}`,
  }));
}

/**
 * createSearch wires the combobox. input is the role=combobox input, listbox
 * the role=listbox element, counter a polite live region for result counts.
 * onChoose(item) runs when the user picks a municipality.
 */
export function createSearch({ input, listbox, counter, none, onChoose }) {
  let items = [];
  let fuzzy = false;
  let suggested = [];
  let names = [];
  let placeItems = () => []; // from places.js, once loaded
  let places = [];
  let placesLoading = null;
  let base = []; // municipalities by their own and other names
  let all = []; // base and the places in them
  let results = [];
  let active = -1;
  let countTimer = 0;

  function isOpen() {
    return input.getAttribute('aria-expanded') === 'true';
  }

  function open() {
    if (results.length === 0) return close();
    listbox.hidden = false;
    input.setAttribute('aria-expanded', 'true');
  }

  function close() {
    listbox.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    setActive(-1);
  }

  function setActive(i) {
    const options = listbox.children;
    if (active >= 0 && options[active]) {
      options[active].setAttribute('aria-selected', 'false');
      options[active].classList.remove('is-active');
    }
    active = i;
    if (i >= 0 && options[i]) {
      options[i].setAttribute('aria-selected', 'true');
      options[i].classList.add('is-active');
      input.setAttribute('aria-activedescendant', options[i].id);
      options[i].scrollIntoView({ block: 'nearest' });
    } else {
      input.removeAttribute('aria-activedescendant');
    }
  }

  function render() {
    const shown = results.slice(0, MAX_OPTIONS);
    const frag = document.createDocumentFragment();
    shown.forEach((item, i) => {
      const li = document.createElement('li');
      li.id = `search-option-${item.code}`; // one option per municipality (match)
      li.setAttribute('role', 'option');
      li.setAttribute('aria-selected', 'false');
      li.dataset.index = String(i);
      const name = document.createElement('span');
      name.className = 'option-name';
      name.textContent = item.place ?? item.name;
      li.append(name);
      if (item.place) {
        const of = document.createElement('span');
        of.className = 'option-place';
        of.textContent = ` — ${t('searchPlaceOf', item.name, item.placeKind === 'woonplaats')}${item.province_name ? `, ${item.province_name}` : ''}`;
        li.append(of);
      } else if (item.province_name) {
        const prov = document.createElement('span');
        prov.className = 'option-province';
        prov.textContent = `, ${item.province_name}`;
        li.append(prov);
      }
      if (item.note) {
        const note = document.createElement('span');
        note.className = 'option-province';
        note.textContent = ` (${item.note})`;
        li.append(note);
      }
      frag.append(li);
    });
    active = -1;
    input.removeAttribute('aria-activedescendant');
    listbox.replaceChildren(frag);
  }

  function announceCount() {
    clearTimeout(countTimer);
    // Wait for a pause in typing so screen readers are not flooded.
    countTimer = setTimeout(() => {
      if (!input.value.trim()) counter.textContent = '';
      else if (!results.length) counter.textContent = t('searchNothing', input.value.trim(), suggested.map((it) => it.name));
      else counter.textContent = fuzzy ? t('searchFuzzy', results.length) : t('searchResults', results.length);
    }, 500);
  }

  function find(query) {
    results = match(all, query);
    fuzzy = !results.length;
    if (fuzzy) results = fuzzyMatch(all, query);
    suggested = !results.length && query.trim() ? suggestions(base, query) : [];
    if (none) {
      renderNotFound(none, query.trim(), suggested, (item) => {
        results = [item];
        choose(0);
      });
    }
  }

  function update() {
    find(input.value);
    render();
    if (results.length) open();
    else close();
    announceCount();
  }

  // refresh matches again when more names or places arrived while someone
  // is searching. They may be moving through the list: the option they are
  // on stays the active one when it is still there.
  function refresh() {
    if (!input.value.trim() || document.activeElement !== input) return;
    const was = active >= 0 ? results[active] : null;
    update();
    if (was && isOpen()) {
      const i = results.slice(0, MAX_OPTIONS).findIndex((it) => it.code === was.code && it.place === was.place);
      if (i >= 0) setActive(i);
    }
  }

  function choose(i) {
    const item = results[i];
    if (!item) return;
    input.value = item.name;
    if (none) renderNotFound(none, '', [], null);
    close();
    clearTimeout(countTimer);
    counter.textContent = '';
    onChoose(item);
  }

  // The places are loaded on first use of the search box (again after a failure).
  function loadPlaces() {
    placesLoading ??= import('./places.js').then((m) => {
      placeItems = m.placeItems;
      return m.fetchPlaces();
    }).then((answer) => {
      places = answer.places ?? [];
      rebuild();
      refresh();
      input.dataset.places = 'loaded';
    }).catch((err) => {
      placesLoading = null;
      console.warn('inclusiekaart: places:', err);
    });
  }

  input.addEventListener('focus', loadPlaces);
  input.addEventListener('input', loadPlaces);
  input.addEventListener('input', update);

  input.addEventListener('keydown', (e) => {
    if (e.altKey && e.key === 'ArrowDown') {
      if (!results.length) {
        find(input.value);
        render();
      }
      open();
      e.preventDefault();
      return;
    }
    switch (e.key) {
      case 'ArrowDown': {
        if (!isOpen()) {
          if (!results.length) {
            find(input.value);
            render();
          }
          open();
          if (isOpen()) setActive(0);
        } else {
          setActive(active + 1 < listbox.children.length ? active + 1 : 0);
        }
        e.preventDefault();
        break;
      }
      case 'ArrowUp': {
        if (!isOpen()) {
          open();
          if (isOpen()) setActive(listbox.children.length - 1);
        } else {
          setActive(active > 0 ? active - 1 : listbox.children.length - 1);
        }
        e.preventDefault();
        break;
      }
      case 'Enter': {
        if (isOpen()) {
          // With no active option, Enter takes the best match.
          choose(active >= 0 ? active : 0);
          e.preventDefault();
        }
        break;
      }
      case 'Escape': {
        if (isOpen()) close();
        else if (input.value) {
          input.value = '';
          find('');
          render();
          announceCount();
        }
        e.preventDefault();
        break;
      }
      case 'Tab':
        close();
        break;
      default:
        break;
    }
  });

  // Pointer: keep focus in the input while choosing with the mouse or touch.
  listbox.addEventListener('mousedown', (e) => e.preventDefault());
  listbox.addEventListener('click', (e) => {
    const li = e.target.closest('[role="option"]');
    if (li) choose(Number(li.dataset.index));
  });
  input.addEventListener('blur', () => close());
  input.addEventListener('click', () => {
    if (!isOpen() && input.value.trim()) update();
  });

  function rebuild() {
    base = [...items, ...aliasItems(names, items, lang())];
    all = places.length ? [...base, ...placeItems(places, items)] : base;
  }

  onLanguageChange(() => {
    rebuild();
    if (none && !none.hidden) find(input.value);
    if (counter.textContent) announceCount();
  });

  return {
    /** setItems gives the search its list of municipalities. */
    setItems(list) {
      items = list;
      rebuild();
      refresh();
    },
    /** setNames gives the search the other names (/api/names). */
    setNames(list) {
      names = list;
      rebuild();
      refresh();
    },
  };
}
