// Package cbs holds the area codes of Statistics Netherlands (CBS): the
// municipality code (GM followed by four digits, e.g. GM0363) and the province
// code (PV followed by two digits, e.g. PV27). It is the one place that knows
// their form; every reader of outside input (boundary files, CSV, JSON, URL
// paths and query parameters, OpenAPI patterns) parses codes through it.
package cbs

import (
	"fmt"
	"regexp"
	"strings"
)

// The forms of the codes, unanchored, in regular-expression syntax.
const (
	municipalityForm = `GM\d{4}`
	provinceForm     = `PV\d{2}`
)

var (
	municipalityRE = regexp.MustCompile(`^` + municipalityForm + `$`)
	provinceRE     = regexp.MustCompile(`^` + provinceForm + `$`)
)

// MunicipalityCode is a CBS municipality code in canonical (upper-case) form.
type MunicipalityCode string

// ProvinceCode is a CBS province code in canonical (upper-case) form.
type ProvinceCode string

// MunicipalityPattern is the anchored pattern of a canonical municipality code
// (for JSON Schema and OpenAPI).
const MunicipalityPattern = `^` + municipalityForm + `$`

// MunicipalityListPattern is the anchored pattern of a comma-separated list of
// municipality codes (e.g. the codes parameter of compare).
const MunicipalityListPattern = `^` + municipalityForm + `(,` + municipalityForm + `)*$`

// ProvincePattern is the anchored pattern of a canonical province code.
const ProvincePattern = `^` + provinceForm + `$`

// ParseMunicipalityCode accepts "GM0363" in any case, with surrounding space,
// and returns it upper-cased; anything else is an error naming the input.
func ParseMunicipalityCode(s string) (MunicipalityCode, error) {
	c := strings.ToUpper(strings.TrimSpace(s))
	if !municipalityRE.MatchString(c) {
		return "", fmt.Errorf("code %q is not a CBS municipality code (GM followed by 4 digits)", clip(s))
	}
	return MunicipalityCode(c), nil
}

// ParseProvinceCode accepts "PV27" in any case, with surrounding space, and
// returns it upper-cased.
func ParseProvinceCode(s string) (ProvinceCode, error) {
	c := strings.ToUpper(strings.TrimSpace(s))
	if !provinceRE.MatchString(c) {
		return "", fmt.Errorf("province %q is not a CBS province code (PV followed by 2 digits)", clip(s))
	}
	return ProvinceCode(c), nil
}

// IsMunicipalityCode reports whether s is a municipality code in canonical
// form exactly (no case folding, no space).
func IsMunicipalityCode(s string) bool { return municipalityRE.MatchString(s) }

// IsProvinceCode reports whether s is a province code in canonical form exactly.
func IsProvinceCode(s string) bool { return provinceRE.MatchString(s) }

// String returns the code.
func (c MunicipalityCode) String() string { return string(c) }

// String returns the code.
func (c ProvinceCode) String() string { return string(c) }

func clip(s string) string {
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return strings.ToValidUTF8(s, "?")
}
