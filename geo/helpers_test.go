package geo

import (
	"os"
	"testing"

	"github.com/inclusiekaart/inclusiekaart/internal/fixture"
)

// dataFile is the committed boundary fixture testdata/boundaries/name (see
// testdata/README.md: the 2025 files are whole, gemeente_2024 and wijk_2025
// subsets); the test fails when it is missing.
func dataFile(t testing.TB, name string) string {
	t.Helper()
	return fixture.Boundaries(t, name)
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
