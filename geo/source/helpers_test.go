package source

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/paulmach/orb"
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
