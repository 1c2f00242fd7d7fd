package server_test

import (
	"bytes"
	"encoding/xml"
	"io"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/inclusiekaart/inclusiekaart/internal/server"
)

// TestMapSVGIsAValidChoroplethWithLegendAndAttribution protects
// /api/map.svg: well-formed SVG, one path per municipality, the page's
// colours (static/metrics.js), a legend and the attribution.
func TestMapSVGIsAValidChoroplethWithLegendAndAttribution(t *testing.T) {
	ts, _ := newServer(t, server.Config{})
	r := get(t, ts.URL+"/api/map.svg")
	if r.status != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "image/svg+xml") {
		t.Fatalf("status %d, type %q", r.status, r.header.Get("Content-Type"))
	}
	paths, fills, texts := 0, map[string]bool{}, ""
	dec := xml.NewDecoder(bytes.NewReader(r.body))
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v", err)
		}
		switch x := tok.(type) {
		case xml.StartElement:
			if x.Name.Local == "svg" && x.Name.Space != "http://www.w3.org/2000/svg" {
				t.Errorf("svg namespace %q", x.Name.Space)
			}
			for _, a := range x.Attr {
				if a.Name.Local == "fill" {
					fills[a.Value] = true
				}
			}
			if x.Name.Local == "path" {
				paths++
			}
		case xml.CharData:
			texts += string(x)
		}
	}
	if paths != 342 {
		t.Errorf("%d paths, want 342", paths)
	}
	if !strings.Contains(texts, "Bron: CBS, Kadaster") || !strings.Contains(texts, "Onbekend") {
		t.Error("attribution or the unknown class missing")
	}
	js, err := os.ReadFile("../../static/metrics.js")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`const STAGE6 = \[([^\]]+)\]`).FindSubmatch(js)
	if m == nil {
		t.Fatal("STAGE6 not found in static/metrics.js")
	}
	for _, c := range regexp.MustCompile(`#[0-9a-f]{6}`).FindAll(m[1], -1) {
		if !fills[string(c)] {
			t.Errorf("legend colour %s of the page is not in the SVG", c)
		}
	}
	if en := get(t, ts.URL+"/api/map.svg?lang=en&province=PV20"); en.status != 200 || !bytes.Contains(en.body, []byte("Unknown")) || bytes.Count(en.body, []byte("<path ")) >= 342 {
		t.Errorf("English, one province: %d, %d paths", en.status, bytes.Count(en.body, []byte("<path ")))
	}
	if bad := get(t, ts.URL+"/api/map.svg?stage=9"); bad.status != 400 {
		t.Errorf("bad filter: %d", bad.status)
	}
}
