package source

import (
	"os"
	"testing"

	"github.com/inclusiekaart/inclusiekaart/internal/fixture"
	"github.com/paulmach/orb"
)

// dataFile is the committed boundary fixture testdata/boundaries/name (see
// testdata/README.md: the 2025 files whole, gemeente_2024 and wijk_2025
// real subsets); the test fails when it is missing.
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

func sq(x, y float64) orb.Polygon {
	return orb.Polygon{{{x, y}, {x + 0.1, y}, {x + 0.1, y + 0.1}, {x, y + 0.1}, {x, y}}}
}

func feat(i int, code, name string, g orb.Geometry) Feature {
	return Feature{Index: i, Properties: map[string]any{"statcode": code, "statnaam": name}, Geometry: g}
}

// box is the closed ring of the rectangle x0..x1, y0..y1, counter-clockwise.
func box(x0, y0, x1, y1 float64) orb.Ring {
	return orb.Ring{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}
}

func reversed(r orb.Ring) orb.Ring {
	out := make(orb.Ring, len(r))
	for i := range r {
		out[i] = r[len(r)-1-i]
	}
	return out
}
