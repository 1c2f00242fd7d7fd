// downloads.js: every CSV the page offers is a link to the server's CSV, so
// there is one implementation with one set of columns (demo flag, basis,
// licence and attribution included) and one dialect; each comes as the
// standard CSV and as the Excel-NL variant (semicolon, decimal comma).

import { h } from './dom.js';
import { t } from './i18n.js';

/** csvURL is path with the given parameters (empty ones left out) and the dialect. */
export function csvURL(path, params = {}, dialect = '') {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v != null && v !== '') q.set(k, String(v));
  if (dialect) q.set('dialect', dialect);
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

/** setCSVLinks points the standard and the Excel-NL link at path with params. */
export function setCSVLinks(standard, excel, path, params) {
  standard.href = csvURL(path, params);
  excel.href = csvURL(path, params, 'excel-nl');
}

/**
 * csvLinks returns the two download links of path with params: label is the
 * visible text of the standard one; the Excel-NL one says it is for Excel.
 */
export function csvLinks(path, params, label, idPrefix) {
  const standard = h('a', { class: 'button', id: `${idPrefix}`, download: '' }, label);
  const excel = h('a', { class: 'button', id: `${idPrefix}-excel`, download: '' }, t('downloadExcel'));
  setCSVLinks(standard, excel, path, params);
  return [standard, excel];
}
