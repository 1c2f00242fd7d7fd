package server_test

import (
	"bytes"
	"encoding/csv"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/inclusiekaart/inclusiekaart/internal/server"
)

// csvRoutes are every CSV download of the JSON API.
var csvRoutes = []string{"/api/municipalities.csv", "/api/municipalities.csv?province=PV26", "/api/municipalities/GM0344.csv", "/api/assessments.csv"}

// readDialect parses a CSV body with the separator comma.
func readDialect(t *testing.T, what string, body []byte, comma rune) [][]string {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(body))
	r.Comma = comma
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%s: %v\n%.300s", what, err, body)
	}
	return rows
}

var decimalPoint = regexp.MustCompile(`^-?[0-9]+\.[0-9]+$`)

// TestEveryCSVRouteSpeaksBothDialects: the standard dialect is UTF-8
// without BOM, comma, a header row and a decimal point; ?dialect=excel-nl
// is the same table with a BOM, semicolons and a decimal comma, read back
// with encoding/csv (Comma ';') to the same cells.
func TestEveryCSVRouteSpeaksBothDialects(t *testing.T) {
	ts, _, tok := editServer(t, true)
	if status, _ := put(t, ts.URL+"/api/municipalities/GM0344/assessment", tok,
		`{"assessed_on":"2025-10-01","source":"LIA Utrecht","values":{"stage":{"value":4,"evidence":"https://www.utrecht.nl/lia"},"domain.work":{"value":2}}}`); status != 201 && status != 200 {
		t.Fatalf("PUT: %d", status)
	}
	for _, route := range csvRoutes {
		std := get(t, ts.URL+route)
		if std.status != 200 || !strings.HasPrefix(std.header.Get("Content-Type"), "text/csv") {
			t.Fatalf("%s: %d %s", route, std.status, std.header.Get("Content-Type"))
		}
		if bytes.HasPrefix(std.body, []byte("\ufeff")) {
			t.Errorf("%s: the standard dialect starts with a BOM", route)
		}
		want := readDialect(t, route, std.body, ',')
		if len(want) < 2 {
			t.Fatalf("%s: %d rows", route, len(want))
		}
		decimals := 0
		for _, row := range want[1:] {
			for _, c := range row {
				if decimalPoint.MatchString(c) {
					decimals++
				}
			}
		}
		if strings.Contains(route, "municipalities") && decimals == 0 {
			t.Errorf("%s: no decimal number to convert; the test would prove nothing", route)
		}

		sep := strings.Index(route, "?")
		nlURL := ts.URL + route + "?dialect=excel-nl"
		if sep >= 0 {
			nlURL = ts.URL + route + "&dialect=excel-nl"
		}
		nl := get(t, nlURL)
		if nl.status != 200 {
			t.Fatalf("%s excel-nl: %d %s", route, nl.status, nl.body)
		}
		if !bytes.HasPrefix(nl.body, []byte("\ufeff")) {
			t.Errorf("%s excel-nl: no byte-order mark", route)
		}
		if d := nl.header.Get("Content-Disposition"); !strings.Contains(d, `-excel-nl.csv"`) {
			t.Errorf("%s excel-nl: Content-Disposition %q", route, d)
		}
		got := readDialect(t, route+" excel-nl", bytes.TrimPrefix(nl.body, []byte("\ufeff")), ';')
		if len(got) != len(want) {
			t.Fatalf("%s excel-nl: %d rows, want %d", route, len(got), len(want))
		}
		for i := range want {
			for j := range want[i] {
				w := want[i][j]
				if i > 0 && decimalPoint.MatchString(w) {
					w = strings.Replace(w, ".", ",", 1)
				}
				if got[i][j] != w {
					t.Errorf("%s excel-nl row %d col %s: %q, want %q", route, i, want[0][j], got[i][j], w)
				}
			}
		}
	}
}

// TestUnknownCSVDialectIsABadRequestNamingTheParameter.
func TestUnknownCSVDialectIsABadRequestNamingTheParameter(t *testing.T) {
	ts, _ := newServer(t, server.Config{})
	for _, route := range csvRoutes {
		u := ts.URL + route
		if strings.Contains(u, "?") {
			u += "&dialect=excel"
		} else {
			u += "?dialect=excel"
		}
		wantJSONError(t, route, get(t, u), 400, "bad_request", "dialect", "excel-nl")
	}
	wantJSONError(t, "twice", get(t, ts.URL+"/api/municipalities.csv?dialect=excel-nl&dialect=standard"), 400, "bad_request", "dialect")
}

// TestEveryCSVCarriesDemoBasisLicenceAndAttributionWithoutDuplicateColumns:
// the list, one municipality (which once had stage twice) and the
// assessments each name every column once and carry the demo flag, the
// basis, the licence and the attribution on every row.
func TestEveryCSVCarriesDemoBasisLicenceAndAttributionWithoutDuplicateColumns(t *testing.T) {
	ts, _, tok := editServer(t, true)
	put(t, ts.URL+"/api/municipalities/GM0363/assessment", tok, `{"assessed_on":"2025-10-01","source":"LIA","values":{"stage":{"value":3,"evidence":"https://www.amsterdam.nl/lia"}}}`)
	for _, route := range csvRoutes {
		rows := readDialect(t, route, get(t, ts.URL+route).body, ',')
		header := rows[0]
		seen := map[string]bool{}
		for _, h := range header {
			if seen[h] {
				t.Errorf("%s: column %q twice", route, h)
			}
			seen[h] = true
		}
		for _, c := range []string{"demo", "basis", "license", "attribution"} {
			i := slices.Index(header, c)
			if i < 0 {
				t.Errorf("%s: no %s column in %v", route, c, header)
				continue
			}
			for _, row := range rows[1:] {
				if c != "basis" && row[i] == "" {
					t.Errorf("%s: row %s has an empty %s", route, row[0], c)
				}
			}
		}
	}
	one := readDialect(t, "GM0363", get(t, ts.URL+"/api/municipalities/GM0363.csv").body, ',')
	if i := slices.Index(one[0], "stage.evidence"); i < 0 || one[1][i] != "https://www.amsterdam.nl/lia" {
		t.Errorf("GM0363.csv: stage.evidence missing or wrong: %v", one)
	}
	if i := slices.Index(one[0], "stage"); i < 0 || one[1][i] != "3" {
		t.Errorf("GM0363.csv: stage %v", one)
	}
}

// TestMergedCodeCSVMovesToItsSuccessor: GM0236 (Geldermalsen) → GM1960.
func TestMergedCodeCSVMovesToItsSuccessor(t *testing.T) {
	ts, _ := newServer(t, server.Config{})
	r := get(t, ts.URL+"/api/municipalities/GM0236.csv?dialect=excel-nl")
	if r.status != 301 || r.header.Get("Location") != "/api/municipalities/GM1960.csv?dialect=excel-nl" {
		t.Errorf("got %d Location %q", r.status, r.header.Get("Location"))
	}
}
