package data

import (
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/inclusiekaart/inclusiekaart/internal/fixture"
)

// The search-name rule of scripts/wijken.py, restated to check the file.
var (
	wijkNumber = regexp.MustCompile(`^Wijk\s*\d+\s*[:\-]?\s*`)
	wijkAround = regexp.MustCompile(`\s+(e\.o\.|en omgeving)$`)
)

// TestDistrictsMatchCBSSource protects the district names the search finds
// places by: every district of the CBS/Kadaster fixture (a subset of the
// shared wijk_2025 file, features unchanged) is in wijken_2025.csv with the
// same code, name and municipality, and with the search name the documented
// rule gives; the file covers every 2025 municipality, once per code.
func TestDistrictsMatchCBSSource(t *testing.T) {
	ds, err := Districts()
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 3423 {
		t.Errorf("%d districts, want the 3,423 of CBS wijk_2025", len(ds))
	}
	byCode := map[string]District{}
	perMunicipality := map[string]int{}
	for _, d := range ds {
		if _, dup := byCode[d.Code]; dup {
			t.Errorf("%s twice", d.Code)
		}
		byCode[d.Code] = d
		perMunicipality[d.MunicipalityCode]++
		if len(d.Code) != 8 || "GM"+d.Code[2:6] != d.MunicipalityCode {
			t.Errorf("%s: municipality %s does not match the code", d.Code, d.MunicipalityCode)
		}
		if want := strings.TrimSpace(wijkAround.ReplaceAllString(wijkNumber.ReplaceAllString(d.Name, ""), "")); d.SearchName != want {
			t.Errorf("%s %q: search name %q, want %q", d.Code, d.Name, d.SearchName, want)
		}
	}
	for code, name := range gemeenten2025(t) {
		if perMunicipality[code] == 0 {
			t.Errorf("%s %s has no district", code, name)
		}
	}

	raw, err := os.ReadFile(fixture.Boundaries(t, "wijk_2025.geojson"))
	if err != nil {
		t.Fatal(err)
	}
	var src struct {
		Features []struct {
			Properties struct {
				Statcode, Statnaam, GmCode string
			}
		}
	}
	if err := json.Unmarshal(raw, &src); err != nil {
		t.Fatal(err)
	}
	if len(src.Features) == 0 {
		t.Fatal("no districts in the fixture")
	}
	for _, f := range src.Features {
		p := f.Properties
		d, ok := byCode[p.Statcode]
		if !ok {
			t.Errorf("%s %q of the source is missing", p.Statcode, p.Statnaam)
			continue
		}
		if d.Name != p.Statnaam || d.MunicipalityCode != p.GmCode {
			t.Errorf("%s: file has %q in %s, source %q in %s", p.Statcode, d.Name, d.MunicipalityCode, p.Statnaam, p.GmCode)
		}
	}
}

// TestDistrictSearchNames protects the rule on real names: the number and
// "e.o." go, the place name stays, a bare number leaves nothing to find.
func TestDistrictSearchNames(t *testing.T) {
	ds, err := Districts()
	if err != nil {
		t.Fatal(err)
	}
	byCode := map[string]District{}
	for _, d := range ds {
		byCode[d.Code] = d
	}
	want := map[string][3]string{
		"WK051807": {"Wijk 07 Scheveningen", "Scheveningen", "GM0518"},
		"WK001408": {"Hoogkerk e.o.", "Hoogkerk", "GM0014"},
		"WK001419": {"Glimmen-Onnen-Noordlaren", "Glimmen-Onnen-Noordlaren", "GM0014"},
		"WK098602": {"Wijk02 Kunrade", "Kunrade", "GM0986"},
		"WK099400": {"Wijk 00: Valkenburg", "Valkenburg", "GM0994"},
		"WK197801": {"Wijk01-Arkel", "Arkel", "GM1978"},
		"WK020012": {"Hoenderloo en omgeving", "Hoenderloo", "GM0200"},
		"WK037508": {"Wijk aan Zee", "Wijk aan Zee", "GM0375"},
		"WK022101": {"Wijk 01", "", "GM0221"},
	}
	for code, w := range want {
		d := byCode[code]
		if d.Name != w[0] || d.SearchName != w[1] || d.MunicipalityCode != w[2] {
			t.Errorf("%s: %+v, want name %q, search name %q in %s", code, d, w[0], w[1], w[2])
		}
	}
}
