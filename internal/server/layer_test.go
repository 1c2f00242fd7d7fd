package server_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"strings"
	"testing"

	"github.com/inclusiekaart/inclusiekaart/internal/server"
	"github.com/paulmach/orb/geojson"
)

func decodeFC(t *testing.T, r response) *geojson.FeatureCollection {
	t.Helper()
	body := r.body
	if r.header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		if body, err = io.ReadAll(zr); err != nil {
			t.Fatal(err)
		}
	}
	fc, err := geojson.UnmarshalFeatureCollection(body)
	if err != nil {
		t.Fatalf("not a FeatureCollection: %v", err)
	}
	return fc
}

func TestGeoJSONLayer(t *testing.T) {
	ts, _ := newServer(t, server.Config{})
	r := get(t, ts.URL+"/api/municipalities.geojson?zoom=6")
	if r.status != 200 || r.header.Get("Content-Type") != "application/geo+json" {
		t.Fatalf("status %d type %q", r.status, r.header.Get("Content-Type"))
	}
	if r.header.Get("Content-Encoding") != "" {
		t.Error("gzip without Accept-Encoding")
	}
	fc := decodeFC(t, r)
	if len(fc.Features) != 342 {
		t.Fatalf("features: %d", len(fc.Features))
	}
	if fc.ExtraMembers["attribution"] != "Bron: CBS, Kadaster" {
		t.Errorf("attribution: %v", fc.ExtraMembers["attribution"])
	}
	f := fc.Features[0]
	if f.ID != f.Properties["code"] || f.Properties["name"] == nil {
		t.Errorf("feature id %v / properties %v", f.ID, f.Properties)
	}
	etag := r.header.Get("ETag")
	if !strings.HasPrefix(etag, `"`) || r.header.Get("Cache-Control") == "" {
		t.Errorf("ETag %q, Cache-Control %q", etag, r.header.Get("Cache-Control"))
	}
	// 304 on If-None-Match, for either representation's tag
	if r2 := get(t, ts.URL+"/api/municipalities.geojson?zoom=6", "If-None-Match", etag); r2.status != 304 || len(r2.body) != 0 {
		t.Errorf("If-None-Match: %d with %d bytes", r2.status, len(r2.body))
	}
	gz := get(t, ts.URL+"/api/municipalities.geojson?zoom=6", "Accept-Encoding", "gzip, deflate, br")
	if gz.header.Get("Content-Encoding") != "gzip" || len(gz.body) >= len(r.body)/3 {
		t.Fatalf("gzip: encoding %q, %d of %d bytes", gz.header.Get("Content-Encoding"), len(gz.body), len(r.body))
	}
	if len(decodeFC(t, gz).Features) != 342 {
		t.Error("gzip body differs")
	}
	if r3 := get(t, ts.URL+"/api/municipalities.geojson?zoom=6", "If-None-Match", gz.header.Get("ETag"), "Accept-Encoding", "gzip"); r3.status != 304 {
		t.Errorf("gzip ETag revalidation: %d", r3.status)
	}
	if gz.header.Get("ETag") == etag {
		t.Error("gzip and identity representations share a strong ETag")
	}
	// Coarser zoom levels are smaller.
	full := get(t, ts.URL+"/api/municipalities.geojson")
	if len(full.body) <= len(r.body) {
		t.Errorf("full detail %d bytes not larger than zoom 6 %d bytes", len(full.body), len(r.body))
	}
}

func TestGeoJSONFilters(t *testing.T) {
	ts, _ := newServer(t, server.Config{})
	fc := decodeFC(t, get(t, ts.URL+"/api/municipalities.geojson?province=PV21"))
	if len(fc.Features) != 18 {
		t.Errorf("Fryslân: %d features, want 18", len(fc.Features))
	}
	// A small box around Utrecht city.
	fc = decodeFC(t, get(t, ts.URL+"/api/municipalities.geojson?bbox=5.10,52.07,5.12,52.09"))
	found := false
	for _, f := range fc.Features {
		if f.ID == "GM0344" {
			found = true
		}
		b := f.Geometry.Bound()
		if b.Max[0] < 5.10 || b.Min[0] > 5.12 || b.Max[1] < 52.07 || b.Min[1] > 52.09 {
			t.Errorf("%v outside the bbox", f.ID)
		}
	}
	if !found || len(fc.Features) > 5 {
		t.Errorf("bbox around Utrecht: %d features, Utrecht found %v", len(fc.Features), found)
	}
	pv := decodeFC(t, get(t, ts.URL+"/api/provinces.geojson"))
	if len(pv.Features) != 12 {
		t.Errorf("provinces: %d", len(pv.Features))
	}
}

func TestETagAndGzip(t *testing.T) {
	ts, _ := newServer(t, server.Config{})
	layer := ts.URL + "/api/municipalities.geojson"
	first := get(t, layer)
	etag := first.header.Get("ETag")
	if first.status != 200 || etag == "" || first.header.Get("Cache-Control") == "" {
		t.Fatalf("layer: %d ETag %q Cache-Control %q", first.status, etag, first.header.Get("Cache-Control"))
	}
	inm := []struct {
		header string
		status int
	}{
		{etag, 304},
		{"W/" + etag, 304},
		{"*", 304},
		{`"x", ` + etag, 304},
		{`"x",` + etag, 304},
		{etag + `, "x"`, 304},
		{`W/"x", W/` + etag, 304},
		{`"x"`, 200},
		{strings.Trim(etag, `"`), 200}, // unquoted is not an entity tag
	}
	for _, c := range inm {
		r := get(t, layer, "If-None-Match", c.header)
		if r.status != c.status {
			t.Errorf("If-None-Match %s: %d, want %d", c.header, r.status, c.status)
		}
		if c.status == 304 && (len(r.body) != 0 || r.header.Get("ETag") == "") {
			t.Errorf("If-None-Match %s: 304 with %d body bytes, ETag %q", c.header, len(r.body), r.header.Get("ETag"))
		}
	}
	// The gzip variant's tag also validates, and vice versa.
	gz := get(t, layer, "Accept-Encoding", "gzip")
	if r := get(t, layer, "If-None-Match", gz.header.Get("ETag")); r.status != 304 {
		t.Errorf("gzip ETag %s sent without gzip: %d", gz.header.Get("ETag"), r.status)
	}
	if r := get(t, layer, "Accept-Encoding", "gzip", "If-None-Match", etag); r.status != 304 {
		t.Errorf("identity ETag sent with gzip: %d", r.status)
	}
	ae := []struct {
		header string
		gzip   bool
	}{
		{"gzip", true},
		{"GZIP", true},
		{"gzip;q=0", false},
		{"gzip; q=0", false},
		{"gzip;q=0.0", false},
		{"identity", false},
		{"*", true},
		{"*;q=0", false},
		{"br", false},
		{"deflate, gzip;q=0.5", true},
		{"gzip;q=1.0, identity;q=0", true},
		{"", false},
	}
	for _, path := range []string{"/api/municipalities.geojson", "/api/municipalities", "/api/municipalities.csv", "/ogc/collections/municipalities/items"} {
		for _, c := range ae {
			r := get(t, ts.URL+path, "Accept-Encoding", c.header)
			got := r.header.Get("Content-Encoding") == "gzip"
			if r.status != 200 || got != c.gzip {
				t.Errorf("%s Accept-Encoding %q: %d gzip=%v, want gzip=%v", path, c.header, r.status, got, c.gzip)
				continue
			}
			body := r.body
			if got {
				zr, err := gzip.NewReader(bytes.NewReader(body))
				if err != nil {
					t.Errorf("%s %q: bad gzip: %v", path, c.header, err)
					continue
				}
				body, _ = io.ReadAll(zr)
				if !strings.Contains(r.header.Get("Vary"), "Accept-Encoding") {
					t.Errorf("%s %q: gzip without Vary: Accept-Encoding", path, c.header)
				}
			}
			if len(body) == 0 || (body[0] != '{' && body[0] != '[' && !strings.HasPrefix(string(body), "code,")) {
				t.Errorf("%s %q: body starts %.40q", path, c.header, body)
			}
		}
	}
}

func TestBBoxSameAnswerEverywhere(t *testing.T) {
	ts, _ := newServer(t, server.Config{})
	const bbox = "4.5,52,5.5,52.5"
	var list []struct{ Code string }
	json.Unmarshal(get(t, ts.URL+"/api/municipalities?bbox="+bbox).body, &list)
	ogc := decodeFC(t, get(t, ts.URL+"/ogc/collections/municipalities/items?limit=1000&bbox="+bbox))
	if len(list) != len(ogc.Features) {
		t.Errorf("list %d, OGC %d", len(list), len(ogc.Features))
	}
}
