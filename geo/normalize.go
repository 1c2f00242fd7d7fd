package geo

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
)

// Level is the administrative level of a boundary collection.
type Level string

// Supported levels.
const (
	LevelMunicipality Level = "municipality"
	LevelProvince     Level = "province"
)

// ParseLevel parses "municipality" or "province" (case-insensitive; the
// Dutch "gemeente" and "provincie" are accepted too).
func ParseLevel(s string) (Level, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "municipality", "gemeente":
		return LevelMunicipality, nil
	case "province", "provincie":
		return LevelProvince, nil
	}
	return "", fmt.Errorf("level %q: want municipality or province", s)
}

var (
	municipalityCode = regexp.MustCompile(`^GM\d{4}$`)
	provinceCode     = regexp.MustCompile(`^PV\d{2}$`)
)

func (l Level) pattern() *regexp.Regexp {
	switch l {
	case LevelMunicipality:
		return municipalityCode
	case LevelProvince:
		return provinceCode
	}
	return nil
}

// Boundary is a validated boundary in WGS84.
type Boundary struct {
	Index    int              // Feature.Index it came from
	Code     string           // "GM0363" / "PV27"
	Name     string           // trimmed, non-empty
	Year     int              // from jaarcode or jrstatcode; 0 if absent
	Geometry orb.MultiPolygon // WGS84 lon/lat, RFC 7946 winding, rings closed, no consecutive duplicates
}

// Warning is a problem Normalize repaired or worked around.
type Warning struct {
	Index   int    // feature index
	Code    string // boundary code, "" if unknown
	Message string
}

// String formats w as "GM0160: message" (or "feature 3: message" when the
// code is unknown).
func (w Warning) String() string {
	if w.Code != "" {
		return w.Code + ": " + w.Message
	}
	return fmt.Sprintf("feature %d: %s", w.Index, w.Message)
}

// FeatureError reports why a feature was rejected. Match it with
// errors.As.
type FeatureError struct {
	Index   int    // feature index
	Code    string // "" when unknown
	Field   string // "code", "name", "geometry", "crs"
	Message string
}

// Error formats e as `feature 17 (GM0160): geometry: ring 0 has 3
// positions, need at least 4`.
func (e *FeatureError) Error() string {
	if e.Code != "" {
		return fmt.Sprintf("feature %d (%s): %s: %s", e.Index, e.Code, e.Field, e.Message)
	}
	return fmt.Sprintf("feature %d: %s: %s", e.Index, e.Field, e.Message)
}

// ErrEmpty is returned (wrapped) by Normalize for a collection without
// features for the level.
var ErrEmpty = errors.New("empty collection")

type normFeature struct {
	f    *Feature
	code string
	name string
	year int
	mp   orb.MultiPolygon
}

// Normalize validates features and turns them into boundaries of level.
//
// Code comes from property "statcode", else "code", else the feature id;
// it is trimmed and upper-cased (so "gm0363" is accepted as GM0363) and
// must match ^GM\d{4}$ (municipality) or ^PV\d{2}$ (province). Name comes
// from "statnaam", else "name", trimmed. Year from FeatureYear.
//
// When the features come from more than one TopoJSON object, objects in
// which no code matches the level are skipped with a warning, so a
// topology holding both gemeente and provincie objects serves both levels.
//
// Coordinates are converted to WGS84 following the declared CRS (see
// [ParseCRS]); features without a declaration are detected together from
// their coordinate ranges: lon/lat, RD New, or Web Mercator around the
// Netherlands. Lon/lat data that lies exactly where the Netherlands would
// be with the axes swapped is swapped back, with a warning.
//
// Errors stop at the first bad feature and are *FeatureError: missing or
// non-polygonal geometry, a ring with fewer than 4 positions or not closed
// (rings are never closed silently), a non-finite coordinate, a coordinate
// out of range after CRS handling, a bad or duplicate code, an empty name.
// An empty collection wraps ErrEmpty.
//
// Repairs (each with a warning): consecutive duplicate positions are
// dropped silently; spikes (the ring running back over itself) are cut;
// self-intersecting rings are split into simple rings (see repairRing);
// winding is set to RFC 7946.
//
// Polygon structure is checked after that (see placeHoles, checkHoles and
// checkParts). Holes of one polygon that share whole edges are merged into
// one hole, and polygons of a MultiPolygon whose exterior rings share
// whole edges into one polygon, each with a warning (see mergeHoles and
// mergeParts). Dropped with a warning: a hole with zero area, a hole
// lying outside its exterior ring (it subtracts nothing, and a map
// drawing it with the even-odd rule would paint it as extra area), a
// hole running along its exterior all the way round (a copy of the
// shell), a hole repeating another, and a polygon of a MultiPolygon
// repeating (or covering exactly the area of) an earlier one. Errors
// (*FeatureError, field "geometry"): a hole crossing its exterior ring
// ("hole ring 1 crosses the exterior ring near 5.1000,52.0400"), two
// holes that overlap, and two polygons of one MultiPolygon whose
// interiors overlap ("polygons 0 and 1 overlap near ..."). Rings may
// touch at points, as valid boundaries and repaired self-touching rings
// do.
//
// Every stage is bounded for hostile input: spike removal is linear, the
// self-intersection check is O(n log n) for boundary-like rings and gives
// up after a work budget, and a ring crossing or touching itself at more
// than 2000 points (or still crossing itself after 4 rounds of splitting)
// is rejected with a *FeatureError rather than repaired. The structural
// checks share one segment tree machinery with the same kind of work
// budget per feature.
func Normalize(features []Feature, level Level) ([]Boundary, []Warning, error) {
	pat := level.pattern()
	if pat == nil {
		return nil, nil, fmt.Errorf("normalize: unknown level %q", level)
	}
	if len(features) == 0 {
		return nil, nil, fmt.Errorf("normalize: %w", ErrEmpty)
	}
	var warns []Warning
	keep := selectObjects(features, pat, level, &warns)
	if len(keep) == 0 {
		f := &features[0]
		code, raw := codeOf(f)
		return nil, warns, &FeatureError{Index: f.Index, Code: code, Field: "code", Message: fmt.Sprintf("%q does not match %s", raw, pat)}
	}

	work := make([]normFeature, 0, len(keep))
	seen := map[string]int{}
	for _, i := range keep {
		f := &features[i]
		code, raw := codeOf(f)
		if !pat.MatchString(code) {
			return nil, warns, &FeatureError{Index: f.Index, Code: code, Field: "code", Message: fmt.Sprintf("%q does not match %s", raw, pat)}
		}
		if j, dup := seen[code]; dup {
			return nil, warns, &FeatureError{Index: f.Index, Code: code, Field: "code", Message: fmt.Sprintf("duplicate code, also used by feature %d", j)}
		}
		seen[code] = f.Index
		name := strings.TrimSpace(propString(f.Properties, "statnaam"))
		if name == "" {
			name = strings.TrimSpace(propString(f.Properties, "name"))
		}
		if name == "" {
			return nil, warns, &FeatureError{Index: f.Index, Code: code, Field: "name", Message: "empty (want property statnaam or name)"}
		}
		mp, msg := checkStructure(f.Geometry)
		if msg != "" {
			return nil, warns, &FeatureError{Index: f.Index, Code: code, Field: "geometry", Message: msg}
		}
		year, ok := FeatureYear(f.Properties)
		if !ok {
			warns = append(warns, Warning{Index: f.Index, Code: code, Message: "year not understood, using 0"})
		}
		work = append(work, normFeature{f: f, code: code, name: name, year: year, mp: mp})
	}

	if err := convertCRS(work, &warns); err != nil {
		return nil, warns, err
	}

	var seg *segmentIndex // built on first need
	out := make([]Boundary, 0, len(work))
	for k := range work {
		w := &work[k]
		mp, err := cleanAndRepair(w, k, work, &seg, &warns)
		if err != nil {
			return nil, warns, err
		}
		out = append(out, Boundary{Index: w.f.Index, Code: w.code, Name: w.name, Year: w.year, Geometry: mp})
	}
	return out, warns, nil
}

// selectObjects returns the positions of the features to normalise,
// skipping whole TopoJSON objects without any code of the level.
func selectObjects(features []Feature, pat *regexp.Regexp, level Level, warns *[]Warning) []int {
	var order []string
	byObj := map[string][]int{}
	for i := range features {
		o := features[i].Object
		if _, ok := byObj[o]; !ok {
			order = append(order, o)
		}
		byObj[o] = append(byObj[o], i)
	}
	all := make([]int, len(features))
	for i := range all {
		all[i] = i
	}
	if len(order) < 2 {
		return all
	}
	var keep []int
	for _, o := range order {
		match := false
		for _, i := range byObj[o] {
			if c, _ := codeOf(&features[i]); pat.MatchString(c) {
				match = true
				break
			}
		}
		if !match {
			first := byObj[o][0]
			*warns = append(*warns, Warning{Index: features[first].Index, Message: fmt.Sprintf("object %q skipped: no %s codes", o, level)})
			continue
		}
		keep = append(keep, byObj[o]...)
	}
	// keep is in object order; restore source order
	slices.Sort(keep)
	return keep
}

// codeOf returns the normalised code and the raw value it came from.
func codeOf(f *Feature) (code, raw string) {
	raw = propString(f.Properties, "statcode")
	if raw == "" {
		raw = propString(f.Properties, "code")
	}
	if raw == "" {
		raw = f.ID
	}
	return strings.ToUpper(strings.TrimSpace(raw)), raw
}

func propString(p map[string]any, key string) string {
	if s, ok := p[key].(string); ok {
		return s
	}
	return ""
}

// FeatureYear reads the boundary year from properties: "jaarcode" (number or
// string, PDOK), else the first 4 digits of "jrstatcode" (CBS), else a numeric
// "year" (this project's own exports; anything else under that common name is
// ignored). ok is false when jaarcode or jrstatcode is present but not a
// plausible year; a year of 0 with ok means none was given.
func FeatureYear(p map[string]any) (int, bool) {
	if v, present := p["jaarcode"]; present && v != nil {
		if y, ok := plausibleYear(v); ok {
			return y, true
		}
		return 0, false
	}
	if s := propString(p, "jrstatcode"); s != "" {
		if y, ok := plausibleYear(s[:min(4, len(s))]); ok {
			return y, true
		}
		return 0, false
	}
	if y, ok := plausibleYear(p["year"]); ok {
		if _, isNum := p["year"].(float64); isNum {
			return y, true
		}
	}
	return 0, true
}

// plausibleYear accepts a whole number 1000–9999 given as a JSON number or string.
func plausibleYear(v any) (int, bool) {
	switch y := v.(type) {
	case float64:
		if y == math.Trunc(y) && y >= 1000 && y <= 9999 {
			return int(y), true
		}
	case string:
		if n, err := strconv.Atoi(strings.TrimSpace(y)); err == nil && n >= 1000 && n <= 9999 {
			return n, true
		}
	}
	return 0, false
}

// checkStructure copies g into a MultiPolygon, checking type, ring sizes,
// closure and finiteness. It returns a message on failure.
func checkStructure(g orb.Geometry) (orb.MultiPolygon, string) {
	var mp orb.MultiPolygon
	multi := false
	switch v := g.(type) {
	case nil:
		return nil, "missing"
	case orb.Polygon:
		if v == nil {
			return nil, "missing"
		}
		mp = orb.MultiPolygon{v}
	case orb.MultiPolygon:
		if v == nil {
			return nil, "missing"
		}
		mp, multi = v, true
	default:
		return nil, fmt.Sprintf("type %s, want Polygon or MultiPolygon", g.GeoJSONType())
	}
	if len(mp) == 0 {
		return nil, "no polygons"
	}
	out := make(orb.MultiPolygon, len(mp))
	for pi, p := range mp {
		where := func(ri int) string {
			if multi {
				return fmt.Sprintf("polygon %d ring %d", pi, ri)
			}
			return fmt.Sprintf("ring %d", ri)
		}
		if len(p) == 0 {
			if multi {
				return nil, fmt.Sprintf("polygon %d has no rings", pi)
			}
			return nil, "polygon has no rings"
		}
		np := make(orb.Polygon, len(p))
		for ri, r := range p {
			if len(r) < 4 {
				return nil, fmt.Sprintf("%s has %d positions, need at least 4", where(ri), len(r))
			}
			for k, pt := range r {
				if !isFinite(pt) {
					return nil, fmt.Sprintf("%s position %d is not a finite number", where(ri), k)
				}
			}
			if r[0] != r[len(r)-1] {
				return nil, fmt.Sprintf("%s is not closed (first position %s, last %s)", where(ri), fmtPt(r[0]), fmtPt(r[len(r)-1]))
			}
			np[ri] = append(orb.Ring(nil), r...)
		}
		out[pi] = np
	}
	return out, ""
}

func fmtPt(p orb.Point) string {
	return strconv.FormatFloat(p[0], 'g', 10, 64) + "," + strconv.FormatFloat(p[1], 'g', 10, 64)
}

func forEachPoint(mp orb.MultiPolygon, fn func(p *orb.Point)) {
	for _, poly := range mp {
		for _, r := range poly {
			for k := range r {
				fn(&r[k])
			}
		}
	}
}

func boundOf(mp orb.MultiPolygon) orb.Bound {
	b := orb.Bound{Min: orb.Point{math.Inf(1), math.Inf(1)}, Max: orb.Point{math.Inf(-1), math.Inf(-1)}}
	forEachPoint(mp, func(p *orb.Point) {
		b.Min[0] = math.Min(b.Min[0], p[0])
		b.Min[1] = math.Min(b.Min[1], p[1])
		b.Max[0] = math.Max(b.Max[0], p[0])
		b.Max[1] = math.Max(b.Max[1], p[1])
	})
	return b
}

func within(b, outer orb.Bound) bool {
	return b.Min[0] >= outer.Min[0] && b.Min[1] >= outer.Min[1] && b.Max[0] <= outer.Max[0] && b.Max[1] <= outer.Max[1]
}

// firstOutside returns the first position of mp outside b.
func firstOutside(mp orb.MultiPolygon, b orb.Bound) (orb.Point, bool) {
	for _, poly := range mp {
		for _, r := range poly {
			for _, p := range r {
				if !b.Contains(p) {
					return p, true
				}
			}
		}
	}
	return orb.Point{}, false
}

// convertCRS converts every feature to WGS84 lon/lat in place.
func convertCRS(work []normFeature, warns *[]Warning) error {
	var undeclared []int
	for k := range work {
		w := &work[k]
		if w.f.CRS == "" {
			undeclared = append(undeclared, k)
			continue
		}
		crs, err := ParseCRS(w.f.CRS)
		if err != nil {
			return &FeatureError{Index: w.f.Index, Code: w.code, Field: "crs", Message: err.Error()}
		}
		if err := convertFeature(w, crs, w.f.CRS, warns); err != nil {
			return err
		}
	}
	if len(undeclared) == 0 {
		return nil
	}
	candidates := []struct {
		crs CRS
		b   orb.Bound
	}{{CRSWGS84, wgs84Bound}, {CRSRDNew, rdBound}, {CRSWebMercator, mercatorNLBound}}
	chosen := CRSUnknown
	for _, c := range candidates {
		ok := true
		for _, k := range undeclared {
			if !within(boundOf(work[k].mp), c.b) {
				ok = false
				break
			}
		}
		if ok {
			chosen = c.crs
			break
		}
	}
	if chosen == CRSUnknown {
		first := work[undeclared[0]].mp[0][0][0]
		for _, c := range candidates {
			if c.b.Contains(first) {
				for _, k := range undeclared {
					if p, bad := firstOutside(work[k].mp, c.b); bad {
						return &FeatureError{Index: work[k].f.Index, Code: work[k].code, Field: "geometry",
							Message: fmt.Sprintf("coordinate %s does not fit %s, the coordinate system detected from feature %d", fmtPt(p), c.crs, work[undeclared[0]].f.Index)}
					}
				}
			}
		}
		w := work[undeclared[0]]
		return &FeatureError{Index: w.f.Index, Code: w.code, Field: "geometry",
			Message: fmt.Sprintf("coordinate %s is not WGS84 lon/lat, RD New or Web Mercator around the Netherlands; declare the CRS", fmtPt(first))}
	}
	for _, k := range undeclared {
		if err := convertFeature(&work[k], chosen, "", warns); err != nil {
			return err
		}
	}
	return nil
}

func convertFeature(w *normFeature, crs CRS, declared string, warns *[]Warning) error {
	fe := func(msg string) error {
		return &FeatureError{Index: w.f.Index, Code: w.code, Field: "geometry", Message: msg}
	}
	switch crs {
	case CRSWGS84:
		b := boundOf(w.mp)
		if within(b, nlSwapped) && !within(b, nlLonLat) {
			forEachPoint(w.mp, func(p *orb.Point) { p[0], p[1] = p[1], p[0] })
			what := "undeclared CRS"
			if declared != "" {
				what = declared
			}
			*warns = append(*warns, Warning{Index: w.f.Index, Code: w.code, Message: fmt.Sprintf("coordinates (%s) are in lat/lon order; swapped to lon/lat", what)})
		}
	case CRSRDNew:
		if p, bad := firstOutside(w.mp, rdDeclaredBound); bad {
			return fe(fmt.Sprintf("coordinate %s is outside the RD New domain", fmtPt(p)))
		}
		forEachPoint(w.mp, func(p *orb.Point) { *p = RDToWGS84(*p) })
	case CRSWebMercator:
		world := orb.Bound{Min: orb.Point{-mercatorWorld, -mercatorWorld}, Max: orb.Point{mercatorWorld, mercatorWorld}}
		if p, bad := firstOutside(w.mp, world); bad {
			return fe(fmt.Sprintf("coordinate %s is outside the EPSG:3857 range", fmtPt(p)))
		}
		forEachPoint(w.mp, func(p *orb.Point) { *p = WebMercatorToWGS84(*p) })
	}
	if p, bad := firstOutside(w.mp, wgs84Bound); bad {
		return fe(fmt.Sprintf("coordinate %s out of range for lon/lat (from %s)", fmtPt(p), crs))
	}
	return nil
}
