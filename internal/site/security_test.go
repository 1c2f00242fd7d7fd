package site_test

import (
	"context"
	"crypto/tls"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/inclusiekaart/inclusiekaart/internal/atlas"
)

// TestContributorStaysInItsScope protects the roles: a contributor cannot
// open or submit the questionnaire of another municipality, nor review.
func TestContributorStaysInItsScope(t *testing.T) {
	e := newEnv(t)
	c := e.person(t)
	c.join(e.account(t, zwolle))
	c.get("/bijdragen/GM0193")
	wantStatus(t, "other municipality, page", c.get("/bijdragen/GM0363"), 403)
	wantStatus(t, "other municipality, post", c.post("/bijdragen/GM0363", url.Values{"stage.value": {"6"}, "action": {"submit"}}), 403)
	wantStatus(t, "queue", c.get("/beheer"), 403)
	wantStatus(t, "accounts", c.get("/beheer/accounts"), 403)
	wantStatus(t, "create account", c.post("/beheer/accounts", url.Values{"name": {"x"}, "role": {"coordinator"}, "organisation": {"x"}}), 403)
	// Its own submission, reviewed by itself: refused.
	wantStatus(t, "submit own", c.post("/bijdragen/GM0193", url.Values{"stage.value": {"3"}, "action": {"submit"}}), 303)
	subs, _ := e.st.Submissions(context.Background(), 0, "submitted")
	if len(subs) != 1 {
		t.Fatalf("%d submitted", len(subs))
	}
	wantStatus(t, "review own", c.post("/beheer/inzendingen/"+itoa(int(subs[0].ID)), url.Values{"action": {"approve"}, "basis": {"self_assessment"}}), 403)
	// Anonymous: the questionnaire wants a sign-in.
	anon := e.person(t)
	if r := anon.get("/bijdragen/GM0193"); r.status != 303 || !strings.HasPrefix(r.header.Get("Location"), "/inloggen?next=") {
		t.Errorf("anonymous questionnaire: %d %s", r.status, r.header.Get("Location"))
	}
}

// TestRevokedOrExpiredAccessIsRefusedAtOnce protects revocation: the next
// request of an open session is refused, and so is signing in again.
func TestRevokedOrExpiredAccessIsRefusedAtOnce(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	for _, how := range []string{"revoke", "expire"} {
		spec := zwolle
		spec.Name = "zwolle-" + how
		c := e.person(t)
		c.join(e.account(t, spec))
		wantStatus(t, how+": before", c.get("/bijdragen/GM0193"), 200)
		acc, err := e.svc.AccountByName(ctx, atlas.CommandLine, spec.Name)
		if err != nil {
			t.Fatal(err)
		}
		edit := atlas.AccountEdit{Revoke: true}
		if how == "expire" {
			yesterday := "2020-01-01"
			edit = atlas.AccountEdit{ExpiresOn: &yesterday}
		}
		if err := e.svc.UpdateAccount(ctx, atlas.CommandLine, acc.ID, edit); err != nil {
			t.Fatal(err)
		}
		if r := c.get("/bijdragen/GM0193"); r.status != 303 {
			t.Errorf("%s: open session still works: %d", how, r.status)
		}
		wantStatus(t, how+": post", c.post("/bijdragen/GM0193", url.Values{"stage.value": {"2"}, "action": {"draft"}}), 401)
		c.get("/inloggen")
		if r := c.post("/inloggen", url.Values{"name": {spec.Name}, "passphrase": {"vier woorden achter elkaar"}}); r.status != 401 {
			t.Errorf("%s: sign-in again: %d", how, r.status)
		}
	}
}

// TestFormsRefuseForeignOriginsAndMissingTokens protects against CSRF: every
// form needs this site's token, and a foreign Origin is refused even with it.
func TestFormsRefuseForeignOriginsAndMissingTokens(t *testing.T) {
	e := newEnv(t)
	c := e.person(t)
	c.join(e.account(t, zwolle))
	c.get("/bijdragen/GM0193")
	good := c.csrf
	for _, tc := range []struct {
		name, path, csrf, origin string
	}{
		{"questionnaire without token", "/bijdragen/GM0193", "", e.ts.URL},
		{"questionnaire with a wrong token", "/bijdragen/GM0193", "forged", e.ts.URL},
		{"questionnaire from another site", "/bijdragen/GM0193", good, "https://evil.example"},
		{"logout from another site", "/uitloggen", good, "https://evil.example"},
	} {
		c.origin = tc.origin
		r := c.post(tc.path, url.Values{"csrf": {tc.csrf}, "stage.value": {"1"}, "action": {"draft"}})
		wantStatus(t, tc.name, r, 403)
	}
	c.origin = e.ts.URL
	// Anonymous forms: the double-submit token.
	a := e.person(t)
	wantStatus(t, "correction without token", a.post("/klopt-dit-niet/GM0193", url.Values{"csrf": {""}, "what": {"x"}}), 403)
	wantStatus(t, "login without token", a.post("/inloggen", url.Values{"csrf": {"x"}, "name": {"a"}, "passphrase": {"b"}}), 403)
	a.origin = "https://evil.example"
	a.get("/klopt-dit-niet/GM0193")
	wantStatus(t, "correction from another site", a.post("/klopt-dit-niet/GM0193", url.Values{"what": {"x"}}), 403)
	subs, _ := e.st.Submissions(context.Background(), 0)
	if len(subs) != 0 {
		t.Errorf("refused forms stored %d submissions", len(subs))
	}
}

// TestLoginFailuresAreLimited protects sign-in: the 11th failure within a
// minute from one client is a 429 with Retry-After, and an account is
// locked after repeated failures even for the right passphrase.
func TestLoginFailuresAreLimited(t *testing.T) {
	e := newEnv(t)
	c := e.person(t)
	c.join(e.account(t, zwolle))
	a := e.person(t)
	a.get("/inloggen")
	for i := 1; i <= 10; i++ {
		wantStatus(t, "failure "+itoa(i), a.post("/inloggen", url.Values{"name": {"nobody-" + itoa(i)}, "passphrase": {"wrong"}}), 401)
	}
	r := a.post("/inloggen", url.Values{"name": {"nobody"}, "passphrase": {"wrong"}})
	wantStatus(t, "11th failure", r, 429)
	if r.header.Get("Retry-After") == "" {
		t.Error("429 without Retry-After")
	}
	// The account lock: ten wrong passphrases for one account (from the service, no IP limit).
	for i := 0; i < atlas.MaxLoginFailures; i++ {
		e.svc.Login(context.Background(), zwolle.Name, "wrong passphrase")
	}
	if _, err := e.svc.Login(context.Background(), zwolle.Name, "vier woorden achter elkaar"); !atlas.IsKind(err, atlas.TooManyRequests) {
		t.Errorf("locked account signed in: %v", err)
	}
}

// TestSessionCookieFlags protects the session cookie: HttpOnly,
// SameSite=Strict, and Secure when served over TLS.
func TestSessionCookieFlags(t *testing.T) {
	e := newEnv(t)
	tlsSrv := httptest.NewTLSServer(e.ts.Config.Handler)
	defer tlsSrv.Close()
	for _, base := range []string{e.ts.URL, tlsSrv.URL} {
		jar, _ := cookiejar.New(nil)
		p := &person{t: t, base: base, origin: base, client: &http.Client{Jar: jar, Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}},
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
		spec := zwolle
		spec.Name = "cookie" + itoa(len(base))
		inv := e.account(t, spec)
		p.get(inv)
		r := p.post(inv, url.Values{"passphrase": {"vier woorden achter elkaar"}, "confirm": {"vier woorden achter elkaar"}})
		var found bool
		for _, line := range r.header.Values("Set-Cookie") {
			if !strings.HasPrefix(line, "ik_session=") {
				continue
			}
			found = true
			if !strings.Contains(line, "HttpOnly") || !strings.Contains(line, "SameSite=Strict") {
				t.Errorf("%s: session cookie %q lacks HttpOnly or SameSite=Strict", base, line)
			}
			if strings.HasPrefix(base, "https") != strings.Contains(line, "Secure") {
				t.Errorf("%s: session cookie %q: Secure must be set exactly over TLS", base, line)
			}
		}
		if !found {
			t.Errorf("%s: no session cookie", base)
		}
	}
}

// TestSavesAreLimitedPerAccount protects the questionnaire against floods:
// more than 60 saves a minute from one account get 429 with Retry-After.
func TestSavesAreLimitedPerAccount(t *testing.T) {
	e := newEnv(t)
	c := e.person(t)
	c.join(e.account(t, zwolle))
	c.get("/bijdragen/GM0193")
	var last page
	for i := 0; i < 61; i++ {
		last = c.post("/bijdragen/GM0193", url.Values{"stage.value": {"2"}, "action": {"draft"}})
	}
	wantStatus(t, "61st save", last, 429)
	if last.header.Get("Retry-After") == "" {
		t.Error("429 without Retry-After")
	}
}

// TestLanguageSwitchKeepsThePage protects the language switch: it keeps the
// page's query (e.g. where to go after signing in).
func TestLanguageSwitchKeepsThePage(t *testing.T) {
	e := newEnv(t)
	r := e.person(t).get("/inloggen?next=%2Fbijdragen%2FGM0193")
	if !strings.Contains(r.body, `href="/inloggen?lang=en&amp;next=%2Fbijdragen%2FGM0193"`) {
		t.Errorf("the switch loses the query: %.2000s", r.body[strings.Index(r.body, "lang-switch")-40:][:200])
	}
}
