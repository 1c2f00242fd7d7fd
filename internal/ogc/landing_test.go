package ogc_test

import (
	"encoding/json"
	"strings"
	"testing"
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
	// The temporal extent is what datetime filters on: the assessment dates of
	// the municipalities, the boundary years of the provinces.
	firstDay := map[string][2]string{"municipalities": {"2025-03-01T00:00:00Z", "2025-06-01T23:59:59Z"}, "provinces": {"2025-01-01T00:00:00Z", "2025-12-31T23:59:59Z"}}
	for _, c := range cs.Collections {
		b := c.Extent.Spatial.Bbox
		iv := c.Extent.Temporal.Interval
		if c.ItemType != "feature" || c.StorageCrs != "http://www.opengis.net/def/crs/OGC/1.3/CRS84" || len(c.Crs) != 2 || len(b) != 1 ||
			b[0][0] < 3 || b[0][2] > 7.3 || b[0][1] < 50.7 || b[0][3] > 53.6 || len(iv) != 1 || [2]string{iv[0][0], iv[0][1]} != firstDay[c.ID] || c.Links.href("items") == "" {
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
