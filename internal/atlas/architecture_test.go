package atlas_test

import (
	"go/build"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

const module = "github.com/inclusiekaart/inclusiekaart/"

// imports returns the non-test imports of the package in dir (relative to
// the repository root).
func imports(t *testing.T, dir string) []string {
	t.Helper()
	pkg, err := build.ImportDir(filepath.Join("..", "..", dir), 0)
	if err != nil {
		t.Fatalf("%s: %v", dir, err)
	}
	return pkg.Imports
}

// TestDataFlowsOneWay protects the layering import → geo → store → atlas →
// adapters (server, ogc, web, cli): the adapters never reach the store or
// the database, the service never speaks HTTP, the lower layers never import
// the upper ones.
func TestDataFlowsOneWay(t *testing.T) {
	forbidden := map[string][]string{
		"internal/server":   {module + "internal/store", "database/sql", "github.com/mattn/go-sqlite3"},
		"internal/ogc":      {module + "internal/store", "database/sql", "github.com/mattn/go-sqlite3", module + "internal/server"},
		"internal/web":      {module + "internal/store", "database/sql", "github.com/mattn/go-sqlite3", module + "internal/server", module + "internal/ogc"},
		"cmd/inclusiekaart": {module + "internal/store", "database/sql"},
		"internal/atlas":    {"net/http", module + "internal/server", module + "internal/ogc", module + "internal/web"},
		"internal/store":    {"net/http", module + "internal/atlas", module + "internal/server", module + "internal/ogc"},
		"internal/importer": {"net/http", module + "internal/atlas", module + "internal/server"},
		"geo":               {"net/http", module + "geo/source", module + "internal/store", module + "internal/atlas"},
		"geo/source":        {module + "internal/store", module + "internal/atlas"},
	}
	for dir, bad := range forbidden {
		for _, imp := range imports(t, dir) {
			for _, b := range bad {
				if imp == b {
					t.Errorf("%s imports %s", dir, imp)
				}
			}
		}
	}
}

// sqlRE finds SQL statements in Go source.
var sqlRE = regexp.MustCompile(`(?i)\b(SELECT\s+[\w*(]|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+(TABLE|INDEX|TRIGGER)|PRAGMA\s+\w)`)

// TestAdaptersHoldNoSQL protects the same rule by reading the adapters'
// source: no SQL statement in any production file.
func TestAdaptersHoldNoSQL(t *testing.T) {
	for _, dir := range []string{"internal/server", "internal/ogc", "internal/web", "cmd/inclusiekaart", "internal/atlas"} {
		files, err := filepath.Glob(filepath.Join("..", "..", dir, "*.go"))
		if err != nil || len(files) == 0 {
			t.Fatalf("%s: %v (%d files)", dir, err, len(files))
		}
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if m := sqlRE.Find(b); m != nil {
				t.Errorf("%s holds SQL: %q", f, m)
			}
		}
	}
}

// TestTheCodePatternLivesInOnePlace protects the single definition of the
// CBS municipality code's form: no other Go or JavaScript file spells it.
func TestTheCodePatternLivesInOnePlace(t *testing.T) {
	// "GM" then four digits, as a character class or \d{4} (a bare \d{4} is a year).
	pattern := regexp.MustCompile(`GM\[?0-9|GM\\d\{4\}`)
	var found []string
	root := filepath.Join("..", "..")
	for _, dir := range []string{"cmd", "geo", "internal", "static", "data"} {
		filepath.WalkDir(filepath.Join(root, dir), func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				if d != nil && d.IsDir() && d.Name() == "vendor" {
					return filepath.SkipDir
				}
				return err
			}
			if !strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, ".js") && !strings.HasSuffix(path, ".mjs") {
				return nil
			}
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			if pattern.Match(b) {
				rel, _ := filepath.Rel(root, path)
				found = append(found, rel)
			}
			return nil
		})
	}
	if len(found) != 1 || found[0] != filepath.Join("internal", "cbs", "code.go") {
		t.Errorf("the code pattern is spelled in %v; want only internal/cbs/code.go", found)
	}
}
