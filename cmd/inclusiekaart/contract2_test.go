package main

// Contract tests, second round: `import assessments`, `token create`, `serve`
// and `export` attacked the way a user (or an outside check) would, with the
// whole class of imperfect input. Tests named TestContract2… assert
// behaviour that is right today; tests that document a defect skip with
// "DEFECT: …" until it is fixed.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/inclusiekaart/inclusiekaart/internal/store"
	"github.com/inclusiekaart/inclusiekaart/internal/testutil"
)

// c2Run runs the program in-process and returns stdout, stderr and the error.
func c2Run(args ...string) (string, string, error) {
	var out, errOut bytes.Buffer
	err := run(context.Background(), args, &out, &errOut)
	return out.String(), errOut.String(), err
}

// c2ImportCSV writes body to a file and runs `import assessments` on it.
func c2ImportCSV(t *testing.T, db, body string) (path, stdout string, err error) {
	t.Helper()
	path = contractWrite(t, t.TempDir(), "assessments.csv", body)
	stdout, _, err = c2Run("import", "assessments", "--db", db, path)
	return path, stdout, err
}

// c2History returns every stored (non-demo) version of code, current first.
func c2History(t *testing.T, db string, codes ...string) []store.Version {
	t.Helper()
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	h, err := st.History(context.Background(), codes, false)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// c2Serve serves db over httptest (what `serve` would serve).
func c2Serve(t *testing.T, db string) *httptest.Server {
	t.Helper()
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	srv, err := newRouter(st)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return ts
}

func c2Get(t *testing.T, u string) (int, []byte) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, b
}

const c2Header = "code,assessed_on,source,assessor,stage,stage.evidence,stage.note,domain.work"

func TestContract2ImportAssessmentsAccepted(t *testing.T) {
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
		{"UTF-8 with BOM", "\ufeff" + c2Header + "\nGM0344,2026-10-01,LIA,Netwerk,4,https://example.org/a.pdf,Súdwest-Fryslân,2\n",
			1, []string{"GM0344"}, note("GM0344", "Súdwest-Fryslân")},
		{"CRLF line endings, quoted comma and newline in a note", c2Header + "\r\nGM0363,2026-10-01,LIA,Netwerk,4,https://example.org/a.pdf,\"a, b\r\nregel 2 \"\"citaat\"\"\",2\r\n",
			1, []string{"GM0363"}, note("GM0363", "a, b\nregel 2 \"citaat\"")},
		{"header only", c2Header + "\n", 0, nil, nil},
		{"header only, no final newline", c2Header, 0, nil, nil},
		{"blank lines", c2Header + "\n\nGM0344,2026-10-03,LIA,Netwerk,4,,,2\n\n\n", 1, []string{"GM0344"}, nil},
		{"columns in another order, assessor left out", "domain.work,stage.note,stage,code,source,assessed_on\n1,n,3,GM0344,LIA,2026-10-05\n",
			1, []string{"GM0344"}, func(t *testing.T, h []store.Version) {
				if len(h) != 1 || h[0].Values["stage"].Value != 3 || h[0].Values["domain.work"].Value != 1 || h[0].Source != "LIA" || h[0].Values["stage"].Note != "n" {
					t.Errorf("stored %+v", h)
				}
			}},
		{"lower-case code", "code,assessed_on,source,stage\ngm0344,2026-10-06,LIA,4\n", 1, []string{"GM0344"}, nil},
		{"merged code GM0236 (Geldermalsen) dated before the merger is history", "code,assessed_on,source,stage\nGM0236,2018-06-01,koplopers 2018,3\n",
			1, []string{"GM0236"}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			db := importedDB(t)
			p, out, err := c2ImportCSV(t, db, c.body)
			if err != nil {
				t.Fatalf("import %s: %v", p, err)
			}
			if !strings.Contains(out, fmt.Sprintf("imported %d assessments", c.count)) {
				t.Errorf("stdout %q, want %d imported", out, c.count)
			}
			if c.codes == nil {
				return
			}
			h := c2History(t, db, c.codes...)
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
	if _, _, err := c2ImportCSV(t, db, "code,assessed_on,source,stage\nGM0236,2018-06-01,koplopers 2018,3\n"); err != nil {
		t.Fatal(err)
	}
	ts := c2Serve(t, db)
	status, body := c2Get(t, ts.URL+"/api/municipalities/GM1960")
	if status != 200 || !bytes.Contains(body, []byte(`"merged_from":"GM0236"`)) {
		t.Errorf("GM1960 detail does not show GM0236's history: %d %.300s", status, body)
	}
}

func TestContract2ImportAssessmentsRejected(t *testing.T) {
	db := importedDB(t)
	cases := []struct {
		name, body string
		mention    []string
	}{
		{"empty file", "", []string{"empty"}},
		{"Windows-1252 note", c2Header + "\nGM0344,2026-10-02,LIA,Netwerk,4,,S\xfadwest-Frysl\xe2n,2\n", []string{"line 2", "stage.note", "UTF-8"}},
		{"Windows-1252 in the header", "code,assessed_on,source,stage,stage.note\xa0\nGM0344,2026-10-02,LIA,4,x\n", []string{"line 1"}},
		{"trailing empty header columns (Excel)", c2Header + ",,\nGM0344,2026-10-04,LIA,Netwerk,4,,,2,,\n", []string{"line 1", "column 9", "empty column name"}},
		{"row longer than the header", c2Header + "\nGM0344,2026-10-04,LIA,Netwerk,4,,,2,,\n", []string{"line 2"}},
		{"row shorter than the header", c2Header + "\nGM0344,2026-10-04,LIA\n", []string{"line 2"}},
		{"duplicate header column", "code,assessed_on,source,stage,stage\nGM0344,2026-10-06,LIA,3,3\n", []string{"line 1", "stage", "duplicate"}},
		{"unknown column", "code,assessed_on,source,stage,colour\nGM0344,2026-10-06,LIA,3,red\n", []string{"line 1", "colour", "unknown column"}},
		{"header in another case", "Code,assessed_on,source,stage\nGM0344,2026-10-06,LIA,3\n", []string{"Code"}},
		{".evidence without its indicator", "code,assessed_on,source,stage.evidence\nGM0344,2026-10-06,LIA,https://example.org\n", []string{"stage.evidence", "stage"}},
		{".note filled, value empty", c2Header + "\nGM0344,2026-10-06,LIA,x,,,een notitie,\n", []string{"line 2", "stage.note"}},
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
		{"unterminated quote", c2Header + "\nGM0344,2026-10-04,LIA,Netwerk,4,,\"open,2\n", []string{"line"}},
		{"binary garbage", string(bytes.Repeat([]byte{0, 1, 2, 0xff, 0xfe}, 100)), nil},
	}
	for _, c := range cases {
		before := contractSnapshot(t, db)
		p, _, err := c2ImportCSV(t, db, c.body)
		if err == nil {
			t.Errorf("%s: import succeeded", c.name)
		} else {
			msg := err.Error()
			for _, m := range append([]string{p, "nothing was changed"}, c.mention...) {
				if !strings.Contains(msg, m) {
					t.Errorf("%s: error %q does not name %q", c.name, msg, m)
				}
			}
			if strings.Contains(msg, "panic") || strings.Contains(msg, "goroutine") {
				t.Errorf("%s: %s", c.name, msg)
			}
		}
		if contractSnapshot(t, db) != before {
			t.Fatalf("%s: the database changed on a failed import", c.name)
		}
	}
}

func TestContract2ImportAssessmentsWrongSeparator(t *testing.T) {
	db := importedDB(t)
	for name, body := range map[string]string{
		"semicolon":          "code;assessed_on;source;assessor;stage\nGM0344;2026-10-01;LIA;Netwerk;4\n",
		"semicolon with BOM": "\ufeffcode;assessed_on;source;stage\r\nGM0344;2026-10-01;LIA;4\r\n",
		"tab":                "code\tassessed_on\tsource\tstage\nGM0344\t2026-10-10\tLIA\t4\n",
	} {
		_, _, err := c2ImportCSV(t, db, body)
		if err == nil {
			continue // accepting it deliberately is fine too
		}
		msg := err.Error()
		if strings.Contains(msg, "unknown column") || !(strings.Contains(msg, "separat") || strings.Contains(msg, "comma")) {
			t.Errorf("%s: %q, want a message that the separator must be a comma", name, msg)
		}
	}
}

func TestContract2ImportAssessmentsMergedCodeAfterMerger(t *testing.T) {
	db := importedDB(t)
	before := contractSnapshot(t, db)
	_, _, err := c2ImportCSV(t, db, "code,assessed_on,source,stage\nGM0236,2026-10-08,LIA,3\n")
	if err == nil || !strings.Contains(err.Error(), "GM1960") || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("post-merger assessment of a merged code: %v, want an error naming line 2 and GM1960", err)
	}
	if contractSnapshot(t, db) != before {
		t.Error("database changed")
	}
}

func TestContract2ImportAssessmentsUnknownCodeNamesLine(t *testing.T) {
	db := importedDB(t)
	_, _, err := c2ImportCSV(t, db, "code,assessed_on,source,stage\nGM0344,2026-10-08,LIA,3\nGM0001,2026-10-08,LIA,3\n")
	if err == nil || !strings.Contains(err.Error(), "line 3") {
		t.Errorf("unknown code on line 3: %v", err)
	}
}

// c2BigCSV returns n valid rows over the 2025 municipalities (distinct
// code/date pairs) and the header.
func c2BigCSV(t *testing.T, n int) []string {
	t.Helper()
	fc := contractFC(t)
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

func TestContract2ImportAssessments10000Rows(t *testing.T) {
	db := importedDB(t)
	rows := c2BigCSV(t, 10000)
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
		before := contractSnapshot(t, db)
		_, _, err := c2ImportCSV(t, db, strings.Join(body, "\n"))
		if err == nil {
			t.Errorf("%s: import succeeded", name)
		} else if name == "out of range" && !strings.Contains(err.Error(), "line 10000") {
			t.Errorf("%s: %v, want line 10000", name, err)
		}
		if contractSnapshot(t, db) != before {
			t.Fatalf("%s: rows were stored although row 9,999 was bad", name)
		}
		if n := len(c2History(t, db, "GM0344", "GM0014")); n != 0 {
			t.Fatalf("%s: %d versions stored", name, n)
		}
	}
	start := time.Now()
	_, out, err := c2ImportCSV(t, db, strings.Join(rows, "\n")+"\n")
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

// TestContract2AssessmentsRoundTrip: GET /api/assessments.csv → CLI import into
// a fresh database → GET again gives the same bytes; importing the export into
// the same database changes nothing the export shows.
func TestContract2AssessmentsRoundTrip(t *testing.T) {
	dbA := importedDB(t)
	src := c2Header + ",lived_experience,lived_experience.note\n" +
		"GM0344,2026-10-01,LIA document,Netwerk,4,https://example.org/lia.pdf?a=1&b=2,\"vastgesteld, met \"\"citaat\"\"\nen een tweede regel\",2,3,Súdwest-Fryslân ✓\n" +
		"GM0363,2026-09-01,flitspeiling 2023,Movisie,5,,,,,\n" +
		"GM0363,2025-09-01,flitspeiling 2022,Movisie,3,,,1,,\n" +
		"GM1900,2026-01-15,\"bron, met komma\",\"Jansen, P.\",2,,  spaties  ,0,0,\n" +
		"GM0236,2018-06-01,koplopers 2018,,3,,,,,\n"
	if _, _, err := c2ImportCSV(t, dbA, src); err != nil {
		t.Fatal(err)
	}
	status, first := c2Get(t, c2Serve(t, dbA).URL+"/api/assessments.csv")
	if status != 200 || bytes.Count(first, []byte("\n")) < 5 {
		t.Fatalf("assessments.csv: %d %s", status, first)
	}
	if !bytes.Contains(first, []byte("Súdwest-Fryslân ✓")) || !bytes.Contains(first, []byte("  spaties  ")) {
		t.Errorf("export lost text: %s", first)
	}
	dbB := filepath.Join(t.TempDir(), "b.db")
	data := testutil.SharedData(t)
	if _, _, err := c2Run("import", "boundaries", "--db", dbB, filepath.Join(data, "gemeente_2025.geojson")); err != nil {
		t.Fatal(err)
	}
	if _, out, err := c2ImportCSV(t, dbB, string(first)); err != nil || !strings.Contains(out, "imported 4") { // one current row per code
		t.Fatalf("re-import of the export: %v %q", err, out)
	}
	_, second := c2Get(t, c2Serve(t, dbB).URL+"/api/assessments.csv")
	if !bytes.Equal(first, second) {
		t.Errorf("export → import → export differs:\n%s\n---\n%s", first, second)
	}
	if _, _, err := c2ImportCSV(t, dbA, string(first)); err != nil {
		t.Fatal(err)
	}
	_, third := c2Get(t, c2Serve(t, dbA).URL+"/api/assessments.csv")
	if !bytes.Equal(first, third) {
		t.Errorf("re-importing the export into the same database changed it:\n%s\n---\n%s", first, third)
	}
}

func TestContract2TokenCreate(t *testing.T) {
	db := importedDB(t)
	cases := []struct {
		name  string
		ok    bool
		usage bool
	}{
		{"", false, true},
		{"   ", false, false},
		{strings.Repeat("x", 101), false, false},
		{strings.Repeat("x", 100000), false, false},
		{strings.Repeat("x", 100), true, false},
		{"coördinator Súdwest-Fryslân", true, false},
	}
	for _, c := range cases {
		before := contractSnapshot(t, db)
		out, _, err := c2Run("token", "create", "--db", db, "--name", c.name)
		label := c.name
		if len(label) > 20 {
			label = fmt.Sprintf("%d×%c", len(label), label[0])
		}
		var ue usageError
		switch {
		case c.ok && err != nil:
			t.Errorf("name %q: %v", label, err)
		case !c.ok && err == nil:
			t.Errorf("name %q: accepted, printed %q", label, out)
		case !c.ok && c.usage != errors.As(err, &ue):
			t.Errorf("name %q: usage error = %v, want %v (%v)", label, !c.usage, c.usage, err)
		}
		if !c.ok {
			if out != "" {
				t.Errorf("name %q: failed but printed %q", label, out)
			}
			if contractSnapshot(t, db) != before {
				t.Errorf("name %q: database changed on failure", label)
			}
		}
	}

	// Two tokens: each alone on one stdout line, different, and they work.
	var toks []string
	for i := 0; i < 2; i++ {
		out, errOut, err := c2Run("token", "create", "--db", db, "--name", "redacteur")
		if err != nil {
			t.Fatal(err)
		}
		if strings.Count(out, "\n") != 1 || !strings.HasSuffix(out, "\n") || strings.ContainsAny(strings.TrimSuffix(out, "\n"), " \t\r") {
			t.Errorf("stdout %q: want the token alone on one line", out)
		}
		if strings.Contains(errOut, strings.TrimSpace(out)) {
			t.Error("the token is also printed on stderr")
		}
		toks = append(toks, strings.TrimSpace(out))
	}
	if toks[0] == toks[1] {
		t.Fatal("two tokens are equal")
	}
	ts := c2Serve(t, db)
	body := `{"assessed_on":"2026-10-01","source":"LIA","values":{"stage":{"value":4}}}`
	flip := []byte(toks[0])
	flip[len(flip)-1] ^= 1
	for _, c := range []struct {
		tok    string
		status int
	}{
		{toks[0], 201},
		{toks[1], 201},
		{"ik_" + strings.Repeat("A", len(toks[0])-3), 401},
		{string(flip), 401},
		{strings.ToUpper(toks[0]), 401},
	} {
		req, _ := http.NewRequest(http.MethodPut, ts.URL+"/api/municipalities/GM0344/assessment", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+c.tok)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != c.status {
			t.Errorf("PUT with token %.8s…: %d, want %d", c.tok, resp.StatusCode, c.status)
		}
	}
}

func TestContract2TokenNameControlCharacters(t *testing.T) {
	db := importedDB(t)
	for _, name := range []string{"a\nb", "a\rb", "tab\there", "nul\x01x", "a\u2028b"} {
		if out, _, err := c2Run("token", "create", "--db", db, "--name", name); err == nil {
			t.Errorf("name %q accepted, printed %q", name, out)
		}
	}
}

func TestContract2TokenNameLimitInCharacters(t *testing.T) {
	db := importedDB(t)
	if _, _, err := c2Run("token", "create", "--db", db, "--name", strings.Repeat("ë", 60)); err != nil {
		t.Errorf("60-character name refused: %v", err)
	}
}

// c2Serve runs `serve` with args and returns its error, or fails when it is
// still serving after a few seconds (then it is stopped).
func c2ServeErr(t *testing.T, args ...string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errOut bytes.Buffer
	done := make(chan error, 1)
	go func() { done <- run(ctx, append([]string{"serve"}, args...), &out, &errOut) }()
	select {
	case err := <-done:
		return out.String(), err
	case <-time.After(5 * time.Second):
		cancel()
		<-done
		t.Errorf("serve %q started serving: %s", args, out.String())
		return out.String(), nil
	}
}

func TestContract2ServeErrors(t *testing.T) {
	db := importedDB(t)
	dir := t.TempDir()
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	geojsonFile := contractWrite(t, dir, "gemeenten.geojson", contractJSON(contractCollection(contractFeatures(t, contractFC(t), 2)...)))
	geojsonBefore, _ := os.ReadFile(geojsonFile)
	textFile := contractWrite(t, dir, "notes.txt", strings.Repeat("dit is geen database\n", 500))
	missingDir := filepath.Join(dir, "no", "such", "dir", "x.db")
	cases := []struct {
		name    string
		args    []string
		usage   bool
		mention []string
	}{
		{"addr without port", []string{"--db", db, "--addr", "nonsense"}, false, []string{"nonsense"}},
		{"port out of range", []string{"--db", db, "--addr", "127.0.0.1:99999"}, false, []string{"99999"}},
		{"negative port", []string{"--db", db, "--addr", "127.0.0.1:-1"}, false, []string{"-1"}},
		{"port in use", []string{"--db", db, "--addr", busy.Addr().String()}, false, []string{busy.Addr().String(), "in use"}},
		{"db in a missing directory", []string{"--db", missingDir, "--addr", "127.0.0.1:0"}, false, []string{missingDir}},
		{"db is a GeoJSON file", []string{"--db", geojsonFile, "--addr", "127.0.0.1:0"}, false, []string{geojsonFile, "not a database"}},
		{"db is a text file", []string{"--db", textFile, "--addr", "127.0.0.1:0"}, false, []string{textFile, "not a database"}},
		{"db is a directory", []string{"--db", dir, "--addr", "127.0.0.1:0"}, false, []string{dir}},
		{"tiles ftp", []string{"--db", db, "--addr", "127.0.0.1:0", "--tiles", "ftp://tiles.example/{z}/{x}/{y}.png"}, true, []string{"tiles", "ftp://"}},
		{"tiles javascript", []string{"--db", db, "--addr", "127.0.0.1:0", "--tiles", "javascript:alert(1)"}, true, []string{"tiles"}},
		{"tiles relative", []string{"--db", db, "--addr", "127.0.0.1:0", "--tiles", "/tiles/{z}/{x}/{y}.png"}, true, []string{"tiles"}},
		{"unknown flag", []string{"--db", db, "--bogus"}, true, []string{"bogus"}},
		{"--addr without value", []string{"--db", db, "--addr"}, true, []string{"addr"}},
		{"positional argument", []string{"--db", db, "extra"}, true, []string{"extra"}},
	}
	for _, c := range cases {
		out, err := c2ServeErr(t, c.args...)
		if err == nil {
			continue // reported by c2ServeErr
		}
		var ue usageError
		if errors.As(err, &ue) != c.usage {
			t.Errorf("%s: usage error = %v, want %v (%v)", c.name, !c.usage, c.usage, err)
		}
		for _, m := range c.mention {
			if !strings.Contains(err.Error(), m) {
				t.Errorf("%s: error %q does not name %q", c.name, err, m)
			}
		}
		if strings.Contains(out, "listening on") {
			t.Errorf("%s: printed %q although it failed", c.name, out)
		}
	}
	if after, _ := os.ReadFile(geojsonFile); !bytes.Equal(after, geojsonBefore) {
		t.Error("serve --db on a GeoJSON file changed the file")
	}
	if _, err := os.Stat(filepath.Join(dir, "no")); err == nil {
		t.Error("serve created the missing directory")
	}
}

// TestContract2ExitCodes runs the real main (this test binary re-executed) so
// exit codes and panics are what a shell sees: usage errors exit 2, other
// failures 1, never a panic.
func TestContract2ExitCodes(t *testing.T) {
	if args := os.Getenv("INCLUSIEKAART_C2_ARGS"); args != "" {
		os.Args = append([]string{"inclusiekaart"}, strings.Split(args, "\x1f")...)
		main()
		os.Exit(0)
	}
	db := importedDB(t)
	dir := t.TempDir()
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	geo := contractWrite(t, dir, "x.geojson", `{"type":"FeatureCollection","features":[]}`)
	semi := contractWrite(t, dir, "semi.csv", "code;assessed_on;source;stage\nGM0344;2026-10-01;LIA;9\n") // out of range
	cases := []struct {
		args []string
		code int
	}{
		{[]string{"serve", "--db", db, "--bogus"}, 2},
		{[]string{"serve", "--db", db, "--tiles", "ftp://x/{z}/{x}/{y}.png", "--addr", "127.0.0.1:0"}, 2},
		{[]string{"serve", "--db", db, "--addr", "nonsense"}, 1},
		{[]string{"serve", "--db", db, "--addr", "127.0.0.1:99999"}, 1},
		{[]string{"serve", "--db", db, "--addr", busy.Addr().String()}, 1},
		{[]string{"serve", "--db", filepath.Join(dir, "missing", "x.db"), "--addr", "127.0.0.1:0"}, 1},
		{[]string{"serve", "--db", geo, "--addr", "127.0.0.1:0"}, 1},
		{[]string{"import", "assessments", "--db", db, semi}, 1},
		{[]string{"token", "create", "--db", db}, 2},
		{[]string{"export", "geojson", "--db", db, "--year", "2019"}, 1},
		{[]string{"export", "csv", "--db", db, "--year", "twintig"}, 2},
		{[]string{"export", "shapefile", "--db", db}, 2},
	}
	for _, c := range cases {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestContract2ExitCodes$")
		cmd.Env = append(os.Environ(), "INCLUSIEKAART_C2_ARGS="+strings.Join(c.args, "\x1f"))
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		cancel()
		code := 0
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatalf("%v: %v", c.args, err)
		}
		if code != c.code {
			t.Errorf("%q: exit %d, want %d\nstderr: %.300s", c.args, code, c.code, stderr.String())
		}
		if s := stderr.String(); strings.Contains(s, "panic") || strings.Contains(s, "goroutine ") {
			t.Errorf("%q panicked: %.500s", c.args, s)
		}
		if !strings.HasPrefix(stderr.String(), "inclusiekaart: ") {
			t.Errorf("%q: stderr %.200q does not start with the program name", c.args, stderr.String())
		}
		if stdout.Len() != 0 && !strings.Contains(stdout.String(), "PASS") {
			t.Errorf("%q: failed but wrote to stdout: %.200q", c.args, stdout.String())
		}
	}
}

func TestContract2ServeEmptyAddr(t *testing.T) {
	db := importedDB(t)
	if _, err := c2ServeErr(t, "--db", db, "--addr", ""); err == nil {
		t.Error(`--addr "" accepted`)
	}
}

func TestContract2Export(t *testing.T) {
	db := importedDB(t)
	for _, kind := range []string{"geojson", "csv"} {
		for _, year := range []string{"2019", "2024", "1800"} {
			out, _, err := c2Run("export", kind, "--db", db, "--year", year)
			if err == nil || !strings.Contains(err.Error(), year) || !strings.Contains(err.Error(), "2025") {
				t.Errorf("export %s --year %s: %v, want an error naming %s and the available 2025", kind, year, err, year)
			}
			if out != "" {
				t.Errorf("export %s --year %s wrote %d bytes on failure", kind, year, len(out))
			}
		}
		var ue usageError
		if _, _, err := c2Run("export", kind, "--db", db, "--year", "2025.0"); !errors.As(err, &ue) {
			t.Errorf("export %s --year 2025.0: %v, want a usage error", kind, err)
		}
	}
	ogr, err := exec.LookPath("ogrinfo")
	if err != nil {
		t.Skip("ogrinfo not installed")
	}
	dir := t.TempDir()
	for _, c := range []struct{ kind, file string }{{"geojson", "g.geojson"}, {"csv", "c.csv"}} {
		out, _, err := c2Run("export", c.kind, "--db", db, "--year", "2025")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out, "Bron: CBS, Kadaster") {
			t.Errorf("export %s carries no attribution", c.kind)
		}
		p := contractWrite(t, dir, c.file, out)
		info, err := exec.Command(ogr, "-ro", "-so", "-al", p).CombinedOutput()
		if err != nil || !strings.Contains(string(info), "Feature Count: 342") {
			t.Errorf("ogrinfo %s: %v\n%.1500s", c.kind, err, info)
		}
		if strings.Contains(string(info), "Warning") || strings.Contains(string(info), "ERROR") {
			t.Errorf("ogrinfo %s complains:\n%.1500s", c.kind, info)
		}
	}
}

func TestContract2ExportMissingDatabase(t *testing.T) {
	p := filepath.Join(t.TempDir(), "typo.db")
	_, _, err := c2Run("export", "geojson", "--db", p)
	if err == nil || !strings.Contains(err.Error(), p) {
		t.Errorf("missing database: %v, want an error naming %s", err, p)
	}
	if _, err := os.Stat(p); err == nil {
		t.Errorf("export created %s", p)
	}
}
