package site_test

import (
	"context"
	"os"
	"strings"
	"testing"
)

// TestMunicipalityPageWorksWithoutJavaScript protects /gemeente/{code}: one
// canonical URL (other spellings and merged codes redirect), the state,
// every indicator, history, peers, sources and a citation with the data
// date, rendered on the server.
func TestMunicipalityPageWorksWithoutJavaScript(t *testing.T) {
	e := newEnv(t)
	p := e.person(t)
	r := p.get("/gemeente/GM0193")
	wantStatus(t, "page", r, 200)
	for _, want := range []string{"<h1>Zwolle</h1>", `id="fact-stage"`, `id="indicators"`, "Fase van de lokale inclusieagenda", "Gemeenten om van te leren",
		"Zo verwijst u naar deze pagina", "/gemeente/GM0193 (CC BY 4.0)", `rel="canonical"`, `/klopt-dit-niet/GM0193`, "<svg class=\"outline\""} {
		if !strings.Contains(r.body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	// The page needs no script: the one script only adds the copy button of the citation.
	if n := strings.Count(r.body, "<script"); n != 1 || !strings.Contains(r.body, `<script type="module" src="/cite.js"></script>`) {
		t.Errorf("%d scripts; want only the citation's copy button", n)
	}
	if en := p.get("/gemeente/GM0193?lang=en"); !strings.Contains(en.body, "Every indicator") || !strings.Contains(en.body, `lang="en"`) {
		t.Error("no English")
	}
	if r := p.get("/gemeente/gm0193"); r.status != 301 || r.header.Get("Location") != "/gemeente/GM0193" {
		t.Errorf("lower case: %d %s", r.status, r.header.Get("Location"))
	}
	if r := p.get("/gemeente/GM0457"); r.status != 301 || r.header.Get("Location") != "/gemeente/GM0363" {
		t.Errorf("merged code: %d %s", r.status, r.header.Get("Location"))
	}
	wantStatus(t, "unknown", p.get("/gemeente/GM9999"), 404)
	wantStatus(t, "not a code", p.get("/gemeente/zwolle"), 404)
}

// TestDutchSourceTextIsMarkedDutchOnTheEnglishPage protects WCAG 3.1.2
// (language of parts): on the English municipality page the summaries of
// the public record, which are Dutch, carry lang="nl" so a screen reader
// reads them as Dutch.
func TestDutchSourceTextIsMarkedDutchOnTheEnglishPage(t *testing.T) {
	e := newEnv(t)
	f, err := os.Open("../../data/public-record.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := e.svc.ImportRecord(context.Background(), f, "public-record.csv", "test"); err != nil {
		t.Fatal(err)
	}
	r := e.person(t).get("/gemeente/GM0193?lang=en")
	wantStatus(t, "page", r, 200)
	notes := strings.Count(r.body, `<span class="muted"`)
	if notes == 0 {
		t.Fatal("no indicator notes on the page (Zwolle has public-record values)")
	}
	if marked := strings.Count(r.body, `<span class="muted" lang="nl">`); marked != notes {
		t.Errorf("%d of %d indicator notes carry lang=\"nl\"", marked, notes)
	}
}
