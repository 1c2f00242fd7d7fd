package server

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"html/template"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/gorilla/mux"

	"github.com/inclusiekaart/inclusiekaart/internal/atlas"
	"github.com/inclusiekaart/inclusiekaart/internal/cbs"
	"github.com/inclusiekaart/inclusiekaart/internal/web"
)

// DefaultReleases is the default directory of the dataset releases.
const DefaultReleases = "data/releases"

// registerReleases adds the published dataset versions: the page, the
// files of each version, a JSON list and the Atom feeds of changes.
func (s *Server) registerReleases(r *mux.Router, get func(string, web.HandlerFunc)) {
	get("/releases", s.handleReleasesPage)
	get("/releases.atom", s.handleReleasesFeed)
	get("/releases/{version}/{file}", s.handleReleaseFile)
	get("/api/releases", s.handleReleasesJSON)
	get("/api/municipalities/{code}/changes.atom", s.handleMunicipalityFeed)
}

func (s *Server) releases() ([]atlas.Release, error) { return atlas.Releases(s.cfg.Releases) }

// releasesURL is the absolute URL of the releases page.
func releasesURL(r *http.Request) string { return web.BaseURL(r) + "/releases" }

func (s *Server) handleReleasesJSON(w http.ResponseWriter, r *http.Request) error {
	rels, err := s.releases()
	if err != nil {
		return err
	}
	type item struct {
		atlas.Release
		Citation string            `json:"citation"`
		Links    map[string]string `json:"links"`
	}
	out := make([]item, 0, len(rels))
	for _, rel := range rels {
		links := map[string]string{}
		for _, f := range rel.Files {
			links[f.Name] = releasesURL(r) + "/" + rel.Version + "/" + f.Name
		}
		out = append(out, item{Release: rel, Citation: atlas.CitationText(rel, releasesURL(r)), Links: links})
	}
	w.Header().Set("Cache-Control", layerCacheControl)
	return writeJSON(w, r, http.StatusOK, out)
}

// handleReleaseFile serves one file of a release; a release never changes,
// so its files are cached for good.
func (s *Server) handleReleaseFile(w http.ResponseWriter, r *http.Request) error {
	v := mux.Vars(r)
	rels, err := s.releases()
	if err != nil {
		return err
	}
	for _, rel := range rels {
		if rel.Version != v["version"] || !rel.HasFile(v["file"]) {
			continue
		}
		f, err := os.Open(filepath.Join(rel.Dir, v["file"]))
		if err != nil {
			return err
		}
		defer f.Close()
		st, err := f.Stat()
		if err != nil {
			return err
		}
		h := w.Header()
		h.Set("Cache-Control", immutableCacheControl)
		h.Set("Content-Type", releaseFileType(v["file"]))
		h.Set("Content-Disposition", `attachment; filename="inclusiekaart-`+rel.Version+"-"+v["file"]+`"`)
		h.Set("ETag", `"`+rel.Version+"/"+v["file"]+`"`)
		http.ServeContent(w, r, "", st.ModTime(), f)
		return nil
	}
	return notFound("no such release file")
}

func releaseFileType(name string) string {
	switch filepath.Ext(name) {
	case ".gpkg":
		return "application/geopackage+sqlite3"
	case ".geojson":
		return "application/geo+json"
	case ".csv":
		return web.TypeCSV
	case ".json":
		return "application/json"
	case ".md":
		return "text/markdown; charset=utf-8"
	case ".cff":
		return "application/x-yaml; charset=utf-8"
	}
	return "text/plain; charset=utf-8"
}

// releaseText holds the page's words in Dutch and English.
var releaseText = map[string]map[string]string{
	"nl": {"title": "Datasetversies", "intro": "Elke versie is een vaste, gedateerde uitgave van de gegevens van de kaart: niets in een versie verandert later. Controleer een download met de SHA-256-controlesom.",
		"none": "Er is nog geen versie uitgebracht.", "released": "Uitgebracht", "files": "Bestanden", "changes": "Wijzigingen ten opzichte van",
		"first": "De eerste versie.", "nochanges": "Geen gemeenten gewijzigd.", "cite": "Citeren", "fields": "velden", "indicators": "indicatoren",
		"added": "nieuw", "removed": "vervallen", "feed": "Volg wijzigingen (Atom)", "switch": "English", "switchLang": "en", "lang": "nl",
		"license": "Gegevens: CC BY 4.0 (Netwerk Inclusieve Gemeenten); grenzen: Bron: CBS, Kadaster. Code: EUPL-1.2.", "back": "Terug naar de kaart",
		"municipalities": "gemeenten", "year": "grensjaar", "skip": "Naar de inhoud", "printPage": "Pagina:", "printDate": "afgedrukt op"},
	"en": {"title": "Dataset versions", "intro": "Each version is a fixed, dated edition of the map's data: nothing in a version changes later. Check a download with its SHA-256 checksum.",
		"none": "No version has been released yet.", "released": "Released", "files": "Files", "changes": "Changes against",
		"first": "The first version.", "nochanges": "No municipality changed.", "cite": "Cite as", "fields": "fields", "indicators": "indicators",
		"added": "new", "removed": "removed", "feed": "Follow changes (Atom)", "switch": "Nederlands", "switchLang": "nl", "lang": "en",
		"license": "Data: CC BY 4.0 (Netwerk Inclusieve Gemeenten); boundaries: Source: CBS, Kadaster. Code: EUPL-1.2.", "back": "Back to the map",
		"municipalities": "municipalities", "year": "boundary year", "skip": "Skip to content", "printPage": "Page:", "printDate": "printed on"},
}

var releasesPage = template.Must(template.New("releases").Funcs(template.FuncMap{"join": strings.Join, "textDate": web.TextDate}).Parse(`<!doctype html>
<html lang="{{.T.lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.T.title}} – Inclusiekaart</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/site.css">
<link rel="alternate" type="application/atom+xml" href="/releases.atom" title="{{.T.feed}}">
</head>
<body>
<a class="skip-link" href="#main">{{.T.skip}}</a>
<header class="site-header">
<p class="brand"><a href="/">Inclusiekaart</a></p>
<div class="header-actions"><a class="lang-switch" href="/releases?lang={{.T.switchLang}}" lang="{{.T.switchLang}}">{{.T.switch}}</a></div>
</header>
<main id="main" tabindex="-1">
<h1>{{.T.title}}</h1>
<p>{{.T.intro}}</p>
<p><a href="/releases.atom">{{.T.feed}}</a></p>
{{if not .Releases}}<p>{{.T.none}}</p>{{end}}
{{range .Releases}}{{$v := .Version}}
<section id="{{.Version}}" aria-labelledby="h-{{.Version}}">
<h2 id="h-{{.Version}}">{{.Version}}</h2>
<p>{{$.T.released}} <time datetime="{{.Date}}">{{textDate $.T.lang .Date}}</time> · {{.Municipalities}} {{$.T.municipalities}} · {{$.T.year}} {{.Year}}</p>
<h3>{{$.T.files}}</h3>
<ul>{{range .Files}}<li><a href="/releases/{{$v}}/{{.Name}}" download>{{.Name}}</a> ({{.Size}} bytes) <code>sha256:{{.SHA256}}</code></li>{{end}}
<li><a href="/releases/{{.Version}}/SHA256SUMS">SHA256SUMS</a></li></ul>
{{if .Previous}}<h3>{{$.T.changes}} {{.Previous}}</h3>
{{if .Changes}}<ul>{{range .Changes}}<li><a href="/gemeente/{{.Code}}">{{.Name}}</a> ({{.Code}}){{if eq .Kind "added"}}: {{$.T.added}}{{else if eq .Kind "removed"}}: {{$.T.removed}}{{else}}{{if .Fields}}: {{$.T.fields}} {{join .Fields ", "}}{{end}}{{if .Indicators}}; {{$.T.indicators}} {{join .Indicators ", "}}{{end}}{{end}}</li>{{end}}</ul>
{{else}}<p>{{$.T.nochanges}}</p>{{end}}
{{else}}<p>{{$.T.first}}</p>{{end}}
<h3>{{$.T.cite}}</h3>
<p class="citation">{{.Citation}}</p>
</section>
{{end}}
</main>
<p class="print-meta">{{.T.printPage}} <span class="url">{{.PrintURL}}</span> · {{.T.printDate}} {{.PrintDate}}</p>
<footer class="site-footer"><p>{{.T.license}} · <a href="/">{{.T.back}}</a></p></footer>
</body>
</html>
`))

// releaseView is one release on the page.
type releaseView struct {
	atlas.Release
	Citation string
}

func (s *Server) handleReleasesPage(w http.ResponseWriter, r *http.Request) error {
	rels, err := s.releases()
	if err != nil {
		return err
	}
	lang := "nl"
	if r.URL.Query().Get("lang") == "en" {
		lang = "en"
	}
	views := make([]releaseView, len(rels))
	for i, rel := range rels {
		views[i] = releaseView{Release: rel, Citation: atlas.CitationText(rel, releasesURL(r))}
	}
	var buf bytes.Buffer
	if err := releasesPage.Execute(&buf, map[string]any{"T": releaseText[lang], "Releases": views,
		"PrintURL": web.PrintedFrom(r), "PrintDate": web.WrittenDate(s.svc.Now(), lang)}); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", layerCacheControl)
	w.Header().Set("Content-Language", lang)
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(buf.Bytes())
	}
	return nil
}

// Atom (RFC 4287) documents.
type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Author  atomAuthor  `xml:"author"`
	Rights  string      `xml:"rights"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
}

type atomAuthor struct {
	Name string `xml:"name"`
}

type atomEntry struct {
	ID      string     `xml:"id"`
	Title   string     `xml:"title"`
	Updated string     `xml:"updated"`
	Links   []atomLink `xml:"link"`
	Content string     `xml:"content"`
}

// writeFeed answers a feed of entries; updated is the newest entry's date.
func writeFeed(w http.ResponseWriter, r *http.Request, self, title string, entries []atomEntry) error {
	f := atomFeed{ID: self, Title: title, Updated: "1970-01-01T00:00:00Z",
		Links:  []atomLink{{Href: self, Rel: "self", Type: "application/atom+xml"}, {Href: releasesURL(r), Rel: "alternate", Type: "text/html"}},
		Author: atomAuthor{Name: atlas.DatasetAuthor}, Rights: "Data CC BY 4.0, " + atlas.DatasetAuthor + "; " + atlas.Attribution, Entries: entries}
	if len(entries) > 0 {
		f.Updated = entries[0].Updated
	}
	body, err := xml.MarshalIndent(f, "", " ")
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	w.Header().Set("Cache-Control", layerCacheControl)
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write([]byte(xml.Header))
		w.Write(body)
	}
	return nil
}

func releaseEntry(r *http.Request, rel atlas.Release, id, title, content string) atomEntry {
	return atomEntry{ID: id, Title: title, Updated: rel.Date + "T00:00:00Z",
		Links: []atomLink{{Href: releasesURL(r) + "#" + rel.Version, Rel: "alternate", Type: "text/html"}}, Content: content}
}

// handleReleasesFeed is the national feed: one entry per release.
func (s *Server) handleReleasesFeed(w http.ResponseWriter, r *http.Request) error {
	rels, err := s.releases()
	if err != nil {
		return err
	}
	var entries []atomEntry
	for _, rel := range rels {
		var names []string
		for _, c := range rel.Changes {
			names = append(names, c.Name+" ("+c.Code+")")
		}
		content := fmt.Sprintf("Versie %s: %d gemeenten. ", rel.Version, rel.Municipalities)
		switch {
		case rel.Previous == "":
			content += "De eerste versie."
		case len(names) == 0:
			content += "Geen wijzigingen ten opzichte van " + rel.Previous + "."
		default:
			content += fmt.Sprintf("%d gewijzigd ten opzichte van %s: %s.", len(names), rel.Previous, strings.Join(names, ", "))
		}
		entries = append(entries, releaseEntry(r, rel, releasesURL(r)+"#"+rel.Version,
			fmt.Sprintf("Inclusiekaart %s: %d gemeenten gewijzigd", rel.Version, len(rel.Changes)), content))
	}
	return writeFeed(w, r, web.BaseURL(r)+"/releases.atom", "Inclusiekaart: nieuwe datasetversies", entries)
}

// handleMunicipalityFeed is one municipality's feed: an entry for each
// release that changed it.
func (s *Server) handleMunicipalityFeed(w http.ResponseWriter, r *http.Request) error {
	raw, err := municipalityCode(r) // a malformed code is a 400 naming it, as on the other routes of a code
	if err != nil {
		return err
	}
	code := cbs.MunicipalityCode(raw)
	// A well-formed code of no municipality is a 404 (one merged away keeps
	// its feed: its changes up to the merger are in the releases).
	if _, err := s.svc.PublicMunicipality(r.Context(), raw); err != nil {
		if e, ok := atlas.As(err); !ok || e.Kind != atlas.Moved {
			return err
		}
	}
	rels, err := s.releases()
	if err != nil {
		return err
	}
	var entries []atomEntry
	name := code.String()
	for _, rel := range rels {
		for _, c := range rel.Changes {
			if c.Code != code.String() {
				continue
			}
			name = c.Name
			what := c.Kind
			if len(c.Fields) > 0 {
				what += "; velden: " + strings.Join(c.Fields, ", ")
			}
			if len(c.Indicators) > 0 {
				what += "; indicatoren: " + strings.Join(c.Indicators, ", ")
			}
			entries = append(entries, releaseEntry(r, rel, releasesURL(r)+"#"+rel.Version+"/"+c.Code,
				fmt.Sprintf("%s gewijzigd in versie %s", c.Name, rel.Version),
				fmt.Sprintf("%s (%s) in versie %s ten opzichte van %s: %s.", c.Name, c.Code, rel.Version, rel.Previous, what)))
		}
	}
	return writeFeed(w, r, web.BaseURL(r)+"/api/municipalities/"+code.String()+"/changes.atom", "Inclusiekaart: wijzigingen "+name, entries)
}
