// i18n.js: the page's UI text in Dutch (default) and English, and the code
// that applies it to the document. Static text carries data-i18n="key"
// (textContent) or data-i18n-attr="attr:key;attr:key"; dynamic text asks t().

export const STORAGE_KEY = 'inclusiekaart.lang';

export const LANGUAGES = ['nl', 'en'];

const messages = {
  nl: {
    pageTitle: 'Inclusiekaart: hoe inclusief is elke gemeente?',
    skipToMap: 'Naar de kaart',
    tagline: 'Hoe ver is elke gemeente met inclusie?',
    searchLabel: 'Zoek een gemeente',
    searchPlaceholder: 'bijv. Utrecht',
    searchHint: 'Typ een deel van de naam. Kies met de pijltjestoetsen en Enter.',
    searchResults: (n) => (n === 1 ? '1 gemeente gevonden.' : `${n} gemeenten gevonden.`),
    searchNone: 'Geen gemeente gevonden.',
    searchListLabel: 'Gevonden gemeenten',
    langSwitch: 'English',
    langSwitchLang: 'en',
    langSwitchLabel: 'Switch to English',
    mapHeading: 'Kaart van de gemeenten',
    mapLabel: 'Kaart van de Nederlandse gemeenten',
    zoomIn: 'Inzoomen',
    zoomOut: 'Uitzoomen',
    loading: 'Kaart wordt geladen…',
    loadError: 'De kaartgegevens konden niet worden geladen. Probeer het later opnieuw.',
    selected: (name, province) => (province ? `${name}, provincie ${province}` : name),
    demoBanner: 'Demo: de beoordelingen op deze kaart zijn gegenereerde voorbeeldgegevens, geen echte feiten.',
    footerHeading: 'Over deze kaart',
    footerSource: 'Gemeente- en provinciegrenzen: CBS en Kadaster (via PDOK), licentie',
    licenceUrl: 'https://creativecommons.org/licenses/by/4.0/deed.nl',
    footerSoftware: 'Kaart gemaakt met Leaflet.',

    navLabel: 'Hoofdmenu',
    navMap: 'Kaart',
    navStakeholders: 'Stakeholderkaart',
    controlsHeading: 'Weergave kiezen',
    metricLabel: 'Kleur de kaart naar',
    provinceLabel: 'Provincie',
    provinceAll: 'Alle provincies',
    viewLabel: 'Weergave',
    viewMap: 'Kaart',
    viewTable: 'Tabel',
    viewProvinces: 'Provincies',
    viewCompare: 'Vergelijken',
    mapHint: 'Pijltjestoetsen: volgende of vorige gemeente (per provincie, op naam). Enter: details openen. Plus en min: zoomen. Escape: label sluiten.',
    legendHeading: 'Legenda',
    legendUnknown: 'Onbekend of onvoldoende gegevens (gearceerd)',
    legendKoploper: 'Koploper 2018 (gestippelde rand)',
    legendProvince: 'Provinciegrens',
    legendOutside: 'Buiten het filter',
    municipalitiesCount: (n) => (n === 1 ? '1 gemeente' : `${n} gemeenten`),
    summaryHeading: 'Samenvatting',
    stage: 'Fase',
    score: 'Score',
    stageN: (n) => `fase ${n}`,
    scoreN: (n) => `score ${n}`,
    stageUnknown: 'fase onbekend',
    scoreUnknown: 'score onbekend',
    insufficient: 'onvoldoende gegevens',
    unknown: 'Onbekend',
    unknownLower: 'onbekend',
    province: (p) => `provincie ${p}`,
    announceItem: (name, province, rest) => `${name}, provincie ${province}, ${rest}`,
    position: (i, n) => `${i} van ${n}`,
    closeLabel: 'Label sluiten',
    metrics: {
      score: 'Totaalscore (0–100)',
      stage: 'Fase van de lokale inclusieagenda',
      domains: 'Leefdomeinen samen (0–100)',
      lived_experience: 'Betrokkenheid ervaringsdeskundigen',
      stakeholders: 'Betrokken belanghebbendengroepen (aantal)',
    },
    metricGroupDomains: 'Eén leefdomein',
    domainPrefix: 'Leefdomein: ',
    stages: ['Niet gestart', 'Verkennend / op de agenda', 'LIA in ontwikkeling', 'LIA vastgesteld', 'LIA in uitvoering', 'Gemonitord en bijgesteld'],
    domainLevels: ['Geen aandacht', 'In plan', 'Maatregelen lopen', 'Resultaten aangetoond'],
    livedLevels: ['Niet betrokken', 'Geraadpleegd', 'Structureel betrokken', 'Medebeslissend en betaald'],
    routeLevels: ['Afwezig', 'Gedeeltelijk', 'Gedaan'],
    stakeholderLevels: ['Niet betrokken', 'Betrokken'],
    domains: {
      'domain.education': 'Onderwijs', 'domain.work': 'Werk', 'domain.housing': 'Wonen',
      'domain.public_space': 'Openbare ruimte', 'domain.information': 'Informatie en communicatie',
      'domain.buildings': 'Gebouwen', 'domain.mobility': 'Mobiliteit', 'domain.care_support': 'Zorg en ondersteuning',
      'domain.participation': 'Participatie', 'domain.public_services': 'Dienstverlening',
    },
    parts: {
      stage: 'Fase van de lokale inclusieagenda', route: 'Routekaart (11 stappen)', domains: 'Leefdomeinen',
      lived_experience: 'Betrokkenheid ervaringsdeskundigen', stakeholders: 'Betrokken partijen (stakeholderkaart)',
    },
    loadingValues: 'Waarden per leefdomein worden geladen…',
    summary: (s) => s,
    detailClose: 'Details sluiten',
    detailLoading: 'Gegevens worden geladen…',
    detailError: 'De gegevens van deze gemeente konden niet worden geladen.',
    koploper: 'Koploper 2018',
    koploperLong: 'Een van de koplopers van 2018',
    demoBadge: 'Voorbeeldgegevens (demo)',
    stageHeading: 'Fase op de route',
    stageCurrent: 'huidige fase',
    stageNone: 'De fase is niet bekend.',
    scoreHeading: 'Score',
    scoreText: (score) => `${score} van 100`,
    completenessText: (pct) => `volledigheid ${pct}% van de indicatoren`,
    insufficientText: 'Te weinig indicatoren bekend voor een betrouwbare score: de kaart toont deze gemeente gearceerd.',
    partsHeading: 'Onderdelen',
    partsCaption: 'Score per onderdeel (0–100)',
    indicatorsHeading: 'Alle indicatoren met bewijs',
    indicatorCol: 'Indicator',
    valueCol: 'Waarde',
    evidenceCol: 'Bewijs',
    dateCol: 'Datum',
    evidenceLink: 'bewijs',
    evidenceLinkFor: (ind) => `Bewijs voor ${ind}`,
    noEvidence: 'geen',
    historyHeading: 'Geschiedenis',
    historyNone: 'Nog geen beoordelingen.',
    historyChartLabel: (n, first, last) => `Verloop van de score: ${n} beoordelingen, van ${first} tot ${last}.`,
    historyVersion: (date, score, stage, source) => `${date}: ${score}, ${stage}${source ? ` (${source})` : ''}`,
    peersHeading: 'Lerende gemeenten (matchcentrum)',
    peersNone: 'Geen vergelijkbare gemeenten gevonden.',
    peersIntro: 'Gemeenten die een stap verder zijn of lijken op deze gemeente:',
    peersDomain: 'Op leefdomein',
    peersDomainAll: 'Alle (fase)',
    downloadsHeading: 'Downloaden',
    downloadGeoJSON: (name) => `${name} als GeoJSON`,
    downloadCSV: (name) => `${name} als CSV`,
    stakeholdersLink: (name) => `Stakeholderkaart van ${name}`,
    compareAdd: 'Toevoegen aan vergelijking',
    compareRemove: 'Uit vergelijking halen',
    compareFull: 'Je kunt maximaal 6 gemeenten vergelijken.',
    compareTray: 'Vergelijking',
    compareOpen: (n) => `Vergelijk ${n} gemeenten`,
    compareNeedTwo: 'Kies minstens 2 gemeenten om te vergelijken (via de kaart, de zoekfunctie of de tabel).',
    compareClear: 'Alles wissen',
    compareRemoveOne: (name) => `${name} uit vergelijking halen`,
    compareAdded: (name, n) => `${name} toegevoegd aan de vergelijking (${n}).`,
    compareRemoved: (name, n) => `${name} uit de vergelijking gehaald (${n}).`,
    compareHeading: 'Gemeenten naast elkaar',
    compareCaption: 'Vergelijking met de mediaan van de provincie en van Nederland',
    medianProvince: (p) => `Mediaan ${p}`,
    medianNational: 'Mediaan Nederland',
    medianN: (n) => `(${n} gemeenten met score)`,
    completeness: 'Volledigheid',
    assessedOn: 'Beoordeeld op',
    provincesHeading: 'Fase en score per provincie',
    provincesCaption: 'Verdeling van de fasen en mediaanscore per provincie',
    provinceCol: 'Provincie',
    countCol: 'Gemeenten',
    unknownCol: 'Onbekend',
    medianCol: 'Mediaanscore',
    distributionCol: 'Verdeling',
    tableHeading: 'Tabel van de gemeenten',
    tableCaption: (metric, n) => `${n} gemeenten, ${metric}. Klik op een kolomkop om te sorteren.`,
    nameCol: 'Gemeente',
    metricCol: 'Waarde',
    compareCol: 'Vergelijken',
    compareRowLabel: (name) => `${name} vergelijken`,
    sortBy: (col) => `Sorteer op ${col}`,
    sortedAsc: 'oplopend gesorteerd',
    sortedDesc: 'aflopend gesorteerd',
    downloadTable: 'Download deze tabel als CSV',
    openDetail: (name) => `Details van ${name}`,
    yes: 'ja',
    no: 'nee',
    viewChanged: (what) => what,
    noScore: '–',
    outsideFilter: 'buiten filter',
    netherlands: 'Nederland (totaal)',
    compareNeedTwoShort: 'Kies minstens 2 gemeenten.',
    sortAnnounce: (col, dir) => `Gesorteerd op ${col}, ${dir}.`,
    viewAnnounce: (v) => `Weergave: ${v}.`,
    metricAnnounce: (m) => `Kaart gekleurd naar ${m}.`,
  },
  en: {
    pageTitle: 'Inclusiekaart: how inclusive is each municipality?',
    skipToMap: 'Skip to map',
    tagline: 'How far is each Dutch municipality with inclusion?',
    searchLabel: 'Search for a municipality',
    searchPlaceholder: 'e.g. Utrecht',
    searchHint: 'Type part of the name. Choose with the arrow keys and Enter.',
    searchResults: (n) => (n === 1 ? '1 municipality found.' : `${n} municipalities found.`),
    searchNone: 'No municipality found.',
    searchListLabel: 'Municipalities found',
    langSwitch: 'Nederlands',
    langSwitchLang: 'nl',
    langSwitchLabel: 'Schakel naar Nederlands',
    mapHeading: 'Map of the municipalities',
    mapLabel: 'Map of the Dutch municipalities',
    zoomIn: 'Zoom in',
    zoomOut: 'Zoom out',
    loading: 'Loading map…',
    loadError: 'The map data could not be loaded. Please try again later.',
    selected: (name, province) => (province ? `${name}, province of ${province}` : name),
    demoBanner: 'Demo: the assessments on this map are generated sample data, not real facts.',
    footerHeading: 'About this map',
    footerSource: 'Municipal and provincial boundaries: CBS and Kadaster (via PDOK), licence',
    licenceUrl: 'https://creativecommons.org/licenses/by/4.0/deed.en',
    footerSoftware: 'Map made with Leaflet.',

    navLabel: 'Main menu',
    navMap: 'Map',
    navStakeholders: 'Stakeholder map',
    controlsHeading: 'Choose a view',
    metricLabel: 'Colour the map by',
    provinceLabel: 'Province',
    provinceAll: 'All provinces',
    viewLabel: 'View',
    viewMap: 'Map',
    viewTable: 'Table',
    viewProvinces: 'Provinces',
    viewCompare: 'Compare',
    mapHint: 'Arrow keys: next or previous municipality (by province, then name). Enter: open details. Plus and minus: zoom. Escape: close the label.',
    legendHeading: 'Legend',
    legendUnknown: 'Unknown or insufficient data (hatched)',
    legendKoploper: '2018 front-runner (dashed outline)',
    legendProvince: 'Province border',
    legendOutside: 'Outside the filter',
    municipalitiesCount: (n) => (n === 1 ? '1 municipality' : `${n} municipalities`),
    summaryHeading: 'Summary',
    stage: 'Stage',
    score: 'Score',
    stageN: (n) => `stage ${n}`,
    scoreN: (n) => `score ${n}`,
    stageUnknown: 'stage unknown',
    scoreUnknown: 'score unknown',
    insufficient: 'insufficient data',
    unknown: 'Unknown',
    unknownLower: 'unknown',
    province: (p) => `province of ${p}`,
    announceItem: (name, province, rest) => `${name}, province of ${province}, ${rest}`,
    position: (i, n) => `${i} of ${n}`,
    closeLabel: 'Close label',
    metrics: {
      score: 'Overall score (0–100)',
      stage: 'Stage of the local inclusion agenda',
      domains: 'Life domains combined (0–100)',
      lived_experience: 'Involvement of people with lived experience',
      stakeholders: 'Stakeholder groups involved (number)',
    },
    metricGroupDomains: 'One life domain',
    domainPrefix: 'Life domain: ',
    stages: ['Not started', 'Exploring / on the agenda', 'LIA being developed', 'LIA adopted', 'LIA being carried out', 'Monitored and adjusted'],
    domainLevels: ['No attention', 'In plan', 'Measures running', 'Results shown'],
    livedLevels: ['Not involved', 'Consulted', 'Structurally involved', 'Co-deciding and paid'],
    routeLevels: ['Absent', 'Partial', 'Done'],
    stakeholderLevels: ['Not involved', 'Involved'],
    domains: {
      'domain.education': 'Education', 'domain.work': 'Work', 'domain.housing': 'Housing',
      'domain.public_space': 'Public space', 'domain.information': 'Information and communication',
      'domain.buildings': 'Buildings', 'domain.mobility': 'Mobility', 'domain.care_support': 'Care and support',
      'domain.participation': 'Participation', 'domain.public_services': 'Public services',
    },
    parts: {
      stage: 'Stage of the local inclusion agenda', route: 'Route map (11 steps)', domains: 'Life domains',
      lived_experience: 'Involvement of people with lived experience', stakeholders: 'Stakeholders involved (stakeholder map)',
    },
    loadingValues: 'Loading the values per life domain…',
    summary: (s) => s,
    detailClose: 'Close details',
    detailLoading: 'Loading…',
    detailError: 'The data of this municipality could not be loaded.',
    koploper: '2018 front-runner',
    koploperLong: 'One of the 2018 front-runners',
    demoBadge: 'Sample data (demo)',
    stageHeading: 'Stage along the route',
    stageCurrent: 'current stage',
    stageNone: 'The stage is not known.',
    scoreHeading: 'Score',
    scoreText: (score) => `${score} out of 100`,
    completenessText: (pct) => `completeness ${pct}% of the indicators`,
    insufficientText: 'Too few indicators are known for a reliable score: the map shows this municipality hatched.',
    partsHeading: 'Parts',
    partsCaption: 'Score per part (0–100)',
    indicatorsHeading: 'All indicators with evidence',
    indicatorCol: 'Indicator',
    valueCol: 'Value',
    evidenceCol: 'Evidence',
    dateCol: 'Date',
    evidenceLink: 'evidence',
    evidenceLinkFor: (ind) => `Evidence for ${ind}`,
    noEvidence: 'none',
    historyHeading: 'History',
    historyNone: 'No assessments yet.',
    historyChartLabel: (n, first, last) => `Score over time: ${n} assessments, from ${first} to ${last}.`,
    historyVersion: (date, score, stage, source) => `${date}: ${score}, ${stage}${source ? ` (${source})` : ''}`,
    peersHeading: 'Municipalities to learn from (match centre)',
    peersNone: 'No similar municipalities found.',
    peersIntro: 'Municipalities one step ahead or similar to this one:',
    peersDomain: 'By life domain',
    peersDomainAll: 'All (stage)',
    downloadsHeading: 'Download',
    downloadGeoJSON: (name) => `${name} as GeoJSON`,
    downloadCSV: (name) => `${name} as CSV`,
    stakeholdersLink: (name) => `Stakeholder map of ${name}`,
    compareAdd: 'Add to comparison',
    compareRemove: 'Remove from comparison',
    compareFull: 'You can compare at most 6 municipalities.',
    compareTray: 'Comparison',
    compareOpen: (n) => `Compare ${n} municipalities`,
    compareNeedTwo: 'Choose at least 2 municipalities to compare (from the map, the search or the table).',
    compareClear: 'Clear all',
    compareRemoveOne: (name) => `Remove ${name} from comparison`,
    compareAdded: (name, n) => `${name} added to the comparison (${n}).`,
    compareRemoved: (name, n) => `${name} removed from the comparison (${n}).`,
    compareHeading: 'Municipalities side by side',
    compareCaption: 'Comparison with the median of the province and of the Netherlands',
    medianProvince: (p) => `Median ${p}`,
    medianNational: 'Median Netherlands',
    medianN: (n) => `(${n} municipalities with a score)`,
    completeness: 'Completeness',
    assessedOn: 'Assessed on',
    provincesHeading: 'Stage and score per province',
    provincesCaption: 'Distribution of stages and median score per province',
    provinceCol: 'Province',
    countCol: 'Municipalities',
    unknownCol: 'Unknown',
    medianCol: 'Median score',
    distributionCol: 'Distribution',
    tableHeading: 'Table of the municipalities',
    tableCaption: (metric, n) => `${n} municipalities, ${metric}. Click a column header to sort.`,
    nameCol: 'Municipality',
    metricCol: 'Value',
    compareCol: 'Compare',
    compareRowLabel: (name) => `Compare ${name}`,
    sortBy: (col) => `Sort by ${col}`,
    sortedAsc: 'sorted ascending',
    sortedDesc: 'sorted descending',
    downloadTable: 'Download this table as CSV',
    openDetail: (name) => `Details of ${name}`,
    yes: 'yes',
    no: 'no',
    viewChanged: (what) => what,
    noScore: '–',
    outsideFilter: 'outside filter',
    netherlands: 'Netherlands (total)',
    compareNeedTwoShort: 'Choose at least 2 municipalities.',
    sortAnnounce: (col, dir) => `Sorted by ${col}, ${dir}.`,
    viewAnnounce: (v) => `View: ${v}.`,
    metricAnnounce: (m) => `Map coloured by ${m}.`,
  },
};

let current = 'nl';
const listeners = new Set();

/** lang returns the current UI language code. */
export function lang() {
  return current;
}

/** t returns the message for key in the current language; functions get args. */
export function t(key, ...args) {
  const m = messages[current][key] ?? messages.nl[key];
  if (m === undefined) return key;
  return typeof m === 'function' ? m(...args) : m;
}

/** onLanguageChange registers fn to run after every language change. */
export function onLanguageChange(fn) {
  listeners.add(fn);
}

/** applyStatic writes the current language into all data-i18n elements under root. */
export function applyStatic(root = document) {
  for (const el of root.querySelectorAll('[data-i18n]')) {
    el.textContent = t(el.dataset.i18n);
  }
  for (const el of root.querySelectorAll('[data-i18n-attr]')) {
    for (const pair of el.dataset.i18nAttr.split(';')) {
      const [attr, key] = pair.split(':').map((s) => s.trim());
      if (attr && key) el.setAttribute(attr, t(key));
    }
  }
}

/** setLanguage switches the UI language, remembers it and notifies listeners. */
export function setLanguage(code) {
  if (!LANGUAGES.includes(code)) return;
  current = code;
  document.documentElement.lang = code;
  document.title = t('pageTitle');
  applyStatic();
  try {
    localStorage.setItem(STORAGE_KEY, code);
  } catch {
    // Storage may be disabled; the choice then lasts for this page only.
  }
  for (const fn of listeners) fn(code);
}

/**
 * initialLanguage picks ?lang= from the URL, then a remembered choice, then
 * Dutch. The browser's language is deliberately not used: the site is Dutch.
 */
export function initialLanguage() {
  const fromURL = new URLSearchParams(location.search).get('lang');
  if (LANGUAGES.includes(fromURL)) return fromURL;
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (LANGUAGES.includes(stored)) return stored;
  } catch {
    // ignore: see setLanguage
  }
  return 'nl';
}
