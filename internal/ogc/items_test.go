package ogc_test

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/paulmach/orb/geojson"
)

func TestItemsParameters(t *testing.T) {
	ts, _, _ := newServer(t)
	base := ts.URL + "/ogc/collections/municipalities/items"
	for _, q := range []string{"limit=0", "limit=-1", "limit=abc", "offset=-5", "bbox=1,2,3", "crs=EPSG:28992",
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
