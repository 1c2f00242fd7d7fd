package ogc_test

import (
	"encoding/json"
	"net/url"
	"slices"
	"strings"
	"testing"
)

// TestAcceptPicksHTMLOrJSON: without f, a browser's Accept gets HTML and a GIS
// client's gets JSON / GeoJSON on every OGC resource.
func TestAcceptPicksHTMLOrJSON(t *testing.T) {
	ts, _, _ := newServer(t)
	browser := "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
	cases := []struct{ path, accept, want string }{
		{"/ogc", "application/geo+json", "application/json"},
		{"/ogc", "application/json", "application/json"},
		{"/ogc", "*/*", "application/json"},
		{"/ogc", "", "application/json"},
		{"/ogc", browser, "text/html"},
		{"/ogc", "text/html", "text/html"},
		{"/ogc/collections", "application/json", "application/json"},
		{"/ogc/collections", browser, "text/html"},
		{"/ogc/collections/municipalities", "application/json", "application/json"},
		{"/ogc/collections/municipalities", "text/html", "text/html"},
		{"/ogc/collections/municipalities/items?limit=2", "application/geo+json", "application/geo+json"},
		{"/ogc/collections/municipalities/items?limit=2", "application/json", "application/geo+json"},
		{"/ogc/collections/municipalities/items?limit=2", "application/geo+json, application/json;q=0.9, */*;q=0.1", "application/geo+json"},
		{"/ogc/collections/municipalities/items?limit=2", browser, "text/html"},
		{"/ogc/collections/municipalities/items?limit=2", "text/html", "text/html"},
		{"/ogc/collections/provinces/items/PV27", "application/geo+json", "application/geo+json"},
		{"/ogc/collections/provinces/items/PV27", browser, "text/html"},
		{"/ogc/api", "application/vnd.oai.openapi+json;version=3.0", "application/vnd.oai.openapi+json"},
		{"/ogc/api", "application/json", "application/vnd.oai.openapi+json"},
		{"/ogc/api", browser, "text/html"},
		// f wins over Accept.
		{"/ogc/collections/municipalities/items?limit=2&f=json", browser, "application/geo+json"},
		{"/ogc/collections/municipalities/items?limit=2&f=html", "application/geo+json", "text/html"},
	}
	for _, c := range cases {
		var h []string
		if c.accept != "" {
			h = []string{"Accept", c.accept}
		}
		r := get(t, ts.URL+c.path, h...)
		if ct := r.header.Get("Content-Type"); r.status != 200 || !strings.HasPrefix(ct, c.want) {
			t.Errorf("%s with Accept %q: %d %s, want %s", c.path, c.accept, r.status, ct, c.want)
		}
	}
}

func TestNegotiatedResponsesVaryOnAccept(t *testing.T) {
	ts, _, _ := newServer(t)
	for _, p := range []string{"/ogc", "/ogc/collections", "/ogc/collections/municipalities", "/ogc/collections/municipalities/items?limit=2",
		"/ogc/collections/municipalities/items/GM0363", "/ogc/api"} {
		r := get(t, ts.URL+p, "Accept", "text/html")
		vary := strings.Split(strings.ToLower(strings.ReplaceAll(strings.Join(r.header.Values("Vary"), ","), " ", "")), ",")
		if !slices.Contains(vary, "accept") && !slices.Contains(vary, "*") {
			t.Errorf("%s: Vary %q, want Accept", p, r.header.Values("Vary"))
		}
	}
}

// TestFormatParameterValues: f values other than json/html are a 400 naming f,
// never a 500 or an HTML page.
func TestFormatParameterValues(t *testing.T) {
	ts, _, _ := newServer(t)
	for _, path := range []string{"/ogc", "/ogc/collections", "/ogc/collections/municipalities/items", "/ogc/collections/municipalities/items/GM0363"} {
		for _, f := range []string{"geojson", "application/geo+json", "application/json", "JSON", "text/html", ""} {
			sep := "?"
			if strings.Contains(path, "?") {
				sep = "&"
			}
			r := get(t, ts.URL+path+sep+"f="+url.QueryEscape(f))
			var e struct{ Error, Code string }
			if r.status != 400 || json.Unmarshal(r.body, &e) != nil || e.Code != "bad_request" || !strings.Contains(e.Error, "f") {
				t.Errorf("%s f=%q: %d %.200s", path, f, r.status, r.body)
			}
		}
	}
}
