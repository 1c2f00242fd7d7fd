// search-every-name.test.mjs: the matching of the map page's search
// (static/search.js findResults, static/find.js), run in Node without a
// browser over every name the real server serves: every 2025 municipality
// by its official name written the ways people type it (any case, without
// diacritics, hyphens as spaces and back, any apostrophe, extra spaces, a
// "gemeente " prefix, its CBS code), every everyday name and every former
// municipality by its name and its old CBS code (leading to its successor,
// saying "sinds <year> onderdeel van <successor>"), every woonplaats (all
// municipalities that hold one of that name offered), every district, and
// misspellings of every municipality and former municipality name (one
// letter missing, extra, wrong or swapped: the municipality is among the
// results or the suggestions).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, REPO, MUNICIPALITY_COUNT } from '../browser/harness.mjs';
import { findResults, baseItems, MAX_OPTIONS } from '../../static/search.js';
import { placeItems } from '../../static/places.js';
import { fold } from '../../static/find.js';

let server;
const data = {}; // items, names, places, all, base
before(async () => {
  server = await startServer();
  const get = async (p) => {
    const res = await fetch(`${server.url}${p}`);
    assert.equal(res.status, 200, p);
    return res.json();
  };
  data.items = (await get('/api/municipalities')).map(({ code, name, province_name: provinceName }) => ({ code, name, province_name: provinceName }));
  data.names = await get('/api/names');
  data.places = (await get('/api/places')).places;
  data.base = baseItems(data.items, data.names, 'nl');
  data.all = [...data.base, ...placeItems(data.places, data.items)];
});
after(async () => {
  await server?.stop();
});

/** search is what the page shows for query: the options (at most MAX_OPTIONS) and the suggestions. */
function search(query) {
  const { results, fuzzy, suggested } = findResults(data.all, data.base, query);
  return { options: results.slice(0, MAX_OPTIONS), fuzzy, suggested };
}

/** noFailures says how many names were checked and fails with the count and the first 40 of failures. */
function noFailures(t, failures, checked) {
  t.diagnostic(`${checked} checked`);
  assert.ok(!failures.length, `${failures.length} of ${checked} failed:\n${failures.slice(0, 40).join('\n')}`);
}

/** firstCode is the code of the first option for query, or a description of what was shown instead. */
function firstCode(query) {
  const { options, suggested } = search(query);
  return options[0]?.code ?? `nothing (suggested ${suggested.map((s) => s.code).join(', ')})`;
}

/**
 * shortForms are name with "Sint" as "St." or "St" and the other way round,
 * and with "aan de(n)" as "a/d" or as "aan den"/"aan de" ("Alphen a/d Rijn",
 * "Capelle aan de IJssel").
 */
function shortForms(name) {
  const out = new Set([
    name.replace(/\bSint\b/g, 'St.'), name.replace(/\bSint\b/g, 'St'), name.replace(/\bSt\.(?= |-)/g, 'Sint'),
    name.replace(/ aan den? /g, ' a/d '), name.replace(/ aan den /g, ' aan de '), name.replace(/ aan de /g, ' aan den '),
  ]);
  out.delete(name);
  return [...out];
}

/**
 * spellings are the ways people write name: any case, without diacritics,
 * hyphens as spaces and spaces as hyphens, any apostrophe ('s-Hertogenbosch,
 * ’s-Hertogenbosch, s-Hertogenbosch, 's Hertogenbosch), extra spaces; a
 * name with its province in brackets also with it written out ("Bergen NH",
 * "Bergen Noord-Holland"); ij as y ("Nymegen"); short forms (shortForms).
 */
function spellings(name, province = '') {
  const plain = name.normalize('NFD').replace(/\p{M}/gu, '');
  const out = new Set([
    name, name.toLowerCase(), name.toUpperCase(), plain, plain.toLowerCase(), plain.toUpperCase(),
    name.replaceAll('-', ' '), plain.toLowerCase().replaceAll('-', ' '), name.replaceAll(' ', '-'),
    name.replace(/[^\p{L}\p{N}]+/gu, ' ').trim(), // no punctuation: "Bergen NH", "Nuenen Gerwen en Nederwetten"
    `  ${name}  `, `\t${name} `, name.replaceAll(' ', '   '), name.replaceAll('-', ' - '),
  ]);
  const qualified = /^(.*) \((\p{Lu}+)\.\)$/u.exec(name); // Bergen (NH.)
  if (qualified) {
    const [, bare, letters] = qualified;
    for (const s of [`${bare} ${letters}`, `${bare} (${letters})`, `${bare} ${letters.toLowerCase()}.`, `${bare} ${province}`, `${bare}, ${province}`, `${bare} (${province})`]) out.add(s);
  }
  for (const short of shortForms(name)) out.add(short);
  if (/ij/i.test(name)) out.add(name.replaceAll('IJ', 'Y').replaceAll('ij', 'y')); // Ysselstein, Nymegen
  if (name.includes("'")) {
    for (const apostrophe of ['’', '‘', '`', '´', '']) out.add(name.replaceAll("'", apostrophe));
    out.add(name.replace(/'s-/g, "'s ")); // 's Hertogenbosch
    out.add(name.replace(/'s-/g, 's ')); // s Hertogenbosch
  }
  return [...out];
}

/** splitCodes returns the old codes of the municipalities divided over several (a former name per part). */
function splitCodes() {
  const parts = new Map();
  for (const n of data.names) if (n.kind === 'former') parts.set(n.old_code, (parts.get(n.old_code) ?? 0) + 1);
  return new Set([...parts].filter(([, k]) => k > 1).map(([code]) => code));
}

test('every municipality is found first by its official name, however it is spelt', (t) => {
  assert.equal(data.items.length, MUNICIPALITY_COUNT);
  const failures = [];
  let checked = 0;
  for (const { code, name, province_name: province } of data.items) {
    for (const q of spellings(name, province)) {
      checked++;
      const got = firstCode(q);
      if (got !== code) failures.push(`${JSON.stringify(q)}: ${got}, want ${code}`);
    }
  }
  noFailures(t, failures, checked);
});

test('every municipality is found first with "gemeente " before its name', (t) => {
  const failures = [];
  let checked = 0;
  for (const { code, name } of data.items) {
    for (const q of [`gemeente ${name}`, `Gemeente ${name}`, `GEMEENTE ${name.toUpperCase()}`, `gemeente ${fold(name)}`, `  gemeente   ${name}`]) {
      checked++;
      const got = firstCode(q);
      if (got !== code) failures.push(`${JSON.stringify(q)}: ${got}, want ${code}`);
    }
  }
  noFailures(t, failures, checked);
});

test('every municipality is found by its CBS code: GM0363, gm0363, GM 0363, 0363, 363', (t) => {
  const failures = [];
  let checked = 0;
  for (const { code } of data.items) {
    const digits = code.slice(2);
    for (const q of [code, code.toLowerCase(), `GM ${digits}`, digits, String(Number(digits))]) {
      checked++;
      const { options } = search(q);
      if (options[0]?.code !== code) failures.push(`${JSON.stringify(q)}: ${options[0]?.code}, want ${code}`);
    }
  }
  noFailures(t, failures, checked);
});

test('every former municipality is found by its old CBS code, leading to its successor and saying so', (t) => {
  const failures = [];
  let checked = 0;
  const splits = splitCodes();
  for (const { name, code, old_code: oldCode } of data.names.filter((n) => n.kind === 'former')) {
    assert.match(oldCode, /^GM\d{4}$/, name);
    const split = splits.has(oldCode); // divided over several: each of them is offered
    for (const q of [oldCode, oldCode.toLowerCase(), oldCode.slice(2)]) {
      checked++;
      const options = search(q).options;
      const hit = split ? options.find((o) => o.code === code) : options[0];
      if (hit?.code !== code || !hit.note?.startsWith(`${name}: sinds `)) failures.push(`${JSON.stringify(q)}: ${hit?.code} ${hit?.note}, want ${code} (${name})`);
    }
  }
  noFailures(t, failures, checked);
  assert.equal(search('GM0236').options[0].note, 'Geldermalsen: sinds 2019 onderdeel van West Betuwe');
});

test('the everyday names lead to their municipality: Den Haag, Den Bosch, The Hague, Nuenen', (t) => {
  const common = data.names.filter((n) => n.kind === 'common');
  for (const want of ['Den Haag', 'Den Bosch', 'The Hague', 'Nuenen']) assert.ok(common.some((n) => n.name === want), want);
  const failures = [];
  let checked = 0;
  for (const { name, code } of common) {
    for (const q of spellings(name)) {
      checked++;
      const { options } = search(q);
      if (options[0]?.code !== code) failures.push(`${JSON.stringify(q)}: ${options[0]?.code}, want ${code}`);
    }
  }
  noFailures(t, failures, checked);
  // The official name of Den Haag and the everyday name of 's-Hertogenbosch, each its own way.
  assert.equal(firstCode("'s-Gravenhage"), 'GM0518');
  assert.equal(firstCode('’s-Gravenhage'), 'GM0518');
  assert.equal(firstCode('s Gravenhage'), 'GM0518');
  assert.equal(firstCode('den-bosch'), 'GM0796');
  assert.equal(firstCode('DEN BOSCH'), 'GM0796');
});

test('every former municipality since 2016 leads to its successor and says so', (t) => {
  const formers = data.names.filter((n) => n.kind === 'former');
  assert.ok(formers.length >= 60, `${formers.length} former municipalities`);
  const byCode = new Map(data.items.map((it) => [it.code, it]));
  const failures = [];
  let checked = 0;
  const splits = splitCodes();
  assert.deepEqual([...splits].sort(), ['GM0053', 'GM0140', 'GM0788'], 'Winsum, Littenseradiel and Haaren were divided');
  for (const { name, code, year, old_code: oldCode } of formers) {
    const successor = byCode.get(code).name;
    // A municipality divided over several (Haaren, 2021) offers each of them, "deels".
    const split = splits.has(oldCode);
    for (const q of spellings(name)) {
      checked++;
      const { options } = search(q);
      const first = split ? options.find((o) => o.code === code && o.note?.startsWith(`${name}: `)) : options[0];
      if (first?.code !== code) failures.push(`${JSON.stringify(q)}: ${first?.code}, want ${code} ${successor}`);
      else if (first.note !== `${name}: sinds ${year} ${split ? 'deels ' : ''}onderdeel van ${successor}`) failures.push(`${JSON.stringify(q)}: says ${JSON.stringify(first.note)}`);
    }
  }
  noFailures(t, failures, checked);
  const geldermalsen = search('geldermalsen').options[0];
  assert.equal(geldermalsen.note, 'Geldermalsen: sinds 2019 onderdeel van West Betuwe');
});

/** woonplaatsen reads data/woonplaatsen_2024.csv: name -> the codes of the municipalities that hold a woonplaats of that name. */
function woonplaatsen() {
  const [header, ...lines] = fs.readFileSync(path.join(REPO, 'data', 'woonplaatsen_2024.csv'), 'utf8').trim().split('\n');
  assert.equal(header, 'code,name,municipality_code');
  const out = new Map();
  for (const line of lines) {
    const [, name, code] = line.split(',');
    if (!out.has(name)) out.set(name, new Set());
    out.get(name).add(code);
  }
  return out;
}

test('every woonplaats leads to its municipality; a name held by several offers all of them', (t) => {
  const all = woonplaatsen();
  assert.ok(all.size > 2000, `${all.size} woonplaats names`);
  const failures = [];
  let checked = 0;
  for (const [name, codes] of all) {
    for (const q of new Set([name, fold(name), ...shortForms(name)])) {
      checked++;
      const { options } = search(q);
      const offered = new Set(options.map((o) => o.code));
      const missing = [...codes].filter((c) => !offered.has(c));
      if (missing.length) failures.push(`${JSON.stringify(q)}: ${missing.join(', ')} not among ${options.length} options`);
      // No place of another municipality by that name comes before the municipality that
      // holds the woonplaats (a municipality or former municipality of that name may:
      // "Haren" is first the former municipality, now Groningen, then Haren in Oss).
      const first = options.find((o) => codes.has(o.code) || fold(o.place ?? o.searchName ?? o.name) === fold(name));
      if (first?.place && !codes.has(first.code)) failures.push(`${JSON.stringify(q)}: the first option named so is ${first.place} in ${first.name}, a ${first.placeKind}`);
    }
  }
  noFailures(t, failures, checked);
});

test('every district leads to its municipality', (t) => {
  const districts = data.places.filter((p) => p.kind === 'district');
  assert.ok(districts.length > 1000);
  const failures = [];
  const checked = districts.length;
  for (const { name, code } of districts) {
    const { options } = search(name);
    if (!options.some((o) => o.code === code)) failures.push(`${JSON.stringify(name)}: ${code} not among ${options.length} options`);
  }
  noFailures(t, failures, checked);
});

test('a province name alone does not list the municipalities named after their province (Bergen (L.))', () => {
  for (const province of ['Limburg', 'Noord-Holland', 'Overijssel']) {
    assert.deepEqual(search(province).options.filter((o) => !o.place).map((o) => o.name), [], province);
  }
  assert.equal(firstCode('Bergen Limburg'), 'GM0893');
});

test('ij and y are one letter: Nymegen, Ysselstein, Rysbergen', (t) => {
  for (const [q, code] of [['Nymegen', 'GM0268'], ['Ysselstein', 'GM0353'], ['ysselstein', 'GM0353'], ['Nykerk', 'GM0267'], ['Rysbergen', 'GM0879'], ['Ryswyk', 'GM0603'], ['Ĳsselstein', 'GM0353']]) {
    assert.equal(firstCode(q), code, q);
  }
});

/**
 * typos makes misspellings of name: one letter left out, doubled, replaced
 * or swapped with the next, at the start, the middle and the end of the name.
 */
function typos(name) {
  const letters = [...name];
  const at = [...new Set([1, Math.floor(letters.length / 2), letters.length - 2])].filter((i) => /\p{L}/u.test(letters[i] ?? '') && /\p{L}/u.test(letters[i + 1] ?? ''));
  const out = new Set();
  for (const i of at) {
    const with_ = (j, ...s) => [...letters.slice(0, j), ...s, ...letters.slice(j + 1)].join('');
    out.add(with_(i)); // left out
    out.add(with_(i, letters[i], letters[i])); // doubled
    out.add(with_(i, letters[i] === 'x' ? 'q' : 'x')); // replaced
    out.add(with_(i, letters[i + 1], letters[i])); // swapped with the next
  }
  out.delete(name);
  return [...out];
}

test('a misspelt municipality or former municipality name (one letter out, extra, wrong or swapped) finds it or suggests it', (t) => {
  for (const [q, code] of [['Amsterdm', 'GM0363'], ['Rotterdamm', 'GM0599'], ['Utreht', 'GM0344']]) {
    const { options, suggested } = search(q);
    assert.ok([...options, ...suggested].some((o) => o.code === code), `${q}: ${code} not found or suggested`);
  }
  const failures = [];
  let checked = 0;
  for (const { code, name } of [...data.items, ...data.names.filter((n) => n.kind === 'former')]) {
    if (name.replace(/[^\p{L}]/gu, '').length < 6) continue;
    for (const q of typos(name)) {
      checked++;
      const { options, suggested } = search(q);
      if (![...options, ...suggested].some((o) => o.code === code)) failures.push(`${JSON.stringify(q)}: ${options.slice(0, 3).map((o) => o.name).join(', ')} | suggested ${suggested.map((o) => o.name).join(', ')}; want ${name}`);
    }
  }
  assert.ok(checked > 4000, `${checked} misspellings`);
  noFailures(t, failures, checked);
});
