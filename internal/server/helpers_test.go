package server_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/inclusiekaart/inclusiekaart/internal/atlas"
	"github.com/inclusiekaart/inclusiekaart/internal/server"
	"github.com/inclusiekaart/inclusiekaart/internal/store"
	"github.com/inclusiekaart/inclusiekaart/internal/testutil"
)

// fixedNow is the clock of the tests that depend on today's date.
var fixedNow = func() time.Time { return time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC) }

// newServer serves the real 2025 boundaries; acfg (at most one) configures the service.
func newServer(t *testing.T, cfg server.Config, acfg ...atlas.Config) (*httptest.Server, *store.Store) {
	t.Helper()
	st, _ := testutil.Store2025(t)
	var a atlas.Config
	if len(acfg) > 0 {
		a = acfg[0]
	}
	return serve(t, st, a, cfg), st
}

// serve starts the real router over a service on st.
func serve(t testing.TB, st *store.Store, acfg atlas.Config, cfg server.Config) *httptest.Server {
	t.Helper()
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	if acfg.Log == nil {
		acfg.Log = quiet
	}
	svc, err := atlas.New(st, acfg)
	if err != nil {
		t.Fatal(err)
	}
	srv, err := server.New(svc, quiet, cfg)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return ts
}

// editServer serves the 2025 boundaries at fixedNow, with demo assessments
// when demo, and returns an API token.
func editServer(t *testing.T, demo bool) (*httptest.Server, *store.Store, string) {
	t.Helper()
	st, _ := testutil.Store2025(t)
	ts := serve(t, st, atlas.Config{Demo: demo, Now: fixedNow}, server.Config{})
	return ts, st, namedToken(t, st, "coordinator")
}

// token creates an API token named "editor".
func token(t *testing.T, st *store.Store) string { return namedToken(t, st, "editor") }

func namedToken(t *testing.T, st *store.Store, name string) string {
	t.Helper()
	tok, err := st.CreateToken(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// response is an HTTP response as seen on the wire.
type response struct {
	status int
	header http.Header
	body   []byte
}

// wire sees responses as sent: no automatic gzip, no redirects followed.
var wire = &http.Client{
	Transport:     &http.Transport{DisableCompression: true},
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

// request is the one request helper: it sends method to u with body and
// headers (name, value pairs; an empty value removes the header) through
// client (nil: the wire client) and returns the response. It calls no
// testing.T, so goroutines may use it.
func request(client *http.Client, method, u string, body io.Reader, headers ...string) (response, error) {
	req, err := http.NewRequest(method, u, body)
	if err != nil {
		return response{}, err
	}
	for i := 0; i+1 < len(headers); i += 2 {
		if headers[i+1] == "" {
			req.Header.Del(headers[i])
			continue
		}
		req.Header.Set(headers[i], headers[i+1])
	}
	if client == nil {
		client = wire
	}
	resp, err := client.Do(req)
	if err != nil {
		return response{}, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return response{resp.StatusCode, resp.Header, b}, err
}

// do is request for the test goroutine: a transport failure fails the test.
func do(t *testing.T, method, u string, body io.Reader, headers ...string) response {
	t.Helper()
	r, err := request(nil, method, u, body, headers...)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func get(t *testing.T, u string, headers ...string) response {
	t.Helper()
	return do(t, http.MethodGet, u, nil, headers...)
}

// jsonHeaders are the headers of a JSON write with token (none when empty).
func jsonHeaders(token string) []string {
	h := []string{"Content-Type", "application/json"}
	if token != "" {
		h = append(h, "Authorization", "Bearer "+token)
	}
	return h
}

// send writes a JSON body with method and token.
func send(t *testing.T, method, u, token, body string) response {
	t.Helper()
	return do(t, method, u, strings.NewReader(body), jsonHeaders(token)...)
}

// put writes a JSON body and returns the status and the decoded answer.
func put(t *testing.T, u, token, body string) (int, map[string]any) {
	t.Helper()
	r := send(t, http.MethodPut, u, token, body)
	var v map[string]any
	json.Unmarshal(r.body, &v)
	return r.status, v
}

// implementationLeak matches implementation details that must never reach a client.
var implementationLeak = regexp.MustCompile(`Go value|Go struct|map\[|json\.RawMessage|\*[a-z]+\.[A-Z]\w+|goroutine|panic|runtime error|\.go:\d+`)

// wantJSONError checks that r is a JSON error {"error","code"} with status and
// code, whose message mentions every string in mention and leaks nothing.
func wantJSONError(t *testing.T, what string, r response, status int, code string, mention ...string) {
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
	if implementationLeak.MatchString(e.Error) {
		t.Errorf("%s: message leaks implementation details: %q", what, e.Error)
	}
}

// countRows counts the rows of a table.
func countRows(t *testing.T, st *store.Store, table string) int {
	t.Helper()
	var n int
	if err := st.DB().QueryRow(`SELECT COUNT(*) FROM ` + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// putFrom sends a JSON PUT with token through client and returns the status
// and body (safe from goroutines: no testing.T).
func putFrom(client *http.Client, u, token, body string) (int, string, error) {
	r, err := request(client, http.MethodPut, u, strings.NewReader(body), jsonHeaders(token)...)
	return r.status, string(r.body), err
}
