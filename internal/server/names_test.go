package server_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/inclusiekaart/inclusiekaart/internal/server"
)

// searchName is one entry of /api/names.
type searchName struct {
	Name, Code, Kind string
	NoteNL           string `json:"note_nl"`
	Year             int
	OldCode          string `json:"old_code"`
}

// searchNames returns /api/names of a new server.
func searchNames(t *testing.T) []searchName {
	t.Helper()
	ts, _ := newServer(t, server.Config{})
	var names []searchName
	if err := json.Unmarshal(get(t, ts.URL+"/api/names").body, &names); err != nil {
		t.Fatal(err)
	}
	return names
}

// TestNamesLeadToTodaysMunicipality protects the search's other names:
// everyday names lead to the official municipality, former municipalities
// to the one they became part of, with a note saying since when and their
// own CBS code.
func TestNamesLeadToTodaysMunicipality(t *testing.T) {
	names := searchNames(t)
	want := map[string]string{"Den Haag": "GM0518", "Den Bosch": "GM0796", "Ten Boer": "GM0014", "Weesp": "GM0363"}
	got := map[string]string{}
	oldCodes := map[string]string{}
	for _, n := range names {
		got[n.Name] = n.Code
		oldCodes[n.Name] = n.OldCode
		if n.NoteNL == "" {
			t.Errorf("%s without a note", n.Name)
		}
		if (n.Kind == "former") != (n.OldCode != "") {
			t.Errorf("%s (%s) has old code %q", n.Name, n.Kind, n.OldCode)
		}
	}
	// merges.json: Geldermalsen GM0236, Groesbeek GM0241 (renamed Berg en Dal, GM1945).
	for name, code := range map[string]string{"Geldermalsen": "GM0236", "Groesbeek": "GM0241"} {
		if oldCodes[name] != code {
			t.Errorf("%s has old code %q, want %s", name, oldCodes[name], code)
		}
	}
	for name, code := range want {
		if got[name] != code {
			t.Errorf("%s leads to %q, want %s", name, got[name], code)
		}
	}
}

// TestSplitMunicipalitiesLeadToEveryMunicipalityThatTookAPart protects the
// search for a former municipality that was divided: Haaren leads to the
// four municipalities its villages joined in 2021, each with its note.
func TestSplitMunicipalitiesLeadToEveryMunicipalityThatTookAPart(t *testing.T) {
	names := searchNames(t)
	got := map[string][]string{}
	for _, n := range names {
		if n.Name == "Haaren" || n.Name == "Littenseradiel" || n.Name == "Winsum" {
			got[n.Name] = append(got[n.Name], n.Code+" "+n.NoteNL)
			if n.Kind != "former" {
				t.Errorf("%s: kind %q", n.Name, n.Kind)
			}
		}
	}
	want := map[string][]string{
		"Haaren":         {"GM0824 sinds 2021 deels onderdeel van Oisterwijk", "GM0865 sinds 2021 deels onderdeel van Vught", "GM0757 sinds 2021 deels onderdeel van Boxtel", "GM0855 sinds 2021 deels onderdeel van Tilburg"},
		"Littenseradiel": {"GM1900 sinds 2018 deels onderdeel van Súdwest-Fryslân", "GM0080 sinds 2018 deels onderdeel van Leeuwarden", "GM1949 sinds 2018 deels onderdeel van Waadhoeke"},
		"Winsum":         {"GM1966 sinds 2019 deels onderdeel van Het Hogeland", "GM1969 sinds 2019 deels onderdeel van Westerkwartier"},
	}
	for name, w := range want {
		if strings.Join(got[name], "; ") != strings.Join(w, "; ") {
			t.Errorf("%s: got %q\nwant %q", name, got[name], w)
		}
	}
}
