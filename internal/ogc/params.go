package ogc

import (
	"math"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/inclusiekaart/inclusiekaart/geo"
	"github.com/inclusiekaart/inclusiekaart/internal/atlas"
	"github.com/inclusiekaart/inclusiekaart/internal/cql2"
	"github.com/inclusiekaart/inclusiekaart/internal/web"
)

// CRS URIs advertised by the API (OGC API - Features Part 2).
const (
	CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
	RDNew = "http://www.opengis.net/def/crs/EPSG/0/28992"
)

// Paging limits of the items endpoint; documented in the OpenAPI document.
const (
	DefaultLimit = 100
	MaxLimit     = 1000
	// MaxOffset keeps offsets within int range on every platform; no collection comes near it.
	MaxOffset = 1_000_000_000
)

// supportedCRS lists the CRS URIs in the order they are advertised.
var supportedCRS = []string{CRS84, RDNew}

// ParseLimit accepts an integer of at least 1; above MaxLimit it is clamped
// to MaxLimit (OGC API - Features 1.0.1, /req/core/fc-limit-response-1: a
// larger limit is not an error, the server returns at most its maximum).
func ParseLimit(s string) (int, error) {
	t := strings.TrimSpace(s)
	n, err := strconv.Atoi(t)
	if err != nil {
		// Digits beyond int range are still a (huge) integer: clamp them too.
		if digitsOnly(t) {
			return MaxLimit, nil
		}
		return 0, paramErr("limit", "%q is not a whole number of at least 1 (at most %d are returned)", clipText(s), MaxLimit)
	}
	if n < 1 {
		return 0, paramErr("limit", "%q is not a whole number of at least 1 (at most %d are returned)", clipText(s), MaxLimit)
	}
	return min(n, MaxLimit), nil
}

func digitsOnly(s string) bool {
	for _, r := range strings.TrimPrefix(s, "+") {
		if r < '0' || r > '9' {
			return false
		}
	}
	return strings.TrimPrefix(s, "+") != ""
}

// ParseOffset accepts an integer from 0 to MaxOffset.
func ParseOffset(s string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 0 || n > MaxOffset {
		return 0, paramErr("offset", "%q is not a whole number of at least 0", clipText(s))
	}
	return n, nil
}

// ParseCRS accepts one of the advertised CRS URIs, exactly; param names the
// parameter for the error (crs or bbox-crs).
func ParseCRS(param, s string) (string, error) {
	for _, c := range supportedCRS {
		if s == c {
			return c, nil
		}
	}
	return "", paramErr(param, "%q is not supported; use %s or %s", clipText(s), CRS84, RDNew)
}

// ParseBBox accepts 4 (or 6, with heights that are ignored) finite numbers
// minX,minY,maxX,maxY in crs: lon/lat degrees for CRS84, metres for RD New.
// In CRS84 a minimum longitude greater than the maximum is a box crossing the
// antimeridian (OGC API - Features Part 1, 7.15.3): the bound is returned as
// given (Min[0] > Max[0]) and BBoxParts splits it. Elsewhere minimum > maximum
// is an error.
func ParseBBox(s, crs string) (orb.Bound, error) {
	parts := strings.Split(s, ",")
	if len(parts) != 4 && len(parts) != 6 {
		return orb.Bound{}, paramErr("bbox", "%q is not 4 numbers separated by commas (minx,miny,maxx,maxy), or 6 with heights", clipText(s))
	}
	v := make([]float64, len(parts))
	for i, p := range parts {
		f, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return orb.Bound{}, paramErr("bbox", "value %d %q is not a finite number", i+1, clipText(p))
		}
		v[i] = f
	}
	if len(v) == 6 { // minx,miny,minz,maxx,maxy,maxz
		if v[2] > v[5] {
			return orb.Bound{}, paramErr("bbox", "minimum height %v is greater than maximum height %v", v[2], v[5])
		}
		v = []float64{v[0], v[1], v[3], v[4]}
	}
	if v[0] > v[2] && crs == RDNew {
		return orb.Bound{}, paramErr("bbox", "minimum x %v is greater than maximum x %v", v[0], v[2])
	}
	if v[1] > v[3] {
		return orb.Bound{}, paramErr("bbox", "minimum y %v is greater than maximum y %v", v[1], v[3])
	}
	b := orb.Bound{Min: orb.Point{v[0], v[1]}, Max: orb.Point{v[2], v[3]}}
	switch crs {
	case RDNew:
		// The RD New formulas hold for the Netherlands and its surroundings only.
		if b.Min[0] < -100_000 || b.Max[0] > 400_000 || b.Min[1] < 200_000 || b.Max[1] > 750_000 {
			return orb.Bound{}, paramErr("bbox", "%v,%v,%v,%v lies outside the area RD New covers (x -100000..400000, y 200000..750000 m)", v[0], v[1], v[2], v[3])
		}
	default:
		if b.Min[0] < -180 || b.Max[0] > 180 || b.Min[1] < -90 || b.Max[1] > 90 {
			return orb.Bound{}, paramErr("bbox", "longitudes must lie in -180..180 and latitudes in -90..90")
		}
	}
	return b, nil
}

// BBoxParts returns b as one or, when it crosses the antimeridian, two
// ordinary bounds.
func BBoxParts(b orb.Bound) []orb.Bound {
	if b.Min[0] <= b.Max[0] {
		return []orb.Bound{b}
	}
	return []orb.Bound{
		{Min: orb.Point{b.Min[0], b.Min[1]}, Max: orb.Point{180, b.Max[1]}},
		{Min: orb.Point{-180, b.Min[1]}, Max: orb.Point{b.Max[0], b.Max[1]}},
	}
}

// rdMarginDeg widens the lon/lat bound of an RD box so that the curved edges of
// the RD rectangle (in lon/lat) stay inside the pre-filter; the exact test follows.
const rdMarginDeg = 0.01

// rdBoundToLonLat returns a lon/lat bound that contains the RD rectangle b.
func rdBoundToLonLat(b orb.Bound) orb.Bound {
	corners := []orb.Point{b.Min, {b.Max[0], b.Min[1]}, b.Max, {b.Min[0], b.Max[1]}}
	out := orb.Bound{Min: geo.RDToWGS84(corners[0]), Max: geo.RDToWGS84(corners[0])}
	for _, c := range corners[1:] {
		out = out.Extend(geo.RDToWGS84(c))
	}
	return out.Pad(rdMarginDeg)
}

// interval is a closed-open time interval; a zero end is open.
type interval struct{ start, end time.Time }

func (iv interval) overlaps(o interval) bool {
	return (o.end.IsZero() || iv.start.IsZero() || iv.start.Before(o.end)) &&
		(iv.end.IsZero() || o.start.IsZero() || o.start.Before(iv.end))
}

// ParseDatetime accepts an RFC 3339 date-time or date, or an interval of two
// of them separated by "/" where ".." (or empty) means open.
func ParseDatetime(s string) (interval, error) {
	bad := func() (interval, error) {
		return interval{}, paramErr("datetime", "%q is not an RFC 3339 date-time or date, nor an interval start/end (.. for an open end)", clipText(s))
	}
	one := func(p string, isEnd bool) (time.Time, bool, bool) { // value, open, ok
		if p == ".." || p == "" {
			return time.Time{}, true, true
		}
		if t, err := time.Parse(time.RFC3339, p); err == nil {
			if isEnd {
				t = t.Add(time.Nanosecond) // closed end
			}
			return t, false, true
		}
		if t, err := time.Parse("2006-01-02", p); err == nil {
			if isEnd {
				t = t.AddDate(0, 0, 1) // the whole day
			}
			return t, false, true
		}
		return time.Time{}, false, false
	}
	a, b, isInterval := strings.Cut(s, "/")
	if !isInterval {
		start, open, ok := one(a, false)
		if !ok || open {
			return bad()
		}
		end, _, _ := one(a, true)
		return interval{start, end}, nil
	}
	start, openA, okA := one(a, false)
	end, openB, okB := one(b, true)
	if !okA || !okB {
		return bad()
	}
	if openA && openB {
		return interval{}, paramErr("datetime", "%q is open at both ends; give a start, an end or both", clipText(s))
	}
	if !openA && !openB && !start.Before(end) {
		return interval{}, paramErr("datetime", "%q: the start %s is after the end %s", clipText(s), clipText(a), clipText(b))
	}
	return interval{start, end}, nil
}

// yearInterval is the validity of boundaries of a year.
func yearInterval(y int) interval {
	return interval{time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(y+1, 1, 1, 0, 0, 0, 0, time.UTC)}
}

// ParseYear accepts a four-digit year (web.ParseYear).
func ParseYear(s string) (int, error) { return web.ParseYear(s) }

// ParseFormat accepts json or html.
func ParseFormat(s string) (string, error) {
	if s == "json" || s == "html" {
		return s, nil
	}
	return "", paramErr("f", "%q is not a format here; use json or html", clipText(s))
}

// itemsQuery is the parsed query of an items or item request.
type itemsQuery struct {
	BBox       *orb.Bound // in BBoxCRS
	BBoxCRS    string
	Limit      int
	Offset     int
	CRS        string
	Format     string // "" when not given: negotiate
	Year       int    // 0 = newest
	Datetime   *interval
	Properties []string // nil = all
	Filter     atlas.PropertyFilter
	// CQL2 is the parsed filter parameter (OGC API - Features Part 3), nil when absent.
	CQL2 atlas.Predicate
	// CQL2Expr is the same filter as an expression (run as SQL where it can be).
	CQL2Expr *cql2.Expr
}

// itemsParams are the parameters of the items endpoint besides the property filters.
var itemsParams = []string{"bbox", "bbox-crs", "crs", "datetime", "f", "filter", "filter-crs", "filter-lang", "limit", "offset", "properties", "year"}

// FilterLangs are the accepted values of filter-lang, the default first.
// cql-text is the pre-standard name of cql2-text that GDAL up to 3.7 sends
// (it looks for it in the filter-lang enum of the OpenAPI document).
var FilterLangs = []string{atlas.CQL2Text, atlas.CQL2JSON, "cql-text"}

// ParseFilterLang accepts one of FilterLangs; cql-text reads as cql2-text.
func ParseFilterLang(s string) (string, error) {
	switch s {
	case atlas.CQL2Text, "cql-text":
		return atlas.CQL2Text, nil
	case atlas.CQL2JSON:
		return atlas.CQL2JSON, nil
	}
	return "", paramErr("filter-lang", "%q is not a filter language here; use cql2-text (the default) or cql2-json", clipText(s))
}

// itemParams are the parameters of the single-item endpoint.
var itemParams = []string{"crs", "f", "properties", "year"}

// parseItemsQuery parses q strictly: unknown parameters, repeated parameters
// and malformed values are a *ParamError naming the parameter. single selects
// the parameters of the single-item endpoint.
func parseItemsQuery(c *collection, q url.Values, single bool) (itemsQuery, error) {
	iq := itemsQuery{Limit: DefaultLimit, CRS: CRS84, BBoxCRS: CRS84}
	allowed := itemsParams
	if single {
		allowed = itemParams
	}
	names := make([]string, 0, len(q))
	for k := range q {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		known := false
		for _, a := range allowed {
			known = known || a == k
		}
		if !single && atlas.IsFilter(c.Fields, k) {
			known = true
		}
		if !known {
			return iq, paramErr(k, "unknown parameter for %s; allowed: %s", c.path(single), strings.Join(c.params(single), ", "))
		}
		if len(q[k]) > 1 {
			return iq, paramErr(k, "given %d times, expected once", len(q[k]))
		}
	}
	get := func(k string) (string, bool) {
		v, ok := q[k]
		if !ok {
			return "", false
		}
		return v[0], true
	}
	var err error
	if v, ok := get("f"); ok {
		if iq.Format, err = ParseFormat(v); err != nil {
			return iq, err
		}
	}
	if v, ok := get("crs"); ok {
		if iq.CRS, err = ParseCRS("crs", v); err != nil {
			return iq, err
		}
	}
	if v, ok := get("year"); ok {
		if iq.Year, err = ParseYear(v); err != nil {
			return iq, err
		}
	}
	if v, ok := get("properties"); ok {
		if iq.Properties, err = c.parseProperties(v); err != nil {
			return iq, err
		}
	}
	if single {
		return iq, nil
	}
	if v, ok := get("bbox-crs"); ok {
		if iq.BBoxCRS, err = ParseCRS("bbox-crs", v); err != nil {
			return iq, err
		}
		if _, hasBBox := q["bbox"]; !hasBBox {
			return iq, paramErr("bbox-crs", "given without bbox")
		}
	}
	if v, ok := get("bbox"); ok {
		b, err := ParseBBox(v, iq.BBoxCRS)
		if err != nil {
			return iq, err
		}
		iq.BBox = &b
	}
	if v, ok := get("limit"); ok {
		if iq.Limit, err = ParseLimit(v); err != nil {
			return iq, err
		}
	}
	if v, ok := get("offset"); ok {
		if iq.Offset, err = ParseOffset(v); err != nil {
			return iq, err
		}
	}
	if v, ok := get("datetime"); ok {
		iv, err := ParseDatetime(v)
		if err != nil {
			return iq, err
		}
		iq.Datetime = &iv
	}
	if iq.Filter, err = atlas.ParsePropertyFilter(c.Fields, q); err != nil {
		return iq, err
	}
	if iq.CQL2Expr, err = parseFilter(c, q); err != nil {
		return iq, err
	}
	if e := iq.CQL2Expr; e != nil {
		iq.CQL2 = func(p geojson.Properties, g orb.Geometry) bool {
			return e.Match(func(name string) any { return atlas.Normalise(p[name]) }, g)
		}
	}
	return iq, nil
}

// parseFilter reads filter, filter-lang and filter-crs (OGC API - Features
// Part 3); filter-lang and filter-crs need a filter.
func parseFilter(c *collection, q url.Values) (*cql2.Expr, error) {
	lang := atlas.CQL2Text
	var err error
	if v, ok := q["filter-lang"]; ok {
		if lang, err = ParseFilterLang(v[0]); err != nil {
			return nil, err
		}
	}
	if v, ok := q["filter-crs"]; ok && v[0] != CRS84 {
		return nil, paramErr("filter-crs", "%q is not supported; filters take %s coordinates", clipText(v[0]), CRS84)
	}
	v, ok := q["filter"]
	if !ok {
		for _, k := range []string{"filter-lang", "filter-crs"} {
			if _, given := q[k]; given {
				return nil, paramErr(k, "given without filter")
			}
		}
		return nil, nil
	}
	return atlas.ParseCQL2Expr(c.Fields, lang, v[0])
}
