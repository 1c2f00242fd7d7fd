package server_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/inclusiekaart/inclusiekaart/internal/server"
)

func TestMunicipalitiesList(t *testing.T) {
	ts, _ := newServer(t, server.Config{})
	r := get(t, ts.URL+"/api/municipalities")
	if r.status != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "application/json") {
		t.Fatalf("status %d, type %s", r.status, r.header.Get("Content-Type"))
	}
	var list []map[string]any
	if err := json.Unmarshal(r.body, &list); err != nil {
		t.Fatal(err)
	}
	if len(list) != 342 {
		t.Fatalf("got %d municipalities, want 342", len(list))
	}
	for _, field := range []string{"code", "name", "province_code", "province_name", "stage", "stage_label", "score", "completeness", "assessed_on", "koploper", "demo"} {
		if _, ok := list[0][field]; !ok {
			t.Errorf("field %s missing from %v", field, list[0])
		}
	}
	r = get(t, ts.URL+"/api/municipalities?province=PV26")
	json.Unmarshal(r.body, &list)
	if len(list) != 26 {
		t.Errorf("province PV26 (Utrecht): got %d, want 26", len(list))
	}
	for _, m := range list {
		if m["province_code"] != "PV26" {
			t.Errorf("%v outside PV26", m)
		}
	}
	// The property filters of the exports and the OGC items apply to the list too.
	r = get(t, ts.URL+"/api/municipalities?province_code=PV26&koploper=true")
	list = nil
	json.Unmarshal(r.body, &list)
	names := map[any]bool{}
	for _, m := range list {
		names[m["name"]] = true
	}
	if len(list) != 3 || !names["Utrecht"] || !names["Utrechtse Heuvelrug"] || !names["Woerden"] {
		t.Errorf("koplopers in Utrecht province: %v", names)
	}
	if r := get(t, ts.URL+"/api/municipalities?stage=9"); r.status != 400 {
		t.Errorf("stage=9: %d, want 400", r.status)
	}
}

func TestMunicipalityDetail(t *testing.T) {
	ts, _ := newServer(t, server.Config{})
	r := get(t, ts.URL+"/api/municipalities/GM0363")
	if r.status != 200 {
		t.Fatalf("status %d: %s", r.status, r.body)
	}
	var d struct {
		Name         string `json:"name"`
		ProvinceName string `json:"province_name"`
		Neighbours   []struct{ Code, Name string }
		History      []any `json:"history"`
	}
	if err := json.Unmarshal(r.body, &d); err != nil {
		t.Fatal(err)
	}
	if d.Name != "Amsterdam" || d.ProvinceName != "Noord-Holland" || len(d.Neighbours) < 5 || d.History == nil {
		t.Errorf("detail: %+v", d)
	}
	// lower case is accepted
	if r := get(t, ts.URL+"/api/municipalities/gm0363"); r.status != 200 {
		t.Errorf("lower-case code: %d", r.status)
	}
}
