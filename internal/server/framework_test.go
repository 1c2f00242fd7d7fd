package server_test

import (
	"encoding/json"
	"strconv"
	"testing"

	"github.com/inclusiekaart/inclusiekaart/internal/scoring"
	"github.com/inclusiekaart/inclusiekaart/internal/server"
)

// TestFrameworkIsServedForThePage protects the page's only source of
// indicator ids, ranges and labels: /api/framework has every indicator of
// data/framework.json in the documented order, with its scale resolved.
func TestFrameworkIsServedForThePage(t *testing.T) {
	ts, _ := newServer(t, server.Config{})
	r := get(t, ts.URL+"/api/framework")
	if r.status != 200 {
		t.Fatalf("status %d", r.status)
	}
	var got scoring.Published
	if err := json.Unmarshal(r.body, &got); err != nil {
		t.Fatal(err)
	}
	fw, err := scoring.Default()
	if err != nil {
		t.Fatal(err)
	}
	want := fw.Indicators()
	if len(got.Indicators) != len(want) {
		t.Fatalf("%d indicators, want %d", len(got.Indicators), len(want))
	}
	for i, in := range want {
		g := got.Indicators[i]
		if g.ID != in.ID || g.Min != in.Min || g.Max != in.Max || len(g.Levels) != len(in.Levels) || g.Label.NL == "" || g.Label.EN == "" {
			t.Errorf("indicator %d: %+v, want %s %d–%d with %d levels", i, g, in.ID, in.Min, in.Max, len(in.Levels))
		}
	}
	if got.Indicators[0].ID != "stage" || got.Indicators[0].Levels[3].Label.NL == "" || len(got.Parts) != len(fw.PartList()) {
		t.Errorf("stage or parts missing: %+v", got.Indicators[0])
	}
}

// TestConfigGivesTheZoomBandsOfTheLayer protects the page's only source of
// the layer's simplification bands.
func TestConfigGivesTheZoomBandsOfTheLayer(t *testing.T) {
	ts, _ := newServer(t, server.Config{})
	var raw struct {
		ZoomBands []map[string]int `json:"zoom_bands"`
	}
	if err := json.Unmarshal(get(t, ts.URL+"/api/config").body, &raw); err != nil {
		t.Fatal(err)
	}
	want := []map[string]int{
		{"band": 0, "min_zoom": 0, "max_zoom": 7, "zoom": 7}, {"band": 1, "min_zoom": 8, "max_zoom": 9, "zoom": 9},
		{"band": 2, "min_zoom": 10, "max_zoom": 11, "zoom": 11}, {"band": 3, "min_zoom": 12, "max_zoom": 22, "zoom": 12},
	}
	if len(raw.ZoomBands) != len(want) {
		t.Fatalf("zoom_bands %v", raw.ZoomBands)
	}
	for i := range want {
		for k, v := range want[i] {
			if raw.ZoomBands[i][k] != v {
				t.Errorf("band %d: %s = %d, want %d", i, k, raw.ZoomBands[i][k], v)
			}
		}
	}
	// Every band's zoom asks the layer for that band's simplification.
	for _, b := range raw.ZoomBands {
		small := get(t, ts.URL+"/api/municipalities.geojson?zoom="+strconv.Itoa(b["zoom"]))
		if small.status != 200 {
			t.Errorf("zoom %d: %d", b["zoom"], small.status)
		}
	}
}
