package site

import (
	"net/http"
	"time"

	"github.com/inclusiekaart/inclusiekaart/internal/web"
)

// accessibilityStatementDate is the date of the statement below; change it
// with every change of the statement (the model asks for its date).
const accessibilityStatementDate = "2026-12-03"

// accessibilityPage is the accessibility statement (/toegankelijkheid),
// following the sections of the Dutch government model
// (toegankelijkheidsverklaring.nl): what it covers, the standard, the status
// ("voldoet gedeeltelijk": nothing more has been proven), how it was tested,
// the known problems, how to report one, and its date. The network is not a
// public body, so the statement is voluntary and not in the register.
func (s *Site) accessibilityPage(w http.ResponseWriter, r *http.Request) error {
	v := s.view(r, "a11yTitle")
	v.Actor = s.optionalActor(r)
	v.Data = struct{ Date, DateText, Contact, Site string }{accessibilityStatementDate, writtenDate(accessibilityStatementDate, v.Lang), s.Contact, s.baseURL(r)}
	return s.render(w, r, http.StatusOK, "accessibility.html", v)
}

func init() {
	addMessages(map[string]map[string]string{
		"nl": {"a11yTitle": "Toegankelijkheidsverklaring", "navA11y": "Toegankelijkheid"},
		"en": {"a11yTitle": "Accessibility statement", "navA11y": "Accessibility"},
	})
}

// writtenDate writes an ISO date as in running text: "3 december 2026".
func writtenDate(iso, lang string) string {
	d, err := time.Parse(time.DateOnly, iso)
	if err != nil {
		return iso
	}
	return web.WrittenDate(d, lang)
}
