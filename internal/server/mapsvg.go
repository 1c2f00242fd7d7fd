package server

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/paulmach/orb/geojson"

	"github.com/inclusiekaart/inclusiekaart/internal/atlas"
	"github.com/inclusiekaart/inclusiekaart/internal/cbs"
	"github.com/inclusiekaart/inclusiekaart/internal/web"
)

// svgWidth is the drawing's width in SVG units; the height follows the area.
const svgWidth = 800.0

// handleMapSVG draws the choropleth of a metric (?metric=, the page's ids;
// default the stage of the local inclusion agenda) as SVG, for the same
// filters as the layer: one path per municipality with its name and value
// as a tooltip, unknown and insufficient data hatched, the page's legend
// and the attribution.
func (s *Server) handleMapSVG(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	metric, err := s.parseMetric(q)
	if err != nil {
		return err
	}
	q.Del("metric") // not a property filter
	lq, err := parseFilteredLayerQuery(q, atlas.MunicipalityFields, true)
	if err != nil {
		return err
	}
	if _, ok := q["zoom"]; !ok {
		lq.ZoomLevel = 0 // the country on one page: the coarsest shapes suffice
	}
	lang, err := parseLang(q)
	if err != nil {
		return err
	}
	sel, err := parseSelection(q)
	if err != nil {
		return err
	}
	ctx := r.Context()
	if err := s.resolveYear(ctx, atlas.LevelMunicipality, &lq); err != nil {
		return err
	}
	year := lq.Year
	build := func() ([]byte, error) {
		set, err := s.svc.Features(ctx, atlas.LevelMunicipality, lq.Query, lq.ZoomLevel)
		if err != nil {
			return nil, err
		}
		if err := checkSelection(set, sel); err != nil {
			return nil, err
		}
		values, err := s.svc.MetricValues(ctx, lq.Date, metric)
		if err != nil {
			return nil, err
		}
		return s.drawMap(set, values, s.mapScale(metric, lang), lang, mapOptions{Selected: sel, Legend: true}), nil
	}
	// Cached only for a whole layer of today (lq.Unfiltered), so year, zoom,
	// language, selection and metric are all that tell two drawings apart.
	key := "svg|" + strconv.Itoa(year) + "|" + strconv.Itoa(lq.ZoomLevel) + "|" + lang + "|" + sel + "|" + metric
	return s.serveBuilt(w, r, lq.Unfiltered(), atlas.LevelMunicipality, key, build, "image/svg+xml; charset=utf-8")
}

// parseMetric reads ?metric=, what the map is coloured by (the stage when absent).
func (s *Server) parseMetric(q url.Values) (string, error) {
	v, _, err := web.Single(q, "metric")
	if err != nil {
		return "", err
	}
	return s.svc.ParseMapMetric("metric", v)
}

// parseLang reads ?lang= of the drawings (the map and the embed): nl (the
// default) or en; anything else is refused, as a misspelt language would
// otherwise silently give Dutch.
func parseLang(q url.Values) (string, error) {
	v, ok, err := web.Single(q, "lang")
	if err != nil || !ok {
		return "nl", err
	}
	if v != "nl" && v != "en" {
		return "", atlas.ParamError("lang", "nl or en, not %q", atlas.Clip(v))
	}
	return v, nil
}

// parseSelection reads ?sel=, the selected municipality ("" for none).
func parseSelection(q url.Values) (string, error) {
	v, ok, err := web.Single(q, "sel")
	if err != nil || !ok || v == "" {
		return "", err
	}
	code, err := cbs.ParseMunicipalityCode(v)
	if err != nil {
		return "", atlas.ParamError("sel", "%v", err)
	}
	return string(code), nil
}

// checkSelection fails when sel names no municipality of the drawn set.
func checkSelection(set atlas.FeatureSet, sel string) error {
	if sel == "" || selectedFeature(set, sel) != nil {
		return nil
	}
	return atlas.ParamError("sel", "%s is not a municipality of this map (year %d)", sel, set.Year)
}

func selectedFeature(set atlas.FeatureSet, sel string) *geojson.Feature {
	for _, f := range set.Features {
		if fmt.Sprint(f.ID) == sel {
			return f
		}
	}
	return nil
}

// mapOptions say what drawMap adds to the municipalities.
type mapOptions struct {
	Selected string // a municipality drawn on top with a heavy outline
	Legend   bool   // the legend inside the drawing (the embed page has its own)
}

// drawMap renders the features coloured by values (by code; absent or nil
// is unknown, hatched) on scale and, when asked, the legend.
func (s *Server) drawMap(set atlas.FeatureSet, values map[string]*float64, sc mapScale, lang string, opt mapOptions) []byte {
	fw := s.svc.Framework()
	unknown := fw.UnknownLabel.In(lang)
	title := sc.Title + " " + mapWords[lang]["per"] + onDay(set.Date, lang)
	bound := set.Bound
	if len(set.Features) == 0 {
		bound = nlBound
	}
	p := web.Fit(bound, svgWidth, 0, 0)
	legendH := 30.0 + 24*float64(len(sc.Classes)+1)
	if !opt.Legend {
		legendH = 0
	}
	total := p.H + legendH + 20
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %.0f %.0f" width="%.0f" height="%.0f" role="img" aria-labelledby="map-title map-desc" lang="%s" data-metric="%s">
<title id="map-title">%s (%d)</title>
<desc id="map-desc">%s. %s, %s.</desc>
<defs><pattern id="hatch" patternUnits="userSpaceOnUse" width="7" height="7" patternTransform="rotate(45)"><rect width="7" height="7" fill="#ffffff"/><line x1="1" y1="0" x2="1" y2="7" stroke="%s" stroke-width="2"/></pattern></defs>
<g id="municipalities" stroke="%s" stroke-width="0.6" stroke-linejoin="round">
`, svgWidth, total, svgWidth, total, lang, html.EscapeString(sc.Metric), html.EscapeString(title), set.Year, html.EscapeString(title), atlas.Attribution, atlas.License, hatchLine, strokeColour)
	// fillOf is a municipality's colour and tooltip value.
	fillOf := func(f *geojson.Feature) (fill, label string) {
		v := values[fmt.Sprint(f.ID)]
		if i := sc.classOf(v); i >= 0 {
			return sc.Classes[i].Colour, sc.text(v, unknown)
		}
		return "url(#hatch)", unknown
	}
	var selected *geojson.Feature
	for _, f := range set.Features {
		if opt.Selected != "" && fmt.Sprint(f.ID) == opt.Selected {
			selected = f
			continue
		}
		fill, label := fillOf(f)
		name, _ := f.Properties["name"].(string)
		fmt.Fprintf(&b, `<path id="%s" fill="%s" d="%s"><title>%s: %s</title></path>
`, html.EscapeString(fmt.Sprint(f.ID)), fill, p.Path(f.Geometry), html.EscapeString(name), html.EscapeString(label))
	}
	if selected != nil { // last, so its outline is on top
		fill, label := fillOf(selected)
		name, _ := selected.Properties["name"].(string)
		fmt.Fprintf(&b, `<path id="%s" class="selected" fill="%s" stroke-width="3" d="%s"><title>%s: %s</title></path>
`, html.EscapeString(opt.Selected), fill, p.Path(selected.Geometry), html.EscapeString(name), html.EscapeString(label))
	}
	b.WriteString("</g>\n")
	if opt.Legend {
		y := p.H + 20
		fmt.Fprintf(&b, `<g id="legend" font-family="system-ui, Arial, sans-serif" font-size="14" fill="%s"><text x="0" y="%.0f" font-weight="bold">%s</text>
`, strokeColour, y+4, html.EscapeString(sc.Title))
		for i := 0; i <= len(sc.Classes); i++ {
			y += 24
			fill, label := "url(#hatch)", sc.Unknown
			if i < len(sc.Classes) {
				fill, label = sc.Classes[i].Colour, sc.Classes[i].Label
			}
			fmt.Fprintf(&b, `<rect class="swatch" x="0" y="%.0f" width="18" height="18" fill="%s" stroke="%s"/><text x="26" y="%.0f">%s</text>
`, y-4, fill, strokeColour, y+10, html.EscapeString(label))
		}
		b.WriteString("</g>\n")
	}
	fmt.Fprintf(&b, `<text id="attribution" x="%.0f" y="%.0f" text-anchor="end" font-family="system-ui, Arial, sans-serif" font-size="12" fill="%s">%s · %s · Inclusiekaart</text>
</svg>
`, svgWidth, total-6, strokeColour, html.EscapeString(atlas.Attribution), html.EscapeString(atlas.License))
	return []byte(b.String())
}
