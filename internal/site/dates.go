package site

import (
	"time"

	"github.com/inclusiekaart/inclusiekaart/internal/web"
)

// Dates on the site's pages: web.TextDate ("3 december 2026"), called
// textDate here and in the templates.

var daysNL = []string{"zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"}

// textDate is web.TextDate.
func textDate(lang, iso string) string { return web.TextDate(lang, iso) }

// longDate is textDate with the day of the week in front, for meetings
// ("dinsdag 11 april 2017").
func longDate(lang, date string) string {
	t, err := time.Parse("2006-01-02", date)
	if err != nil {
		return textDate(lang, date)
	}
	day := daysNL[t.Weekday()]
	if lang == "en" {
		day = t.Weekday().String()
	}
	return day + " " + textDate(lang, date)
}

func init() { funcs["textDate"] = textDate }
