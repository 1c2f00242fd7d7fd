package server_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"strings"
	"testing"

	"github.com/inclusiekaart/inclusiekaart/internal/server"
)

func TestHealthz(t *testing.T) {
	ts, _ := newServer(t, server.Config{})
	r := get(t, ts.URL+"/healthz")
	var v map[string]any
	if err := json.Unmarshal(r.body, &v); err != nil || r.status != 200 || v["status"] != "ok" {
		t.Fatalf("healthz: %d %s", r.status, r.body)
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

func TestTilesConfigAndBaseMapCredit(t *testing.T) {
	tiles := "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/grijs/EPSG:3857/{z}/{x}/{y}.png"
	ts, _ := newServer(t, server.Config{Tiles: tiles, TilesAttribution: "Kaartgegevens: Kadaster"})
	r := get(t, ts.URL+"/api/config")
	var cfg map[string]any
	json.Unmarshal(r.body, &cfg)
	if cfg["tiles"] != tiles || cfg["demo"] != false {
		t.Errorf("config: %v", cfg)
	}
	if csp := get(t, ts.URL+"/").header.Get("Content-Security-Policy"); !strings.Contains(csp, "img-src 'self' data: https://service.pdok.nl") {
		t.Errorf("CSP does not allow the tile host: %q", csp)
	}
	if _, err := server.New(nil, nil, server.Config{Tiles: "javascript:alert(1)"}); err == nil {
		t.Error("a non-http tile URL was accepted")
	}
	// PDOK's tiles get PDOK's credit line; other tiles must bring one.
	ts3, _ := newServer(t, server.Config{Tiles: tiles})
	json.Unmarshal(get(t, ts3.URL+"/api/config").body, &cfg)
	if cfg["tiles_attribution"] != "Kaartgegevens: © Kadaster" {
		t.Errorf("PDOK tiles without an attribution: %v", cfg["tiles_attribution"])
	}
	if _, err := server.New(nil, nil, server.Config{Tiles: "https://tiles.example.org/{z}/{x}/{y}.png"}); err == nil || !strings.Contains(err.Error(), "tiles-attribution") {
		t.Errorf("tiles without a credit line: %v", err)
	}
	// Without tiles nothing but our own origin may serve images.
	ts2, _ := newServer(t, server.Config{})
	if csp := get(t, ts2.URL+"/").header.Get("Content-Security-Policy"); strings.Contains(csp, "https:") {
		t.Errorf("CSP without tiles: %q", csp)
	}
}
