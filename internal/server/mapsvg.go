package server

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/inclusiekaart/inclusiekaart/internal/atlas"
	"github.com/inclusiekaart/inclusiekaart/internal/cbs"
	"github.com/inclusiekaart/inclusiekaart/internal/web"
)

// The map's colours, as on the page (static/metrics.js: STAGE6, STROKE, the
// hatch of unknown data); a test checks they are the same.
var (
	stageColours = []string{"#ffffd4", "#fee391", "#fec44f", "#fe9929", "#ec7014", "#cc4c02"}
	strokeColour = "#1b1f24"
	hatchLine    = "#5f6b76"
)

// svgWidth is the drawing's width in SVG units; the height follows the area.
const svgWidth = 800.0

// handleMapSVG draws the choropleth of the stage of the local inclusion
// agenda as SVG, for the same filters as the layer: one path per
// municipality with its name and stage as a tooltip, unknown and
// insufficient data hatched, a legend and the attribution.
func (s *Server) handleMapSVG(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	lq, err := parseFilteredLayerQuery(q, atlas.MunicipalityFields, true)
	if err != nil {
		return err
	}
	if _, ok := q["zoom"]; !ok {
		lq.ZoomLevel = 0 // the country on one page: the coarsest shapes suffice
	}
	lang := "nl"
	if v := q.Get("lang"); v == "en" {
		lang = v
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
		return s.drawMap(set, lang, mapOptions{Selected: sel, Legend: true}), nil
	}
	key := "svg|" + strconv.Itoa(year) + "|" + strconv.Itoa(lq.ZoomLevel) + "|" + lang + "|" + sel
	return s.serveBuilt(w, r, lq.Unfiltered(), atlas.LevelMunicipality, key, build, "image/svg+xml; charset=utf-8")
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

// drawMap renders the features and, when asked, the legend.
func (s *Server) drawMap(set atlas.FeatureSet, lang string, opt mapOptions) []byte {
	fw := s.svc.Framework()
	unknown := fw.UnknownLabel.In(lang)
	title := map[string]string{"nl": "Fase van de lokale inclusieagenda per gemeente", "en": "Stage of the local inclusion agenda per municipality"}[lang]
	title += onDay(set.Date, lang)
	bound := set.Bound
	if len(set.Features) == 0 {
		bound = orb.Bound{Min: orb.Point{3.36, 50.75}, Max: orb.Point{7.23, 53.56}}
	}
	p := web.Fit(bound, svgWidth, 0, 0)
	lo, hi := fw.StageRange()
	legendH := 30.0 + 24*float64(hi-lo+2)
	if !opt.Legend {
		legendH = 0
	}
	total := p.H + legendH + 20
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %.0f %.0f" width="%.0f" height="%.0f" role="img" aria-labelledby="map-title map-desc" lang="%s">
<title id="map-title">%s (%d)</title>
<desc id="map-desc">%s. %s, %s.</desc>
<defs><pattern id="hatch" patternUnits="userSpaceOnUse" width="7" height="7" patternTransform="rotate(45)"><rect width="7" height="7" fill="#ffffff"/><line x1="1" y1="0" x2="1" y2="7" stroke="%s" stroke-width="2"/></pattern></defs>
<g id="municipalities" stroke="%s" stroke-width="0.6" stroke-linejoin="round">
`, svgWidth, total, svgWidth, total, lang, html.EscapeString(title), set.Year, html.EscapeString(title), atlas.Attribution, atlas.License, hatchLine, strokeColour)
	var selected *geojson.Feature
	for _, f := range set.Features {
		if opt.Selected != "" && fmt.Sprint(f.ID) == opt.Selected {
			selected = f
			continue
		}
		fill, label := "url(#hatch)", unknown
		stage, _ := f.Properties["stage"].(*int)
		if stage != nil && *stage >= lo && *stage-lo < len(stageColours) {
			fill, label = stageColours[*stage-lo], fmt.Sprintf("%d %s", *stage, fw.StageLabel(*stage, lang))
		}
		name, _ := f.Properties["name"].(string)
		fmt.Fprintf(&b, `<path id="%s" fill="%s" d="%s"><title>%s: %s</title></path>
`, html.EscapeString(fmt.Sprint(f.ID)), fill, p.Path(f.Geometry), html.EscapeString(name), html.EscapeString(label))
	}
	if selected != nil { // last, so its outline is on top
		fill, label := "url(#hatch)", unknown
		if stage, _ := selected.Properties["stage"].(*int); stage != nil && *stage >= lo && *stage-lo < len(stageColours) {
			fill, label = stageColours[*stage-lo], fmt.Sprintf("%d %s", *stage, fw.StageLabel(*stage, lang))
		}
		name, _ := selected.Properties["name"].(string)
		fmt.Fprintf(&b, `<path id="%s" class="selected" fill="%s" stroke-width="3" d="%s"><title>%s: %s</title></path>
`, html.EscapeString(opt.Selected), fill, p.Path(selected.Geometry), html.EscapeString(name), html.EscapeString(label))
	}
	b.WriteString("</g>\n")
	if !opt.Legend {
		fmt.Fprintf(&b, `<text id="attribution" x="%.0f" y="%.0f" text-anchor="end" font-family="system-ui, Arial, sans-serif" font-size="12" fill="%s">%s · %s · Inclusiekaart</text>
</svg>
`, svgWidth, total-6, strokeColour, html.EscapeString(atlas.Attribution), html.EscapeString(atlas.License))
		return []byte(b.String())
	}
	y := p.H + 20
	fmt.Fprintf(&b, `<g id="legend" font-family="system-ui, Arial, sans-serif" font-size="14" fill="%s"><text x="0" y="%.0f" font-weight="bold">%s</text>
`, strokeColour, y+4, html.EscapeString(fw.Indicators()[0].Label.In(lang)))
	for st := lo; st <= hi+1; st++ {
		y += 24
		fill, label := "url(#hatch)", unknown
		if st <= hi {
			fill, label = stageColours[st-lo], fmt.Sprintf("%d %s", st, fw.StageLabel(st, lang))
		}
		fmt.Fprintf(&b, `<rect class="swatch" x="0" y="%.0f" width="18" height="18" fill="%s" stroke="%s"/><text x="26" y="%.0f">%s</text>
`, y-4, fill, strokeColour, y+10, html.EscapeString(label))
	}
	fmt.Fprintf(&b, `</g>
<text id="attribution" x="%.0f" y="%.0f" text-anchor="end" font-family="system-ui, Arial, sans-serif" font-size="12" fill="%s">%s · %s · Inclusiekaart</text>
</svg>
`, svgWidth, total-6, strokeColour, html.EscapeString(atlas.Attribution), html.EscapeString(atlas.License))
	return []byte(b.String())
}
