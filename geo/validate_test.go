package geo

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

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

func TestNormalizeStructure(t *testing.T) {
	shell := box(5, 52, 5.1, 52.1)
	rotated := orb.Ring{{5.1, 52}, {5.1, 52.1}, {5, 52.1}, {5, 52}, {5.1, 52}}
	tests := []struct {
		name      string
		g         orb.Geometry
		wantErr   string // FeatureError message contains
		wantWarn  string // the one warning contains ("" = no warning)
		wantPolys int
		wantHoles int
	}{
		{"hole inside", orb.Polygon{shell, box(5.02, 52.02, 5.04, 52.04)}, "", "", 1, 1},
		{"hole touching the shell from inside at a vertex", orb.Polygon{shell, orb.Ring{{5, 52.05}, {5.02, 52.04}, {5.02, 52.06}, {5, 52.05}}}, "", "", 1, 1},
		{"hole sharing an edge with the shell", orb.Polygon{shell, box(5, 52.02, 5.04, 52.04)}, "", "", 1, 1},
		{"hole outside the shell", orb.Polygon{shell, box(5.2, 52.2, 5.3, 52.3)}, "", "ring 1 lies outside the exterior ring; dropped (a hole outside its shell subtracts nothing)", 1, 0},
		{"hole far outside", orb.Polygon{shell, box(10, 10, 11, 11)}, "", "ring 1 lies outside", 1, 0},
		{"hole outside touching a shell corner", orb.Polygon{shell, box(5.1, 52.1, 5.2, 52.2)}, "", "ring 1 lies outside", 1, 0},
		{"hole outside sharing an edge", orb.Polygon{shell, box(5.1, 52, 5.2, 52.1)}, "", "ring 1 lies outside", 1, 0},
		{"hole crossing the shell", orb.Polygon{shell, box(5.05, 52.02, 5.15, 52.04)}, "hole ring 1 crosses the exterior ring near 5.1000,52.0400", "", 0, 0},
		{"hole passing through a shell corner", orb.Polygon{shell, orb.Ring{{5.05, 52.05}, {5.15, 52.15}, {5.05, 52.15}, {5.05, 52.05}}}, "hole ring 1 crosses the exterior ring", "", 0, 0},
		{"hole passing through a shell edge at its vertex", orb.Polygon{shell, orb.Ring{{5.05, 52.05}, {5.1, 52.06}, {5.15, 52.05}, {5.1, 52.04}, {5.05, 52.05}}}, "hole ring 1 crosses the exterior ring near 5.1000,52.0", "", 0, 0},
		{"hole equal to the shell reversed", orb.Polygon{shell, reversed(shell)}, "", "ring 1 runs along the exterior ring all the way round", 1, 0},
		{"hole equal to the shell", orb.Polygon{shell, shell}, "", "ring 1 runs along the exterior ring", 1, 0},
		{"hole along the shell with an extra vertex", orb.Polygon{shell, orb.Ring{{5, 52}, {5.05, 52}, {5.1, 52}, {5.1, 52.1}, {5, 52.1}, {5, 52}}}, "", "ring 1 runs along the exterior ring", 1, 0},
		{"hole with zero area", orb.Polygon{shell, orb.Ring{{5.02, 52.02}, {5.02, 52.03}, {5.02, 52.04}, {5.02, 52.02}}}, "", "ring 1 (a hole) has zero area; dropped", 1, 0},
		{"hole collapsing to a line", orb.Polygon{shell, orb.Ring{{5.02, 52.02}, {5.04, 52.04}, {5.02, 52.02}, {5.02, 52.02}}}, "", "ring 1 (a hole) has zero area; dropped", 1, 0},
		{"two holes crossing", orb.Polygon{shell, box(5.02, 52.02, 5.05, 52.05), box(5.04, 52.04, 5.07, 52.07)}, "hole rings 1 and 2 overlap near 5.0400,52.0500", "", 0, 0},
		{"hole inside a hole", orb.Polygon{shell, box(5.02, 52.02, 5.08, 52.08), box(5.04, 52.04, 5.06, 52.06)}, "hole rings 1 and 2 overlap near", "", 0, 0},
		{"two equal holes", orb.Polygon{shell, box(5.02, 52.02, 5.04, 52.04), reversed(box(5.02, 52.02, 5.04, 52.04))}, "", "hole ring 2 repeats hole ring 1; dropped", 1, 1},
		{"two holes touching at a point", orb.Polygon{shell, box(5.02, 52.02, 5.04, 52.04), box(5.04, 52.04, 5.06, 52.06)}, "", "", 1, 2},
		{"two holes sharing an edge", orb.Polygon{shell, box(5.02, 52.02, 5.04, 52.04), box(5.04, 52.02, 5.06, 52.04)}, "", "hole rings 1 and 2 share edges; merged into one hole", 1, 1},
		{"twin parts", orb.MultiPolygon{{shell}, {shell}}, "", "polygon 1 repeats polygon 0; dropped", 1, 0},
		{"twin parts from another start", orb.MultiPolygon{{shell}, {rotated}}, "", "polygon 1 repeats polygon 0; dropped", 1, 0},
		{"twin parts with holes", orb.MultiPolygon{{shell, box(5.02, 52.02, 5.04, 52.04)}, {shell, box(5.02, 52.02, 5.04, 52.04)}}, "", "polygon 1 repeats polygon 0", 1, 1},
		{"parts with the same area", orb.MultiPolygon{{shell}, {orb.Ring{{5, 52}, {5.05, 52}, {5.1, 52}, {5.1, 52.1}, {5, 52.1}, {5, 52}}}}, "", "polygon 1 covers the same area as polygon 0; dropped", 1, 0},
		{"same shell, one with a hole", orb.MultiPolygon{{shell}, {shell, box(5.02, 52.02, 5.04, 52.04)}}, "polygons 0 and 1 overlap near", "", 0, 0},
		{"part inside another", orb.MultiPolygon{{shell}, {box(5.02, 52.02, 5.04, 52.04)}}, "polygons 0 and 1 overlap near 5.0", "", 0, 0},
		{"part around another", orb.MultiPolygon{{box(5.02, 52.02, 5.04, 52.04)}, {shell}}, "polygons 0 and 1 overlap", "", 0, 0},
		{"parts crossing", orb.MultiPolygon{{shell}, {box(5.05, 52.05, 5.15, 52.15)}}, "polygons 0 and 1 overlap near 5.1000,52.0500", "", 0, 0},
		{"part in the hole of another", orb.MultiPolygon{{shell, box(5.02, 52.02, 5.08, 52.08)}, {box(5.04, 52.04, 5.06, 52.06)}}, "", "", 2, 1},
		{"part filling the hole of another", orb.MultiPolygon{{shell, box(5.02, 52.02, 5.08, 52.08)}, {box(5.02, 52.02, 5.08, 52.08)}}, "", "", 2, 1},
		{"parts sharing an edge", orb.MultiPolygon{{shell}, {box(5.1, 52, 5.2, 52.1)}}, "", "polygons 0 and 1 share edges; merged into 1 polygon(s)", 1, 0},
		{"parts touching at a corner", orb.MultiPolygon{{shell}, {box(5.1, 52.1, 5.2, 52.2)}}, "", "", 2, 0},
		{"hole outside in part 1", orb.MultiPolygon{{shell}, {box(6, 52, 6.1, 52.1), box(7, 52, 7.1, 52.1)}}, "", "polygon 1: hole ring 1 lies outside the exterior ring", 2, 0},
		{"hole crossing in part 1", orb.MultiPolygon{{shell}, {box(6, 52, 6.1, 52.1), box(6.05, 52.02, 6.15, 52.04)}}, "polygon 1: hole ring 1 crosses the exterior ring near 6.1000,52.0400", "", 0, 0},
		// The loops of a repaired bow-tie touch at the crossing: no overlap.
		{"bow-tie", orb.Polygon{{{7, 52}, {7.1, 52.1}, {7.1, 52}, {7, 52.1}, {7, 52}}}, "", "self-intersecting ring repaired", 2, 0},
		// A ring touching itself becomes a shell with a hole touching it.
		{"self-touching ring", orb.Polygon{{{5, 52}, {5.1, 52}, {5.1, 52.1}, {5, 52.1}, {5, 52.05}, {5.05, 52.03}, {5.05, 52.07}, {5, 52.05}, {5, 52}}}, "", "self-intersecting ring repaired", 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bs, ws, err := Normalize([]Feature{feat(0, "GM0001", "A", sq(3.3, 51)), feat(1, "GM0363", "Amsterdam", tt.g)}, LevelMunicipality)
			if tt.wantErr != "" {
				var fe *FeatureError
				if !errors.As(err, &fe) || fe.Index != 1 || fe.Code != "GM0363" || fe.Field != "geometry" || !strings.Contains(fe.Message, tt.wantErr) {
					t.Fatalf("err = %v, want a geometry FeatureError for feature 1 (GM0363) containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, w := range ws {
				got = append(got, w.String())
			}
			if tt.wantWarn == "" && len(ws) != 0 || tt.wantWarn != "" && (len(ws) != 1 || ws[0].Code != "GM0363" || !strings.Contains(ws[0].Message, tt.wantWarn)) {
				t.Errorf("warnings = %q, want one containing %q", got, tt.wantWarn)
			}
			polys, holes := 0, 0
			for _, p := range bs[1].Geometry {
				polys++
				holes += len(p) - 1
			}
			if polys != tt.wantPolys || holes != tt.wantHoles {
				t.Errorf("got %d polygons, %d holes; want %d, %d", polys, holes, tt.wantPolys, tt.wantHoles)
			}
		})
	}
}

// TestNormalizeStructureWarningText pins the wording a user sees.
func TestNormalizeStructureWarningText(t *testing.T) {
	shell := box(5, 52, 5.1, 52.1)
	_, ws, err := Normalize([]Feature{feat(4, "GM0363", "A", orb.Polygon{shell, box(5.2, 52.2, 5.3, 52.3)})}, LevelMunicipality)
	if err != nil || len(ws) != 1 {
		t.Fatalf("%v %v", err, ws)
	}
	if got, want := ws[0].String(), "GM0363: hole ring 1 lies outside the exterior ring; dropped (a hole outside its shell subtracts nothing)"; got != want {
		t.Errorf("warning = %q, want %q", got, want)
	}
	_, _, err = Normalize([]Feature{feat(4, "GM0363", "A", orb.Polygon{shell, box(5.05, 52.02, 5.15, 52.04)})}, LevelMunicipality)
	if got, want := fmt.Sprint(err), "feature 4 (GM0363): geometry: hole ring 1 crosses the exterior ring near 5.1000,52.0400"; got != want {
		t.Errorf("error = %q, want %q", got, want)
	}
}

// TestRealDataStructure pins what Normalize makes of the real boundary
// fixtures, so that the structural checks reject nothing real and change
// nothing. gemeente_2024 and wijk_2025 are subsets (testdata/README.md)
// chosen to hold the source's holes, MultiPolygons, spikes and
// self-touching rings; the wijken are renumbered with GM codes so that they
// pass as municipalities.
func TestRealDataStructure(t *testing.T) {
	tests := []struct {
		file                            string
		level                           Level
		bounds, polys, holes, positions int
		warns                           int
	}{
		{"gemeente_2025.geojson", LevelMunicipality, 342, 350, 0, 6456, 1},
		{"gemeente_2025.topojson", LevelMunicipality, 342, 350, 0, 6456, 1},
		{"gemeente_2024.geojson", LevelMunicipality, 21, 32, 1, 820, 3},
		{"gemeente_2024.topojson", LevelMunicipality, 21, 32, 1, 820, 3},
		{"provincie_2025.geojson", LevelProvince, 12, 24, 3, 1603, 1}, // PV29: two holes sharing an edge merged
		{"provincie_2025.topojson", LevelProvince, 12, 24, 3, 1603, 1},
		{"wijk_2025.geojson", LevelMunicipality, 208, 214, 14, 1727, 8},
		{"wijk_2025.topojson", LevelMunicipality, 208, 214, 14, 1727, 8},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			feats := openFeatures(t, tt.file)
			if strings.HasPrefix(tt.file, "wijk") {
				for i := range feats {
					feats[i].Properties = map[string]any{"statcode": fmt.Sprintf("GM%04d", i), "statnaam": "W"}
				}
			}
			bs, ws, err := Normalize(feats, tt.level)
			if err != nil {
				t.Fatal(err)
			}
			polys, holes, positions := 0, 0, 0
			for _, b := range bs {
				polys += len(b.Geometry)
				for _, p := range b.Geometry {
					holes += len(p) - 1
					for _, r := range p {
						positions += len(r)
					}
				}
			}
			got := fmt.Sprint(len(bs), polys, holes, positions, len(ws))
			want := fmt.Sprint(tt.bounds, tt.polys, tt.holes, tt.positions, tt.warns)
			if got != want {
				t.Errorf("boundaries, polygons, holes, positions, warnings = %s, want %s; warnings %v", got, want, ws)
			}
			for _, w := range ws {
				if !strings.Contains(w.Message, "spike") && !strings.Contains(w.Message, "self-intersecting ring repaired") && !strings.Contains(w.Message, "share edges; merged") {
					t.Errorf("unexpected warning %s", w)
				}
			}
		})
	}
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

func TestNormalizeLargeRingWithHole(t *testing.T) {
	bs, ws, err := Normalize([]Feature{feat(0, "GM0001", "Ring", circleWithHole(100_000, 10_000))}, LevelMunicipality)
	if err != nil || len(ws) != 0 || len(bs[0].Geometry) != 1 || len(bs[0].Geometry[0]) != 2 {
		t.Fatalf("%v, warnings %v", err, ws)
	}
}

func BenchmarkNormalizeCircleWithHole100k(b *testing.B) {
	fs := []Feature{feat(0, "GM0001", "X", circleWithHole(100_000, 10_000))}
	for b.Loop() {
		if _, _, err := Normalize(fs, LevelMunicipality); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNormalizeTwinParts100k is the worst case of the part check: two
// identical 100,000-position parts that differ in one vertex, so that the
// copy test fails and every segment of one touches the other.
func BenchmarkNormalizeTwinParts100k(b *testing.B) {
	c := noisyCircle(100_000)
	d := append(orb.Ring(nil), c...)
	d[50_000] = orb.Point{5.2, 52.1}
	fs := []Feature{feat(0, "GM0001", "X", orb.MultiPolygon{{c}, {d}})}
	for b.Loop() {
		Normalize(fs, LevelMunicipality)
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
