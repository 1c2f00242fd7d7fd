package server_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/inclusiekaart/inclusiekaart/data"
	"github.com/inclusiekaart/inclusiekaart/internal/server"
)

type placesAnswer struct {
	Source, License, Attribution string
	Places                       []struct {
		Name, Kind, Woonplaats, District, Code string
		DistrictName                           string `json:"district_name"`
	}
}

// TestPlacesLeadToTheirMunicipality protects the search's places: the
// woonplaatsen and the CBS districts are served by their place name, each
// with its municipality, with source, licence and attribution; places known
// by a name of their own municipality, districts named like a woonplaats of
// it and districts known only by a number are left out.
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
	if got.Attribution != "Bron: CBS, Kadaster" || got.License != "CC BY 4.0" ||
		!strings.Contains(got.Source, "Woonplaatsen in Nederland") || !strings.Contains(got.Source, "wijk_2025") {
		t.Errorf("source %q, license %q, attribution %q", got.Source, got.License, got.Attribution)
	}
	municipalities := map[string]bool{}
	for _, m := range listMunicipalities(t, ts.URL) {
		municipalities[m] = true
	}
	byName := map[string][]string{}
	served := map[string]bool{}
	kinds := map[string]int{}
	for _, p := range got.Places {
		kinds[p.Kind]++
		bad := p.Name == "" || !municipalities[p.Code]
		switch p.Kind {
		case "woonplaats":
			bad = bad || p.Woonplaats == "" || p.District != "" || p.DistrictName != ""
			byName[p.Name] = append(byName[p.Name], p.Code+" woonplaats "+p.Woonplaats)
			served["WP"+p.Woonplaats] = true
		case "district":
			bad = bad || p.Woonplaats != "" || p.District == ""
			byName[p.Name] = append(byName[p.Name], p.Code+" "+p.District+" "+p.DistrictName)
			served[p.District] = true
		default:
			bad = true
		}
		if bad {
			t.Errorf("bad place %+v", p)
		}
	}
	want := map[string][]string{
		"Kudelstaart":              {"GM0358 woonplaats 2572"},
		"Lage Vuursche":            {"GM0308 woonplaats 1093"},
		"'s-Heerenberg":            {"GM1955 woonplaats 2206"},
		"Valkenburg":               {"GM0537 woonplaats 1709", "GM0994 woonplaats 1718"}, // in Katwijk and in Valkenburg aan de Geul
		"Lemmer":                   {"GM1940 woonplaats 2245"},                           // the woonplaats, not also the district
		"Scheveningen":             {"GM0518 WK051807 Wijk 07 Scheveningen"},
		"Hoogkerk":                 {"GM0014 WK001408 Hoogkerk e.o."},
		"Glimmen-Onnen-Noordlaren": {"GM0014 WK001419 Glimmen-Onnen-Noordlaren"},
		"Kunrade":                  {"GM0986 WK098602 Wijk02 Kunrade"},
	}
	for name, w := range want {
		if strings.Join(byName[name], "|") != strings.Join(w, "|") {
			t.Errorf("%s: %v, want %v", name, byName[name], w)
		}
	}
	// Known by their municipality's own name (official or former), or a
	// district named like a woonplaats of its municipality: not again.
	for _, code := range []string{
		"WP1092", "WP3631", // Baarn in Baarn, Weesp in Amsterdam
		"WK007200", "WK001415", "WK022101", // Wijk 00 Harlingen, Ten Boer e.o., Wijk 01
		"WK194023", // Lemmer, a woonplaats of De Fryske Marren
	} {
		if served[code] {
			t.Errorf("%s served, want it left out", code)
		}
	}
	ws, err := data.Woonplaatsen()
	if err != nil {
		t.Fatal(err)
	}
	if n := kinds["woonplaats"]; n < len(ws)-400 || n >= len(ws) {
		t.Errorf("%d woonplaatsen served of %d", n, len(ws))
	}
	ds, err := data.Districts()
	if err != nil {
		t.Fatal(err)
	}
	if n := kinds["district"]; n < 1000 || n >= len(ds)-1000 {
		t.Errorf("%d districts served of %d", n, len(ds))
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
