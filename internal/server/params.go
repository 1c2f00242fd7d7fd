package server

import (
	"context"
	"net/url"

	"github.com/inclusiekaart/inclusiekaart/internal/atlas"
	"github.com/inclusiekaart/inclusiekaart/internal/web"
)

// layerQuery is the parsed form of the filters shared by the list, GeoJSON and
// CSV endpoints.
type layerQuery struct {
	atlas.Query
	ZoomLevel int // index into geo.ZoomLevels
}

// parseLayerQuery parses year and province, bbox when allowBBox and zoom when
// allowZoom. Unknown parameters are left alone.
func parseLayerQuery(q url.Values, allowBBox, allowZoom bool) (layerQuery, error) {
	lq := layerQuery{ZoomLevel: atlas.FullDetail}
	if v, ok, err := web.Single(q, "year"); err != nil {
		return lq, err
	} else if ok {
		if lq.Year, err = web.ParseYear(v); err != nil {
			return lq, err
		}
	}
	if v, ok, err := web.Single(q, "province"); err != nil {
		return lq, err
	} else if ok {
		if lq.Province, err = web.ParseProvinceCode(v); err != nil {
			return lq, err
		}
	}
	if allowBBox {
		if v, ok, err := web.Single(q, "bbox"); err != nil {
			return lq, err
		} else if ok {
			b, err := web.ParseLonLatBBox(v)
			if err != nil {
				return lq, err
			}
			lq.BBox = &b
		}
	}
	if allowZoom {
		if v, ok, err := web.Single(q, "zoom"); err != nil {
			return lq, err
		} else if ok {
			if lq.ZoomLevel, err = web.ParseZoom(v); err != nil {
				return lq, err
			}
		}
	}
	return lq, nil
}

// parseFilteredLayerQuery parses the filters of the exports of a layer
// (/api/municipalities.geojson and .csv, /api/provinces.geojson): year,
// province, bbox, zoom when allowZoom, and the property filters of the
// layer's contract table (the same as on the OGC items).
func parseFilteredLayerQuery(q url.Values, fields []atlas.Field, allowZoom bool) (layerQuery, error) {
	lq, err := parseLayerQuery(q, true, allowZoom)
	if err != nil {
		return lq, err
	}
	if lq.Date, err = parseDate(q, "date"); err != nil {
		return lq, err
	}
	lq.Filter, err = atlas.ParsePropertyFilter(fields, q)
	return lq, err
}

// resolveYear sets lq's year to the one the service serves (0 = newest, or
// the boundaries of lq's date).
func (s *Server) resolveYear(ctx context.Context, level string, lq *layerQuery) error {
	year, err := s.svc.QueryYear(ctx, level, lq.Query)
	lq.Year = year
	return err
}
