package server_test

import (
	"encoding/json"
	"net/url"
	"testing"

	"github.com/inclusiekaart/inclusiekaart/internal/server"
)

func TestOGCItemsParametersThroughTheRouter(t *testing.T) {
	ts, _ := newServer(t, server.Config{})
	items := ts.URL + "/ogc/collections/municipalities/items?"
	cases := []struct {
		query  string
		status int
		name   string
	}{
		{"limit=0", 400, "limit"},
		{"limit=-3", 400, "limit"},
		{"limit=-1", 400, "limit"},
		{"limit=abc", 400, "limit"},
		{"limit=", 400, "limit"},
		{"limit=1e3", 400, "limit"},
		{"limit=10&limit=20", 400, "limit"},
		{"offset=-1", 400, "offset"},
		{"offset=1.5", 400, "offset"},
		{"bbox=1,2,3,4,5", 400, "bbox"},
		{"bbox=4,52,5", 400, "bbox"},
		{"bbox=a,b,c,d", 400, "bbox"},
		{"bbox-crs=EPSG:2154&bbox=4,52,5,53", 400, "bbox-crs"},
		{"bbox-crs=" + url.QueryEscape("http://www.opengis.net/def/crs/OGC/1.3/CRS84"), 400, "bbox-crs"},
		{"crs=EPSG:2154", 400, "crs"},
		{"crs=" + url.QueryEscape("http://www.opengis.net/def/crs/EPSG/0/4326"), 400, "crs"},
		{"f=xml", 400, "f"},
		{"f=", 400, "f"},
		{"foo=bar", 400, "foo"},
		{"sortby=name", 400, "sortby"},
		{"year=abc", 400, "year"},
		{"properties=nope", 400, "properties"},
		{"properties=", 400, "properties"},
		{"stage=7", 400, "stage"},
		{"year=2019", 404, "2019"},
	}
	for _, c := range cases {
		code := "bad_request"
		if c.status == 404 {
			code = "not_found"
		}
		wantJSONError(t, c.query, get(t, items+c.query), c.status, code, c.name)
	}
	wantJSONError(t, "unknown collection", get(t, ts.URL+"/ogc/collections/x/items"), 404, "not_found", "x")
	wantJSONError(t, "unknown feature", get(t, ts.URL+"/ogc/collections/municipalities/items/GM9999"), 404, "not_found", "GM9999")
	// Edge values that are fine.
	for _, q := range []string{"limit=1000", "limit=0010", "offset=99999", "bbox=4.9,52.3,4.9,52.3", "bbox=1,2,3,4,5,6", "f=json", "datetime=2025-01-01"} {
		if r := get(t, items+q); r.status != 200 {
			t.Errorf("%s: %d %.200s", q, r.status, r.body)
		}
	}
	if r := get(t, ts.URL+"/ogc/collections/municipalities/items/gm0363"); r.status != 200 {
		t.Errorf("lower-case feature id: %d", r.status)
	}
}

func TestOGCAntimeridianBBox(t *testing.T) {
	ts, _ := newServer(t, server.Config{})
	r := get(t, ts.URL+"/ogc/collections/municipalities/items?bbox=179,52,-179,53")
	if r.status != 200 || len(decodeFC(t, r).Features) != 0 {
		t.Errorf("%d %.200s", r.status, r.body)
	}
}

// TestOGCPagingUnderFilters follows next links with filters and
// checks that every matched feature is returned exactly once and numberMatched
// agrees with what the list endpoint says.
func TestOGCPagingUnderFilters(t *testing.T) {
	ts, _ := newServer(t, server.Config{})
	// The bbox filter is compared with OGC's own numberMatched: the list
	// matches bounding boxes, OGC exact geometries (see
	// TestBBoxSameAnswerEverywhere).
	cases := []struct{ ogc, list string }{
		{"province_code=PV26&limit=7", "province=PV26"},
		{"bbox=4.5,52,5.5,52.5&limit=5", "-"},
		{"bbox=5.0,52.0,5.2,52.2&limit=2&province_code=PV26", "-"},
		{"koploper=true&limit=3", "koploper=true"},
		{"province_code=PV26&limit=7&crs=" + url.QueryEscape("http://www.opengis.net/def/crs/EPSG/0/28992"), "province=PV26"},
		{"properties=name&limit=100", ""},
		{"stage=null&limit=1000", "stage=null"},
	}
	for _, c := range cases {
		var want []struct{ Code string }
		if c.list == "-" {
			// Everything OGC itself says matches, from one page of 1000.
			var all struct {
				Features []struct {
					ID string `json:"id"`
				} `json:"features"`
			}
			q, _ := url.ParseQuery(c.ogc)
			q.Set("limit", "1000")
			json.Unmarshal(get(t, ts.URL+"/ogc/collections/municipalities/items?"+q.Encode()).body, &all)
			for _, f := range all.Features {
				want = append(want, struct{ Code string }{f.ID})
			}
		} else {
			json.Unmarshal(get(t, ts.URL+"/api/municipalities?"+c.list).body, &want)
		}
		if len(want) == 0 {
			t.Fatalf("%s: nothing matches; the case tests nothing", c.ogc)
		}
		next := ts.URL + "/ogc/collections/municipalities/items?" + c.ogc
		seen := map[string]int{}
		pages := 0
		for next != "" && pages < 200 {
			pages++
			var page struct {
				NumberMatched  int `json:"numberMatched"`
				NumberReturned int `json:"numberReturned"`
				Features       []struct {
					ID string `json:"id"`
				} `json:"features"`
				Links []struct{ Rel, Href string } `json:"links"`
			}
			r := get(t, next)
			if err := json.Unmarshal(r.body, &page); err != nil || r.status != 200 {
				t.Fatalf("%s page %d: %d %.200s", c.ogc, pages, r.status, r.body)
			}
			if page.NumberMatched != len(want) || page.NumberReturned != len(page.Features) {
				t.Errorf("%s page %d: numberMatched %d (list has %d), numberReturned %d for %d features",
					c.ogc, pages, page.NumberMatched, len(want), page.NumberReturned, len(page.Features))
			}
			for _, f := range page.Features {
				seen[f.ID]++
			}
			next = ""
			for _, l := range page.Links {
				if l.Rel == "next" {
					next = l.Href
				}
			}
		}
		for _, m := range want {
			if seen[m.Code] != 1 {
				t.Errorf("%s: %s returned %d times", c.ogc, m.Code, seen[m.Code])
			}
		}
		if len(seen) != len(want) {
			t.Errorf("%s: %d distinct features over %d pages, list has %d", c.ogc, len(seen), pages, len(want))
		}
	}
}
