package ogc_test

import (
	"encoding/json"
	"html"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

type links []struct{ Href, Rel, Type string }

func (l links) href(rel string) string {
	for _, x := range l {
		if x.Rel == rel {
			return x.Href
		}
	}
	return ""
}

func TestLandingConformanceCollections(t *testing.T) {
	ts, _, _ := newServer(t)
	var landing struct{ Links links }
	r := getJSON(t, ts.URL+"/ogc", &landing)
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("landing content type %s", ct)
	}
	for _, rel := range []string{"self", "service-desc", "conformance", "data"} {
		if h := landing.Links.href(rel); !strings.HasPrefix(h, ts.URL+"/ogc") {
			t.Errorf("landing link %s = %q", rel, h)
		}
	}
	r = get(t, landing.Links.href("service-desc"))
	var api struct {
		OpenAPI string         `json:"openapi"`
		Paths   map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(r.body, &api); err != nil || r.header.Get("Content-Type") != "application/vnd.oai.openapi+json;version=3.0" ||
		!strings.HasPrefix(api.OpenAPI, "3.0") || api.Paths["/collections/municipalities/items"] == nil {
		t.Errorf("api: %s %v %.200s", r.header.Get("Content-Type"), err, r.body)
	}
	var conf struct{ ConformsTo []string }
	getJSON(t, landing.Links.href("conformance"), &conf)
	if !strings.Contains(strings.Join(conf.ConformsTo, " "), "ogcapi-features-2/1.0/conf/crs") || len(conf.ConformsTo) < 4 {
		t.Errorf("conformance %v", conf.ConformsTo)
	}
	var cs struct {
		Collections []struct {
			ID         string
			ItemType   string
			StorageCrs string
			Crs        []string
			Extent     struct {
				Spatial  struct{ Bbox [][]float64 }
				Temporal struct{ Interval [][]string }
			}
			Links links
		}
	}
	getJSON(t, landing.Links.href("data"), &cs)
	if len(cs.Collections) != 2 || cs.Collections[0].ID != "municipalities" || cs.Collections[1].ID != "provinces" {
		t.Fatalf("collections %+v", cs)
	}
	for _, c := range cs.Collections {
		b := c.Extent.Spatial.Bbox
		if c.ItemType != "feature" || c.StorageCrs != "http://www.opengis.net/def/crs/OGC/1.3/CRS84" || len(c.Crs) != 2 || len(b) != 1 ||
			b[0][0] < 3 || b[0][2] > 7.3 || b[0][1] < 50.7 || b[0][3] > 53.6 || c.Extent.Temporal.Interval[0][0] != "2025-01-01T00:00:00Z" || c.Links.href("items") == "" {
			t.Errorf("collection %+v", c)
		}
	}
	if r := get(t, ts.URL+"/ogc/collections/gemeenten"); r.status != 404 || !strings.Contains(string(r.body), `"code":"not_found"`) {
		t.Errorf("unknown collection: %d %s", r.status, r.body)
	}
	if r := get(t, ts.URL+"/ogc/collections?foo=1"); r.status != 400 {
		t.Errorf("unknown parameter on collections: %d", r.status)
	}
}

type page struct {
	Type           string
	Features       []*geojson.Feature
	NumberMatched  int
	NumberReturned int
	TimeStamp      string
	Links          links
	Attribution    string
	License        string
}

func fetchPage(t *testing.T, u string) (page, response) {
	t.Helper()
	r := get(t, u)
	if r.status != 200 {
		t.Fatalf("GET %s: %d %s", u, r.status, r.body)
	}
	var p page
	if err := json.Unmarshal(r.body, &p); err != nil {
		t.Fatal(err)
	}
	return p, r
}

// TestPaging follows next links: all pages together hold every feature exactly
// once, and prev links lead back.
func TestPaging(t *testing.T) {
	ts, _, _ := newServer(t)
	for _, tc := range []struct {
		query string
		want  int
	}{
		{"limit=25", 342}, {"", 342}, {"limit=1000", 342}, {"limit=7&province_code=PV26", 26}, {"limit=1&stage=4,5", 3},
	} {
		seen := map[string]int{}
		u := ts.URL + "/ogc/collections/municipalities/items?" + tc.query
		pages := 0
		for u != "" {
			p, r := fetchPage(t, u)
			pages++
			if r.header.Get("Content-Type") != "application/geo+json; charset=utf-8" || r.header.Get("Content-Crs") != "<http://www.opengis.net/def/crs/OGC/1.3/CRS84>" {
				t.Errorf("headers %v", r.header)
			}
			if p.NumberMatched != tc.want || p.NumberReturned != len(p.Features) || p.TimeStamp == "" || p.Attribution != "Bron: CBS, Kadaster" || p.License == "" {
				t.Errorf("%s: matched %d returned %d/%d", u, p.NumberMatched, p.NumberReturned, len(p.Features))
			}
			if pages > 1 && !strings.HasPrefix(p.Links.href("prev"), ts.URL) {
				t.Errorf("%s: no prev link", u)
			}
			for _, f := range p.Features {
				seen[f.ID.(string)]++
				if _, ok := f.Geometry.(orb.MultiPolygon); !ok {
					t.Errorf("%v: geometry %T", f.ID, f.Geometry)
				}
			}
			u = p.Links.href("next")
			if u != "" {
				nq, _ := url.Parse(u)
				if tc.query != "" && !strings.Contains(nq.RawQuery, strings.Split(tc.query, "&")[0]) {
					t.Errorf("next link %s lost the query %s", u, tc.query)
				}
			}
			if pages > 400 {
				t.Fatal("too many pages")
			}
		}
		if len(seen) != tc.want {
			t.Errorf("%s: %d distinct features, want %d", tc.query, len(seen), tc.want)
		}
		for id, n := range seen {
			if n != 1 {
				t.Errorf("%s: %s seen %d times", tc.query, id, n)
			}
		}
	}
	// Past the end: an empty page, no next, a prev.
	p, _ := fetchPage(t, ts.URL+"/ogc/collections/municipalities/items?offset=400&limit=10")
	if len(p.Features) != 0 || p.NumberMatched != 342 || p.Links.href("next") != "" || p.Links.href("prev") == "" {
		t.Errorf("past the end: %+v", p)
	}
}

func TestItemsParameters(t *testing.T) {
	ts, _, _ := newServer(t)
	base := ts.URL + "/ogc/collections/municipalities/items"
	for _, q := range []string{"limit=0", "limit=1001", "limit=abc", "offset=-5", "bbox=1,2,3", "crs=EPSG:28992",
		"bbox-crs=http://www.opengis.net/def/crs/OGC/1.3/CRS84", "f=xml", "stage=9", "koploper=ja", "unknown=1", "properties=colour", "year=abc"} {
		r := get(t, base+"?"+q)
		var e struct{ Error, Code string }
		name, _, _ := strings.Cut(q, "=")
		if r.status != 400 || json.Unmarshal(r.body, &e) != nil || e.Code != "bad_request" || !strings.Contains(e.Error, name) {
			t.Errorf("%s: %d %s", q, r.status, r.body)
		}
	}
	if r := get(t, base+"?year=1999"); r.status != 404 {
		t.Errorf("unknown year: %d %s", r.status, r.body)
	}
	if r := get(t, base+"/GM9999"); r.status != 404 || !strings.Contains(string(r.body), "not_found") {
		t.Errorf("unknown feature: %d %s", r.status, r.body)
	}
	// bbox in CRS84 and the same box in RD New select Utrecht.
	p, _ := fetchPage(t, base+"?bbox=5.10,52.07,5.13,52.10&limit=1000")
	q, _ := fetchPage(t, base+"?bbox=135500,454500,137500,457500&bbox-crs="+url.QueryEscape("http://www.opengis.net/def/crs/EPSG/0/28992")+"&limit=1000")
	has := func(p page, code string) bool {
		for _, f := range p.Features {
			if f.ID == code {
				return true
			}
		}
		return false
	}
	if !has(p, "GM0344") || !has(q, "GM0344") || p.NumberMatched > 5 || q.NumberMatched > 5 {
		t.Errorf("bbox: %d %d", p.NumberMatched, q.NumberMatched)
	}
	// properties= and the property filters.
	p, _ = fetchPage(t, base+"?properties=code,stage&stage=5")
	if p.NumberMatched != 1 || len(p.Features[0].Properties) != 2 || p.Features[0].Properties["code"] != "GM0363" {
		t.Errorf("stage=5: %+v", p)
	}
	p, _ = fetchPage(t, base+"?koploper=true&limit=1000")
	for _, f := range p.Features {
		if f.Properties["koploper"] != true {
			t.Errorf("koploper filter let %v through", f.ID)
		}
	}
	p, _ = fetchPage(t, base+"?name="+url.QueryEscape("Súdwest-Fryslân"))
	if p.NumberMatched != 1 {
		t.Errorf("name filter: %d", p.NumberMatched)
	}
	p, _ = fetchPage(t, base+"?datetime=2024-06-01")
	if p.NumberMatched != 0 {
		t.Errorf("datetime 2024 on 2025 boundaries: %d", p.NumberMatched)
	}
	// One feature, in RD New.
	r := get(t, base+"/GM0363?crs="+url.QueryEscape("http://www.opengis.net/def/crs/EPSG/0/28992"))
	f, err := geojson.UnmarshalFeature(r.body)
	if err != nil || r.header.Get("Content-Crs") != "<http://www.opengis.net/def/crs/EPSG/0/28992>" || f.BBox != nil {
		t.Fatalf("RD item: %v %v %.200s", err, r.header, r.body)
	}
	b := f.Geometry.Bound()
	if b.Min[0] < 110000 || b.Max[0] > 136000 || b.Min[1] < 475000 || b.Max[1] > 495000 {
		t.Errorf("Amsterdam in RD: %v", b)
	}
	if f.Properties["name"] != "Amsterdam" || f.Properties["stage"] != 5.0 {
		t.Errorf("properties %v", f.Properties)
	}
}

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
	alternate := regexp.MustCompile(`<link rel="alternate" type="application/json" href="([^"]*)">`)
	asJSON := regexp.MustCompile(`<a href="([^"]*)">Deze gegevens als JSON</a>`)
	english := regexp.MustCompile(`\b(Collections|Conformance|this (document|page|collection)|feature collections|How far|boundaries|municipality|province name|definition|null = )\b`)
	for _, path := range []string{"/ogc?f=html", "/ogc/api?f=html", "/ogc/conformance?f=html", "/ogc/collections?f=html", "/ogc/collections/municipalities?f=html",
		"/ogc/collections/provinces?f=html", "/ogc/collections/municipalities/items?f=html&limit=10", "/ogc/collections/municipalities/items/GM0363?f=html"} {
		body := string(get(t, ts.URL+path).body)
		if m := english.FindString(body); m != "" {
			t.Errorf("%s: English text %q", path, m)
		}
		for _, re := range []*regexp.Regexp{alternate, asJSON} {
			m := re.FindStringSubmatch(body)
			if m == nil {
				t.Errorf("%s: no %s", path, re)
				continue
			}
			href := html.UnescapeString(m[1])
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
