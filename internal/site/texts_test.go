package site_test

import (
	"net/url"
	"strings"
	"testing"
)

// TestPlanIsEditedByTheCoordinatorAndRenderedSafely protects the plan page:
// only a coordinator edits it, Markdown becomes HTML, raw HTML and
// javascript: links never reach the page.
func TestPlanIsEditedByTheCoordinatorAndRenderedSafely(t *testing.T) {
	e := newEnv(t)
	if !strings.Contains(e.getPublic(t, "/toekomstplanning"), "nog niet beschreven") {
		t.Error("empty plan does not say so")
	}
	contributor := e.person(t)
	contributor.join(e.account(t, zwolle))
	wantStatus(t, "contributor edits", contributor.get("/toekomstplanning/bewerken"), 403)
	c := e.coordinatorPerson(t)
	c.get("/toekomstplanning/bewerken")
	md := "# Plan 2027\n\n- Regiobijeenkomsten\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n[klik](javascript:alert(3))\n"
	wantStatus(t, "save", c.post("/toekomstplanning/bewerken", url.Values{"markdown": {md}}), 303)
	body := e.getPublic(t, "/toekomstplanning")
	if !strings.Contains(body, "<h1>Plan 2027</h1>") || !strings.Contains(body, "<li>Regiobijeenkomsten</li>") {
		t.Errorf("Markdown not rendered: %.1500s", body)
	}
	for _, bad := range []string{"<script>alert(1)", "onerror", "javascript:"} {
		if strings.Contains(body, bad) {
			t.Errorf("plan page carries %q", bad)
		}
	}
	wantStatus(t, "too long", c.post("/toekomstplanning/bewerken", url.Values{"markdown": {strings.Repeat("a", 60000)}}), 400)
}

// TestExplanationInBothLanguages protects the framework page and the navigation.
func TestExplanationInBothLanguages(t *testing.T) {
	e := newEnv(t)
	nl, en := e.getPublic(t, "/wat-is-een-inclusieve-gemeente"), e.getPublic(t, "/wat-is-een-inclusieve-gemeente?lang=en")
	if !strings.Contains(nl, "Lokale Inclusie Agenda") || !strings.Contains(en, "Local Inclusion Agenda") || !strings.Contains(en, `lang="en"`) {
		t.Error("explanation missing in a language")
	}
	for _, link := range []string{`href="/bijeenkomsten"`, `href="/meedoen"`, `href="/wat-is-een-inclusieve-gemeente"`, `href="/toekomstplanning"`} {
		if !strings.Contains(nl, link) {
			t.Errorf("navigation lacks %s", link)
		}
	}
}

// TestColophonNamesSourcesAndLicences protects the colophon: the boundary
// attribution (also for the woonplaatsen and district names the search finds
// places by), the data and code licences, in both languages.
func TestColophonNamesSourcesAndLicences(t *testing.T) {
	e := newEnv(t)
	p := e.person(t)
	nl := p.get("/colofon")
	wantStatus(t, "colofon", nl, 200)
	for _, want := range []string{"Bron: CBS, Kadaster", "CC BY 4.0", "EUPL-1.2", "namen van de wijken van CBS en Kadaster", "Woonplaatsen in Nederland van het CBS"} {
		if !strings.Contains(nl.body, want) {
			t.Errorf("colophon lacks %q", want)
		}
	}
	if en := p.get("/colofon?lang=en"); !strings.Contains(en.body, "Sources and licences") {
		t.Error("no English colophon")
	}
}
