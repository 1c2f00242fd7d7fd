package site_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/inclusiekaart/inclusiekaart/internal/atlas"
	"github.com/inclusiekaart/inclusiekaart/internal/server"
	"github.com/inclusiekaart/inclusiekaart/internal/testutil"
)

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestNoSecretOrPersonalDataInPublicOutput protects people's data and
// secrets: after a script, a contributor and a coordinator have written
// data and a member of the public has reported a correction with a contact,
// no public endpoint (body or header) and no log line holds a token, token
// name, account name, session, invitation or feed secret, or the contact.
func TestNoSecretOrPersonalDataInPublicOutput(t *testing.T) {
	st, _ := testutil.Store2025(t)
	logs := &lockedBuffer{}
	log := slog.New(slog.NewTextHandler(logs, nil))
	svc, err := atlas.New(st, atlas.Config{Log: log})
	if err != nil {
		t.Fatal(err)
	}
	srv, err := server.New(svc, log, server.Config{})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	e := &env{ts: ts, svc: svc, st: st}
	ctx := context.Background()

	tokenName := "geheim-scriptnaam"
	token, err := svc.CreateToken(ctx, tokenName)
	if err != nil {
		t.Fatal(err)
	}
	put := func(path, body string) {
		req, _ := http.NewRequest(http.MethodPut, ts.URL+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil || resp.StatusCode != 201 {
			t.Fatalf("PUT %s: %v %v", path, err, resp.StatusCode)
		}
		resp.Body.Close()
	}
	put("/api/municipalities/GM0344/assessment", `{"assessed_on":"2026-10-01","source":"LIA","values":{"stage":{"value":4}}}`)
	stakeholders := e.getPublic(t, "/api/stakeholders")
	put("/api/stakeholders", stakeholders)

	spec := zwolle
	spec.Name = "persoonlijke.accountnaam"
	inviteC := e.account(t, spec)
	c := e.person(t)
	c.join(inviteC)
	c.get("/bijdragen/GM0193")
	c.post("/bijdragen/GM0193", url.Values{"stage.value": {"5"}, "stage.evidence": {"https://zwolle.nl/lia"}, "action": {"submit"}})
	kspec := coordinator
	kspec.Name = "coordinator.persoonlijk"
	inviteK := e.account(t, kspec)
	k := e.person(t)
	k.join(inviteK)
	k.get("/beheer")
	feed := k.post("/beheer/feed", url.Values{})
	subs, _ := st.Submissions(ctx, 0, "submitted")
	k.get("/beheer/inzendingen/" + itoa(int(subs[0].ID)))
	k.post("/beheer/inzendingen/"+itoa(int(subs[0].ID)), url.Values{"action": {"approve"}, "basis": {"self_assessment"}})
	a := e.person(t)
	a.get("/klopt-dit-niet/GM0193")
	contact := "geplant.adres@example.org"
	a.post("/klopt-dit-niet/GM0193", url.Values{"what": {"klopt niet"}, "contact": {contact}})

	u, _ := url.Parse(ts.URL)
	var sessions []string
	for _, p := range []*person{c, k} {
		for _, ck := range p.client.Jar.Cookies(u) {
			if ck.Name == "ik_session" {
				sessions = append(sessions, ck.Value)
			}
		}
	}
	feedToken := feed.body[strings.Index(feed.body, "token=")+6:]
	feedToken = feedToken[:strings.IndexAny(feedToken, "<\" ")]
	secrets := map[string]string{"API token": token, "token name": tokenName, "contributor name": spec.Name, "coordinator name": kspec.Name,
		"contributor invitation": strings.TrimPrefix(inviteC, "/uitnodiging/"), "coordinator invitation": strings.TrimPrefix(inviteK, "/uitnodiging/"),
		"feed token": feedToken, "contact": contact}
	for i, s := range sessions {
		secrets["session "+itoa(i)] = s
	}

	public := []string{"/", "/stakeholders", "/healthz", "/api/config", "/api/framework", "/api/municipalities", "/api/municipalities/GM0193",
		"/api/municipalities/GM0344", "/api/municipalities/GM0193/peers", "/api/municipalities/GM0193/stakeholders", "/api/compare?codes=GM0193,GM0344",
		"/api/municipalities.geojson", "/api/municipalities.csv", "/api/assessments.csv", "/api/provinces.geojson", "/api/stakeholders",
		"/api/stakeholders/history", "/ogc", "/ogc/collections/municipalities/items?limit=1000", "/ogc/collections/municipalities/items/GM0193",
		"/ogc/collections/municipalities/items/GM0193?f=html", "/klopt-dit-niet/GM0193", "/inloggen", "/ogc/api"}
	for _, p := range public {
		resp, err := http.Get(ts.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("%s: %d", p, resp.StatusCode)
		}
		var head strings.Builder
		resp.Header.Write(&head)
		for what, s := range secrets {
			if strings.Contains(string(body), s) || strings.Contains(head.String(), s) {
				t.Errorf("%s shows the %s", p, what)
			}
		}
	}
	// The published version names the contributor's organisation and position instead.
	if d := e.getPublic(t, "/api/municipalities/GM0193"); !strings.Contains(d, "gemeente Zwolle, beleidsmedewerker") {
		t.Error("the public attribution is missing")
	}
	for what, s := range secrets {
		if strings.Contains(logs.String(), s) {
			t.Errorf("the log holds the %s", what)
		}
	}
}
