package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/inclusiekaart/inclusiekaart/geo/source"
	"github.com/inclusiekaart/inclusiekaart/internal/atlas"
	"github.com/inclusiekaart/inclusiekaart/internal/fixture"
	"github.com/inclusiekaart/inclusiekaart/internal/server"
	"github.com/inclusiekaart/inclusiekaart/internal/store"
	"github.com/inclusiekaart/inclusiekaart/internal/testutil"
)

// syncBuffer is a log destination safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// loggedServer serves st with cfg and returns the request log.
func loggedServer(t *testing.T, st *store.Store, cfg server.Config) (*httptest.Server, *syncBuffer) {
	t.Helper()
	logs := &syncBuffer{}
	log := slog.New(slog.NewTextHandler(logs, nil))
	svc, err := atlas.New(st, atlas.Config{Log: log})
	if err != nil {
		t.Fatal(err)
	}
	srv, err := server.New(svc, log, cfg)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return ts, logs
}

// logLine is the request log line that mentions needle.
func logLine(t *testing.T, logs *syncBuffer, needle string) string {
	t.Helper()
	deadline := time.Now().Add(2 * time.Second)
	for time.Now().Before(deadline) {
		for _, l := range strings.Split(logs.String(), "\n") {
			if strings.Contains(l, "msg=request") && strings.Contains(l, needle) {
				return l
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("no request log line with %q in:\n%s", needle, logs.String())
	return ""
}

func TestEveryResponseHasACachePolicy(t *testing.T) {
	ts, _ := newServer(t, server.Config{})
	for _, c := range []struct {
		path, want string
	}{
		{"/api/municipalities.geojson?zoom=7", "public, max-age=60"},
		{"/api/municipalities", "public, max-age=60"},
		{"/api/municipalities/GM0363", ""},
		{"/api/nope", "no-store"},
		{"/api/municipalities.geojson?bbox=x", "no-store"},
		{"/healthz", "no-store"},
		{"/readyz", "no-store"},
		{"/metrics", "no-store"},
		{"/ogc", ""},
		{"/ogc/collections/municipalities/items?limit=2", ""},
		{"/", "no-cache"},
		{"/app.js", ""},
		{"/inloggen", "no-store"},
		{"/releases", ""},
		{"/releases.atom", ""},
	} {
		r := get(t, ts.URL+c.path)
		got := r.header.Get("Cache-Control")
		if got == "" || (c.want != "" && got != c.want) {
			t.Errorf("%s (%d): Cache-Control %q, want %q", c.path, r.status, got, c.want)
		}
	}
	if r := do(t, http.MethodPut, ts.URL+"/api/municipalities/GM0363/assessment", strings.NewReader("{}")); r.header.Get("Cache-Control") != "no-store" {
		t.Errorf("PUT: Cache-Control %q, want no-store", r.header.Get("Cache-Control"))
	}
}

func TestCORSLetsAnyPageReadTheAPIs(t *testing.T) {
	ts, _ := newServer(t, server.Config{})
	for _, p := range []string{"/api/municipalities", "/api/municipalities.geojson", "/ogc/collections", "/ogc"} {
		r := get(t, ts.URL+p, "Origin", "https://example.org")
		if r.header.Get("Access-Control-Allow-Origin") != "*" || r.header.Get("Access-Control-Allow-Credentials") != "" {
			t.Errorf("GET %s: Allow-Origin %q, Allow-Credentials %q", p, r.header.Get("Access-Control-Allow-Origin"), r.header.Get("Access-Control-Allow-Credentials"))
		}
		if !strings.Contains(r.header.Get("Access-Control-Expose-Headers"), "ETag") {
			t.Errorf("GET %s: ETag not exposed", p)
		}
	}
	pre := do(t, http.MethodOptions, ts.URL+"/ogc/collections/municipalities/items", nil,
		"Origin", "https://example.org", "Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "If-None-Match, X-Evil")
	if pre.status != http.StatusNoContent || pre.header.Get("Access-Control-Allow-Origin") != "*" ||
		!strings.Contains(pre.header.Get("Access-Control-Allow-Methods"), "GET") || pre.header.Get("Access-Control-Allow-Headers") != "if-none-match" {
		t.Errorf("preflight: %d %v", pre.status, pre.header)
	}
	put := do(t, http.MethodOptions, ts.URL+"/api/municipalities/GM0363/assessment", nil,
		"Origin", "https://example.org", "Access-Control-Request-Method", "PUT")
	if strings.Contains(put.header.Get("Access-Control-Allow-Methods"), "PUT") {
		t.Errorf("a preflight for PUT was granted: %v", put.header)
	}
	if r := get(t, ts.URL+"/", "Origin", "https://example.org"); r.header.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("the page is offered to other origins: %q", r.header.Get("Access-Control-Allow-Origin"))
	}
}

func TestPublicURLBuildsEveryAbsoluteLink(t *testing.T) {
	ts, _ := newServer(t, server.Config{PublicURL: "https://kaart.example.org/inclusie/"})
	for _, p := range []string{"/ogc?f=json", "/ogc/collections?f=json", "/ogc/collections/municipalities/items?f=json&limit=2"} {
		r := get(t, ts.URL+p, "Host", "evil.example.com", "X-Forwarded-Proto", "http")
		if r.status != 200 || bytes.Contains(r.body, []byte("evil.example.com")) || !bytes.Contains(r.body, []byte(`"https://kaart.example.org/inclusie/ogc`)) {
			t.Errorf("%s: %d links not from --public-url: %.300s", p, r.status, r.body)
		}
	}
	if r := get(t, ts.URL+"/releases.atom", "Host", "evil.example.com"); bytes.Contains(r.body, []byte("evil")) ||
		!bytes.Contains(r.body, []byte("https://kaart.example.org/inclusie/releases.atom")) {
		t.Errorf("feed links not from --public-url: %.300s", r.body)
	}
	// Without it, the fallback is the request's own host.
	plain, _ := newServer(t, server.Config{})
	if r := get(t, plain.URL+"/ogc?f=json"); !bytes.Contains(r.body, []byte(plain.URL+"/ogc")) {
		t.Errorf("fallback links: %.300s", r.body)
	}
}

func TestReadinessNeedsBoundaries(t *testing.T) {
	empty, _ := testutil.OpenStore(t)
	ts := serve(t, empty, atlas.Config{}, server.Config{})
	if r := get(t, ts.URL+"/readyz"); r.status != http.StatusServiceUnavailable || !bytes.Contains(r.body, []byte("no boundaries")) {
		t.Errorf("empty database: /readyz %d %s", r.status, r.body)
	}
	if r := get(t, ts.URL+"/healthz"); r.status != 200 {
		t.Errorf("empty database: /healthz %d (the process runs)", r.status)
	}
	full, _ := newServer(t, server.Config{})
	if r := get(t, full.URL+"/readyz"); r.status != 200 || !bytes.Contains(r.body, []byte(`"ready"`)) {
		t.Errorf("with boundaries: /readyz %d %s", r.status, r.body)
	}
}

func TestMetricsCountRoutesAndTheLayerCache(t *testing.T) {
	ts, _ := newServer(t, server.Config{})
	for i := 0; i < 3; i++ {
		get(t, ts.URL+"/api/municipalities.geojson?zoom=5")
	}
	get(t, ts.URL+"/api/municipalities/GM0363")
	r := get(t, ts.URL+"/metrics")
	if r.status != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "text/plain") {
		t.Fatalf("/metrics: %d %s", r.status, r.header.Get("Content-Type"))
	}
	for _, want := range []string{
		`inclusiekaart_http_requests_total{code="200",method="GET",route="/api/municipalities.geojson"} 3`,
		`inclusiekaart_http_requests_total{code="200",method="GET",route="/api/municipalities/{code}"} 1`,
		`inclusiekaart_http_request_duration_seconds_bucket{method="GET",route="/api/municipalities.geojson",le="+Inf"} 3`,
		`inclusiekaart_layer_cache_requests_total{result="hit"} 2`,
		`inclusiekaart_layer_cache_requests_total{result="miss"} 1`,
	} {
		if !strings.Contains(string(r.body), want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if strings.Contains(string(r.body), "GM0363") {
		t.Error("/metrics holds a raw path")
	}
}

func TestRequestLogHasIdClientAndRoute(t *testing.T) {
	st, _ := testutil.Store2025(t)
	ts, logs := loggedServer(t, st, server.Config{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}})

	// A gzip'd response is logged with its route, and the id is echoed.
	r := get(t, ts.URL+"/api/municipalities/GM0344", "Accept-Encoding", "gzip", "X-Request-Id", "abc-123")
	if r.header.Get("X-Request-Id") != "abc-123" {
		t.Errorf("X-Request-Id not echoed: %q", r.header.Get("X-Request-Id"))
	}
	l := logLine(t, logs, "request_id=abc-123")
	for _, want := range []string{"route=/api/municipalities/{code}", "status=200", "client_ip="} {
		if !strings.Contains(l, want) {
			t.Errorf("log line lacks %s: %s", want, l)
		}
	}
	// Without one, an id is made.
	if r := get(t, ts.URL+"/api/municipalities.geojson?zoom=3", "Accept-Encoding", "gzip"); len(r.header.Get("X-Request-Id")) < 16 {
		t.Errorf("no request id made: %q", r.header.Get("X-Request-Id"))
	}
	if l := logLine(t, logs, "route=/api/municipalities.geojson"); strings.Contains(l, "unmatched") {
		t.Error(l)
	}
	// The proxy (loopback, trusted) forwards for a client.
	get(t, ts.URL+"/healthz", "X-Forwarded-For", "203.0.113.7, 127.0.0.1", "X-Request-Id", "fwd")
	if l := logLine(t, logs, "request_id=fwd"); !strings.Contains(l, "client_ip=203.0.113.7") {
		t.Errorf("forwarded client not logged: %s", l)
	}

	// An untrusted peer cannot choose its address.
	st2, _ := testutil.Store2025(t)
	ts2, logs2 := loggedServer(t, st2, server.Config{})
	get(t, ts2.URL+"/healthz", "X-Forwarded-For", "203.0.113.7", "X-Request-Id", "spoof")
	if l := logLine(t, logs2, "request_id=spoof"); !strings.Contains(l, "client_ip=127.0.0.1") {
		t.Errorf("X-Forwarded-For believed from an untrusted peer: %s", l)
	}
}

func TestClientAbortIsLoggedAsSuch(t *testing.T) {
	st, _ := testutil.Store2025(t)
	ts, logs := loggedServer(t, st, server.Config{})
	// Abort many requests for the full-detail layer at once, just after sending them.
	var wg sync.WaitGroup
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			ctx, cancel := context.WithTimeout(context.Background(), time.Duration(i%5+1)*time.Millisecond)
			defer cancel()
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, ts.URL+"/api/municipalities.geojson?year=2025&bbox=3,50,8,54", nil)
			if resp, err := http.DefaultClient.Do(req); err == nil {
				resp.Body.Close()
			}
		}(i)
	}
	wg.Wait()
	time.Sleep(300 * time.Millisecond)
	out := logs.String()
	if strings.Contains(out, "level=ERROR") || strings.Contains(out, "status=500") {
		t.Errorf("a client abort was logged as a server error:\n%s", out)
	}
	t.Logf("aborted lines: %d", strings.Count(out, "aborted=true"))
}

// TestNewYearImportWhileServing imports new boundary years in a loop while
// readers hit the layer, the list and the OGC items: no reader ever gets
// anything but 200 or 304.
func TestNewYearImportWhileServing(t *testing.T) {
	st, path := testutil.Store2025(t)
	ts := serve(t, st, atlas.Config{}, server.Config{})
	other, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	raw, err := os.ReadFile(fixture.Boundaries(t, "gemeente_2025.geojson"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	yearFile := func(y int) string {
		p := filepath.Join(dir, fmt.Sprintf("gemeente_%d.geojson", y))
		b := bytes.ReplaceAll(raw, []byte(`"jrstatcode":"2025`), []byte(fmt.Sprintf(`"jrstatcode":"%d`, y)))
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}

	ctx, cancel := context.WithCancel(context.Background())
	var mu sync.Mutex
	var problems []string
	requests := 0
	var readers sync.WaitGroup
	for _, p := range []string{"/api/municipalities.geojson?zoom=7", "/api/municipalities", "/ogc/collections/municipalities/items?limit=50",
		"/ogc/collections/municipalities/items/GM0363?f=json", "/api/municipalities.csv", "/api/municipalities/GM0363"} {
		for k := 0; k < 2; k++ {
			readers.Add(1)
			go func(p string) {
				defer readers.Done()
				for ctx.Err() == nil {
					r, err := request(nil, http.MethodGet, ts.URL+p, nil)
					mu.Lock()
					requests++
					if err == nil && r.status != 200 && r.status != 304 {
						problems = append(problems, p+": "+http.StatusText(r.status)+" "+string(r.body[:min(len(r.body), 200)]))
					}
					mu.Unlock()
				}
			}(p)
		}
	}
	for i, y := range []int{2026, 2027, 2028} {
		via := other
		if i%2 == 1 {
			via = st
		}
		testutil.Import(t, via, yearFile(y), source.LevelMunicipality, y)
		time.Sleep(300 * time.Millisecond)
	}
	time.Sleep(1500 * time.Millisecond)
	cancel()
	readers.Wait()
	t.Logf("%d requests during 3 new-year imports", requests)
	for _, p := range problems[:min(len(problems), 10)] {
		t.Error(p)
	}
	if len(problems) > 0 {
		t.Errorf("%d of %d requests failed", len(problems), requests)
	}
	var list []map[string]any
	if r := get(t, ts.URL+"/api/municipalities"); json.Unmarshal(r.body, &list) != nil || len(list) == 0 || list[0]["year"] != float64(2028) {
		t.Errorf("after the imports the list is not of 2028: %.200s", r.body)
	}
}
