package stakeholders_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"reflect"
	"strings"
	"testing"

	"github.com/inclusiekaart/inclusiekaart/data"
	"github.com/inclusiekaart/inclusiekaart/internal/scoring"
	"github.com/inclusiekaart/inclusiekaart/internal/stakeholders"
)

// frameworkGroups are the 16 groups named in DESIGN.md and the issue.
var frameworkGroups = []string{
	"lived_experience_experts", "residents", "council", "executive", "civil_servants", "advisory_council",
	"researchers", "employers", "schools", "sports_culture", "care_welfare", "housing_corporations",
	"transport", "neighbourhood_initiatives", "social_partners", "media",
}

func framework(t *testing.T) *scoring.Framework {
	t.Helper()
	fw, err := scoring.Default()
	if err != nil {
		t.Fatal(err)
	}
	return fw
}

func TestGroupIDsMatchFramework(t *testing.T) {
	if got := stakeholders.GroupIDs(framework(t)); !reflect.DeepEqual(got, frameworkGroups) {
		t.Fatalf("framework stakeholder groups:\n got %v\nwant %v", got, frameworkGroups)
	}
}

// TestDefaultFile validates data/stakeholders.json against its schema and
// checks that it agrees with framework.json.
func TestDefaultFile(t *testing.T) {
	m, err := stakeholders.Default(framework(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Groups) != 16 {
		t.Fatalf("%d groups, want 16", len(m.Groups))
	}
	got := map[string]bool{}
	for _, g := range m.Groups {
		got[g.ID] = true
		if g.Name.NL == "" || g.Name.EN == "" || g.Why.NL == "" || g.Why.EN == "" || g.How.NL == "" || g.How.EN == "" {
			t.Errorf("%s: missing a language", g.ID)
		}
		if g.Ring == "" || g.Quadrant == "" || len(g.Sources) == 0 || len(g.RouteSteps) == 0 {
			t.Errorf("%s: ring %q quadrant %q sources %v steps %v", g.ID, g.Ring, g.Quadrant, g.Sources, g.RouteSteps)
		}
	}
	for _, id := range frameworkGroups {
		if !got[id] {
			t.Errorf("group %s from framework.json missing in stakeholders.json", id)
		}
	}
	// People with lived experience are the core: "nothing about us without us".
	if g, _ := m.Group("lived_experience_experts"); g.Ring != stakeholders.RingCore || len(g.RouteSteps) != 11 {
		t.Errorf("lived experience: ring %q, %d route steps; want core and every step", g.Ring, len(g.RouteSteps))
	}
	// Every ring and quadrant is used, so neither view has an empty part.
	rings, quads := map[string]int{}, map[string]int{}
	for _, g := range m.Groups {
		rings[g.Ring]++
		quads[g.Quadrant]++
	}
	for _, r := range stakeholders.RingIDs {
		if rings[r] == 0 {
			t.Errorf("ring %s has no group", r)
		}
	}
	for _, q := range stakeholders.QuadrantIDs {
		if quads[q] == 0 {
			t.Errorf("quadrant %s has no group", q)
		}
	}
	// The file says it is a reconstruction, not the network's drawing.
	if !strings.Contains(m.Provenance.NL, "reconstructie") || !strings.Contains(m.Provenance.EN, "reconstruction") {
		t.Errorf("provenance does not say the map is a reconstruction: %+v", m.Provenance)
	}
}

func defaultJSON(t *testing.T) map[string]any {
	t.Helper()
	b, err := fs.ReadFile(data.FS, stakeholders.FileName)
	if err != nil {
		t.Fatal(err)
	}
	var v map[string]any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	return v
}

func TestParseErrorsNameTheField(t *testing.T) {
	group := func(v map[string]any, i int) map[string]any { return v["groups"].([]any)[i].(map[string]any) }
	cases := []struct {
		name  string
		edit  func(v map[string]any)
		field string
	}{
		{"empty english name", func(v map[string]any) { group(v, 3)["name"].(map[string]any)["en"] = " " }, "groups[3].name.en"},
		{"missing dutch why", func(v map[string]any) { delete(group(v, 0)["why"].(map[string]any), "nl") }, "groups[0].why.nl"},
		{"bad ring", func(v map[string]any) { group(v, 2)["ring"] = "outer" }, "groups[2].ring"},
		{"quadrant disagrees with numbers", func(v map[string]any) { group(v, 2)["quadrant"] = "monitor" }, "groups[2].quadrant"},
		{"power out of range", func(v map[string]any) { group(v, 1)["power"] = 1.5 }, "groups[1].power"},
		{"route step out of range", func(v map[string]any) { group(v, 1)["route_steps"] = []any{3, 12} }, "groups[1].route_steps[1]"},
		{"no route step", func(v map[string]any) { group(v, 1)["route_steps"] = []any{} }, "groups[1].route_steps"},
		{"no source", func(v map[string]any) { group(v, 5)["sources"] = []any{} }, "groups[5].sources"},
		{"unknown source", func(v map[string]any) { group(v, 5)["sources"] = []any{"rumour"} }, "groups[5].sources[0]"},
		{"unknown category", func(v map[string]any) { group(v, 4)["category"] = "other" }, "groups[4].category"},
		{"unknown group id", func(v map[string]any) { group(v, 7)["id"] = "bakers" }, "groups[7].id"},
		{"duplicate group id", func(v map[string]any) { group(v, 7)["id"] = "council" }, "groups[7].id"},
		{"missing group", func(v map[string]any) { v["groups"] = v["groups"].([]any)[:15] }, "groups"},
		{"unknown top-level field", func(v map[string]any) { v["colour"] = "red" }, "colour"},
		{"unknown group field", func(v map[string]any) { group(v, 0)["weight"] = 3 }, "groups[0].weight"},
		{"wrong type", func(v map[string]any) { group(v, 0)["power"] = "high" }, "groups[0].power"},
		{"bad colour", func(v map[string]any) { v["categories"].([]any)[0].(map[string]any)["color"] = "blue" }, "categories[0].color"},
		{"shared shape", func(v map[string]any) {
			v["categories"].([]any)[1].(map[string]any)["shape"] = v["categories"].([]any)[0].(map[string]any)["shape"]
		}, "categories[1].shape"},
		{"rings out of order", func(v map[string]any) {
			r := v["rings"].([]any)
			r[0], r[1] = r[1], r[0]
		}, "rings[0].id"},
		{"empty provenance", func(v map[string]any) { v["provenance"].(map[string]any)["nl"] = "" }, "provenance.nl"},
	}
	ids := frameworkGroups
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v := defaultJSON(t)
			c.edit(v)
			b, _ := json.Marshal(v)
			_, err := stakeholders.Parse(bytes.NewReader(b), ids)
			var fe *stakeholders.FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("got %v, want a *FieldError", err)
			}
			if fe.Field != c.field {
				t.Errorf("field %q (%v), want %q", fe.Field, err, c.field)
			}
		})
	}
}

func TestParseRoundTripAndRevisionIgnored(t *testing.T) {
	v := defaultJSON(t)
	v["revision"] = map[string]any{"version": 7, "recorded_at": "2026-01-01T00:00:00Z", "recorded_by": "x"}
	b, _ := json.Marshal(v)
	m, err := stakeholders.Parse(bytes.NewReader(b), frameworkGroups)
	if err != nil {
		t.Fatal(err)
	}
	if m.Revision != nil {
		t.Errorf("revision kept from input: %+v", m.Revision)
	}
	out, _ := json.Marshal(m)
	m2, err := stakeholders.Parse(bytes.NewReader(out), frameworkGroups)
	if err != nil {
		t.Fatalf("re-parse own output: %v", err)
	}
	if !reflect.DeepEqual(m, m2) {
		t.Error("round trip changed the map")
	}
}

func TestParseRejectsNonObjects(t *testing.T) {
	for _, body := range []string{``, `[]`, `"x"`, `{"title":`, `{} {}`, `null`} {
		_, err := stakeholders.Parse(strings.NewReader(body), frameworkGroups)
		var fe *stakeholders.FieldError
		if !errors.As(err, &fe) {
			t.Errorf("%q: got %v, want a *FieldError", body, err)
		}
	}
}

func TestQuadrantOf(t *testing.T) {
	cases := []struct {
		power, interest float64
		want            string
	}{
		{0.9, 0.9, stakeholders.QuadrantManageClosely},
		{0.5, 0.5, stakeholders.QuadrantManageClosely},
		{0.9, 0.1, stakeholders.QuadrantKeepSatisfied},
		{0.1, 0.9, stakeholders.QuadrantKeepInformed},
		{0.49, 0.49, stakeholders.QuadrantMonitor},
	}
	for _, c := range cases {
		if got := stakeholders.QuadrantOf(c.power, c.interest); got != c.want {
			t.Errorf("QuadrantOf(%v, %v) = %s, want %s", c.power, c.interest, got, c.want)
		}
	}
}

func FuzzParse(f *testing.F) {
	b, _ := fs.ReadFile(data.FS, stakeholders.FileName)
	f.Add(b)
	f.Add([]byte(`{"groups":[{"id":"council"}]}`))
	f.Add([]byte(`{"groups":[{"route_steps":[1.5],"name":{"nl":"a\u0000"}}],"title":1,"title":2}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := stakeholders.Parse(bytes.NewReader(b), frameworkGroups)
		if err != nil {
			var fe *stakeholders.FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("error %v is not a *FieldError", err)
			}
			if w := leak(err.Error()); w != "" {
				t.Fatalf("message %q leaks %q", err, w)
			}
			return
		}
		out, _ := json.Marshal(m)
		if _, err := stakeholders.Parse(bytes.NewReader(out), frameworkGroups); err != nil {
			t.Fatalf("accepted input does not survive a round trip: %v", err)
		}
	})
}
