// dates.js: the one date format of the map page. Data carries ISO dates
// (YYYY-MM-DD, or YYYY-MM / YYYY when a source gives no day); text shows
// "3 december 2026" in Dutch and "3 December 2026" in English, a month as
// "december 2026", a year as itself (the server pages: web.TextDate).

import { lang } from './i18n.js';

const MONTHS = {
  nl: ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
};

/** formatDate writes an ISO date (or the date part of a timestamp) as text; anything else comes back unchanged. */
export function formatDate(iso, language = lang()) {
  if (!iso) return '';
  const months = MONTHS[language] ?? MONTHS.nl;
  const day = /^([0-9]{4})-([0-9]{2})-([0-9]{2})/.exec(iso);
  if (day) {
    const [y, m, d] = day.slice(1).map(Number);
    const check = new Date(Date.UTC(y, m - 1, d));
    if (check.getUTCMonth() === m - 1 && check.getUTCDate() === d) return `${d} ${months[m - 1]} ${y}`;
    return iso;
  }
  const month = /^([0-9]{4})-([0-9]{2})$/.exec(iso);
  if (month && Number(month[2]) >= 1 && Number(month[2]) <= 12) return `${months[Number(month[2]) - 1]} ${month[1]}`;
  return iso;
}
