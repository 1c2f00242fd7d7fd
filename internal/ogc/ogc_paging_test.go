package ogc_test

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

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

// TestItemsPagingAtTheMaximumLimit: limit at the advertised maximum works, paging by
// next links adds up to numberMatched, timeStamp is RFC 3339 and every page
// has self (application/geo+json) and alternate (text/html) links.
func TestItemsPagingAtTheMaximumLimit(t *testing.T) {
	ts, _, _ := newServer(t)
	for _, c := range []struct {
		collection string
		limit, n   int
	}{{"municipalities", 1000, 342}, {"municipalities", 50, 342}, {"municipalities", 341, 342}, {"provinces", 5, 12}, {"provinces", 1000, 12}} {
		u := fmt.Sprintf("%s/ogc/collections/%s/items?limit=%d", ts.URL, c.collection, c.limit)
		total, pages := 0, 0
		seen := map[string]bool{}
		for u != "" && pages < 50 {
			var p struct {
				page
				Links []struct{ Href, Rel, Type string }
			}
			r := getJSON(t, u, &p)
			pages++
			if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/geo+json") {
				t.Errorf("%s: Content-Type %s", u, ct)
			}
			if p.NumberMatched != c.n || p.NumberReturned != len(p.Features) || len(p.Features) > c.limit {
				t.Errorf("%s: numberMatched %d numberReturned %d, %d features", u, p.NumberMatched, p.NumberReturned, len(p.Features))
			}
			if _, err := time.Parse(time.RFC3339, p.TimeStamp); err != nil {
				t.Errorf("%s: timeStamp %q: %v", u, p.TimeStamp, err)
			}
			rels := map[string]string{}
			next := ""
			for _, l := range p.Links {
				rels[l.Rel] = l.Type
				if l.Rel == "next" {
					next = l.Href
				}
			}
			if rels["self"] != "application/geo+json" || rels["alternate"] != "text/html" {
				t.Errorf("%s: links %v", u, rels)
			}
			for _, f := range p.Features {
				id := fmt.Sprint(f.ID)
				if seen[id] {
					t.Errorf("%s: %s twice", u, id)
				}
				seen[id] = true
			}
			total += len(p.Features)
			u = next
		}
		if total != c.n || len(seen) != c.n || pages != (c.n+c.limit-1)/c.limit {
			t.Errorf("%s limit %d: %d features in %d pages, want %d", c.collection, c.limit, total, pages, c.n)
		}
	}
	// limit beyond the advertised maximum is clamped to it (OGC API - Features
	// 1.0.1), never an error: GDAL's PAGE_SIZE=5000 and OWSLib rely on it.
	for _, n := range []int{1001, 5000} {
		var p page
		getJSON(t, ts.URL+"/ogc/collections/provinces/items?limit="+strconv.Itoa(n), &p)
		if p.NumberReturned != 12 || !strings.Contains(p.Links.href("self"), "limit=1000") {
			t.Errorf("limit=%d: %d returned, self %s", n, p.NumberReturned, p.Links.href("self"))
		}
	}
}
