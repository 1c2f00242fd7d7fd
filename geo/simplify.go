package geo

import (
	"encoding/binary"
	"math"
	"slices"
	"sort"

	"github.com/paulmach/orb"
)

// ZoomLevel is one precomputed simplification level for web-map zooms
// MinZoom..MaxZoom.
type ZoomLevel struct {
	Level            int
	MinZoom, MaxZoom int
	Tolerance        float64 // Douglas–Peucker tolerance in degrees; 0 = no simplification
	Decimals         int     // coordinates rounded to this many decimals
}

// MaxZoom is the highest zoom ParseZoom accepts.
const MaxZoom = 22

// ZoomLevels are the simplification levels. At zoom z a 256-pixel tile
// spans 360/2^z degrees of longitude, so a pixel is 360/(256·2^z) degrees.
// Each band uses a tolerance of about half a pixel at its highest zoom and
// rounds to a grid well below that tolerance:
//
//	level 0, zoom 0–7:   pixel at z7  = 0.01099°, tolerance 0.005°,  3 decimals (grid 0.001°,   ≈0.09 px)
//	level 1, zoom 8–9:   pixel at z9  = 0.00275°, tolerance 0.0013°, 4 decimals (grid 0.0001°,  ≈0.04 px)
//	level 2, zoom 10–11: pixel at z11 = 0.00069°, tolerance 0.0003°, 5 decimals (grid 0.00001°, ≈0.015 px)
//	level 3, zoom 12–22: full detail, tolerance 0, 6 decimals (the source data is on a 0.001° grid)
//
// Latitude pixels are smaller than longitude pixels by cos(lat) ≈ 0.61 in
// the Netherlands, so half a longitude pixel is still under a latitude
// pixel.
var ZoomLevels = []ZoomLevel{
	{Level: 0, MinZoom: 0, MaxZoom: 7, Tolerance: 0.005, Decimals: 3},
	{Level: 1, MinZoom: 8, MaxZoom: 9, Tolerance: 0.0013, Decimals: 4},
	{Level: 2, MinZoom: 10, MaxZoom: 11, Tolerance: 0.0003, Decimals: 5},
	{Level: 3, MinZoom: 12, MaxZoom: MaxZoom, Tolerance: 0, Decimals: 6},
}

// LevelForZoom returns the index in ZoomLevels for zoom z (values outside
// 0..22 are clamped).
func LevelForZoom(z int) int {
	for _, l := range ZoomLevels {
		if z <= l.MaxZoom {
			return l.Level
		}
	}
	return ZoomLevels[len(ZoomLevels)-1].Level
}

// snapScale is the grid (1e-7 degrees, about 1 cm) on which shared
// vertices are recognised.
const snapScale = 1e7

type pkey struct{ x, y int64 }

func keyOf(p orb.Point) pkey {
	x, y := snapKey(p)
	return pkey{x, y}
}

func (k pkey) point() orb.Point { return orb.Point{float64(k.x) / snapScale, float64(k.y) / snapScale} }

func (k pkey) less(o pkey) bool { return k.x < o.x || (k.x == o.x && k.y < o.y) }

type arcRef struct {
	id  int
	rev bool
}

type sRing struct {
	g, p, r  int
	arcs     []arcRef
	area     float64 // signed area of the snapped input ring
	simple   bool    // the snapped input ring does not touch or cross itself
	out      []orb.Point
	ok       bool
	hopeless bool
}

// SimplifyShared simplifies geoms together so that neighbours keep exactly
// the same border: no gaps, no slivers. It works like TopoJSON/mapshaper:
//
//  1. coordinates are snapped to a 1e-7° grid and consecutive duplicates
//     dropped;
//  2. junctions are the vertices whose neighbouring vertices, over all
//     rings, number more than two; a ring without junctions starts at its
//     smallest vertex (so a ring shared with a hole starts at the same
//     place in both);
//  3. rings are cut into arcs between junctions and arcs are deduplicated
//     (same sequence forward or reversed);
//  4. each unique arc is simplified once with Douglas–Peucker (ends fixed),
//     rounded to decimals, and consecutive duplicates dropped;
//  5. rings are rebuilt from their arcs and checked: at least 3 distinct
//     positions, non-zero area with the original orientation, between half
//     and twice the original area, and no self-crossing when the input had
//     none. Once every ring passes, the rings of each geometry are checked
//     against each other (see invalidRings): holes inside their shell
//     without crossing it, holes and polygons not overlapping. A ring
//     failing either check retries all its arcs with a quarter of the
//     tolerance (down to tolerance/64), then unsimplified, then with an
//     unrounded interior, then with unrounded junctions (every arc ending
//     there too); every ring sharing those arcs is checked again. A ring
//     that is still degenerate unsimplified and unrounded (it was
//     degenerate in the input) is dropped, with its polygon when it is an
//     exterior ring.
//
// The output has RFC 7946 winding and closed rings. It is deterministic.
// tolerance is in degrees (<= 0: no simplification);
// decimals is clamped to 0..7.
func SimplifyShared(geoms []orb.MultiPolygon, tolerance float64, decimals int) []orb.MultiPolygon {
	if !(tolerance > 0) || math.IsInf(tolerance, 0) {
		tolerance = 0
	}
	if decimals < 0 {
		decimals = 0
	}
	if decimals > 7 {
		decimals = 7
	}
	// 1. snapped rings
	var rings []*sRing
	var ringKeys [][]pkey
	for g, mp := range geoms {
		for p, poly := range mp {
			for r, ring := range poly {
				keys := make([]pkey, 0, len(ring))
				for _, pt := range ring {
					if !isFinite(pt) {
						continue
					}
					k := keyOf(pt)
					if len(keys) == 0 || keys[len(keys)-1] != k {
						keys = append(keys, k)
					}
				}
				for len(keys) > 1 && keys[0] == keys[len(keys)-1] {
					keys = keys[:len(keys)-1]
				}
				if len(keys) < 3 {
					continue
				}
				pts := make([]orb.Point, len(keys))
				for i, k := range keys {
					pts[i] = k.point()
				}
				a := ringArea(closeRing(pts))
				if a == 0 {
					continue
				}
				rings = append(rings, &sRing{g: g, p: p, r: r, area: a, simple: !selfIntersects(pts)})
				ringKeys = append(ringKeys, keys)
			}
		}
	}
	// 2. junctions
	nbs := map[pkey][]pkey{}
	junction := map[pkey]bool{}
	addNb := func(v, n pkey) {
		if junction[v] {
			return
		}
		l := nbs[v]
		for _, x := range l {
			if x == n {
				return
			}
		}
		l = append(l, n)
		nbs[v] = l
		if len(l) > 2 {
			junction[v] = true
		}
	}
	for _, keys := range ringKeys {
		n := len(keys)
		for i, k := range keys {
			addNb(k, keys[(i+n-1)%n])
			addNb(k, keys[(i+1)%n])
		}
	}
	// 3. arcs
	var arcs [][]pkey
	arcIDs := map[string]int{}
	arcRings := [][]int{}
	buf := make([]byte, 0, 1024)
	addArc := func(seq []pkey, ringIdx int) arcRef {
		rev := false
		n := len(seq)
		for i := 0; i < n; i++ {
			a, b := seq[i], seq[n-1-i]
			if a != b {
				rev = b.less(a)
				break
			}
		}
		buf = buf[:0]
		for i := 0; i < n; i++ {
			k := seq[i]
			if rev {
				k = seq[n-1-i]
			}
			buf = binary.LittleEndian.AppendUint64(buf, uint64(k.x))
			buf = binary.LittleEndian.AppendUint64(buf, uint64(k.y))
		}
		id, ok := arcIDs[string(buf)]
		if !ok {
			id = len(arcs)
			arcIDs[string(buf)] = id
			canon := make([]pkey, n)
			for i := range canon {
				if rev {
					canon[i] = seq[n-1-i]
				} else {
					canon[i] = seq[i]
				}
			}
			arcs = append(arcs, canon)
			arcRings = append(arcRings, nil)
		}
		if l := arcRings[id]; len(l) == 0 || l[len(l)-1] != ringIdx {
			arcRings[id] = append(l, ringIdx)
		}
		return arcRef{id: id, rev: rev}
	}
	for ri, keys := range ringKeys {
		n := len(keys)
		start := -1
		for i, k := range keys {
			if junction[k] {
				start = i
				break
			}
		}
		if start < 0 {
			start = 0
			for i, k := range keys {
				if k.less(keys[start]) {
					start = i
				}
			}
		}
		cur := []pkey{keys[start]}
		for s := 1; s <= n; s++ {
			k := keys[(start+s)%n]
			cur = append(cur, k)
			if s == n || junction[k] {
				rings[ri].arcs = append(rings[ri].arcs, addArc(cur, ri))
				cur = []pkey{k}
			}
		}
	}
	// 4./5. simplify arcs, rebuild and check rings, retry
	tol := make([]float64, len(arcs))
	exact := make([]bool, len(arcs))
	simp := make([][]orb.Point, len(arcs))
	for i := range tol {
		tol[i] = tolerance
	}
	// exactEnd marks junctions kept unrounded (the last resort for a ring
	// that is invalid even unsimplified with its interior unrounded);
	// every arc ending there keeps it unrounded, so neighbours agree.
	exactEnd := map[pkey]bool{}
	var endArcs map[pkey][]int // built on first need
	scale := math.Pow(10, float64(decimals))
	doArc := func(id int) {
		a := arcs[id]
		pts := make([]orb.Point, len(a))
		for i, k := range a {
			pts[i] = k.point()
		}
		if tol[id] > 0 && len(pts) > 2 {
			keep := douglasPeucker(pts, tol[id])
			kept := pts[:0]
			for i, p := range pts {
				if keep[i] {
					kept = append(kept, p)
				}
			}
			pts = kept
		}
		if decimals < 7 {
			// Ends (junctions) are rounded, unless marked exactEnd, so
			// that all arcs meeting there agree; the interior stays
			// unrounded for exact arcs.
			last := len(pts) - 1
			for i := range pts {
				end := i == 0 || i == last
				if end && exactEnd[a[min(i, 1)*(len(a)-1)]] {
					continue
				}
				if !exact[id] || end {
					pts[i] = orb.Point{math.Round(pts[i][0]*scale) / scale, math.Round(pts[i][1]*scale) / scale}
				}
			}
		}
		out := pts[:1]
		for _, p := range pts[1:] {
			if p != out[len(out)-1] {
				out = append(out, p)
			}
		}
		simp[id] = out
	}
	for id := range arcs {
		doArc(id)
	}
	// escalate makes every arc of ring ri more faithful by one step:
	// a quarter of the tolerance (down to tolerance/64), then
	// unsimplified, then with an unrounded interior, then with unrounded
	// ends. It reports whether anything changed (or will change).
	escalate := func(ri int, changedArcs map[int]bool) bool {
		progress := false
		for _, ar := range rings[ri].arcs {
			id := ar.id
			switch {
			case changedArcs[id]:
				progress = true
			case tol[id] > 0:
				tol[id] /= 4
				if tol[id] < tolerance/64 {
					tol[id] = 0
				}
				changedArcs[id] = true
				progress = true
			case !exact[id] && decimals < 7:
				exact[id] = true
				changedArcs[id] = true
				progress = true
			case decimals < 7:
				a := arcs[id]
				for _, e := range []pkey{a[0], a[len(a)-1]} {
					if exactEnd[e] {
						continue
					}
					if endArcs == nil {
						endArcs = map[pkey][]int{}
						for j, aj := range arcs {
							endArcs[aj[0]] = append(endArcs[aj[0]], j)
							if aj[len(aj)-1] != aj[0] {
								endArcs[aj[len(aj)-1]] = append(endArcs[aj[len(aj)-1]], j)
							}
						}
					}
					exactEnd[e] = true
					for _, j := range endArcs[e] {
						changedArcs[j] = true
					}
					progress = true
				}
			}
		}
		return progress
	}
	ringsOf := make([][]int, len(geoms))
	for ri, r := range rings {
		ringsOf[r.g] = append(ringsOf[r.g], ri)
	}
	dirty := make([]bool, len(rings))
	for i := range dirty {
		dirty[i] = true
	}
	featDirty := make([]bool, len(geoms))
	for iter := 0; iter < 256; iter++ {
		changedArcs := map[int]bool{}
		for ri, r := range rings {
			if !dirty[ri] {
				continue
			}
			dirty[ri] = false
			featDirty[r.g] = true
			r.out = buildRing(r.arcs, simp)
			r.ok = ringOK(r.out, r.area, r.simple)
			if debugSimplify != nil && !r.ok {
				debugSimplify(r.g, r.p, r.r, r.out, r.area)
			}
			if r.ok {
				continue
			}
			r.hopeless = !escalate(ri, changedArcs)
		}
		if len(changedArcs) == 0 {
			// Rings are fine one by one: check them against each other.
			for g, d := range featDirty {
				if !d {
					continue
				}
				featDirty[g] = false
				for _, ri := range invalidRings(rings, ringsOf[g]) {
					if debugSimplify != nil {
						r := rings[ri]
						debugSimplify(r.g, r.p, r.r, r.out, r.area)
					}
					escalate(ri, changedArcs)
				}
			}
		}
		if len(changedArcs) == 0 {
			break
		}
		ids := make([]int, 0, len(changedArcs))
		for id := range changedArcs {
			ids = append(ids, id)
		}
		sort.Ints(ids)
		for _, id := range ids {
			doArc(id)
			for _, ri := range arcRings[id] {
				dirty[ri] = true
			}
		}
	}
	// assemble
	out := make([]orb.MultiPolygon, len(geoms))
	type pk2 struct{ g, p int }
	polyAt := map[pk2]int{}
	for _, r := range rings {
		if !r.kept() {
			continue
		}
		ring := closeRing(r.out)
		k := pk2{r.g, r.p}
		if r.r == 0 {
			orient(ring, true)
			out[r.g] = append(out[r.g], orb.Polygon{ring})
			polyAt[k] = len(out[r.g]) - 1
			continue
		}
		pi, ok := polyAt[k]
		if !ok {
			continue // exterior was dropped
		}
		orient(ring, false)
		out[r.g][pi] = append(out[r.g][pi], ring)
	}
	for g := range out {
		if out[g] == nil {
			out[g] = orb.MultiPolygon{}
		}
	}
	return out
}

// kept reports whether the assembly keeps the ring.
func (r *sRing) kept() bool {
	return r.ok || (len(r.out) >= 3 && ringArea(closeRing(r.out)) != 0)
}

// invalidRings checks the rings of one geometry (indices into rings, in
// input order) against each other, as SimplifyShared assembles them: a
// hole must lie inside its exterior ring without crossing it, holes of
// one polygon must not overlap, and polygons must not overlap. It
// returns the rings involved in a failure (both of a pair). Checks that
// exceed their work budget count as failures.
func invalidRings(rings []*sRing, idx []int) []int {
	type part struct {
		shell int
		holes []int
	}
	var parts []part
	at := map[int]int{} // input polygon -> position in parts
	positions := 0
	for _, ri := range idx {
		r := rings[ri]
		if !r.kept() {
			continue
		}
		positions += len(r.out) + 1
		if r.r == 0 {
			at[r.p] = len(parts)
			parts = append(parts, part{shell: ri})
			continue
		}
		if k, ok := at[r.p]; ok {
			parts[k].holes = append(parts[k].holes, ri)
		}
	}
	if positions == 0 || (len(parts) == 1 && len(parts[0].holes) == 0) {
		return nil
	}
	bg := &budget{limit: pairWorkLimit(positions)}
	ring := func(ri int) orb.Ring { return closeRing(rings[ri].out) }
	var bad []int
	polys := make([]orb.Polygon, len(parts))
	for k, pt := range parts {
		shell := ring(pt.shell)
		poly := orb.Polygon{shell}
		var set *ringSet
		for _, h := range pt.holes {
			hr := ring(h)
			poly = append(poly, hr)
			if !shell.Bound().Intersects(hr.Bound()) {
				bad = append(bad, pt.shell, h)
				continue
			}
			if set == nil {
				set = newRingSet(shell)
			}
			sides, err := classifyRing(hr, set, bg)
			if err != nil || sides.cross != nil || !sides.in {
				bad = append(bad, pt.shell, h)
			}
		}
		polys[k] = poly
		if len(pt.holes) < 2 {
			continue
		}
		boxes := make([]segBox, len(pt.holes))
		for i := range pt.holes {
			boxes[i] = boundBox(poly[i+1].Bound())
		}
		err := overlappingPairs(boxes, bg, func(i, j int) bool {
			a, b := orb.Polygon{poly[i+1]}, orb.Polygon{poly[j+1]}
			_, overlap, same, err := regionsOverlap(a, b, newRingSet(a...), newRingSet(b...), bg)
			if err != nil || overlap || same {
				bad = append(bad, pt.holes[i], pt.holes[j])
			}
			return true
		})
		if err != nil {
			bad = append(bad, pt.holes...)
		}
	}
	if len(parts) > 1 {
		boxes := make([]segBox, len(parts))
		for k := range parts {
			boxes[k] = boundBox(polys[k][0].Bound())
		}
		err := overlappingPairs(boxes, bg, func(i, j int) bool {
			_, overlap, same, err := regionsOverlap(polys[i], polys[j], newRingSet(polys[i]...), newRingSet(polys[j]...), bg)
			if err != nil || overlap || same {
				bad = append(bad, parts[i].shell, parts[j].shell)
				bad = append(bad, parts[i].holes...)
				bad = append(bad, parts[j].holes...)
			}
			return true
		})
		if err != nil {
			for _, pt := range parts {
				bad = append(bad, pt.shell)
			}
		}
	}
	slices.Sort(bad)
	return slices.Compact(bad)
}

// debugSimplify, when set by tests, observes failed ring checks.
var debugSimplify func(g, p, r int, pts []orb.Point, area float64)

func buildRing(refs []arcRef, simp [][]orb.Point) []orb.Point {
	var pts []orb.Point
	for _, ar := range refs {
		a := simp[ar.id]
		for j := range a {
			p := a[j]
			if ar.rev {
				p = a[len(a)-1-j]
			}
			if len(pts) == 0 || pts[len(pts)-1] != p {
				pts = append(pts, p)
			}
		}
	}
	return dedupe(pts)
}

// ringOK is the validity check of SimplifyShared step 5.
func ringOK(pts []orb.Point, origArea float64, mustBeSimple bool) bool {
	if len(pts) < 3 {
		return false
	}
	a := ringArea(closeRing(pts))
	if a == 0 || (a > 0) != (origArea > 0) {
		return false
	}
	ratio := a / origArea
	if ratio < 0.5 || ratio > 2 {
		return false
	}
	return !mustBeSimple || !selfIntersects(pts)
}

// douglasPeucker marks the positions to keep (ends always kept); it uses
// an explicit stack, so long arcs cannot overflow the goroutine stack.
func douglasPeucker(pts []orb.Point, tol float64) []bool {
	n := len(pts)
	keep := make([]bool, n)
	keep[0], keep[n-1] = true, true
	t2 := tol * tol
	stack := [][2]int{{0, n - 1}}
	for len(stack) > 0 {
		s := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		i, j := s[0], s[1]
		if j-i < 2 {
			continue
		}
		best, bestD := -1, -1.0
		for k := i + 1; k < j; k++ {
			if d := segDist2(pts[k], pts[i], pts[j]); d > bestD {
				best, bestD = k, d
			}
		}
		if bestD > t2 {
			keep[best] = true
			stack = append(stack, [2]int{i, best}, [2]int{best, j})
		}
	}
	return keep
}
