package site_test

import (
	"bytes"
	"io"
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

var leaveRE = regexp.MustCompile(`id="leave-link">[^<]*(/meedoen/opzeggen/[A-Za-z0-9_-]+)<`)

// TestJoinConfirmCountAndLeave protects joining: the member waits for the
// coordinator, only confirmed members count on the map (as a number), one
// record per address, and the personal link deletes the record.
func TestJoinConfirmCountAndLeave(t *testing.T) {
	e := newEnv(t)
	p := e.person(t)
	p.get("/meedoen")
	r := p.post("/meedoen", url.Values{"name": {"Rita Raad"}, "email": {"rita@example.nl"}, "role": {"council_member"}, "code": {"GM0193"}, "consent": {"yes"}})
	m := leaveRE.FindStringSubmatch(r.body)
	if r.status != 200 || m == nil {
		t.Fatalf("join: %d %.1500s", r.status, r.body)
	}
	p.get("/meedoen")
	if r := p.post("/meedoen", url.Values{"name": {"Rita"}, "email": {"RITA@example.nl"}, "role": {"resident"}, "consent": {"yes"}}); !strings.Contains(r.body, "al lid") || leaveRE.MatchString(r.body) {
		t.Errorf("second join is not idempotent: %.800s", r.body)
	}
	if n := e.getPublic(t, "/api/municipalities/GM0193/network"); !strings.Contains(n, `"members":0`) {
		t.Errorf("queued member counted: %s", n)
	}
	c := e.coordinatorPerson(t)
	list := c.get("/beheer/leden")
	id := regexp.MustCompile(`name="id" value="(\d+)"`).FindStringSubmatch(list.body)
	if id == nil || strings.Count(list.body, "rita@example.nl") != 1 {
		t.Fatalf("coordinator's list: %.1500s", list.body)
	}
	wantStatus(t, "confirm", c.post("/beheer/leden", url.Values{"id": {id[1]}, "action": {"confirm"}}), 303)
	if n := e.getPublic(t, "/api/municipalities/GM0193/network"); !strings.Contains(n, `"members":1`) || strings.Contains(n, "Rita") {
		t.Errorf("network of Zwolle: %s", n)
	}
	wantStatus(t, "leave page", p.get(m[1]), 200)
	wantStatus(t, "leave", p.post(m[1], url.Values{}), 200)
	if strings.Contains(c.get("/beheer/leden").body, "rita@example.nl") {
		t.Error("the record survived leaving")
	}
	wantStatus(t, "used link", p.get(m[1]), 404)
}

// TestNetworkFormsHaveHoneypotAndRateLimit protects against spam: a filled
// honeypot stores nothing, and the 11th post from one address within ten
// minutes is a 429 with Retry-After.
func TestNetworkFormsHaveHoneypotAndRateLimit(t *testing.T) {
	e := newEnv(t)
	c := e.coordinatorPerson(t)
	path := e.createMeeting(t, c, "capacity", "50")
	p := e.person(t)
	p.get("/meedoen")
	p.post("/meedoen", url.Values{"name": {"Robot"}, "email": {"bot@example.nl"}, "role": {"resident"}, "consent": {"yes"}, "website": {"http://spam"}})
	p.get(path)
	p.post(path, url.Values{"name": {"Robot"}, "email": {"bot@example.nl"}, "consent": {"yes"}, "website": {"http://spam"}})
	if strings.Contains(c.get("/beheer/leden").body, "bot@example.nl") || len(attendees(t, c, path)) != 1 {
		t.Error("the honeypot stored a record")
	}
	var last page
	for i := 0; i < 12; i++ {
		target := "/meedoen"
		if i%2 == 1 {
			target = path
		}
		p.get(target)
		last = p.post(target, url.Values{"name": {"x"}})
	}
	if last.status != 429 || last.header.Get("Retry-After") == "" {
		t.Errorf("12th post: %d, Retry-After %q", last.status, last.header.Get("Retry-After"))
	}
}

// TestPlantedEmailNeverPublic protects privacy: an address given in a
// sign-up and in joining appears in no public response and no log line.
func TestPlantedEmailNeverPublic(t *testing.T) {
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
	const planted = "geheim.adres.7f3@example.nl"
	c := e.coordinatorPerson(t)
	path := e.createMeeting(t, c, "capacity", "5")
	p := e.person(t)
	p.get(path)
	wantStatus(t, "sign up", p.post(path, url.Values{"name": {"Planted"}, "email": {planted}, "code": {"GM0193"}, "consent": {"yes"}}), 200)
	p.get("/meedoen")
	wantStatus(t, "join", p.post("/meedoen", url.Values{"name": {"Planted"}, "email": {planted}, "role": {"resident"}, "code": {"GM0193"}, "consent": {"yes"}}), 200)
	id := strings.TrimPrefix(path, "/bijeenkomsten/")
	for _, u := range []string{"/bijeenkomsten", path, path + ".ics", "/bijeenkomsten.ics", "/bijeenkomsten.atom", "/api/meetings.geojson",
		"/api/municipalities/GM0193/network", "/api/municipalities/GM0193", "/api/municipalities", "/api/municipalities.csv", "/meedoen", "/",
		"/api/assessments.csv", "/ogc/collections/municipalities/items?limit=400", "/beheer/bijeenkomsten/" + id + "/deelnemers.csv", "/beheer/leden"} {
		if body := e.getPublic(t, u); strings.Contains(strings.ToLower(body), planted) {
			t.Errorf("%s shows the planted address", u)
		}
	}
	if strings.Contains(logs.String(), planted) {
		t.Error("the log holds the planted address")
	}
	if !strings.Contains(c.get("/beheer/bijeenkomsten/"+id+"/deelnemers.csv").body, planted) {
		t.Error("the coordinator's attendee list lacks the address (the test would prove nothing)")
	}
	_ = io.Discard
}

// TestSignupsOfPastMeetingsAreDeleted protects the retention: housekeeping
// deletes the sign-ups of meetings more than 90 days past, not others.
func TestSignupsOfPastMeetingsAreDeleted(t *testing.T) {
	e := newEnv(t)
	ctx := t.Context()
	ids := map[string]int64{}
	for _, d := range []string{"2020-01-01", time.Now().AddDate(0, 0, -30).Format("2006-01-02")} {
		id, err := e.st.SaveMeeting(ctx, store.Meeting{Title: "m " + d, Scope: "national", Date: d, Online: true, Capacity: 5}, "test")
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := e.st.AddSignup(ctx, store.Signup{MeetingID: id, Name: "n", Email: "n@example.nl"}, "hash-"+d); err != nil {
			t.Fatal(err)
		}
		ids[d] = id
	}
	if err := e.svc.Housekeeping(ctx); err != nil {
		t.Fatal(err)
	}
	for d, id := range ids {
		sus, _ := e.st.Signups(ctx, id)
		if want := map[bool]int{true: 0, false: 1}[d == "2020-01-01"]; len(sus) != want {
			t.Errorf("meeting of %s: %d sign-ups left, want %d", d, len(sus), want)
		}
	}
}
