package ogc_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/inclusiekaart/inclusiekaart/data"
	"github.com/inclusiekaart/inclusiekaart/internal/assessment"
	"github.com/inclusiekaart/inclusiekaart/internal/atlas"
	"github.com/inclusiekaart/inclusiekaart/internal/server"
	"github.com/inclusiekaart/inclusiekaart/internal/store"
	"github.com/inclusiekaart/inclusiekaart/internal/testutil"
)

// requestLog records the request URIs the server saw (to check what GDAL sends).
type requestLog struct {
	mu   sync.Mutex
	uris []string
}

func (l *requestLog) add(u string) {
	l.mu.Lock()
	l.uris = append(l.uris, u)
	l.mu.Unlock()
}

func (l *requestLog) all() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.uris...)
}

// testAssessments are real-looking (not demo) assessments of the first
// municipalities by code, so the first page GDAL reads has typed values.
func testAssessments() []assessment.Assessment {
	v := func(n int) assessment.Value { return assessment.Value{Value: n} }
	return []assessment.Assessment{
		{Code: "GM0014", AssessedOn: "2024-03-01", Source: "test (older version)", Values: map[string]assessment.Value{"stage": v(3)}},
		{Code: "GM0034", AssessedOn: "2025-03-01", Source: "test", Values: map[string]assessment.Value{"stage": v(4), "route.1": v(2), "domain.work": v(2), "lived_experience": v(1)}},
		{Code: "GM0010", AssessedOn: "2025-04-01", Source: "test", Values: map[string]assessment.Value{"stage": v(2)}},
		{Code: "GM0014", AssessedOn: "2025-05-01", Source: "test", Values: map[string]assessment.Value{"stage": v(4), "domain.housing": v(3)}},
		{Code: "GM0363", AssessedOn: "2025-06-01", Source: "test", Values: map[string]assessment.Value{"stage": v(5), "domain.work": v(3)}},
	}
}

// newServer starts the real router over the real 2025 boundaries with a few assessments.
func newServer(t *testing.T) (*httptest.Server, *store.Store, *requestLog) {
	t.Helper()
	st, _ := testutil.Store2025(t)
	if _, err := st.AddAssessments(context.Background(), testAssessments(), "test"); err != nil {
		t.Fatal(err)
	}
	srv := router(t, st)
	log := &requestLog{}
	h := srv.Handler()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		log.add(r.URL.RequestURI())
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	return ts, st, log
}

// recordService is the real 2025 boundaries with the shipped public record
// and the test assessments, and a service over them (with Demo as given).
func recordService(t *testing.T, demo bool) (*store.Store, *atlas.Service) {
	t.Helper()
	ctx := context.Background()
	st, _ := testutil.Store2025(t)
	svc, err := atlas.New(st, atlas.Config{Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Demo: demo})
	if err != nil {
		t.Fatal(err)
	}
	f, err := data.FS.Open(data.PublicRecordFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := svc.ImportRecord(ctx, f, data.PublicRecordFile, "test"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddAssessments(ctx, testAssessments(), "test"); err != nil {
		t.Fatal(err)
	}
	return st, svc
}

// router is the whole service's real router over st.
func router(t testing.TB, st *store.Store) *server.Server {
	t.Helper()
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	svc, err := atlas.New(st, atlas.Config{Log: quiet})
	if err != nil {
		t.Fatal(err)
	}
	srv, err := server.New(svc, quiet, server.Config{})
	if err != nil {
		t.Fatal(err)
	}
	return srv
}

type response struct {
	status int
	header http.Header
	body   []byte
}

// get requests url; every JSON response of the OGC API is validated
// against the server's OpenAPI document (validateOGC).
func get(t *testing.T, url string, headers ...string) response {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	r := response{resp.StatusCode, resp.Header, body}
	validateOGC(t, req, r)
	return r
}

func getJSON(t *testing.T, url string, v any) response {
	t.Helper()
	r := get(t, url)
	if r.status != http.StatusOK {
		t.Fatalf("GET %s: status %d: %s", url, r.status, r.body)
	}
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	return r
}

// httptestCounter is a proxy in front of target that adds up the bytes of
// the filtered items responses (with a filter parameter) it passes on. The
// Host header is kept, so the links the server writes lead back to the proxy.
func httptestCounter(target string, n *int) *httptest.Server {
	var mu sync.Mutex
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		req, err := http.NewRequest(r.Method, target+r.URL.RequestURI(), nil)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		req.Header = r.Header.Clone()
		req.Host = r.Host
		req.Header.Del("Accept-Encoding") // count the bytes of the content itself
		resp, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		if strings.Contains(r.URL.Path, "/items") && r.URL.Query().Has("filter") {
			mu.Lock()
			*n += len(body)
			mu.Unlock()
		}
		for k, v := range resp.Header {
			w.Header()[k] = v
		}
		w.WriteHeader(resp.StatusCode)
		w.Write(body)
	}))
	return ts
}
