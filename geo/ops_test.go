package geo

import (
	"encoding/csv"
	"os"
	"testing"

	"github.com/paulmach/orb"
)

func TestContainsInteriorPointProvinces(t *testing.T) {
	gm, _ := loadBoundaries(t, "gemeente_2025.geojson")
	pv, _ := loadBoundaries(t, "provincie_2025.geojson")
	counts := map[string]int{}
	assigned := map[string]string{}
	for _, b := range gm {
		ip := InteriorPoint(b.Geometry)
		if !Contains(b.Geometry, ip) {
			t.Errorf("%s: InteriorPoint %v not inside", b.Code, ip)
		}
		var in []string
		for _, p := range pv {
			if Contains(p.Geometry, ip) {
				in = append(in, p.Code)
			}
		}
		if len(in) != 1 {
			t.Errorf("%s: interior point %v in provinces %v, want exactly one", b.Code, ip, in)
			continue
		}
		counts[in[0]]++
		assigned[b.Code] = in[0]
	}
	want := map[string]int{"PV20": 10, "PV21": 18, "PV22": 12, "PV23": 25, "PV24": 6, "PV25": 51,
		"PV26": 26, "PV27": 44, "PV28": 50, "PV29": 13, "PV30": 56, "PV31": 31}
	for code, n := range want {
		if counts[code] != n {
			t.Errorf("%s: %d municipalities, want %d", code, counts[code], n)
		}
	}
	// And per municipality against the CSV.
	f, err := os.Open(dataFile(t, "gemeenten_2025.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows[1:] {
		if assigned[r[0]] != r[2] {
			t.Errorf("%s: province %s, CSV says %s", r[0], assigned[r[0]], r[2])
		}
	}
}

func TestContainsHoles(t *testing.T) {
	outer := orb.Ring{{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}}
	hole := orb.Ring{{4, 4}, {4, 6}, {6, 6}, {6, 4}, {4, 4}}
	mp := orb.MultiPolygon{{outer, hole}, {{{20, 0}, {21, 0}, {21, 1}, {20, 0}}}}
	tests := []struct {
		p    orb.Point
		want bool
	}{{orb.Point{1, 1}, true}, {orb.Point{5, 5}, false}, {orb.Point{20.9, 0.5}, true}, {orb.Point{15, 5}, false}}
	for _, tt := range tests {
		if got := Contains(mp, tt.p); got != tt.want {
			t.Errorf("Contains(%v) = %v, want %v", tt.p, got, tt.want)
		}
	}
	// U shape: the centroid lies outside; the interior point must not.
	u := orb.MultiPolygon{{{{0, 0}, {3, 0}, {3, 3}, {2, 3}, {2, 1}, {1, 1}, {1, 3}, {0, 3}, {0, 0}}}}
	if ip := InteriorPoint(u); !Contains(u, ip) {
		t.Errorf("U: InteriorPoint %v outside", ip)
	}
	if ip := InteriorPoint(mp); !Contains(mp, ip) || ip[0] > 10 {
		t.Errorf("InteriorPoint %v not in the largest polygon", ip)
	}
	if got := InteriorPoint(nil); got != (orb.Point{}) {
		t.Errorf("InteriorPoint(nil) = %v", got)
	}
	if Contains(orb.MultiPolygon{{{}}}, orb.Point{}) {
		t.Error("empty ring contains a point")
	}
}

func TestNeighbours(t *testing.T) {
	a := orb.MultiPolygon{sq(0, 0)}
	b := orb.MultiPolygon{sq(0.1, 0)}                                                                        // shares x=0.1 edge with a
	c := orb.MultiPolygon{sq(0.2, 0.1)}                                                                      // touches b at a corner only
	d := orb.MultiPolygon{{{{0.1, 0.1}, {0, 0.1}, {0.05, 0.2}, {0.1, 0.1}}}}                                 // shares a's top edge, reversed
	e := orb.MultiPolygon{{{{0.2, 0.00000001}, {0.3, 0}, {0.3, 0.1}, {0.2, 0.10000001}, {0.2, 0.00000001}}}} // b's right edge after snapping
	got := Neighbours([]orb.MultiPolygon{a, b, c, d, e})
	want := [][2]int{{0, 1}, {0, 3}, {1, 4}, {2, 4}} // e also shares c's bottom edge
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("got %v, want %v", got, want)
		}
	}
}

func TestLevelForZoom(t *testing.T) {
	for z, want := range map[int]int{0: 0, 7: 0, 8: 1, 9: 1, 10: 2, 11: 2, 12: 3, 22: 3} {
		if got := LevelForZoom(z); got != want {
			t.Errorf("LevelForZoom(%d) = %d, want %d", z, got, want)
		}
	}
	if len(ZoomLevels) != 4 || ZoomLevels[3].Tolerance != 0 || ZoomLevels[3].Decimals != 6 {
		t.Errorf("ZoomLevels = %+v", ZoomLevels)
	}
}

func TestIntersectsBound(t *testing.T) {
	// A U shape: x 0..3, y 0..3 with a notch x 1..2, y 1..3; plus a
	// square with a hole at 10..13.
	u := orb.Polygon{{{0, 0}, {3, 0}, {3, 3}, {2, 3}, {2, 1}, {1, 1}, {1, 3}, {0, 3}, {0, 0}}}
	holed := orb.Polygon{box(10, 10, 13, 13), reversed(box(11, 11, 12, 12))}
	mp := orb.MultiPolygon{u, holed}
	bb := func(x0, y0, x1, y1 float64) orb.Bound {
		return orb.Bound{Min: orb.Point{x0, y0}, Max: orb.Point{x1, y1}}
	}
	tests := []struct {
		name string
		b    orb.Bound
		want bool
	}{
		{"box around everything", bb(-1, -1, 20, 20), true},
		{"box inside the area", bb(0.2, 0.2, 0.8, 0.8), true},
		{"polygon vertex inside the box", bb(2.5, 2.5, 4, 4), true},
		{"edges crossing, no vertex inside either", bb(-1, 0.5, 4, 0.6), true},
		{"box in the notch", bb(1.2, 1.5, 1.8, 2.5), false},
		{"box around the notch's mouth, not touching", bb(1.2, 1.5, 1.8, 4), false},
		{"box touching an edge", bb(1.2, 1.5, 2, 2.5), true},
		{"box touching a vertex", bb(3, 3, 4, 4), true},
		{"box outside", bb(5, 5, 6, 6), false},
		{"box inside a hole", bb(11.2, 11.2, 11.8, 11.8), false},
		{"box touching the hole's edge", bb(11.2, 11.2, 12, 11.8), true},
		{"box around the hole", bb(10.5, 10.5, 12.5, 12.5), true},
		{"point inside", bb(0.5, 0.5, 0.5, 0.5), true},
		{"point on the boundary", bb(3, 1, 3, 1), true},
		{"point in the notch", bb(1.5, 2, 1.5, 2), false},
		{"point in the hole", bb(11.5, 11.5, 11.5, 11.5), false},
		{"horizontal line across the notch", bb(1.2, 2, 1.8, 2), false},
		{"horizontal line into the U", bb(1.5, 2, 2.5, 2), true},
		{"vertical line through everything", bb(0.5, -5, 0.5, 5), true},
		{"inverted box", bb(1, 1, 0, 0), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IntersectsBound(mp, tt.b); got != tt.want {
				t.Errorf("IntersectsBound(%v) = %v, want %v", tt.b, got, tt.want)
			}
		})
	}
	if IntersectsBound(nil, bb(0, 0, 1, 1)) {
		t.Error("nil geometry intersects")
	}
}

func BenchmarkNeighboursWijk(b *testing.B) {
	wijken := readPolygons(b, "wijk_2025.geojson")
	geoms := make([]orb.MultiPolygon, len(wijken))
	for i, w := range wijken {
		geoms[i] = w.Geometry
	}
	for b.Loop() {
		Neighbours(geoms)
	}
}
