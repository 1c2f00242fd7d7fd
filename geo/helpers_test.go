package geo

import (
	"math"
	"math/rand/v2"
	"os"
	"testing"

	"github.com/inclusiekaart/inclusiekaart/internal/fixture"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// dataFile is the committed boundary fixture testdata/boundaries/name (see
// testdata/README.md: the 2025 files whole, gemeente_2024 and wijk_2025
// real subsets); the test fails when it is missing.
func dataFile(t testing.TB, name string) string {
	t.Helper()
	return fixture.Boundaries(t, name)
}

// boundary is one feature of a shared GeoJSON file: its CBS code and its
// geometry, repaired by Repair.
type boundary struct {
	Code     string
	Geometry orb.MultiPolygon
}

// readPolygons reads the Polygon and MultiPolygon features of a shared
// GeoJSON file (all are WGS84 lon/lat) with their statcode, unrepaired.
func readPolygons(t testing.TB, name string) []boundary {
	t.Helper()
	data, err := os.ReadFile(dataFile(t, name))
	if err != nil {
		t.Fatal(err)
	}
	fc, err := geojson.UnmarshalFeatureCollection(data)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	var out []boundary
	for _, f := range fc.Features {
		if mp := multi(f.Geometry); mp != nil {
			out = append(out, boundary{Code: f.Properties.MustString("statcode", ""), Geometry: mp})
		}
	}
	return out
}

// loadBoundaries reads a shared GeoJSON file and repairs every geometry
// as an import does. The warnings read "CODE: message".
func loadBoundaries(t testing.TB, name string) ([]boundary, []string) {
	t.Helper()
	bs := readPolygons(t, name)
	var warns []string
	for i := range bs {
		code := bs[i].Code
		mp, err := Repair(bs[i].Geometry, func(msg string) { warns = append(warns, code+": "+msg) }, nil)
		if err != nil {
			t.Fatalf("%s %s: %v", name, code, err)
		}
		bs[i].Geometry = mp
	}
	return bs, warns
}

// multi returns g as a MultiPolygon (nil for other types).
func multi(g orb.Geometry) orb.MultiPolygon {
	switch v := g.(type) {
	case orb.Polygon:
		return orb.MultiPolygon{v}
	case orb.MultiPolygon:
		return v
	}
	return nil
}

func sq(x, y float64) orb.Polygon {
	return orb.Polygon{{{x, y}, {x + 0.1, y}, {x + 0.1, y + 0.1}, {x, y + 0.1}, {x, y}}}
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

// noisyCircle is a closed ring of n positions around (5.2, 52.1) with
// radial noise of about one vertex spacing (like digitising noise); it is
// star-shaped, hence simple.
func noisyCircle(n int) orb.Ring {
	rng := rand.New(rand.NewPCG(1, 2))
	r := make(orb.Ring, 0, n+1)
	for i := range n {
		a := 2 * math.Pi * float64(i) / float64(n)
		d := 0.1 * (1 + 5e-5*rng.Float64())
		r = append(r, orb.Point{5.2 + d*math.Cos(a), 52.1 + 0.6*d*math.Sin(a)})
	}
	return append(r, r[0])
}

// bowTie is a closed figure eight (lemniscate of Gerono) of n positions
// with a little noise: one self-crossing at its centre.
func bowTie(n int) orb.Ring {
	rng := rand.New(rand.NewPCG(3, 4))
	r := make(orb.Ring, 0, n+1)
	for i := range n {
		a := 2 * math.Pi * (float64(i) + 0.5) / float64(n)
		d := 0.1 * (1 + 1e-4*rng.Float64())
		r = append(r, orb.Point{5.2 + d*math.Cos(a), 52.1 + d*math.Sin(2*a)/2})
	}
	return append(r, r[0])
}

// circleWithHole is noisyCircle(n) with a hole of m positions around its
// centre.
func circleWithHole(n, m int) orb.Polygon {
	hole := noisyCircle(m)
	for i := range hole {
		hole[i] = orb.Point{5.2 + (hole[i][0]-5.2)/2, 52.1 + (hole[i][1]-52.1)/2}
	}
	return orb.Polygon{noisyCircle(n), reversed(hole)}
}
