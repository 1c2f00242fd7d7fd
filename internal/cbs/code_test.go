package cbs

import (
	"regexp"
	"testing"
)

func TestParseMunicipalityCodeAcceptsCanonicalFormInAnyCase(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want MunicipalityCode
		ok   bool
	}{
		{"GM0363", "GM0363", true}, {"gm0363", "GM0363", true}, {" Gm1900 ", "GM1900", true},
		{"GM363", "", false}, {"GM03630", "", false}, {"PV27", "", false}, {"", "", false}, {"GM03a3", "", false},
		{"GM０３６３", "", false}, // full-width digits are not CBS digits
		{"GM036३", "", false}, // nor is a Devanagari digit (RE2 digits are ASCII)
	} {
		got, err := ParseMunicipalityCode(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("ParseMunicipalityCode(%q) = %q, %v; want %q ok=%v", tc.in, got, err, tc.want, tc.ok)
		}
	}
}

func TestParseProvinceCode(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want ProvinceCode
		ok   bool
	}{{"PV27", "PV27", true}, {"pv20", "PV20", true}, {"PV2", "", false}, {"GM0363", "", false}} {
		got, err := ParseProvinceCode(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("ParseProvinceCode(%q) = %q, %v; want %q ok=%v", tc.in, got, err, tc.want, tc.ok)
		}
	}
}

func TestPatternsAreAnchoredAndAgreeWithTheParser(t *testing.T) {
	for _, tc := range []struct {
		pattern string
		in      string
		want    bool
	}{
		{MunicipalityPattern, "GM0363", true}, {MunicipalityPattern, "xGM0363", false}, {MunicipalityPattern, "GM03631", false},
		{MunicipalityListPattern, "GM0363,GM0344", true}, {MunicipalityListPattern, "GM0363,", false},
		{ProvincePattern, "PV27", true}, {ProvincePattern, "PV270", false},
	} {
		if got := regexp.MustCompile(tc.pattern).MatchString(tc.in); got != tc.want {
			t.Errorf("%s on %q = %v, want %v", tc.pattern, tc.in, got, tc.want)
		}
	}
	if !IsMunicipalityCode("GM0363") || IsMunicipalityCode("gm0363") || !IsProvinceCode("PV27") {
		t.Error("Is* must accept only the canonical form")
	}
}

func FuzzParseMunicipalityCode(f *testing.F) {
	for _, s := range []string{"GM0363", "gm0001", "", "GM", "PV27"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseMunicipalityCode(s)
		if err == nil && !IsMunicipalityCode(string(c)) {
			t.Fatalf("parsed %q to non-canonical %q", s, c)
		}
	})
}
