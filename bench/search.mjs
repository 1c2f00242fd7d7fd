// bench/search.mjs: how long the map page's search takes per keystroke
// (static/search.js findResults over every municipality, other and former
// name, woonplaats and district the real server serves), against an anchor
// in the same run: the plainest search over the same items (one
// case-folded includes() per name). Node, no browser.
//
//   node bench/search.mjs [--rounds 20]
//
// Four kinds of queries: a whole name ("Amsterdam"), a name as it is typed
// letter by letter ("a" … "amster"), a misspelling that nothing contains
// ("Amsterdm": the fuzzy path) and a query nothing comes close to
// ("xyzzyq": the fuzzy path and then the suggestions). Median ms per query
// over the rounds, and the ratio to the anchor's median for the same queries.
//
// It builds nothing: it starts bin/inclusiekaart on a temp DB through the
// test harness.
import { startServer } from '../tests/browser/harness.mjs';
import { findResults, baseItems } from '../static/search.js';
import { placeItems } from '../static/places.js';

const at = process.argv.indexOf('--rounds');
const rounds = at > 0 ? Number(process.argv[at + 1]) : 20;

const server = await startServer();
let data;
try {
  const get = async (p) => (await fetch(`${server.url}${p}`)).json();
  data = { items: await get('/api/municipalities'), names: await get('/api/names'), places: (await get('/api/places')).places };
} finally {
  await server.stop();
}
const items = data.items.map(({ code, name, province_name: provinceName }) => ({ code, name, province_name: provinceName }));
const base = baseItems(items, data.names, 'nl');
const all = [...base, ...placeItems(data.places, items)];

/** anchor is the plainest search: the items whose lower-cased name includes the query. */
function anchor(query) {
  const q = query.trim().toLowerCase();
  return all.filter((it) => (it.searchName ?? it.name).toLowerCase().includes(q));
}

const kinds = {
  whole: ['Amsterdam', 'sudwest fryslan', 'Hoogland', 'Valkenburg', 'gemeente Utrecht'],
  typed: ['a', 'am', 'ams', 'amst', 'amste', 'amster'],
  misspelt: ['Amsterdm', 'Geldermalssen', 'Heerhugowaart', 'Utreht'],
  nothing: ['xyzzyq', 'Utrechtqqq', 'qwertyuiop'],
};

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(fn, queries) {
  for (const q of queries) fn(q); // warm up
  const perRound = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    for (const q of queries) fn(q);
    perRound.push((performance.now() - t0) / queries.length);
  }
  return median(perRound);
}

console.log(`${all.length} search items (${items.length} municipalities), ${rounds} rounds`);
for (const [kind, queries] of Object.entries(kinds)) {
  // The two take turns per kind, so a busy moment on the machine hits both alike.
  const a = time(anchor, queries);
  const s = time((q) => findResults(all, base, q), queries);
  console.log(`${kind.padEnd(9)} search ${s.toFixed(2)} ms/query, anchor ${a.toFixed(3)} ms/query, ${(s / a).toFixed(1)}x`);
}
