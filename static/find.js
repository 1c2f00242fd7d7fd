// find.js: tolerant matching for the municipality search: small misspellings
// ("Den Bosh", "Geldermalssen", "Schevenigen") still find the municipality, and when nothing
// comes close the closest names are offered as suggestions. Names are compared
// folded (no case, no diacritics) and squashed (no spaces or punctuation), as
// the exact search in search.js does.

/**
 * fold lower-cases s, strips diacritics ("Súdwest-Fryslân" -> "sudwest-fryslan"),
 * splits ligatures ("ĳ" -> "ij") and writes every apostrophe as ' ("’s-Hertogenbosch"
 * -> "'s-hertogenbosch").
 */
export function fold(s) {
  return s.normalize('NFKD').replace(/\p{M}/gu, '').replace(/[’‘‛`´ʼ′]/gu, "'").toLowerCase();
}

/**
 * squash is fold without any punctuation or spaces, with the short forms
 * people write as one ("St." and "Sint": "St. Willebrord" is "Sint
 * Willebrord"; "a/d", "aan de" and "aan den": "Alphen a/d Rijn") and with ij
 * as y ("Ysselstein", "Nymegen"): "'s-Gravenhage" -> "sgravenhage",
 * "IJsselstein" -> "ysselstein", "Capelle a/d IJssel" -> "capelleadyssel".
 */
export function squash(s) {
  return fold(s)
    .replace(/(^|[^\p{L}])st(?:\.|(?=[\s-]))/gu, '$1sint')
    .replace(/(^|[^\p{L}])(?:aan[\s-]+den?|a\/d|a\.d\.?)(?=[^\p{L}]|$)/gu, '$1ad')
    .replace(/[^\p{L}\p{N}]/gu, '').replaceAll('ij', 'y');
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
  // No prefix of b, nor b, comes within limit of a much longer a.
  if (m - n > limit) return { whole: Infinity, start: Infinity };
  if (rows[0].length <= n) rows = rows.map(() => new Int32Array(2 * n + 2));
  let [prev2, prev, cur] = rows;
  for (let j = 0; j <= n; j++) prev[j] = j;
  let prevMin = 0;
  for (let i = 1; i <= m; i++) {
    const ai = a.charCodeAt(i - 1);
    cur[0] = i;
    let curMin = i;
    for (let j = 1; j <= n; j++) {
      const bj = b.charCodeAt(j - 1);
      let v = prev[j - 1] + (ai === bj ? 0 : 1);
      if (prev[j] + 1 < v) v = prev[j] + 1;
      if (cur[j - 1] + 1 < v) v = cur[j - 1] + 1;
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj && prev2[j - 2] + 1 < v) v = prev2[j - 2] + 1;
      cur[j] = v;
      if (v < curMin) curMin = v;
    }
    if (curMin > limit && prevMin > limit) return { whole: Infinity, start: Infinity };
    prevMin = curMin;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  let start = prev[0];
  for (let j = 1; j <= n; j++) if (prev[j] < start) start = prev[j];
  return { whole: prev[n], start };
}

// The three rows of the table of distances, reused by every call.
let rows = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

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

/**
 * kindRank orders the kinds of names: official 0, other or former 1, a
 * woonplaats in the municipality 2, a district (wijk) in it 3 (so the
 * woonplaats Hengevelde, in Hof van Twente, comes before the district
 * Hengevelde of Haaksbergen).
 */
export function kindRank(item) {
  if (item.place) return item.placeKind === 'district' ? 3 : 2;
  return item.searchName ? 1 : 0;
}

/**
 * searchQuery is query as the search compares it: folded, without spaces
 * around it or twice, and without a "gemeente " (or "municipality of ")
 * before the name: "  Gemeente   Súdwest-Fryslân" -> "sudwest-fryslan".
 */
export function searchQuery(query) {
  const q = fold(query).trim().replace(/\s+/g, ' ');
  return q.replace(/^(?:(?:de )?gemeente|gem\.|(?:the )?municipality of)(?:[ :,]+|$)/u, '').trim() || q;
}

/**
 * codeQuery is the CBS municipality code query stands for, or '' when it is
 * not one: "GM0363", "gm 0363", "0363" and "363" all say GM0363.
 */
export function codeQuery(query) {
  const m = /^(?:gm ?)?(\d{1,4})$/.exec(searchQuery(query));
  return m ? `GM${m[1].padStart(4, '0')}` : '';
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
 * comes before a place in a municipality. With wholeOnly, only the distance
 * to the whole name counts (not to its start).
 */
function ranked(items, q, collator, limit = Infinity, wholeOnly = false) {
  const best = new Map();
  for (const item of items) {
    const key = searchKey(item);
    const d = distances(q, key, limit);
    const dist = wholeOnly ? d.whole : Math.min(d.whole, d.start);
    if (dist > limit) continue;
    const score = { item, dist, whole: d.whole, kind: kindRank(item) };
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
  const q = squash(searchQuery(query));
  const max = allowedErrors(q.length);
  if (!max) return [];
  return ranked(items, q, new Intl.Collator('nl'), max).map((s) => s.item);
}

/**
 * closeNames returns the items whose whole name is within the allowed
 * number of edits of query, closest first; one per municipality. The search
 * adds them to what contains the query, for a misspelling that happens to
 * be part of another name ("Vorst" is in Vorstenbosch, and one letter from
 * Voorst).
 */
export function closeNames(items, query) {
  const q = squash(searchQuery(query));
  const max = allowedErrors(q.length);
  if (!max) return [];
  return ranked(items, q, new Intl.Collator('nl'), max, true).map((s) => s.item);
}

/** suggestions returns the n municipalities whose names are closest to query, however far. */
export function suggestions(items, query, n = 3) {
  const q = squash(searchQuery(query));
  if (!q) return [];
  return ranked(items, q, new Intl.Collator('nl')).slice(0, n).map((s) => s.item);
}
