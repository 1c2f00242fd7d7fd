package server

import (
	"context"
	"fmt"
	"html"
	"io/fs"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"github.com/inclusiekaart/inclusiekaart/internal/atlas"
	"github.com/inclusiekaart/inclusiekaart/internal/web"
	"github.com/inclusiekaart/inclusiekaart/static"
)

// The first view of the map page (/ without a query) is a drawing of today's
// map, coloured by the stage, written into the page itself, so the browser
// shows it with the page's first paint, before any script has run; the
// Leaflet map is built over it and takes its place when it is drawn
// (static/app.js). It is drawn in Leaflet's projection over nlBound, so with
// the margins of static/map.js (fitPadding, in app.css as .map-first) it lies
// where the Leaflet map will draw the same municipalities.

// nlBound is the Netherlands' bounding box; static/api.js has it as NL_BOUNDS
// (TestFirstViewLinesUpWithTheMapOfThePage keeps the two equal).
var nlBound = orb.Bound{Min: orb.Point{3.36, 50.75}, Max: orb.Point{7.23, 53.56}}

// firstViewWidth is the drawing's width in SVG units: about the number of
// pixels the country is wide on a large screen, so whole units suffice.
const firstViewWidth = 1200.0

// The places of the drawing and of its legend for readers without
// JavaScript in static/index.html.
var (
	firstViewMarkup       = regexp.MustCompile(`(?s)<!-- first view -->.*?<!-- /first view -->`)
	firstViewLegendMarkup = regexp.MustCompile(`(?s)<!-- first view legend -->.*?<!-- /first view legend -->`)
)

// handleMapPage serves the map page. For / itself (or with only ?lang=: the
// drawing has no words) the page carries the first view's drawing; any other
// query asks for a view of its own (a metric, day, selection, province, view
// or map position) that a drawing of today's stage of the whole country would
// not show, so it gets the page without it, as does every address while no
// boundaries are imported.
func (s *Server) handleMapPage(w http.ResponseWriter, r *http.Request) error {
	a := s.mapPageLinked
	if firstViewFits(r.URL.Query()) {
		if e, err := s.mapPageWithFirstView(r.Context()); err == nil {
			a.Encoded = e
		} else if !atlas.IsKind(err, atlas.NotFound) {
			s.log.Warn("map page: first view not drawn", "err", err)
		}
	}
	web.ServeEncoded(w, r, a.Encoded, a.contentType, "no-cache")
	return nil
}

// firstViewFits reports whether the drawing shows the view q asks for.
func firstViewFits(q url.Values) bool {
	for k := range q {
		if k != "lang" {
			return false
		}
	}
	return true
}

// mapPageWithFirstView is the map page with today's drawing in it, made once
// per generation of the municipality layer.
func (s *Server) mapPageWithFirstView(ctx context.Context) (*web.Encoded, error) {
	lq, err := parseFilteredLayerQuery(url.Values{}, atlas.MunicipalityFields, true)
	if err != nil {
		return nil, err
	}
	lq.ZoomLevel = 0 // the country at a glance: the coarsest shapes suffice
	if err := s.resolveYear(ctx, atlas.LevelMunicipality, &lq); err != nil {
		return nil, err
	}
	key := "map-page|" + strconv.Itoa(lq.Year)
	return s.bodies.get(ctx, atlas.LevelMunicipality, key, func(*web.Encoded) (*web.Encoded, error) {
		set, err := s.svc.Features(ctx, atlas.LevelMunicipality, lq.Query, lq.ZoomLevel)
		if err != nil {
			return nil, err
		}
		values, err := s.svc.MetricValues(ctx, lq.Date, atlas.MetricStage)
		if err != nil {
			return nil, err
		}
		sc := s.mapScale(atlas.MetricStage, "nl")
		drawing := append(append([]byte(`<div class="map-first" id="map-first" aria-hidden="true">`), s.drawFirstView(set, values, sc)...), "</div>"...)
		page := firstViewMarkup.ReplaceAllLiteral(s.mapPageRaw, drawing)
		page = firstViewLegendMarkup.ReplaceAllLiteral(page, firstViewLegend(sc))
		return web.Encode(page)
	})
}

// withoutFirstView is the map page (static/index.html) without the place
// of the first view's drawing, and its raw text.
func withoutFirstView(a staticAsset) (staticAsset, []byte, error) {
	raw, err := fs.ReadFile(static.FS, "index.html")
	if err != nil {
		return staticAsset{}, nil, err
	}
	for _, m := range []*regexp.Regexp{firstViewMarkup, firstViewLegendMarkup} {
		if len(m.FindAllIndex(raw, -1)) != 1 {
			return staticAsset{}, nil, fmt.Errorf("static/index.html: want one block matching %s", m)
		}
	}
	e, err := web.Encode(firstViewLegendMarkup.ReplaceAll(firstViewMarkup.ReplaceAll(raw, nil), nil))
	if err != nil {
		return staticAsset{}, nil, err
	}
	return staticAsset{Encoded: e, contentType: a.contentType}, raw, nil
}

// firstViewLegend is the drawing's legend for readers without JavaScript
// (in <noscript>, in the page's legend section: with scripts the page writes
// its own legend and the map replaces the drawing): the metric and every
// class with its colour, unknown hatched, in Dutch like the page's first
// paint.
func firstViewLegend(sc mapScale) []byte {
	var b strings.Builder
	swatch := func(fill string) string {
		return `<svg class="legend-swatch" width="18" height="18" aria-hidden="true" focusable="false"><rect x="0.5" y="0.5" width="17" height="17" fill="` + fill + `" stroke="` + strokeColour + `"/></svg>`
	}
	fmt.Fprintf(&b, `<noscript><p class="legend-noscript">%s</p><ul class="legend">`, html.EscapeString(sc.Title))
	for _, c := range sc.Classes {
		fmt.Fprintf(&b, `<li>%s %s</li>`, swatch(c.Colour), html.EscapeString(c.Label))
	}
	fmt.Fprintf(&b, `<li>%s %s</li></ul></noscript>`, swatch("url(#first-hatch)"), html.EscapeString(sc.Unknown))
	return []byte(b.String())
}

// drawFirstView draws set over nlBound in Web Mercator, coloured by values on
// sc like the map (stroke and hatching as static/map-style.js and index.html).
func (s *Server) drawFirstView(set atlas.FeatureSet, values map[string]*float64, sc mapScale) []byte {
	p := web.FitMercator(nlBound, firstViewWidth)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg viewBox="0 0 %.0f %.0f" focusable="false">`, p.W, p.H)
	// The hatching of unknown: 7 px apart and 2 px wide on the page's map;
	// here in units of a drawing shown at about a third of its size.
	fmt.Fprintf(&b, `<defs><pattern id="first-hatch" patternUnits="userSpaceOnUse" width="20" height="20" patternTransform="rotate(45)"><rect width="20" height="20" fill="#ffffff"/><line x1="3" y1="0" x2="3" y2="20" stroke="%s" stroke-width="5.6"/></pattern></defs>`, hatchLine)
	fmt.Fprintf(&b, `<g stroke="%s" stroke-width="0.75" stroke-linejoin="round" vector-effect="non-scaling-stroke">`, strokeColour)
	// One path per colour keeps the drawing small; the shapes do not overlap.
	byFill := map[string]*strings.Builder{}
	var order []string
	for _, f := range set.Features {
		fill := "url(#first-hatch)"
		if i := sc.classOf(values[fmt.Sprint(f.ID)]); i >= 0 {
			fill = sc.Classes[i].Colour
		}
		pb, ok := byFill[fill]
		if !ok {
			pb = &strings.Builder{}
			byFill[fill] = pb
			order = append(order, fill)
		}
		pb.WriteString(p.CompactPath(f.Geometry))
	}
	for _, fill := range order {
		fmt.Fprintf(&b, `<path fill="%s" vector-effect="non-scaling-stroke" d="%s"/>`, fill, byFill[fill].String())
	}
	b.WriteString("</g></svg>")
	return []byte(b.String())
}
