// Package testutil holds helpers shared by tests: real SQLite databases in
// temporary directories, filled from the committed boundary fixtures
// (package fixture, testdata/boundaries).
package testutil

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/inclusiekaart/inclusiekaart/geo/source"
	"github.com/inclusiekaart/inclusiekaart/internal/fixture"
	"github.com/inclusiekaart/inclusiekaart/internal/importer"
	"github.com/inclusiekaart/inclusiekaart/internal/store"
)

// OpenStore opens a fresh store in a temp dir.
func OpenStore(tb testing.TB) (*store.Store, string) {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "test.db")
	st, err := store.Open(context.Background(), path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	return st, path
}

var (
	templateOnce sync.Once
	templatePath string
	templateErr  error
)

// Import imports a boundary file into st or fails the test.
func Import(tb testing.TB, st *store.Store, path string, level source.Level, year int) importer.Result {
	tb.Helper()
	res, err := importer.Boundaries(context.Background(), st, path, importer.Options{Year: year, Level: level, Actor: "test"})
	if err != nil {
		tb.Fatalf("import %s: %v", path, err)
	}
	return res
}

// Store2025 returns a store in a temp dir holding the real 2025 provinces (12)
// and municipalities (342) from testdata/boundaries. The import runs once per
// test binary into a template file that every caller gets a private copy of.
func Store2025(tb testing.TB) (*store.Store, string) {
	tb.Helper()
	pv, gm := fixture.Boundaries(tb, "provincie_2025.geojson"), fixture.Boundaries(tb, "gemeente_2025.geojson")
	templateOnce.Do(func() {
		dir, err := os.MkdirTemp("", "inclusiekaart-template-")
		if err != nil {
			templateErr = err
			return
		}
		templatePath = filepath.Join(dir, "template.db")
		ctx := context.Background()
		st, err := store.Open(ctx, templatePath)
		if err != nil {
			templateErr = err
			return
		}
		defer st.Close()
		for _, src := range []struct {
			file  string
			level source.Level
		}{{pv, source.LevelProvince}, {gm, source.LevelMunicipality}} {
			if _, err := importer.Boundaries(ctx, st, src.file, importer.Options{Level: src.level, Actor: "test"}); err != nil {
				templateErr = err
				return
			}
		}
		// Fold the WAL into the main file so a plain copy is complete.
		_, templateErr = st.DB().ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`)
	})
	if templateErr != nil {
		tb.Fatalf("template database: %v", templateErr)
	}
	path := filepath.Join(tb.TempDir(), "test.db")
	if err := copyFile(templatePath, path); err != nil {
		tb.Fatal(err)
	}
	st, err := store.Open(context.Background(), path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	return st, path
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
