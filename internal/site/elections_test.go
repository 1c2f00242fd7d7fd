package site_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
)

const zwolleAssessment = `{"assessed_on":"2025-06-01","source":"LIA Zwolle","values":{
	"stage":{"value":4,"evidence":"https://example.org/lia-zwolle"},
	"route.1":{"value":2},"route.2":{"value":1},"route.3":{"value":2},"route.5":{"value":0}}}`

// TestElectionTextIsNationalAndLocal protects /verkiezingen: the national
// text in both languages, linked from the navigation and the municipality
// page; the local text adds the published state with its data date, the
// next open route steps and the sources; codes are canonical.
func TestElectionTextIsNationalAndLocal(t *testing.T) {
	e := newEnv(t)
	if _, err := e.svc.RecordAssessment(context.Background(), "test", "GM0193", []byte(zwolleAssessment)); err != nil {
		t.Fatal(err)
	}
	p := e.person(t)
	nl := p.get("/verkiezingen")
	wantStatus(t, "national", nl, 200)
	for _, want := range []string{"Lokale Inclusie Agenda", "Niets over ons zonder ons", "VN-verdrag Handicap", `href="/verkiezingen"`, `<option value="GM0193">Zwolle</option>`} {
		if !strings.Contains(nl.body, want) {
			t.Errorf("national text lacks %q", want)
		}
	}
	if en := e.getPublic(t, "/verkiezingen?lang=en"); !strings.Contains(en, "Nothing about us without us") || !strings.Contains(en, `lang="en"`) {
		t.Error("no English text")
	}
	if r := p.get("/verkiezingen?code=gm0193"); r.status != http.StatusSeeOther || r.header.Get("Location") != "/verkiezingen/GM0193" {
		t.Errorf("choose: %d %s", r.status, r.header.Get("Location"))
	}
	local := p.get("/verkiezingen/GM0193")
	wantStatus(t, "local", local, 200)
	for _, want := range []string{
		"Tekst voor verkiezingsprogramma&#39;s in Zwolle",
		"Stand van de gegevens: 1 juni 2025", "LIA Zwolle (1 juni 2025)", "LIA vastgesteld",
		"In Zwolle is stap 2 nog open: Organiseer ervaringsdeskundigheid (nu: gedeeltelijk).",
		"In Zwolle is stap 4 nog open: Bepaal de lokale koers (nu: onbekend).",
		"In Zwolle is stap 5 nog open: Kies focus (nu: afwezig).",
		"Ook nog open: stap 6, 7, 8, 9, 10, 11.",
		"https://example.org/lia-zwolle", `href="/verkiezingen/GM0193.md"`, "Niets over ons zonder ons",
	} {
		if !strings.Contains(local.body, want) {
			t.Errorf("local text lacks %q", want)
		}
	}
	if strings.Contains(local.body, "stap 1 nog open") || strings.Contains(local.body, "stap 3 nog open") {
		t.Error("a done step is listed as open")
	}
	if !strings.Contains(p.get("/gemeente/GM0193").body, `href="/verkiezingen/GM0193"`) {
		t.Error("municipality page does not link its text")
	}
	if en := e.getPublic(t, "/verkiezingen/GM0193?lang=en"); !strings.Contains(en, "In Zwolle step 2 is still open: Organise lived experience (now: partial).") {
		t.Errorf("no English local text")
	}
	for path, want := range map[string]string{
		"/verkiezingen/gm0193":    "/verkiezingen/GM0193",
		"/verkiezingen/GM0457":    "/verkiezingen/GM0363",
		"/verkiezingen/gm0193.md": "/verkiezingen/GM0193.md",
		"/verkiezingen/GM0457.md": "/verkiezingen/GM0363.md",
	} {
		if r := p.get(path); r.status != http.StatusMovedPermanently || r.header.Get("Location") != want {
			t.Errorf("%s: %d %s, want 301 %s", path, r.status, r.header.Get("Location"), want)
		}
	}
	for _, path := range []string{"/verkiezingen/GM9999", "/verkiezingen/zwolle", "/verkiezingen/GM9999.md"} {
		r := p.get(path)
		wantStatus(t, path, r, 404)
		if !strings.Contains(r.header.Get("Content-Type"), "text/html") {
			t.Errorf("%s: not a page", path)
		}
	}
	// A municipality without data says so and lists every step as open.
	if r := p.get("/verkiezingen/GM0363"); !strings.Contains(r.body, "Over Amsterdam zijn nog geen gegevens gepubliceerd") ||
		!strings.Contains(r.body, "In Amsterdam is stap 1 nog open") {
		t.Errorf("no-data text wrong: %.300s", r.body)
	}
}

// TestElectionTextAsMarkdown protects /verkiezingen/{code}.md: Markdown with
// the text, the data date, the open steps and the sources.
func TestElectionTextAsMarkdown(t *testing.T) {
	e := newEnv(t)
	if _, err := e.svc.RecordAssessment(context.Background(), "test", "GM0193", []byte(zwolleAssessment)); err != nil {
		t.Fatal(err)
	}
	r := e.person(t).get("/verkiezingen/GM0193.md")
	wantStatus(t, "markdown", r, 200)
	if ct := r.header.Get("Content-Type"); ct != "text/markdown; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	for _, want := range []string{
		"# Tekst voor verkiezingsprogramma's in Zwolle\n",
		"## Wat wij willen in onze gemeente\n\n1. **Een Lokale Inclusie Agenda die werkt**",
		"## Hoe staat Zwolle ervoor?\n",
		"- Stand van de gegevens: 1 juni 2025.",
		"- In Zwolle is stap 2 nog open: Organiseer ervaringsdeskundigheid (nu: gedeeltelijk).\n",
		"- LIA Zwolle (1 juni 2025)\n", "(1 juni 2025) <https://example.org/lia-zwolle>",
		"CC BY 4.0",
	} {
		if !strings.Contains(r.body, want) {
			t.Errorf("Markdown lacks %q:\n%s", want, r.body)
		}
	}
	if strings.Contains(r.body, "<a ") || strings.Contains(r.body, "<html") {
		t.Error("Markdown carries HTML")
	}
}
