package web

import (
	"errors"
	"fmt"
	"math"
	"net/url"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"github.com/inclusiekaart/inclusiekaart/geo"
	"github.com/inclusiekaart/inclusiekaart/internal/atlas"
	"github.com/inclusiekaart/inclusiekaart/internal/cbs"
)

// Single returns the one value of parameter name, whether it was given, and
// a BadRequest when it was given more than once.
func Single(q url.Values, name string) (string, bool, error) {
	vs, ok := q[name]
	if !ok {
		return "", false, nil
	}
	if len(vs) > 1 {
		return "", true, atlas.ParamError(name, "given %d times, expected once", len(vs))
	}
	return vs[0], true, nil
}

// ParseYear accepts a boundary year written as exactly four ASCII digits from
// 1800 to 2200 (no sign, no decimals).
func ParseYear(s string) (int, error) {
	t := strings.TrimSpace(s)
	ok := len(t) == 4
	for i := 0; ok && i < len(t); i++ {
		ok = t[i] >= '0' && t[i] <= '9'
	}
	y, err := strconv.Atoi(t)
	if !ok || err != nil || y < 1800 || y > 2200 {
		return 0, atlas.ParamError("year", "%q is not a year (four digits, e.g. 2025)", atlas.Clip(s))
	}
	return y, nil
}

// ParseMunicipalityCode parses a municipality code given as param ("" for a
// path segment, whose message then names only the code).
func ParseMunicipalityCode(param, s string) (string, error) {
	c, err := cbs.ParseMunicipalityCode(s)
	if err != nil {
		if param == "" {
			return "", &atlas.Error{Kind: atlas.BadRequest, Field: "code", Message: err.Error()}
		}
		return "", atlas.ParamError(param, "%s", err.Error())
	}
	return string(c), nil
}

// ParseProvinceCode parses the province parameter.
func ParseProvinceCode(s string) (string, error) {
	c, err := cbs.ParseProvinceCode(s)
	if err != nil {
		return "", atlas.ParamError("province", "%s", err.Error())
	}
	return string(c), nil
}

// ParseLonLatBBox parses "minLon,minLat,maxLon,maxLat": exactly four finite
// numbers, longitudes in [-180, 180], latitudes in [-90, 90], min <= max
// (a box across the antimeridian is rejected).
func ParseLonLatBBox(s string) (orb.Bound, error) {
	bad := func(format string, args ...any) (orb.Bound, error) {
		return orb.Bound{}, atlas.ParamError("bbox", format, args...)
	}
	parts := strings.Split(s, ",")
	if len(parts) != 4 {
		return bad("%q is not 4 numbers separated by commas (minLon,minLat,maxLon,maxLat)", atlas.Clip(s))
	}
	names := [4]string{"minLon", "minLat", "maxLon", "maxLat"}
	var v [4]float64
	for i, p := range parts {
		f, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return bad("%s %q is not a finite number", names[i], atlas.Clip(p))
		}
		v[i] = f
	}
	for i, lim := range [4]float64{180, 90, 180, 90} {
		if v[i] < -lim || v[i] > lim {
			return bad("%s %v is not between %v and %v", names[i], v[i], -lim, lim)
		}
	}
	for i := range 2 {
		if v[i] > v[i+2] {
			return bad("%s %v is greater than %s %v", names[i], v[i], names[i+2], v[i+2])
		}
	}
	return orb.Bound{Min: orb.Point{v[0], v[1]}, Max: orb.Point{v[2], v[3]}}, nil
}

// ParseZoom parses a web-map zoom (an integer from 0 to geo.MaxZoom) and
// returns the simplification level (index into geo.ZoomLevels) serving it.
func ParseZoom(s string) (int, error) {
	z, err := strconv.Atoi(strings.TrimSpace(s))
	if errors.Is(err, strconv.ErrRange) {
		return 0, atlas.ParamError("zoom", "%s is not between 0 and %d", atlas.Clip(strings.TrimSpace(s)), geo.MaxZoom)
	}
	if err != nil {
		return 0, atlas.ParamError("zoom", "%q is not a whole number", atlas.Clip(s))
	}
	if z < 0 || z > geo.MaxZoom {
		return 0, atlas.ParamError("zoom", "%d is not between 0 and %d", z, geo.MaxZoom)
	}
	return geo.LevelForZoom(z), nil
}

// CheckQuery rejects a query string that does not decode (broken
// percent-encoding), naming the parameter; url.Values silently drops such
// pairs, which would turn a filter the user asked for into no filter at all.
func CheckQuery(raw string) error {
	for rest := raw; rest != ""; {
		var pair string
		pair, rest, _ = strings.Cut(rest, "&")
		if pair == "" {
			continue
		}
		key, value, _ := strings.Cut(pair, "=")
		name, err := url.QueryUnescape(key)
		if err != nil {
			return &atlas.Error{Kind: atlas.BadRequest, Message: fmt.Sprintf("query string: parameter name %q is not valid percent-encoding", atlas.Clip(key))}
		}
		if _, err := url.QueryUnescape(value); err != nil {
			return atlas.ParamError(atlas.Clip(name), "%q is not valid percent-encoding", atlas.Clip(value))
		}
		if strings.Contains(pair, ";") {
			return atlas.ParamError(atlas.Clip(name), "';' is not a separator here, use '&'")
		}
	}
	return nil
}
