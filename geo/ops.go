package geo

import (
	"math"
	"sort"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// Contains reports whether p lies in mp: inside an exterior ring and not
// inside any of that polygon's holes. Points on an exterior ring count as
// inside, points on a hole ring as outside. Empty rings are ignored.
func Contains(mp orb.MultiPolygon, p orb.Point) bool {
	for _, poly := range mp {
		if len(poly) == 0 || len(poly[0]) == 0 || !planar.RingContains(poly[0], p) {
			continue
		}
		inHole := false
		for _, h := range poly[1:] {
			if len(h) > 0 && planar.RingContains(h, p) {
				inHole = true
				break
			}
		}
		if !inHole {
			return true
		}
	}
	return false
}

// polygonArea is the area of p's exterior minus its holes.
func polygonArea(p orb.Polygon) float64 {
	if len(p) == 0 {
		return 0
	}
	a := math.Abs(ringArea(p[0]))
	for _, h := range p[1:] {
		a -= math.Abs(ringArea(h))
	}
	return a
}

// InteriorPoint returns a point inside the largest polygon of mp (by area).
// Candidates are the polygon's centroid, when it lies inside, and the
// midpoints of the widest inside stretch of horizontal scan lines through
// the centroid and at eighths of the polygon's height; of the candidates
// inside, the one farthest from the boundary wins, so the point is not
// only inside but well inside (the method used for gemeenten_2025.csv).
// It returns the zero Point for an empty or degenerate mp.
func InteriorPoint(mp orb.MultiPolygon) orb.Point {
	best, bestArea := -1, -1.0
	for i, p := range mp {
		if len(p) == 0 || len(p[0]) < 4 {
			continue
		}
		if a := polygonArea(p); a > bestArea {
			best, bestArea = i, a
		}
	}
	if best < 0 {
		return orb.Point{}
	}
	poly := mp[best]
	one := orb.MultiPolygon{poly}
	var cands []orb.Point
	c, _ := planar.CentroidArea(poly)
	if isFinite(c) && Contains(one, c) {
		cands = append(cands, c)
	}
	b := poly[0].Bound()
	ys := []float64{c[1]}
	for k := 1; k < 8; k++ {
		ys = append(ys, b.Min[1]+float64(k)/8*(b.Max[1]-b.Min[1]))
	}
	for _, y := range ys {
		if p, ok := scanMidpoint(poly, y); ok && Contains(one, p) {
			cands = append(cands, p)
		}
	}
	if len(cands) == 0 {
		// Degenerate: fall back to the first vertex, which is on the
		// boundary and therefore counts as inside.
		return poly[0][0]
	}
	bestP, bestD := cands[0], -1.0
	for _, p := range cands {
		if d := boundaryDistance(poly, p); d > bestD {
			bestP, bestD = p, d
		}
	}
	return bestP
}

// scanMidpoint intersects the horizontal line at y with poly and returns
// the midpoint of the widest inside interval (even-odd).
func scanMidpoint(poly orb.Polygon, y float64) (orb.Point, bool) {
	var xs []float64
	for _, r := range poly {
		for i := 0; i+1 < len(r); i++ {
			p, q := r[i], r[i+1]
			if (p[1] > y) != (q[1] > y) {
				xs = append(xs, p[0]+(y-p[1])/(q[1]-p[1])*(q[0]-p[0]))
			}
		}
	}
	if len(xs) < 2 {
		return orb.Point{}, false
	}
	sort.Float64s(xs)
	w, mid := -1.0, 0.0
	for i := 0; i+1 < len(xs); i += 2 {
		if d := xs[i+1] - xs[i]; d > w {
			w, mid = d, (xs[i]+xs[i+1])/2
		}
	}
	return orb.Point{mid, y}, w > 0
}

func boundaryDistance(poly orb.Polygon, p orb.Point) float64 {
	best := math.Inf(1)
	for _, r := range poly {
		for i := 0; i+1 < len(r); i++ {
			if d := segDist2(p, r[i], r[i+1]); d < best {
				best = d
			}
		}
	}
	return math.Sqrt(best)
}

// segDist2 is the squared distance from p to segment a-b.
func segDist2(p, a, b orb.Point) float64 {
	dx, dy := b[0]-a[0], b[1]-a[1]
	l := dx*dx + dy*dy
	t := 0.0
	if l > 0 {
		t = ((p[0]-a[0])*dx + (p[1]-a[1])*dy) / l
		t = math.Max(0, math.Min(1, t))
	}
	ex, ey := a[0]+t*dx-p[0], a[1]+t*dy-p[1]
	return ex*ex + ey*ey
}

// Neighbours returns the index pairs (i < j), sorted, of geometries that
// share at least one border segment: the same two end positions, in
// either direction, after snapping to 1e-7 degrees. Geometries that only
// touch at a point are not neighbours.
func Neighbours(geoms []orb.MultiPolygon) [][2]int {
	owners := map[segKey][]int{}
	for g, mp := range geoms {
		for _, poly := range mp {
			for _, r := range poly {
				for i := 0; i+1 < len(r); i++ {
					k := undirected(r[i], r[i+1])
					if k.ax == k.bx && k.ay == k.by {
						continue
					}
					l := owners[k]
					if len(l) == 0 || l[len(l)-1] != g {
						owners[k] = append(l, g)
					}
				}
			}
		}
	}
	pairs := map[[2]int]bool{}
	for _, l := range owners {
		for a := 0; a < len(l); a++ {
			for b := a + 1; b < len(l); b++ {
				i, j := l[a], l[b]
				if i > j {
					i, j = j, i
				}
				if i != j {
					pairs[[2]int{i, j}] = true
				}
			}
		}
	}
	out := make([][2]int, 0, len(pairs))
	for p := range pairs {
		out = append(out, p)
	}
	sort.Slice(out, func(a, b int) bool {
		if out[a][0] != out[b][0] {
			return out[a][0] < out[b][0]
		}
		return out[a][1] < out[b][1]
	})
	return out
}

// IntersectsBound reports whether the area of mp (holes excluded) and the
// closed box b share at least one point: an edge of a ring meets the box
// (which covers a polygon vertex inside the box and a ring touching the
// box), or, when no ring meets it, a corner of the box lies inside the
// area (the box inside a polygon, not inside a hole). A degenerate box (a
// point or a line) works; a box with Min > Max or a non-finite corner
// intersects nothing.
func IntersectsBound(mp orb.MultiPolygon, b orb.Bound) bool {
	if !isFinite(b.Min) || !isFinite(b.Max) || b.Min[0] > b.Max[0] || b.Min[1] > b.Max[1] {
		return false
	}
	for _, poly := range mp {
		if len(poly) == 0 || len(poly[0]) == 0 || !poly[0].Bound().Intersects(b) {
			continue
		}
		for _, r := range poly {
			for i := 0; i+1 < len(r); i++ {
				if segmentMeetsBox(r[i], r[i+1], b) {
					return true
				}
			}
		}
		if Contains(orb.MultiPolygon{poly}, b.Min) {
			return true
		}
	}
	return false
}

// segmentMeetsBox reports whether segment a-b and the closed box share a
// point (Liang–Barsky clipping).
func segmentMeetsBox(a, b orb.Point, box orb.Bound) bool {
	t0, t1 := 0.0, 1.0
	// clip keeps the part of the segment where p*t <= q.
	clip := func(p, q float64) bool {
		if p == 0 {
			return q >= 0
		}
		r := q / p
		if p < 0 {
			if r > t1 {
				return false
			}
			t0 = math.Max(t0, r)
		} else {
			if r < t0 {
				return false
			}
			t1 = math.Min(t1, r)
		}
		return true
	}
	dx, dy := b[0]-a[0], b[1]-a[1]
	return clip(-dx, a[0]-box.Min[0]) && clip(dx, box.Max[0]-a[0]) &&
		clip(-dy, a[1]-box.Min[1]) && clip(dy, box.Max[1]-a[1])
}

// isFinite reports whether both coordinates of p are finite.
func isFinite(p orb.Point) bool {
	return !math.IsNaN(p[0]) && !math.IsNaN(p[1]) && !math.IsInf(p[0], 0) && !math.IsInf(p[1], 0)
}
