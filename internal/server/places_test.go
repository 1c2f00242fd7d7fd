package server_test

import (
	"encoding/json"
	"testing"

	"github.com/inclusiekaart/inclusiekaart/data"
	"github.com/inclusiekaart/inclusiekaart/internal/server"
)

type placesAnswer struct {
	Source, License, Attribution string
	Places                       []struct {
		Name, Kind, District, Code string
		DistrictName               string `json:"district_name"`
	}
}

// TestPlacesLeadToTheirMunicipality protects the search's places: the CBS
// districts are served by the place name in them, each with its
// municipality, with source, licence and attribution; districts known only
// by a number or by a name of their own municipality are left out.
func TestPlacesLeadToTheirMunicipality(t *testing.T) {
	ts, _ := newServer(t, server.Config{})
	r := get(t, ts.URL+"/api/places")
	if r.status != 200 {
		t.Fatalf("status %d: %s", r.status, r.body)
	}
	var got placesAnswer
	if err := json.Unmarshal(r.body, &got); err != nil {
		t.Fatal(err)
	}
	if got.Attribution != "Bron: CBS, Kadaster" || got.License != "CC BY 4.0" || got.Source == "" {
		t.Errorf("source %q, license %q, attribution %q", got.Source, got.License, got.Attribution)
	}
	municipalities := map[string]bool{}
	for _, m := range listMunicipalities(t, ts.URL) {
		municipalities[m] = true
	}
	byName := map[string][]string{}
	served := map[string]bool{}
	for _, p := range got.Places {
		if p.Name == "" || p.Kind != "district" || !municipalities[p.Code] {
			t.Errorf("bad place %+v", p)
		}
		byName[p.Name] = append(byName[p.Name], p.Code+" "+p.District+" "+p.DistrictName)
		served[p.District] = true
	}
	want := map[string]string{
		"Scheveningen":             "GM0518 WK051807 Wijk 07 Scheveningen",
		"Hoogkerk":                 "GM0014 WK001408 Hoogkerk e.o.",
		"Glimmen-Onnen-Noordlaren": "GM0014 WK001419 Glimmen-Onnen-Noordlaren",
		"Kunrade":                  "GM0986 WK098602 Wijk02 Kunrade",
	}
	for name, w := range want {
		if len(byName[name]) != 1 || byName[name][0] != w {
			t.Errorf("%s: %v, want [%s]", name, byName[name], w)
		}
	}
	// Known by their municipality's own name (official or former): not again.
	for _, code := range []string{"WK007200", "WK001415", "WK022101"} { // Wijk 00 Harlingen, Ten Boer e.o., Wijk 01
		if served[code] {
			t.Errorf("%s served, want it left out", code)
		}
	}
	ds, err := data.Districts()
	if err != nil {
		t.Fatal(err)
	}
	if n := len(got.Places); n < len(ds)-200 || n >= len(ds) {
		t.Errorf("%d places of %d districts", n, len(ds))
	}

	// Cached like the layers: ETag, gzip, 304.
	etag := r.header.Get("ETag")
	if etag == "" || r.header.Get("Cache-Control") == "" {
		t.Errorf("ETag %q, Cache-Control %q", etag, r.header.Get("Cache-Control"))
	}
	if again := get(t, ts.URL+"/api/places", "If-None-Match", etag); again.status != 304 {
		t.Errorf("If-None-Match: status %d, want 304", again.status)
	}
	if gz := get(t, ts.URL+"/api/places", "Accept-Encoding", "gzip"); gz.header.Get("Content-Encoding") != "gzip" || len(gz.body) >= len(r.body)/3 {
		t.Errorf("gzip: Content-Encoding %q, %d of %d bytes", gz.header.Get("Content-Encoding"), len(gz.body), len(r.body))
	}
}

func listMunicipalities(t *testing.T, base string) []string {
	t.Helper()
	var ms []struct{ Code string }
	if err := json.Unmarshal(get(t, base+"/api/municipalities").body, &ms); err != nil {
		t.Fatal(err)
	}
	codes := make([]string, len(ms))
	for i, m := range ms {
		codes[i] = m.Code
	}
	return codes
}
