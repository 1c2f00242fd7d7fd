package ogc

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/gorilla/mux"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/inclusiekaart/inclusiekaart/geo"
	"github.com/inclusiekaart/inclusiekaart/internal/atlas"
)

// Conformance classes implemented.
var conformanceClasses = []string{
	"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
	"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
	"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
	"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
	"http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
	// Part 3 Filtering, with CQL2 (OGC 21-065) in both encodings.
	"http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
	"http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
	"http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
	"http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
	"http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators",
	"http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",
	"http://www.opengis.net/spec/cql2/1.0/conf/cql2-json",
	"http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions",
}

func (a *API) landing(w http.ResponseWriter, r *http.Request) error {
	f, err := parseFormatOnly(r)
	if err != nil {
		return err
	}
	base := baseURL(r)
	self, alt := selfLinks(base, "", f, r)
	doc := map[string]any{
		"title":       "Inclusiekaart — OGC API Features",
		"description": "How far every Dutch municipality has come in becoming inclusive for people with a disability: boundaries (" + attribution + ", " + licenseText + ") with assessment fields.",
		"attribution": attribution,
		"license":     licenseText,
		"links": []link{self, alt,
			{Href: base + "/api", Rel: "service-desc", Type: typeOpenAPI, Title: "OpenAPI 3.0 definition of this API"},
			{Href: base + "/api?f=html", Rel: "service-doc", Type: typeHTML, Title: "documentation of this API (HTML)"},
			{Href: base + "/conformance", Rel: "conformance", Type: typeJSON, Title: "conformance classes implemented"},
			{Href: base + "/collections", Rel: "data", Type: typeJSON, Title: "feature collections"},
			{Href: licenseURL, Rel: "license", Type: typeHTML, Title: licenseText},
		},
	}
	if wantHTML(f, r) {
		// self is this HTML page, alt the JSON.
		links := []link{
			{Href: self.Href, Rel: self.Rel, Type: self.Type, Title: "deze pagina"},
			{Href: alt.Href, Rel: alt.Rel, Type: alt.Type, Title: "deze pagina als JSON"},
			{Href: base + "/api", Rel: "service-desc", Type: typeOpenAPI, Title: "OpenAPI 3.0-definitie van deze API"},
			{Href: base + "/api?f=html", Rel: "service-doc", Type: typeHTML, Title: "documentatie van deze API (HTML)"},
			{Href: base + "/conformance", Rel: "conformance", Type: typeJSON, Title: "geïmplementeerde conformiteitsklassen"},
			{Href: base + "/collections", Rel: "data", Type: typeJSON, Title: "collecties van objecten"},
			{Href: licenseURL, Rel: "license", Type: typeHTML, Title: licenseTextNL},
		}
		title := "Inclusiekaart — OGC API Features"
		return renderHTML(w, r, "landing", htmlPage{Title: title, HeadTitle: title, Base: base, Data: doc, JSONHref: alt.Href, Links: links})
	}
	writeJSON(w, r, http.StatusOK, typeJSON, doc)
	return nil
}

// selfLinks returns the self and alternate links of a resource at base+path,
// keeping the request's other query parameters.
func selfLinks(base, path, f string, r *http.Request) (link, link) {
	with := func(format string) string {
		q := r.URL.Query()
		q.Set("f", format)
		return base + path + "?" + q.Encode()
	}
	js := link{Href: with("json"), Rel: "self", Type: typeJSON, Title: "this document"}
	ht := link{Href: with("html"), Rel: "alternate", Type: typeHTML, Title: "this document as HTML"}
	if wantHTML(f, r) {
		js.Rel, js.Title, ht.Rel, ht.Title = "alternate", "this document as JSON", "self", "this document"
		return ht, js
	}
	return js, ht
}

func (a *API) conformance(w http.ResponseWriter, r *http.Request) error {
	f, err := parseFormatOnly(r)
	if err != nil {
		return err
	}
	doc := map[string]any{"conformsTo": conformanceClasses}
	if wantHTML(f, r) {
		self, _ := selfLinks(baseURL(r), "/conformance", "json", r)
		return renderHTML(w, r, "conformance", htmlPage{Title: "Conformiteit", Base: baseURL(r), Data: doc, JSONHref: self.Href})
	}
	writeJSON(w, r, http.StatusOK, typeJSON, doc)
	return nil
}

func (a *API) openAPI(w http.ResponseWriter, r *http.Request) error {
	f, err := parseFormatOnly(r)
	if err != nil {
		return err
	}
	doc := openAPIDocument(baseURL(r), collectionList)
	if wantHTML(f, r) {
		return renderHTML(w, r, "api", htmlPage{Title: "API-definitie", Base: baseURL(r), Data: doc, JSONHref: baseURL(r) + "/api?f=json", JSONType: typeOpenAPI})
	}
	writeJSON(w, r, http.StatusOK, typeOpenAPI, doc)
	return nil
}

// collectionDoc is the description of one collection.
func (a *API) collectionDoc(ctx context.Context, base string, c *collection) (map[string]any, error) {
	years, err := a.svc.Years(ctx, c.Level)
	if err != nil {
		return nil, err
	}
	extent := map[string]any{}
	if len(years) > 0 {
		b, ok, err := a.svc.Extent(ctx, c.Level, years[0])
		if err != nil {
			return nil, err
		}
		if ok {
			extent["spatial"] = map[string]any{"bbox": [][]float64{{b.Min[0], b.Min[1], b.Max[0], b.Max[1]}}, "crs": CRS84}
		}
		oldest, newest := years[len(years)-1], years[0]
		iv := []any{yearInterval(oldest).start.Format(time.RFC3339), yearInterval(newest).end.Add(-time.Second).Format(time.RFC3339)}
		if temporal := atlas.TemporalField(c.Fields); temporal != "" {
			// datetime filters on the temporal property: its extent is that of the values.
			if iv, err = a.temporalExtent(ctx, c, temporal); err != nil {
				return nil, err
			}
		}
		extent["temporal"] = map[string]any{"interval": [][]any{{iv[0], iv[1]}}, "trs": "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian"}
	}
	cb := base + "/collections/" + c.ID
	doc := map[string]any{
		"id": c.ID, "title": c.Title, "description": c.Description, "itemType": "feature",
		"extent": extent, "crs": supportedCRS, "storageCrs": CRS84,
		"boundary_years": years, "attribution": attribution, "license": licenseText,
		"links": []link{
			{Href: cb + "?f=json", Rel: "self", Type: typeJSON, Title: "this collection"},
			{Href: cb + "?f=html", Rel: "alternate", Type: typeHTML, Title: "this collection as HTML"},
			{Href: cb + "/items?f=json", Rel: "items", Type: typeGeoJSON, Title: c.Title + " as GeoJSON"},
			{Href: cb + "/items?f=html", Rel: "items", Type: typeHTML, Title: c.Title + " as HTML"},
			{Href: cb + "/queryables", Rel: "http://www.opengis.net/def/rel/ogc/1.0/queryables", Type: typeSchema, Title: "properties of " + c.ID + " that can be filtered on"},
			{Href: licenseURL, Rel: "license", Type: typeHTML, Title: licenseText},
		},
	}
	if years == nil {
		doc["boundary_years"] = []int{}
	}
	return doc, nil
}

// temporalExtent is the first and last day of the temporal property over the
// newest year's features (RFC 3339), nil ends when no feature has a value.
func (a *API) temporalExtent(ctx context.Context, c *collection, temporal string) ([]any, error) {
	set, err := a.svc.Features(ctx, c.Level, atlas.Query{}, 0)
	if err != nil {
		return nil, err
	}
	var first, last string
	for _, ft := range set.Features {
		if s, ok := atlas.Normalise(ft.Properties[temporal]).(string); ok {
			if first == "" || s < first {
				first = s
			}
			if s > last {
				last = s
			}
		}
	}
	if first == "" {
		return []any{nil, nil}, nil
	}
	return []any{first + "T00:00:00Z", last + "T23:59:59Z"}, nil
}

func (a *API) collections(w http.ResponseWriter, r *http.Request) error {
	f, err := parseFormatOnly(r)
	if err != nil {
		return err
	}
	base := baseURL(r)
	var cs []map[string]any
	for _, c := range collectionList {
		d, err := a.collectionDoc(r.Context(), base, c)
		if err != nil {
			return err
		}
		cs = append(cs, d)
	}
	self, alt := selfLinks(base, "/collections", f, r)
	doc := map[string]any{"links": []link{self, alt}, "collections": cs, "crs": supportedCRS}
	if wantHTML(f, r) {
		return renderHTML(w, r, "collections", htmlPage{Title: "Collecties", Base: base, Data: doc, JSONHref: base + "/collections?f=json"})
	}
	writeJSON(w, r, http.StatusOK, typeJSON, doc)
	return nil
}

func (a *API) collection(w http.ResponseWriter, r *http.Request) error {
	c, f, err := collectionResource(r)
	if err != nil {
		return err
	}
	base := baseURL(r)
	doc, err := a.collectionDoc(r.Context(), base, c)
	if err != nil {
		return err
	}
	if wantHTML(f, r) {
		return renderHTML(w, r, "collection", htmlPage{Title: c.NLTitle, Base: base, Data: doc, Collection: c, JSONHref: base + "/collections/" + c.ID + "?f=json"})
	}
	writeJSON(w, r, http.StatusOK, typeJSON, doc)
	return nil
}

// selectFeatures returns the features of c matching iq (before paging), and the year used.
func (a *API) selectFeatures(ctx context.Context, c *collection, iq itemsQuery) ([]*geojson.Feature, int, error) {
	year, err := a.svc.ResolveYear(ctx, c.Level, iq.Year)
	if err != nil {
		return nil, 0, err
	}
	temporal := atlas.TemporalField(c.Fields)
	if iq.Datetime != nil && temporal == "" && !yearInterval(year).overlaps(*iq.Datetime) {
		// No temporal property: the boundaries' validity is the feature's time.
		return nil, year, nil
	}
	q := atlas.Query{Year: year, Filter: iq.Filter, Where: where(iq, temporal)}
	var boxes []orb.Bound
	if iq.BBox != nil {
		boxes = BBoxParts(*iq.BBox)
		b := boxes[0]
		if iq.BBoxCRS == RDNew {
			b = rdBoundToLonLat(b)
		}
		if len(boxes) == 1 { // the store pre-filters one box; a split box is tested below only
			q.BBox = &b
		}
	}
	set, err := a.svc.Features(ctx, c.Level, q, atlas.FullDetail)
	if err != nil {
		return nil, 0, err
	}
	if iq.BBox == nil {
		return set.Features, year, nil
	}
	out := set.Features[:0:0]
	for _, ft := range set.Features {
		g := ft.Geometry
		if iq.BBoxCRS == RDNew {
			g = toRD(g)
		}
		for _, b := range boxes {
			if intersects(g, b) {
				out = append(out, ft)
				break
			}
		}
	}
	return out, year, nil
}

// where combines the CQL2 filter and the datetime on the temporal property
// (a date: the feature's day overlaps the interval; null never matches) into
// one predicate, nil when neither is given.
func where(iq itemsQuery, temporal string) atlas.Predicate {
	dt := iq.Datetime
	if temporal == "" {
		dt = nil
	}
	if iq.CQL2 == nil && dt == nil {
		return nil
	}
	return func(p geojson.Properties, g orb.Geometry) bool {
		if dt != nil {
			day, ok := dayInterval(atlas.Normalise(p[temporal]))
			if !ok || !day.overlaps(*dt) {
				return false
			}
		}
		return iq.CQL2 == nil || iq.CQL2(p, g)
	}
}

// dayInterval is the day of a YYYY-MM-DD value.
func dayInterval(v any) (interval, bool) {
	s, ok := v.(string)
	if !ok {
		return interval{}, false
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return interval{}, false
	}
	return interval{t, t.AddDate(0, 0, 1)}, true
}

// intersects reports whether geometry g (polygons) shares a point with box b,
// with the same rule as the store's bbox filter (geo.IntersectsBound).
func intersects(g orb.Geometry, b orb.Bound) bool {
	switch x := g.(type) {
	case orb.Polygon:
		return geo.IntersectsBound(orb.MultiPolygon{x}, b)
	case orb.MultiPolygon:
		return geo.IntersectsBound(x, b)
	}
	return false
}

// toRD converts a lon/lat geometry to RD New metres, rounded to 1 cm.
func toRD(g orb.Geometry) orb.Geometry {
	conv := func(p orb.Point) orb.Point {
		q := geo.WGS84ToRD(p)
		return orb.Point{math.Round(q[0]*100) / 100, math.Round(q[1]*100) / 100}
	}
	ring := func(r orb.Ring) orb.Ring {
		out := make(orb.Ring, len(r))
		for i, p := range r {
			out[i] = conv(p)
		}
		return out
	}
	poly := func(p orb.Polygon) orb.Polygon {
		out := make(orb.Polygon, len(p))
		for i, r := range p {
			out[i] = ring(r)
		}
		return out
	}
	switch x := g.(type) {
	case orb.Point:
		return conv(x)
	case orb.Polygon:
		return poly(x)
	case orb.MultiPolygon:
		out := make(orb.MultiPolygon, len(x))
		for i, p := range x {
			out[i] = poly(p)
		}
		return out
	}
	panic(fmt.Sprintf("ogc: toRD: unsupported geometry %T", g))
}

// outputFeature returns a copy of ft with the selected properties and geometry in
// crs. Polygons are promoted to MultiPolygons: one geometry type per collection
// lets GDAL and QGIS create a conformant layer (a GeoPackage POLYGON layer may not
// hold the multi-part municipalities).
func outputFeature(ft *geojson.Feature, crs string, props []string) *geojson.Feature {
	out := &geojson.Feature{ID: ft.ID, Type: "Feature", Geometry: ft.Geometry, Properties: ft.Properties}
	if p, ok := out.Geometry.(orb.Polygon); ok {
		out.Geometry = orb.MultiPolygon{p}
	}
	if crs == RDNew {
		out.Geometry = toRD(out.Geometry)
	} else if ft.BBox != nil {
		out.BBox = ft.BBox
	}
	if props != nil {
		p := make(geojson.Properties, len(props))
		for _, k := range props {
			p[k] = ft.Properties[k]
		}
		out.Properties = p
	}
	return out
}

// setLinkHeader repeats links as Link response headers (RFC 8288), so that
// clients page without reading the body.
func setLinkHeader(w http.ResponseWriter, links []link) {
	for _, l := range links {
		v := "<" + l.Href + `>; rel="` + l.Rel + `"`
		if l.Type != "" {
			v += `; type="` + l.Type + `"`
		}
		w.Header().Add("Link", v)
	}
}

// rdCRSMember is the GeoJSON 2008 crs member for RD New.
var rdCRSMember = map[string]any{"type": "name", "properties": map[string]any{"name": "urn:ogc:def:crs:EPSG::28992"}}

func setContentCRS(w http.ResponseWriter, crs string) {
	w.Header().Set("Content-Crs", "<"+crs+">")
}

func (a *API) items(w http.ResponseWriter, r *http.Request) error {
	c, err := collectionByID(mux.Vars(r)["collectionId"])
	if err != nil {
		return err
	}
	iq, err := parseItemsQuery(c, r.URL.Query(), false)
	if err != nil {
		return err
	}
	var store func([]byte) error
	if !wantHTML(iq.Format, r) {
		served, st, err := a.cachedJSON(w, r, c)
		if err != nil || served {
			return err
		}
		store = st
	}
	pg, err := a.selectPage(r.Context(), c, iq)
	if err != nil {
		return err
	}
	matched, year, returned := pg.Matched, pg.Year, len(pg.Items)

	base := baseURL(r)
	itemsURL := base + "/collections/" + c.ID + "/items"
	html := wantHTML(iq.Format, r)
	pageLink := func(rel string, offset int, f, typ, title string) link {
		q := r.URL.Query()
		q.Set("f", f)
		if q.Has("limit") {
			q.Set("limit", strconv.Itoa(iq.Limit)) // as clamped
		}
		if offset > 0 {
			q.Set("offset", strconv.Itoa(offset))
		} else {
			q.Del("offset")
		}
		return link{Href: itemsURL + "?" + q.Encode(), Rel: rel, Type: typ, Title: title}
	}
	self := pageLink("self", iq.Offset, "json", typeGeoJSON, "this page")
	alt := pageLink("alternate", iq.Offset, "html", typeHTML, "this page as HTML")
	f, typ := "json", typeGeoJSON
	if html {
		self.Rel, self.Title, alt.Rel, alt.Title = "alternate", "this page as GeoJSON", "self", "this page"
		f, typ = "html", typeHTML
	}
	links := []link{self, alt, {Href: base + "/collections/" + c.ID, Rel: "collection", Type: typeJSON, Title: c.Title}}
	var next, prev *link
	if iq.Offset+returned < matched {
		l := pageLink("next", iq.Offset+iq.Limit, f, typ, "next page")
		next = &l
		links = append(links, l)
	}
	if iq.Offset > 0 {
		l := pageLink("prev", max(iq.Offset-iq.Limit, 0), f, typ, "previous page")
		prev = &l
		links = append(links, l)
	}
	setContentCRS(w, iq.CRS)
	setLinkHeader(w, links)
	if html {
		page, err := a.pageFeatures(r.Context(), pg.Items, iq.CRS, iq.Properties)
		if err != nil {
			return err
		}
		return renderHTML(w, r, "items", htmlPage{Title: c.NLTitle, Base: base, Collection: c, Features: page, Year: year,
			Matched: matched, Offset: iq.Offset, Next: next, Prev: prev, JSONHref: self.Href, JSONType: typeGeoJSON, CRS: iq.CRS})
	}
	members := geojson.Properties{}
	for k, v := range a.svc.ExtraMembers(c.Level, year) {
		members[k] = v
	}
	members["numberMatched"] = matched
	members["numberReturned"] = returned
	members["timeStamp"] = a.svc.Now().UTC().Format(time.RFC3339)
	members["links"] = links
	if iq.CRS == RDNew {
		// RFC 7946 has no crs member; Content-Crs is the OGC way. GeoJSON readers
		// (GDAL, QGIS) still understand the 2008 form, so name RD New there too.
		members["crs"] = rdCRSMember
	}
	body, err := assemble(`{"type":"FeatureCollection","features":[`, func(buf *bytes.Buffer) error {
		for i, it := range pg.Items {
			if i > 0 {
				buf.WriteByte(',')
			}
			if err := a.appendFeature(r.Context(), buf, c, it, iq.CRS, iq.Properties); err != nil {
				return err
			}
			buf.WriteByte('}')
		}
		buf.WriteByte(']')
		return nil
	}, members)
	if err != nil {
		return err
	}
	return store(body)
}

func (a *API) item(w http.ResponseWriter, r *http.Request) error {
	vars := mux.Vars(r)
	c, err := collectionByID(vars["collectionId"])
	if err != nil {
		return err
	}
	iq, err := parseItemsQuery(c, r.URL.Query(), true)
	if err != nil {
		return err
	}
	var store func([]byte) error
	if !wantHTML(iq.Format, r) {
		served, st, err := a.cachedJSON(w, r, c)
		if err != nil || served {
			return err
		}
		store = st
	}
	it, year, err := a.svc.Item(r.Context(), c.Level, iq.Year, vars["featureId"])
	if err != nil {
		return err
	}
	id := it.Code
	base := baseURL(r)
	self, alt := selfLinks(base, "/collections/"+c.ID+"/items/"+url.PathEscape(id), iq.Format, r)
	if self.Type == typeJSON {
		self.Type = typeGeoJSON
	} else {
		alt.Type = typeGeoJSON
	}
	setContentCRS(w, iq.CRS)
	if wantHTML(iq.Format, r) {
		out, err := a.pageFeatures(r.Context(), []atlas.PageItem{it}, iq.CRS, iq.Properties)
		if err != nil {
			return err
		}
		return renderHTML(w, r, "item", htmlPage{Title: fmt.Sprint(it.Properties["name"]), Base: base, Collection: c, Features: out,
			Year: year, JSONHref: alt.Href, JSONType: typeGeoJSON, CRS: iq.CRS})
	}
	members := geojson.Properties{}
	for k, v := range a.svc.ExtraMembers(c.Level, year) {
		members[k] = v
	}
	if iq.CRS == RDNew {
		members["crs"] = rdCRSMember
	}
	members["links"] = []link{self, alt,
		{Href: base + "/collections/" + c.ID, Rel: "collection", Type: typeJSON, Title: c.Title}}
	body, err := assemble("", func(buf *bytes.Buffer) error {
		return a.appendFeature(r.Context(), buf, c, it, iq.CRS, iq.Properties)
	}, members)
	if err != nil {
		return err
	}
	return store(body)
}
