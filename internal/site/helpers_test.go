package site_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/inclusiekaart/inclusiekaart/internal/atlas"
	"github.com/inclusiekaart/inclusiekaart/internal/server"
	"github.com/inclusiekaart/inclusiekaart/internal/store"
	"github.com/inclusiekaart/inclusiekaart/internal/testutil"
)

// env is a running service with the real 2025 boundaries.
type env struct {
	ts  *httptest.Server
	svc *atlas.Service
	st  *store.Store
}

var today = time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)

func newEnv(t *testing.T) *env {
	t.Helper()
	st, _ := testutil.Store2025(t)
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	svc, err := atlas.New(st, atlas.Config{Log: quiet})
	if err != nil {
		t.Fatal(err)
	}
	srv, err := server.New(svc, quiet, server.Config{})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return &env{ts: ts, svc: svc, st: st}
}

// account creates an account through the service and returns its invitation path.
func (e *env) account(t *testing.T, spec atlas.AccountSpec) string {
	t.Helper()
	_, secret, err := e.svc.CreateAccount(context.Background(), atlas.CommandLine, spec)
	if err != nil {
		t.Fatalf("create %s: %v", spec.Name, err)
	}
	return "/uitnodiging/" + secret
}

// person is one browser: a cookie jar, the last page's form token.
type person struct {
	t      *testing.T
	base   string
	client *http.Client
	csrf   string
	origin string
}

func (e *env) person(t *testing.T) *person {
	jar, _ := cookiejar.New(nil)
	return &person{t: t, base: e.ts.URL, origin: e.ts.URL, client: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

type page struct {
	status int
	header http.Header
	body   string
}

var csrfRE = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func (p *person) do(req *http.Request) page {
	p.t.Helper()
	resp, err := p.client.Do(req)
	if err != nil {
		p.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if m := csrfRE.FindSubmatch(b); m != nil {
		p.csrf = string(m[1])
	}
	return page{resp.StatusCode, resp.Header, string(b)}
}

func (p *person) get(path string) page {
	p.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, p.base+path, nil)
	return p.do(req)
}

// post sends a form with the last page's token (unless the form names its
// own csrf) and this site's Origin.
func (p *person) post(path string, form url.Values) page {
	p.t.Helper()
	if _, ok := form["csrf"]; !ok {
		form.Set("csrf", p.csrf)
	}
	req, _ := http.NewRequest(http.MethodPost, p.base+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if p.origin != "" {
		req.Header.Set("Origin", p.origin)
	}
	return p.do(req)
}

// join accepts an invitation and signs in.
func (p *person) join(invite string) {
	p.t.Helper()
	if r := p.get(invite); r.status != 200 {
		p.t.Fatalf("invite page: %d", r.status)
	}
	if r := p.post(invite, url.Values{"passphrase": {"vier woorden achter elkaar"}, "confirm": {"vier woorden achter elkaar"}}); r.status != 303 {
		p.t.Fatalf("set passphrase: %d %.300s", r.status, r.body)
	}
}

func wantStatus(t *testing.T, what string, r page, status int) {
	t.Helper()
	if r.status != status {
		t.Errorf("%s: status %d, want %d: %.400s", what, r.status, status, r.body)
	}
}

var zwolle = atlas.AccountSpec{Name: "ambtenaar.zwolle", Role: atlas.Contributor, Organisation: "gemeente Zwolle", Position: "beleidsmedewerker", Codes: []string{"GM0193"}}
var coordinator = atlas.AccountSpec{Name: "coordinator", Role: atlas.Coordinator, Organisation: "Netwerk Inclusieve Gemeenten", Position: "coördinator"}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

// getPublic fetches a public URL without cookies and returns the body.
func (e *env) getPublic(t *testing.T, path string) string {
	t.Helper()
	resp, err := http.Get(e.ts.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}
