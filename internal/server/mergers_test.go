package server_test

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestMergedCodeRedirects(t *testing.T) {
	ts, _, tok := editServer(t, false)
	// History recorded under Geldermalsen (merged into West Betuwe in 2019).
	if status, b := put(t, ts.URL+"/api/municipalities/GM0236/assessment", tok, strings.Replace(goodBody, "2026-10-01", "2018-04-01", 1)); status != 201 {
		t.Fatalf("PUT under old code: %d %v", status, b)
	}
	r := get(t, ts.URL+"/api/municipalities/GM0236?year=2025")
	if r.status != 301 || r.header.Get("Location") != "/api/municipalities/GM1960?year=2025" {
		t.Fatalf("merged code: %d Location %q", r.status, r.header.Get("Location"))
	}
	var d struct {
		Koploper bool `json:"koploper"`
		History  []struct {
			MergedFrom string `json:"merged_from"`
		}
	}
	json.Unmarshal(get(t, ts.URL+"/api/municipalities/GM1960").body, &d)
	if !d.Koploper || len(d.History) != 1 || d.History[0].MergedFrom != "GM0236" {
		t.Errorf("West Betuwe: koploper %v, history %+v", d.Koploper, d.History)
	}
	if r := get(t, ts.URL+"/api/municipalities/GM0236/peers"); r.status != 301 {
		t.Errorf("peers of merged code: %d", r.status)
	}
}

func TestMergedCodesInCompareAndOGC(t *testing.T) {
	ts, _, _ := editServer(t, false)
	var cmp struct {
		Municipalities []struct{ Code string }
		Replaced       map[string]string
	}
	r := get(t, ts.URL+"/api/compare?codes=GM0363,GM0236")
	if err := json.Unmarshal(r.body, &cmp); err != nil || r.status != 200 {
		t.Fatalf("compare with a merged code: %d %s", r.status, r.body)
	}
	if len(cmp.Municipalities) != 2 || cmp.Municipalities[1].Code != "GM1960" || cmp.Replaced["GM0236"] != "GM1960" {
		t.Errorf("compare GM0363,GM0236: %+v", cmp)
	}
	r = get(t, ts.URL+"/ogc/collections/municipalities/items/GM0236?f=json")
	if r.status != 301 || r.header.Get("Location") != "/ogc/collections/municipalities/items/GM1960?f=json" {
		t.Errorf("OGC item of a merged code: %d Location %q", r.status, r.header.Get("Location"))
	}
}
