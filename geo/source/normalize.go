package source

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"github.com/inclusiekaart/inclusiekaart/geo"
	"github.com/inclusiekaart/inclusiekaart/internal/cbs"
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

// codeForm returns the test a code of level must pass and the pattern that
// describes it in messages; valid is nil for an unknown level.
func (l Level) codeForm() (valid func(string) bool, pattern string) {
	switch l {
	case LevelMunicipality:
		return cbs.IsMunicipalityCode, cbs.MunicipalityPattern
	case LevelProvince:
		return cbs.IsProvinceCode, cbs.ProvincePattern
	}
	return nil, ""
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
// Code comes from the first of the properties in codeKeys (statcode, code,
// GM_CODE, ..., in any case) that holds a code of the level, else the feature
// id; it is trimmed and upper-cased (so "gm0363" is accepted as GM0363), a
// bare number gets the level's prefix (Kadaster's "0363" is GM0363), and it
// must then be a CBS code of the level in canonical form (see package cbs: GM
// and four digits for a municipality, PV and two for a province). Name comes
// from the first of nameKeys (statnaam, name, naam, GM_NAAM, ...), trimmed.
// Year from FeatureYear.
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
// The geometry of every feature is then repaired and checked by
// [geo.Repair]; each repair is a warning for the feature, and a geometry
// it cannot repair is a *FeatureError (field "geometry"). A warning about
// a repaired self-intersecting ring names the other features that share
// the border where it crossed itself ("shared border with GM0175").
func Normalize(features []Feature, level Level) ([]Boundary, []Warning, error) {
	valid, pat := level.codeForm()
	if valid == nil {
		return nil, nil, fmt.Errorf("normalize: unknown level %q", level)
	}
	if len(features) == 0 {
		return nil, nil, fmt.Errorf("normalize: %w", ErrEmpty)
	}
	var warns []Warning
	keep := selectObjects(features, valid, level, &warns)
	if len(keep) == 0 {
		f := &features[0]
		code, raw := codeOf(f, level)
		return nil, warns, &FeatureError{Index: f.Index, Code: code, Field: "code", Message: fmt.Sprintf("%q does not match %s", raw, pat)}
	}

	work := make([]normFeature, 0, len(keep))
	seen := map[string]int{}
	for _, i := range keep {
		f := &features[i]
		code, raw := codeOf(f, level)
		if !valid(code) {
			return nil, warns, &FeatureError{Index: f.Index, Code: code, Field: "code", Message: fmt.Sprintf("%q does not match %s", raw, pat)}
		}
		if j, dup := seen[code]; dup {
			return nil, warns, &FeatureError{Index: f.Index, Code: code, Field: "code", Message: fmt.Sprintf("duplicate code, also used by feature %d", j)}
		}
		seen[code] = f.Index
		name := nameOf(f)
		if name == "" {
			return nil, warns, &FeatureError{Index: f.Index, Code: code, Field: "name", Message: "empty (want a property " + strings.Join(nameKeys, ", ") + ")"}
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

	var seg geo.SegmentIndex // built on first need
	out := make([]Boundary, 0, len(work))
	for k := range work {
		w := &work[k]
		warn := func(msg string) {
			warns = append(warns, Warning{Index: w.f.Index, Code: w.code, Message: msg})
		}
		// sharedWith names the other boundaries along a segment, so that a
		// repair warning can say which neighbour shares the border.
		sharedWith := func(a, b orb.Point) []string {
			if seg == nil {
				geoms := make([]orb.MultiPolygon, len(work))
				for j := range work {
					geoms[j] = work[j].mp
				}
				seg = geo.IndexSegments(geoms)
			}
			var codes []string
			for _, j := range seg.Users(a, b) {
				if j != k {
					codes = append(codes, work[j].code)
				}
			}
			return codes
		}
		mp, err := geo.Repair(w.mp, warn, sharedWith)
		if err != nil {
			return nil, warns, &FeatureError{Index: w.f.Index, Code: w.code, Field: "geometry", Message: err.Error()}
		}
		out = append(out, Boundary{Index: w.f.Index, Code: w.code, Name: w.name, Year: w.year, Geometry: mp})
	}
	return out, warns, nil
}

// selectObjects returns the positions of the features to normalise,
// skipping whole TopoJSON objects without any code of the level.
func selectObjects(features []Feature, valid func(string) bool, level Level, warns *[]Warning) []int {
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
			if c, _ := codeOf(&features[i], level); valid(c) {
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

// codeKeys are the properties a boundary's code is read from, in this order
// and compared without regard to case: CBS's own (statcode in the
// gebiedsindelingen, GM_CODE / PV_CODE in the wijk- en buurtkaart), Kadaster's
// (code "0363" and identificatie in the Bestuurlijke Gebieden) and common
// others. The feature id comes after them.
var codeKeys = []string{"statcode", "code", "gm_code", "pv_code", "gemeentecode", "provinciecode", "identificatie", "cbs_code", "cbscode"}

// nameKeys are the properties a boundary's name is read from, in this order
// and compared without regard to case.
var nameKeys = []string{"statnaam", "name", "naam", "gm_naam", "pv_naam", "gemeentenaam", "provincienaam"}

// codeOf returns the normalised code of f for level and the raw value it came
// from: the first of codeKeys (then the feature id) whose value is a code of
// the level once normalised, else the first non-empty one, so that an error
// quotes what the file holds. Normalising trims, upper-cases ("gm0363") and
// prefixes a bare number of the code's width (Kadaster's "0363", a JSON
// number 363) with GM or PV.
func codeOf(f *Feature, level Level) (code, raw string) {
	valid, _ := level.codeForm()
	first := ""
	for _, key := range codeKeys {
		v, ok := prop(f.Properties, key)
		if !ok || v == "" {
			continue
		}
		if c := normalizeCode(v, level); valid != nil && valid(c) {
			return c, v
		}
		if first == "" {
			first = v
		}
	}
	if f.ID != "" {
		if c := normalizeCode(f.ID, level); first == "" || (valid != nil && valid(c)) {
			return c, f.ID
		}
	}
	return normalizeCode(first, level), first
}

// normalizeCode trims and upper-cases s and puts the level's prefix before a
// bare number of at most the code's width of digits.
func normalizeCode(s string, level Level) string {
	s = strings.ToUpper(strings.TrimSpace(s))
	prefix, width := "GM", 4
	if level == LevelProvince {
		prefix, width = "PV", 2
	}
	if s == "" || len(s) > width || strings.Trim(s, "0123456789") != "" {
		return s
	}
	return prefix + strings.Repeat("0", width-len(s)) + s
}

// nameOf returns the trimmed name of f from the first of nameKeys that has one.
func nameOf(f *Feature) string {
	for _, key := range nameKeys {
		if v, ok := prop(f.Properties, key); ok {
			if v = strings.TrimSpace(v); v != "" {
				return v
			}
		}
	}
	return ""
}

// prop returns the property key of p as text, matching the key exactly or
// else without regard to case; a whole JSON number is given in decimal.
func prop(p map[string]any, key string) (string, bool) {
	v, ok := p[key]
	if !ok {
		for k, w := range p {
			if strings.EqualFold(k, key) {
				v, ok = w, true
				break
			}
		}
	}
	switch x := v.(type) {
	case string:
		return x, true
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1e15 {
			return strconv.FormatInt(int64(x), 10), true
		}
	}
	return "", false
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
