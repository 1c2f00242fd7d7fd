package server

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/inclusiekaart/inclusiekaart/internal/atlas"
	"github.com/inclusiekaart/inclusiekaart/internal/web"
)

// The embeddable map (/embed) is rendered on the server around the drawing
// of /api/map.svg: it needs no script, loads in one request and works in
// any iframe. It takes the map page's view parameters: metric (any of the
// page's; the stage when absent), province, year, date, sel and lang. It is
// the one page other sites may frame (security_headers.go).

// embedText holds the embed page's words.
var embedText = map[string]map[string]string{
	"nl": {"legend": "Legenda", "municipalities": "gemeenten", "municipality": "gemeente", "selected": "Gekozen gemeente",
		"full": "Bekijk de volledige kaart op Inclusiekaart", "newWindow": "(opent in een nieuw venster)", "data": "Gegevens: Netwerk Inclusieve Gemeenten, Inclusiekaart, licentie",
		"page": "Meer over deze gemeente", "demo": "Voorbeeldgegevens: deze kaart toont gegenereerde gegevens, geen echte feiten."},
	"en": {"legend": "Legend", "municipalities": "municipalities", "municipality": "municipality", "selected": "Selected municipality",
		"full": "See the full map on Inclusiekaart", "newWindow": "(opens in a new window)", "data": "Data: Netwerk Inclusieve Gemeenten, Inclusiekaart, licence",
		"page": "More about this municipality", "demo": "Sample data: this map shows generated data, not real facts."},
}

type embedLegendRow struct {
	Colour, Label string
	Hatched       bool
	Count         int
}

type embedView struct {
	T                                 map[string]string
	Lang, Heading, FullURL, Canonical string
	Metric                            string // the legend's heading: what the map is coloured by
	SVG                               template.HTML
	Legend                            []embedLegendRow
	Selected                          *embedSelected
	Attribution, LicenseURL           string
	Demo                              bool
}

type embedSelected struct {
	Code, Name, Value string
}

var embedPage = template.Must(template.New("embed").Parse(`<!doctype html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Heading}} – Inclusiekaart</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="canonical" href="{{.Canonical}}">
<link rel="stylesheet" href="/embed.css">
</head>
<body>
<main class="embed">
<h1>{{.Heading}}</h1>
{{if .Demo}}<p class="embed-demo">{{.T.demo}}</p>{{end}}
<div class="embed-map">{{.SVG}}</div>
{{with .Selected}}<p class="embed-selected" id="embed-selected"><strong>{{$.T.selected}}: {{.Name}}</strong> – {{$.Metric}}: {{.Value}}. <a href="/gemeente/{{.Code}}" target="_blank" rel="noopener">{{$.T.page}} <span class="visually-hidden">{{$.T.newWindow}}</span></a></p>{{end}}
<h2 id="embed-legend-h">{{.T.legend}}: {{.Metric}}</h2>
<ul class="embed-legend" aria-labelledby="embed-legend-h">{{range .Legend}}<li><svg width="16" height="16" aria-hidden="true" focusable="false"><rect x="0.5" y="0.5" width="15" height="15" fill="{{if .Hatched}}url(#hatch){{else}}{{.Colour}}{{end}}" stroke="#1b1f24"/></svg> {{.Label}} <span class="count">({{.Count}} {{if eq .Count 1}}{{$.T.municipality}}{{else}}{{$.T.municipalities}}{{end}})</span></li>{{end}}</ul>
<p><a href="{{.FullURL}}" target="_blank" rel="noopener">{{.T.full}} <span class="visually-hidden">{{.T.newWindow}}</span></a></p>
<p class="embed-attribution">{{.Attribution}} · {{.T.data}} <a href="{{.LicenseURL}}" rel="license noopener" target="_blank">CC BY 4.0</a></p>
</main>
</body>
</html>
`))

func (s *Server) handleEmbed(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	metric, err := s.parseMetric(q)
	if err != nil {
		return err
	}
	lq, err := parseLayerQuery(q, false, false)
	if err != nil {
		return err
	}
	if lq.Date, err = parseDate(q, "date"); err != nil { // a past day (timeline.go)
		return err
	}
	lq.ZoomLevel = 0 // the whole country or a province on one screen: the coarsest shapes suffice
	lang, err := parseLang(q)
	if err != nil {
		return err
	}
	sel, err := parseSelection(q)
	if err != nil {
		return err
	}
	ctx := r.Context()
	set, err := s.svc.Features(ctx, atlas.LevelMunicipality, lq.Query, lq.ZoomLevel)
	if err != nil {
		return err
	}
	if err := checkSelection(set, sel); err != nil {
		return err
	}
	values, err := s.svc.MetricValues(ctx, lq.Date, metric)
	if err != nil {
		return err
	}
	fw := s.svc.Framework()
	sc := s.mapScale(metric, lang)
	t := embedText[lang]
	v := embedView{T: t, Lang: lang, Metric: sc.Title, Attribution: atlas.Attribution, LicenseURL: atlas.LicenseURL}
	title := sc.Title + " " + mapWords[lang]["per"]
	v.Heading = fmt.Sprintf("%s (%d)", title, set.Year)
	counts := make([]int, len(sc.Classes)+1) // the last: unknown
	province := ""
	for _, f := range set.Features {
		if i := sc.classOf(values[fmt.Sprint(f.ID)]); i >= 0 {
			counts[i]++
		} else {
			counts[len(sc.Classes)]++
		}
		if demo, _ := f.Properties["demo"].(bool); demo {
			v.Demo = true
		}
		if province == "" && lq.Province != "" {
			province, _ = f.Properties["province_name"].(string)
		}
	}
	if province != "" {
		v.Heading = fmt.Sprintf("%s, %s (%d)", title, province, set.Year)
	}
	if lq.Date != "" {
		v.Heading += " · " + web.TextDate(lang, lq.Date)
	}
	for i, c := range sc.Classes {
		v.Legend = append(v.Legend, embedLegendRow{Colour: c.Colour, Label: c.Label, Count: counts[i]})
	}
	v.Legend = append(v.Legend, embedLegendRow{Hatched: true, Label: sc.Unknown, Count: counts[len(sc.Classes)]})
	if f := selectedFeature(set, sel); f != nil {
		name, _ := f.Properties["name"].(string)
		v.Selected = &embedSelected{Code: sel, Name: name, Value: sc.text(values[sel], fw.UnknownLabel.In(lang))}
	}
	svg := string(s.drawMap(set, values, sc, lang, mapOptions{Selected: sel}))
	v.SVG = template.HTML(svg[strings.Index(svg, "<svg"):]) // inline: no XML declaration
	full := url.Values{}
	if metric != atlas.MetricStage {
		full.Set("metric", metric)
	}
	if lq.Province != "" {
		full.Set("province", lq.Province)
	}
	if lq.Year != 0 {
		full.Set("year", strconv.Itoa(lq.Year))
	}
	if sel != "" {
		full.Set("sel", sel)
	}
	if lq.Date != "" {
		full.Set("date", lq.Date)
	}
	if lang != "nl" {
		full.Set("lang", lang)
	}
	base := web.BaseURL(r)
	v.FullURL = base + "/"
	if len(full) > 0 {
		v.FullURL += "?" + full.Encode()
	}
	v.Canonical = web.PrintedFrom(r)
	var buf bytes.Buffer
	if err := embedPage.Execute(&buf, v); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Language", lang)
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(buf.Bytes())
	}
	return nil
}
