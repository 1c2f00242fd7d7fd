package site_test

import (
	"bytes"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/inclusiekaart/inclusiekaart/internal/atlas"
	"github.com/inclusiekaart/inclusiekaart/internal/scoring"
	"github.com/inclusiekaart/inclusiekaart/internal/server"
	"github.com/inclusiekaart/inclusiekaart/internal/testutil"
)

// envWithFramework runs the service over the 2025 boundaries with the
// framework fw and the server configuration cfg.
func envWithFramework(t *testing.T, fw *scoring.Framework, cfg server.Config) *env {
	t.Helper()
	st, _ := testutil.Store2025(t)
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	svc, err := atlas.New(st, atlas.Config{Log: quiet, Framework: fw})
	if err != nil {
		t.Fatal(err)
	}
	srv, err := server.New(svc, quiet, cfg)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return &env{ts: ts, svc: svc, st: st}
}

// TestMethodologyPageFollowsTheFramework protects /methode: its weights,
// threshold, labels and version come from the framework in use, so a change
// of data/framework.json shows on the page without touching the page.
func TestMethodologyPageFollowsTheFramework(t *testing.T) {
	b, err := os.ReadFile("../../data/framework.json")
	if err != nil {
		t.Fatal(err)
	}
	shipped, err := scoring.Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	changed := bytes.Replace(b, []byte(`"weight": 0.25,
      "counts_for_completeness": true,
      "source": "vng_lia_2019"`), []byte(`"weight": 0.35,
      "counts_for_completeness": true,
      "source": "vng_lia_2019"`), 1) // the route part: 0.25 → 0.35
	changed = bytes.Replace(changed, []byte(`"completeness_threshold": 0.5`), []byte(`"completeness_threshold": 0.75`), 1)
	changed = bytes.Replace(changed, []byte(`"version": "2025.1"`), []byte(`"version": "2099.9"`), 1)
	changed = bytes.Replace(changed, []byte(`"nl": "Gemonitord en bijgesteld"`), []byte(`"nl": "Gevolgd en verbeterd"`), 1)
	if bytes.Equal(changed, b) {
		t.Fatal("the test's edits no longer match data/framework.json")
	}
	edited, err := scoring.Parse(changed)
	if err != nil {
		t.Fatal(err)
	}

	page := newEnv(t).getPublic(t, "/methode")
	for _, want := range []string{"<h1>Methode: zo werkt de score</h1>", "versie " + shipped.Version, `<tr data-part="route"><th scope="row">Routekaart (11 stappen)</th><td class="weight">25 %</td>`,
		"minstens 50 % van de vragen een antwoord heeft: 12 van de 23", "Gemonitord en bijgesteld", "<code>domain.public_services</code>",
		"<h3>For councillors, in short</h3>", `<table class="table">`, `href="/api/framework"`} {
		if !strings.Contains(page, want) {
			t.Errorf("/methode lacks %q", want)
		}
	}
	if strings.Contains(page, "How the Inclusiekaart score works") {
		t.Error("the document's own title is on the page under the page's title")
	}
	if strings.Contains(page, `../data/framework.json"`) {
		t.Error("a link that only works inside the repository is on the page")
	}

	page = envWithFramework(t, edited, server.Config{}).getPublic(t, "/methode")
	// Route 0.35 of a total 1.1: 31.8 %; the threshold 75 %: 18 of 23.
	for _, want := range []string{"versie 2099.9", `<td class="weight">31.8 %</td>`, "minstens 75 % van de vragen een antwoord heeft: 18 van de 23", "Gevolgd en verbeterd"} {
		if !strings.Contains(page, want) {
			t.Errorf("after the framework changed, /methode lacks %q", want)
		}
	}
	for _, gone := range []string{"versie 2025.1", "Gemonitord en bijgesteld", "50 % van de vragen"} {
		if strings.Contains(page, gone) {
			t.Errorf("after the framework changed, /methode still shows %q", gone)
		}
	}
	if en := newEnv(t).getPublic(t, "/methode?lang=en"); !strings.Contains(en, "<h1>Method: how the score works</h1>") || !strings.Contains(en, "Monitored and adjusted") {
		t.Error("/methode?lang=en is not in English")
	}
}

// TestAccessibilityStatementClaimsNoMoreThanTested protects
// /toegankelijkheid: the sections of the government model, the status
// "voldoet gedeeltelijk" (never "voldoet volledig"), how it was tested,
// known problems, the contact route and the date.
func TestAccessibilityStatementClaimsNoMoreThanTested(t *testing.T) {
	e := envWithFramework(t, nil, server.Config{CorrectionsMailto: "toegankelijkheid@example.nl"})
	page := e.getPublic(t, "/toegankelijkheid")
	for _, want := range []string{"<h1>Toegankelijkheidsverklaring</h1>", "WCAG 2.2 niveau AA", "voldoet gedeeltelijk", "axe-core", "toetsenbord", "320 pixels",
		`id="a11y-known"`, `href="mailto:toegankelijkheid@example.nl?subject=Toegankelijkheid%20Inclusiekaart"`, `<time datetime="2026-12-03">3 december 2026</time>`} {
		if !strings.Contains(page, want) {
			t.Errorf("/toegankelijkheid lacks %q", want)
		}
	}
	if strings.Contains(strings.ToLower(page), "voldoet volledig") {
		t.Error("the statement claims full compliance")
	}
	if en := e.getPublic(t, "/toegankelijkheid?lang=en"); !strings.Contains(en, "partially complies") || !strings.Contains(en, "3 December 2026") {
		t.Error("no English statement")
	}
	if page := newEnv(t).getPublic(t, "/toegankelijkheid"); !strings.Contains(page, "Klopt dit niet?") {
		t.Error("without a contact address the statement gives no route to report a problem")
	}
}

// TestMunicipalityCitationNamesDataDateAndVersion protects the "cite this"
// text of /gemeente/{code}: the date of the newest source and the newest
// dataset release as its version (none when there is no release).
func TestMunicipalityCitationNamesDataDateAndVersion(t *testing.T) {
	dir := t.TempDir()
	e := envWithFramework(t, nil, server.Config{Releases: dir})
	if _, err := e.svc.RecordAssessment(t.Context(), "test", "GM0193", []byte(`{"assessed_on":"2026-06-01","source":"LIA document","values":{"stage":{"value":4,"evidence":"https://example.org/lia"}}}`)); err != nil {
		t.Fatal(err)
	}
	page := e.getPublic(t, "/gemeente/GM0193")
	if !strings.Contains(page, "Gegevens tot en met ") || !strings.Contains(page, "/gemeente/GM0193 (CC BY 4.0).") {
		t.Fatalf("citation: %s", between(page, `id="citation">`, "</p>"))
	}
	if strings.Contains(page, "datasetversie") {
		t.Errorf("without a release the citation names a dataset version: %s", between(page, `id="citation">`, "</p>"))
	}
	if _, err := e.svc.Release(t.Context(), dir, atlas.ReleaseOptions{Version: "2026-11-01"}); err != nil {
		t.Fatal(err)
	}
	page = e.getPublic(t, "/gemeente/GM0193")
	if !strings.Contains(page, "datasetversie 2026-11-01.") {
		t.Errorf("the newest release is not the version: %s", between(page, `id="citation">`, "</p>"))
	}
	if en := e.getPublic(t, "/gemeente/GM0193?lang=en"); !strings.Contains(en, "dataset version 2026-11-01") || !strings.Contains(en, ">Copy citation</button>") {
		t.Error("English citation")
	}
}

func between(s, from, to string) string {
	i := strings.Index(s, from)
	if i < 0 {
		return ""
	}
	s = s[i+len(from):]
	if j := strings.Index(s, to); j >= 0 {
		return s[:j]
	}
	return s
}

// TestFrameworkPageExplainsStagesRouteAndKoplopers protects the plain-Dutch
// framework page: the six stages and the 11 route steps come from the
// framework, and it says what a koploper is.
func TestFrameworkPageExplainsStagesRouteAndKoplopers(t *testing.T) {
	page := newEnv(t).getPublic(t, "/wat-is-een-inclusieve-gemeente")
	for _, want := range []string{`<li value="1">Niet gestart</li>`, `<li value="6">Gemonitord en bijgesteld</li>`, "<li>Zet het thema op de agenda</li>",
		"Wat is een koploper?", "Lokale Inclusie Agenda", "ervaringsdeskundigen", `href="/methode"`} {
		if !strings.Contains(page, want) {
			t.Errorf("framework page lacks %q", want)
		}
	}
	if n := strings.Count(between(page, `<ol class="route-steps">`, "</ol>"), "<li>"); n != 11 {
		t.Errorf("%d route steps, want 11", n)
	}
}

// TestPagesPrintTheirAddressAndDate protects the line printed under every
// page: the page's own absolute address (from --public-url when set) and
// the date in words.
func TestPagesPrintTheirAddressAndDate(t *testing.T) {
	e := envWithFramework(t, nil, server.Config{PublicURL: "https://kaart.example"})
	for _, path := range []string{"/colofon", "/methode?lang=en", "/toegankelijkheid", "/bijeenkomsten", "/releases", "/ogc?f=html", "/gemeente/GM0193"} {
		page := e.getPublic(t, path)
		line := between(page, `print-meta">`, "</p>")
		if !strings.Contains(line, "https://kaart.example"+strings.ReplaceAll(path, "&", "&amp;")) {
			t.Errorf("%s prints %q", path, line)
		}
		if !regexp.MustCompile(`\d{1,2} (januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|January|February|March|April|May|June|July|August|September|October|November|December) 20\d\d`).MatchString(line) {
			t.Errorf("%s prints no date in words: %q", path, line)
		}
	}
}
