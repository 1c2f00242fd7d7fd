package atlas

import (
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/inclusiekaart/inclusiekaart/internal/cql2"
)

// GeometryQueryable is the name of the geometry in CQL2 filters
// (S_INTERSECTS(geometry, BBOX(…))) and in the queryables.
const GeometryQueryable = "geometry"

// Queryables is the CQL2 queryables table of a contract: every published
// field under its type, and the geometry.
func Queryables(fields []Field) cql2.Queryables {
	q := cql2.Queryables{GeometryQueryable: cql2.Geometry}
	for _, f := range fields {
		q[f.Name] = queryableType(f)
	}
	return q
}

func queryableType(f Field) cql2.Type {
	switch {
	case f.Format == "date":
		return cql2.Date
	case f.Type == Integer:
		return cql2.Integer
	case f.Type == Number:
		return cql2.Number
	case f.Type == Boolean:
		return cql2.Boolean
	}
	return cql2.String
}

// Filter language names (OGC API - Features Part 3, filter-lang).
const (
	CQL2Text = "cql2-text"
	CQL2JSON = "cql2-json"
)

// ParseCQL2 parses a CQL2 filter in lang (CQL2Text or CQL2JSON) against the
// queryables of fields. An error is a BadRequest on the parameter filter whose
// message names the token at fault and where it is.
func ParseCQL2(fields []Field, lang, text string) (Predicate, error) {
	e, err := ParseCQL2Expr(fields, lang, text)
	if err != nil {
		return nil, err
	}
	return func(p geojson.Properties, g orb.Geometry) bool {
		return e.Match(func(name string) any { return Normalise(p[name]) }, g)
	}, nil
}

// ParseCQL2Expr is ParseCQL2 returning the parsed expression, which
// FeaturePage runs as SQL where it can (Query.CQL2).
func ParseCQL2Expr(fields []Field, lang, text string) (*cql2.Expr, error) {
	var (
		e   *cql2.Expr
		err error
	)
	if lang == CQL2JSON {
		e, err = cql2.ParseJSON(text, Queryables(fields))
	} else {
		e, err = cql2.ParseText(text, Queryables(fields))
	}
	if err != nil {
		msg := err.Error()
		if lang != CQL2JSON && cql2.IsJSON(text) {
			msg += "; for the JSON encoding add filter-lang=cql2-json"
		}
		return nil, ParamError("filter", "%s", msg)
	}
	return e, nil
}

// Predicate selects features by their properties and geometry (a CQL2 filter,
// a datetime interval); nil selects every feature.
type Predicate func(p geojson.Properties, g orb.Geometry) bool
