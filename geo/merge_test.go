package geo

import (
	"fmt"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

// TestRepairLeavesNoSharedEdges: after Repair no two holes of a polygon
// and no two exterior rings of a MultiPolygon share an edge, for the real
// provinces and municipalities; PV29 Zeeland is repaired with a warning.
func TestRepairLeavesNoSharedEdges(t *testing.T) {
	for _, c := range []struct {
		file string
		n    int
	}{
		{"provincie_2025.geojson", 12},
		{"gemeente_2025.geojson", 342},
		{"gemeente_2024.geojson", 21}, // the subset of testdata/README.md
	} {
		t.Run(c.file, func(t *testing.T) {
			bs, ws := loadBoundaries(t, c.file)
			if len(bs) != c.n {
				t.Errorf("%d boundaries, want %d", len(bs), c.n)
			}
			for _, b := range bs {
				for pi, p := range b.Geometry {
					if g := sharedEdgeGroups(p[1:]); len(g) > 0 {
						t.Errorf("%s polygon %d: holes %v share an edge", b.Code, pi, g)
					}
				}
				shells := make([]orb.Ring, len(b.Geometry))
				for pi, p := range b.Geometry {
					shells[pi] = p[0]
				}
				if g := sharedEdgeGroups(shells); len(g) > 0 {
					t.Errorf("%s: polygons %v share an edge", b.Code, g)
				}
			}
			if strings.HasPrefix(c.file, "provincie") {
				found := false
				for _, w := range ws {
					found = found || w == "PV29: polygon 1: hole rings 1 and 2 share edges; merged into one hole"
				}
				if !found {
					t.Errorf("no PV29 merge warning in %v", ws)
				}
			}
		})
	}
}

func TestRepairMergesSharedEdges(t *testing.T) {
	rect := func(x0, y0, x1, y1 float64) orb.Ring {
		return orb.Ring{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}
	}
	shell := rect(5, 52, 5.1, 52.1)
	tests := []struct {
		name  string
		g     orb.Geometry
		warn  string
		polys int
		holes []int // positions per hole
		area  float64
	}{
		// two holes sharing the edge x=5.04 from y=52.02 to 52.03 (one of
		// them longer): merged into one L-shaped hole of 7 positions
		{"holes", orb.Polygon{shell, rect(5.02, 52.02, 5.04, 52.03), rect(5.04, 52.02, 5.06, 52.03)},
			"hole rings 1 and 2 share edges; merged into one hole", 1, []int{7}, 0.01 - 0.0004},
		// three holes in a row, the middle one sharing an edge with each
		{"three holes", orb.Polygon{shell, rect(5.02, 52.02, 5.03, 52.03), rect(5.03, 52.02, 5.04, 52.03), rect(5.04, 52.02, 5.05, 52.03)},
			"hole rings 1, 2 and 3 share edges; merged into one hole", 1, []int{9}, 0.01 - 0.0003},
		// holes sharing two edges on either side, enclosing a piece
		// of the polygon: the piece becomes a polygon of its own
		{"enclosing holes", orb.Polygon{shell,
			{{5.02, 52.02}, {5.02, 52.06}, {5.06, 52.06}, {5.06, 52.05}, {5.03, 52.05}, {5.03, 52.03}, {5.06, 52.03}, {5.06, 52.02}, {5.02, 52.02}},
			{{5.06, 52.02}, {5.06, 52.03}, {5.07, 52.03}, {5.07, 52.05}, {5.06, 52.05}, {5.06, 52.06}, {5.08, 52.06}, {5.08, 52.02}, {5.06, 52.02}}},
			"hole rings 1 and 2 enclose 1 area(s)", 2, []int{7}, 0.01 - 0.0024 + 0.0008},
		{"parts", orb.MultiPolygon{{rect(5, 52, 5.1, 52.1)}, {rect(5.1, 52, 5.2, 52.1), rect(5.15, 52.06, 5.16, 52.07)}},
			"polygons 0 and 1 share edges; merged into 1 polygon(s)", 1, []int{5}, 0.02 - 0.0001},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mp, ws, err := repairCounting(multi(tt.g))
			if err != nil {
				t.Fatal(err)
			}
			if len(ws) == 0 || !strings.Contains(fmt.Sprint(ws), tt.warn) {
				t.Errorf("warnings %v, want one containing %q", ws, tt.warn)
			}
			var holes []int
			area := 0.0
			for _, p := range mp {
				for ri, r := range p {
					area += ringArea(r)
					if ri > 0 {
						holes = append(holes, len(r))
					}
					if selfIntersects(r[:len(r)-1]) {
						t.Errorf("ring self-intersects: %v", r)
					}
				}
			}
			if len(mp) != tt.polys || fmt.Sprint(holes) != fmt.Sprint(tt.holes) {
				t.Errorf("got %d polygons, holes %v; want %d, %v: %v", len(mp), holes, tt.polys, tt.holes, mp)
			}
			if d := area - tt.area; d > 1e-12 || d < -1e-12 {
				t.Errorf("area %g, want %g", area, tt.area)
			}
		})
	}
}
