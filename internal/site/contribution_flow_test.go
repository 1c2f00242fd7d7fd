package site_test

import (
	"encoding/json"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// TestContributorSubmitsAndCoordinatorPublishes protects the whole flow:
// invitation → passphrase → questionnaire pre-filled → draft → submit →
// review with a diff → approve → the public detail shows the new stage with
// basis self_assessment, the evidence link and the contributor's role and
// organisation (never the account name).
func TestContributorSubmitsAndCoordinatorPublishes(t *testing.T) {
	e := newEnv(t)
	c := e.person(t)
	c.join(e.account(t, zwolle))
	q := c.get("/bijdragen/GM0193")
	wantStatus(t, "questionnaire", q, 200)
	if !strings.Contains(q.body, "Zwolle") || !strings.Contains(q.body, `name="stage.value"`) || !strings.Contains(q.body, `name="stakeholder.`) {
		t.Fatalf("questionnaire lacks the municipality or a question: %.300s", q.body)
	}
	// Zwolle has public-record values: the form starts with them.
	var before map[string]any
	json.Unmarshal([]byte(e.getPublic(t, "/api/municipalities/GM0193")), &before)
	if st, ok := before["stage"].(float64); ok && !regexp.MustCompile(`name="stage.value" value="`+itoa(int(st))+`" checked`).MatchString(q.body) {
		t.Errorf("published stage %v not pre-filled", st)
	}

	form := url.Values{"stage.value": {"4"}, "stage.evidence": {"https://zwolle.nl/lia"}, "stage.note": {"vastgesteld"}, "domain.work.value": {"2"}, "action": {"draft"}}
	r := c.post("/bijdragen/GM0193", form)
	wantStatus(t, "save draft", r, 303)
	q = c.get("/bijdragen/GM0193?opgeslagen=concept")
	if !strings.Contains(q.body, `value="4" checked`) || !strings.Contains(q.body, "https://zwolle.nl/lia") || !strings.Contains(q.body, "concept is bewaard") {
		t.Errorf("draft not shown again: %.500s", q.body)
	}
	// Not public before approval.
	if strings.Contains(e.getPublic(t, "/api/municipalities/GM0193"), "zwolle.nl/lia") {
		t.Error("a draft is public")
	}
	form.Set("action", "submit")
	wantStatus(t, "submit", c.post("/bijdragen/GM0193", form), 303)
	if q := c.get("/bijdragen/GM0193"); !strings.Contains(q.body, `id="waiting"`) {
		t.Error("the questionnaire does not say a submission is waiting for review")
	}
	if strings.Contains(e.getPublic(t, "/api/municipalities/GM0193"), "zwolle.nl/lia") {
		t.Error("a pending submission is public")
	}

	k := e.person(t)
	k.join(e.account(t, coordinator))
	b := k.get("/beheer")
	if !strings.Contains(b.body, `id="queue-count">1<`) {
		t.Fatalf("queue count: %.500s", b.body)
	}
	id := regexp.MustCompile(`/beheer/inzendingen/(\d+)`).FindStringSubmatch(b.body)
	if id == nil {
		t.Fatal("no review link")
	}
	rev := k.get("/beheer/inzendingen/" + id[1])
	if !strings.Contains(rev.body, `class="changed"`) || !strings.Contains(rev.body, "gemeente Zwolle, beleidsmedewerker") {
		t.Errorf("review shows no diff or contributor: %.500s", rev.body)
	}
	wantStatus(t, "approve", k.post("/beheer/inzendingen/"+id[1], url.Values{"action": {"approve"}, "basis": {"self_assessment"}}), 303)

	var d struct {
		Stage      int    `json:"stage"`
		Basis      string `json:"basis"`
		Assessor   string `json:"assessor"`
		Indicators []struct {
			ID, Evidence string
		} `json:"indicators"`
		History []struct {
			RecordedBy string `json:"recorded_by"`
		} `json:"history"`
	}
	if err := json.Unmarshal([]byte(e.getPublic(t, "/api/municipalities/GM0193")), &d); err != nil {
		t.Fatal(err)
	}
	if d.Stage != 4 || d.Basis != "self_assessment" || d.Assessor != "gemeente Zwolle, beleidsmedewerker" || d.History[0].RecordedBy != "gemeente Zwolle, beleidsmedewerker" {
		t.Errorf("published: stage %d basis %q assessor %q recorded_by %q", d.Stage, d.Basis, d.Assessor, d.History[0].RecordedBy)
	}
	if d.Indicators[0].ID != "stage" || d.Indicators[0].Evidence != "https://zwolle.nl/lia" {
		t.Errorf("stage evidence %+v", d.Indicators[0])
	}
	// The contributor sees it approved; the queue is empty.
	if h := c.get("/bijdragen"); !strings.Contains(h.body, "Goedgekeurd") {
		t.Errorf("contributor does not see the approval: %.300s", h.body)
	}
	if b := k.get("/beheer"); !strings.Contains(b.body, `id="queue-count">0<`) {
		t.Error("queue not empty after approval")
	}
}

// TestSendBackAndReject protects the other two decisions: a sent-back
// submission returns to its contributor with the reason, who can submit
// again; a rejected one is closed and never public.
func TestSendBackAndReject(t *testing.T) {
	e := newEnv(t)
	c := e.person(t)
	c.join(e.account(t, zwolle))
	k := e.person(t)
	k.join(e.account(t, coordinator))
	submit := func(stage string) string {
		t.Helper()
		c.get("/bijdragen/GM0193")
		wantStatus(t, "submit", c.post("/bijdragen/GM0193", url.Values{"stage.value": {stage}, "action": {"submit"}}), 303)
		m := regexp.MustCompile(`/beheer/inzendingen/(\d+)`).FindStringSubmatch(k.get("/beheer").body)
		if m == nil {
			t.Fatal("not in the queue")
		}
		return m[1]
	}
	id := submit("5")
	k.get("/beheer/inzendingen/" + id)
	r := k.post("/beheer/inzendingen/"+id, url.Values{"action": {"send_back"}, "reason": {""}})
	wantStatus(t, "send back without reason", r, 400)
	if !strings.Contains(r.body, `href="#f-reason"`) {
		t.Error("missing reason not named")
	}
	wantStatus(t, "send back", k.post("/beheer/inzendingen/"+id, url.Values{"action": {"send_back"}, "reason": {"Graag een bron bij stap 5 <b>vet</b>"}}), 303)
	h := c.get("/bijdragen")
	if !strings.Contains(h.body, "Teruggestuurd") || !strings.Contains(h.body, "Graag een bron bij stap 5 &lt;b&gt;vet&lt;/b&gt;") {
		t.Errorf("reason not shown (inert) to the contributor: %.600s", h.body)
	}
	if q := c.get("/bijdragen/GM0193"); !strings.Contains(q.body, "Graag een bron") || !strings.Contains(q.body, `value="5" checked`) {
		t.Error("the sent-back answers or reason are not on the questionnaire")
	}
	id2 := submit("3")
	if id2 != id {
		t.Errorf("a resubmitted sent-back submission should be the same one (%s, %s)", id, id2)
	}
	wantStatus(t, "reject", k.post("/beheer/inzendingen/"+id2, url.Values{"action": {"reject"}, "reason": {"Geen bron gevonden"}}), 303)
	if !strings.Contains(c.get("/bijdragen").body, "Afgewezen") {
		t.Error("rejection not shown")
	}
	// Reviewing twice is a conflict, not a second publication.
	wantStatus(t, "approve after reject", k.post("/beheer/inzendingen/"+id2, url.Values{"action": {"approve"}, "basis": {"self_assessment"}}), 409)
	if d := e.getPublic(t, "/api/municipalities/GM0193"); strings.Contains(d, "Zelfevaluatie via Inclusiekaart") {
		t.Error("a rejected submission was published")
	}
}
