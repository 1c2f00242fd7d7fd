package ogc

import (
	"bytes"
	"fmt"
	"html/template"
	"maps"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/paulmach/orb/geojson"

	"github.com/inclusiekaart/inclusiekaart/internal/atlas"
	"github.com/inclusiekaart/inclusiekaart/internal/web"
)

// htmlPage is what the HTML views show; they list what the JSON holds.
// The pages are Dutch (lang="nl"): they show the Dutch texts (NLTitle,
// NLDescription, licenseTextNL), not the English ones of the JSON.
type htmlPage struct {
	Title      string
	HeadTitle  string // the <title>; empty = Title — Inclusiekaart OGC API
	Base       string
	JSONHref   string
	Data       map[string]any
	Collection *collection
	Features   []*geojson.Feature
	Year       int
	Matched    int
	Offset     int
	Next, Prev *link
	CRS        string
	Links      []link // the landing page's links, with Dutch titles
	// JSONType is the media type of JSONHref; empty = application/json.
	JSONType string
	// PrintURL and PrintDate are printed under the page (renderHTML sets them).
	PrintURL, PrintDate string
}

// AltType is the media type of the page's JSON alternate.
func (p htmlPage) AltType() string {
	if p.JSONType != "" {
		return p.JSONType
	}
	return typeJSON
}

// operation is one path of the OpenAPI document as the API page lists it.
type operation struct {
	Path, Summary, Description string
	Params                     []apiParam
}

type apiParam struct{ Name, Description string }

// Operations lists the OpenAPI document's operations (the API page, Data =
// the document), sorted by path, with their parameters resolved.
func (p htmlPage) Operations() []operation {
	paths, _ := p.Data["paths"].(map[string]any)
	comps, _ := p.Data["components"].(map[string]any)
	shared, _ := comps["parameters"].(map[string]any)
	var out []operation
	for _, path := range slices.Sorted(maps.Keys(paths)) {
		get, _ := paths[path].(map[string]any)["get"].(map[string]any)
		op := operation{Path: path, Summary: fmt.Sprint(get["summary"])}
		if d, ok := get["description"].(string); ok {
			op.Description = d
		}
		params, _ := get["parameters"].([]any)
		for _, x := range params {
			q, _ := x.(map[string]any)
			if ref, ok := q["$ref"].(string); ok {
				q, _ = shared[ref[strings.LastIndex(ref, "/")+1:]].(map[string]any)
			}
			op.Params = append(op.Params, apiParam{fmt.Sprint(q["name"]), fmt.Sprint(q["description"])})
		}
		out = append(out, op)
	}
	return out
}

// DocTitle is the page's <title>.
func (p htmlPage) DocTitle() string {
	if p.HeadTitle != "" {
		return p.HeadTitle
	}
	return p.Title + " — Inclusiekaart OGC API"
}

// CollectionByID is the served collection id (from the JSON document), for its Dutch texts.
func (p htmlPage) CollectionByID(id any) *collection {
	c, err := collectionByID(fmt.Sprint(id))
	if err != nil {
		return nil
	}
	return c
}

func (p htmlPage) Attribution() string { return attribution }
func (p htmlPage) License() string     { return licenseTextNL }
func (p htmlPage) LicenseURL() string  { return licenseURL }

// Cell formats a property value for a table cell; null shows as an em dash
// with a text alternative.
func (p htmlPage) Cell(v any) string {
	switch x := atlas.Normalise(v).(type) {
	case nil:
		return "—"
	case bool:
		if x {
			return "ja"
		}
		return "nee"
	default:
		return fmt.Sprint(x)
	}
}

// FirstShown is the 1-based number of the first feature on the page.
func (p htmlPage) FirstShown() int { return p.Offset + 1 }

// LastShown is the number of the last feature on the page.
func (p htmlPage) LastShown() int { return p.Offset + len(p.Features) }

// The layout has no inline script or style: the service's CSP forbids both.
const layout = `{{define "top"}}<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.DocTitle}}</title>
<link rel="alternate" type="{{.AltType}}" href="{{.JSONHref}}">
<link rel="stylesheet" href="/ogc.css">
</head>
<body>
<header>
<nav aria-label="Kruimelpad"><a href="{{.Base}}?f=html">OGC API</a> · <a href="{{.Base}}/collections?f=html">Collecties</a> · <a href="{{.Base}}/conformance?f=html">Conformiteit</a> · <a href="{{.Base}}/api">API-definitie (OpenAPI)</a></nav>
</header>
<main>
<h1>{{.Title}}</h1>
{{end}}
{{define "bottom"}}<p><a href="{{.JSONHref}}">Deze gegevens als JSON</a></p>
</main>
<footer>
<p class="print-meta">Pagina: <span class="url">{{.PrintURL}}</span> · afgedrukt op {{.PrintDate}}</p>
<p>{{.Attribution}} · Licentie: <a href="{{.LicenseURL}}" rel="license">{{.License}}</a></p>
</footer>
</body>
</html>
{{end}}`

var pages = template.Must(template.New("ogc").Funcs(template.FuncMap{"lower": strings.ToLower}).Parse(layout + `
{{define "landing"}}{{template "top" .}}
<p>Hoe ver elke Nederlandse gemeente is met inclusie van mensen met een beperking: de grenzen van gemeenten en provincies, met de velden van de beoordeling. Grenzen: CBS, Kadaster (via PDOK), licentie CC BY 4.0.</p>
<h2>Links</h2>
<ul>{{range .Links}}<li><a href="{{.Href}}">{{.Title}}</a> (relatie <code>{{.Rel}}</code>, mediatype <code>{{.Type}}</code>)</li>{{end}}</ul>
{{template "bottom" .}}{{end}}

{{define "conformance"}}{{template "top" .}}
<p>Deze API voldoet aan de onderstaande conformiteitsklassen van de standaard OGC API - Features (deel 1, 2 en 3) en van CQL2.</p>
<h2>Geïmplementeerde conformiteitsklassen</h2>
<ul>{{range index .Data "conformsTo"}}<li><code>{{.}}</code></li>{{end}}</ul>
{{template "bottom" .}}{{end}}

{{define "api"}}{{template "top" .}}
<p>De OpenAPI 3.0-definitie staat op <a href="{{.JSONHref}}">{{.JSONHref}}</a> (mediatype <code>{{.AltType}}</code>). Hieronder de paden, relatief aan <code>{{.Base}}</code>, met hun parameters (beschrijvingen in het Engels, zoals in de definitie).</p>
{{range .Operations}}<section>
<h2><code>GET {{.Path}}</code></h2>
<p lang="en">{{.Summary}}{{if .Description}}: {{.Description}}{{end}}</p>
{{if .Params}}<table>
<caption>Parameters van {{.Path}}</caption>
<thead><tr><th scope="col">Naam</th><th scope="col">Betekenis</th></tr></thead>
<tbody>{{range .Params}}<tr><th scope="row"><code>{{.Name}}</code></th><td lang="en">{{.Description}}</td></tr>{{end}}</tbody>
</table>{{end}}
</section>{{end}}
{{template "bottom" .}}{{end}}

{{define "collections"}}{{template "top" .}}
<table>
<caption>Collecties</caption>
<thead><tr><th scope="col">Id</th><th scope="col">Titel</th><th scope="col">Beschrijving</th><th scope="col">Grensjaren</th><th scope="col">Objecten</th></tr></thead>
<tbody>{{range index .Data "collections"}}{{$c := $.CollectionByID (index . "id")}}<tr><th scope="row"><a href="{{$.Base}}/collections/{{index . "id"}}?f=html">{{index . "id"}}</a></th><td>{{$c.NLTitle}}</td><td>{{$c.NLDescription}}</td><td>{{range $i, $y := index . "boundary_years"}}{{if $i}}, {{end}}{{$y}}{{end}}</td><td><a href="{{$.Base}}/collections/{{index . "id"}}/items?f=html">bekijk</a></td></tr>{{end}}</tbody>
</table>
{{template "bottom" .}}{{end}}

{{define "collection"}}{{template "top" .}}
<p>{{.Collection.NLDescription}}</p>
<dl>
<dt>Grensjaren</dt><dd>{{range $i, $y := index .Data "boundary_years"}}{{if $i}}, {{end}}{{$y}}{{end}}</dd>
<dt>Opslag-CRS</dt><dd>{{index .Data "storageCrs"}}</dd>
<dt>Beschikbare CRS'en</dt><dd>{{range $i, $c := index .Data "crs"}}{{if $i}}, {{end}}{{$c}}{{end}}</dd>
</dl>
<p><a href="{{.Base}}/collections/{{.Collection.ID}}/items?f=html">Bekijk de objecten</a> · <a href="{{.Base}}/collections/{{.Collection.ID}}/queryables?f=html">Filterbare eigenschappen</a></p>
<table>
<caption>Eigenschappen</caption>
<thead><tr><th scope="col">Naam</th><th scope="col">Type</th><th scope="col">Kan leeg zijn</th><th scope="col">Betekenis</th></tr></thead>
<tbody>{{range .Collection.Props}}<tr><th scope="row">{{.Name}}</th><td>{{.TypeLabel}} (<code>{{.Type}}</code>{{if .Format}}, <code>{{.Format}}</code>{{end}})</td><td>{{if .Nullable}}ja{{else}}nee{{end}}</td><td>{{.DescriptionNL}}</td></tr>{{end}}</tbody>
</table>
{{template "bottom" .}}{{end}}

{{define "items"}}{{template "top" .}}
<p>Grensjaar {{.Year}}. {{if .Features}}Objecten {{.FirstShown}} tot en met {{.LastShown}} van {{.Matched}}.{{else}}Geen objecten op deze pagina ({{.Matched}} in totaal).{{end}} Coördinaten (alleen in JSON): {{.CRS}}.</p>
<nav aria-label="Pagina's">{{if .Prev}}<a href="{{.Prev.Href}}" rel="prev">Vorige pagina</a>{{end}} {{if .Next}}<a href="{{.Next.Href}}" rel="next">Volgende pagina</a>{{end}}</nav>
<table>
<caption>{{.Title}}</caption>
<thead><tr>{{range .Collection.Props}}<th scope="col">{{.Name}}</th>{{end}}</tr></thead>
<tbody>{{range $f := .Features}}<tr>{{range $i, $p := $.Collection.Props}}{{if eq $i 0}}<th scope="row"><a href="{{$.Base}}/collections/{{$.Collection.ID}}/items/{{$f.ID}}?f=html">{{$.Cell (index $f.Properties $p.Name)}}</a></th>{{else}}<td>{{$.Cell (index $f.Properties $p.Name)}}</td>{{end}}{{end}}</tr>{{end}}</tbody>
</table>
{{template "bottom" .}}{{end}}

{{define "queryables"}}{{template "top" .}}
<p>Filter de objecten van <a href="{{.Base}}/collections/{{.Collection.ID}}?f=html">{{lower .Collection.NLTitle}}</a> met een CQL2-filter (OGC API - Features deel 3), bijvoorbeeld <code>?filter=stage >= 4 AND koploper = true</code> of <code>?filter=S_INTERSECTS(geometry, BBOX(4.7,52.3,5.1,52.45))</code>; JSON-filters met <code>filter-lang=cql2-json</code>. Eigenschappen met een eigen queryparameter: {{range $i, $p := .Collection.Filterable}}{{if $i}}, {{end}}<code>?{{$p.Name}}=…</code>{{end}}.</p>
<table>
<caption>Filterbare eigenschappen</caption>
<thead><tr><th scope="col">Naam</th><th scope="col">Type</th><th scope="col">Betekenis</th></tr></thead>
<tbody>{{range .Collection.Props}}<tr><th scope="row">{{.Name}}</th><td>{{.TypeLabel}}</td><td>{{.DescriptionNL}}</td></tr>{{end}}<tr><th scope="row">geometry</th><td>geometrie (multipolygoon)</td><td>de grens, in lengte- en breedtegraden (CRS84)</td></tr></tbody>
</table>
{{template "bottom" .}}{{end}}

{{define "item"}}{{template "top" .}}
<p>Grensjaar {{.Year}} · <a href="{{.Base}}/collections/{{.Collection.ID}}/items?f=html">alle {{lower .Collection.NLTitle}}</a></p>
{{range $f := .Features}}<table>
<caption>Eigenschappen van {{$f.ID}}</caption>
<tbody>{{range $.Collection.Props}}<tr><th scope="row">{{.Name}}</th><td>{{$.Cell (index $f.Properties .Name)}}</td></tr>{{end}}</tbody>
</table>{{end}}
{{template "bottom" .}}{{end}}
`))

func renderHTML(w http.ResponseWriter, r *http.Request, name string, p htmlPage) error {
	p.PrintURL, p.PrintDate = web.PrintedFrom(r), web.WrittenDate(time.Now(), "nl")
	var buf bytes.Buffer
	if err := pages.ExecuteTemplate(&buf, name, p); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(buf.Bytes())
	}
	return nil
}
