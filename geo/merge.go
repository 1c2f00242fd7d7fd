package geo

import (
	"fmt"
	"math"
	"strings"

	"github.com/paulmach/orb"
)

// An edge of a ring, directed.
type dirEdge struct{ a, b orb.Point }

// sharedEdgeGroups groups the rings (all with the same orientation) that
// share a whole edge with each other, run in opposite directions; only
// groups of two or more rings are returned, each in increasing order and
// ordered by their first ring.
func sharedEdgeGroups(rings []orb.Ring) [][]int {
	parent := make([]int, len(rings))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	owner := map[dirEdge]int{}
	for j, r := range rings {
		for i := 0; i+1 < len(r); i++ {
			owner[dirEdge{r[i], r[i+1]}] = j
		}
	}
	joined := false
	for j, r := range rings {
		for i := 0; i+1 < len(r); i++ {
			if o, ok := owner[dirEdge{r[i+1], r[i]}]; ok && o != j {
				a, b := find(o), find(j)
				if a != b {
					parent[max(a, b)] = min(a, b)
					joined = true
				}
			}
		}
	}
	if !joined {
		return nil
	}
	byRoot := map[int][]int{}
	var roots []int
	for j := range rings {
		r := find(j)
		if _, ok := byRoot[r]; !ok {
			roots = append(roots, r)
		}
		byRoot[r] = append(byRoot[r], j)
	}
	var out [][]int
	for _, r := range roots {
		if len(byRoot[r]) > 1 {
			out = append(out, byRoot[r])
		}
	}
	return out
}

// mergeRings merges closed rings of the same orientation (counterclockwise
// when ccw) that share edges: it collects their directed edges, drops
// every edge whose exact reverse is also present (the shared edges
// cancel) and chains the rest into closed rings. Where several edges
// leave one vertex (the merged rings touch there), the chain takes the
// sharpest turn towards the inside (left for ccw, right otherwise), so
// that touching loops come out as separate simple rings. Rings without
// area are left out; the result may be empty.
func mergeRings(rings []orb.Ring, ccw bool) []orb.Ring {
	var edges []dirEdge
	count := map[dirEdge]int{}
	for _, r := range rings {
		for i := 0; i+1 < len(r); i++ {
			e := dirEdge{r[i], r[i+1]}
			if e.a == e.b {
				continue
			}
			if rev := (dirEdge{e.b, e.a}); count[rev] > 0 {
				count[rev]--
				continue
			}
			if count[e] == 0 {
				edges = append(edges, e)
			}
			count[e]++
		}
	}
	outOf := map[orb.Point][]dirEdge{}
	for _, e := range edges {
		for range count[e] {
			outOf[e.a] = append(outOf[e.a], e)
		}
	}
	take := func(v orb.Point, k int) dirEdge {
		l := outOf[v]
		e := l[k]
		outOf[v] = append(l[:k:k], l[k+1:]...)
		return e
	}
	var out []orb.Ring
	for _, start := range edges {
		for len(outOf[start.a]) > 0 {
			e := take(start.a, 0)
			pts := []orb.Point{e.a}
			for steps := 0; e.b != pts[0] && steps <= len(edges); steps++ {
				l := outOf[e.b]
				if len(l) == 0 {
					break // cannot happen: every vertex is balanced
				}
				best, bestTurn := 0, 0.0
				dx, dy := e.b[0]-e.a[0], e.b[1]-e.a[1]
				for k, f := range l {
					fx, fy := f.b[0]-f.a[0], f.b[1]-f.a[1]
					turn := math.Atan2(dx*fy-dy*fx, dx*fx+dy*fy)
					if !ccw {
						turn = -turn
					}
					if k == 0 || turn > bestTurn {
						best, bestTurn = k, turn
					}
				}
				pts = append(pts, e.b)
				e = take(e.b, best)
			}
			pts, _ = removeSpikes(dedupe(pts))
			if len(pts) < 3 {
				continue
			}
			r := closeRing(pts)
			if ringArea(r) != 0 {
				out = append(out, r)
			}
		}
	}
	return out
}

// mergeHoles merges holes of p (clockwise, as placeHoles orients them)
// that share one or more whole edges: OGC simple features allow rings to
// touch at points only. src gives the input ring of every ring of p and
// is returned updated. Merged loops that run counterclockwise enclose
// area cut off from the rest of the polygon; they are returned as extra
// polygons.
func mergeHoles(p orb.Polygon, src []int, prefix string, warn func(string)) (orb.Polygon, []int, []orb.Polygon) {
	if len(p) < 3 {
		return p, src, nil
	}
	groups := sharedEdgeGroups(p[1:])
	if len(groups) == 0 {
		return p, src, nil
	}
	gone := make([]bool, len(p))
	var extra []orb.Polygon
	outP, outSrc := orb.Polygon{p[0]}, []int{src[0]}
	var added []orb.Ring
	var addedSrc []int
	for _, g := range groups {
		in := make([]orb.Ring, len(g))
		nums := make([]string, len(g))
		for k, i := range g {
			in[k] = p[i+1]
			gone[i+1] = true
			nums[k] = fmt.Sprint(src[i+1])
		}
		names := strings.Join(nums[:len(nums)-1], ", ") + " and " + nums[len(nums)-1]
		holes, islands := 0, 0
		for _, r := range mergeRings(in, false) {
			if ringArea(r) < 0 {
				added = append(added, r)
				addedSrc = append(addedSrc, src[g[0]+1])
				holes++
			} else {
				extra = append(extra, orb.Polygon{r})
				islands++
			}
		}
		if islands > 0 {
			warn(fmt.Sprintf("%shole rings %s enclose %d area(s) cut off from the polygon; kept as separate polygons", prefix, names, islands))
		}
		switch {
		case holes == 0 && islands == 0:
			warn(fmt.Sprintf("%shole rings %s share edges and cancel out (no area left); dropped", prefix, names))
		case holes == 1:
			warn(fmt.Sprintf("%shole rings %s share edges; merged into one hole", prefix, names))
		default:
			warn(fmt.Sprintf("%shole rings %s share edges; merged into %d holes", prefix, names, holes))
		}
	}
	for i := 1; i < len(p); i++ {
		if !gone[i] {
			outP = append(outP, p[i])
			outSrc = append(outSrc, src[i])
		}
	}
	outP = append(outP, added...)
	outSrc = append(outSrc, addedSrc...)
	return outP, outSrc, extra
}

// mergeParts merges polygons of mp whose exterior rings share one or
// more whole edges (a MultiPolygon whose parts share an edge is invalid):
// the exteriors are merged like holes in mergeHoles, loops enclosed by
// them become holes, and the holes of the merged parts are placed again
// (see placeHoles). The merged polygon takes the place of the first part.
func mergeParts(mp orb.MultiPolygon, bg *budget, warn func(string)) (orb.MultiPolygon, error) {
	if len(mp) < 2 {
		return mp, nil
	}
	shells := make([]orb.Ring, len(mp))
	for i, p := range mp {
		shells[i] = p[0]
	}
	groups := sharedEdgeGroups(shells)
	if len(groups) == 0 {
		return mp, nil
	}
	repl := map[int][]orb.Polygon{}
	gone := make([]bool, len(mp))
	for _, g := range groups {
		in := make([]orb.Ring, len(g))
		nums := make([]string, len(g))
		var holes []sourcedRing
		for k, i := range g {
			in[k] = mp[i][0]
			gone[i] = true
			nums[k] = fmt.Sprint(i)
			for h, r := range mp[i][1:] {
				holes = append(holes, sourcedRing{r, h + 1})
			}
		}
		names := strings.Join(nums[:len(nums)-1], ", ") + " and " + nums[len(nums)-1]
		var polys []orb.Polygon
		for _, r := range mergeRings(in, true) {
			if ringArea(r) > 0 {
				polys = append(polys, orb.Polygon{r})
			} else {
				holes = append(holes, sourcedRing{r, 0})
			}
		}
		prefix := fmt.Sprintf("merged polygons %s: ", names)
		polys, err := placeHoles(polys, holes, bg, prefix, warn)
		if err != nil {
			return nil, err
		}
		warn(fmt.Sprintf("polygons %s share edges; merged into %d polygon(s)", names, len(polys)))
		repl[g[0]] = polys
	}
	var out orb.MultiPolygon
	for i, p := range mp {
		if !gone[i] {
			out = append(out, p)
		}
		out = append(out, repl[i]...)
	}
	return out, nil
}
