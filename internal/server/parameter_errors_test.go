package server_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/inclusiekaart/inclusiekaart/internal/server"
)

func TestErrors(t *testing.T) {
	ts, _ := newServer(t, server.Config{})
	cases := []struct {
		path       string
		status     int
		code, name string
	}{
		{"/api/municipalities/GM9999", 404, "not_found", "GM9999"},
		{"/api/municipalities/Amsterdam", 400, "bad_request", "code"},
		{"/api/municipalities.geojson?bbox=1,2,3", 400, "bad_request", "bbox"},
		{"/api/municipalities.geojson?bbox=4,52,3,53", 400, "bad_request", "bbox"},
		{"/api/municipalities.geojson?bbox=NaN,52,5,53", 400, "bad_request", "bbox"},
		{"/api/municipalities.geojson?zoom=abc", 400, "bad_request", "zoom"},
		{"/api/municipalities.geojson?zoom=99", 400, "bad_request", "zoom"},
		{"/api/municipalities.geojson?year=20x5", 400, "bad_request", "year"},
		{"/api/municipalities.geojson?year=2019", 404, "not_found", "2019"},
		{"/api/municipalities.geojson?province=Utrecht", 400, "bad_request", "province"},
		{"/api/municipalities?year=2025&year=2024", 400, "bad_request", "year"},
		{"/api/nope", 404, "not_found", ""},
	}
	for _, c := range cases {
		r := get(t, ts.URL+c.path)
		var e struct{ Error, Code string }
		if err := json.Unmarshal(r.body, &e); err != nil {
			t.Errorf("%s: body not JSON: %s", c.path, r.body)
			continue
		}
		if r.status != c.status || e.Code != c.code || !strings.Contains(e.Error, c.name) {
			t.Errorf("%s: got %d %+v, want %d %s naming %q", c.path, r.status, e, c.status, c.code, c.name)
		}
	}
	req, _ := http.NewRequest(http.MethodPost, ts.URL+"/api/municipalities", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 405 {
		t.Errorf("POST list: %d, want 405", resp.StatusCode)
	}
}

func TestParameterErrorsNameTheParameter(t *testing.T) {
	ts, _ := newServer(t, server.Config{})
	long := strings.Repeat("9", 5000)
	cases := []struct {
		path       string
		status     int
		code, name string
	}{
		{"/api/municipalities?year=", 400, "bad_request", "year"},
		{"/api/municipalities?year=2025&year=2025", 400, "bad_request", "year"},
		{"/api/municipalities?year=%FF", 400, "bad_request", "year"},
		{"/api/municipalities?year=%EF%BC%92%EF%BC%90%EF%BC%92%EF%BC%95", 400, "bad_request", "year"}, // fullwidth ２０２５
		{"/api/municipalities?year=-0", 400, "bad_request", "year"},
		{"/api/municipalities?year=2025.0", 400, "bad_request", "year"},
		{"/api/municipalities?year=" + long, 400, "bad_request", "year"},
		{"/api/municipalities?province=", 400, "bad_request", "province"},
		{"/api/municipalities?province=PV26&province=PV27", 400, "bad_request", "province"},
		{"/api/municipalities?bbox=179,52,-179,53", 400, "bad_request", "bbox"},
		{"/api/municipalities?bbox=4,52,5,53,6", 400, "bad_request", "bbox"},
		{"/api/municipalities?bbox=4,52,5,1e400", 400, "bad_request", "bbox"},
		{"/api/municipalities?bbox=4,-91,5,53", 400, "bad_request", "bbox"},
		{"/api/municipalities?bbox=%20", 400, "bad_request", "bbox"},
		{"/api/municipalities?bbox=" + long, 400, "bad_request", "bbox"},
		{"/api/municipalities?stage=", 400, "bad_request", "stage"},
		{"/api/municipalities?stage=0", 400, "bad_request", "stage"},
		{"/api/municipalities?koploper=maybe", 400, "bad_request", "koploper"},
		{"/api/municipalities?demo=2", 400, "bad_request", "demo"},
		{"/api/municipalities?name=", 400, "bad_request", "name"},
		{"/api/municipalities.geojson?zoom=1.5", 400, "bad_request", "zoom"},
		{"/api/municipalities.geojson?zoom=", 400, "bad_request", "zoom"},
		{"/api/municipalities.geojson?zoom=7&zoom=8", 400, "bad_request", "zoom"},
		{"/api/municipalities.geojson?zoom=23", 400, "bad_request", "zoom"},
		{"/api/municipalities.geojson?zoom=-1", 400, "bad_request", "zoom"},
		{"/api/municipalities.csv?province=Utrecht", 400, "bad_request", "province"},
		{"/api/municipalities.csv?bbox=1,2,3", 400, "bad_request", "bbox"},
		{"/api/provinces.geojson?bbox=1,2,3", 400, "bad_request", "bbox"},
		{"/api/provinces.geojson?year=x", 400, "bad_request", "year"},
		{"/api/municipalities/GM9999", 404, "not_found", "GM9999"},
		{"/api/municipalities/GM0363%00", 400, "bad_request", "code"},
		{"/api/municipalities/GM0363x", 400, "bad_request", "code"},
		{"/api/municipalities/GM%EF%BC%90%EF%BC%93%EF%BC%96%EF%BC%93", 400, "bad_request", "code"}, // fullwidth digits
		{"/api/municipalities/PV26", 400, "bad_request", "code"},
		{"/api/municipalities/GM9999/peers", 404, "not_found", "GM9999"},
		{"/api/municipalities/GM9999/stakeholders", 404, "not_found", "GM9999"},
		{"/api/municipalities/GM0363/peers?domain=cooking", 400, "bad_request", "domain"},
		{"/api/municipalities/GM0363/peers?domain=domain.work&domain=domain.work", 400, "bad_request", "domain"},
		{"/api/compare?codes=GM0363,GM0363", 400, "bad_request", "codes"},
		{"/api/compare?codes=GM0363,,GM0344", 400, "bad_request", "codes"},
		{"/api/compare?codes=GM0363&codes=GM0344", 400, "bad_request", "codes"},
		{"/api/compare?codes=GM0363,GM9999", 404, "not_found", "GM9999"},
		{"/api/municipalities/", 404, "not_found", ""},
		{"/api/municipalities/GM0363/", 404, "not_found", ""},
		{"/api/nope", 404, "not_found", ""},
	}
	for _, c := range cases {
		wantJSONError(t, c.path, get(t, ts.URL+c.path), c.status, c.code, c.name)
	}
}

func TestParameterEdgeValuesAccepted(t *testing.T) {
	ts, _ := newServer(t, server.Config{})
	cases := []struct {
		path string
		want []string // codes that must be in the answer
	}{
		{"/api/municipalities?province=pv26", []string{"GM0344"}},
		{"/api/municipalities?code=gm0363", []string{"GM0363"}},
		{"/api/municipalities?bbox=4.9,52.3,4.9,52.3", []string{"GM0362"}}, // a point is a valid bbox
		{"/api/municipalities?bbox=-0,52,5,53", []string{"GM0344"}},
		{"/api/municipalities?stage=null", []string{"GM0363"}},
		{"/api/municipalities?foo=bar", []string{"GM0363"}}, // unknown parameters are ignored outside OGC
	}
	for _, c := range cases {
		r := get(t, ts.URL+c.path)
		var list []struct{ Code string }
		if err := json.Unmarshal(r.body, &list); err != nil || r.status != 200 {
			t.Errorf("%s: %d %.200s", c.path, r.status, r.body)
			continue
		}
		have := map[string]bool{}
		for _, m := range list {
			have[m.Code] = true
		}
		for _, w := range c.want {
			if !have[w] {
				t.Errorf("%s: %s missing from %d results", c.path, w, len(list))
			}
		}
	}
	r := get(t, ts.URL+"/api/municipalities.geojson?zoom=-0")
	if r.status != 200 || len(decodeFC(t, r).Features) != 342 {
		t.Errorf("zoom=-0: %d", r.status)
	}
}

func TestMalformedPercentEncodingRefused(t *testing.T) {
	ts, _ := newServer(t, server.Config{})
	for _, p := range []string{
		"/api/municipalities?bbox=%zz",
		"/api/municipalities?year=%zz",
		"/api/municipalities.csv?province=%zz",
		"/api/municipalities.geojson?bbox=4,52,5,53&zoom=%zz",
		"/ogc/collections/municipalities/items?limit=%zz",
	} {
		r := get(t, ts.URL+p)
		wantJSONError(t, p, r, 400, "bad_request")
	}
}

func TestYearWithSignRefused(t *testing.T) {
	ts, _ := newServer(t, server.Config{})
	wantJSONError(t, "year=+2025", get(t, ts.URL+"/api/municipalities?year=%2B2025"), 400, "bad_request", "year")
}
