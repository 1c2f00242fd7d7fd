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
import { fold, squash, searchQuery, codeQuery, fuzzyMatch, closeNames, suggestions, kindRank } from './find.js';
import { renderNotFound } from './find-none.js';

/** MAX_OPTIONS caps the list; the count announcement still gives the total. */
export const MAX_OPTIONS = 50;

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
 * matches scores the items whose name (or code) contains query, ignoring
 * case, diacritics, the kind of apostrophe, extra spaces, a "gemeente "
 * before the name (searchQuery) and, as a fallback, punctuation. rank: -1
 * the municipality whose CBS code the query is (codeQuery: "GM0363",
 * "0363"), or the former municipality whose code it was ("GM0236",
 * Geldermalsen, now West Betuwe), 0 names that start with the query, 1 names with a word starting
 * with it, 2 the rest. Sorted by rank; within a rank official names come
 * first, then other and former names, then places (kindRank: "Valkenburg"
 * finds the municipality Valkenburg aan de Geul before Valkenburg in
 * Katwijk); within each the name that is the query first ("Noord" before
 * "Noordwolde"), then a woonplaats before a district (the woonplaats
 * Hengevelde before the district Hengevelde of Haaksbergen), then by name
 * in Dutch collation. One per municipality: the best-ranked of its names.
 */
function matches(items, query) {
  const q = searchQuery(query);
  const qs = squash(q);
  if (!qs) return [];
  const code = codeQuery(query);
  const collator = new Intl.Collator('nl');
  const hits = [];
  for (const item of items) {
    const { name, squashed: nameSquashed } = keysOf(item);
    let rank;
    if (code && (item.searchName ? item.oldCode === code : item.code === code)) rank = -1;
    else if (name.startsWith(q) || nameSquashed.startsWith(qs)) rank = 0;
    else if (item.byStart) continue;
    else if (name.split(/[\s\-']+/).some((w) => w.startsWith(q))) rank = 1;
    else if (name.includes(q) || nameSquashed.includes(qs)) rank = 2;
    else continue;
    const kind = kindRank(item);
    hits.push({ item, rank, kind, group: Math.min(kind, 2), exact: nameSquashed === qs ? 0 : 1 });
  }
  hits.sort((a, b) => a.rank - b.rank || a.group - b.group || a.exact - b.exact || a.kind - b.kind
    || collator.compare(a.item.name, b.item.name) || collator.compare(a.item.searchName ?? '', b.item.searchName ?? ''));
  const seen = new Set();
  return hits.filter((h) => !seen.has(h.item.code) && seen.add(h.item.code));
}

/** match returns the items whose name (or code) contains query, best first, one per municipality (matches). */
export function match(items, query) {
  return matches(items, query).map((h) => h.item);
}

/**
 * findResults is what the search shows for query: results, the items whose
 * names contain it (match) and, after those that start with it or have a
 * word that does, the municipalities of base whose whole name is one or two
 * letters from it (closeNames: "Vorst" finds the village Vorstenbosch and
 * the municipality Voorst). When no name contains it, results are those
 * close to it (fuzzyMatch, with fuzzy set); when neither, suggested holds
 * the municipalities of base (no places) whose names are closest.
 */
export function findResults(all, base, query) {
  const hits = matches(all, query);
  const fuzzy = !hits.length;
  let results;
  if (fuzzy) {
    results = fuzzyMatch(all, query);
  } else {
    const found = new Set(hits.map((h) => h.item.code));
    const close = closeNames(base, query).filter((it) => !found.has(it.code));
    const at = hits.findIndex((h) => h.rank > 1);
    results = hits.map((h) => h.item);
    if (close.length) results.splice(at < 0 ? results.length : at, 0, ...close);
  }
  const suggested = !results.length && query.trim() ? suggestions(base, query) : [];
  return { results, fuzzy, suggested };
}

/**
 * aliasItems turns the other names (/api/names) into search items of the
 * municipalities they lead to: found by the other name (searchName), shown
 * with the official name and a note saying what the other name is.
 */
export function aliasItems(names, items, language) {
  const byCode = new Map(items.map((it) => [it.code, it]));
  return names.filter((n) => byCode.has(n.code)).map((n) => ({
    ...byCode.get(n.code), searchName: n.name, oldCode: n.old_code, note: `${n.name}: ${language === 'en' ? n.note_en : n.note_nl}`,
  }));
}

/**
 * provinceItems gives each municipality whose official name carries its
 * province in brackets ("Bergen (NH.)", "Hengelo (O.)") a search name with
 * the province written out, as people type it: "Bergen Noord-Holland",
 * "Hengelo Overijssel". Shown by the official name, without a note; found
 * only by their start (byStart), so "Limburg" alone does not list Beek,
 * Bergen and Stein.
 */
export function provinceItems(items) {
  return items.flatMap((it) => {
    const m = /^(.*\S)\s*\([^)]*\)$/.exec(it.name);
    return m && it.province_name ? [{ ...it, searchName: `${m[1]} ${it.province_name}`, byStart: true }] : [];
  });
}

/**
 * baseItems are the search items of the municipalities: by their official
 * names, with their province written out (provinceItems) and by their
 * everyday, English and former names (aliasItems).
 */
export function baseItems(items, names, language) {
  return [...items, ...provinceItems(items), ...aliasItems(names, items, language)];
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
    ({ results, fuzzy, suggested } = findResults(all, base, query));
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
    base = baseItems(items, names, lang());
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
