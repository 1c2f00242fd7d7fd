package server_test

import (
	"encoding/json"
	"testing"

	"github.com/inclusiekaart/inclusiekaart/internal/server"
)

// TestNamesLeadToTodaysMunicipality protects the search's other names:
// everyday names lead to the official municipality, former municipalities
// to the one they became part of, with a note saying since when and their
// own CBS code.
func TestNamesLeadToTodaysMunicipality(t *testing.T) {
	ts, _ := newServer(t, server.Config{})
	var names []struct {
		Name, Code, Kind string
		NoteNL           string `json:"note_nl"`
		Year             int
		OldCode          string `json:"old_code"`
	}
	r := get(t, ts.URL+"/api/names")
	if err := json.Unmarshal(r.body, &names); err != nil {
		t.Fatal(err)
	}
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
