package ogc

import (
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/paulmach/orb/geojson"
)

// ParamError is a malformed or unsupported query parameter. Param names it, so
// a user (and the 400 response) can see which one to fix.
type ParamError struct {
	Param string
	Msg   string
}

func (e *ParamError) Error() string { return "parameter " + e.Param + ": " + e.Msg }

func paramErr(param, format string, args ...any) *ParamError {
	return &ParamError{Param: param, Msg: fmt.Sprintf(format, args...)}
}

// propertyKind is how a filterable property's values are written and compared.
type propertyKind int

const (
	kindMunicipalityCode propertyKind = iota // GM0363
	kindProvinceCode                         // PV27
	kindAreaCode                             // either of the above
	kindStage                                // 1..6, or null
	kindBool                                 // true | false
	kindNullableBool                         // true | false | null
	kindText                                 // exact text
)

// MunicipalityFilters and ProvinceFilters list the property filters (query
// parameter = property name) each layer accepts. The same names work on
// /ogc/collections/{id}/items, /api/municipalities.geojson and .csv.
var (
	municipalityFilters = map[string]propertyKind{
		"code": kindMunicipalityCode, "name": kindText, "province_code": kindProvinceCode,
		"stage": kindStage, "koploper": kindBool, "demo": kindBool, "insufficient_data": kindNullableBool,
		"basis": kindText,
	}
	provinceFilters = map[string]propertyKind{"code": kindProvinceCode, "name": kindText}
)

// FilterNames returns the property filter parameters of a layer ("municipality"
// or "province"), sorted.
func FilterNames(level string) []string {
	m := filtersOf(level)
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func filtersOf(level string) map[string]propertyKind {
	if level == "province" {
		return provinceFilters
	}
	return municipalityFilters
}

// IsFilterParam reports whether name is a property filter of level.
func IsFilterParam(level, name string) bool {
	_, ok := filtersOf(level)[name]
	return ok
}

// PropertyFilter selects features by exact property values: every condition
// must hold (AND); within one condition any listed value may match (OR). The
// zero value matches everything. It is the one implementation of the property
// filters shared by the OGC items and the GeoJSON/CSV exports.
type PropertyFilter struct {
	conds []condition
}

type condition struct {
	prop   string
	values []any // normalised: nil, bool, int64 or string
}

var (
	municipalityCodeRE = regexp.MustCompile(`^GM\d{4}$`)
	provinceCodeRE     = regexp.MustCompile(`^PV\d{2}$`)
)

// maxFilterValues bounds the comma-separated values of one filter.
const maxFilterValues = 400

// ParsePropertyFilter reads the property filters of level from q. Parameters
// that are not property filters are left alone (the caller decides whether
// they are allowed). A filter given twice, an empty value or a value of the
// wrong form is a *ParamError. Codes and stages take comma-separated lists;
// name takes one exact name (names may contain commas).
func ParsePropertyFilter(level string, q url.Values) (PropertyFilter, error) {
	var pf PropertyFilter
	for _, name := range FilterNames(level) {
		vs, ok := q[name]
		if !ok {
			continue
		}
		if len(vs) > 1 {
			return PropertyFilter{}, paramErr(name, "given %d times, expected once", len(vs))
		}
		c, err := parseCondition(name, filtersOf(level)[name], vs[0])
		if err != nil {
			return PropertyFilter{}, err
		}
		pf.conds = append(pf.conds, c)
	}
	return pf, nil
}

func parseCondition(name string, kind propertyKind, raw string) (condition, error) {
	c := condition{prop: name}
	if raw == "" {
		return c, paramErr(name, "empty value")
	}
	if kind == kindText {
		if !utf8.ValidString(raw) || utf8.RuneCountInString(raw) > 100 {
			return c, paramErr(name, "want an exact name of at most 100 characters")
		}
		c.values = []any{raw}
		return c, nil
	}
	parts := strings.Split(raw, ",")
	if len(parts) > maxFilterValues {
		return c, paramErr(name, "at most %d comma-separated values", maxFilterValues)
	}
	for _, p := range parts {
		v, err := parseValue(kind, strings.TrimSpace(p))
		if err != nil {
			return c, paramErr(name, "%s", err.Error())
		}
		c.values = append(c.values, v)
	}
	return c, nil
}

func parseValue(kind propertyKind, s string) (any, error) {
	switch kind {
	case kindMunicipalityCode, kindProvinceCode, kindAreaCode:
		c := strings.ToUpper(s)
		ok := (kind != kindProvinceCode && municipalityCodeRE.MatchString(c)) || (kind != kindMunicipalityCode && provinceCodeRE.MatchString(c))
		if !ok {
			want := map[propertyKind]string{kindMunicipalityCode: "a CBS municipality code (GM followed by 4 digits)",
				kindProvinceCode: "a CBS province code (PV followed by 2 digits)", kindAreaCode: "a CBS code"}[kind]
			return nil, fmt.Errorf("%q is not %s", clipText(s), want)
		}
		return c, nil
	case kindStage:
		if s == "null" {
			return nil, nil
		}
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 6 {
			return nil, fmt.Errorf("%q is not a stage (1 to 6, or null for unknown)", clipText(s))
		}
		return int64(n), nil
	case kindBool, kindNullableBool:
		switch s {
		case "true":
			return true, nil
		case "false":
			return false, nil
		case "null":
			if kind == kindNullableBool {
				return nil, nil
			}
		}
		if kind == kindNullableBool {
			return nil, fmt.Errorf("%q: want true, false or null", clipText(s))
		}
		return nil, fmt.Errorf("%q: want true or false", clipText(s))
	}
	return nil, fmt.Errorf("unsupported filter")
}

// Empty reports whether f matches everything.
func (f PropertyFilter) Empty() bool { return len(f.conds) == 0 }

// Match reports whether a feature with properties p passes every condition.
// A property missing from p counts as null.
func (f PropertyFilter) Match(p geojson.Properties) bool {
	for _, c := range f.conds {
		v := normalise(p[c.prop])
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

// normalise turns the property values our sources produce (pointers, ints,
// JSON-decoded float64s) into nil, bool, int64 or string so that == compares them.
func normalise(v any) any {
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
		return normalise(*x)
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

func clipText(s string) string {
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return strings.ToValidUTF8(s, "?")
}
