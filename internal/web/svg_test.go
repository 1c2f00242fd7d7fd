package web

import (
	"math"
	"math/rand"
	"regexp"
	"strconv"
	"testing"

	"github.com/paulmach/orb"
)

// TestFitMercatorPlacesPointsAsLeafletDoes protects the first view's
// alignment with the page's map: the bound's corners are the drawing's
// corners, and a latitude in between lies where spherical Web Mercator
// (Leaflet's EPSG:3857) puts it.
func TestFitMercatorPlacesPointsAsLeafletDoes(t *testing.T) {
	b := orb.Bound{Min: orb.Point{3.36, 50.75}, Max: orb.Point{7.23, 53.56}}
	p := FitMercator(b, 1200)
	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-6 }
	if x, y := p.XY(orb.Point{3.36, 53.56}); !near(x, 0) || !near(y, 0) {
		t.Errorf("north-west corner at %v,%v", x, y)
	}
	if x, y := p.XY(orb.Point{7.23, 50.75}); !near(x, 1200) || !near(y, p.H) {
		t.Errorf("south-east corner at %v,%v, want 1200,%v", x, y, p.H)
	}
	// Leaflet: y = R·ln(tan(π/4 + φ/2)); the drawing's y is its distance from the north edge on the same scale as x.
	merc := func(lat float64) float64 { return math.Log(math.Tan(math.Pi/4 + lat*math.Pi/360)) }
	perRadian := 1200 / ((7.23 - 3.36) * math.Pi / 180)
	_, y := p.XY(orb.Point{5, 52.1})
	if want := (merc(53.56) - merc(52.1)) * perRadian; math.Abs(y-want) > 1e-6 {
		t.Errorf("52.1° N at y %v, want %v", y, want)
	}
}

// TestCompactPathDrawsTheRingsOfPath protects the relative, whole-unit path
// form: read back, it gives the points of Path rounded to whole units (each
// once), ring by ring, for any shape.
func TestCompactPathDrawsTheRingsOfPath(t *testing.T) {
	b := orb.Bound{Min: orb.Point{3.36, 50.75}, Max: orb.Point{7.23, 53.56}}
	p := FitMercator(b, 1200)
	rng := rand.New(rand.NewSource(1))
	ring := func() orb.Ring {
		r := orb.Ring{}
		for i := 0; i < 3+rng.Intn(40); i++ {
			r = append(r, orb.Point{3.36 + rng.Float64()*3.87, 50.75 + rng.Float64()*2.81})
			if rng.Intn(4) == 0 { // a point that rounds onto the one before
				r = append(r, r[len(r)-1])
			}
		}
		return append(r, r[0])
	}
	cmd := regexp.MustCompile(`[Mlz]|-?\d+`)
	for n := 0; n < 200; n++ {
		mp := orb.MultiPolygon{}
		for i := 0; i < 1+rng.Intn(3); i++ {
			mp = append(mp, orb.Polygon{ring(), ring()})
		}
		// The rings as read back from CompactPath.
		var got [][][2]int64
		var x, y int64
		relative := false
		var nums []int64
		for _, tok := range cmd.FindAllString(p.CompactPath(mp), -1) {
			switch tok {
			case "M":
				got = append(got, nil)
				relative = false
			case "l":
				relative = true
			case "z":
			default:
				v, _ := strconv.ParseInt(tok, 10, 64)
				nums = append(nums, v)
				if len(nums) == 2 {
					if relative {
						x, y = x+nums[0], y+nums[1]
					} else {
						x, y = nums[0], nums[1]
					}
					got[len(got)-1] = append(got[len(got)-1], [2]int64{x, y})
					nums = nums[:0]
				}
			}
		}
		// The same rings from the projection, rounded, repeats dropped.
		var want [][][2]int64
		for _, poly := range mp {
			for _, r := range poly {
				var pts [][2]int64
				for _, pt := range r {
					fx, fy := p.XY(pt)
					q := [2]int64{int64(math.Round(fx)), int64(math.Round(fy))}
					if len(pts) == 0 || pts[len(pts)-1] != q {
						pts = append(pts, q)
					}
				}
				want = append(want, pts)
			}
		}
		if len(got) != len(want) {
			t.Fatalf("shape %d: %d rings, want %d", n, len(got), len(want))
		}
		for i := range want {
			if len(got[i]) != len(want[i]) {
				t.Fatalf("shape %d ring %d: %d points, want %d", n, i, len(got[i]), len(want[i]))
			}
			for j := range want[i] {
				if got[i][j] != want[i][j] {
					t.Fatalf("shape %d ring %d point %d: %v, want %v", n, i, j, got[i][j], want[i][j])
				}
			}
		}
	}
}
