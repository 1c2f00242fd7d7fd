// places.js: the places the search finds besides municipalities, each
// leading to the municipality it lies in: the woonplaatsen (the places of the
// BAG, as CBS lists them) and the CBS districts (wijken) of /api/places.
// search.js imports this module when the search box is first used, so
// neither the code nor the places add to the first view.

import { getJSON } from './api.js';

/** fetchPlaces returns {source, license, attribution, places[]}: the places, each with its municipality's code. */
export function fetchPlaces(signal) {
  return getJSON('/api/places', signal);
}

/**
 * placeItems turns the places into search items of the municipalities they
 * lie in: found by the place name, shown as the place with "woonplaats in
 * <municipality>" or "wijk in <municipality>" (placeKind).
 */
export function placeItems(places, items) {
  const byCode = new Map(items.map((it) => [it.code, it]));
  return places.filter((p) => byCode.has(p.code)).map((p) => ({
    ...byCode.get(p.code), searchName: p.name, place: p.name, placeKind: p.kind,
  }));
}
