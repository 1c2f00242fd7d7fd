package site_test

import (
	"encoding/csv"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-ical"
)

// meetingForm is a valid new meeting; fields override it.
func meetingForm(fields ...string) url.Values {
	f := url.Values{"title": {"Regiobijeenkomst Overijssel"}, "scope": {"regional"}, "date": {"2030-10-26"}, "start_time": {"19:00"}, "end_time": {"21:30"},
		"place": {"Stadhuis, Grote Kerkplein 15, Zwolle"}, "lat": {"52.5125"}, "lon": {"6.0944"}, "region": {"PV23"},
		"audience": {"residents", "council_members"}, "description": {"Kennismaken en leren van elkaar."}, "capacity": {"1"}}
	for i := 0; i+1 < len(fields); i += 2 {
		f.Set(fields[i], fields[i+1])
	}
	return f
}

// createMeeting signs in a coordinator (once per env) and creates a meeting, returning its path.
func (e *env) createMeeting(t *testing.T, c *person, fields ...string) string {
	t.Helper()
	c.get("/beheer/bijeenkomsten")
	r := c.post("/beheer/bijeenkomsten", meetingForm(fields...))
	if r.status != 303 {
		t.Fatalf("create meeting: %d %.500s", r.status, r.body)
	}
	id := strings.TrimSuffix(strings.TrimPrefix(r.header.Get("Location"), "/beheer/bijeenkomsten/"), "?klaar=1")
	return "/bijeenkomsten/" + id
}

func (e *env) coordinatorPerson(t *testing.T) *person {
	c := e.person(t)
	c.join(e.account(t, coordinator))
	return c
}

var cancelRE = regexp.MustCompile(`id="cancel-link">[^<]*(/bijeenkomsten/afmelden/[A-Za-z0-9_-]+)<`)

func signup(p *person, path, name, email string) page {
	p.get(path)
	return p.post(path, url.Values{"name": {name}, "email": {email}, "access_needs": {"Tolk gebarentaal"}, "consent": {"yes"}})
}

// TestMeetingSignupWaitingListAndCancel protects the sign-up: capacity, the
// waiting list, one record per address, the personal cancel link (which
// frees the place for the first on the waiting list) and the coordinator's
// attendee list.
func TestMeetingSignupWaitingListAndCancel(t *testing.T) {
	e := newEnv(t)
	c := e.coordinatorPerson(t)
	path := e.createMeeting(t, c)
	a, b := e.person(t), e.person(t)
	r := signup(a, path, "Anna de Vries", "anna@example.nl")
	wantStatus(t, "sign up", r, 200)
	m := cancelRE.FindStringSubmatch(r.body)
	if m == nil || !strings.Contains(r.body, "U bent aangemeld.") {
		t.Fatalf("no confirmation or cancel link: %.2000s", r.body)
	}
	again := signup(a, path, "Anna de Vries", "ANNA@example.nl")
	if !strings.Contains(again.body, "was al aangemeld") || cancelRE.MatchString(again.body) {
		t.Errorf("duplicate sign-up not idempotent: %.1500s", again.body)
	}
	if r := signup(b, path, "Bram", "bram@example.nl"); !strings.Contains(r.body, "wachtlijst") {
		t.Errorf("second sign-up on a full meeting is not on the waiting list: %.1500s", r.body)
	}
	rows := attendees(t, c, path)
	if len(rows) != 3 || rows[1][0] != "confirmed" || rows[1][2] != "anna@example.nl" || rows[2][0] != "waiting" || rows[1][5] != "Tolk gebarentaal" {
		t.Fatalf("attendees before cancel: %v", rows)
	}
	// The link asks first (a preview never cancels), then cancels.
	if r := a.get(m[1]); r.status != 200 || !strings.Contains(r.body, "Ja, meld mij af") {
		t.Fatalf("cancel page: %d", r.status)
	}
	wantStatus(t, "cancel", a.post(m[1], url.Values{}), 200)
	rows = attendees(t, c, path)
	if len(rows) != 2 || rows[1][0] != "confirmed" || rows[1][2] != "bram@example.nl" {
		t.Errorf("after cancel the waiting list moves up: %v", rows)
	}
	wantStatus(t, "used link", a.get(m[1]), 404)
	// Only the coordinator gets the list.
	wantStatus(t, "attendees, anonymous", e.person(t).get("/beheer"+path+"/deelnemers.csv"), 303)
	contributor := e.person(t)
	contributor.join(e.account(t, zwolle))
	wantStatus(t, "attendees, contributor", contributor.get("/beheer"+path+"/deelnemers.csv"), 403)
}

func attendees(t *testing.T, c *person, path string) [][]string {
	t.Helper()
	r := c.get("/beheer" + path + "/deelnemers.csv")
	if r.status != 200 {
		t.Fatalf("attendee list: %d", r.status)
	}
	rows, err := csv.NewReader(strings.NewReader(r.body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// TestAttendeeListNeutralisesFormulas protects the coordinator's spreadsheet:
// a cell that starts like a formula is written as text.
func TestAttendeeListNeutralisesFormulas(t *testing.T) {
	e := newEnv(t)
	c := e.coordinatorPerson(t)
	path := e.createMeeting(t, c, "capacity", "5")
	p := e.person(t)
	p.get(path)
	p.post(path, url.Values{"name": {"=HYPERLINK(\"http://evil\")"}, "email": {"x@example.nl"}, "access_needs": {"+1 rolstoel"}, "consent": {"yes"}})
	for _, row := range attendees(t, c, path)[1:] {
		for _, cell := range row {
			if cell != "" && strings.ContainsRune("=+-@", rune(cell[0])) {
				t.Errorf("live formula cell %q", cell)
			}
		}
	}
}

// TestAttendeeListSpeaksExcelNL: the attendee list takes ?dialect=excel-nl
// like every CSV (BOM, semicolons) and names the parameter when it is wrong.
func TestAttendeeListSpeaksExcelNL(t *testing.T) {
	e := newEnv(t)
	c := e.coordinatorPerson(t)
	path := e.createMeeting(t, c, "capacity", "5")
	p := e.person(t)
	p.get(path)
	p.post(path, url.Values{"name": {"Jansen; Piet"}, "email": {"piet@example.nl"}, "consent": {"yes"}})
	r := c.get("/beheer" + path + "/deelnemers.csv?dialect=excel-nl")
	if r.status != 200 || !strings.HasPrefix(r.body, "\ufeff") {
		t.Fatalf("excel-nl: %d %.40q", r.status, r.body)
	}
	cr := csv.NewReader(strings.NewReader(strings.TrimPrefix(r.body, "\ufeff")))
	cr.Comma = ';'
	rows, err := cr.ReadAll()
	if err != nil || len(rows) != 2 || rows[1][1] != "Jansen; Piet" {
		t.Fatalf("excel-nl rows %v (%v)", rows, err)
	}
	if r := c.get("/beheer" + path + "/deelnemers.csv?dialect=xlsx"); r.status != 400 || !strings.Contains(r.body, "dialect") {
		t.Errorf("unknown dialect: %d %.200s", r.status, r.body)
	}
}

// TestMeetingCalendarsParseAcrossDST protects the .ics files: a real
// iCalendar library parses them, times on both sides of the summer-time
// changes are the right instants, the time zone's rules match Go's, and the
// 2017 history (time unknown) are whole-day events.
func TestMeetingCalendarsParseAcrossDST(t *testing.T) {
	e := newEnv(t)
	c := e.coordinatorPerson(t)
	want := map[string]time.Time{}
	for _, d := range []struct{ date, utc string }{
		{"2030-03-30", "2030-03-30T18:00:00Z"}, // Saturday before summer time: CET
		{"2030-03-31", "2030-03-31T17:00:00Z"}, // first day of summer time: CEST
		{"2030-10-26", "2030-10-26T17:00:00Z"}, // last day of summer time
		{"2030-10-27", "2030-10-27T18:00:00Z"}, // winter time again
	} {
		path := e.createMeeting(t, c, "date", d.date, "title", "Bijeenkomst "+d.date)
		at, _ := time.Parse(time.RFC3339, d.utc)
		want["Bijeenkomst "+d.date] = at
		cal := parseICS(t, e.getPublic(t, path+".ics"))
		if n := len(cal.Events()); n != 1 {
			t.Errorf("%s.ics: %d events", path, n)
		}
	}
	cal := parseICS(t, e.getPublic(t, "/bijeenkomsten.ics"))
	found := 0
	for _, ev := range cal.Events() {
		sum, _ := ev.Props.Text(ical.PropSummary)
		start, err := ev.DateTimeStart(time.UTC)
		if err != nil {
			t.Fatalf("%s: %v", sum, err)
		}
		if w, ok := want[sum]; ok {
			found++
			if !start.Equal(w) {
				t.Errorf("%s starts %s, want %s", sum, start.UTC(), w)
			}
			end, _ := ev.DateTimeEnd(time.UTC)
			if end.Sub(start) != 150*time.Minute {
				t.Errorf("%s lasts %s", sum, end.Sub(start))
			}
		}
		if strings.Contains(sum, "2017") || strings.Contains(sum, "Drenthe") || strings.Contains(sum, "landelijke bijeenkomst") {
			if p := ev.Props.Get(ical.PropDateTimeStart); p.ValueType() != ical.ValueDate {
				t.Errorf("history %q has a time: %v", sum, p)
			}
		}
	}
	if found != 4 {
		t.Errorf("found %d of the 4 meetings in the list calendar", found)
	}
	// The VTIMEZONE's rules give the same changes as the zone database.
	ams, _ := time.LoadLocation("Europe/Amsterdam")
	for _, tz := range cal.Children {
		if tz.Name != ical.CompTimezone {
			continue
		}
		for _, ch := range tz.Children {
			set, err := ch.RecurrenceSet(time.UTC)
			if err != nil || set == nil {
				t.Fatalf("%s rule: %v", ch.Name, err)
			}
			from := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
			local := set.After(from, false)
			fromOffset := 3600
			if ch.Props.Get(ical.PropTimezoneOffsetFrom).Value == "+0200" {
				fromOffset = 7200
			}
			instant := time.Date(local.Year(), local.Month(), local.Day(), local.Hour(), local.Minute(), 0, 0, time.FixedZone("", fromOffset))
			_, before := instant.Add(-time.Second).In(ams).Zone()
			_, after := instant.In(ams).Zone()
			if before == after || before != fromOffset {
				t.Errorf("%s: change at %s local does not match the zone database (%d → %d)", ch.Name, local, before, after)
			}
		}
	}
}

func parseICS(t *testing.T, body string) *ical.Calendar {
	t.Helper()
	cal, err := ical.NewDecoder(strings.NewReader(body)).Decode()
	if err != nil {
		t.Fatalf("ics does not parse: %v\n%s", err, body)
	}
	// The library's encoder checks the required properties (PRODID, VERSION, UID, DTSTAMP, ...).
	var b strings.Builder
	if err := ical.NewEncoder(&b).Encode(cal); err != nil {
		t.Fatalf("ics is not valid: %v", err)
	}
	return cal
}

// TestMeetingsListKeepsTheHistory protects the archive: the 2017 meetings
// are listed as the network's history, with unknown place and time said so.
func TestMeetingsListKeepsTheHistory(t *testing.T) {
	e := newEnv(t)
	body := e.getPublic(t, "/bijeenkomsten")
	for _, want := range []string{"dinsdag 11 april 2017", "donderdag 18 mei 2017", "woensdag 1 november 2017", "Geschiedenis van het netwerk", "Drenthe", "plaats onbekend", "tijd onbekend"} {
		if !strings.Contains(body, want) {
			t.Errorf("list lacks %q", want)
		}
	}
	if !strings.Contains(e.getPublic(t, "/bijeenkomsten?lang=en"), "The network&#39;s history") {
		t.Error("no English list")
	}
}

// TestMeetingAndSignupInputIsChecked protects the forms: each bad value is
// refused with a message naming its field, script stays inert.
func TestMeetingAndSignupInputIsChecked(t *testing.T) {
	e := newEnv(t)
	c := e.coordinatorPerson(t)
	c.get("/beheer/bijeenkomsten")
	for _, tc := range []struct{ field, value string }{
		{"date", "2017-04-11"}, {"date", "morgen"}, {"capacity", "0"}, {"capacity", "veel"}, {"title", strings.Repeat("x", 10240)},
		{"start_time", "25:00"}, {"lat", "10"}, {"region", "PV99"},
	} {
		r := c.post("/beheer/bijeenkomsten", meetingForm(tc.field, tc.value))
		if r.status != 400 || !strings.Contains(r.body, `id="f-`+strings.ReplaceAll(tc.field, "_", "-")+`-problem"`) {
			t.Errorf("%s=%.20q: %d, no problem named on the field", tc.field, tc.value, r.status)
		}
	}
	path := e.createMeeting(t, c, "capacity", "3")
	p := e.person(t)
	for _, tc := range []struct{ field, value string }{
		{"email", "geen-adres"}, {"email", "a@b"}, {"name", strings.Repeat("n", 10240)}, {"name", ""}, {"consent", ""},
	} {
		p.get(path)
		f := url.Values{"name": {"Naam"}, "email": {"n@example.nl"}, "consent": {"yes"}}
		f.Set(tc.field, tc.value)
		r := p.post(path, f)
		if r.status != 400 || !strings.Contains(r.body, `id="f-`+tc.field+`-problem"`) {
			t.Errorf("sign-up %s=%.20q: %d", tc.field, tc.value, r.status)
		}
	}
	script := `<script>alert(1)</script>`
	e.createMeeting(t, c, "title", script, "description", script, "place", script)
	p.get(path)
	r := p.post(path, url.Values{"name": {script}, "email": {"s@example.nl"}, "access_needs": {script}, "consent": {"yes"}})
	for _, body := range []string{r.body, e.getPublic(t, "/bijeenkomsten"), c.get("/beheer/bijeenkomsten").body} {
		if strings.Contains(body, script) {
			t.Errorf("script shown live: %.300s", body[strings.Index(body, script)-100:])
		}
	}
}
