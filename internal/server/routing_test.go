package server_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/inclusiekaart/inclusiekaart/internal/server"
)

func TestHeadAnswersLikeGet(t *testing.T) {
	ts, _ := newServer(t, server.Config{})
	for _, p := range []string{"/healthz", "/api/municipalities", "/api/municipalities.geojson", "/api/municipalities/GM0363",
		"/api/provinces.geojson", "/api/municipalities.csv", "/ogc", "/ogc/collections/municipalities/items", "/api/stakeholders", "/"} {
		g := get(t, ts.URL+p)
		h := do(t, http.MethodHead, ts.URL+p, nil)
		if h.status != 200 || len(h.body) != 0 {
			t.Errorf("HEAD %s: %d with %d body bytes", p, h.status, len(h.body))
		}
		if h.header.Get("Content-Type") != g.header.Get("Content-Type") {
			t.Errorf("HEAD %s: Content-Type %q, GET has %q", p, h.header.Get("Content-Type"), g.header.Get("Content-Type"))
		}
		if et := g.header.Get("ETag"); et != "" && h.header.Get("ETag") != et {
			t.Errorf("HEAD %s: ETag %q, GET has %q", p, h.header.Get("ETag"), et)
		}
	}
	if h := do(t, http.MethodHead, ts.URL+"/api/municipalities/GM9999", nil); h.status != 404 {
		t.Errorf("HEAD unknown code: %d", h.status)
	}
}

func TestMethodNotAllowed(t *testing.T) {
	ts, _ := newServer(t, server.Config{})
	for _, m := range []string{http.MethodPost, http.MethodDelete, http.MethodPatch, http.MethodOptions, "TRACE"} {
		for _, p := range []string{"/api/municipalities", "/api/municipalities/GM0363/assessment", "/api/stakeholders",
			"/api/municipalities.geojson", "/ogc/collections", "/healthz", "/"} {
			r := do(t, m, ts.URL+p, strings.NewReader("{}"), "Content-Type", "application/json")
			wantJSONError(t, m+" "+p, r, 405, "method_not_allowed", m)
		}
	}
}

func TestMethodNotAllowedNamesAllowedMethods(t *testing.T) {
	ts, _ := newServer(t, server.Config{})
	for p, want := range map[string]string{
		"/api/municipalities":                   "GET",
		"/api/municipalities/GM0363/assessment": "PUT",
		"/api/stakeholders":                     "PUT",
	} {
		r := do(t, http.MethodPost, ts.URL+p, nil)
		if !strings.Contains(r.header.Get("Allow"), want) {
			t.Errorf("POST %s: Allow %q, want it to list %s", p, r.header.Get("Allow"), want)
		}
	}
}

func TestGetOnPutOnlyRoute(t *testing.T) {
	ts, _ := newServer(t, server.Config{})
	wantJSONError(t, "GET assessment", get(t, ts.URL+"/api/municipalities/GM0363/assessment"), 405, "method_not_allowed")
}

func TestPathsAndRedirects(t *testing.T) {
	ts, _, tok := editServer(t, false)
	// History under a merged code, so the successor has something to show.
	if status, b := put(t, ts.URL+"/api/municipalities/GM0236/assessment", tok, strings.Replace(goodBody, "2026-10-01", "2018-04-01", 1)); status != 201 {
		t.Fatalf("PUT under merged code: %d %v", status, b)
	}
	cases := []struct {
		path, location string
	}{
		{"/api/municipalities/GM0236", "/api/municipalities/GM1960"},
		{"/api/municipalities/gm0236", "/api/municipalities/GM1960"},
		{"/api/municipalities/GM0236/peers?domain=domain.work", "/api/municipalities/GM1960/peers?domain=domain.work"},
		{"/api/municipalities/GM0236/stakeholders", "/api/municipalities/GM1960/stakeholders"},
		{"/api//municipalities", "/api/municipalities"},
		{"/api/municipalities/../healthz", "/api/healthz"},
		{"/static/../../../etc/passwd", "/etc/passwd"},
	}
	for _, c := range cases {
		// Build the request by hand so that the client does not clean the path.
		req, _ := http.NewRequest(http.MethodGet, ts.URL, nil)
		req.URL.Opaque = c.path
		if i := strings.IndexByte(c.path, '?'); i >= 0 {
			req.URL.Opaque, req.URL.RawQuery = c.path[:i], c.path[i+1:]
		}
		client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		loc, _ := url.Parse(resp.Header.Get("Location"))
		got := ""
		if loc != nil {
			got = loc.RequestURI()
		}
		if resp.StatusCode != 301 || got != c.location {
			t.Errorf("%s: %d Location %q, want 301 %s", c.path, resp.StatusCode, resp.Header.Get("Location"), c.location)
		}
	}
	// The redirect body of a merged code is a JSON explanation.
	r := get(t, ts.URL+"/api/municipalities/GM0236")
	var e struct{ Error, Code string }
	if json.Unmarshal(r.body, &e) != nil || !strings.Contains(e.Error, "GM1960") {
		t.Errorf("merged code body: %s", r.body)
	}
	// Following it lands on the successor with the old history.
	var d struct {
		Code    string
		History []struct {
			MergedFrom string `json:"merged_from"`
		}
	}
	json.Unmarshal(get(t, ts.URL+"/api/municipalities/GM1960").body, &d)
	if d.Code != "GM1960" || len(d.History) != 1 || d.History[0].MergedFrom != "GM0236" {
		t.Errorf("successor: %+v", d)
	}
}
