package server_test

import (
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"

	"github.com/inclusiekaart/inclusiekaart/internal/server"
)

// TestEmbedPageMayBeFramedAndStandsAlone protects /embed: other sites may
// frame it (no X-Frame-Options, frame-ancestors *) while every other page
// stays unframeable; it needs no script; it has a language, a title, the
// drawing with the selection on top, a legend with counts, a link back to
// the full view, the attribution and the data licence.
func TestEmbedPageMayBeFramedAndStandsAlone(t *testing.T) {
	ts, _ := newServer(t, server.Config{})
	r := get(t, ts.URL+"/embed?province=PV23&sel=GM0193")
	if r.status != 200 {
		t.Fatalf("status %d: %s", r.status, r.body)
	}
	if xfo := r.header.Get("X-Frame-Options"); xfo != "" {
		t.Errorf("X-Frame-Options %q on /embed", xfo)
	}
	if csp := r.header.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors *") || strings.Contains(csp, "frame-ancestors 'none'") {
		t.Errorf("CSP of /embed: %q", csp)
	}
	body := string(r.body)
	for _, want := range []string{`<html lang="nl">`, "<title>Fase van de lokale inclusieagenda per gemeente, Overijssel (2025) – Inclusiekaart</title>",
		`<path id="GM0193" class="selected"`, `id="embed-selected"`, "Zwolle", `class="embed-legend"`, "Onbekend", "Bron: CBS, Kadaster",
		`href="https://creativecommons.org/licenses/by/4.0/deed.nl"`, "?province=PV23&amp;sel=GM0193", `role="img"`} {
		if !strings.Contains(body, want) {
			t.Errorf("/embed lacks %q", want)
		}
	}
	if strings.Contains(body, "<script") || strings.Contains(body, "<?xml") {
		t.Error("the embed page holds a script or an XML declaration")
	}
	// Well-formed as XML apart from the doctype: the inline SVG is intact.
	dec := xml.NewDecoder(bytes.NewReader([]byte(strings.Replace(strings.Replace(body, "<!doctype html>", "", 1), `<meta charset="utf-8">`, `<meta charset="utf-8"/>`, 1))))
	dec.Strict = false
	paths := 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("embed page: %v", err)
		}
		if el, ok := tok.(xml.StartElement); ok && el.Name.Local == "path" {
			paths++
		}
	}
	if paths != 25 { // Overijssel has 25 municipalities in 2025
		t.Errorf("%d municipalities drawn for Overijssel, want 25", paths)
	}

	if en := get(t, ts.URL+"/embed?lang=en"); en.status != 200 || !strings.Contains(string(en.body), `<html lang="en">`) || !strings.Contains(string(en.body), "See the full map") {
		t.Errorf("English embed: %d", en.status)
	}
	for _, other := range []string{"/", "/colofon", "/embed/", "/api/map.svg"} {
		if h := get(t, ts.URL+other).header; h.Get("X-Frame-Options") != "DENY" || !strings.Contains(h.Get("Content-Security-Policy"), "frame-ancestors 'none'") {
			t.Errorf("%s may be framed: %q / %q", other, h.Get("X-Frame-Options"), h.Get("Content-Security-Policy"))
		}
	}
}

// TestEmbedRefusesWhatItCannotShow protects the embed's parameters: each
// bad one is a 400 naming it.
func TestEmbedRefusesWhatItCannotShow(t *testing.T) {
	ts, _ := newServer(t, server.Config{})
	for query, param := range map[string]string{"metric=colour": "metric", "province=PV99x": "province", "sel=Zwolle": "sel",
		"sel=GM0363&province=PV23": "sel", "lang=de": "lang", "year=abc": "year", "date=2024-13-01": "date", "date=2999-01-01": "date"} {
		r := get(t, ts.URL+"/embed?"+query)
		if r.status != 400 || !strings.Contains(string(r.body), "parameter "+param) {
			t.Errorf("%s: %d %s", query, r.status, r.body)
		}
	}
	for _, ok := range []string{"/embed?metric=stage", "/embed?metric=score", "/embed?metric=lived_experience"} {
		if r := get(t, ts.URL+ok); r.status != 200 {
			t.Errorf("%s: %d", ok, r.status)
		}
	}
	if r := get(t, ts.URL+"/embed?metric=stage"); r.status != 200 {
		t.Errorf("metric=stage: %d", r.status)
	}
}

// TestMapSVGDrawsTheSelectionOnTop protects ?sel= on /api/map.svg (the
// image export of a view with a selection).
func TestMapSVGDrawsTheSelectionOnTop(t *testing.T) {
	ts, _ := newServer(t, server.Config{})
	body := string(get(t, ts.URL+"/api/map.svg?sel=GM0363").body)
	i := strings.Index(body, `<path id="GM0363" class="selected"`)
	if i < 0 || strings.Contains(body[i+10:], "<path ") {
		t.Error("the selection is not drawn last with its own outline")
	}
	if r := get(t, ts.URL+"/api/map.svg?sel=GM9999"); r.status != 400 {
		t.Errorf("unknown selection: %d", r.status)
	}
}

// TestEmbedShowsThePastDayOfTheView protects ?date= on /embed (the page's
// snippet carries the day the map shows): the heading names the day and the
// link back keeps it.
func TestEmbedShowsThePastDayOfTheView(t *testing.T) {
	u, _ := timelineServer(t)
	r := get(t, u.of("/embed", "date", "2024-01-01", "sel", "GM0363"))
	if r.status != 200 {
		t.Fatalf("status %d: %s", r.status, r.body)
	}
	for _, want := range []string{"1 januari 2024</h1>", "date=2024-01-01", "3 LIA in ontwikkeling"} {
		if !strings.Contains(string(r.body), want) {
			t.Errorf("/embed?date= lacks %q", want)
		}
	}
}

// TestEachResponseCarriesTheSecurityHeadersOfItsKind protects the headers'
// meaning and the bytes of every answer: pages and drawings (documents) carry
// them all; data (JSON, GeoJSON, CSV, errors) may load nothing and not be
// framed, without the headers only a document uses; scripts and style sheets
// keep nosniff and the referrer policy.
func TestEachResponseCarriesTheSecurityHeadersOfItsKind(t *testing.T) {
	ts, _ := newServer(t, server.Config{})
	documentOnly := []string{"Cross-Origin-Opener-Policy", "Permissions-Policy"}
	for _, p := range []string{"/app.js", "/app.css"} {
		h := get(t, ts.URL+p).header
		for _, k := range append([]string{"Content-Security-Policy", "X-Frame-Options"}, documentOnly...) {
			if v := h.Get(k); v != "" {
				t.Errorf("%s carries %s: %q", p, k, v)
			}
		}
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") == "" {
			t.Errorf("%s lost nosniff or the referrer policy: %v", p, h)
		}
	}
	for _, p := range []string{"/", "/api/map.svg", "/colofon", "/ogc?f=html", "/releases.atom"} {
		h := get(t, ts.URL+p).header
		for _, k := range append([]string{"X-Frame-Options", "Referrer-Policy", "X-Content-Type-Options"}, documentOnly...) {
			if h.Get(k) == "" {
				t.Errorf("%s lacks %s", p, k)
			}
		}
		if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || !strings.Contains(csp, "frame-ancestors 'none'") {
			t.Errorf("%s has not the page's policy: %q", p, csp)
		}
	}
	for _, p := range []string{"/api/municipalities", "/api/municipalities.geojson?zoom=6", "/api/municipalities.csv",
		"/ogc/collections/municipalities/items?limit=1", "/api/municipalities/GM9999", "/api/nothing-here"} {
		r := get(t, ts.URL+p)
		h := r.header
		if h.Get("Content-Security-Policy") != "default-src 'none'; frame-ancestors 'none'" || h.Get("X-Frame-Options") != "DENY" ||
			h.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s (%d, %s): data without its headers: %v", p, r.status, h.Get("Content-Type"), h)
		}
		for _, k := range append([]string{"Referrer-Policy"}, documentOnly...) {
			if v := h.Get(k); v != "" {
				t.Errorf("%s (data) carries %s: %q", p, k, v)
			}
		}
	}
	// A 304 leaves the stored answer's headers as they are: it sends none of them.
	for _, p := range []string{"/", "/api/municipalities.geojson?zoom=6"} {
		etag := get(t, ts.URL+p).header.Get("ETag")
		r := get(t, ts.URL+p, "If-None-Match", etag)
		if r.status != 304 {
			t.Fatalf("%s with its ETag: %d", p, r.status)
		}
		for _, k := range append([]string{"Content-Security-Policy", "X-Frame-Options", "Referrer-Policy"}, documentOnly...) {
			if v := r.header.Get(k); v != "" {
				t.Errorf("the 304 of %s carries %s: %q", p, k, v)
			}
		}
	}
}
