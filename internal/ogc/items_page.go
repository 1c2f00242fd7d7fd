package ogc

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/paulmach/orb/geojson"

	"github.com/inclusiekaart/inclusiekaart/internal/atlas"
	"github.com/inclusiekaart/inclusiekaart/internal/web"
)

// selectPage returns the page of c that iq asks for: through the service's
// FeaturePage (filters, count and paging in SQL) when it can express iq, else
// by selecting in Go (an RD New or antimeridian-crossing bbox, a datetime on
// a collection without a temporal property) and slicing.
func (a *API) selectPage(ctx context.Context, c *collection, iq itemsQuery) (atlas.FeaturePage, error) {
	if q, ok := pageQuery(c, iq); ok {
		return a.svc.FeaturePage(ctx, c.Level, q, atlas.Page{Limit: iq.Limit, Offset: iq.Offset})
	}
	feats, year, err := a.selectFeatures(ctx, c, iq)
	if err != nil {
		return atlas.FeaturePage{}, err
	}
	out := atlas.FeaturePage{Year: year, Level: c.Level, Matched: len(feats)}
	start := min(iq.Offset, len(feats))
	end := min(start+iq.Limit, len(feats))
	for _, ft := range feats[start:end] {
		out.Items = append(out.Items, atlas.ItemOf(ft))
	}
	return out, nil
}

// pageQuery is iq as a query of FeaturePage; ok false when it cannot be one.
func pageQuery(c *collection, iq itemsQuery) (atlas.Query, bool) {
	q := atlas.Query{Year: iq.Year, Filter: iq.Filter, CQL2: iq.CQL2Expr}
	if iq.BBox != nil {
		if iq.BBoxCRS != CRS84 || len(BBoxParts(*iq.BBox)) != 1 {
			return q, false
		}
		b := *iq.BBox
		q.BBox = &b
	}
	if iq.Datetime != nil {
		if atlas.TemporalField(c.Fields) == "" {
			return q, false
		}
		days, ok := daysOf(*iq.Datetime)
		if !ok {
			return q, false
		}
		q.Days = &days
	}
	return q, true
}

// daysOf turns an interval into the days that overlap it: a day d (from its
// start to the next day's, UTC) overlaps [start, end) when start < d+1 day
// and d < end, that is d >= the day of start and d < the first day starting
// at or after end.
func daysOf(iv interval) (atlas.DayRange, bool) {
	var r atlas.DayRange
	day := func(t time.Time) (string, bool) {
		t = t.UTC()
		return t.Format("2006-01-02"), t.Year() >= 1000 && t.Year() <= 9998
	}
	var ok bool
	if !iv.start.IsZero() {
		if r.From, ok = day(iv.start.Truncate(24 * time.Hour)); !ok {
			return r, false
		}
	}
	if !iv.end.IsZero() {
		end := iv.end.UTC()
		ceil := end.Truncate(24 * time.Hour)
		if ceil.Before(end) {
			ceil = ceil.Add(24 * time.Hour)
		}
		if r.Before, ok = day(ceil); !ok {
			return r, false
		}
	}
	return r, true
}

// pageFeatures returns the features of a page as GeoJSON features in crs
// with the selected properties (the HTML pages).
func (a *API) pageFeatures(ctx context.Context, page []atlas.PageItem, crs string, props []string) ([]*geojson.Feature, error) {
	out := make([]*geojson.Feature, 0, len(page))
	for _, it := range page {
		g, err := a.svc.Geometry(ctx, it)
		if err != nil {
			return nil, err
		}
		ft := &geojson.Feature{ID: it.Code, Type: "Feature", Geometry: g, Properties: it.Properties}
		out = append(out, outputFeature(ft, crs, props))
	}
	return out, nil
}

// appendFeature writes one feature of a page, its closing brace left to the
// caller (who may add members): its id, its geometry encoded once per state
// of the data (atlas.GeometryJSON) and its properties in the order of props
// (nil: the contract's order).
func (a *API) appendFeature(ctx context.Context, buf *bytes.Buffer, c *collection, it atlas.PageItem, crs string, props []string) error {
	enc := atlas.EncodeCRS84
	if crs == RDNew {
		enc = atlas.EncodeRDNew
	}
	g, err := a.svc.GeometryJSON(ctx, it, enc)
	if err != nil {
		return err
	}
	id, _ := json.Marshal(it.Code)
	buf.WriteString(`{"id":`)
	buf.Write(id)
	buf.WriteString(`,"type":"Feature","geometry":`)
	buf.Write(g)
	buf.WriteString(`,"properties":{`)
	if props == nil {
		props = atlas.FieldNames(c.Fields)
	}
	for i, k := range props {
		if i > 0 {
			buf.WriteByte(',')
		}
		kb, _ := json.Marshal(k)
		vb, err := json.Marshal(it.Properties[k])
		if err != nil {
			return err
		}
		buf.Write(kb)
		buf.WriteByte(':')
		buf.Write(vb)
	}
	buf.WriteString(`}`)
	return nil
}

// cachedJSON answers from the response cache when it holds the response to
// r (JSON of collection c) for the current generation of c's layer; else it
// returns a function that caches and serves the body the handler built.
func (a *API) cachedJSON(w http.ResponseWriter, r *http.Request, c *collection) (served bool, store func(raw []byte) error, err error) {
	gen, err := a.svc.LayerGeneration(r.Context(), c.Level)
	if err != nil {
		return false, nil, err
	}
	key := c.ID + "|" + baseURL(r) + "|" + r.URL.Path + "?" + r.URL.RawQuery
	if e, h, ok := a.responses.Get(key, gen); ok {
		for k, v := range h {
			w.Header()[k] = v
		}
		web.ServeEncoded(w, r, e, typeGeoJSON+"; charset=utf-8", "")
		return true, nil, nil
	}
	return false, func(raw []byte) error {
		e, err := web.Encode(raw)
		if err != nil {
			return err
		}
		h := http.Header{}
		for _, k := range []string{"Link", "Content-Crs"} {
			if v := w.Header().Values(k); len(v) > 0 {
				h[k] = v
			}
		}
		a.responses.Put(key, gen, e, h)
		web.ServeEncoded(w, r, e, typeGeoJSON+"; charset=utf-8", "")
		return nil
	}, nil
}

// assemble returns a JSON object: open, what body writes (an object left
// open), then members (encoded) and the closing brace.
func assemble(open string, body func(*bytes.Buffer) error, members map[string]any) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(open)
	if err := body(&buf); err != nil {
		return nil, err
	}
	m, err := json.Marshal(members)
	if err != nil {
		return nil, err
	}
	if len(m) > 2 {
		buf.WriteByte(',')
		buf.Write(m[1:])
	} else {
		buf.WriteByte('}')
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}
