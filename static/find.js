// find.js: tolerant matching for the municipality search: small misspellings
// ("Den Bosh", "Geldermalssen", "Schevenigen") still find the municipality, and when nothing
// comes close the closest names are offered as suggestions. Names are compared
// folded (no case, no diacritics) and squashed (no spaces or punctuation), as
// the exact search in search.js does.

/** fold lower-cases s and strips diacritics: "Súdwest-Fryslân" -> "súdwest-fryslân" without accents. */
export function fold(s) {
  return s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** squash is fold without any punctuation or spaces: "'s-Gravenhage" -> "sgravenhage". */
export function squash(s) {
  return fold(s).replace(/[^\p{L}\p{N}]/gu, '');
}

/**
 * distances gives the optimal string alignment distance between a and b
 * (insert, delete, substitute, swap two neighbours: each costs 1) as whole,
 * and as start the distance of a to the closest prefix of b, so a misspelt
 * start of a name ("geldermals") is close to the whole name. One table for
 * both. Once two rows in a row exceed limit, both distances will too: it
 * stops there and says Infinity.
 */
export function distances(a, b, limit = Infinity) {
  const m = a.length;
  const n = b.length;
  let prev2 = null;
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let prevMin = 0;
  for (let i = 1; i <= m; i++) {
    const cur = [i];
    let curMin = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (prev2 && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
      cur.push(v);
      if (v < curMin) curMin = v;
    }
    if (curMin > limit && prevMin > limit) return { whole: Infinity, start: Infinity };
    prevMin = curMin;
    prev2 = prev;
    prev = cur;
  }
  let start = prev[0];
  for (let j = 1; j <= n; j++) if (prev[j] < start) start = prev[j];
  return { whole: prev[n], start };
}

/** editDistance is distances' whole distance, or with prefix its start distance. */
export function editDistance(a, b, prefix = false) {
  const d = distances(a, b);
  return prefix ? d.start : d.whole;
}

/**
 * allowedErrors is how many edits a query of this many letters may hold and
 * still be taken for a name: none below 5 letters (too many short names lie
 * one letter apart), 1 up to 7 letters, 2 from 8 letters.
 */
export function allowedErrors(length) {
  if (length < 5) return 0;
  return length < 8 ? 1 : 2;
}

/** kindRank orders the kinds of names: official 0, other or former 1, a place in the municipality (item.place) 2. */
export function kindRank(item) {
  if (item.place) return 2;
  return item.searchName ? 1 : 0;
}

// The squashed search name of each item, made once per item.
const keys = new WeakMap();
function searchKey(item) {
  let key = keys.get(item);
  if (key === undefined) {
    key = squash(item.searchName ?? item.name);
    keys.set(item, key);
  }
  return key;
}

/**
 * ranked scores every item by its distance to the squashed query, one entry
 * per municipality, closest first; at the same distance a municipality name
 * comes before a place in a municipality.
 */
function ranked(items, q, collator, limit = Infinity) {
  const best = new Map();
  for (const item of items) {
    const key = searchKey(item);
    const { whole, start } = distances(q, key, limit);
    if (Math.min(whole, start) > limit) continue;
    const score = { item, dist: Math.min(whole, start), whole, kind: kindRank(item) };
    const old = best.get(item.code);
    if (!old || score.dist < old.dist || (score.dist === old.dist && (score.kind < old.kind || (score.kind === old.kind && score.whole < old.whole)))) best.set(item.code, score);
  }
  return [...best.values()].sort((a, b) => a.dist - b.dist || a.kind - b.kind || a.whole - b.whole || collator.compare(a.item.name, b.item.name));
}

/**
 * fuzzyMatch returns the items whose name (or other name) is within the
 * allowed number of edits of query, whole or as a start, closest first; one
 * per municipality. Used when no name contains the query.
 */
export function fuzzyMatch(items, query) {
  const q = squash(query);
  const max = allowedErrors(q.length);
  if (!max) return [];
  return ranked(items, q, new Intl.Collator('nl'), max).map((s) => s.item);
}

/** suggestions returns the n municipalities whose names are closest to query, however far. */
export function suggestions(items, query, n = 3) {
  const q = squash(query);
  if (!q) return [];
  return ranked(items, q, new Intl.Collator('nl')).slice(0, n).map((s) => s.item);
}
