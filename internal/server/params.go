package server

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/inclusiekaart/inclusiekaart/geo"
	"github.com/inclusiekaart/inclusiekaart/internal/ogc"
)

var (
	municipalityCodeRE = regexp.MustCompile(`^GM\d{4}$`)
	provinceCodeRE     = regexp.MustCompile(`^PV\d{2}$`)
)

// ParseMunicipalityCode accepts "GM0363" (case-insensitive) and returns it upper-cased.
func ParseMunicipalityCode(s string) (string, error) {
	c := strings.ToUpper(strings.TrimSpace(s))
	if !municipalityCodeRE.MatchString(c) {
		return "", fmt.Errorf("code %q is not a CBS municipality code (GM followed by 4 digits)", clip(s))
	}
	return c, nil
}

// ParseProvinceCode accepts "PV27" (case-insensitive) and returns it upper-cased.
func ParseProvinceCode(s string) (string, error) {
	c := strings.ToUpper(strings.TrimSpace(s))
	if !provinceCodeRE.MatchString(c) {
		return "", fmt.Errorf("province %q is not a CBS province code (PV followed by 2 digits)", clip(s))
	}
	return c, nil
}

// ParseYear accepts a four-digit year (geo.ParseYear).
func ParseYear(s string) (int, error) { return geo.ParseYear(s) }

func clip(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

// layerQuery is the parsed form of the filters shared by the list, GeoJSON and CSV endpoints.
type layerQuery struct {
	Year      int // 0 = newest
	Province  string
	BBox      *orb.Bound
	ZoomLevel int // index into geo.ZoomLevels
	// Props are the property filters (stage, koploper, ...) shared with the OGC
	// items endpoint; only parseFilteredLayerQuery sets them.
	Props ogc.PropertyFilter
}

// unfiltered reports whether lq selects a whole layer (which may then be cached).
func (lq layerQuery) unfiltered() bool {
	return lq.BBox == nil && lq.Province == "" && lq.Props.Empty()
}

func single(q url.Values, name string) (string, bool, error) {
	vs, ok := q[name]
	if !ok {
		return "", false, nil
	}
	if len(vs) > 1 {
		return "", true, badRequest(fmt.Sprintf("parameter %s: given %d times, expected once", name, len(vs)))
	}
	return vs[0], true, nil
}

func parseLayerQuery(q url.Values, allowBBox, allowZoom bool) (layerQuery, error) {
	lq := layerQuery{ZoomLevel: len(geo.ZoomLevels) - 1}
	if v, ok, err := single(q, "year"); err != nil {
		return lq, err
	} else if ok {
		y, err := ParseYear(v)
		if err != nil {
			return lq, badRequest("parameter year: " + err.Error())
		}
		lq.Year = y
	}
	if v, ok, err := single(q, "province"); err != nil {
		return lq, err
	} else if ok {
		p, err := ParseProvinceCode(v)
		if err != nil {
			return lq, badRequest("parameter province: " + err.Error())
		}
		lq.Province = p
	}
	if allowBBox {
		if v, ok, err := single(q, "bbox"); err != nil {
			return lq, err
		} else if ok {
			b, err := geo.ParseBBox(v)
			if err != nil {
				return lq, badRequest("parameter bbox: " + err.Error())
			}
			lq.BBox = &b
		}
	}
	if allowZoom {
		if v, ok, err := single(q, "zoom"); err != nil {
			return lq, err
		} else if ok {
			z, err := geo.ParseZoom(v)
			if err != nil {
				return lq, badRequest("parameter zoom: " + err.Error())
			}
			lq.ZoomLevel = geo.LevelForZoom(z)
		}
	}
	return lq, nil
}

// parseFilteredLayerQuery parses the filters of the exports of level
// (/api/municipalities.geojson and .csv): year, province, bbox, zoom when
// allowZoom, and the property filters of the OGC items endpoint (ogc.FilterNames).
func parseFilteredLayerQuery(q url.Values, level string, allowZoom bool) (layerQuery, error) {
	lq, err := parseLayerQuery(q, true, allowZoom)
	if err != nil {
		return lq, err
	}
	if lq.Props, err = ogc.ParsePropertyFilter(level, q); err != nil {
		return lq, badRequest(err.Error())
	}
	return lq, nil
}

// filterByProperties keeps the features whose properties pass pf and returns
// them with their bound (empty bound for none).
func filterByProperties(feats []*geojson.Feature, bound orb.Bound, pf ogc.PropertyFilter) ([]*geojson.Feature, orb.Bound) {
	if pf.Empty() {
		return feats, bound
	}
	out := feats[:0:0]
	bound = orb.Bound{}
	for _, f := range feats {
		if !pf.Match(f.Properties) {
			continue
		}
		if len(out) == 0 {
			bound = f.Geometry.Bound()
		} else {
			bound = bound.Union(f.Geometry.Bound())
		}
		out = append(out, f)
	}
	return out, bound
}

// checkQuery rejects a query string that does not decode (broken percent-encoding),
// naming the parameter; url.Values silently drops such pairs, which would turn a
// filter the user asked for into no filter at all.
func checkQuery(raw string) error {
	for _, pair := range strings.Split(raw, "&") {
		if pair == "" {
			continue
		}
		key, value, _ := strings.Cut(pair, "=")
		name, err := url.QueryUnescape(key)
		if err != nil {
			return badRequest(fmt.Sprintf("query string: parameter name %q is not valid percent-encoding", clip(key)))
		}
		if _, err := url.QueryUnescape(value); err != nil {
			return badRequest(fmt.Sprintf("parameter %s: %q is not valid percent-encoding", clip(name), clip(value)))
		}
		if strings.Contains(pair, ";") {
			return badRequest(fmt.Sprintf("parameter %s: ';' is not a separator here, use '&'", clip(name)))
		}
	}
	return nil
}

// validQuery answers 400 for an undecodable query string before any handler runs.
func (s *Server) validQuery(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := checkQuery(r.URL.RawQuery); err != nil {
			s.writeError(w, r, err)
			return
		}
		next.ServeHTTP(w, r)
	})
}
