package ogc_test

import (
	"html"
	"regexp"
	"strings"
	"testing"
)

func TestHTML(t *testing.T) {
	ts, _, _ := newServer(t)
	for _, path := range []string{"/ogc?f=html", "/ogc/conformance?f=html", "/ogc/collections?f=html", "/ogc/collections/municipalities?f=html",
		"/ogc/collections/municipalities/items?f=html&limit=10", "/ogc/collections/municipalities/items/GM0363?f=html", "/ogc/collections/provinces/items?f=html"} {
		r := get(t, ts.URL+path)
		body := string(r.body)
		if r.status != 200 || r.header.Get("Content-Type") != "text/html; charset=utf-8" {
			t.Errorf("%s: %d %s", path, r.status, r.header.Get("Content-Type"))
			continue
		}
		for _, want := range []string{`<html lang="nl">`, "<h1>", "Bron: CBS, Kadaster", "CC BY 4.0", "<a href="} {
			if !strings.Contains(body, want) {
				t.Errorf("%s lacks %s", path, want)
			}
		}
		for _, bad := range []string{"<script", "<style", "style="} {
			if strings.Contains(body, bad) {
				t.Errorf("%s contains %s (CSP forbids inline)", path, bad)
			}
		}
		if strings.Contains(path, "items") && !strings.Contains(body, "<table") {
			t.Errorf("%s has no table", path)
		}
	}
	r := get(t, ts.URL+"/ogc/collections/municipalities/items?f=html&limit=10")
	if !strings.Contains(string(r.body), `rel="next"`) || !strings.Contains(string(r.body), "GM0014") {
		t.Errorf("items HTML: %.300s", r.body)
	}
	r = get(t, ts.URL+"/ogc", "Accept", "text/html,application/xhtml+xml")
	if !strings.HasPrefix(r.header.Get("Content-Type"), "text/html") {
		t.Errorf("browser Accept gets %s", r.header.Get("Content-Type"))
	}
}

// TestHTMLDutch: the HTML views are lang="nl" and say everything in Dutch
// (WCAG 3.1.2); "als JSON" and rel=alternate lead to the JSON, the landing
// page's too.
func TestHTMLDutch(t *testing.T) {
	ts, _, _ := newServer(t)
	alternate := regexp.MustCompile(`<link rel="alternate" type="([^"]*)" href="([^"]*)">`)
	// The JSON alternate names its own media type (html/template writes + as &#43;).
	jsonTypes := map[string]bool{"application/json": true, "application/geo+json": true, "application/schema+json": true, "application/vnd.oai.openapi+json;version=3.0": true}
	// Parts marked lang="en" (the API page quotes the OpenAPI descriptions) are English by design.
	english := regexp.MustCompile(`\b(Collections|Conformance|this (document|page|collection)|feature collections|How far|boundaries|municipality|province name|definition|null = )\b`)
	enPart := regexp.MustCompile(`(?s)<(p|td) lang="en">.*?</(p|td)>`)
	asJSON := regexp.MustCompile(`<a href="([^"]*)">Deze gegevens als JSON</a>`)
	for _, path := range []string{"/ogc?f=html", "/ogc/api?f=html", "/ogc/conformance?f=html", "/ogc/collections?f=html", "/ogc/collections/municipalities?f=html",
		"/ogc/collections/provinces?f=html", "/ogc/collections/municipalities/items?f=html&limit=10", "/ogc/collections/municipalities/items/GM0363?f=html",
		"/ogc/collections/municipalities/queryables?f=html"} {
		body := string(get(t, ts.URL+path).body)
		if m := english.FindString(enPart.ReplaceAllString(body, "")); m != "" {
			t.Errorf("%s: English text %q", path, m)
		}
		for _, re := range []*regexp.Regexp{alternate, asJSON} {
			m := re.FindStringSubmatch(body)
			if m == nil {
				t.Errorf("%s: no %s", path, re)
				continue
			}
			href := html.UnescapeString(m[len(m)-1])
			if re == alternate && !jsonTypes[html.UnescapeString(m[1])] {
				t.Errorf("%s: alternate type %q", path, html.UnescapeString(m[1]))
			}
			if r := get(t, href); !strings.Contains(r.header.Get("Content-Type"), "json") {
				t.Errorf("%s: %s answers %s", path, href, r.header.Get("Content-Type"))
			}
		}
	}
	body := string(get(t, ts.URL+"/ogc?f=html").body)
	if !strings.Contains(body, "<title>Inclusiekaart — OGC API Features</title>") {
		t.Errorf("landing title: %s", regexp.MustCompile(`<title>.*</title>`).FindString(body))
	}
}
