package geo

import (
	"cmp"
	"errors"
	"math"
	"slices"

	"github.com/paulmach/orb"
)

// errTouches is returned by classifyRing when two rings meet at more than
// maxRingCrossings points: no boundary does that, and testing every piece
// between the points would be slow.
var errTouches = errors.New("touch")

// ringSet is a set of closed rings whose segments are indexed in a
// boxTree, for segment queries and even-odd point-in-region tests.
type ringSet struct {
	segs  [][2]orb.Point
	boxes []segBox
	tree  *boxTree
}

func newRingSet(rings ...orb.Ring) *ringSet {
	n := 0
	for _, r := range rings {
		n += max(len(r)-1, 0)
	}
	s := &ringSet{segs: make([][2]orb.Point, 0, n), boxes: make([]segBox, 0, n)}
	for _, r := range rings {
		for i := 0; i+1 < len(r); i++ {
			s.segs = append(s.segs, [2]orb.Point{r[i], r[i+1]})
			s.boxes = append(s.boxes, boxOf(r[i], r[i+1]))
		}
	}
	s.tree = newBoxTree(s.boxes)
	return s
}

// contains reports whether p lies inside the rings by the even-odd rule
// (a ray to +x crossing an odd number of segments). p must not lie on a
// ring; for such points the answer is arbitrary.
func (s *ringSet) contains(p orb.Point, bg *budget) (bool, error) {
	in := false
	err := s.tree.visit(segBox{p[0], p[1], math.Inf(1), p[1]}, 0, bg, func(j int) bool {
		a, b := s.segs[j][0], s.segs[j][1]
		if (a[1] > p[1]) != (b[1] > p[1]) {
			if x := a[0] + (p[1]-a[1])/(b[1]-a[1])*(b[0]-a[0]); x > p[0] {
				in = !in
			}
		}
		return true
	})
	return in, err
}

// ringSides says where a ring runs relative to the region of a ringSet.
type ringSides struct {
	in, out bool       // some piece of the ring lies strictly inside / outside
	inAt    orb.Point  // a point of the ring strictly inside (when in)
	cross   *orb.Point // where the ring crosses the region's boundary
}

// classifyRing tells where the simple closed ring r runs relative to the
// region s. Where r crosses a segment of s at a point inside both
// segments, cross is that point. Otherwise r only touches the boundary of
// s (at vertices or along shared segments), and the points where it does
// cut r into pieces that each lie wholly inside, outside or on s; one
// point of every piece (the midpoint of the stretch next to a touching
// point, or a vertex when r does not meet s at all) is tested. A ring with
// pieces both inside and outside passes through s's boundary at a
// touching point, reported as cross. A ring lying wholly on the boundary
// has neither in nor out.
//
// The work is bounded: the segment queries and point tests spend bg, and
// more than maxRingCrossings meeting points give errTouches.
func classifyRing(r orb.Ring, s *ringSet, bg *budget) (ringSides, error) {
	var res ringSides
	touches := 0
	var ts []float64
	var on [][2]float64
	var touchAt orb.Point
	test := func(p orb.Point) error {
		in, err := s.contains(p, bg)
		if err != nil {
			return err
		}
		if in {
			if !res.in {
				res.in, res.inAt = true, p
			}
		} else {
			res.out = true
		}
		return nil
	}
	for i := 0; i+1 < len(r); i++ {
		a, b := r[i], r[i+1]
		ts, on = ts[:0], on[:0]
		param := func(p orb.Point) float64 {
			if math.Abs(b[0]-a[0]) >= math.Abs(b[1]-a[1]) {
				return (p[0] - a[0]) / (b[0] - a[0])
			}
			return (p[1] - a[1]) / (b[1] - a[1])
		}
		err := s.tree.visit(boxOf(a, b), 0, bg, func(j int) bool {
			c, d := s.segs[j][0], s.segs[j][1]
			ps, over := countIntersections(a, b, c, d, &touches)
			if len(ps) == 0 || over {
				return !over
			}
			if len(ps) == 1 && ps[0] != a && ps[0] != b && ps[0] != c && ps[0] != d {
				p := ps[0]
				res.cross = &p
				return false
			}
			touchAt = ps[0]
			for _, p := range ps {
				ts = append(ts, param(p))
			}
			if len(ps) == 2 && cross2(a, b, c) == 0 && cross2(a, b, d) == 0 {
				t0, t1 := param(ps[0]), param(ps[1])
				on = append(on, [2]float64{min(t0, t1), max(t0, t1)})
			}
			return true
		})
		if err != nil {
			return res, err
		}
		if touches > maxRingCrossings {
			return res, errTouches
		}
		if res.cross != nil {
			return res, nil
		}
		if len(ts) == 0 {
			continue
		}
		ts = append(ts, 0, 1)
		slices.Sort(ts)
		for k := 0; k+1 < len(ts); k++ {
			t0, t1 := math.Max(0, ts[k]), math.Min(1, ts[k+1])
			if t1 <= t0 {
				continue
			}
			mid := (t0 + t1) / 2
			if slices.ContainsFunc(on, func(iv [2]float64) bool { return iv[0] <= mid && mid <= iv[1] }) {
				continue // this stretch runs along s
			}
			if err := test(orb.Point{a[0] + mid*(b[0]-a[0]), a[1] + mid*(b[1]-a[1])}); err != nil {
				return res, err
			}
			if res.in && res.out {
				p := touchAt
				res.cross = &p
				return res, nil
			}
		}
	}
	if touches == 0 && len(r) > 0 {
		if err := test(r[0]); err != nil {
			return res, err
		}
	}
	return res, nil
}

// sameRing reports whether the closed rings a and b have the same
// vertices in the same cyclic order, in either direction. The rings must
// not repeat a vertex (apart from the closing one), as repaired loops do
// not.
func sameRing(a, b orb.Ring) bool {
	n := len(a) - 1
	if n < 1 || len(b)-1 != n {
		return false
	}
	k := slices.Index(b[:n], a[0])
	if k < 0 {
		return false
	}
	fwd, bwd := true, true
	for i := 1; i < n && (fwd || bwd); i++ {
		fwd = fwd && a[i] == b[(k+i)%n]
		bwd = bwd && a[i] == b[(k-i+n)%n]
	}
	return fwd || bwd
}

// samePolygon reports whether p and q have the same exterior and the same
// holes (each in any order and direction).
func samePolygon(p, q orb.Polygon) bool {
	if len(p) != len(q) || len(p) == 0 || !sameRing(p[0], q[0]) {
		return false
	}
	byMin := map[orb.Point][]int{}
	for i, h := range p[1:] {
		m := minVertex(h)
		byMin[m] = append(byMin[m], i+1)
	}
	used := make([]bool, len(p))
	for _, h := range q[1:] {
		found := false
		for _, i := range byMin[minVertex(h)] {
			if !used[i] && sameRing(p[i], h) {
				used[i], found = true, true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

func minVertex(r orb.Ring) orb.Point {
	m := r[0]
	for _, p := range r[1:] {
		if lessPt(p, m) {
			m = p
		}
	}
	return m
}

func boundBox(b orb.Bound) segBox { return segBox{b.Min[0], b.Min[1], b.Max[0], b.Max[1]} }

// overlappingPairs calls fn(i, j), i < j, for every pair of boxes that
// overlap, ordered by i then j; fn returns false to stop. The boxes are
// swept in order of their west edge; the comparisons spend bg.
func overlappingPairs(boxes []segBox, bg *budget, fn func(i, j int) bool) error {
	order := make([]int, len(boxes))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(x, y int) int { return cmp.Compare(boxes[x].minx, boxes[y].minx) })
	var pairs [][2]int
	for a, i := range order {
		for _, j := range order[a+1:] {
			if boxes[j].minx > boxes[i].maxx {
				break
			}
			bg.work++
			if bg.work > bg.limit {
				return errTooComplex
			}
			if boxes[i].overlaps(boxes[j]) {
				pairs = append(pairs, [2]int{min(i, j), max(i, j)})
			}
		}
	}
	slices.SortFunc(pairs, func(x, y [2]int) int {
		return cmp.Or(cmp.Compare(x[0], y[0]), cmp.Compare(x[1], y[1]))
	})
	for _, p := range pairs {
		if !fn(p[0], p[1]) {
			return nil
		}
	}
	return nil
}
