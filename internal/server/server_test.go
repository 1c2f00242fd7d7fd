package server_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/paulmach/orb/geojson"

	"github.com/inclusiekaart/inclusiekaart/internal/atlas"
	"github.com/inclusiekaart/inclusiekaart/internal/server"
	"github.com/inclusiekaart/inclusiekaart/internal/store"
	"github.com/inclusiekaart/inclusiekaart/internal/testutil"
)

// newServer serves the real 2025 boundaries; acfg (at most one) configures the service.
func newServer(t *testing.T, cfg server.Config, acfg ...atlas.Config) (*httptest.Server, *store.Store) {
	t.Helper()
	st, _ := testutil.Store2025(t)
	var a atlas.Config
	if len(acfg) > 0 {
		a = acfg[0]
	}
	return serve(t, st, a, cfg), st
}

// serve starts the real router over a service on st.
func serve(t testing.TB, st *store.Store, acfg atlas.Config, cfg server.Config) *httptest.Server {
	t.Helper()
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	if acfg.Log == nil {
		acfg.Log = quiet
	}
	svc, err := atlas.New(st, acfg)
	if err != nil {
		t.Fatal(err)
	}
	srv, err := server.New(svc, quiet, cfg)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return ts
}

type response struct {
	status int
	header http.Header
	body   []byte
}

func get(t *testing.T, url string, headers ...string) response {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	// A bare transport: no automatic gzip handling, so the test sees the wire.
	tr := &http.Transport{DisableCompression: true}
	client := &http.Client{Transport: tr, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{resp.StatusCode, resp.Header, body}
}

func TestHealthz(t *testing.T) {
	ts, _ := newServer(t, server.Config{})
	r := get(t, ts.URL+"/healthz")
	var v map[string]any
	if err := json.Unmarshal(r.body, &v); err != nil || r.status != 200 || v["status"] != "ok" {
		t.Fatalf("healthz: %d %s", r.status, r.body)
	}
}

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

func TestErrors(t *testing.T) {
	ts, _ := newServer(t, server.Config{})
	cases := []struct {
		path       string
		status     int
		code, name string
	}{
		{"/api/municipalities/GM9999", 404, "not_found", "GM9999"},
		{"/api/municipalities/Amsterdam", 400, "bad_request", "code"},
		{"/api/municipalities.geojson?bbox=1,2,3", 400, "bad_request", "bbox"},
		{"/api/municipalities.geojson?bbox=4,52,3,53", 400, "bad_request", "bbox"},
		{"/api/municipalities.geojson?bbox=NaN,52,5,53", 400, "bad_request", "bbox"},
		{"/api/municipalities.geojson?zoom=abc", 400, "bad_request", "zoom"},
		{"/api/municipalities.geojson?zoom=99", 400, "bad_request", "zoom"},
		{"/api/municipalities.geojson?year=20x5", 400, "bad_request", "year"},
		{"/api/municipalities.geojson?year=2019", 404, "not_found", "2019"},
		{"/api/municipalities.geojson?province=Utrecht", 400, "bad_request", "province"},
		{"/api/municipalities?year=2025&year=2024", 400, "bad_request", "year"},
		{"/api/nope", 404, "not_found", ""},
	}
	for _, c := range cases {
		r := get(t, ts.URL+c.path)
		var e struct{ Error, Code string }
		if err := json.Unmarshal(r.body, &e); err != nil {
			t.Errorf("%s: body not JSON: %s", c.path, r.body)
			continue
		}
		if r.status != c.status || e.Code != c.code || !strings.Contains(e.Error, c.name) {
			t.Errorf("%s: got %d %+v, want %d %s naming %q", c.path, r.status, e, c.status, c.code, c.name)
		}
	}
	req, _ := http.NewRequest(http.MethodPost, ts.URL+"/api/municipalities", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 405 {
		t.Errorf("POST list: %d, want 405", resp.StatusCode)
	}
}

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

func TestSecurityHeadersAndPage(t *testing.T) {
	ts, _ := newServer(t, server.Config{})
	r := get(t, ts.URL+"/")
	if r.status != 200 || !strings.Contains(string(r.body), "<html") {
		t.Fatalf("page: %d", r.status)
	}
	csp := r.header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") || !strings.Contains(csp, "frame-ancestors 'none'") {
		t.Errorf("CSP: %q", csp)
	}
	if r.header.Get("X-Content-Type-Options") != "nosniff" || r.header.Get("Referrer-Policy") == "" {
		t.Errorf("headers: %v", r.header)
	}
	js := get(t, ts.URL+"/vendor/leaflet/leaflet.js", "Accept-Encoding", "gzip")
	if js.status != 200 || js.header.Get("Content-Encoding") != "gzip" || !strings.Contains(js.header.Get("Content-Type"), "javascript") {
		t.Errorf("leaflet.js: %d, encoding %q, type %q", js.status, js.header.Get("Content-Encoding"), js.header.Get("Content-Type"))
	}
	if r := get(t, ts.URL+"/vendor/leaflet/leaflet.js", "If-None-Match", js.header.Get("ETag")); r.status != 304 {
		t.Errorf("leaflet.js revalidation: %d", r.status)
	}
	// Dynamic JSON is compressed on the fly for clients that accept gzip.
	list := get(t, ts.URL+"/api/municipalities", "Accept-Encoding", "gzip")
	if list.header.Get("Content-Encoding") != "gzip" {
		t.Errorf("list not gzip-compressed: %v", list.header)
	}
	zr, err := gzip.NewReader(bytes.NewReader(list.body))
	if err != nil {
		t.Fatal(err)
	}
	var items []map[string]any
	if err := json.NewDecoder(zr).Decode(&items); err != nil || len(items) != 342 {
		t.Errorf("gzip list: %d items, %v", len(items), err)
	}
	if r := get(t, ts.URL+"/static.go"); r.status != 404 {
		t.Errorf("static.go served: %d", r.status)
	}
}

func TestTilesConfig(t *testing.T) {
	tiles := "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/grijs/EPSG:3857/{z}/{x}/{y}.png"
	ts, _ := newServer(t, server.Config{Tiles: tiles, TilesAttribution: "Kaartgegevens: Kadaster"})
	r := get(t, ts.URL+"/api/config")
	var cfg map[string]any
	json.Unmarshal(r.body, &cfg)
	if cfg["tiles"] != tiles || cfg["demo"] != false {
		t.Errorf("config: %v", cfg)
	}
	if csp := r.header.Get("Content-Security-Policy"); !strings.Contains(csp, "img-src 'self' data: https://service.pdok.nl") {
		t.Errorf("CSP does not allow the tile host: %q", csp)
	}
	if _, err := server.New(nil, nil, server.Config{Tiles: "javascript:alert(1)"}); err == nil {
		t.Error("a non-http tile URL was accepted")
	}
	// Without tiles nothing but our own origin may serve images.
	ts2, _ := newServer(t, server.Config{})
	if csp := get(t, ts2.URL+"/api/config").header.Get("Content-Security-Policy"); strings.Contains(csp, "https:") {
		t.Errorf("CSP without tiles: %q", csp)
	}
}
