package server

import (
	"fmt"
	"html"
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"github.com/inclusiekaart/inclusiekaart/internal/atlas"
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
	ctx := r.Context()
	year, err := s.svc.ResolveYear(ctx, atlas.LevelMunicipality, lq.Year)
	if err != nil {
		return err
	}
	lq.Year = year
	build := func() ([]byte, error) {
		set, err := s.svc.Features(ctx, atlas.LevelMunicipality, lq.Query, lq.ZoomLevel)
		if err != nil {
			return nil, err
		}
		return s.drawMap(set, lang), nil
	}
	key := "svg|" + strconv.Itoa(year) + "|" + strconv.Itoa(lq.ZoomLevel) + "|" + lang
	return s.serveBuilt(w, r, lq.Unfiltered(), key, build, "image/svg+xml; charset=utf-8")
}

// projection maps lon/lat to the drawing: equirectangular with the
// longitude scaled by cos(mid latitude), y down, fitted to bound.
type projection struct {
	b            orb.Bound
	kx, scale, h float64
}

func newProjection(b orb.Bound) projection {
	kx := math.Cos((b.Min[1] + b.Max[1]) / 2 * math.Pi / 180)
	w := math.Max((b.Max[0]-b.Min[0])*kx, 1e-9)
	scale := svgWidth / w
	return projection{b: b, kx: kx, scale: scale, h: math.Max((b.Max[1]-b.Min[1])*scale, 1)}
}

func (p projection) xy(pt orb.Point) (float64, float64) {
	return (pt[0] - p.b.Min[0]) * p.kx * p.scale, (p.b.Max[1] - pt[1]) * p.scale
}

// path writes the SVG path data of a polygon or multipolygon.
func (p projection) path(g orb.Geometry) string {
	var sb strings.Builder
	var polys []orb.Polygon
	switch x := g.(type) {
	case orb.Polygon:
		polys = []orb.Polygon{x}
	case orb.MultiPolygon:
		polys = x
	}
	for _, poly := range polys {
		for _, ring := range poly {
			for i, pt := range ring {
				x, y := p.xy(pt)
				if i == 0 {
					sb.WriteString("M")
				} else {
					sb.WriteString("L")
				}
				sb.WriteString(strconv.FormatFloat(x, 'f', 1, 64) + " " + strconv.FormatFloat(y, 'f', 1, 64))
			}
			sb.WriteString("Z")
		}
	}
	return sb.String()
}

// drawMap renders the features and the legend.
func (s *Server) drawMap(set atlas.FeatureSet, lang string) []byte {
	fw := s.svc.Framework()
	unknown := fw.UnknownLabel.In(lang)
	title := map[string]string{"nl": "Fase van de lokale inclusieagenda per gemeente", "en": "Stage of the local inclusion agenda per municipality"}[lang]
	bound := set.Bound
	if len(set.Features) == 0 {
		bound = orb.Bound{Min: orb.Point{3.36, 50.75}, Max: orb.Point{7.23, 53.56}}
	}
	p := newProjection(bound)
	lo, hi := fw.StageRange()
	legendH := 30.0 + 24*float64(hi-lo+2)
	total := p.h + legendH + 20
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %.0f %.0f" width="%.0f" height="%.0f" role="img" aria-labelledby="map-title map-desc" lang="%s">
<title id="map-title">%s (%d)</title>
<desc id="map-desc">%s. %s, %s.</desc>
<defs><pattern id="hatch" patternUnits="userSpaceOnUse" width="7" height="7" patternTransform="rotate(45)"><rect width="7" height="7" fill="#ffffff"/><line x1="1" y1="0" x2="1" y2="7" stroke="%s" stroke-width="2"/></pattern></defs>
<g id="municipalities" stroke="%s" stroke-width="0.6" stroke-linejoin="round">
`, svgWidth, total, svgWidth, total, lang, html.EscapeString(title), set.Year, html.EscapeString(title), atlas.Attribution, atlas.License, hatchLine, strokeColour)
	for _, f := range set.Features {
		fill, label := "url(#hatch)", unknown
		stage, _ := f.Properties["stage"].(*int)
		if stage != nil && *stage >= lo && *stage-lo < len(stageColours) {
			fill, label = stageColours[*stage-lo], fmt.Sprintf("%d %s", *stage, fw.StageLabel(*stage, lang))
		}
		name, _ := f.Properties["name"].(string)
		fmt.Fprintf(&b, `<path id="%s" fill="%s" d="%s"><title>%s: %s</title></path>
`, html.EscapeString(fmt.Sprint(f.ID)), fill, p.path(f.Geometry), html.EscapeString(name), html.EscapeString(label))
	}
	b.WriteString("</g>\n")
	y := p.h + 20
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
