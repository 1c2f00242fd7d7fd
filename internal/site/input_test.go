package site_test

import (
	"context"
	"encoding/xml"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/inclusiekaart/inclusiekaart/internal/atlas"
	"github.com/inclusiekaart/inclusiekaart/internal/store"
)

// TestQuestionnaireRefusesBadAnswersAndKeepsTheDraft protects the form's
// input rules: every wrong field is named and linked from the error summary,
// nothing is stored, and the saved draft stays as it was; HTML in a note is
// stored and shown as text.
func TestQuestionnaireRefusesBadAnswersAndKeepsTheDraft(t *testing.T) {
	e := newEnv(t)
	c := e.person(t)
	c.join(e.account(t, zwolle))
	c.get("/bijdragen/GM0193")
	wantStatus(t, "draft", c.post("/bijdragen/GM0193", url.Values{"stage.value": {"2"}, "stage.note": {"eerste concept"}, "action": {"draft"}}), 303)
	c.get("/bijdragen/GM0193")
	for _, tc := range []struct {
		name  string
		form  url.Values
		field string
	}{
		{"stage out of scale", url.Values{"stage.value": {"7"}}, "stage.value"},
		{"route step out of scale", url.Values{"route.3.value": {"3"}}, "route.3.value"},
		{"domain below scale", url.Values{"domain.work.value": {"-1"}}, "domain.work.value"},
		{"not a number", url.Values{"lived_experience.value": {"veel"}}, "lived_experience.value"},
		{"stakeholder out of scale", url.Values{"stakeholder.lived_experience.value": {"2"}}, ""},
		{"javascript evidence", url.Values{"stage.value": {"3"}, "stage.evidence": {"javascript:alert(1)"}}, "stage.evidence"},
		{"ftp evidence", url.Values{"stage.value": {"3"}, "stage.evidence": {"ftp://example.org/x"}}, "stage.evidence"},
		{"20 kB note", url.Values{"stage.value": {"3"}, "stage.note": {strings.Repeat("a", 20<<10)}}, "stage.note"},
		{"formula note", url.Values{"stage.value": {"3"}, "stage.note": {"=HYPERLINK(\"x\")"}}, "stage.note"},
	} {
		tc.form.Set("action", "submit")
		r := c.post("/bijdragen/GM0193", tc.form)
		if tc.field == "" { // a stakeholder group id from the framework: any value above 1 is out of scale
			for k := range tc.form {
				if strings.HasPrefix(k, "stakeholder.") {
					tc.field = k
				}
			}
		}
		if _, ok := e.svc.Framework().Indicator(strings.TrimSuffix(tc.field, ".value")); !ok && strings.HasPrefix(tc.field, "stakeholder.") {
			continue // no such group in this framework
		}
		wantStatus(t, tc.name, r, 400)
		in, _ := e.svc.Framework().Indicator(tc.field[:strings.LastIndex(tc.field, ".")])
		if !strings.Contains(r.body, `role="alert"`) || !strings.Contains(r.body, `href="#`+fid(tc.field)+`">`+html.EscapeString(in.Label.NL)) {
			t.Errorf("%s: the error summary does not name (by its question) and link %s", tc.name, tc.field)
		}
		if strings.Contains(r.body, `<span lang="en">`) {
			t.Errorf("%s: a message of the Dutch page is not in Dutch", tc.name)
		}
		if !strings.Contains(r.body, `aria-invalid="true"`) && !strings.Contains(r.body, `aria-describedby="`+fid(tc.field)+`-problem"`) {
			t.Errorf("%s: the field is not marked", tc.name)
		}
	}
	q := c.get("/bijdragen/GM0193")
	if !strings.Contains(q.body, `name="stage.value" value="2" checked`) || !strings.Contains(q.body, "eerste concept") {
		t.Error("a refused submit changed the saved draft")
	}
	subs, _ := e.st.Submissions(context.Background(), 0, "submitted")
	if len(subs) != 0 {
		t.Errorf("%d refused submissions stored", len(subs))
	}
	// HTML and script in a note are kept as text and shown inert.
	script := `<script>alert("x")</script><img src=x onerror=alert(1)>`
	wantStatus(t, "html note", c.post("/bijdragen/GM0193", url.Values{"stage.value": {"3"}, "stage.note": {script}, "action": {"draft"}}), 303)
	q = c.get("/bijdragen/GM0193")
	if strings.Contains(q.body, "<script>alert") || strings.Contains(q.body, "<img src=x") || !strings.Contains(q.body, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;") {
		t.Error("HTML in a note is not shown inert")
	}
}

func fid(name string) string { return "f-" + strings.NewReplacer(".", "-", "_", "-").Replace(name) }

// TestExpiredSessionLosesNoAnswers protects "nothing lost on an expired
// session": the posted answers come back after signing in again.
func TestExpiredSessionLosesNoAnswers(t *testing.T) {
	e := newEnv(t)
	c := e.person(t)
	c.join(e.account(t, zwolle))
	c.get("/bijdragen/GM0193")
	// The session ends (here: signed out elsewhere) while the form is open.
	jar := c.client.Jar
	u, _ := url.Parse(e.ts.URL)
	for _, ck := range jar.Cookies(u) {
		if ck.Name == "ik_session" {
			e.svc.Logout(context.Background(), ck.Value)
		}
	}
	r := c.post("/bijdragen/GM0193", url.Values{"stage.value": {"5"}, "stage.note": {"niet kwijtraken"}, "action": {"submit"}})
	wantStatus(t, "post after the session ended", r, 401)
	if !strings.Contains(r.body, `name="resume"`) || !strings.Contains(r.body, "niet kwijtraken") {
		t.Fatalf("the sign-in page does not carry the answers: %.400s", r.body)
	}
	next := c.post("/inloggen", url.Values{"name": {zwolle.Name}, "passphrase": {"vier woorden achter elkaar"}, "next": {"/bijdragen/GM0193"},
		"resume": {extractResume(r.body)}})
	wantStatus(t, "sign in again", next, 200)
	if !strings.Contains(next.body, `name="stage.value" value="5" checked`) || !strings.Contains(next.body, "niet kwijtraken") {
		t.Errorf("answers not back after signing in: %.400s", next.body)
	}
}

func extractResume(body string) string {
	i := strings.Index(body, `name="resume" value="`)
	if i < 0 {
		return ""
	}
	rest := body[i+len(`name="resume" value="`):]
	rest = rest[:strings.Index(rest, `"`)]
	return strings.NewReplacer("&#34;", `"`, "&lt;", "<", "&gt;", ">", "&amp;", "&", "&#39;", "'", "&#43;", "+").Replace(rest)
}

// TestCorrectionsFromThePublic protects the "klopt dit niet?" form: no
// account needed; bad input named; a honeypot; a rate limit with
// Retry-After; the report reaches the queue and its contact is erased when
// closed.
func TestCorrectionsFromThePublic(t *testing.T) {
	e := newEnv(t)
	a := e.person(t)
	form := a.get("/klopt-dit-niet/GM0193")
	wantStatus(t, "form", form, 200)
	if !strings.Contains(form.body, "Zwolle") || !strings.Contains(form.body, "90 dagen") {
		t.Error("form does not name the municipality or the retention of the contact")
	}
	r := a.post("/klopt-dit-niet/GM0193", url.Values{"what": {""}, "source_url": {"javascript:x"}})
	wantStatus(t, "bad report", r, 400)
	for _, f := range []string{"what", "source_url"} {
		if !strings.Contains(r.body, `href="#`+fid(f)+`"`) {
			t.Errorf("bad report: %s not named", f)
		}
	}
	wantStatus(t, "report", a.post("/klopt-dit-niet/GM0193", url.Values{"what": {"De LIA is in 2024 vastgesteld <b>"}, "source_url": {"https://zwolle.nl/raad"}, "contact": {"iemand@example.org"}}), 201)
	wantStatus(t, "honeypot", a.post("/klopt-dit-niet/GM0193", url.Values{"what": {"spam"}, "website": {"http://spam.example"}}), 200)
	cs, _ := e.st.Corrections(context.Background(), "")
	if len(cs) != 1 || cs[0].Contact != "iemand@example.org" {
		t.Fatalf("stored reports: %+v", cs)
	}
	// Rate limit: 5 reports per 10 minutes per client (one was counted, and the honeypot).
	var last page
	for i := 0; i < 5; i++ {
		last = a.post("/klopt-dit-niet/GM0193", url.Values{"what": {"nog een " + itoa(i)}})
	}
	wantStatus(t, "too many reports", last, 429)
	if last.header.Get("Retry-After") == "" {
		t.Error("429 without Retry-After")
	}
	k := e.person(t)
	k.join(e.account(t, coordinator))
	q := k.get("/beheer")
	if !strings.Contains(q.body, "De LIA is in 2024 vastgesteld &lt;b&gt;") || !strings.Contains(q.body, "iemand@example.org") {
		t.Errorf("report not in the queue (inert): %.600s", q.body)
	}
	cs, _ = e.st.Corrections(context.Background(), "open")
	withContact := cs[len(cs)-1] // the oldest: the one with a contact
	wantStatus(t, "close", k.post("/beheer/meldingen/"+itoa(int(withContact.ID)), url.Values{}), 303)
	cs, _ = e.st.Corrections(context.Background(), "")
	for _, c := range cs {
		if c.Status == "closed" && c.Contact != "" {
			t.Errorf("closed report keeps its contact %q", c.Contact)
		}
	}
	if strings.Contains(k.get("/beheer").body, "iemand@example.org") {
		t.Error("contact still shown after closing")
	}
	// The retention schedule erases contacts of old reports.
	later, err := atlas.New(e.st, atlas.Config{Now: func() time.Time { return time.Now().Add(atlas.ContactRetention + time.Hour) }})
	if err != nil {
		t.Fatal(err)
	}
	e.st.AddCorrection(context.Background(), store.Correction{Code: "GM0193", What: "oud", Contact: "oud@example.org"})
	if n, err := later.EraseOldContacts(context.Background()); err != nil || n != 1 {
		t.Errorf("retention erased %d contacts (%v), want 1", n, err)
	}
}

// TestQueueFeed protects the coordinator's Atom feed: authenticated by its
// own token, valid Atom, one entry per waiting item.
func TestQueueFeed(t *testing.T) {
	e := newEnv(t)
	c := e.person(t)
	c.join(e.account(t, zwolle))
	c.get("/bijdragen/GM0193")
	c.post("/bijdragen/GM0193", url.Values{"stage.value": {"4"}, "action": {"submit"}})
	k := e.person(t)
	k.join(e.account(t, coordinator))
	k.get("/beheer")
	r := k.post("/beheer/feed", url.Values{})
	i := strings.Index(r.body, "/beheer/feed.atom?token=")
	if i < 0 {
		t.Fatalf("no feed address: %.300s", r.body)
	}
	tok := r.body[i+len("/beheer/feed.atom?token="):]
	tok = tok[:strings.IndexAny(tok, "<\" ")]
	resp, err := http.Get(e.ts.URL + "/beheer/feed.atom?token=" + tok)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var feed struct {
		Entries []struct {
			Title string `xml:"title"`
			ID    string `xml:"id"`
		} `xml:"entry"`
	}
	if err := xml.NewDecoder(resp.Body).Decode(&feed); err != nil || resp.Header.Get("Content-Type") != "application/atom+xml; charset=utf-8" {
		t.Fatalf("feed: %v %s", err, resp.Header.Get("Content-Type"))
	}
	if len(feed.Entries) != 1 || !strings.Contains(feed.Entries[0].Title, "Zwolle") {
		t.Errorf("feed entries %+v", feed.Entries)
	}
	if r, _ := http.Get(e.ts.URL + "/beheer/feed.atom?token=wrong"); r.StatusCode != 401 {
		t.Errorf("feed with a wrong token: %d", r.StatusCode)
	}
}
