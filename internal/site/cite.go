package site

import (
	"strings"

	"github.com/inclusiekaart/inclusiekaart/internal/atlas"
)

// citation is how to cite a municipality's page: publisher, title, the date
// of the newest source, the dataset version (the newest release, else that
// date), the URL and the licence.
func (s *Site) citation(d atlas.Detail, dataDate, pageURL, lang string, t map[string]string) string {
	version := "" // only a release is a dataset version
	if rels, err := atlas.Releases(s.Releases); err == nil && len(rels) > 0 {
		version = rels[0].Version
	}
	var b strings.Builder
	b.WriteString("Netwerk Inclusieve Gemeenten, Inclusiekaart: " + d.Name + " (" + d.Code + ")")
	if dataDate != "" {
		b.WriteString(". " + t["citeData"] + " " + textDate(lang, dataDate))
	}
	if version != "" {
		b.WriteString(", " + t["citeVersion"] + " " + version)
	}
	b.WriteString(". " + pageURL + " (CC BY 4.0).")
	return b.String()
}

func init() {
	addMessages(map[string]map[string]string{
		"nl": {"citeData": "Gegevens tot en met", "citeVersion": "datasetversie", "citeCopy": "Kopieer bronvermelding", "copied": "Gekopieerd.",
			"copyFailed": "Kopiëren lukte niet. Selecteer de tekst en kopieer hem zelf."},
		"en": {"citeData": "Data up to", "citeVersion": "dataset version", "citeCopy": "Copy citation", "copied": "Copied.",
			"copyFailed": "Copying did not work. Select the text and copy it yourself."},
	})
}
