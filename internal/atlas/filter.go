package atlas

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/paulmach/orb/geojson"

	"github.com/inclusiekaart/inclusiekaart/internal/cbs"
)

// PropertyFilter selects features by exact property values: every condition
// must hold (AND); within one condition any listed value may match (OR). The
// zero value matches everything. It is the one implementation of the property
// filters of the OGC items and the JSON API's list, GeoJSON and CSV.
type PropertyFilter struct {
	conds []condition
}

type condition struct {
	prop   string
	values []any // normalised: nil, bool, int64 or string
}

// maxFilterValues bounds the comma-separated values of one filter.
const maxFilterValues = 400

// FilterNames returns the names of the filterable fields, in table order.
func FilterNames(fields []Field) []string {
	var out []string
	for _, f := range fields {
		if f.Filter != NoFilter {
			out = append(out, f.Name)
		}
	}
	return out
}

// IsFilter reports whether name is a filterable field of fields.
func IsFilter(fields []Field, name string) bool {
	for _, f := range fields {
		if f.Name == name && f.Filter != NoFilter {
			return true
		}
	}
	return false
}

// ParsePropertyFilter reads the property filters of fields from q. Parameters
// that are not property filters are left alone (the caller decides whether
// they are allowed). A filter given twice, an empty value or a value of the
// wrong form is a BadRequest naming the parameter. Codes, stages and booleans
// take comma-separated lists; text takes one exact value (names may hold commas).
func ParsePropertyFilter(fields []Field, q url.Values) (PropertyFilter, error) {
	var pf PropertyFilter
	for _, f := range fields {
		vs, ok := q[f.Name]
		if !ok || f.Filter == NoFilter {
			continue
		}
		if len(vs) > 1 {
			return PropertyFilter{}, ParamError(f.Name, "given %d times, expected once", len(vs))
		}
		c, err := parseCondition(f, vs[0])
		if err != nil {
			return PropertyFilter{}, err
		}
		pf.conds = append(pf.conds, c)
	}
	return pf, nil
}

func parseCondition(f Field, raw string) (condition, error) {
	c := condition{prop: f.Name}
	if raw == "" {
		return c, ParamError(f.Name, "empty value")
	}
	if f.Filter == ExactText {
		if !utf8.ValidString(raw) || utf8.RuneCountInString(raw) > 100 {
			return c, ParamError(f.Name, "want an exact %s of at most 100 characters", f.Name)
		}
		c.values = []any{raw}
		return c, nil
	}
	parts := strings.Split(raw, ",")
	if len(parts) > maxFilterValues {
		return c, ParamError(f.Name, "at most %d comma-separated values", maxFilterValues)
	}
	for _, p := range parts {
		v, err := parseFilterValue(f.Filter, strings.TrimSpace(p))
		if err != nil {
			return c, ParamError(f.Name, "%s", err.Error())
		}
		c.values = append(c.values, v)
	}
	return c, nil
}

func parseFilterValue(kind FilterKind, s string) (any, error) {
	switch kind {
	case MunicipalityCode:
		c, err := cbs.ParseMunicipalityCode(s)
		if err != nil || strings.TrimSpace(s) != s {
			return nil, fmt.Errorf("%q is not a CBS municipality code (GM followed by 4 digits)", Clip(s))
		}
		return string(c), nil
	case ProvinceCode:
		c, err := cbs.ParseProvinceCode(s)
		if err != nil || strings.TrimSpace(s) != s {
			return nil, fmt.Errorf("%q is not a CBS province code (PV followed by 2 digits)", Clip(s))
		}
		return string(c), nil
	case StageValue:
		if s == "null" {
			return nil, nil
		}
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 6 {
			return nil, fmt.Errorf("%q is not a stage (1 to 6, or null for unknown)", Clip(s))
		}
		return int64(n), nil
	case BoolValue, NullableBool:
		switch s { // 1 and 0 as GDAL writes booleans
		case "true", "1":
			return true, nil
		case "false", "0":
			return false, nil
		case "null":
			if kind == NullableBool {
				return nil, nil
			}
		}
		if kind == NullableBool {
			return nil, fmt.Errorf("%q is not true, false (or 1, 0) or null", Clip(s))
		}
		return nil, fmt.Errorf("%q is not true or false (or 1, 0)", Clip(s))
	}
	return nil, fmt.Errorf("unsupported filter")
}

// Empty reports whether f matches everything.
func (f PropertyFilter) Empty() bool { return len(f.conds) == 0 }

// Match reports whether a feature with properties p passes every condition.
// A property missing from p counts as null.
func (f PropertyFilter) Match(p geojson.Properties) bool {
	for _, c := range f.conds {
		v := Normalise(p[c.prop])
		ok := false
		for _, want := range c.values {
			if v == want {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

// String is the canonical query form of f (sorted parameters), for cache keys.
func (f PropertyFilter) String() string {
	q := url.Values{}
	for _, c := range f.conds {
		parts := make([]string, len(c.values))
		for i, v := range c.values {
			if v == nil {
				parts[i] = "null"
			} else {
				parts[i] = fmt.Sprint(v)
			}
		}
		q.Set(c.prop, strings.Join(parts, ","))
	}
	return q.Encode()
}

// Normalise turns property values (pointers, ints, JSON-decoded float64s)
// into nil, bool, int64 or string so that == compares them.
func Normalise(v any) any {
	switch x := v.(type) {
	case nil:
		return nil
	case *int:
		if x == nil {
			return nil
		}
		return int64(*x)
	case *bool:
		if x == nil {
			return nil
		}
		return *x
	case *string:
		if x == nil {
			return nil
		}
		return *x
	case *float64:
		if x == nil {
			return nil
		}
		return Normalise(*x)
	case int:
		return int64(x)
	case int64:
		return x
	case float64:
		if x == float64(int64(x)) {
			return int64(x)
		}
		return x
	case bool, string:
		return x
	}
	return fmt.Sprint(v)
}
