package source

import (
	"math"
	"strconv"
	"strings"
)

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
	if s, _ := p["jrstatcode"].(string); s != "" {
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
