package server_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/inclusiekaart/inclusiekaart/internal/server"
	"github.com/inclusiekaart/inclusiekaart/internal/testutil"
)

// TestRepeatedLayerRequestsGetTheSameAnswer protects the short way of a
// repeated layer URL (cached_answers.go): the first request takes the long
// way through the router, the repeats are answered before it, and both give
// the same status, headers and body, and the same request log line and
// metrics — for gzip and identity, GET and HEAD, 200 and 304.
func TestRepeatedLayerRequestsGetTheSameAnswer(t *testing.T) {
	st, _ := testutil.Store2025(t)
	ts, logs := loggedServer(t, st, server.Config{})
	cases := []struct {
		name, method string
		headers      []string
	}{
		{"gzip", http.MethodGet, []string{"Accept-Encoding", "gzip"}},
		{"identity", http.MethodGet, nil},
		{"head", http.MethodHead, []string{"Accept-Encoding", "gzip"}},
	}
	for i, c := range cases {
		u := ts.URL + "/api/municipalities.geojson?zoom=" + string(rune('3'+i))
		var first response
		for n := 0; n < 3; n++ {
			id := c.name + "-" + string(rune('a'+n))
			r := do(t, c.method, u, nil, append([]string{"X-Request-Id", id}, c.headers...)...)
			if r.status != 200 {
				t.Fatalf("%s %d: %d", c.name, n, r.status)
			}
			line := logLine(t, logs, "request_id="+id)
			if n == 0 {
				first = r
				continue
			}
			sameAnswer(t, c.name, first, r)
			if want := logLine(t, logs, "request_id="+c.name+"-a"); logFields(want) != logFields(line) {
				t.Errorf("%s: the repeat is logged as\n%s\nthe first as\n%s", c.name, line, want)
			}
		}
		// A revalidation is a 304 either way, without a body or the headers of one.
		etag := first.header.Get("ETag")
		for n := 0; n < 2; n++ {
			r := do(t, http.MethodGet, u, nil, append([]string{"If-None-Match", etag}, c.headers...)...)
			if r.status != 304 || len(r.body) != 0 || r.header.Get("Content-Security-Policy") != "" || r.header.Get("X-Request-Id") == "" {
				t.Errorf("%s revalidation %d: %d, %d bytes, %v", c.name, n, r.status, len(r.body), r.header)
			}
		}
	}
	// Every request is counted under its route, the short way too.
	m := get(t, ts.URL+"/metrics")
	if want := `inclusiekaart_http_requests_total{code="200",method="GET",route="/api/municipalities.geojson"} 6`; !strings.Contains(string(m.body), want) {
		t.Errorf("/metrics lacks %s", want)
	}
	if want := `inclusiekaart_http_requests_total{code="304",method="GET",route="/api/municipalities.geojson"} 6`; !strings.Contains(string(m.body), want) {
		t.Errorf("/metrics lacks %s", want)
	}
}

// TestRememberedLayerFollowsWrites protects the generation check of the
// short way: after a write, a repeat of a URL answered before gets the new
// layer, not the remembered one.
func TestRememberedLayerFollowsWrites(t *testing.T) {
	ts, _, tok := editServer(t, false)
	u := ts.URL + "/api/municipalities.geojson?zoom=5"
	before := get(t, u, "Accept-Encoding", "gzip")
	again := get(t, u, "Accept-Encoding", "gzip")
	sameAnswer(t, "repeat", before, again)
	if status, body := put(t, ts.URL+"/api/municipalities/GM0363/assessment", tok, goodBody); status != 201 {
		t.Fatalf("assessment: %d %v", status, body)
	}
	after := get(t, u, "Accept-Encoding", "gzip")
	if after.status != 200 || after.header.Get("ETag") == before.header.Get("ETag") {
		t.Errorf("after a write the layer is still the one before: %d %s", after.status, after.header.Get("ETag"))
	}
	if r := get(t, u, "Accept-Encoding", "gzip"); r.header.Get("ETag") != after.header.Get("ETag") {
		t.Errorf("the repeat after the write is another layer: %s, want %s", r.header.Get("ETag"), after.header.Get("ETag"))
	}
}

// sameAnswer fails unless b is a's response again: status, body and every
// header but the request's own id and the date.
func sameAnswer(t *testing.T, what string, a, b response) {
	t.Helper()
	if a.status != b.status || string(a.body) != string(b.body) {
		t.Errorf("%s: %d (%d bytes), first %d (%d bytes)", what, b.status, len(b.body), a.status, len(a.body))
	}
	for _, h := range []http.Header{a.header, b.header} {
		for k := range h {
			if k == "X-Request-Id" || k == "Date" {
				continue
			}
			if strings.Join(a.header.Values(k), "|") != strings.Join(b.header.Values(k), "|") {
				t.Errorf("%s: header %s is %q, first %q", what, k, b.header.Values(k), a.header.Values(k))
			}
		}
	}
}

var volatileLogFields = regexp.MustCompile(`(time|request_id|us)=\S+ ?`)

// logFields is a request log line without the fields that differ per request.
func logFields(line string) string { return volatileLogFields.ReplaceAllString(line, "") }
