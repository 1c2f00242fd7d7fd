package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"

	"github.com/inclusiekaart/inclusiekaart/internal/assessment"
	"github.com/inclusiekaart/inclusiekaart/internal/atlas"
	"github.com/inclusiekaart/inclusiekaart/internal/server"
	"github.com/inclusiekaart/inclusiekaart/internal/store"
)

func TestDemoOnlyWithDemoFlag(t *testing.T) {
	ts, st, _ := editServer(t, false)
	demoA := assessment.Assessment{Code: "GM0363", AssessedOn: "2026-01-01", Source: "Voorbeeldgegevens (demo)", Demo: true,
		Values: map[string]assessment.Value{"stage": {Value: 5}}}
	if ok, err := st.LoadDemo(context.Background(), []assessment.Assessment{demoA}); err != nil || !ok {
		t.Fatalf("LoadDemo: %v %v", ok, err)
	}
	var m map[string]any
	json.Unmarshal(get(t, ts.URL+"/api/municipalities/GM0363").body, &m)
	if m["stage"] != nil || m["demo"] != false {
		t.Errorf("without --demo a demo value is shown: %v %v", m["stage"], m["demo"])
	}
	ts2 := serve(t, st, atlas.Config{Demo: true, Now: fixedNow}, server.Config{})
	json.Unmarshal(get(t, ts2.URL+"/api/municipalities/GM0363").body, &m)
	if m["stage"] != float64(5) || m["demo"] != true {
		t.Errorf("with --demo: stage %v demo %v", m["stage"], m["demo"])
	}
	// Never exported as if real.
	if body := get(t, ts2.URL+"/api/assessments.csv").body; bytes.Contains(body, []byte("GM0363")) {
		t.Errorf("demo assessment exported in assessments.csv")
	}
}

func TestStakeholdersDemoOnlyWithDemoFlag(t *testing.T) {
	for _, demo := range []bool{false, true} {
		ts, st := newServer(t, server.Config{}, atlas.Config{Demo: demo})
		loadDemoStakeholders(t, st)
		m := decodeMap(t, get(t, ts.URL+"/api/municipalities/GM0363/stakeholders"))
		if demo && (!m.Demo || m.Known != 2 || m.Involved == nil || *m.Involved != 1) {
			t.Errorf("--demo: %+v, want demo with 1 of 2 known involved", m)
		}
		if !demo && (m.Demo || m.Known != 0) {
			t.Errorf("without --demo the demo assessment leaks: demo %v known %d", m.Demo, m.Known)
		}
	}
}

// loadDemoStakeholders stores a demo assessment for Amsterdam with two
// stakeholder values.
func loadDemoStakeholders(t *testing.T, st *store.Store) {
	t.Helper()
	a := assessment.Assessment{Code: "GM0363", AssessedOn: "2025-01-01", Source: "demo", Demo: true, Values: map[string]assessment.Value{
		"stakeholder.council": {Value: 1},
		"stakeholder.media":   {Value: 0},
	}}
	if _, err := st.LoadDemo(context.Background(), []assessment.Assessment{a}); err != nil {
		t.Fatal(err)
	}
}
