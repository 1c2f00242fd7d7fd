package server

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"github.com/gorilla/mux"

	"github.com/inclusiekaart/inclusiekaart/geo"
	"github.com/inclusiekaart/inclusiekaart/internal/atlas"
	"github.com/inclusiekaart/inclusiekaart/internal/web"
)

func (s *Server) handleMunicipalities(w http.ResponseWriter, r *http.Request) error {
	lq, err := parseFilteredLayerQuery(r.URL.Query(), atlas.MunicipalityFields, false)
	if err != nil {
		return err
	}
	ctx := r.Context()
	if err := s.resolveYear(ctx, atlas.LevelMunicipality, &lq); err != nil {
		return err
	}
	year := lq.Year
	build := func() ([]byte, error) {
		ms, _, err := s.svc.Municipalities(ctx, lq.Query)
		if err != nil {
			return nil, err
		}
		return json.Marshal(ms)
	}
	return s.serveBuilt(w, r, lq.Unfiltered(), atlas.LevelMunicipality, "list|"+strconv.Itoa(year), build, "application/json; charset=utf-8")
}

// municipalityCode parses the {code} of the path.
func municipalityCode(r *http.Request) (string, error) {
	return web.ParseMunicipalityCode("", mux.Vars(r)["code"])
}

func (s *Server) handleMunicipality(w http.ResponseWriter, r *http.Request) error {
	code, err := municipalityCode(r)
	if err != nil {
		return err
	}
	lq, err := parseLayerQuery(r.URL.Query(), false, false)
	if err != nil {
		return err
	}
	hp, err := parseHistoryPage(r.URL.Query())
	if err != nil {
		return err
	}
	// A detail changes only with the municipalities' layer: answered from
	// the cache, encoded and compressed once per generation of it.
	gen, err := s.svc.LayerGeneration(r.Context(), atlas.LevelMunicipality)
	if err != nil {
		return err
	}
	key := code + "?" + r.URL.RawQuery
	const ct = "application/json; charset=utf-8"
	if e, _, ok := s.details.Get(key, gen); ok {
		web.ServeEncoded(w, r, e, ct, "")
		return nil
	}
	d, err := s.svc.DetailPage(r.Context(), lq.Year, code, hp)
	if err != nil {
		return err
	}
	raw, err := json.Marshal(d)
	if err != nil {
		return err
	}
	e, err := web.Encode(raw)
	if err != nil {
		return err
	}
	s.details.Put(key, gen, e, nil)
	web.ServeEncoded(w, r, e, ct, "")
	return nil
}

// parseHistoryPage reads limit (1 or more; above atlas.MaxHistoryLimit it is
// clamped) and cursor (history_next of the page before) of a detail.
func parseHistoryPage(q url.Values) (atlas.HistoryPage, error) {
	var hp atlas.HistoryPage
	if v, ok, err := web.Single(q, "limit"); err != nil {
		return hp, err
	} else if ok {
		n, err := strconv.Atoi(v)
		if errors.Is(err, strconv.ErrRange) && n > 0 {
			n, err = atlas.MaxHistoryLimit, nil // digits beyond int range: a huge count, clamped like any above the maximum
		}
		if err != nil || n < 1 {
			return hp, atlas.ParamError("limit", "%q: want a whole number of at least 1 (at most %d history versions are returned)", atlas.Clip(v), atlas.MaxHistoryLimit)
		}
		hp.Limit = min(n, atlas.MaxHistoryLimit)
	}
	if v, ok, err := web.Single(q, "cursor"); err != nil {
		return hp, err
	} else if ok {
		hp.Cursor = v
	}
	return hp, nil
}

// handleMunicipalitiesGeoJSON serves the municipality layer. Unfiltered layers
// come from the in-memory cache; bbox/province filters go through the R*Tree.
func (s *Server) handleMunicipalitiesGeoJSON(w http.ResponseWriter, r *http.Request) error {
	return s.serveLayer(w, r, atlas.LevelMunicipality)
}

func (s *Server) handleProvincesGeoJSON(w http.ResponseWriter, r *http.Request) error {
	return s.serveLayer(w, r, atlas.LevelProvince)
}

func (s *Server) serveLayer(w http.ResponseWriter, r *http.Request, level string) error {
	ctx := r.Context()
	lq, err := parseFilteredLayerQuery(r.URL.Query(), atlas.FieldsOf(level), true)
	if err != nil {
		return err
	}
	if err := s.resolveYear(ctx, level, &lq); err != nil {
		return err
	}
	year := lq.Year
	key := "geojson|" + level + "|" + strconv.Itoa(year) + "|" + strconv.Itoa(lq.ZoomLevel)
	if lq.Query.Unfiltered() {
		// A whole layer: built from parts, so after a write only the chunk
		// with the changed municipality is compressed again.
		return s.serveRememberable(w, r, level, key, func(prev *web.Encoded) (*web.Encoded, error) {
			parts, err := s.svc.LayerParts(ctx, level, lq.Query, lq.ZoomLevel)
			if err != nil {
				return nil, err
			}
			return web.EncodeParts(parts, prev)
		}, web.TypeGeoJSON)
	}
	build := func() ([]byte, error) {
		set, err := s.svc.Features(ctx, level, lq.Query, lq.ZoomLevel)
		if err != nil {
			return nil, err
		}
		return json.Marshal(s.svc.FeatureCollection(set))
	}
	return s.serveBuilt(w, r, false, level, key, build, web.TypeGeoJSON)
}

func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) error {
	sets, err := s.svc.BoundarySets(r.Context())
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", noStore)
	return writeJSON(w, r, http.StatusOK, map[string]any{"status": "ok", "version": s.cfg.Version, "boundary_sets": sets, "demo": s.svc.Demo()})
}

func (s *Server) handleConfig(w http.ResponseWriter, r *http.Request) error {
	years, err := s.svc.Years(r.Context(), atlas.LevelMunicipality)
	if err != nil {
		return err
	}
	writeJSON(w, r, http.StatusOK, map[string]any{
		"tiles": s.cfg.Tiles, "tiles_attribution": s.cfg.TilesAttribution, "demo": s.svc.Demo(),
		"years": years, "attribution": atlas.Attribution, "license": atlas.License,
		"stale_after_months": s.svc.StaleAfterMonths(), "corrections_mailto": s.cfg.CorrectionsMailto,
		"zoom_bands": zoomBands(),
	})
	return nil
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
func (s *Server) handleFramework(w http.ResponseWriter, r *http.Request) error {
	return writeJSON(w, r, http.StatusOK, s.svc.Framework().Publish())
}

// handleNames serves the other names the search finds municipalities by.
func (s *Server) handleNames(w http.ResponseWriter, r *http.Request) error {
	names, err := s.svc.SearchNames(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, r, http.StatusOK, names)
}
