package server_test

import (
	"encoding/json"
	"testing"

	"github.com/inclusiekaart/inclusiekaart/internal/server"
)

// TestNamesLeadToTodaysMunicipality protects the search's other names:
// everyday names lead to the official municipality, former municipalities
// to the one they became part of, with a note saying since when.
func TestNamesLeadToTodaysMunicipality(t *testing.T) {
	ts, _ := newServer(t, server.Config{})
	var names []struct {
		Name, Code, Kind string
		NoteNL           string `json:"note_nl"`
		Year             int
	}
	r := get(t, ts.URL+"/api/names")
	if err := json.Unmarshal(r.body, &names); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"Den Haag": "GM0518", "Den Bosch": "GM0796", "Ten Boer": "GM0014", "Weesp": "GM0363"}
	got := map[string]string{}
	for _, n := range names {
		got[n.Name] = n.Code
		if n.NoteNL == "" {
			t.Errorf("%s without a note", n.Name)
		}
	}
	for name, code := range want {
		if got[name] != code {
			t.Errorf("%s leads to %q, want %s", name, got[name], code)
		}
	}
}
