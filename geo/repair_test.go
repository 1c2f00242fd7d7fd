package geo

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

// TestRepairStructure pins the rules for holes and parts: what is dropped
// or merged with a warning, and what is an error.
func TestRepairStructure(t *testing.T) {
	shell := box(5, 52, 5.1, 52.1)
	rotated := orb.Ring{{5.1, 52}, {5.1, 52.1}, {5, 52.1}, {5, 52}, {5.1, 52}}
	tests := []struct {
		name      string
		g         orb.Geometry
		wantErr   string // the error contains
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
			var ws []string
			mp, err := Repair(multi(tt.g), func(msg string) { ws = append(ws, msg) }, nil)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want an error containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tt.wantWarn == "" && len(ws) != 0 || tt.wantWarn != "" && (len(ws) != 1 || !strings.Contains(ws[0], tt.wantWarn)) {
				t.Errorf("warnings = %q, want one containing %q", ws, tt.wantWarn)
			}
			polys, holes := 0, 0
			for _, p := range mp {
				polys++
				holes += len(p) - 1
			}
			if polys != tt.wantPolys || holes != tt.wantHoles {
				t.Errorf("got %d polygons, %d holes; want %d, %d", polys, holes, tt.wantPolys, tt.wantHoles)
			}
		})
	}
}

func TestRemoveSpikes(t *testing.T) {
	tests := []struct {
		name    string
		in      []orb.Point
		want    []orb.Point
		removed bool
	}{
		{"none", []orb.Point{{0, 0}, {1, 0}, {1, 1}}, []orb.Point{{0, 0}, {1, 0}, {1, 1}}, false},
		{"interior", []orb.Point{{0, 0}, {2, 0}, {3, 0}, {2, 0}, {2, 2}}, []orb.Point{{0, 0}, {2, 0}, {2, 2}}, true},
		{"nested", []orb.Point{{0, 0}, {2, 0}, {2, 1}, {2, 2}, {2, 1}, {2, 0}, {3, 0}, {3, 3}}, []orb.Point{{0, 0}, {2, 0}, {3, 0}, {3, 3}}, true},
		{"at the seam", []orb.Point{{5, 0}, {0, 0}, {1, 0}, {1, 1}}, []orb.Point{{5, 0}, {1, 0}, {1, 1}}, true},
		{"collapses", []orb.Point{{0, 0}, {1, 0}, {2, 0}}, []orb.Point{{0, 0}, {1, 0}}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, removed := removeSpikes(append([]orb.Point(nil), tt.in...))
			if fmt.Sprint(got) != fmt.Sprint(tt.want) || removed != tt.removed {
				t.Fatalf("got %v, %v; want %v, %v", got, removed, tt.want, tt.removed)
			}
		})
	}
}

func TestRepairGivesUpOnTangles(t *testing.T) {
	// A star polygon {n/k}: every edge crosses most others, n²/2 crossings.
	n, k := 401, 199
	var r orb.Ring
	for i := 0; i <= n; i++ {
		a := 2 * math.Pi * float64((i*k)%n) / float64(n)
		r = append(r, orb.Point{5 + 0.1*math.Cos(a), 52 + 0.1*math.Sin(a)})
	}
	_, err := Repair(orb.MultiPolygon{{r}}, nil, nil)
	if !errors.Is(err, errRepair) || !strings.Contains(err.Error(), "ring 0: ") || !strings.Contains(err.Error(), "more than") {
		t.Fatalf("got %v, want an error about too many crossings in ring 0", err)
	}
}

func TestSelfIntersectionCheckIsBounded(t *testing.T) {
	// A folded ribbon of 20,000 long parallel diagonals: simple, but every
	// segment's box overlaps every other's, so a box-based check needs
	// n² comparisons and gives up.
	const n, eps = 10_000, 1e-6
	var r orb.Ring
	for i := range n {
		x := float64(2*i) * eps
		r = append(r, orb.Point{5 + x, 52}, orb.Point{5.1 + x, 52.1}, orb.Point{5.1 + x + eps, 52.1}, orb.Point{5 + x + eps, 52})
	}
	r = append(r, orb.Point{5 + 2*n*eps, 52}, orb.Point{5 + 2*n*eps, 51.9}, orb.Point{5, 51.9}, orb.Point{5, 52})
	_, err := Repair(orb.MultiPolygon{{r}}, nil, nil)
	if !errors.Is(err, errTooComplex) {
		t.Fatalf("got %v, want an error about a too complex ring", err)
	}
}

// repairCounting repairs mp and returns the warnings.
func repairCounting(mp orb.MultiPolygon) (orb.MultiPolygon, []string, error) {
	var ws []string
	out, err := Repair(mp, func(msg string) { ws = append(ws, msg) }, nil)
	return out, ws, err
}

func TestRepairLargeRings(t *testing.T) {
	mp, ws, err := repairCounting(orb.MultiPolygon{{noisyCircle(100_000)}})
	if err != nil || len(ws) != 0 || len(mp) != 1 {
		t.Fatalf("circle: %v, warnings %v", err, ws)
	}
	mp, ws, err = repairCounting(orb.MultiPolygon{{bowTie(100_000)}})
	if err != nil || len(ws) != 1 || !strings.Contains(ws[0], "self-intersecting ring repaired") || len(mp) != 2 {
		t.Fatalf("bow-tie: %v, warnings %v, want 2 polygons and a repair warning", err, ws)
	}
	mp, ws, err = repairCounting(orb.MultiPolygon{circleWithHole(100_000, 10_000)})
	if err != nil || len(ws) != 0 || len(mp) != 1 || len(mp[0]) != 2 {
		t.Fatalf("circle with hole: %v, warnings %v", err, ws)
	}
}

// TestRepairRealData2024: the 2024 municipalities hold a self-intersecting
// ring (GM0160, along GM0175); after repair no ring crosses or touches
// itself and every ring is closed, with area and RFC 7946 winding.
func TestRepairRealData2024(t *testing.T) {
	bs, ws := loadBoundaries(t, "gemeente_2024.geojson")
	found := false
	for _, w := range ws {
		found = found || strings.HasPrefix(w, "GM0160: self-intersecting ring repaired near ")
	}
	if !found {
		t.Errorf("no GM0160 self-intersection warning in %v", ws)
	}
	for _, b := range bs {
		for _, p := range b.Geometry {
			for _, r := range p {
				if selfIntersects([]orb.Point(r[:len(r)-1])) {
					t.Errorf("%s: ring still self-intersecting", b.Code)
				}
			}
		}
		checkRings(t, b.Code, b.Geometry)
	}
}

func benchmarkRepair(b *testing.B, mp orb.MultiPolygon) {
	for b.Loop() {
		if _, err := Repair(mp, nil, nil); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRepairCircle100k(b *testing.B) {
	benchmarkRepair(b, orb.MultiPolygon{{noisyCircle(100_000)}})
}
func BenchmarkRepairBowTie100k(b *testing.B) { benchmarkRepair(b, orb.MultiPolygon{{bowTie(100_000)}}) }
func BenchmarkRepairCircleWithHole100k(b *testing.B) {
	benchmarkRepair(b, orb.MultiPolygon{circleWithHole(100_000, 10_000)})
}

// BenchmarkRepairTwinParts100k is the worst case of the part check: two
// identical 100,000-position parts that differ in one vertex, so that the
// copy test fails and every segment of one touches the other.
func BenchmarkRepairTwinParts100k(b *testing.B) {
	c := noisyCircle(100_000)
	d := append(orb.Ring(nil), c...)
	d[50_000] = orb.Point{5.2, 52.1}
	mp := orb.MultiPolygon{{c}, {d}}
	for b.Loop() {
		Repair(mp, nil, nil)
	}
}

func BenchmarkSelfIntersects100k(b *testing.B) {
	r := noisyCircle(100_000)
	pts := []orb.Point(r[:len(r)-1])
	for b.Loop() {
		if selfIntersects(pts) {
			b.Fatal("circle reported as self-intersecting")
		}
	}
}
