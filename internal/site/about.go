package site

import (
	"net/http"

	"github.com/gorilla/mux"
)

// registerAbout adds the pages about the site itself: the method
// (/methode) and the accessibility statement (/toegankelijkheid).
func (s *Site) registerAbout(r *mux.Router) {
	get := []string{http.MethodGet, http.MethodHead}
	r.HandleFunc("/methode", s.handle(s.methodologyPage)).Methods(get...)
	r.HandleFunc("/toegankelijkheid", s.handle(s.accessibilityPage)).Methods(get...)
}

func init() {
	addMessages(map[string]map[string]string{
		"nl": {"printPage": "Pagina:", "printDate": "afgedrukt op"},
		"en": {"printPage": "Page:", "printDate": "printed on"},
	})
}
