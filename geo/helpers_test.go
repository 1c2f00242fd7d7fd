package geo

import (
	"os"
	"path/filepath"
	"testing"
)

// dataFile finds shared/data/name by walking up from the package
// directory; it skips the test only when the data directory is absent.
func dataFile(t testing.TB, name string) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		p := filepath.Join(dir, "shared", "data", name)
		if _, err := os.Stat(p); err == nil {
			return p
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skipf("shared/data/%s not found above the package directory", name)
		}
		dir = parent
	}
}

func openFeatures(t testing.TB, name string) []Feature {
	t.Helper()
	f, err := os.Open(dataFile(t, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	feats, err := Read(f)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return feats
}

func mustNormalize(t testing.TB, name string, level Level) ([]Boundary, []Warning) {
	t.Helper()
	bs, ws, err := Normalize(openFeatures(t, name), level)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return bs, ws
}
