package geo

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
)

// ringArea returns the signed shoelace area of r (positive when
// counter-clockwise); the closing position may be present or not.
func ringArea(r orb.Ring) float64 {
	n := len(r)
	if n < 3 {
		return 0
	}
	s := 0.0
	x0, y0 := r[0][0], r[0][1]
	for i := 1; i+1 < n; i++ {
		s += (r[i][0]-x0)*(r[i+1][1]-y0) - (r[i+1][0]-x0)*(r[i][1]-y0)
	}
	return s / 2
}

// dedupe removes consecutive duplicate positions from an open vertex list
// (without the closing position), including the wrap-around.
func dedupe(pts []orb.Point) []orb.Point {
	out := make([]orb.Point, 0, len(pts))
	for _, p := range pts {
		if len(out) == 0 || out[len(out)-1] != p {
			out = append(out, p)
		}
	}
	for len(out) > 1 && out[0] == out[len(out)-1] {
		out = out[:len(out)-1]
	}
	return out
}

// removeSpikes drops vertices where the ring turns back on itself (the
// previous and next segments are collinear and opposite). It reports
// whether any was removed. pts is open and has no consecutive duplicates.
//
// It runs in linear time: vertices are pushed on a stack and a spike tip
// is popped as soon as the vertex after it is seen (which can expose a new
// spike underneath, popped in turn); afterwards only the two triples
// across the seam (last, first) can still be spikes.
func removeSpikes(pts []orb.Point) ([]orb.Point, bool) {
	spike := func(a, b, c orb.Point) bool {
		cr := (b[0]-a[0])*(c[1]-b[1]) - (b[1]-a[1])*(c[0]-b[0])
		dot := (b[0]-a[0])*(c[0]-b[0]) + (b[1]-a[1])*(c[1]-b[1])
		return a == c || (cr == 0 && dot < 0)
	}
	removed := false
	out := make([]orb.Point, 0, len(pts))
	for _, p := range pts {
		for len(out) >= 2 && spike(out[len(out)-2], out[len(out)-1], p) {
			out = out[:len(out)-1]
			removed = true
		}
		if len(out) == 0 || out[len(out)-1] != p {
			out = append(out, p)
		}
	}
	for len(out) >= 3 {
		m := len(out)
		switch {
		case out[0] == out[m-1]:
			out = out[:m-1]
		case spike(out[m-2], out[m-1], out[0]):
			out = out[:m-1]
			removed = true
		case spike(out[m-1], out[0], out[1]):
			out = out[1:]
			removed = true
		default:
			return out, removed
		}
	}
	return out, removed
}

func closeRing(pts []orb.Point) orb.Ring {
	r := make(orb.Ring, 0, len(pts)+1)
	r = append(r, pts...)
	return append(r, pts[0])
}

type segKey struct{ ax, ay, bx, by int64 }

func snapKey(p orb.Point) (int64, int64) {
	return int64(math.Round(p[0] * 1e7)), int64(math.Round(p[1] * 1e7))
}

// undirected returns the key of segment a-b regardless of direction, after
// snapping to 1e-7 degrees.
func undirected(a, b orb.Point) segKey {
	ax, ay := snapKey(a)
	bx, by := snapKey(b)
	if bx < ax || (bx == ax && by < ay) {
		ax, ay, bx, by = bx, by, ax, ay
	}
	return segKey{ax, ay, bx, by}
}

// SegmentIndex tells which of a set of geometries use a segment, in either
// direction, after snapping to 1e-7 degrees.
type SegmentIndex map[segKey][]int

// IndexSegments indexes the segments of geoms; [SegmentIndex.Users] gives
// positions in geoms.
func IndexSegments(geoms []orb.MultiPolygon) SegmentIndex {
	idx := SegmentIndex{}
	for k, mp := range geoms {
		for _, poly := range mp {
			for _, r := range poly {
				for i := 0; i+1 < len(r); i++ {
					key := undirected(r[i], r[i+1])
					l := idx[key]
					if len(l) == 0 || l[len(l)-1] != k {
						idx[key] = append(l, k)
					}
				}
			}
		}
	}
	return idx
}

// Users returns the positions of the geometries with the segment a-b, in
// increasing order.
func (idx SegmentIndex) Users(a, b orb.Point) []int { return idx[undirected(a, b)] }

// Repair turns the polygons of mp into a valid MultiPolygon with RFC 7946
// winding, or says why it cannot. Every ring of mp must be closed, with at
// least 4 finite positions (as a reader checks them); mp is not changed.
//
// Repairs (each reported to warn, which may be nil): consecutive duplicate
// positions are dropped silently; spikes (the ring running back over
// itself) are cut; self-intersecting rings are split into simple rings
// (see repairRing); winding is set to RFC 7946. The warning about a
// repaired self-intersecting ring names the boundaries that sharedWith
// (which may be nil) returns for the two segments of its first crossing,
// as "(shared border with GM0175)".
//
// Polygon structure is checked after that (see placeHoles, checkHoles and
// checkParts). Holes of one polygon that share whole edges are merged into
// one hole, and polygons of a MultiPolygon whose exterior rings share
// whole edges into one polygon, each with a warning (see mergeHoles and
// mergeParts). Dropped with a warning: a hole with zero area, a hole
// lying outside its exterior ring (it subtracts nothing, and a map
// drawing it with the even-odd rule would paint it as extra area), a
// hole running along its exterior all the way round (a copy of the
// shell), a hole repeating another, and a polygon of a MultiPolygon
// repeating (or covering exactly the area of) an earlier one. Errors: a
// hole crossing its exterior ring ("hole ring 1 crosses the exterior ring
// near 5.1000,52.0400"), two holes that overlap, and two polygons of one
// MultiPolygon whose interiors overlap ("polygons 0 and 1 overlap near
// ..."). Rings may touch at points, as valid boundaries and repaired
// self-touching rings do.
//
// Every stage is bounded for hostile input: spike removal is linear, the
// self-intersection check is O(n log n) for boundary-like rings and gives
// up after a work budget, and a ring crossing or touching itself at more
// than 2000 points (or still crossing itself after 4 rounds of splitting)
// is rejected with an error rather than repaired. The structural checks
// share one segment tree machinery with the same kind of work budget per
// call.
func Repair(mp orb.MultiPolygon, warn func(msg string), sharedWith func(a, b orb.Point) []string) (orb.MultiPolygon, error) {
	if warn == nil {
		warn = func(string) {}
	}
	multi := len(mp) > 1
	where := func(pi, ri int) string {
		if multi {
			return fmt.Sprintf("polygon %d ring %d", pi, ri)
		}
		return fmt.Sprintf("ring %d", ri)
	}
	positions := 0
	for _, poly := range mp {
		for _, r := range poly {
			positions += len(r)
		}
	}
	bg := &budget{limit: pairWorkLimit(positions)}
	var out orb.MultiPolygon
	var src []int // input polygon of each polygon in out
	for pi, poly := range mp {
		var shells []orb.Ring
		var holes []sourcedRing
		for ri, r := range poly {
			if len(r) < 4 || r[0] != r[len(r)-1] {
				return nil, fmt.Errorf("%s is not a closed ring of at least 4 positions", where(pi, ri))
			}
			pts := dedupe(r[:len(r)-1])
			var spiked bool
			pts, spiked = removeSpikes(pts)
			if len(pts) < 3 {
				if ri > 0 {
					warn(fmt.Sprintf("%s (a hole) has zero area; dropped", where(pi, ri)))
					continue
				}
				return nil, fmt.Errorf("%s has fewer than 3 distinct positions", where(pi, ri))
			}
			if spiked {
				warn(fmt.Sprintf("%s: spike (ring running back over itself) removed", where(pi, ri)))
			}
			loops, cross, segs, err := repairRing(pts)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", where(pi, ri), err)
			}
			if cross != nil {
				var others []string
				if sharedWith != nil {
					for _, s := range segs {
						for _, name := range sharedWith(s[0], s[1]) {
							if !slices.Contains(others, name) {
								others = append(others, name)
							}
						}
					}
				}
				msg := fmt.Sprintf("self-intersecting ring repaired near %.4f,%.4f", cross[0], cross[1])
				if len(others) > 0 {
					sort.Strings(others)
					msg += " (shared border with " + strings.Join(others, ", ") + ")"
				}
				warn(msg)
			}
			if len(loops) == 0 {
				if ri > 0 {
					warn(fmt.Sprintf("%s (a hole) has zero area; dropped", where(pi, ri)))
					continue
				}
				return nil, fmt.Errorf("%s has zero area", where(pi, ri))
			}
			if ri == 0 {
				shells = append(shells, loops...)
			} else {
				for _, l := range loops {
					holes = append(holes, sourcedRing{l, ri})
				}
			}
		}
		prefix := ""
		if multi {
			prefix = fmt.Sprintf("polygon %d: ", pi)
		}
		polys, err := placeHoles(assembleEvenOdd(shells), holes, bg, prefix, warn)
		if err != nil {
			return nil, err
		}
		out = append(out, polys...)
		for range polys {
			src = append(src, pi)
		}
	}
	if len(out) == 0 {
		return nil, errors.New("no polygon with a non-zero area")
	}
	out, err := checkParts(out, src, bg, warn)
	if err != nil {
		return nil, err
	}
	return mergeParts(out, bg, warn)
}

// sourcedRing is a repaired loop of input ring ring.
type sourcedRing struct {
	r    orb.Ring
	ring int
}

// placeHoles adds the holes to the polygons whose exterior contains them,
// following these rules (prefix starts every message):
//
//   - a hole that crosses an exterior ring is an error;
//   - a hole that lies outside every exterior is dropped with a warning:
//     it subtracts nothing, and drawing it with the even-odd rule would
//     paint it as extra area;
//   - a hole that runs along an exterior all the way round (a copy of the
//     shell, possibly reversed) is dropped with a warning, as it would
//     leave a polygon without area;
//
// then checkHoles checks the holes of each polygon against each other.
// Holes may touch their exterior at a point, as the loops of a repaired
// self-touching ring do.
func placeHoles(polys []orb.Polygon, holes []sourcedRing, bg *budget, prefix string, warn func(string)) ([]orb.Polygon, error) {
	if len(holes) == 0 {
		return polys, nil
	}
	// Holes formed by assembleEvenOdd come from ring 0.
	srcs := make([][]int, len(polys))
	bounds := make([]orb.Bound, len(polys))
	sets := make([]*ringSet, len(polys))
	for i, p := range polys {
		srcs[i] = make([]int, len(p))
		bounds[i] = p[0].Bound()
	}
	for _, h := range holes {
		orient(h.r, false)
		hb := h.r.Bound()
		placed, copied := -1, false
		for i := range polys {
			if !bounds[i].Intersects(hb) {
				continue
			}
			if sameRing(polys[i][0], h.r) {
				copied = true
				break
			}
			if sets[i] == nil {
				sets[i] = newRingSet(polys[i][0])
			}
			sides, err := classifyRing(h.r, sets[i], bg)
			if err != nil {
				return nil, ringsError(err, fmt.Sprintf("%shole ring %d and the exterior ring", prefix, h.ring))
			}
			if sides.cross != nil {
				return nil, fmt.Errorf("%shole ring %d crosses the exterior ring near %s", prefix, h.ring, fmtNear(*sides.cross))
			}
			if sides.in {
				placed = i
				break
			}
			if !sides.out {
				copied = true
				break
			}
		}
		switch {
		case copied:
			warn(fmt.Sprintf("%shole ring %d runs along the exterior ring all the way round (it would leave no area); dropped", prefix, h.ring))
		case placed < 0:
			warn(fmt.Sprintf("%shole ring %d lies outside the exterior ring; dropped (a hole outside its shell subtracts nothing)", prefix, h.ring))
		default:
			polys[placed] = append(polys[placed], h.r)
			srcs[placed] = append(srcs[placed], h.ring)
		}
	}
	for i := range polys {
		var extra []orb.Polygon
		polys[i], srcs[i], extra = mergeHoles(polys[i], srcs[i], prefix, warn)
		polys = append(polys, extra...)
		for range extra {
			srcs = append(srcs, []int{0})
		}
		var err error
		if polys[i], err = checkHoles(polys[i], srcs[i], bg, prefix, warn); err != nil {
			return nil, err
		}
	}
	return polys, nil
}

// checkHoles checks the holes of p against each other: a hole identical
// to another is dropped with a warning; holes that cross or lie one
// inside the other overlap, which is an error. Holes may touch at points
// and share edges. src gives the input ring of every ring of p.
func checkHoles(p orb.Polygon, src []int, bg *budget, prefix string, warn func(string)) (orb.Polygon, error) {
	if len(p) < 3 {
		return p, nil
	}
	holes := p[1:]
	boxes := make([]segBox, len(holes))
	for i, h := range holes {
		boxes[i] = boundBox(h.Bound())
	}
	sets := make([]*ringSet, len(holes))
	set := func(i int) *ringSet {
		if sets[i] == nil {
			sets[i] = newRingSet(holes[i])
		}
		return sets[i]
	}
	dropped := make([]bool, len(holes))
	name := func(i, j int) string {
		a, b := src[i+1], src[j+1]
		if a == b {
			return fmt.Sprintf("%shole ring %d overlaps itself", prefix, a)
		}
		return fmt.Sprintf("%shole rings %d and %d overlap", prefix, min(a, b), max(a, b))
	}
	var failure error
	err := overlappingPairs(boxes, bg, func(i, j int) bool {
		if dropped[i] || dropped[j] {
			return true
		}
		if sameRing(holes[i], holes[j]) {
			dropped[j] = true
			warn(fmt.Sprintf("%shole ring %d repeats hole ring %d; dropped", prefix, src[j+1], src[i+1]))
			return true
		}
		at, overlap, same, err := regionsOverlap(orb.Polygon{holes[i]}, orb.Polygon{holes[j]}, set(i), set(j), bg)
		switch {
		case err != nil:
			failure = ringsError(err, fmt.Sprintf("%shole rings %d and %d", prefix, src[i+1], src[j+1]))
		case overlap:
			failure = fmt.Errorf("%s near %s", name(i, j), fmtNear(at))
		case same:
			dropped[j] = true
			warn(fmt.Sprintf("%shole ring %d repeats hole ring %d; dropped", prefix, src[j+1], src[i+1]))
		}
		return failure == nil
	})
	if err != nil {
		return nil, ringsError(err, prefix+"holes")
	}
	if failure != nil {
		return nil, failure
	}
	out := p[:1]
	for i, h := range holes {
		if !dropped[i] {
			out = append(out, h)
		}
	}
	return out, nil
}

// checkParts checks the polygons of one feature against each other: a
// polygon identical to an earlier one is dropped with a warning; polygons
// whose interiors overlap (one has a point of its boundary strictly inside
// the other, or their rings cross) are an error naming both input parts
// (src gives the input polygon of each). Polygons from the same input
// polygon come from one repaired ring and do not overlap.
func checkParts(mp orb.MultiPolygon, src []int, bg *budget, warn func(string)) (orb.MultiPolygon, error) {
	if len(mp) < 2 {
		return mp, nil
	}
	boxes := make([]segBox, len(mp))
	for i, p := range mp {
		boxes[i] = boundBox(p[0].Bound())
	}
	sets := make([]*ringSet, len(mp))
	set := func(i int) *ringSet {
		if sets[i] == nil {
			sets[i] = newRingSet(mp[i]...)
		}
		return sets[i]
	}
	dropped := make([]bool, len(mp))
	var failure error
	err := overlappingPairs(boxes, bg, func(i, j int) bool {
		if dropped[i] || dropped[j] || src[i] == src[j] {
			return true
		}
		if samePolygon(mp[i], mp[j]) {
			dropped[j] = true
			warn(fmt.Sprintf("polygon %d repeats polygon %d; dropped", src[j], src[i]))
			return true
		}
		at, overlap, same, err := regionsOverlap(mp[i], mp[j], set(i), set(j), bg)
		switch {
		case err != nil:
			failure = ringsError(err, fmt.Sprintf("polygons %d and %d", src[i], src[j]))
		case overlap:
			failure = fmt.Errorf("polygons %d and %d overlap near %s", src[i], src[j], fmtNear(at))
		case same:
			dropped[j] = true
			warn(fmt.Sprintf("polygon %d covers the same area as polygon %d; dropped", src[j], src[i]))
		}
		return failure == nil
	})
	if err != nil {
		return nil, ringsError(err, "polygons")
	}
	if failure != nil {
		return nil, failure
	}
	out := mp[:0:0]
	for i, p := range mp {
		if !dropped[i] {
			out = append(out, p)
		}
	}
	return out, nil
}

// regionsOverlap reports whether the interiors of the polygons p and q
// (indexed as ps and qs) overlap, and where; same is true when every ring
// of each runs along the boundary of the other (the same area).
func regionsOverlap(p, q orb.Polygon, ps, qs *ringSet, bg *budget) (at orb.Point, overlap, same bool, err error) {
	same = true
	for _, c := range []struct {
		rings  orb.Polygon
		region *ringSet
	}{{q, ps}, {p, qs}} {
		for _, r := range c.rings {
			sides, err := classifyRing(r, c.region, bg)
			if err != nil {
				return orb.Point{}, false, false, err
			}
			if sides.cross != nil {
				return *sides.cross, true, false, nil
			}
			if sides.in {
				return sides.inAt, true, false, nil
			}
			if sides.out {
				same = false
			}
		}
	}
	return orb.Point{}, false, same, nil
}

// ringsError turns a work-bound error of classifyRing into a message
// about what (for example "hole ring 1 and the exterior ring").
func ringsError(err error, what string) error {
	if errors.Is(err, errTouches) {
		return fmt.Errorf("%s touch at more than %d points", what, maxRingCrossings)
	}
	return fmt.Errorf("%s: %w", what, err)
}

func fmtNear(p orb.Point) string { return fmt.Sprintf("%.4f,%.4f", p[0], p[1]) }

// orient reverses r in place when needed so that it is counter-clockwise
// (ccw true) or clockwise.
func orient(r orb.Ring, ccw bool) {
	if (ringArea(r) > 0) != ccw {
		for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
			r[i], r[j] = r[j], r[i]
		}
	}
}

// cross2 is the z component of (b-a) x (c-a).
func cross2(a, b, c orb.Point) float64 {
	return (b[0]-a[0])*(c[1]-a[1]) - (b[1]-a[1])*(c[0]-a[0])
}

func onSegment(a, b, p orb.Point) bool {
	return math.Min(a[0], b[0]) <= p[0] && p[0] <= math.Max(a[0], b[0]) &&
		math.Min(a[1], b[1]) <= p[1] && p[1] <= math.Max(a[1], b[1])
}

func lessPt(a, b orb.Point) bool {
	return a[0] < b[0] || (a[0] == b[0] && a[1] < b[1])
}

// intersections returns the points where segments a-b and c-d meet
// (none, one, or the two ends of a collinear overlap). The computation is
// symmetric in the order of segments and of their ends, so the same pair
// of segments in two features yields bit-identical points.
func intersections(a, b, c, d orb.Point) []orb.Point {
	if lessPt(b, a) {
		a, b = b, a
	}
	if lessPt(d, c) {
		c, d = d, c
	}
	if lessPt(c, a) || (c == a && lessPt(d, b)) {
		a, b, c, d = c, d, a, b
	}
	if math.Max(a[0], b[0]) < math.Min(c[0], d[0]) || math.Max(c[0], d[0]) < math.Min(a[0], b[0]) ||
		math.Max(a[1], b[1]) < math.Min(c[1], d[1]) || math.Max(c[1], d[1]) < math.Min(a[1], b[1]) {
		return nil
	}
	o1, o2 := cross2(a, b, c), cross2(a, b, d)
	o3, o4 := cross2(c, d, a), cross2(c, d, b)
	if o1 == 0 && o2 == 0 && o3 == 0 && o4 == 0 {
		var pts []orb.Point
		for _, p := range []orb.Point{a, b} {
			if onSegment(c, d, p) {
				pts = append(pts, p)
			}
		}
		for _, p := range []orb.Point{c, d} {
			if onSegment(a, b, p) && !containsPt(pts, p) {
				pts = append(pts, p)
			}
		}
		return pts
	}
	if (o1 > 0 && o2 > 0) || (o1 < 0 && o2 < 0) || (o3 > 0 && o4 > 0) || (o3 < 0 && o4 < 0) {
		return nil
	}
	switch {
	case o1 == 0:
		return []orb.Point{c}
	case o2 == 0:
		return []orb.Point{d}
	case o3 == 0:
		return []orb.Point{a}
	case o4 == 0:
		return []orb.Point{b}
	}
	t := o3 / (o3 - o4)
	return []orb.Point{{a[0] + t*(b[0]-a[0]), a[1] + t*(b[1]-a[1])}}
}

// countIntersections returns intersections(a, b, c, d), counting the
// pair in *n when the segments meet; over reports *n above
// maxRingCrossings, where the callers stop.
func countIntersections(a, b, c, d orb.Point, n *int) (ps []orb.Point, over bool) {
	ps = intersections(a, b, c, d)
	if len(ps) > 0 {
		*n++
	}
	return ps, *n > maxRingCrossings
}

func containsPt(a []orb.Point, p orb.Point) bool {
	for _, q := range a {
		if q == p {
			return true
		}
	}
	return false
}

// maxRingCrossings bounds the crossing or touching points (counted per
// pair of segments) repairRing accepts in one ring. Repairs of real data
// involve a handful; a ring crossing itself thousands of times is not a
// boundary, and splitting it would produce thousands of loops to assemble.
const maxRingCrossings = 2000

// maxRepairRounds bounds how often repairRing re-splits loops that still
// cross themselves after a split (floating-point crossing points can leave
// a near-degenerate crossing behind).
const maxRepairRounds = 4

// errRepair is wrapped by repairRing errors.
var errRepair = errors.New("self-intersection not repairable")

// repairRing finds where the ring pts (open, no consecutive duplicates)
// crosses or touches itself. Without such points it returns the ring
// unchanged (closed) and cross == nil.
//
// Repair rule: every crossing or touching point is inserted as a vertex
// into the segments it lies on (bit-identical in both), then the vertex
// sequence is walked with a stack and cut into loops wherever a vertex
// repeats. The loops are simple (every crossing is now a shared vertex)
// and loops without area are dropped. The caller assembles them with the
// even-odd rule (assembleEvenOdd): a loop inside an odd number of other
// loops is a hole, otherwise a separate polygon. For the typical bow-tie
// left by simplification this turns the figure-eight into two polygons,
// which is exactly the area the ring visibly encloses. cross is the first
// crossing (lowest segment pair) and segs its two segments, for the
// shared-border warning.
//
// Rounding can leave a loop that still crosses itself; such loops are
// split again, at most maxRepairRounds times. The error (wrapping
// errRepair or errTooComplex) reports a ring with more than
// maxRingCrossings crossings, one too complex to check, or one still not
// simple after the last round.
func repairRing(pts []orb.Point) (loops []orb.Ring, cross *orb.Point, segs [][2]orb.Point, err error) {
	work := [][]orb.Point{pts}
	for round := 0; len(work) > 0; round++ {
		var next [][]orb.Point
		for _, w := range work {
			ls, c, s, err := splitRing(w)
			if err != nil {
				return nil, nil, nil, err
			}
			if c == nil {
				loops = append(loops, ls...)
				continue
			}
			if round == maxRepairRounds {
				return nil, nil, nil, fmt.Errorf("%w: still crosses itself near %s after %d rounds", errRepair, fmtPt(*c), maxRepairRounds)
			}
			if cross == nil {
				cross, segs = c, s
			}
			for _, l := range ls {
				next = append(next, []orb.Point(l[:len(l)-1]))
			}
		}
		work = next
	}
	return loops, cross, segs, nil
}

// splitRing is one round of repairRing: without crossings it returns the
// closed ring (or nothing when it has no area) and cross == nil, otherwise
// the loops the ring falls into.
func splitRing(pts []orb.Point) (loops []orb.Ring, cross *orb.Point, segs [][2]orb.Point, err error) {
	n := len(pts)
	inserts := make(map[int][]orb.Point)
	hits := 0
	bestI, bestJ := n, n
	sweepErr := segmentPairs(pts, func(i, j int) bool {
		a, b := pts[i], pts[(i+1)%n]
		c, d := pts[j], pts[(j+1)%n]
		ps, over := countIntersections(a, b, c, d, &hits)
		if len(ps) == 0 || over {
			return !over
		}
		if i < bestI || (i == bestI && j < bestJ) {
			bestI, bestJ = i, j
			q := ps[0]
			cross = &q
			segs = [][2]orb.Point{{a, b}, {c, d}}
		}
		for _, p := range ps {
			if p != a && p != b {
				inserts[i] = append(inserts[i], p)
			}
			if p != c && p != d {
				inserts[j] = append(inserts[j], p)
			}
		}
		return true
	})
	if hits > maxRingCrossings {
		return nil, nil, nil, fmt.Errorf("%w: crosses or touches itself at more than %d points", errRepair, maxRingCrossings)
	}
	if sweepErr != nil {
		return nil, nil, nil, fmt.Errorf("%d positions: %w", n, sweepErr)
	}
	if cross == nil {
		r := closeRing(pts)
		if ringArea(r) == 0 {
			return nil, nil, nil, nil
		}
		return []orb.Ring{r}, nil, nil, nil
	}
	// Rebuild with inserted vertices ordered along each segment.
	seq := make([]orb.Point, 0, n+2*hits)
	for i := range n {
		a := pts[i]
		seq = append(seq, a)
		ins := inserts[i]
		// segmentPairs reports pairs in (i, j) order, so ties keep the
		// order of discovery.
		slices.SortStableFunc(ins, func(p, q orb.Point) int { return cmp.Compare(dist2(a, p), dist2(a, q)) })
		for _, p := range ins {
			if seq[len(seq)-1] != p {
				seq = append(seq, p)
			}
		}
	}
	seq = dedupe(seq)
	// Walk with a stack, cutting loops at repeated vertices.
	var stack []orb.Point
	pos := map[orb.Point]int{}
	emit := func(l []orb.Point) {
		l = dedupe(l)
		if len(l) < 3 {
			return
		}
		r := closeRing(l)
		if ringArea(r) != 0 {
			loops = append(loops, r)
		}
	}
	for _, p := range seq {
		if k, ok := pos[p]; ok {
			loop := append([]orb.Point(nil), stack[k:]...)
			for _, q := range stack[k+1:] {
				delete(pos, q)
			}
			stack = stack[:k+1]
			emit(loop)
			continue
		}
		pos[p] = len(stack)
		stack = append(stack, p)
	}
	emit(stack)
	return loops, cross, segs, nil
}

func dist2(a, b orb.Point) float64 {
	dx, dy := a[0]-b[0], a[1]-b[1]
	return dx*dx + dy*dy
}

// assembleEvenOdd turns simple loops into polygons by the even-odd rule:
// loops are taken largest first; a loop whose interior point lies inside
// an odd number of the loops taken so far becomes a hole of the smallest
// of them, otherwise a new exterior. Exteriors are made counter-clockwise
// and holes clockwise (RFC 7946).
func assembleEvenOdd(loops []orb.Ring) []orb.Polygon {
	if len(loops) == 1 {
		orient(loops[0], true)
		return []orb.Polygon{{loops[0]}}
	}
	type loopArea struct {
		r orb.Ring
		a float64
	}
	byArea := make([]loopArea, len(loops))
	for i, l := range loops {
		byArea[i] = loopArea{l, math.Abs(ringArea(l))}
	}
	slices.SortStableFunc(byArea, func(x, y loopArea) int { return cmp.Compare(y.a, x.a) })
	for i := range byArea {
		loops[i] = byArea[i].r
	}
	var polys []orb.Polygon
	var taken []orb.Ring
	var takenBounds []orb.Bound
	var owner []int // polygon index of each taken loop
	for _, l := range loops {
		ip := loopInteriorPoint(l)
		depth, inner := 0, -1
		for t, o := range taken {
			if takenBounds[t].Contains(ip) && Contains(orb.MultiPolygon{orb.Polygon{o}}, ip) {
				depth++
				inner = t // later = smaller
			}
		}
		if depth%2 == 1 && inner >= 0 {
			orient(l, false)
			polys[owner[inner]] = append(polys[owner[inner]], l)
			owner = append(owner, owner[inner])
		} else {
			orient(l, true)
			polys = append(polys, orb.Polygon{l})
			owner = append(owner, len(polys)-1)
		}
		taken = append(taken, l)
		takenBounds = append(takenBounds, l.Bound())
	}
	return polys
}

// loopInteriorPoint returns a point inside the simple ring r.
func loopInteriorPoint(r orb.Ring) orb.Point {
	return InteriorPoint(orb.MultiPolygon{orb.Polygon{r}})
}

func fmtPt(p orb.Point) string {
	return strconv.FormatFloat(p[0], 'g', 10, 64) + "," + strconv.FormatFloat(p[1], 'g', 10, 64)
}
