// Package cql2 parses and evaluates filter expressions of the OGC Common
// Query Language (CQL2, OGC 21-065) in its text and JSON encodings: Basic
// CQL2 (comparisons = <> < > <= >= of a property with a string, number,
// boolean, DATE or TIMESTAMP literal; AND, OR, NOT, parentheses; IS [NOT]
// NULL) and the basic spatial function S_INTERSECTS with a BBOX or POINT
// literal. It is a pure domain package: it knows the queryables only as a
// name → type table its caller builds (internal/atlas builds it from the
// contract table), and evaluates an expression over one feature's property
// values and geometry.
//
// Every syntax or type error is an *Error naming the token at fault and its
// position (text: 1-based character offset; JSON: the path to the member).
package cql2

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"github.com/inclusiekaart/inclusiekaart/geo"
)

// Type is the type of a queryable.
type Type int

// The queryable types.
const (
	String Type = iota + 1
	Number
	Integer
	Boolean
	Date
	Geometry
)

// Queryables maps the names a filter may use to their types.
type Queryables map[string]Type

// MaxLength bounds the length of a filter (either encoding), MaxDepth its nesting.
const (
	MaxLength = 8000
	MaxDepth  = 64
)

// Error is a filter that does not parse or does not fit the queryables.
type Error struct {
	// Pos is the 1-based character position of Token (text encoding); 0 in JSON.
	Pos int
	// Path locates the member at fault in the JSON encoding, e.g. args[1].
	Path  string
	Token string
	Msg   string
}

func (e *Error) Error() string {
	where := ""
	switch {
	case e.Path != "":
		where = " at " + e.Path
	case e.Pos > 0:
		where = fmt.Sprintf(" at position %d", e.Pos)
	}
	if e.Token != "" {
		return fmt.Sprintf("%s%s (%q)", e.Msg, where, e.Token)
	}
	return e.Msg + where
}

// Expr is a parsed filter expression.
type Expr struct{ root node }

// Match reports whether the expression is TRUE for a feature whose property
// values get returns (nil, bool, int64, float64 or string; nil is null) and
// whose geometry is g. A comparison with null is UNKNOWN, and only TRUE
// selects (three-valued logic, as in SQL).
func (e *Expr) Match(get func(name string) any, g orb.Geometry) bool {
	return e.root.eval(get, g) == yes
}

// tri is a truth value of three-valued logic.
type tri int8

const (
	no tri = iota
	yes
	unknown
)

func truth(b bool) tri {
	if b {
		return yes
	}
	return no
}

type node interface {
	eval(get func(string) any, g orb.Geometry) tri
}

type andNode []node

func (n andNode) eval(get func(string) any, g orb.Geometry) tri { return fold(n, get, g, no) }

type orNode []node

func (n orNode) eval(get func(string) any, g orb.Geometry) tri { return fold(n, get, g, yes) }

// fold evaluates a conjunction (decisive = no) or disjunction (decisive =
// yes) in three-valued logic: the decisive value wins, else unknown beats
// the other value.
func fold(ns []node, get func(string) any, g orb.Geometry, decisive tri) tri {
	out := yes
	if decisive == yes {
		out = no
	}
	for _, c := range ns {
		switch c.eval(get, g) {
		case decisive:
			return decisive
		case unknown:
			out = unknown
		}
	}
	return out
}

type notNode struct{ n node }

func (n notNode) eval(get func(string) any, g orb.Geometry) tri {
	switch n.n.eval(get, g) {
	case yes:
		return no
	case no:
		return yes
	}
	return unknown
}

type boolNode bool

func (n boolNode) eval(func(string) any, orb.Geometry) tri { return truth(bool(n)) }

type isNullNode struct {
	prop     string
	negate   bool
	geometry bool // prop is the geometry: null when the feature has none
}

func (n isNullNode) eval(get func(string) any, g orb.Geometry) tri {
	if n.geometry {
		return truth((g == nil) != n.negate)
	}
	return truth((get(n.prop) == nil) != n.negate)
}

// cmpNode compares property prop with a literal: prop op lit.
type cmpNode struct {
	prop string
	typ  Type
	op   string
	lit  any // float64, bool, string or time.Time (Date)
}

func (n cmpNode) eval(get func(string) any, _ orb.Geometry) tri {
	v := get(n.prop)
	if v == nil {
		return unknown
	}
	c, ok := compare(n.typ, v, n.lit)
	if !ok {
		return unknown
	}
	switch n.op {
	case "=":
		return truth(c == 0)
	case "<>":
		return truth(c != 0)
	case "<":
		return truth(c < 0)
	case "<=":
		return truth(c <= 0)
	case ">":
		return truth(c > 0)
	case ">=":
		return truth(c >= 0)
	}
	return unknown
}

// compare orders property value v against literal lit of the property's type.
func compare(typ Type, v, lit any) (int, bool) {
	switch typ {
	case String:
		s, ok := v.(string)
		if !ok {
			return 0, false
		}
		return cmpOrdered(s, lit.(string)), true
	case Number, Integer:
		var f float64
		switch x := v.(type) {
		case int64:
			f = float64(x)
		case float64:
			f = x
		case int:
			f = float64(x)
		default:
			return 0, false
		}
		return cmpOrdered(f, lit.(float64)), true
	case Boolean:
		b, ok := v.(bool)
		if !ok {
			return 0, false
		}
		return cmpOrdered(b2i(b), b2i(lit.(bool))), true
	case Date:
		s, ok := v.(string)
		if !ok {
			return 0, false
		}
		t, ok := parseInstant(s)
		if !ok {
			return 0, false
		}
		return t.Compare(lit.(time.Time)), true
	}
	return 0, false
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func cmpOrdered[T int | float64 | string](a, b T) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// parseInstant reads a date (YYYY-MM-DD, the day's start in UTC) or an
// RFC 3339 timestamp.
func parseInstant(s string) (time.Time, bool) {
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t, true
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.UTC(), true
	}
	return time.Time{}, false
}

// intersectsNode is S_INTERSECTS(geometry, literal): the feature's geometry
// shares a point with a bbox or a point.
type intersectsNode struct {
	bound *orb.Bound
	point *orb.Point
}

func (n intersectsNode) eval(_ func(string) any, g orb.Geometry) tri {
	var mp orb.MultiPolygon
	switch x := g.(type) {
	case orb.Polygon:
		mp = orb.MultiPolygon{x}
	case orb.MultiPolygon:
		mp = x
	default:
		return unknown
	}
	if n.point != nil {
		return truth(geo.Contains(mp, *n.point))
	}
	return truth(geo.IntersectsBound(mp, *n.bound))
}

// checkBBox validates bbox literal values: 4 (or 6, heights ignored) numbers
// minx,miny,maxx,maxy in lon/lat with min <= max.
func checkBBox(v []float64) (orb.Bound, string) {
	if len(v) == 6 {
		v = []float64{v[0], v[1], v[3], v[4]}
	}
	if len(v) != 4 {
		return orb.Bound{}, "BBOX takes 4 numbers (or 6 with heights)"
	}
	if v[0] > v[2] || v[1] > v[3] {
		return orb.Bound{}, "BBOX minimum is greater than its maximum"
	}
	if v[0] < -180 || v[2] > 180 || v[1] < -90 || v[3] > 90 {
		return orb.Bound{}, "BBOX lies outside -180..180, -90..90 (filter-crs is CRS84)"
	}
	return orb.Bound{Min: orb.Point{v[0], v[1]}, Max: orb.Point{v[2], v[3]}}, ""
}

func checkPoint(x, y float64) string {
	if x < -180 || x > 180 || y < -90 || y > 90 {
		return "POINT lies outside -180..180, -90..90 (filter-crs is CRS84)"
	}
	return ""
}

// literal kinds as written, for type checking and messages.
type litKind int

const (
	litString litKind = iota + 1
	litNumber
	litBool
	litDate
	litTimestamp
)

// checkComparison builds prop op lit, checking the literal against the
// property's type. It returns a message when they do not fit.
func checkComparison(prop string, typ Type, op string, kind litKind, lit any) (node, string) {
	n := cmpNode{prop: prop, typ: typ, op: op}
	switch typ {
	case String:
		if kind == litString {
			n.lit = lit
			return n, ""
		}
		return nil, fmt.Sprintf("%s is text: compare it with a 'quoted string'", prop)
	case Number, Integer:
		if kind == litNumber {
			n.lit = lit
			return n, ""
		}
		return nil, fmt.Sprintf("%s is a number: compare it with a number", prop)
	case Boolean:
		switch kind {
		case litBool:
			n.lit = lit
			return n, ""
		case litNumber: // GDAL writes booleans as 1 and 0
			if f := lit.(float64); f == 0 || f == 1 {
				n.lit = f == 1
				return n, ""
			}
		}
		return nil, fmt.Sprintf("%s is a boolean: compare it with true, false, 1 or 0", prop)
	case Date:
		switch kind {
		case litDate, litTimestamp:
			n.lit = lit
			return n, ""
		case litString:
			if t, ok := looseDate(lit.(string)); ok {
				n.lit = t
				return n, ""
			}
		}
		return nil, fmt.Sprintf("%s is a date: compare it with DATE('YYYY-MM-DD') or TIMESTAMP('…Z')", prop)
	case Geometry:
		return nil, fmt.Sprintf("%s is a geometry: use S_INTERSECTS", prop)
	}
	return nil, "unsupported comparison"
}

// looseDate reads a date or timestamp given as a plain string, as GDAL
// writes them ('2025-01-01T' for a date).
func looseDate(s string) (time.Time, bool) {
	if t, ok := parseInstant(s); ok {
		return t, true
	}
	if len(s) == 11 && s[10] == 'T' {
		return parseInstant(s[:10])
	}
	return time.Time{}, false
}

// likeNode is prop LIKE pattern (advanced comparison operators): % matches
// any run of characters, _ one character, \ escapes the next; case-sensitive.
type likeNode struct {
	prop    string
	pattern string
	re      *regexp.Regexp
}

func (n likeNode) eval(get func(string) any, _ orb.Geometry) tri {
	s, ok := get(n.prop).(string)
	if !ok {
		return unknown
	}
	return truth(n.re.MatchString(s))
}

// likeParts splits a LIKE pattern into its parts: "%" (any run), "_" (one
// character), or a literal character (escapes resolved).
func likeParts(pattern string) []string {
	var out []string
	r := []rune(pattern)
	for i := 0; i < len(r); i++ {
		switch {
		case r[i] == '\\' && i+1 < len(r):
			i++
			out = append(out, "\\"+string(r[i]))
		case r[i] == '%' || r[i] == '_':
			out = append(out, string(r[i]))
		default:
			out = append(out, "\\"+string(r[i]))
		}
	}
	return out
}

// checkLike builds prop LIKE pattern; prop must be text.
func checkLike(prop string, typ Type, kind litKind, lit any) (node, string) {
	if typ != String {
		return nil, fmt.Sprintf("LIKE takes a text property; %s is not text", prop)
	}
	if kind != litString {
		return nil, "LIKE takes a 'quoted' pattern"
	}
	pattern := lit.(string)
	var re strings.Builder
	re.WriteString(`^(?s:`)
	for _, p := range likeParts(pattern) {
		switch p {
		case "%":
			re.WriteString(".*")
		case "_":
			re.WriteString(".")
		default:
			re.WriteString(regexp.QuoteMeta(p[1:]))
		}
	}
	re.WriteString(`)$`)
	return likeNode{prop: prop, pattern: pattern, re: regexp.MustCompile(re.String())}, ""
}

// inList is prop IN (lits): prop = lit₁ OR prop = lit₂ …, so null is unknown.
func inList(cmps []node) node {
	if len(cmps) == 1 {
		return cmps[0]
	}
	return orNode(cmps)
}

// between is prop BETWEEN lo AND hi: lo <= prop AND prop <= hi.
func between(lo, hi node) node { return andNode{lo, hi} }
