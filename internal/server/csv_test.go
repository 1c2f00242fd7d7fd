package server_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"net/http"
	"strings"
	"testing"

	"github.com/inclusiekaart/inclusiekaart/internal/assessment"
	"github.com/inclusiekaart/inclusiekaart/internal/atlas"
	"github.com/inclusiekaart/inclusiekaart/internal/scoring"
	"github.com/inclusiekaart/inclusiekaart/internal/server"
	"github.com/inclusiekaart/inclusiekaart/internal/testutil"
)

func TestAssessmentsCSVRoundTrip(t *testing.T) {
	ts, st, tok := editServer(t, false)
	for _, code := range []string{"GM0344", "GM0363", "GM0014"} {
		if status, _ := put(t, ts.URL+"/api/municipalities/"+code+"/assessment", tok, goodBody); status != 201 {
			t.Fatalf("PUT %s: %d", code, status)
		}
	}
	first := get(t, ts.URL+"/api/assessments.csv")
	if first.status != 200 || !strings.HasPrefix(first.header.Get("Content-Type"), "text/csv") {
		t.Fatalf("assessments.csv: %d %s", first.status, first.header.Get("Content-Type"))
	}
	fw, _ := scoring.Default()
	as, err := assessment.ReadCSV(bytes.NewReader(first.body), fw, fixedNow())
	if err != nil || len(as) != 3 {
		t.Fatalf("re-read: %d rows, %v", len(as), err)
	}
	if _, err := st.AddAssessments(context.Background(), as, "test import"); err != nil {
		t.Fatal(err)
	}
	second := get(t, ts.URL+"/api/assessments.csv")
	if !bytes.Equal(first.body, second.body) {
		t.Errorf("export → import → export differs:\n%s\n---\n%s", first.body, second.body)
	}
}

// TestAssessmentsCSVRoundTripOverHTTP: every kind of text survives
// GET /api/assessments.csv → import → GET byte for byte.
func TestAssessmentsCSVRoundTripOverHTTP(t *testing.T) {
	ts, st, tok := editServer(t, false)
	bodies := map[string]string{
		"GM0344": `{"assessed_on":"2026-10-01","source":"LIA, \"concept\"","assessor":"Jansen, P.","values":{"stage":{"value":4,"evidence":"https://example.org/a.pdf?x=1&y=2","note":"regel 1\nregel 2, met komma"},"domain.work":{"value":0},"lived_experience":{"value":3,"note":"Súdwest-Fryslân ✓ 🙂"}}}`,
		"GM0363": `{"assessed_on":"2026-09-30","source":"  spaties  ","values":{"route.11":{"value":2,"evidence":"https://example.org/r"}}}`,
		"GM0014": `{"assessed_on":"2026-09-01","source":"SUM = A1","values":{"stage":{"value":1,"note":"\"quoted\""}}}`,
	}
	for code, b := range bodies {
		if status, body, err := putFrom(http.DefaultClient, ts.URL+"/api/municipalities/"+code+"/assessment", tok, b); err != nil || status != 201 {
			t.Fatalf("PUT %s: %d %v %s", code, status, err, body)
		}
	}
	first := get(t, ts.URL+"/api/assessments.csv")
	fw, _ := scoring.Default()
	as, err := assessment.ReadCSV(bytes.NewReader(first.body), fw, fixedNow())
	if err != nil || len(as) != 3 {
		t.Fatalf("re-read: %d rows, %v\n%s", len(as), err, first.body)
	}
	fresh, _ := testutil.Store2025(t)
	if _, err := fresh.AddAssessments(context.Background(), as, "test import"); err != nil {
		t.Fatal(err)
	}
	ts2 := serve(t, fresh, atlas.Config{Now: fixedNow}, server.Config{})
	second := get(t, ts2.URL+"/api/assessments.csv")
	if !bytes.Equal(first.body, second.body) {
		t.Errorf("export → import → export differs:\n%s\n---\n%s", first.body, second.body)
	}
	if countRows(t, st, "assessments") != 3 {
		t.Error("the export changed the store")
	}
}

func TestAssessmentsCSVFormulaInjection(t *testing.T) {
	ts, _, tok := editServer(t, false)
	body := `{"assessed_on":"2026-09-01","source":"=HYPERLINK(\"http://evil.example\",\"klik\")","assessor":"@cmd","values":{"stage":{"value":1,"note":"+1+1"}}}`
	status, _, err := putFrom(http.DefaultClient, ts.URL+"/api/municipalities/GM0014/assessment", tok, body)
	if err != nil {
		t.Fatal(err)
	}
	if status == 400 {
		return // refused: fine
	}
	r := get(t, ts.URL+"/api/assessments.csv")
	for _, cell := range []string{",\"=HYPERLINK", ",@cmd", ",+1+1"} {
		if bytes.Contains(r.body, []byte(cell)) {
			t.Errorf("export carries a live formula cell %q", cell)
		}
	}
}

func readCSV(t *testing.T, r response) [][]string {
	t.Helper()
	if r.status != 200 || r.header.Get("Content-Type") != "text/csv; charset=utf-8" {
		t.Fatalf("csv: %d %s %s", r.status, r.header.Get("Content-Type"), r.body)
	}
	if bytes.HasPrefix(r.body, []byte("\ufeff")) {
		t.Error("CSV starts with a byte-order mark: the first column would not be named code")
	}
	rows, err := csv.NewReader(bytes.NewReader(r.body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestMunicipalitiesCSV(t *testing.T) {
	ts, _ := newServer(t, server.Config{})
	rows := readCSV(t, get(t, ts.URL+"/api/municipalities.csv"))
	if len(rows) != 343 || rows[0][0] != "code" || rows[0][len(rows[0])-1] != "attribution" {
		t.Fatalf("%d rows, header %v", len(rows), rows[0])
	}
	found := false
	for _, r := range rows[1:] {
		if r[0] == "GM1900" {
			found = r[1] == "Súdwest-Fryslân"
		}
		if r[len(r)-1] != "Bron: CBS, Kadaster" {
			t.Errorf("row %v lacks attribution", r)
		}
	}
	if !found {
		t.Error("GM1900 Súdwest-Fryslân not found intact")
	}
	if d := get(t, ts.URL+"/api/municipalities.csv?year=2025").header.Get("Content-Disposition"); !strings.Contains(d, "2025.csv") {
		t.Errorf("Content-Disposition %q", d)
	}
}

// TestExportFilters: the exports take the property filters of the OGC items endpoint.
func TestExportFilters(t *testing.T) {
	ts, _ := newServer(t, server.Config{})
	rows := readCSV(t, get(t, ts.URL+"/api/municipalities.csv?province_code=PV26"))
	if len(rows) != 27 {
		t.Errorf("province_code=PV26: %d rows, want 26 + header", len(rows)-1)
	}
	rows = readCSV(t, get(t, ts.URL+"/api/municipalities.csv?koploper=true"))
	for _, r := range rows[1:] {
		if r[11] != "true" {
			t.Errorf("koploper filter let %v through", r)
		}
	}
	if len(rows) < 2 {
		t.Error("no koplopers")
	}
	rows = readCSV(t, get(t, ts.URL+"/api/municipalities.csv?code=GM0363,GM0344"))
	if len(rows) != 3 {
		t.Errorf("code list: %v", rows)
	}
	rows = readCSV(t, get(t, ts.URL+"/api/municipalities.csv?stage=3"))
	if len(rows) != 1 {
		t.Errorf("stage=3 without assessments: %d rows", len(rows)-1)
	}
	r := get(t, ts.URL+"/api/municipalities.geojson?province_code=PV26&koploper=false")
	fc := decodeFC(t, r)
	if len(fc.Features) == 0 || len(fc.Features) > 26 {
		t.Errorf("geojson province_code=PV26&koploper=false: %d features", len(fc.Features))
	}
	for _, f := range fc.Features {
		if f.Properties["province_code"] != "PV26" || f.Properties["koploper"] != false {
			t.Errorf("geojson filter let %v through", f.Properties)
		}
	}
	if fc = decodeFC(t, get(t, ts.URL+"/api/municipalities.geojson?code=GM0363")); len(fc.Features) != 1 || fc.ExtraMembers["attribution"] != "Bron: CBS, Kadaster" {
		t.Errorf("geojson code=GM0363: %d features, members %v", len(fc.Features), fc.ExtraMembers)
	}
	if r := get(t, ts.URL+"/api/municipalities.geojson?stage=0"); r.status != 400 {
		t.Errorf("geojson stage=0: %d", r.status)
	}
	for _, q := range []string{"stage=7", "koploper=ja", "code=XX", "province_code=PV2", "stage=1&stage=2", "insufficient_data=perhaps"} {
		r := get(t, ts.URL+"/api/municipalities.csv?"+q)
		name, _, _ := strings.Cut(q, "=")
		if r.status != 400 || !strings.Contains(string(r.body), name) || !strings.Contains(string(r.body), `"code":"bad_request"`) {
			t.Errorf("%s: %d %s", q, r.status, r.body)
		}
	}
}
