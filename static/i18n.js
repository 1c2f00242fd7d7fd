// i18n.js: the page's UI text in Dutch (default) and English, and the code
// that applies it to the document. Static text carries data-i18n="key"
// (textContent) or data-i18n-attr="attr:key;attr:key"; dynamic text asks t().

const STORAGE_KEY = 'inclusiekaart.lang';

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
