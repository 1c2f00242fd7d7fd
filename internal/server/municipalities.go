package server

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"

	"github.com/gorilla/mux"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/inclusiekaart/inclusiekaart/geo"
	"github.com/inclusiekaart/inclusiekaart/internal/store"
)

// Attribution is required by the CC BY 4.0 licence of the CBS/Kadaster boundaries.
const (
	Attribution = "Bron: CBS, Kadaster"
	License     = "CC BY 4.0 (boundaries: CBS, Kadaster via PDOK)"
)

// municipality is the list form of a municipality (DESIGN.md contract).
type municipality struct {
	Code             string   `json:"code"`
	Name             string   `json:"name"`
	ProvinceCode     string   `json:"province_code"`
	ProvinceName     string   `json:"province_name"`
	Year             int      `json:"year"`
	Stage            *int     `json:"stage"`
	StageLabel       *string  `json:"stage_label"`
	Score            *float64 `json:"score"`
	Completeness     *float64 `json:"completeness"`
	InsufficientData *bool    `json:"insufficient_data"`
	AssessedOn       *string  `json:"assessed_on"`
	Koploper         bool     `json:"koploper"`
	Demo             bool     `json:"demo"`
	// StakeholdersInvolved counts the stakeholder groups recorded as involved.
	StakeholdersInvolved *int `json:"stakeholders_involved"`
	// Basis is where the current assessment comes from (public_record,
	// self_assessment, network_review, demo); null when there is none.
	Basis *string `json:"basis"`
	// SourceDate is the newest source date of the published values and
	// SourceCount the number of distinct sources; SourceStale says the
	// newest source is older than the configured age (default 2 years).
	SourceDate  *string `json:"source_date"`
	SourceCount int     `json:"source_count"`
	SourceStale *bool   `json:"source_stale"`
	// Parts (0–100 per part) and Values (indicator id → value) let the page colour
	// by any life domain from the list alone. They are left out of the GeoJSON and
	// CSV to keep the layers small.
	Parts  map[string]*float64 `json:"parts"`
	Values map[string]int      `json:"values"`
}

func (m municipality) properties() geojson.Properties {
	return geojson.Properties{
		"code": m.Code, "name": m.Name, "province_code": m.ProvinceCode, "province_name": m.ProvinceName,
		"year": m.Year, "stage": m.Stage, "stage_label": m.StageLabel, "score": m.Score,
		"completeness": m.Completeness, "insufficient_data": m.InsufficientData, "assessed_on": m.AssessedOn,
		"koploper": m.Koploper, "demo": m.Demo, "stakeholders_involved": m.StakeholdersInvolved,
		"basis": m.Basis, "source_date": m.SourceDate, "source_count": m.SourceCount, "source_stale": m.SourceStale,
	}
}

// resolveYear returns the requested year if it has boundaries of level, else the
// newest year when none was requested.
func (s *Server) resolveYear(ctx context.Context, year int, level string) (int, error) {
	years, err := s.layers.yearsOf(ctx, level)
	if err != nil {
		return 0, err
	}
	if len(years) == 0 {
		return 0, notFound(fmt.Sprintf("no %s boundaries imported yet", level))
	}
	if year == 0 {
		return years[0], nil
	}
	for _, y := range years {
		if y == year {
			return y, nil
		}
	}
	return 0, notFound(fmt.Sprintf("no %s boundaries for year %d (available: %v)", level, year, years))
}

func (s *Server) municipalityOf(a store.AreaInfo, st map[string]status) municipality {
	m := municipality{Code: a.Code, Name: a.Name, ProvinceCode: a.ProvinceCode, ProvinceName: a.ProvinceName, Year: a.Year}
	s.municipalityStatus(st, a.Code).apply(&m)
	if m.SourceDate != nil {
		stale := *m.SourceDate < s.staleBefore()
		m.SourceStale = &stale
	}
	return m
}

func (s *Server) handleMunicipalities(w http.ResponseWriter, r *http.Request) {
	lq, err := parseFilteredLayerQuery(r.URL.Query(), store.LevelMunicipality, false)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	ctx := r.Context()
	year, err := s.resolveYear(ctx, lq.Year, store.LevelMunicipality)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	lq.Year = year
	build := func() ([]byte, error) {
		ms, err := s.municipalitiesOf(ctx, lq)
		if err != nil {
			return nil, err
		}
		return json.Marshal(ms)
	}
	s.serveBuilt(w, r, lq.unfiltered(), "list|"+strconv.Itoa(year), build, "application/json; charset=utf-8")
}

// serveBuilt answers with the body build makes: from the per-generation cache
// under key when the request is unfiltered (whole layers and lists), else built
// for this request only; gzip, ETag and 304 either way.
func (s *Server) serveBuilt(w http.ResponseWriter, r *http.Request, cacheable bool, key string, build func() ([]byte, error), contentType string) {
	var e *encoded
	var err error
	if cacheable {
		e, err = s.layers.get(r.Context(), key, build)
	} else {
		var raw []byte
		if raw, err = build(); err == nil {
			e, err = encode(raw)
		}
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	serveEncoded(w, r, e, contentType, "public, max-age=60")
}

func (s *Server) listMunicipalities(ctx context.Context, lq *layerQuery) ([]municipality, error) {
	year, err := s.resolveYear(ctx, lq.Year, store.LevelMunicipality)
	if err != nil {
		return nil, err
	}
	lq.Year = year
	return s.municipalitiesOf(ctx, *lq)
}

// municipalitiesOf lists the municipalities of lq.Year (already resolved) that
// match lq. It takes no cache lock, so it may run inside a cache build.
func (s *Server) municipalitiesOf(ctx context.Context, lq layerQuery) ([]municipality, error) {
	year := lq.Year
	areas, err := s.store.Areas(ctx, year, store.LevelMunicipality, store.Filter{BBox: lq.BBox, Province: lq.Province})
	if err != nil {
		return nil, err
	}
	st, err := s.statuses(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]municipality, 0, len(areas))
	for _, a := range areas {
		m := s.municipalityOf(a, st)
		if lq.Props.Empty() || lq.Props.Match(m.properties()) {
			out = append(out, m)
		}
	}
	return out, nil
}

func (s *Server) handleMunicipality(w http.ResponseWriter, r *http.Request) {
	code, err := ParseMunicipalityCode(mux.Vars(r)["code"])
	if err != nil {
		s.writeError(w, r, badRequest(err.Error()))
		return
	}
	lq, err := parseLayerQuery(r.URL.Query(), false, false)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	d, err := s.municipalityDetail(r.Context(), lq.Year, code)
	if err != nil {
		if s.redirectMerged(w, r, code, err) {
			return
		}
		s.writeError(w, r, err)
		return
	}
	writeJSONStatus(w, http.StatusOK, d)
}

// neighbour is a short reference to a bordering municipality.
type neighbour struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

func (s *Server) municipalityDetail(ctx context.Context, reqYear int, code string) (map[string]any, error) {
	year, err := s.resolveYear(ctx, reqYear, store.LevelMunicipality)
	if err != nil {
		return nil, err
	}
	a, err := s.store.Area(ctx, year, store.LevelMunicipality, code)
	if err != nil {
		return nil, err
	}
	st, err := s.statuses(ctx)
	if err != nil {
		return nil, err
	}
	m := s.municipalityOf(a, st)
	ns, err := s.store.Neighbours(ctx, year, store.LevelMunicipality, code)
	if err != nil {
		return nil, err
	}
	nb := make([]neighbour, 0, len(ns))
	for _, n := range ns {
		nb = append(nb, neighbour{Code: n.Code, Name: n.Name})
	}
	// Start from the list form so the detail always carries the same fields.
	var out map[string]any
	b, _ := json.Marshal(m)
	if err := json.Unmarshal(b, &out); err != nil {
		return nil, err
	}
	out["bbox"] = []float64{a.Bound.Min[0], a.Bound.Min[1], a.Bound.Max[0], a.Bound.Max[1]}
	out["point"] = []float64{a.Point[0], a.Point[1]}
	out["neighbours"] = nb
	if err := s.addAssessmentDetail(ctx, code, out); err != nil {
		return nil, err
	}
	return out, nil
}

// handleMunicipalitiesGeoJSON serves the municipality layer. Unfiltered layers
// come from the in-memory cache; bbox/province filters go through the R*Tree.
func (s *Server) handleMunicipalitiesGeoJSON(w http.ResponseWriter, r *http.Request) {
	s.serveLayer(w, r, store.LevelMunicipality)
}

func (s *Server) handleProvincesGeoJSON(w http.ResponseWriter, r *http.Request) {
	s.serveLayer(w, r, store.LevelProvince)
}

func (s *Server) serveLayer(w http.ResponseWriter, r *http.Request, level string) {
	ctx := r.Context()
	lq, err := parseFilteredLayerQuery(r.URL.Query(), level, true)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	year, err := s.resolveYear(ctx, lq.Year, level)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	lq.Year = year
	build := func() ([]byte, error) { return s.buildLayer(ctx, level, lq) }
	key := "geojson|" + level + "|" + strconv.Itoa(year) + "|" + strconv.Itoa(lq.ZoomLevel)
	s.serveBuilt(w, r, lq.unfiltered(), key, build, "application/geo+json")
}

func (s *Server) buildLayer(ctx context.Context, level string, lq layerQuery) ([]byte, error) {
	feats, bound, err := s.features(ctx, level, lq.Year, store.Filter{BBox: lq.BBox, Province: lq.Province}, lq.ZoomLevel)
	if err != nil {
		return nil, err
	}
	feats, bound = filterByProperties(feats, bound, lq.Props)
	fc := geojson.NewFeatureCollection()
	fc.ExtraMembers = s.ExtraMembers(level, lq.Year)
	fc.Features = feats
	if len(feats) > 0 {
		fc.BBox = geojson.NewBBox(bound)
	}
	return json.Marshal(fc)
}

// ExtraMembers are the top-level members every FeatureCollection we serve carries:
// attribution and licence, the boundary year, and a demo notice when it applies.
func (s *Server) ExtraMembers(level string, year int) geojson.Properties {
	m := geojson.Properties{"attribution": Attribution, "license": License, "year": year}
	if s.cfg.Demo && level == store.LevelMunicipality {
		m["demo_notice"] = "Contains generated demo assessments (demo: true), not real data"
	}
	return m
}

// Features returns the features of a level and year (0 = newest) matching f, with
// the same properties as the GeoJSON endpoints, at full detail. OGC API items use it.
func (s *Server) Features(ctx context.Context, level string, year int, f store.Filter) ([]*geojson.Feature, int, error) {
	y, err := s.resolveYear(ctx, year, level)
	if err != nil {
		return nil, 0, err
	}
	feats, _, err := s.features(ctx, level, y, f, len(geo.ZoomLevels)-1)
	return feats, y, err
}

func (s *Server) features(ctx context.Context, level string, year int, filter store.Filter, zoomLevel int) ([]*geojson.Feature, orb.Bound, error) {
	shapes, err := s.store.Shapes(ctx, year, level, zoomLevel, filter)
	if err != nil {
		return nil, orb.Bound{}, err
	}
	var st map[string]status
	if level == store.LevelMunicipality {
		if st, err = s.statuses(ctx); err != nil {
			return nil, orb.Bound{}, err
		}
	}
	feats := make([]*geojson.Feature, 0, len(shapes))
	bound := orb.Bound{}
	for i, sh := range shapes {
		var g orb.Geometry = sh.Geometry
		if len(sh.Geometry) == 1 { // RFC 7946 allows either; a Polygon is what readers expect for one part
			g = sh.Geometry[0]
		}
		f := geojson.NewFeature(g)
		f.ID = sh.Code
		if level == store.LevelMunicipality {
			f.Properties = s.municipalityOf(sh.AreaInfo, st).properties()
		} else {
			f.Properties = geojson.Properties{"code": sh.Code, "name": sh.Name, "year": sh.Year}
		}
		feats = append(feats, f)
		if i == 0 {
			bound = sh.Bound
		} else {
			bound = bound.Union(sh.Bound)
		}
	}
	return feats, bound, nil
}

func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	sets, err := s.store.Sets(ctx)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if sets == nil {
		sets = []store.SetInfo{}
	}
	writeJSONStatus(w, http.StatusOK, map[string]any{"status": "ok", "version": s.cfg.Version, "boundary_sets": sets, "demo": s.cfg.Demo})
}

func (s *Server) handleConfig(w http.ResponseWriter, r *http.Request) {
	years, err := s.store.Years(r.Context(), store.LevelMunicipality)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if years == nil {
		years = []int{}
	}
	writeJSONStatus(w, http.StatusOK, map[string]any{
		"tiles": s.cfg.Tiles, "tiles_attribution": s.cfg.TilesAttribution, "demo": s.cfg.Demo,
		"years": years, "attribution": Attribution, "license": License,
		"stale_after_months": s.cfg.StaleAfterMonths, "corrections_mailto": s.cfg.CorrectionsMailto,
		"zoom_bands": zoomBands(),
	})
}

// zoomBand is one simplification band of the layer as the page sees it: the
// map zooms it covers and the zoom the page asks the layer for (?zoom=) within
// it, so every map zoom of a band shares one URL and one HTTP cache entry.
type zoomBand struct {
	Band    int `json:"band"`
	MinZoom int `json:"min_zoom"`
	MaxZoom int `json:"max_zoom"`
	Zoom    int `json:"zoom"`
}

func zoomBands() []zoomBand {
	out := make([]zoomBand, len(geo.ZoomLevels))
	full := geo.ZoomLevels[len(geo.ZoomLevels)-1].MinZoom // full detail from here on
	for i, l := range geo.ZoomLevels {
		out[i] = zoomBand{Band: l.Level, MinZoom: l.MinZoom, MaxZoom: l.MaxZoom, Zoom: min(l.MaxZoom, full)}
	}
	return out
}

// handleFramework serves the scoring framework (indicator ids, ranges, labels
// in Dutch and English) so the page holds no copy of it.
func (s *Server) handleFramework(w http.ResponseWriter, r *http.Request) {
	writeJSONStatus(w, http.StatusOK, s.fw.Publish())
}
