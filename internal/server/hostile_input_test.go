package server_test

import (
	"encoding/json"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/inclusiekaart/inclusiekaart/internal/server"
)

// The routes of the HTTP contract (DESIGN.md) and of routes.go, with a
// municipality code where the path takes one. The OGC filter parameters
// (CQL2) have their own tests in internal/ogc.
var hostileRoutes = []string{
	"/", "/stakeholders", "/embed", "/healthz", "/readyz", "/metrics",
	"/api/config", "/api/framework", "/api/names", "/api/places", "/api/timeline", "/api/changes", "/api/changes.csv",
	"/api/municipalities", "/api/municipalities.geojson", "/api/municipalities.csv", "/api/provinces.geojson",
	"/api/map.svg", "/api/compare?codes={code},GM0344", "/api/assessments.csv", "/api/stakeholders", "/api/stakeholders/history",
	"/api/meetings.geojson", "/api/releases", "/releases", "/releases.atom", "/releases/v9/x.csv",
	"/api/municipalities/{code}", "/api/municipalities/{code}.csv", "/api/municipalities/{code}/peers",
	"/api/municipalities/{code}/assessment", "/api/municipalities/{code}/changes.atom", "/api/municipalities/{code}/stakeholders",
	"/api/municipalities/{code}/network",
	"/ogc", "/ogc/", "/ogc/api", "/ogc/conformance", "/ogc/collections", "/ogc/collections/municipalities",
	"/ogc/collections/municipalities/queryables", "/ogc/collections/municipalities/items", "/ogc/collections/provinces/items",
	"/ogc/collections/municipalities/items/{code}",
	"/gemeente/{code}", "/klopt-dit-niet/{code}", "/bijdragen", "/bijdragen/{code}", "/verkiezingen", "/verkiezingen/{code}",
	"/verkiezingen/{code}.md", "/inloggen", "/uitnodiging/abc", "/beheer", "/beheer/feed.atom", "/colofon", "/methode",
	"/toegankelijkheid", "/bijeenkomsten", "/bijeenkomsten.ics", "/bijeenkomsten.atom", "/bijeenkomsten/1", "/bijeenkomsten/1.ics",
	"/bijeenkomsten/afmelden/abc", "/meedoen", "/meedoen/opzeggen/abc", "/inclusiestage", "/inclusiestage/1",
	"/inclusiestage/reactie-verwijderen/abc", "/wat-is-een-inclusieve-gemeente", "/toekomstplanning",
	"/bijeenkomsten/{id}", "/bijeenkomsten/{id}.ics", "/inclusiestage/{id}", "/beheer/inzendingen/{id}", "/beheer/bijeenkomsten/{id}",
	"/beheer/bijeenkomsten/{id}/deelnemers.csv", "/inclusiestage/beheer/{id}", "/inclusiestage/beheer/{id}/reacties",
}

// hostileIDs are the numeric ids a path may carry: zero, leading zeros,
// beyond any integer, signs and other digits.
var hostileIDs = []string{"1", "0", "00001", "99999999999999999999", "-1", "%2B1", "1.0", "%D9%A1"}

// hostileCodes are spellings of a municipality code a path may carry: other
// cases and lengths, unknown, merged away, spaces, percent-encoding, NUL,
// invalid UTF-8, huge.
var hostileCodes = []string{
	"GM0363", "gm0363", "GM363", "0363", "GM9999", "GM0236", "gm0236", "GM0363%20", "%20GM0363", "GM%30363", "GM0363%00",
	"%FF", "%C0%AF", "GM0363;x", "GM-363", "Amsterdam", "GM0363%2F", "GM" + strings.Repeat("0", 3000),
}

// hostileQueries are added to every route without a code: values out of
// range, not numbers, malformed dates, repeated and empty parameters,
// unknown parameters, f= variants, NUL bytes, invalid UTF-8, very long.
var hostileQueries = []string{
	"year=abc", "year=-1", "year=0", "year=99999999999999999999", "year=", "year=2025&year=2025", "year=2019", "year=%EF%BC%92%EF%BC%90%EF%BC%92%EF%BC%95",
	"date=2025-13-01", "date=2025-02-30", "date=", "date=x", "date=1900-01-01", "date=9999-12-31", "since=2025-02-30", "until=-1", "datetime=2025-02-30",
	"lang=xx", "lang=", "lang=en&lang=nl", "f=xml", "f=", "f=json&f=html", "f=JSON", "f=%00",
	"x=%00", "x=%FF", "%FF=1", "%00=1", "q=%C0%AF", "unknown=1", "=1", "&&", "a", "limit=-1", "limit=0", "limit=99999999999999999999", "limit=1.5",
	"offset=-1", "offset=99999999999999999999", "zoom=-1", "zoom=99999999999999999999", "bbox=1,2,3", "bbox=", "bbox=NaN,1,2,3",
	"province=PV99", "province=pv27", "codes=", "codes=GM0363", "sel=GM9999", "sel=%00", "metric=x", "metric=", "dialect=x",
	"domain=x", "cursor=x", "cursor=%00", "next=//evil.example", "token=x", "stage=7", "basis=x", "code=x", "properties=x",
	"crs=x", "bbox-crs=x", "x=" + strings.Repeat("a", 8000), "x=" + strings.Repeat("%FF", 20000),
}

// hostileAccepts are Accept headers: unsupported types and garbage get the
// route's default representation or its error, never a 5xx.
var hostileAccepts = []string{"application/xml", "text/html", "*/*", "garbage;;q=x", "text/csv", "image/png", "application/json;q=0"}

// htmlText is the visible text of a page's main part.
func htmlText(body string) string {
	if i := strings.Index(body, "<main"); i >= 0 {
		body = body[i:]
		if j := strings.Index(body, "</main>"); j >= 0 {
			body = body[:j]
		}
	}
	return strings.Join(strings.Fields(regexp.MustCompile(`<[^>]*>`).ReplaceAllString(body, " ")), " ")
}

// checkHostileAnswer fails when r is a 5xx, an error without the contracted
// body (JSON {"error","code"} or an HTML page), a message that reads like Go
// or leaks an implementation detail, a 405 without Allow, a HEAD with a
// body, or an answer without a Content-Type.
func checkHostileAnswer(t *testing.T, method, u string, r response) {
	t.Helper()
	what := method + " " + u[:min(len(u), 160)]
	ct := r.header.Get("Content-Type")
	if r.status >= 500 {
		t.Errorf("%s: %d %.300s", what, r.status, r.body)
		return
	}
	if method == http.MethodHead && len(r.body) != 0 {
		t.Errorf("%s: HEAD answered with %d body bytes", what, len(r.body))
	}
	if r.status == http.StatusMethodNotAllowed {
		allow := r.header.Get("Allow")
		if allow == "" || slices.Contains(strings.Split(allow, ", "), method) {
			t.Errorf("%s: 405 with Allow %q", what, allow)
		}
	}
	if r.status < 400 {
		// mux's own redirect to a cleaned path (".../GM0363%2F/...") has no body.
		if ct == "" && method != http.MethodHead && r.status != http.StatusNotModified && len(r.body) > 0 {
			t.Errorf("%s: %d without Content-Type", what, r.status)
		}
		return
	}
	if method == http.MethodHead {
		return
	}
	var msg string
	switch {
	case strings.HasPrefix(ct, "application/json"):
		var e struct{ Error, Code string }
		if err := json.Unmarshal(r.body, &e); err != nil || e.Error == "" || e.Code == "" {
			t.Errorf("%s: %d not a JSON error: %.300s", what, r.status, r.body)
			return
		}
		msg = e.Error
	case strings.HasPrefix(ct, "text/html"):
		if !strings.Contains(string(r.body), "<html") {
			t.Errorf("%s: %d text/html that is not a page: %.300s", what, r.status, r.body)
		}
		msg = htmlText(string(r.body))
	default:
		t.Errorf("%s: %d error as %q: %.300s", what, r.status, ct, r.body)
		return
	}
	if goLike.MatchString(msg) || implementationLeak.MatchString(msg) || strings.Contains(msg, "strconv.") || strings.Contains(msg, "invalid character") {
		t.Errorf("%s: %d message reads like Go: %.300s", what, r.status, msg)
	}
	if len(msg) > 2000 {
		t.Errorf("%s: %d message of %d bytes echoes the input unclipped", what, r.status, len(msg))
	}
}

// TestNoRouteAnswers5xxToHostileInput sends every route of the contract
// unusual-but-valid and invalid input (code spellings, parameters, methods,
// Accept headers, trailing slashes) through the real router and checks each
// answer is a contracted one: never a 5xx, errors as JSON (API) or a page
// (site) with a plain-language message, 405 with Allow.
func TestNoRouteAnswers5xxToHostileInput(t *testing.T) {
	ts, _ := newServer(t, server.Config{})
	n := 0
	check := func(method, u string, headers ...string) {
		t.Helper()
		n++
		checkHostileAnswer(t, method, u, do(t, method, ts.URL+u, nil, headers...))
	}
	for _, route := range hostileRoutes {
		plain := strings.ReplaceAll(strings.ReplaceAll(route, "{code}", "GM0363"), "{id}", "1")
		if strings.Contains(route, "{id}") {
			for _, id := range hostileIDs {
				check(http.MethodGet, strings.ReplaceAll(route, "{id}", id))
				check(http.MethodPost, strings.ReplaceAll(route, "{id}", id))
			}
		}
		if !strings.Contains(route, "{code}") || strings.Contains(route, "?") {
			for _, q := range hostileQueries {
				sep := "?"
				if strings.Contains(plain, "?") {
					sep = "&"
				}
				check(http.MethodGet, plain+sep+q)
			}
		}
		if strings.Contains(route, "{code}") {
			for _, c := range hostileCodes {
				check(http.MethodGet, strings.ReplaceAll(route, "{code}", c))
			}
		}
		for _, m := range []string{http.MethodHead, http.MethodOptions, http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodPatch, "TRACE"} {
			check(m, plain)
		}
		for _, a := range hostileAccepts {
			check(http.MethodGet, plain, "Accept", a)
		}
		check(http.MethodGet, plain, "If-None-Match", `garbage, W/"`)
		check(http.MethodGet, plain, "Accept-Encoding", "gzip;q=0, br, *;q=0")
		check(http.MethodGet, plain, "Accept-Language", strings.Repeat("x", 4000))
		if !strings.Contains(plain, "?") {
			check(http.MethodGet, plain+"/")
			check(http.MethodGet, plain+"//")
			check(http.MethodGet, plain+"/", "Accept", "text/html")
		}
	}
	t.Logf("%d (route, input) cases", n)
}

// TestCodeSpellingsOnEveryCodeRoute: each way of writing a code gets the
// same kind of answer on every route of the API that takes one — a lower-case
// code is served, a malformed one is a 400 naming the code, an unknown one a
// 404 naming it, a merged one a 301 to its successor — and the site's pages
// of a code redirect to the one canonical spelling.
func TestCodeSpellingsOnEveryCodeRoute(t *testing.T) {
	ts, _ := newServer(t, server.Config{})
	api := []string{"/api/municipalities/%s", "/api/municipalities/%s.csv", "/api/municipalities/%s/peers",
		"/api/municipalities/%s/stakeholders", "/api/municipalities/%s/network", "/api/municipalities/%s/changes.atom"}
	for _, p := range api {
		at := func(code string) string { return strings.Replace(p, "%s", code, 1) }
		for _, c := range []string{"GM0363", "gm0363", "Gm0363"} {
			if r := get(t, ts.URL+at(c)); r.status != 200 {
				t.Errorf("%s: %d %.200s", at(c), r.status, r.body)
			}
		}
		for _, c := range []string{"GM363", "0363", "GM03630", "GM-363", "Amsterdam", "GM0363%00", "%FF", "GM0363;x"} {
			wantJSONError(t, at(c), get(t, ts.URL+at(c)), 400, "bad_request", "code")
		}
		wantJSONError(t, at("GM9999"), get(t, ts.URL+at("GM9999")), 404, "not_found", "GM9999")
		if p != "/api/municipalities/%s/changes.atom" { // a merged code keeps its feed of changes
			r := get(t, ts.URL+at("gm0236"))
			if r.status != 301 || r.header.Get("Location") != at("GM1960") {
				t.Errorf("%s: %d Location %q, want 301 %s", at("gm0236"), r.status, r.header.Get("Location"), at("GM1960"))
			}
		}
	}
	for _, p := range []string{"/gemeente/", "/klopt-dit-niet/", "/verkiezingen/"} {
		for _, c := range []string{"gm0363", "GM0363%20", "%20GM0363"} {
			r := get(t, ts.URL+p+c)
			if r.status != 301 || r.header.Get("Location") != p+"GM0363" {
				t.Errorf("%s%s: %d Location %q, want 301 %sGM0363", p, c, r.status, r.header.Get("Location"), p)
			}
		}
		r := get(t, ts.URL+p+"GM0236")
		if r.status != 301 || r.header.Get("Location") != p+"GM1960" {
			t.Errorf("%sGM0236: %d Location %q, want 301 %sGM1960", p, r.status, r.header.Get("Location"), p)
		}
		for c, mention := range map[string]string{"GM363": "GM363", "GM9999": "GM9999", "GM0363%00": "GM0363", "%FF": "code", "GM" + strings.Repeat("0", 3000): "GM000"} {
			r := get(t, ts.URL+p+c)
			text := htmlText(string(r.body))
			if r.status != 404 || !strings.HasPrefix(r.header.Get("Content-Type"), "text/html") || !strings.Contains(text, mention) || len(text) > 1000 {
				t.Errorf("%s%.20s: %d %q, want a 404 page naming %q: %.300s", p, c, r.status, r.header.Get("Content-Type"), mention, text)
			}
		}
	}
}

// TestTrailingSlashReachesThePage: a page's address with a trailing slash
// leads to the page (301, query kept); on the API the 404 names the path
// that answers.
func TestTrailingSlashReachesThePage(t *testing.T) {
	ts, _ := newServer(t, server.Config{})
	for from, to := range map[string]string{
		"/gemeente/GM0363/":        "/gemeente/GM0363",
		"/methode/?lang=en":        "/methode?lang=en",
		"/stakeholders/":           "/stakeholders",
		"/embed/?metric=stage":     "/embed?metric=stage",
		"/verkiezingen/GM0363.md/": "/verkiezingen/GM0363.md",
	} {
		r := get(t, ts.URL+from)
		if r.status != 301 || r.header.Get("Location") != to {
			t.Errorf("%s: %d Location %q, want 301 %s", from, r.status, r.header.Get("Location"), to)
		}
	}
	wantJSONError(t, "API with a slash", get(t, ts.URL+"/api/municipalities/GM0363/"), 404, "not_found", "/api/municipalities/GM0363")
	wantJSONError(t, "no page either way", get(t, ts.URL+"/gemeentes/"), 404, "not_found")
	if r := do(t, http.MethodPost, ts.URL+"/inloggen/", nil); r.status == 301 {
		t.Errorf("POST with a trailing slash redirected: a form's body would be lost")
	}
}

// TestUnknownPathGivesBrowsersAPage: a browser that follows a wrong link
// outside the API gets the site's 404 page, in its language; API clients
// get the JSON error.
func TestUnknownPathGivesBrowsersAPage(t *testing.T) {
	ts, _ := newServer(t, server.Config{})
	browser := "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
	r := get(t, ts.URL+"/gemeentes/amsterdam?lang=en", "Accept", browser)
	if r.status != 404 || !strings.HasPrefix(r.header.Get("Content-Type"), "text/html") || !strings.Contains(string(r.body), `lang="en"`) {
		t.Errorf("browser on an unknown page: %d %q %.200s", r.status, r.header.Get("Content-Type"), r.body)
	}
	wantJSONError(t, "API path from a browser", get(t, ts.URL+"/api/nope", "Accept", browser), 404, "not_found")
	wantJSONError(t, "unknown page without Accept", get(t, ts.URL+"/gemeentes"), 404, "not_found")
}

// TestOutOfRangeNumbersAnswerWithTheRange: a number too large for any
// integer is treated as what it is — too large — rather than "not a number".
func TestOutOfRangeNumbersAnswerWithTheRange(t *testing.T) {
	ts, _ := newServer(t, server.Config{})
	wantJSONError(t, "huge zoom", get(t, ts.URL+"/api/municipalities.geojson?zoom=99999999999999999999"), 400, "bad_request", "zoom", "between 0 and")
	if r := get(t, ts.URL+"/api/municipalities/GM0363?limit=99999999999999999999"); r.status != 200 {
		t.Errorf("huge history limit: %d %.200s, want it clamped", r.status, r.body)
	}
	wantJSONError(t, "short OGC bbox", get(t, ts.URL+"/ogc/collections/municipalities/items?bbox=1,2,3"), 400, "bad_request", "bbox", `"1,2,3"`)
	// An id beyond any record is no page, not the largest int64 "not found".
	for _, p := range []string{"/inclusiestage/99999999999999999999", "/bijeenkomsten/99999999999999999999", "/beheer/inzendingen/99999999999999999999"} {
		r := get(t, ts.URL+p)
		if r.status != 404 || strings.Contains(string(r.body), "9223372036854775807") {
			t.Errorf("%s: %d %.200s", p, r.status, r.body)
		}
	}
}

// TestParameterMistakesSayWhatIsWrong: a parameter that is well-formed in
// parts but wrong as a whole is refused with what is wrong with it, not
// with a description of the format it already has.
func TestParameterMistakesSayWhatIsWrong(t *testing.T) {
	ts, _ := newServer(t, server.Config{})
	cases := []struct{ path, param, mention string }{
		{"/api/compare?codes=GM0363,GM0344,", "codes", "empty place"},
		{"/api/compare?codes=GM0363,,GM0344", "codes", "empty place"},
		{"/api/map.svg?lang=xx", "lang", `not "xx"`},
		{"/api/map.svg?lang=en&lang=nl", "lang", "2 times"},
		{"/ogc/collections/municipalities/items?datetime=2025-02-28/2025-01-01", "datetime", "the start 2025-02-28 is after the end 2025-01-01"},
		{"/ogc/collections/municipalities/items?datetime=../..", "datetime", "open at both ends"},
	}
	for _, c := range cases {
		wantJSONError(t, c.path, get(t, ts.URL+c.path), 400, "bad_request", "parameter "+c.param, c.mention)
	}
}
