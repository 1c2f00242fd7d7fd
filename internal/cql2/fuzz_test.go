package cql2

import (
	"testing"

	"github.com/paulmach/orb"
)

var fuzzQueryables = Queryables{"stage": Integer, "score": Number, "koploper": Boolean, "name": String, "assessed_on": Date, "geometry": Geometry}

// FuzzParse feeds both encodings arbitrary text: they never panic, an error
// is an *Error, and whatever parses evaluates without panicking.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"stage >= 4", "koploper = 1 AND NOT (stage IS NULL)", "S_INTERSECTS(geometry, BBOX(4,52,5,53))",
		"S_INTERSECTS(geometry, POINT(4.9 52.37))", "name = 'it''s'", "assessed_on > DATE('2025-01-01')", `"name" <> 'x'`, "((((", "'",
		`{"op":"and","args":[{"op":">=","args":[{"property":"stage"},4]},true]}`, `{"op":"s_intersects","args":[{"property":"geometry"},{"bbox":[4,52,5,53]}]}`,
		"name NOT LIKE 'A\\%_' AND stage IN (1, 2) OR score NOT BETWEEN 1 AND 2", "geometry IS NULL", "stage NOT IN ()",
		`{"op":"in","args":[{"property":"stage"},[1,2]]}`, `{"op":"between","args":[{"property":"score"},1,2]}`, `{"op":"like","args":[{"property":"name"},"a%"]}`} {
		f.Add(s)
	}
	get := func(name string) any {
		return map[string]any{"stage": int64(4), "score": 50.5, "koploper": true, "name": "x", "assessed_on": "2025-03-01"}[name]
	}
	g := orb.MultiPolygon{{{{4, 52}, {5, 52}, {5, 53}, {4, 52}}}}
	f.Fuzz(func(t *testing.T, s string) {
		for _, parse := range []func(string, Queryables) (*Expr, error){ParseText, ParseJSON} {
			e, err := parse(s, fuzzQueryables)
			if err != nil {
				if _, ok := err.(*Error); !ok {
					t.Fatalf("%q: error %T %v", s, err, err)
				}
				continue
			}
			e.Match(get, g)
			e.Match(func(string) any { return nil }, nil)
		}
	})
}
