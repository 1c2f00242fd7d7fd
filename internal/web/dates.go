package web

import (
	"strconv"
	"time"
)

// Dates: ISO 8601 in data (YYYY-MM-DD, or YYYY-MM / YYYY for a source that
// gives no day); in text one format per language, "3 december 2026" and
// "3 December 2026". TextDate is the one formatter of every server page
// (site and API adapters; templates call it as textDate); the map page's is
// static/dates.js.

// MonthsNL are the Dutch month names, January first.
var MonthsNL = []string{"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"}

// TextDate writes an ISO date as text in lang ("nl" or "en"): a day (also
// the date part of a timestamp) as "3 december 2026", a month as
// "december 2026", a year as itself. Anything else is returned unchanged.
func TextDate(lang, iso string) string {
	month := func(m time.Month) string {
		if lang == "en" {
			return m.String()
		}
		return MonthsNL[m-1]
	}
	if len(iso) >= 10 {
		if t, err := time.Parse("2006-01-02", iso[:10]); err == nil {
			return strconv.Itoa(t.Day()) + " " + month(t.Month()) + " " + strconv.Itoa(t.Year())
		}
	}
	if len(iso) == 7 {
		if t, err := time.Parse("2006-01", iso); err == nil {
			return month(t.Month()) + " " + strconv.Itoa(t.Year())
		}
	}
	return iso
}
