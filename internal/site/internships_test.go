package site_test

import (
	"bytes"
	"log/slog"
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

func inDays(n int) string { return time.Now().AddDate(0, 0, n).Format("2006-01-02") }

// internshipForm is a valid place of Zwolle; kv changes fields.
func internshipForm(kv ...string) url.Values {
	f := url.Values{"code": {"GM0193"}, "department": {"Team Sociaal Domein"}, "domain": {"domain.work"}, "hours": {"16"},
		"access": {"step_free", "quiet_room"}, "access_note": {"Lift naar de tweede verdieping."}, "contact_route": {"Reageer met het formulier; team HR belt u."},
		"closes_on": {inDays(30)}}
	for i := 0; i+1 < len(kv); i += 2 {
		f.Set(kv[i], kv[i+1])
	}
	return f
}

var placeRE = regexp.MustCompile(`klaar=([0-9]+)`)

// publish posts a place and returns its public path.
func publish(t *testing.T, p *person, form url.Values) string {
	t.Helper()
	p.get("/inclusiestage/beheer/nieuw")
	r := p.post("/inclusiestage/beheer/nieuw", form)
	if r.status != 303 {
		t.Fatalf("publish: %d %.600s", r.status, r.body)
	}
	m := placeRE.FindStringSubmatch(r.header.Get("Location"))
	if m == nil {
		t.Fatalf("publish: redirect %q", r.header.Get("Location"))
	}
	return "/inclusiestage/" + m[1]
}

var deleteRE = regexp.MustCompile(`id="delete-link">[^<]*(/inclusiestage/reactie-verwijderen/[A-Za-z0-9_-]+)<`)

// TestInternshipRolesAndMatching protects who publishes (a coordinator for
// any municipality, a contributor for their own, nobody anonymous), the
// search by province, domain and distance, and the reasons of a match.
func TestInternshipRolesAndMatching(t *testing.T) {
	e := newEnv(t)
	c := e.coordinatorPerson(t)
	zw := e.person(t)
	zw.join(e.account(t, zwolle))
	anon := e.person(t)
	if r := anon.get("/inclusiestage/beheer/nieuw"); r.status != 303 || !strings.HasPrefix(r.header.Get("Location"), "/inloggen") {
		t.Errorf("anonymous publish form: %d %s", r.status, r.header.Get("Location"))
	}
	zwolleWork := publish(t, zw, internshipForm())
	zw.get("/inclusiestage/beheer/nieuw")
	wantStatus(t, "contributor for another municipality", zw.post("/inclusiestage/beheer/nieuw", internshipForm("code", "GM0363")), 403)
	amsterdam := publish(t, c, internshipForm("code", "GM0363", "department", "Dienst Wonen", "domain", "domain.housing", "access", "sign_language"))
	deventer := publish(t, c, internshipForm("code", "GM0150", "department", "Stadsbeheer"))

	all := e.getPublic(t, "/inclusiestage")
	for _, p := range []string{zwolleWork, amsterdam, deventer} {
		if !strings.Contains(all, `href="`+p+`"`) {
			t.Errorf("list lacks %s", p)
		}
	}
	// Province Overijssel (PV23) and domain work: Zwolle and Deventer, not Amsterdam.
	ov := e.getPublic(t, "/inclusiestage?provincie=PV23&domein=domain.work")
	if !strings.Contains(ov, `href="`+zwolleWork+`"`) || !strings.Contains(ov, `href="`+deventer+`"`) || strings.Contains(ov, `href="`+amsterdam+`"`) {
		t.Errorf("province and domain filter wrong: %.2000s", ov)
	}
	if !strings.Contains(e.getPublic(t, "/inclusiestage?domein=domain.housing"), "Dienst Wonen") || strings.Contains(e.getPublic(t, "/inclusiestage?domein=domain.housing"), "Stadsbeheer") {
		t.Error("domain filter wrong")
	}
	// From Zwolle within 50 km: Zwolle and Deventer (about 35 km), not Amsterdam.
	near := e.getPublic(t, "/inclusiestage?vanaf=GM0193&km=50&domein=domain.work&nodig=step_free&nodig=sign_language")
	if strings.Contains(near, "Dienst Wonen") || !strings.Contains(near, "Stadsbeheer") {
		t.Errorf("distance filter wrong")
	}
	for _, want := range []string{"in dezelfde provincie als Zwolle (Overijssel)", "in het leefdomein dat u zocht: Werk", "wat u nodig heeft is er: drempelvrij",
		"niet genoemd door de aanbieder: gebarentaal mogelijk", "km van Zwolle"} {
		if !strings.Contains(near, want) {
			t.Errorf("match reasons lack %q", want)
		}
	}
	// Bad search parameters are named.
	for q, param := range map[string]string{"provincie=PV99": "provincie", "domein=domain.x": "domein", "vanaf=GM9999": "vanaf", "km=5000&vanaf=GM0193": "km", "km=10": "km", "nodig=lift": "nodig"} {
		r := anon.get("/inclusiestage?" + q)
		if r.status != 400 || !strings.Contains(r.body, param) {
			t.Errorf("?%s: %d, want 400 naming %s", q, r.status, param)
		}
	}
	// The contributor manages Zwolle's place only; may not withdraw Amsterdam's.
	mine := zw.get("/inclusiestage/beheer")
	if !strings.Contains(mine.body, "Team Sociaal Domein") || strings.Contains(mine.body, "Dienst Wonen") {
		t.Error("contributor's list wrong")
	}
	wantStatus(t, "withdraw another's", zw.post("/inclusiestage/beheer", url.Values{"id": {strings.TrimPrefix(amsterdam, "/inclusiestage/")}}), 403)
	wantStatus(t, "responses of another's", zw.get("/inclusiestage/beheer/"+strings.TrimPrefix(amsterdam, "/inclusiestage/")+"/reacties"), 403)
	c.get("/inclusiestage/beheer")
	wantStatus(t, "coordinator withdraws", c.post("/inclusiestage/beheer", url.Values{"id": {strings.TrimPrefix(amsterdam, "/inclusiestage/")}}), 303)
	wantStatus(t, "withdrawn place", anon.get(amsterdam), 404)
	if strings.Contains(e.getPublic(t, "/inclusiestage"), "Dienst Wonen") {
		t.Error("a withdrawn place is listed")
	}
}

// TestInternshipInputIsChecked protects bad input: each wrong field is
// named, script stays inert text.
func TestInternshipInputIsChecked(t *testing.T) {
	e := newEnv(t)
	c := e.coordinatorPerson(t)
	c.get("/inclusiestage/beheer/nieuw")
	r := c.post("/inclusiestage/beheer/nieuw", url.Values{"code": {"GM9999"}, "department": {strings.Repeat("x", 10000)}, "domain": {"domain.nope"},
		"hours": {"0"}, "access": {"lift"}, "contact_route": {""}, "closes_on": {"2020-01-01"}})
	wantStatus(t, "bad place", r, 400)
	for _, want := range []string{`href="#f-code"`, `href="#f-department"`, `href="#f-domain"`, `href="#f-hours"`, `href="#f-access"`, `href="#f-contact-route"`, `href="#f-closes-on"`,
		"maximaal 200 tekens", "kies een van de leefdomeinen", "van 1 tot en met 40 uur per week", "kies uit de genoemde voorzieningen", "ligt in het verleden"} {
		if !strings.Contains(r.body, want) {
			t.Errorf("problems lack %q", want)
		}
	}
	wantStatus(t, "hours not a number", c.post("/inclusiestage/beheer/nieuw", internshipForm("hours", "veel")), 400)
	script := "<script>alert(1)</script>"
	path := publish(t, c, internshipForm("department", "Afdeling "+script, "access_note", script, "contact_route", script))
	body := e.getPublic(t, path)
	if strings.Contains(body, script) || !strings.Contains(body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Error("script not inert")
	}
	p := e.person(t)
	p.get(path)
	r = p.post(path, url.Values{"name": {strings.Repeat("n", 10000)}, "email": {"geen-adres"}, "message": {script}})
	wantStatus(t, "bad response", r, 400)
	for _, want := range []string{`href="#f-name"`, `href="#f-email"`, `href="#f-consent"`, "geen e-mailadres zoals naam@voorbeeld.nl"} {
		if !strings.Contains(r.body, want) {
			t.Errorf("response problems lack %q", want)
		}
	}
}

// TestInternshipResponsesArePrivateAndExpire protects the candidate: a
// response reaches the publisher's page only (a planted address is in no
// public response and no log line), twice is one record, the personal link
// deletes it; a place past its closing date is not listed and takes no
// response; responses are deleted with the retention of sign-ups.
func TestInternshipResponsesArePrivateAndExpire(t *testing.T) {
	st, _ := testutil.Store2025(t)
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
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
	c := e.coordinatorPerson(t)
	zw := e.person(t)
	zw.join(e.account(t, zwolle))
	path := publish(t, zw, internshipForm())
	id := strings.TrimPrefix(path, "/inclusiestage/")

	const planted = "kandidaat.9c2@example.nl"
	p := e.person(t)
	p.get(path)
	form := url.Values{"name": {"Kandidaat Planted"}, "email": {planted}, "message": {"Ik wil graag"}, "access_needs": {"Rustige werkplek"}, "consent": {"yes"}}
	r := p.post(path, form)
	wantStatus(t, "respond", r, 200)
	m := deleteRE.FindStringSubmatch(r.body)
	if m == nil {
		t.Fatalf("no delete link: %.1500s", r.body)
	}
	p.get(path)
	if r := p.post(path, form); !strings.Contains(r.body, "al gereageerd") || deleteRE.MatchString(r.body) {
		t.Error("second response not idempotent")
	}
	for _, u := range []string{"/inclusiestage", path, "/inclusiestage?vanaf=GM0193&domein=domain.work", "/", "/api/municipalities/GM0193", "/gemeente/GM0193",
		"/inclusiestage/beheer/" + id + "/reacties", "/inclusiestage/beheer"} {
		if body := e.getPublic(t, u); strings.Contains(strings.ToLower(body), planted) || strings.Contains(body, "Kandidaat Planted") {
			t.Errorf("%s shows the candidate", u)
		}
	}
	if strings.Contains(logs.String(), planted) {
		t.Error("the log holds the planted address")
	}
	for who, pp := range map[string]*person{"publisher": zw, "coordinator": c} {
		rs := pp.get("/inclusiestage/beheer/" + id + "/reacties")
		if !strings.Contains(rs.body, planted) || !strings.Contains(rs.body, "Rustige werkplek") || strings.Count(rs.body, planted) != 1 {
			t.Errorf("%s does not see the one response", who)
		}
	}
	other := e.person(t)
	other.join(e.account(t, atlas.AccountSpec{Name: "ambtenaar.amsterdam", Role: atlas.Contributor, Organisation: "gemeente Amsterdam", Codes: []string{"GM0363"}}))
	wantStatus(t, "another municipality's contributor", other.get("/inclusiestage/beheer/"+id+"/reacties"), 403)

	// The personal link asks first, then deletes.
	d := e.person(t)
	wantStatus(t, "delete page", d.get(m[1]), 200)
	wantStatus(t, "delete", d.post(m[1], url.Values{}), 200)
	if strings.Contains(zw.get("/inclusiestage/beheer/"+id+"/reacties").body, planted) {
		t.Error("the deleted response is still there")
	}
	wantStatus(t, "used link", d.get(m[1]), 404)

	// Expiry: a place whose closing date passed is not listed and takes nothing.
	ctx := t.Context()
	oldID, err := st.SaveInternship(ctx, store.Internship{Code: "GM0193", Department: "Verlopen afdeling", Domain: "domain.work", Hours: 8, Contact: "formulier", ClosesOn: inDays(-1)}, "test")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(e.getPublic(t, "/inclusiestage"), "Verlopen afdeling") {
		t.Error("an expired place is listed")
	}
	old := "/inclusiestage/" + itoa(int(oldID))
	wantStatus(t, "expired place", p.get(old), 404)
	if !strings.Contains(zw.get("/inclusiestage/beheer").body, "gesloten") {
		t.Error("the publisher does not see the closed place")
	}
	// Retention: responses to places closed more than 90 days ago are deleted.
	longAgo, _ := st.SaveInternship(ctx, store.Internship{Code: "GM0193", Department: "Lang geleden", Domain: "domain.work", Hours: 8, Contact: "formulier", ClosesOn: "2020-01-01"}, "test")
	for _, in := range []int64{oldID, longAgo} {
		if _, err := st.AddResponse(ctx, store.Response{InternshipID: in, Name: "n", Email: "n@example.nl"}, "hash-"+itoa(int(in))); err != nil {
			t.Fatal(err)
		}
	}
	if err := svc.Housekeeping(ctx); err != nil {
		t.Fatal(err)
	}
	if rs, _ := st.Responses(ctx, longAgo); len(rs) != 0 {
		t.Error("retention kept an old response")
	}
	if rs, _ := st.Responses(ctx, oldID); len(rs) != 1 {
		t.Error("retention deleted a recent response")
	}
}

// TestInternshipFormHasHoneypotAndRateLimit protects the response form
// against spam like the other public forms.
func TestInternshipFormHasHoneypotAndRateLimit(t *testing.T) {
	e := newEnv(t)
	c := e.coordinatorPerson(t)
	path := publish(t, c, internshipForm())
	id := strings.TrimPrefix(path, "/inclusiestage/")
	p := e.person(t)
	p.get(path)
	wantStatus(t, "robot", p.post(path, url.Values{"name": {"Robot"}, "email": {"bot@example.nl"}, "consent": {"yes"}, "website": {"http://spam"}}), 200)
	if strings.Contains(c.get("/inclusiestage/beheer/"+id+"/reacties").body, "bot@example.nl") {
		t.Error("the honeypot stored a response")
	}
	var last page
	for i := 0; i < 11; i++ {
		p.get(path)
		last = p.post(path, url.Values{"name": {"x"}})
	}
	if last.status != 429 || last.header.Get("Retry-After") == "" {
		t.Errorf("11th post: %d, Retry-After %q", last.status, last.header.Get("Retry-After"))
	}
}

// TestInternshipSearchReadsCodesAsTyped: a search whose address was typed
// by hand (vanaf=gm0363, provincie=pv27) finds what the canonical codes
// find; a code of nothing is still a 400 naming the parameter.
func TestInternshipSearchReadsCodesAsTyped(t *testing.T) {
	e := newEnv(t)
	p := e.person(t)
	for _, u := range []string{"/inclusiestage?vanaf=gm0363&km=10", "/inclusiestage?provincie=pv27", "/inclusiestage?vanaf=%20GM0363%20"} {
		if r := p.get(u); r.status != 200 {
			t.Errorf("%s: %d %.300s", u, r.status, r.body)
		}
	}
	if r := p.get("/inclusiestage?vanaf=GM9999"); r.status != 400 || !strings.Contains(r.body, "vanaf") {
		t.Errorf("unknown code: %d, want a 400 naming vanaf", r.status)
	}
}
