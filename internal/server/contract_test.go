package server_test

// Contract tests: the HTTP interface probed the way outside checks do, with
// inputs at the edges of every parameter class. Tests named TestContract…
// assert behaviour that is right today; tests that document a defect skip
// with "DEFECT: …" until it is fixed.

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/inclusiekaart/inclusiekaart/internal/server"
	"github.com/inclusiekaart/inclusiekaart/internal/store"
)

// contractLeak matches implementation details that must never reach a client.
var contractLeak = regexp.MustCompile(`Go value|Go struct|map\[|json\.RawMessage|\*[a-z]+\.[A-Z]\w+|goroutine|panic|runtime error|\.go:\d+`)

// contractDo sends a request with optional headers (pairs) and returns the
// response as seen on the wire (no automatic gzip, no redirects followed).
func contractDo(t *testing.T, method, u string, body io.Reader, headers ...string) response {
	t.Helper()
	req, err := http.NewRequest(method, u, body)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		if headers[i+1] == "" {
			req.Header.Del(headers[i])
			continue
		}
		req.Header.Set(headers[i], headers[i+1])
	}
	client := &http.Client{
		Transport:     &http.Transport{DisableCompression: true},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{resp.StatusCode, resp.Header, b}
}

// contractError checks that r is a JSON error {"error","code"} with status and
// code, whose message mentions every string in mention and leaks nothing.
func contractError(t *testing.T, what string, r response, status int, code string, mention ...string) {
	t.Helper()
	var e struct {
		Error string `json:"error"`
		Code  string `json:"code"`
	}
	if !strings.HasPrefix(r.header.Get("Content-Type"), "application/json") {
		t.Errorf("%s: Content-Type %q, want application/json (status %d, body %.200s)", what, r.header.Get("Content-Type"), r.status, r.body)
		return
	}
	if err := json.Unmarshal(r.body, &e); err != nil || e.Error == "" || e.Code == "" {
		t.Errorf("%s: not a JSON error: %d %.300s", what, r.status, r.body)
		return
	}
	if r.status != status || (code != "" && e.Code != code) {
		t.Errorf("%s: got %d %q (%s), want %d %q", what, r.status, e.Code, e.Error, status, code)
	}
	for _, m := range mention {
		if !strings.Contains(e.Error, m) {
			t.Errorf("%s: message %q does not name %q", what, e.Error, m)
		}
	}
	if contractLeak.MatchString(e.Error) {
		t.Errorf("%s: message leaks implementation details: %q", what, e.Error)
	}
}

func contractCount(t *testing.T, st *store.Store, table string) int {
	t.Helper()
	var n int
	if err := st.DB().QueryRow(`SELECT COUNT(*) FROM ` + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestContractGetParameterErrors(t *testing.T) {
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
		{"/api/municipalities?demo=1", 400, "bad_request", "demo"},
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
		contractError(t, c.path, get(t, ts.URL+c.path), c.status, c.code, c.name)
	}
}

func TestContractGetEdgeValuesAccepted(t *testing.T) {
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

func TestContractMalformedPercentEncoding(t *testing.T) {
	ts, _ := newServer(t, server.Config{})
	for _, p := range []string{
		"/api/municipalities?bbox=%zz",
		"/api/municipalities?year=%zz",
		"/api/municipalities.csv?province=%zz",
		"/api/municipalities.geojson?bbox=4,52,5,53&zoom=%zz",
		"/ogc/collections/municipalities/items?limit=%zz",
	} {
		r := get(t, ts.URL+p)
		contractError(t, p, r, 400, "bad_request")
	}
}

func TestContractYearWithSign(t *testing.T) {
	ts, _ := newServer(t, server.Config{})
	contractError(t, "year=+2025", get(t, ts.URL+"/api/municipalities?year=%2B2025"), 400, "bad_request", "year")
}

func TestContractHead(t *testing.T) {
	ts, _ := newServer(t, server.Config{})
	for _, p := range []string{"/healthz", "/api/municipalities", "/api/municipalities.geojson", "/api/municipalities/GM0363",
		"/api/provinces.geojson", "/api/municipalities.csv", "/ogc", "/ogc/collections/municipalities/items", "/api/stakeholders", "/"} {
		g := get(t, ts.URL+p)
		h := contractDo(t, http.MethodHead, ts.URL+p, nil)
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
	if h := contractDo(t, http.MethodHead, ts.URL+"/api/municipalities/GM9999", nil); h.status != 404 {
		t.Errorf("HEAD unknown code: %d", h.status)
	}
}

func TestContractMethodNotAllowed(t *testing.T) {
	ts, _ := newServer(t, server.Config{})
	for _, m := range []string{http.MethodPost, http.MethodDelete, http.MethodPatch, http.MethodOptions, "TRACE"} {
		for _, p := range []string{"/api/municipalities", "/api/municipalities/GM0363/assessment", "/api/stakeholders",
			"/api/municipalities.geojson", "/ogc/collections", "/healthz", "/"} {
			r := contractDo(t, m, ts.URL+p, strings.NewReader("{}"), "Content-Type", "application/json")
			contractError(t, m+" "+p, r, 405, "method_not_allowed", m)
		}
	}
}

func TestContractMethodNotAllowedAllowHeader(t *testing.T) {
	ts, _ := newServer(t, server.Config{})
	for p, want := range map[string]string{
		"/api/municipalities":                   "GET",
		"/api/municipalities/GM0363/assessment": "PUT",
		"/api/stakeholders":                     "PUT",
	} {
		r := contractDo(t, http.MethodPost, ts.URL+p, nil)
		if !strings.Contains(r.header.Get("Allow"), want) {
			t.Errorf("POST %s: Allow %q, want it to list %s", p, r.header.Get("Allow"), want)
		}
	}
}

func TestContractGetOnPutOnlyRoute(t *testing.T) {
	ts, _ := newServer(t, server.Config{})
	contractError(t, "GET assessment", get(t, ts.URL+"/api/municipalities/GM0363/assessment"), 405, "method_not_allowed")
}

func TestContractPathsAndRedirects(t *testing.T) {
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

func TestContractPutAssessmentRejected(t *testing.T) {
	ts, st, tok := editServer(t, false)
	u := ts.URL + "/api/municipalities/GM0344/assessment"
	body := func(date, valueExtra, topExtra string) string {
		return `{"assessed_on":"` + date + `","source":"x","values":{"stage":{"value":4` + valueExtra + `}}` + topExtra + `}`
	}
	ok := body("2026-10-01", "", "")
	bearer := "Bearer " + tok
	jsonCT := "application/json"
	cases := []struct {
		name, auth, ct, body string
		status               int
		code                 string
		mention              []string
	}{
		{"no auth", "", jsonCT, ok, 401, "unauthorized", []string{"token"}},
		{"basic auth", "Basic dXNlcjpwYXNz", jsonCT, ok, 401, "unauthorized", []string{"Bearer"}},
		{"bearer without token", "Bearer ", jsonCT, ok, 401, "unauthorized", nil},
		{"wrong token", "Bearer ik_wrong", jsonCT, ok, 401, "unauthorized", nil},
		{"token as basic", "Basic " + tok, jsonCT, ok, 401, "unauthorized", nil},
		{"text/plain", bearer, "text/plain", ok, 415, "unsupported_media_type", []string{"application/json"}},
		{"form", bearer, "application/x-www-form-urlencoded", ok, 415, "unsupported_media_type", nil},
		{"empty body", bearer, jsonCT, "", 400, "invalid_field", []string{"body"}},
		{"null", bearer, jsonCT, "null", 400, "invalid_field", []string{"body"}},
		{"deep nesting", bearer, jsonCT, strings.Repeat(`{"a":`, 10000) + "1" + strings.Repeat("}", 10000), 400, "invalid_field", nil},
		{"deep array in note", bearer, jsonCT, body("2026-10-01", `,"note":`+strings.Repeat("[", 10000)+strings.Repeat("]", 10000), ""), 400, "invalid_field", nil},
		{"duplicate key, last out of range", bearer, jsonCT, `{"assessed_on":"2026-10-01","source":"x","values":{"stage":{"value":4,"value":9}}}`, 400, "invalid_field", []string{"values.stage.value"}},
		{"4.0", bearer, jsonCT, `{"assessed_on":"2026-10-01","source":"x","values":{"stage":{"value":4.0}}}`, 400, "invalid_field", []string{"values.stage.value"}},
		{"4e0", bearer, jsonCT, `{"assessed_on":"2026-10-01","source":"x","values":{"stage":{"value":4e0}}}`, 400, "invalid_field", []string{"values.stage.value"}},
		{`"4"`, bearer, jsonCT, `{"assessed_on":"2026-10-01","source":"x","values":{"stage":{"value":"4"}}}`, 400, "invalid_field", []string{"values.stage.value"}},
		{"1e400", bearer, jsonCT, `{"assessed_on":"2026-10-01","source":"x","values":{"stage":{"value":1e400}}}`, 400, "invalid_field", []string{"values.stage.value"}},
		{"-0", bearer, jsonCT, `{"assessed_on":"2026-10-01","source":"x","values":{"stage":{"value":-0}}}`, 400, "invalid_field", []string{"values.stage.value"}},
		{"true", bearer, jsonCT, `{"assessed_on":"2026-10-01","source":"x","values":{"stage":{"value":true}}}`, 400, "invalid_field", []string{"values.stage.value"}},
		{"null value", bearer, jsonCT, `{"assessed_on":"2026-10-01","source":"x","values":{"stage":{"value":null}}}`, 400, "invalid_field", []string{"values.stage.value"}},
		{"null indicator", bearer, jsonCT, `{"assessed_on":"2026-10-01","source":"x","values":{"stage":null}}`, 400, "invalid_field", []string{"values.stage"}},
		{"domain 4", bearer, jsonCT, `{"assessed_on":"2026-10-01","source":"x","values":{"domain.work":{"value":4}}}`, 400, "invalid_field", []string{"values.domain.work.value"}},
		{"route 3", bearer, jsonCT, `{"assessed_on":"2026-10-01","source":"x","values":{"route.1":{"value":3}}}`, 400, "invalid_field", []string{"values.route.1.value"}},
		{"route.12", bearer, jsonCT, `{"assessed_on":"2026-10-01","source":"x","values":{"route.12":{"value":1}}}`, 400, "invalid_field", []string{"route.12"}},
		{"unknown top-level field", bearer, jsonCT, body("2026-10-01", "", `,"colour":"red"`), 400, "invalid_field", []string{"colour"}},
		{"recorded_by forged", bearer, jsonCT, body("2026-10-01", "", `,"recorded_by":"admin"`), 400, "invalid_field", []string{"recorded_by"}},
		{"unknown value field", bearer, jsonCT, body("2026-10-01", `,"colour":1`, ""), 400, "invalid_field", []string{"values.stage.colour"}},
		{"NUL in note", bearer, jsonCT, body("2026-10-01", `,"note":"a\u0000b"`, ""), 400, "invalid_field", []string{"values.stage.note"}},
		{"ESC in source", bearer, jsonCT, `{"assessed_on":"2026-10-01","source":"x\u001b[31m","values":{"stage":{"value":4}}}`, 400, "invalid_field", []string{"source"}},
		{"javascript: evidence", bearer, jsonCT, body("2026-10-01", `,"evidence":"javascript:alert(1)"`, ""), 400, "invalid_field", []string{"values.stage.evidence"}},
		{"JavaScript: evidence", bearer, jsonCT, body("2026-10-01", `,"evidence":"JaVaScRiPt:alert(1)"`, ""), 400, "invalid_field", []string{"values.stage.evidence"}},
		{"space javascript: evidence", bearer, jsonCT, body("2026-10-01", `,"evidence":" javascript:alert(1)"`, ""), 400, "invalid_field", []string{"values.stage.evidence"}},
		{"tab in scheme", bearer, jsonCT, body("2026-10-01", `,"evidence":"java\tscript:alert(1)"`, ""), 400, "invalid_field", []string{"values.stage.evidence"}},
		{"data: evidence", bearer, jsonCT, body("2026-10-01", `,"evidence":"data:text/html,<b>x</b>"`, ""), 400, "invalid_field", []string{"values.stage.evidence"}},
		{"file: evidence", bearer, jsonCT, body("2026-10-01", `,"evidence":"file:///etc/passwd"`, ""), 400, "invalid_field", []string{"values.stage.evidence"}},
		{"protocol-relative evidence", bearer, jsonCT, body("2026-10-01", `,"evidence":"//evil.example/x"`, ""), 400, "invalid_field", []string{"values.stage.evidence"}},
		{"evidence without host", bearer, jsonCT, body("2026-10-01", `,"evidence":"http://"`, ""), 400, "invalid_field", []string{"values.stage.evidence"}},
		{"2026-02-30", bearer, jsonCT, body("2026-02-30", "", ""), 400, "invalid_field", []string{"assessed_on"}},
		{"2026-13-01", bearer, jsonCT, body("2026-13-01", "", ""), 400, "invalid_field", []string{"assessed_on"}},
		{"2026-2-3", bearer, jsonCT, body("2026-2-3", "", ""), 400, "invalid_field", []string{"assessed_on"}},
		{"timestamp", bearer, jsonCT, body("2026-10-01T00:00:00Z", "", ""), 400, "invalid_field", []string{"assessed_on"}},
		{"future (tomorrow)", bearer, jsonCT, body("2026-11-29", "", ""), 400, "invalid_field", []string{"assessed_on"}},
		{"no date", bearer, jsonCT, `{"source":"x","values":{"stage":{"value":4}}}`, 400, "invalid_field", []string{"assessed_on"}},
		{"no source", bearer, jsonCT, `{"assessed_on":"2026-10-01","values":{"stage":{"value":4}}}`, 400, "invalid_field", []string{"source"}},
		{"source not a string", bearer, jsonCT, `{"assessed_on":"2026-10-01","source":5,"values":{"stage":{"value":4}}}`, 400, "invalid_field", []string{"source"}},
		{"source too long", bearer, jsonCT, `{"assessed_on":"2026-10-01","source":"` + strings.Repeat("a", 100000) + `","values":{"stage":{"value":4}}}`, 400, "invalid_field", []string{"source"}},
		{"no values", bearer, jsonCT, `{"assessed_on":"2026-10-01","source":"x"}`, 400, "invalid_field", []string{"values"}},
		{"values null", bearer, jsonCT, `{"assessed_on":"2026-10-01","source":"x","values":null}`, 400, "invalid_field", []string{"values"}},
		{"trailing data", bearer, jsonCT, ok + "xyz", 400, "invalid_field", nil},
		{"two objects", bearer, jsonCT, ok + ok, 400, "invalid_field", nil},
		{"10 MB", bearer, jsonCT, body("2026-10-01", `,"note":"`+strings.Repeat("a", 10<<20)+`"`, ""), 413, "too_large", nil},
	}
	for _, c := range cases {
		r := contractDo(t, http.MethodPut, u, strings.NewReader(c.body), "Authorization", c.auth, "Content-Type", c.ct)
		contractError(t, c.name, r, c.status, c.code, c.mention...)
		if c.status == 401 && r.header.Get("WWW-Authenticate") == "" {
			t.Errorf("%s: 401 without WWW-Authenticate", c.name)
		}
	}
	if n := countAssessments(t, st); n != 0 {
		t.Fatalf("rejected requests stored %d assessments", n)
	}
	// Paths: bad and unknown codes.
	contractError(t, "code XX", contractDo(t, http.MethodPut, ts.URL+"/api/municipalities/XX/assessment", strings.NewReader(ok), "Authorization", bearer, "Content-Type", jsonCT), 400, "bad_request", "code")
	contractError(t, "GM9999", contractDo(t, http.MethodPut, ts.URL+"/api/municipalities/GM9999/assessment", strings.NewReader(ok), "Authorization", bearer, "Content-Type", jsonCT), 404, "not_found", "GM9999")
	if n := countAssessments(t, st); n != 0 {
		t.Fatalf("rejected requests stored %d assessments", n)
	}
}

func TestContractPutAssessmentAccepted(t *testing.T) {
	ts, st, tok := editServer(t, false)
	u := ts.URL + "/api/municipalities/gm0344/assessment" // lower-case path code
	note := "Súdwest-Fryslân 😀 ‮rtl «quotes» \"escaped\" <b>tags</b>"
	nb, _ := json.Marshal(note)
	b := `{"assessed_on":"2026-11-28","source":"LIA","values":{"stage":{"value":4,"evidence":"http://example.org/a?b=<c>","note":` + string(nb) + `}}}`
	for _, auth := range []string{"Bearer " + tok, "bearer " + tok} {
		r := contractDo(t, http.MethodPut, u, strings.NewReader(b), "Authorization", auth, "Content-Type", "application/json; charset=utf-8")
		if r.status != 201 {
			t.Fatalf("%s: %d %s", auth[:6], r.status, r.body)
		}
	}
	if n := countAssessments(t, st); n != 2 {
		t.Fatalf("%d stored, want 2", n)
	}
	var d struct {
		Indicators []struct{ ID, Note, Evidence string }
	}
	json.Unmarshal(get(t, ts.URL+"/api/municipalities/GM0344").body, &d)
	for _, in := range d.Indicators {
		if in.ID == "stage" && (in.Note != note || in.Evidence != "http://example.org/a?b=<c>") {
			t.Errorf("unicode note does not round-trip: %q %q", in.Note, in.Evidence)
		}
	}
}

func TestContractPutAssessmentBodyNotObjectLeaksGoTypes(t *testing.T) {
	ts, _, tok := editServer(t, false)
	for _, b := range []string{`[]`, `"x"`, `42`} {
		r := contractDo(t, http.MethodPut, ts.URL+"/api/municipalities/GM0344/assessment", strings.NewReader(b), "Authorization", "Bearer "+tok, "Content-Type", "application/json")
		contractError(t, b, r, 400, "invalid_field", "body")
	}
}

func TestContractPutAssessmentDuplicateKeys(t *testing.T) {
	ts, st, tok := editServer(t, false)
	for name, b := range map[string]string{
		"indicator twice":   `{"assessed_on":"2026-10-01","source":"x","values":{"stage":{"value":4},"stage":{"value":2}}}`,
		"assessed_on twice": `{"assessed_on":"2026-10-01","assessed_on":"2026-10-02","source":"x","values":{"stage":{"value":4}}}`,
	} {
		r := contractDo(t, http.MethodPut, ts.URL+"/api/municipalities/GM0344/assessment", strings.NewReader(b), "Authorization", "Bearer "+tok, "Content-Type", "application/json")
		contractError(t, name, r, 400, "invalid_field", "duplicate")
	}
	if n := countAssessments(t, st); n != 0 {
		t.Errorf("%d stored", n)
	}
}

func TestContractPutAssessmentDemoFieldIgnored(t *testing.T) {
	ts, st, tok := editServer(t, false)
	r := contractDo(t, http.MethodPut, ts.URL+"/api/municipalities/GM0344/assessment",
		strings.NewReader(`{"assessed_on":"2026-10-01","source":"x","demo":true,"values":{"stage":{"value":4}}}`), "Authorization", "Bearer "+tok, "Content-Type", "application/json")
	contractError(t, "demo:true", r, 400, "invalid_field", "demo")
	if n := countAssessments(t, st); n != 0 {
		t.Errorf("%d stored", n)
	}
}

func TestContractPutAssessmentInvalidUTF8(t *testing.T) {
	ts, st, tok := editServer(t, false)
	b := "{\"assessed_on\":\"2026-10-01\",\"source\":\"\xff\xfe\",\"values\":{\"stage\":{\"value\":4}}}"
	r := contractDo(t, http.MethodPut, ts.URL+"/api/municipalities/GM0344/assessment", strings.NewReader(b), "Authorization", "Bearer "+tok, "Content-Type", "application/json")
	contractError(t, "invalid UTF-8", r, 400, "invalid_field", "source")
	if n := countAssessments(t, st); n != 0 {
		t.Errorf("%d stored", n)
	}
}

func TestContractPutAssessmentYearZero(t *testing.T) {
	ts, st, tok := editServer(t, false)
	r := contractDo(t, http.MethodPut, ts.URL+"/api/municipalities/GM0344/assessment",
		strings.NewReader(`{"assessed_on":"0000-01-01","source":"x","values":{"stage":{"value":4}}}`), "Authorization", "Bearer "+tok, "Content-Type", "application/json")
	contractError(t, "0000-01-01", r, 400, "invalid_field", "assessed_on")
	if n := countAssessments(t, st); n != 0 {
		t.Errorf("%d stored", n)
	}
}

func TestContractPutStakeholdersRejected(t *testing.T) {
	ts, st := newServer(t, server.Config{})
	tok := token(t, st)
	orig := get(t, ts.URL+"/api/stakeholders").body
	edit := func(f func(v map[string]any)) string {
		var v map[string]any
		if err := json.Unmarshal(orig, &v); err != nil {
			t.Fatal(err)
		}
		f(v)
		b, _ := json.Marshal(v)
		return string(b)
	}
	group0 := func(v map[string]any) map[string]any { return v["groups"].([]any)[0].(map[string]any) }
	cases := []struct {
		name, auth, body string
		status           int
		mention          string
	}{
		{"no token", "", string(orig), 401, "token"},
		{"basic", "Basic dXNlcjpwYXNz", string(orig), 401, ""},
		{"empty", "Bearer " + tok, "", 400, "JSON"},
		{"array", "Bearer " + tok, "[]", 400, "object"},
		{"deep array", "Bearer " + tok, strings.Repeat("[", 10000) + strings.Repeat("]", 10000), 400, ""},
		{"deep object", "Bearer " + tok, strings.Repeat(`{"title":`, 10000) + "1" + strings.Repeat("}", 10000), 400, "title"},
		{"duplicate group", "Bearer " + tok, edit(func(v map[string]any) {
			v["groups"] = append(v["groups"].([]any), v["groups"].([]any)[0])
		}), 400, "duplicate"},
		{"duplicate route step", "Bearer " + tok, edit(func(v map[string]any) { group0(v)["route_steps"] = []any{1, 1} }), 400, "groups[0].route_steps[1]"},
		{"unknown ring", "Bearer " + tok, edit(func(v map[string]any) { group0(v)["ring"] = "nope" }), 400, "groups[0].ring"},
		{"javascript source", "Bearer " + tok, edit(func(v map[string]any) { group0(v)["sources"] = []any{"javascript:alert(1)"} }), 400, "groups[0].sources[0]"},
	}
	for _, c := range cases {
		r := contractDo(t, http.MethodPut, ts.URL+"/api/stakeholders", strings.NewReader(c.body), "Authorization", c.auth, "Content-Type", "application/json")
		code := "invalid_field"
		if c.status == 401 {
			code = "unauthorized"
		}
		if c.mention == "" {
			contractError(t, c.name, r, c.status, code)
		} else {
			contractError(t, c.name, r, c.status, code, c.mention)
		}
	}
	contractError(t, "text/plain", contractDo(t, http.MethodPut, ts.URL+"/api/stakeholders", bytes.NewReader(orig), "Authorization", "Bearer "+tok, "Content-Type", "text/plain"), 415, "unsupported_media_type")
	big := `{"title":{"nl":"` + strings.Repeat("x", 10<<20) + `"}}`
	contractError(t, "10 MB", contractDo(t, http.MethodPut, ts.URL+"/api/stakeholders", strings.NewReader(big), "Authorization", "Bearer "+tok, "Content-Type", "application/json"), 413, "too_large")
	if n := contractCount(t, st, "stakeholder_maps"); n != 0 {
		t.Fatalf("rejected requests stored %d stakeholder maps", n)
	}
}

func TestContractPutStakeholdersDefects(t *testing.T) {
	ts, st := newServer(t, server.Config{})
	tok := token(t, st)
	orig := get(t, ts.URL+"/api/stakeholders").body
	edit := func(f func(v map[string]any)) string {
		var v map[string]any
		json.Unmarshal(orig, &v)
		f(v)
		b, _ := json.Marshal(v)
		return string(b)
	}
	group0 := func(v map[string]any) map[string]any { return v["groups"].([]any)[0].(map[string]any) }
	cases := []struct{ name, body, mention string }{
		{"NUL in name", edit(func(v map[string]any) { group0(v)["name"].(map[string]any)["nl"] = "a\x00b" }), "groups[0].name.nl"},
		{"duplicate key", string(orig[:len(bytes.TrimSpace(orig))-1]) + `,"title":{"nl":"X","en":"Y"}}`, "title"},
		{"fractional route step", edit(func(v map[string]any) { group0(v)["route_steps"] = []any{1.5} }), "groups[0].route_steps[0]"},
		{"null", "null", "object"},
	}
	for _, c := range cases {
		r := contractDo(t, http.MethodPut, ts.URL+"/api/stakeholders", strings.NewReader(c.body), "Authorization", "Bearer "+tok, "Content-Type", "application/json")
		contractError(t, c.name, r, 400, "invalid_field", c.mention)
	}
	if n := contractCount(t, st, "stakeholder_maps"); n != 0 {
		t.Errorf("%d stored", n)
	}
}

func TestContractOGCItemsParameters(t *testing.T) {
	ts, _ := newServer(t, server.Config{})
	items := ts.URL + "/ogc/collections/municipalities/items?"
	cases := []struct {
		query  string
		status int
		name   string
	}{
		{"limit=0", 400, "limit"},
		{"limit=1001", 400, "limit"},
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
		contractError(t, c.query, get(t, items+c.query), c.status, code, c.name)
	}
	contractError(t, "unknown collection", get(t, ts.URL+"/ogc/collections/x/items"), 404, "not_found", "x")
	contractError(t, "unknown feature", get(t, ts.URL+"/ogc/collections/municipalities/items/GM9999"), 404, "not_found", "GM9999")
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

func TestContractOGCAntimeridianBBox(t *testing.T) {
	ts, _ := newServer(t, server.Config{})
	r := get(t, ts.URL+"/ogc/collections/municipalities/items?bbox=179,52,-179,53")
	if r.status != 200 || len(decodeFC(t, r).Features) != 0 {
		t.Errorf("%d %.200s", r.status, r.body)
	}
}

// TestContractOGCPagingUnderFilters follows next links with filters and
// checks that every matched feature is returned exactly once and numberMatched
// agrees with what the list endpoint says.
func TestContractOGCPagingUnderFilters(t *testing.T) {
	ts, _ := newServer(t, server.Config{})
	// The bbox filter is compared with OGC's own numberMatched: the list
	// matches bounding boxes, OGC exact geometries (see
	// TestContractBBoxSameAnswerEverywhere).
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

func TestContractETagAndGzip(t *testing.T) {
	ts, _ := newServer(t, server.Config{})
	layer := ts.URL + "/api/municipalities.geojson"
	first := get(t, layer)
	etag := first.header.Get("ETag")
	if first.status != 200 || etag == "" || first.header.Get("Cache-Control") == "" {
		t.Fatalf("layer: %d ETag %q Cache-Control %q", first.status, etag, first.header.Get("Cache-Control"))
	}
	inm := []struct {
		header string
		status int
	}{
		{etag, 304},
		{"W/" + etag, 304},
		{"*", 304},
		{`"x", ` + etag, 304},
		{`"x",` + etag, 304},
		{etag + `, "x"`, 304},
		{`W/"x", W/` + etag, 304},
		{`"x"`, 200},
		{strings.Trim(etag, `"`), 200}, // unquoted is not an entity tag
	}
	for _, c := range inm {
		r := get(t, layer, "If-None-Match", c.header)
		if r.status != c.status {
			t.Errorf("If-None-Match %s: %d, want %d", c.header, r.status, c.status)
		}
		if c.status == 304 && (len(r.body) != 0 || r.header.Get("ETag") == "") {
			t.Errorf("If-None-Match %s: 304 with %d body bytes, ETag %q", c.header, len(r.body), r.header.Get("ETag"))
		}
	}
	// The gzip variant's tag also validates, and vice versa.
	gz := get(t, layer, "Accept-Encoding", "gzip")
	if r := get(t, layer, "If-None-Match", gz.header.Get("ETag")); r.status != 304 {
		t.Errorf("gzip ETag %s sent without gzip: %d", gz.header.Get("ETag"), r.status)
	}
	if r := get(t, layer, "Accept-Encoding", "gzip", "If-None-Match", etag); r.status != 304 {
		t.Errorf("identity ETag sent with gzip: %d", r.status)
	}
	ae := []struct {
		header string
		gzip   bool
	}{
		{"gzip", true},
		{"GZIP", true},
		{"gzip;q=0", false},
		{"gzip; q=0", false},
		{"gzip;q=0.0", false},
		{"identity", false},
		{"*", true},
		{"*;q=0", false},
		{"br", false},
		{"deflate, gzip;q=0.5", true},
		{"gzip;q=1.0, identity;q=0", true},
		{"", false},
	}
	for _, path := range []string{"/api/municipalities.geojson", "/api/municipalities", "/api/municipalities.csv", "/ogc/collections/municipalities/items"} {
		for _, c := range ae {
			r := get(t, ts.URL+path, "Accept-Encoding", c.header)
			got := r.header.Get("Content-Encoding") == "gzip"
			if r.status != 200 || got != c.gzip {
				t.Errorf("%s Accept-Encoding %q: %d gzip=%v, want gzip=%v", path, c.header, r.status, got, c.gzip)
				continue
			}
			body := r.body
			if got {
				zr, err := gzip.NewReader(bytes.NewReader(body))
				if err != nil {
					t.Errorf("%s %q: bad gzip: %v", path, c.header, err)
					continue
				}
				body, _ = io.ReadAll(zr)
				if !strings.Contains(r.header.Get("Vary"), "Accept-Encoding") {
					t.Errorf("%s %q: gzip without Vary: Accept-Encoding", path, c.header)
				}
			}
			if len(body) == 0 || (body[0] != '{' && body[0] != '[' && !strings.HasPrefix(string(body), "code,")) {
				t.Errorf("%s %q: body starts %.40q", path, c.header, body)
			}
		}
	}
}

func TestContractBBoxSameAnswerEverywhere(t *testing.T) {
	ts, _ := newServer(t, server.Config{})
	const bbox = "4.5,52,5.5,52.5"
	var list []struct{ Code string }
	json.Unmarshal(get(t, ts.URL+"/api/municipalities?bbox="+bbox).body, &list)
	ogc := decodeFC(t, get(t, ts.URL+"/ogc/collections/municipalities/items?limit=1000&bbox="+bbox))
	if len(list) != len(ogc.Features) {
		t.Errorf("list %d, OGC %d", len(list), len(ogc.Features))
	}
}
