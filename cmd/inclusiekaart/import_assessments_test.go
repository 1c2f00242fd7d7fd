package main

// `inclusiekaart import assessments`: the CSV a user or a spreadsheet
// writes, imported all or nothing, with errors naming the line and column.

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/inclusiekaart/inclusiekaart/internal/fixture"
	"github.com/inclusiekaart/inclusiekaart/internal/store"
)

const assessmentsHeader = "code,assessed_on,source,assessor,stage,stage.evidence,stage.note,domain.work"

// importAssessmentsCSV writes body to a file and runs `import assessments` on it.
func importAssessmentsCSV(t *testing.T, db, body string) (path, stdout string, err error) {
	t.Helper()
	path = writeFile(t, t.TempDir(), "assessments.csv", body)
	stdout, _, err = runCLI("import", "assessments", "--db", db, path)
	return path, stdout, err
}

func TestImportAssessmentsAllOrNothing(t *testing.T) {
	db := importedDB(t)
	dir := t.TempDir()
	good := "code,assessed_on,source,assessor,stage,stage.evidence,domain.work\n" +
		"GM0344,2026-10-01,LIA document,Netwerk,4,https://example.org/lia.pdf,2\n" +
		"GM0363,2026-09-01,flitspeiling 2023,Movisie,5,,\n"
	bad := good + "GM0014,2026-09-01,x,y,9,,\n"
	unknown := "code,assessed_on,source,stage\nGM0999,2026-09-01,x,3\n"
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	count := func() int {
		st, err := store.Open(context.Background(), db)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		var n int
		st.DB().QueryRow(`SELECT COUNT(*) FROM assessments`).Scan(&n)
		return n
	}
	err := run(context.Background(), []string{"import", "assessments", "--db", db, write("bad.csv", bad)}, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "line 4") || !strings.Contains(err.Error(), "stage") {
		t.Errorf("bad CSV: %v (want line 4, column stage)", err)
	}
	err = run(context.Background(), []string{"import", "assessments", "--db", db, write("unknown.csv", unknown)}, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "GM0999") {
		t.Errorf("unknown code: %v", err)
	}
	if n := count(); n != 0 {
		t.Fatalf("failed imports stored %d assessments", n)
	}
	var out bytes.Buffer
	if err := run(context.Background(), []string{"import", "assessments", "--db", db, write("good.csv", good)}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if n := count(); n != 2 || !strings.Contains(out.String(), "imported 2") {
		t.Errorf("good CSV: %d stored, printed %q", n, out.String())
	}
}

func TestImportAssessmentsAccepted(t *testing.T) {
	type check func(t *testing.T, h []store.Version)
	note := func(code, want string) check {
		return func(t *testing.T, h []store.Version) {
			t.Helper()
			for _, v := range h {
				if v.Code == code {
					if got := v.Values["stage"].Note; got != want {
						t.Errorf("stage.note of %s = %q, want %q", code, got, want)
					}
					return
				}
			}
			t.Errorf("%s not stored", code)
		}
	}
	cases := []struct {
		name, body string
		count      int
		codes      []string
		check      check
	}{
		{"UTF-8 with BOM", "\ufeff" + assessmentsHeader + "\nGM0344,2026-10-01,LIA,Netwerk,4,https://example.org/a.pdf,Súdwest-Fryslân,2\n",
			1, []string{"GM0344"}, note("GM0344", "Súdwest-Fryslân")},
		{"CRLF line endings, quoted comma and newline in a note", assessmentsHeader + "\r\nGM0363,2026-10-01,LIA,Netwerk,4,https://example.org/a.pdf,\"a, b\r\nregel 2 \"\"citaat\"\"\",2\r\n",
			1, []string{"GM0363"}, note("GM0363", "a, b\nregel 2 \"citaat\"")},
		{"header only", assessmentsHeader + "\n", 0, nil, nil},
		{"header only, no final newline", assessmentsHeader, 0, nil, nil},
		{"blank lines", assessmentsHeader + "\n\nGM0344,2026-10-03,LIA,Netwerk,4,,,2\n\n\n", 1, []string{"GM0344"}, nil},
		{"columns in another order, assessor left out", "domain.work,stage.note,stage,code,source,assessed_on\n1,n,3,GM0344,LIA,2026-10-05\n",
			1, []string{"GM0344"}, func(t *testing.T, h []store.Version) {
				if len(h) != 1 || h[0].Values["stage"].Value != 3 || h[0].Values["domain.work"].Value != 1 || h[0].Source != "LIA" || h[0].Values["stage"].Note != "n" {
					t.Errorf("stored %+v", h)
				}
			}},
		{"lower-case code", "code,assessed_on,source,stage\ngm0344,2026-10-06,LIA,4\n", 1, []string{"GM0344"}, nil},
		{"header names padded with spaces", "code, assessed_on , source,stage \nGM0344,2026-10-06,LIA,4\n", 1, []string{"GM0344"}, nil},
		{"merged code GM0236 (Geldermalsen) dated before the merger is history", "code,assessed_on,source,stage\nGM0236,2018-06-01,koplopers 2018,3\n",
			1, []string{"GM0236"}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			db := importedDB(t)
			p, out, err := importAssessmentsCSV(t, db, c.body)
			if err != nil {
				t.Fatalf("import %s: %v", p, err)
			}
			if !strings.Contains(out, fmt.Sprintf("imported %d assessments", c.count)) {
				t.Errorf("stdout %q, want %d imported", out, c.count)
			}
			if c.codes == nil {
				return
			}
			h := storedHistory(t, db, c.codes...)
			if len(h) != c.count {
				t.Errorf("%d versions stored, want %d", len(h), c.count)
			}
			if c.check != nil {
				c.check(t, h)
			}
		})
	}
	// A merged code's history shows under its successor (West Betuwe).
	db := importedDB(t)
	if _, _, err := importAssessmentsCSV(t, db, "code,assessed_on,source,stage\nGM0236,2018-06-01,koplopers 2018,3\n"); err != nil {
		t.Fatal(err)
	}
	ts := serveDB(t, db)
	status, body := httpGet(t, ts.URL+"/api/municipalities/GM1960")
	if status != 200 || !bytes.Contains(body, []byte(`"merged_from":"GM0236"`)) {
		t.Errorf("GM1960 detail does not show GM0236's history: %d %.300s", status, body)
	}
}

func TestImportAssessmentsRejected(t *testing.T) {
	db := importedDB(t)
	cases := []struct {
		name, body string
		mention    []string
	}{
		{"empty file", "", []string{"empty"}},
		{"Windows-1252 note", assessmentsHeader + "\nGM0344,2026-10-02,LIA,Netwerk,4,,S\xfadwest-Frysl\xe2n,2\n", []string{"line 2", "stage.note", "UTF-8"}},
		{"Windows-1252 in the header", "code,assessed_on,source,stage,stage.note\xa0\nGM0344,2026-10-02,LIA,4,x\n", []string{"line 1"}},
		{"trailing empty header columns (Excel)", assessmentsHeader + ",,\nGM0344,2026-10-04,LIA,Netwerk,4,,,2,,\n", []string{"line 1", "column 9", "empty column name"}},
		{"row longer than the header", assessmentsHeader + "\nGM0344,2026-10-04,LIA,Netwerk,4,,,2,,\n", []string{"line 2", "10 fields where the header has 8 columns"}},
		{"row shorter than the header", assessmentsHeader + "\nGM0344,2026-10-04,LIA\n", []string{"line 2", "3 fields where the header has 8 columns"}},
		{"quote inside an unquoted value", "code,assessed_on,source,stage\nGM0344,2026-10-04,LIA \"2023\",4\n", []string{"line 2", "at character 23", "double the quote"}},
		{"duplicate header column", "code,assessed_on,source,stage,stage\nGM0344,2026-10-06,LIA,3,3\n", []string{"line 1", "stage", "duplicate"}},
		{"unknown column", "code,assessed_on,source,stage,colour\nGM0344,2026-10-06,LIA,3,red\n", []string{"line 1", "colour", "unknown column"}},
		{"header in another case", "Code,assessed_on,source,stage\nGM0344,2026-10-06,LIA,3\n", []string{"Code"}},
		{".evidence without its indicator", "code,assessed_on,source,stage.evidence\nGM0344,2026-10-06,LIA,https://example.org\n", []string{"stage.evidence", "stage"}},
		{".note filled, value empty", assessmentsHeader + "\nGM0344,2026-10-06,LIA,x,,,een notitie,\n", []string{"line 2", "stage.note"}},
		{"missing required column", "code,assessed_on,stage\nGM0344,2026-10-06,3\n", []string{"source", "missing"}},
		{"value with spaces", "code,assessed_on,source,stage\nGM0344,2026-10-07,LIA, 4 \n", []string{"line 2", "stage", `" 4 "`}},
		{"decimal value", "code,assessed_on,source,stage\nGM0344,2026-10-08,LIA,4.0\n", []string{"line 2", "stage", "4.0"}},
		{"decimal comma", "code,assessed_on,source,stage\nGM0344,2026-10-08,LIA,\"4,0\"\n", []string{"line 2", "stage"}},
		{"negative value", "code,assessed_on,source,stage\nGM0344,2026-10-08,LIA,-1\n", []string{"line 2", "stage", "-1"}},
		{"value above range", "code,assessed_on,source,domain.work\nGM0344,2026-10-08,LIA,4\n", []string{"line 2", "domain.work", "4"}},
		{"code with a space", "code,assessed_on,source,stage\n GM0344,2026-10-10,LIA,4\n", []string{"line 2", "code"}},
		{"Dutch date", "code,assessed_on,source,stage\nGM0344,10-10-2026,LIA,4\n", []string{"line 2", "assessed_on"}},
		{"code unknown in every year", "code,assessed_on,source,stage\nGM0001,2026-10-08,LIA,3\n", []string{"GM0001"}},
		{"province code", "code,assessed_on,source,stage\nPV26,2026-10-08,LIA,3\n", []string{"line 2", "code"}},
		{"same municipality and date twice", "code,assessed_on,source,stage\nGM0344,2026-10-08,LIA,3\nGM0344,2026-10-08,LIA,4\n", []string{"line 3", "line 2"}},
		{"unterminated quote", assessmentsHeader + "\nGM0344,2026-10-04,LIA,Netwerk,4,,\"open,2\n", []string{"line 2", "quoted value is not closed"}},
		{"binary garbage", string(bytes.Repeat([]byte{0, 1, 2, 0xff, 0xfe}, 100)), nil},
	}
	for _, c := range cases {
		before := snapshotDB(t, db)
		p, _, err := importAssessmentsCSV(t, db, c.body)
		if err == nil {
			t.Errorf("%s: import succeeded", c.name)
		} else {
			msg := err.Error()
			for _, m := range append([]string{p, "nothing was changed"}, c.mention...) {
				if !strings.Contains(msg, m) {
					t.Errorf("%s: error %q does not name %q", c.name, msg, m)
				}
			}
			// encoding/csv's own words ("wrong number of fields", "bare \" in
			// non-quoted-field") are replaced by ones a spreadsheet user can act on.
			for _, goWords := range []string{"panic", "goroutine", "wrong number of fields", "extraneous", "non-quoted-field", "quoted-field"} {
				if strings.Contains(msg, goWords) {
					t.Errorf("%s: %q has %q", c.name, msg, goWords)
				}
			}
		}
		if snapshotDB(t, db) != before {
			t.Fatalf("%s: the database changed on a failed import", c.name)
		}
	}
}

func TestImportAssessmentsWrongSeparator(t *testing.T) {
	db := importedDB(t)
	for name, body := range map[string]string{
		"semicolon":          "code;assessed_on;source;assessor;stage\nGM0344;2026-10-01;LIA;Netwerk;4\n",
		"semicolon with BOM": "\ufeffcode;assessed_on;source;stage\r\nGM0344;2026-10-01;LIA;4\r\n",
		"tab":                "code\tassessed_on\tsource\tstage\nGM0344\t2026-10-10\tLIA\t4\n",
	} {
		_, _, err := importAssessmentsCSV(t, db, body)
		if err == nil {
			continue // accepting it deliberately is fine too
		}
		msg := err.Error()
		if strings.Contains(msg, "unknown column") || !(strings.Contains(msg, "separat") || strings.Contains(msg, "comma")) {
			t.Errorf("%s: %q, want a message that the separator must be a comma", name, msg)
		}
	}
}

func TestImportAssessmentsMergedCodeAfterMerger(t *testing.T) {
	db := importedDB(t)
	before := snapshotDB(t, db)
	_, _, err := importAssessmentsCSV(t, db, "code,assessed_on,source,stage\nGM0236,2026-10-08,LIA,3\n")
	if err == nil || !strings.Contains(err.Error(), "GM1960") || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("post-merger assessment of a merged code: %v, want an error naming line 2 and GM1960", err)
	}
	if snapshotDB(t, db) != before {
		t.Error("database changed")
	}
}

func TestImportAssessmentsUnknownCodeNamesLine(t *testing.T) {
	db := importedDB(t)
	_, _, err := importAssessmentsCSV(t, db, "code,assessed_on,source,stage\nGM0344,2026-10-08,LIA,3\nGM0001,2026-10-08,LIA,3\n")
	if err == nil || !strings.Contains(err.Error(), "line 3") {
		t.Errorf("unknown code on line 3: %v", err)
	}
}

// bigAssessmentsCSV returns n valid rows over the 2025 municipalities (distinct
// code/date pairs) and the header.
func bigAssessmentsCSV(t *testing.T, n int) []string {
	t.Helper()
	fc := municipalities2025(t)
	var codes []string
	for _, f := range fc["features"].([]any) {
		codes = append(codes, f.(map[string]any)["properties"].(map[string]any)["statcode"].(string))
	}
	d0 := time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)
	rows := []string{"code,assessed_on,source,assessor,stage,stage.evidence,stage.note,domain.work,lived_experience"}
	for i := 0; i < n; i++ {
		d := d0.AddDate(0, 0, i/len(codes))
		rows = append(rows, fmt.Sprintf(`%s,%s,bulk,QA,%d,https://example.org/%d,"nota, %d",%d,%d`,
			codes[i%len(codes)], d.Format("2006-01-02"), 1+i%6, i, i, i%4, i%4))
	}
	return rows
}

func TestImportAssessments10000Rows(t *testing.T) {
	db := importedDB(t)
	rows := bigAssessmentsCSV(t, 10000)
	// Row 9,999 (line 10,000) bad in two ways: a value out of range and an unknown code.
	for name, bad := range map[string]string{
		"out of range": func() string {
			f := strings.SplitN(rows[9999], ",", 6)
			f[4] = "7" // stage
			return strings.Join(f, ",")
		}(),
		"unknown code": "GM0001" + rows[9999][6:],
	} {
		body := append(append([]string(nil), rows...), "")
		body[9999] = bad
		before := snapshotDB(t, db)
		_, _, err := importAssessmentsCSV(t, db, strings.Join(body, "\n"))
		if err == nil {
			t.Errorf("%s: import succeeded", name)
		} else if name == "out of range" && !strings.Contains(err.Error(), "line 10000") {
			t.Errorf("%s: %v, want line 10000", name, err)
		}
		if snapshotDB(t, db) != before {
			t.Fatalf("%s: rows were stored although row 9,999 was bad", name)
		}
		if n := len(storedHistory(t, db, "GM0344", "GM0014")); n != 0 {
			t.Fatalf("%s: %d versions stored", name, n)
		}
	}
	start := time.Now()
	_, out, err := importAssessmentsCSV(t, db, strings.Join(rows, "\n")+"\n")
	took := time.Since(start)
	if err != nil || !strings.Contains(out, "imported 10000 assessments") {
		t.Fatalf("10,000 rows: %v %q", err, out)
	}
	t.Logf("10,000 rows imported in %v", took)
	if took > 30*time.Second {
		t.Errorf("10,000 rows took %v", took)
	}
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var n int
	st.DB().QueryRow(`SELECT COUNT(*) FROM assessments`).Scan(&n)
	if n != 10000 {
		t.Errorf("%d assessments stored, want 10000", n)
	}
}

// TestAssessmentsCSVRoundTrip: GET /api/assessments.csv → CLI import into
// a fresh database → GET again gives the same bytes; importing the export into
// the same database changes nothing the export shows.
func TestAssessmentsCSVRoundTrip(t *testing.T) {
	dbA := importedDB(t)
	src := assessmentsHeader + ",lived_experience,lived_experience.note\n" +
		"GM0344,2026-10-01,LIA document,Netwerk,4,https://example.org/lia.pdf?a=1&b=2,\"vastgesteld, met \"\"citaat\"\"\nen een tweede regel\",2,3,Súdwest-Fryslân ✓\n" +
		"GM0363,2026-09-01,flitspeiling 2023,Movisie,5,,,,,\n" +
		"GM0363,2025-09-01,flitspeiling 2022,Movisie,3,,,1,,\n" +
		"GM1900,2026-01-15,\"bron, met komma\",\"Jansen, P.\",2,,  spaties  ,0,0,\n" +
		"GM0236,2018-06-01,koplopers 2018,,3,,,,,\n"
	if _, _, err := importAssessmentsCSV(t, dbA, src); err != nil {
		t.Fatal(err)
	}
	status, first := httpGet(t, serveDB(t, dbA).URL+"/api/assessments.csv")
	if status != 200 || bytes.Count(first, []byte("\n")) < 5 {
		t.Fatalf("assessments.csv: %d %s", status, first)
	}
	if !bytes.Contains(first, []byte("Súdwest-Fryslân ✓")) || !bytes.Contains(first, []byte("  spaties  ")) {
		t.Errorf("export lost text: %s", first)
	}
	dbB := filepath.Join(t.TempDir(), "b.db")
	if _, _, err := runCLI("import", "boundaries", "--db", dbB, fixture.Boundaries(t, "gemeente_2025.geojson")); err != nil {
		t.Fatal(err)
	}
	if _, out, err := importAssessmentsCSV(t, dbB, string(first)); err != nil || !strings.Contains(out, "imported 4") { // one current row per code
		t.Fatalf("re-import of the export: %v %q", err, out)
	}
	_, second := httpGet(t, serveDB(t, dbB).URL+"/api/assessments.csv")
	if !bytes.Equal(first, second) {
		t.Errorf("export → import → export differs:\n%s\n---\n%s", first, second)
	}
	if _, _, err := importAssessmentsCSV(t, dbA, string(first)); err != nil {
		t.Fatal(err)
	}
	_, third := httpGet(t, serveDB(t, dbA).URL+"/api/assessments.csv")
	if !bytes.Equal(first, third) {
		t.Errorf("re-importing the export into the same database changed it:\n%s\n---\n%s", first, third)
	}
}
