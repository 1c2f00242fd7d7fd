package web

import (
	"net/http"
	"strconv"
	"time"
)

var monthNames = map[string][]string{
	"nl": {"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"},
	"en": {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
}

// WrittenDate writes a date as in running text: "3 december 2026" (lang
// "nl", the default) or "3 December 2026" ("en").
func WrittenDate(t time.Time, lang string) string {
	names, ok := monthNames[lang]
	if !ok {
		names = monthNames["nl"]
	}
	return strconv.Itoa(t.Day()) + " " + names[t.Month()-1] + " " + strconv.Itoa(t.Year())
}

// PrintedFrom is the absolute URL of the request, printed under a page so
// that paper says where it came from.
func PrintedFrom(r *http.Request) string { return BaseURL(r) + r.URL.RequestURI() }
