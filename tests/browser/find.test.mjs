// find.test.mjs: the search finds a municipality by its official name, its
// everyday or English name, a former municipality merged into it, and by
// small misspellings with or without diacritics; each name leads to the
// municipality (selected in the URL, its detail shown). When nothing comes
// close, a visible "niets gevonden" with the closest names is shown and
// said by the live region. Places inside a municipality (its woonplaatsen:
// Kudelstaart, Lage Vuursche; its CBS districts: Scheveningen, Hoogkerk) lead
// to the municipality too; they are loaded only when the search box is first
// used.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, openPage, waitForColoured, assertNoProblems, runAxe, formatViolations } from './harness.mjs';

const ctx = setup();

// [what the visitor types, the municipality it must open, its official name]
const NAMES = [
  // official names, any case, with or without diacritics and punctuation
  ['utrecht', 'GM0344', 'Utrecht'],
  ['AMSTERDAM', 'GM0363', 'Amsterdam'],
  ['rotterdam', 'GM0599', 'Rotterdam'],
  ['Súdwest-Fryslân', 'GM1900', 'Súdwest-Fryslân'],
  ['sudwest fryslan', 'GM1900', 'Súdwest-Fryslân'],
  ["'s-Gravenhage", 'GM0518', "'s-Gravenhage"],
  ['s gravenhage', 'GM0518', "'s-Gravenhage"],
  ["'s-Hertogenbosch", 'GM0796', "'s-Hertogenbosch"],
  ['Noardeast Fryslan', 'GM1970', 'Noardeast-Fryslân'],
  ['edam volendam', 'GM0385', 'Edam-Volendam'],
  ['nuenen gerwen en nederwetten', 'GM0820', 'Nuenen, Gerwen en Nederwetten'],
  ['Maastricht', 'GM0935', 'Maastricht'],
  // everyday and English names
  ['Den Haag', 'GM0518', "'s-Gravenhage"],
  ['den haag', 'GM0518', "'s-Gravenhage"],
  ['The Hague', 'GM0518', "'s-Gravenhage"],
  ['Den Bosch', 'GM0796', "'s-Hertogenbosch"],
  ['den bosch', 'GM0796', "'s-Hertogenbosch"],
  ['Nuenen', 'GM0820', 'Nuenen, Gerwen en Nederwetten'],
  // former municipalities (merged since 2016) lead to their successor
  ['Geldermalsen', 'GM1960', 'West Betuwe'],
  ['geldermalsen', 'GM1960', 'West Betuwe'],
  ['Ten Boer', 'GM0014', 'Groningen'],
  ['Haren', 'GM0014', 'Groningen'],
  ['Weesp', 'GM0363', 'Amsterdam'],
  ['Bussum', 'GM1942', 'Gooise Meren'],
  ['Veghel', 'GM1948', 'Meierijstad'],
  ['Delfzijl', 'GM1979', 'Eemsdelta'],
  ['Leerdam', 'GM1961', 'Vijfheerenlanden'],
  ['Oud-Beijerland', 'GM1963', 'Hoeksche Waard'],
  ['Hellevoetsluis', 'GM1992', 'Voorne aan Zee'],
  ['Heerhugowaard', 'GM1980', 'Dijk en Waard'],
  ['Boxmeer', 'GM1982', 'Land van Cuijk'],
  ['Dongeradeel', 'GM1970', 'Noardeast-Fryslân'],
  ['Groesbeek', 'GM1945', 'Berg en Dal'],
  ['Beemster', 'GM0439', 'Purmerend'],
  // misspellings, with and without diacritics
  ['Den Bosh', 'GM0796', "'s-Hertogenbosch"],
  ['Hertogenbosh', 'GM0796', "'s-Hertogenbosch"],
  ['Sudwest Fryslan', 'GM1900', 'Súdwest-Fryslân'],
  ['Sûdwest Fryslân', 'GM1900', 'Súdwest-Fryslân'],
  ['Sudwest Frislan', 'GM1900', 'Súdwest-Fryslân'],
  ['Geldermalssen', 'GM1960', 'West Betuwe'],
  ['Geldermâlsen', 'GM1960', 'West Betuwe'],
  ['Amsterdm', 'GM0363', 'Amsterdam'],
  ['Roterdam', 'GM0599', 'Rotterdam'],
  ['Maastrict', 'GM0935', 'Maastricht'],
  ['Groningn', 'GM0014', 'Groningen'],
  ['Heerhugowaart', 'GM1980', 'Dijk en Waard'],
  ['Hellevoetsluys', 'GM1992', 'Voorne aan Zee'],
  ['Utreht', 'GM0344', 'Utrecht'],
  ['Rotterdamm', 'GM0599', 'Rotterdam'],
  // the ways people write a name (every municipality is checked so in tests/unit/search-every-name.test.mjs)
  ['gemeente Utrecht', 'GM0344', 'Utrecht'],
  ['’s-Hertogenbosch', 'GM0796', "'s-Hertogenbosch"], // a curly apostrophe
  ['  den   haag ', 'GM0518', "'s-Gravenhage"],
  ['Bergen Noord-Holland', 'GM0373', 'Bergen (NH.)'],
  ['Alphen a/d Rijn', 'GM0484', 'Alphen aan den Rijn'],
  ['St. Michielsgestel', 'GM0845', 'Sint-Michielsgestel'],
  ['Nymegen', 'GM0268', 'Nijmegen'],
  // CBS codes
  ['GM0363', 'GM0363', 'Amsterdam'],
  ['0599', 'GM0599', 'Rotterdam'],
  ['GM0236', 'GM1960', 'West Betuwe'], // the code of the former municipality Geldermalsen
];

// searchAndPick types query, takes the first option with Enter and checks
// that it opens code and name; says, when given, is what the first option
// must say. What goes wrong is added to failures.
async function searchAndPick(page, input, [query, code, name, says], failures) {
  await input.fill('');
  await input.fill(query);
  const first = page.locator('#search-listbox [role="option"]').first();
  try {
    await first.waitFor({ timeout: 3000 });
  } catch {
    failures.push(`${query}: no option (count says ${JSON.stringify(await page.textContent('#search-count'))})`);
    return;
  }
  if (says) {
    const text = await first.textContent();
    if (!says.test(text)) failures.push(`${query}: first option says ${JSON.stringify(text)}, want ${says}`);
  }
  await input.press('Enter');
  try {
    await page.waitForFunction((c) => new URL(location.href).searchParams.get('sel') === c, code, { timeout: 5000 });
    await page.locator('#detail-name', { hasText: name }).waitFor({ timeout: 5000 });
  } catch {
    failures.push(`${query}: selected ${new URL(page.url()).searchParams.get('sel')} (${await page.textContent('#detail-name')}), want ${code} ${name}`);
  }
}

test(`each of ${NAMES.length} names opens the right municipality`, async () => {
  assert.ok(NAMES.length >= 40);
  const page = await openPage(ctx.browser, `${ctx.server.url}/`);
  await waitForColoured(page);
  const input = page.getByRole('combobox', { name: 'Zoek een gemeente' });
  const failures = [];
  for (const row of NAMES) await searchAndPick(page, input, row, failures);
  assert.deepEqual(failures, []);
  assert.equal(await page.locator('#search-none').isVisible(), false, 'no "niets gevonden" after a hit');
  assertNoProblems(page);
});

test('a misspelt former name says which municipality it leads to', async () => {
  const page = await openPage(ctx.browser, `${ctx.server.url}/`);
  await waitForColoured(page);
  const input = page.getByRole('combobox', { name: 'Zoek een gemeente' });
  await input.fill('Geldermalssen');
  const option = page.locator('#search-listbox [role="option"]').first();
  assert.match(await option.textContent(), /West Betuwe.*Geldermalsen: sinds 2019 onderdeel van West Betuwe/);
  await page.locator('#search-count', { hasText: 'Geen precieze treffer. 1 gemeente lijkt erop.' }).waitFor({ timeout: 5000 });
  assertNoProblems(page);
});

test('a former municipality divided over several offers each of them, saying "deels"', async () => {
  const page = await openPage(ctx.browser, `${ctx.server.url}/`);
  await waitForColoured(page);
  const input = page.getByRole('combobox', { name: 'Zoek een gemeente' });
  for (const [query, parts, year] of [['Haaren', ['Boxtel', 'Oisterwijk', 'Tilburg', 'Vught'], 2021], ['littenseradiel', ['Leeuwarden', 'Súdwest-Fryslân', 'Waadhoeke'], 2018]]) {
    await input.fill('');
    await input.fill(query);
    const options = page.locator('#search-listbox [role="option"]');
    await options.first().waitFor();
    const texts = await options.allTextContents();
    for (const part of parts) {
      assert.ok(texts.some((x) => x.includes(`sinds ${year} deels onderdeel van ${part}`)), `${query}: ${part} offered, in ${JSON.stringify(texts)}`);
    }
  }
  // Picking one opens it.
  await input.fill('');
  await input.fill('Haaren');
  await page.locator('#search-listbox [role="option"]', { hasText: 'deels onderdeel van Vught' }).click();
  await page.locator('#detail-name', { hasText: 'Vught' }).waitFor();
  assertNoProblems(page);
});

for (const width of [320, 1280]) {
  test(`nothing found: a visible message with the closest names, said by the live region (${width} px)`, async () => {
    const page = await openPage(ctx.browser, `${ctx.server.url}/`, { width, axe: true });
    await waitForColoured(page);
    const input = page.getByRole('combobox', { name: 'Zoek een gemeente' });
    await input.fill('Utrechtqqq');
    const none = page.locator('#search-none');
    await none.waitFor({ state: 'visible' });
    assert.match(await none.textContent(), /Niets gevonden voor „Utrechtqqq”\.\s*Bedoelt u:/);
    assert.equal(await input.getAttribute('aria-expanded'), 'false', 'no list when nothing matches');

    // The live region (role=status, polite) says the message and the suggestions.
    const counter = page.locator('#search-count');
    assert.equal(await counter.getAttribute('role'), 'status');
    assert.equal(await counter.getAttribute('aria-live'), 'polite');
    await page.locator('#search-count', { hasText: 'Niets gevonden voor „Utrechtqqq”. Bedoelt u: Utrecht' }).waitFor({ timeout: 5000 });

    const violations = await runAxe(page);
    assert.deepEqual(violations, [], formatViolations(violations));
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `page scrolls sideways by ${overflow} px`);

    // A suggestion is a button: by keyboard it opens the municipality.
    const suggestion = none.getByRole('button', { name: 'Utrecht', exact: true });
    await suggestion.focus();
    await page.keyboard.press('Enter');
    await page.locator('#detail-name', { hasText: 'Utrecht' }).waitFor();
    assert.equal(new URL(page.url()).searchParams.get('sel'), 'GM0344');
    assert.equal(await none.isVisible(), false, 'the message goes once a municipality is chosen');
    assertNoProblems(page);
  });
}

test('in English the message and the announcement are English', async () => {
  const page = await openPage(ctx.browser, `${ctx.server.url}/?lang=en`);
  await waitForColoured(page);
  await page.getByRole('combobox', { name: 'Search for a municipality' }).fill('xyzzyq');
  await page.locator('#search-none', { hasText: 'Nothing found for “xyzzyq”.' }).waitFor();
  await page.locator('#search-count', { hasText: 'Nothing found for “xyzzyq”. Did you mean:' }).waitFor({ timeout: 5000 });
  assertNoProblems(page);
});

// [place typed, the municipality it must open, its official name, what the first option says]
// Districts verified in data/wijken_2025.csv (CBS wijk_2025): e.g. WK051807 "Wijk 07 Scheveningen" in GM0518.
// Woonplaatsen verified in data/woonplaatsen_2024.csv (CBS Woonplaatsen in Nederland): e.g. 2572 Kudelstaart
// in GM0358; a district named like a woonplaats of its municipality is the woonplaats (Lemmer, Grou).
const PLACES = [
  ['Scheveningen', 'GM0518', "'s-Gravenhage", /^Scheveningen — wijk in 's-Gravenhage, Zuid-Holland$/],
  ['Schevenigen', 'GM0518', "'s-Gravenhage", /^Scheveningen — wijk in 's-Gravenhage/], // misspelt
  ['hoogkerk', 'GM0014', 'Groningen', /^Hoogkerk — wijk in Groningen, Groningen$/],
  ['Glimmen', 'GM0014', 'Groningen', /^Glimmen — woonplaats in Groningen/],
  ['Glimmen-Onnen', 'GM0014', 'Groningen', /^Glimmen-Onnen-Noordlaren — wijk in Groningen/],
  ['Ten Boer', 'GM0014', 'Groningen', /Ten Boer: sinds 2019 onderdeel van Groningen/], // the former municipality, not twice
  ['Loosduinen', 'GM0518', "'s-Gravenhage", /^Loosduinen — wijk in 's-Gravenhage/],
  ['Driemond', 'GM0363', 'Amsterdam', /^Driemond — wijk in Amsterdam/], // no woonplaats of its own
  ['Hoek van Holland', 'GM0599', 'Rotterdam', /^Hoek van Holland — woonplaats in Rotterdam/],
  ['Pernis', 'GM0599', 'Rotterdam', /^Pernis — wijk in Rotterdam/],
  ['Kunrade', 'GM0986', 'Voerendaal', /^Kunrade — wijk in Voerendaal, Limburg$/],
  ['Arkel', 'GM1978', 'Molenlanden', /^Arkel — woonplaats in Molenlanden/],
  ['Hoenderloo', 'GM0200', 'Apeldoorn', /^Hoenderloo — woonplaats in Apeldoorn/], // also a woonplaats of Ede, listed second
  ['Den Dolder', 'GM0355', 'Zeist', /^Den Dolder — woonplaats in Zeist/],
  ['Grou', 'GM0080', 'Leeuwarden', /^Grou — woonplaats in Leeuwarden/],
  ['Wijk aan Zee', 'GM0375', 'Beverwijk', /^Wijk aan Zee — woonplaats in Beverwijk/],
  ['Lemmer', 'GM1940', 'De Fryske Marren', /^Lemmer — woonplaats in De Fryske Marren/],
  ['earnewald', 'GM0737', 'Tytsjerksteradiel', /^Earnewâld — woonplaats in Tytsjerksteradiel/], // without the circumflex
  ['MARIENHEEM', 'GM0177', 'Raalte', /^Mariënheem — woonplaats in Raalte/],
  // Woonplaatsen (BAG, as CBS lists them), in any case, with or without diacritics and punctuation.
  ['Kudelstaart', 'GM0358', 'Aalsmeer', /^Kudelstaart — woonplaats in Aalsmeer, Noord-Holland$/],
  ['lage vuursche', 'GM0308', 'Baarn', /^Lage Vuursche — woonplaats in Baarn, Utrecht$/],
  ['Hoogland', 'GM0307', 'Amersfoort', /^Hoogland — woonplaats in Amersfoort/],
  ["'s-Heerenberg", 'GM1955', 'Montferland', /^'s-Heerenberg — woonplaats in Montferland, Gelderland$/],
  ['s heerenberg', 'GM1955', 'Montferland', /^'s-Heerenberg — woonplaats in Montferland/],
  ['Rockanje', 'GM1992', 'Voorne aan Zee', /^Rockanje — woonplaats in Voorne aan Zee/],
  ['Helvoirt', 'GM0865', 'Vught', /^Helvoirt — woonplaats in Vught/],
  ['Biezenmortel', 'GM0855', 'Tilburg', /^Biezenmortel — woonplaats in Tilburg/],
  ['zegveld', 'GM0632', 'Woerden', /^Zegveld — woonplaats in Woerden/],
  ['Giethoorn', 'GM1708', 'Steenwijkerland', /^Giethoorn — woonplaats in Steenwijkerland/],
  ['HOENSBROEK', 'GM0917', 'Heerlen', /^Hoensbroek — woonplaats in Heerlen/],
  ['balloerveld', 'GM1680', 'Aa en Hunze', /^Balloërveld — woonplaats in Aa en Hunze/], // without the trema
  ['Sint Willebrord', 'GM0840', 'Rucphen', /^St\. Willebrord — woonplaats in Rucphen/], // CBS writes St.
  // A place named like a municipality comes after it.
  ['Valkenburg', 'GM0994', 'Valkenburg aan de Geul', /^Valkenburg aan de Geul, Limburg$/],
];

test(`each of ${PLACES.length} places opens its municipality; the places load on first use of the search`, async () => {
  assert.ok(PLACES.filter(([, , , says]) => / woonplaats in /.test(says.source)).length >= 10);
  const page = await openPage(ctx.browser, `${ctx.server.url}/`);
  const asked = [];
  page.on('request', (req) => {
    if (new URL(req.url()).pathname === '/api/places') asked.push(req.url());
  });
  await waitForColoured(page);
  assert.deepEqual(asked, [], 'the first view does not load the places');

  const input = page.getByRole('combobox', { name: 'Zoek een gemeente' });
  const loaded = page.waitForResponse((res) => new URL(res.url()).pathname === '/api/places' && res.ok());
  await input.focus();
  await loaded;
  const failures = [];
  for (const row of PLACES) await searchAndPick(page, input, row, failures);
  assert.deepEqual(failures, []);
  assert.equal(asked.length, 1, 'the places are loaded once');
  assertNoProblems(page);
});

for (const [lang, width] of [['nl', 320], ['en', 1280]]) {
  test(`a place option is said like any result and chosen by keyboard (${lang}, ${width} px, axe)`, async () => {
    const page = await openPage(ctx.browser, `${ctx.server.url}/${lang === 'en' ? '?lang=en' : ''}`, { width, axe: true });
    await waitForColoured(page);
    const input = page.getByRole('combobox', { name: lang === 'en' ? 'Search for a municipality' : 'Zoek een gemeente' });
    assert.match(await page.textContent('#search-hint'), lang === 'en' ? /municipality, place or district/ : /gemeente, woonplaats of wijk/, 'the hint says places and districts are found too');
    await input.click();
    await page.keyboard.type('Scheveningen');
    const option = page.getByRole('option', { name: lang === 'en' ? "Scheveningen — district of 's-Gravenhage, Zuid-Holland" : "Scheveningen — wijk in 's-Gravenhage, Zuid-Holland" });
    await option.waitFor();
    await page.locator('#search-count', { hasText: lang === 'en' ? '1 municipality found.' : '1 gemeente gevonden.' }).waitFor({ timeout: 5000 });

    const violations = await runAxe(page);
    assert.deepEqual(violations, [], formatViolations(violations));
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `page scrolls sideways by ${overflow} px`);

    await page.keyboard.press('ArrowDown');
    assert.equal(await option.getAttribute('aria-selected'), 'true');
    await page.keyboard.press('Enter');
    assert.equal(await input.inputValue(), "'s-Gravenhage");
    await page.waitForFunction(() => new URL(location.href).searchParams.get('sel') === 'GM0518');
    await page.waitForFunction(() => document.getElementById('announcer').textContent.startsWith("'s-Gravenhage, "));
    assertNoProblems(page);
  });
}

test('a woonplaats option says what it is, in Dutch and in English', async () => {
  for (const [lang, label, says] of [
    ['nl', 'Zoek een gemeente', 'Lage Vuursche — woonplaats in Baarn, Utrecht'],
    ['en', 'Search for a municipality', 'Lage Vuursche — place in Baarn, Utrecht'],
  ]) {
    const page = await openPage(ctx.browser, `${ctx.server.url}/${lang === 'en' ? '?lang=en' : ''}`);
    await waitForColoured(page);
    await page.getByRole('combobox', { name: label }).fill('Lage Vuursche');
    await page.getByRole('option', { name: says }).waitFor();
    assertNoProblems(page);
    await page.close();
  }
});
