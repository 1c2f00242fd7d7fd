package main

// Bounded imports: an assessment CSV or a boundary file too large for one
// import is refused while it is being read — before the rest of it — with a
// message naming the limit, and nothing is stored. bench/import-memory.sh
// measures the memory of the full 1,000,000-row and 1,000,000-feature files.

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/inclusiekaart/inclusiekaart/internal/atlas"
	"github.com/inclusiekaart/inclusiekaart/internal/fixture"
)

// endlessAssessments is an assessment CSV that never ends: valid rows for
// GM0344, one per day from 2000-01-01. It counts the bytes read from it.
type endlessAssessments struct {
	day  int
	buf  []byte
	read int
}

func (e *endlessAssessments) Read(p []byte) (int, error) {
	if len(e.buf) == 0 {
		if e.day == 0 {
			e.buf = []byte("code,assessed_on,source,assessor,stage,stage.note\n")
		} else {
			d := time.Date(2000, 1, e.day, 0, 0, 0, 0, time.UTC).Format("2006-01-02")
			e.buf = fmt.Appendf(nil, "GM0344,%s,generated,bench,%d,row %d\n", d, 1+e.day%6, e.day)
		}
		e.day++
	}
	n := copy(p, e.buf)
	e.buf = e.buf[n:]
	e.read += n
	return n, nil
}

func TestImportAssessmentsRefusesTooManyRowsBeforeReadingThemAll(t *testing.T) {
	db := importedDB(t)
	before := snapshotDB(t, db)
	svc, err := atlas.Open(context.Background(), db, atlas.Config{MaxImportRows: 50})
	if err != nil {
		t.Fatal(err)
	}
	src := &endlessAssessments{}
	_, err = svc.ImportAssessmentsCSV(context.Background(), src, "endless.csv")
	svc.Close()
	var ae *atlas.Error
	if !errors.As(err, &ae) || ae.Kind != atlas.TooLarge {
		t.Fatalf("endless CSV: %v (want a TooLarge error)", err)
	}
	for _, want := range []string{"line 52", "more than 50 rows", "split the file"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message %q lacks %q", err, want)
		}
	}
	// It stopped at the row after the limit (plus what the CSV reader
	// buffers), not at the end of the input, which has none.
	if src.read > 64<<10 {
		t.Errorf("read %d bytes of the input to refuse 51 rows", src.read)
	}
	if after := snapshotDB(t, db); after != before {
		t.Error("a refused import changed the database")
	}
}

func TestImportAssessmentsMaxRowsFlag(t *testing.T) {
	db := importedDB(t)
	rows := "code,assessed_on,source,stage\n" +
		"GM0344,2026-01-01,a,2\nGM0344,2026-02-01,b,3\nGM0363,2026-01-01,c,4\n"
	path := writeFile(t, t.TempDir(), "three.csv", rows)
	before := snapshotDB(t, db)
	_, _, err := runCLI("import", "assessments", "--db", db, "--max-rows", "2", path)
	if err == nil || !strings.Contains(err.Error(), "line 4: more than 2 rows") || !strings.Contains(err.Error(), "nothing was changed") {
		t.Fatalf("3 rows with --max-rows 2: %v", err)
	}
	if snapshotDB(t, db) != before {
		t.Fatal("a refused import changed the database")
	}
	out, _, err := runCLI("import", "assessments", "--db", db, "--max-rows", "3", path)
	if err != nil || !strings.Contains(out, "imported 3") {
		t.Fatalf("3 rows with --max-rows 3: %q, %v", out, err)
	}
	if _, _, err := runCLI("import", "assessments", "--db", db, "--max-rows", "0", path); exitCode(err) != exitUsage {
		t.Errorf("--max-rows 0: %v (want a usage error)", err)
	}
}

func TestImportAssessmentsStreamedErrorRollsBackEarlierRows(t *testing.T) {
	db := importedDB(t)
	before := snapshotDB(t, db)
	// Rows are written as they are read; the bad last row must undo them.
	var b strings.Builder
	b.WriteString("code,assessed_on,source,stage\n")
	for i := 1; i <= 200; i++ {
		fmt.Fprintf(&b, "GM0344,%s,s,3\n", time.Date(2020, 1, i, 0, 0, 0, 0, time.UTC).Format("2006-01-02"))
	}
	b.WriteString("GM0344,2020-01-05,s,3\n") // a duplicate of line 6
	_, _, err := importAssessmentsCSV(t, db, b.String())
	if err == nil || !strings.Contains(err.Error(), "line 202") || !strings.Contains(err.Error(), "already on line 6") {
		t.Fatalf("duplicate last row: %v", err)
	}
	if snapshotDB(t, db) != before {
		t.Fatal("rows before the bad one were kept")
	}
}

func TestImportBoundariesMaxFeaturesFlag(t *testing.T) {
	db := importedDB(t)
	before := snapshotDB(t, db)
	src := fixture.Boundaries(t, "gemeente_2025.geojson") // 342 features
	_, _, err := runCLI("import", "boundaries", "--db", db, "--max-features", "300", src)
	if err == nil || !strings.Contains(err.Error(), "more than 300 features") || !strings.Contains(err.Error(), "nothing was changed") {
		t.Fatalf("342 features with --max-features 300: %v", err)
	}
	if snapshotDB(t, db) != before {
		t.Fatal("a refused import changed the database")
	}
	if _, _, err := runCLI("import", "boundaries", "--db", db, "--max-features", "342", src); err != nil {
		t.Fatalf("342 features with --max-features 342: %v", err)
	}
}
