package geo

import (
	"errors"
	"math"

	"github.com/paulmach/orb"
)

// errTooComplex is returned by segmentPairs when a ring needs more box
// comparisons than its work budget allows; only hostile input (for
// example thousands of long, parallel, overlapping segments) gets there.
var errTooComplex = errors.New("too complex to check for self-intersections")

// chainFanout is the number of children per node of the segment tree.
const chainFanout = 16

type segBox struct{ minx, miny, maxx, maxy float64 }

func (b segBox) overlaps(o segBox) bool {
	return b.minx <= o.maxx && o.minx <= b.maxx && b.miny <= o.maxy && o.miny <= b.maxy
}

func (b segBox) union(o segBox) segBox {
	return segBox{math.Min(b.minx, o.minx), math.Min(b.miny, o.miny), math.Max(b.maxx, o.maxx), math.Max(b.maxy, o.maxy)}
}

// pairWorkLimit is the number of box comparisons segmentPairs may make
// for a ring of n segments. Measured: 10 per segment on average (16 at
// most) for the CBS gemeente and provincie rings, 36 for a 100,000-position
// noisy circle or bow-tie. The limit is several times that and still
// bounds hostile input to about half a second per 100,000 positions.
func pairWorkLimit(n int) int { return 256*n + 1<<20 }

// boxTree is a static tree of bounding boxes kept in the order given
// (chainFanout children per node). For the segments of a boundary ring,
// consecutive runs are spatially coherent, so inner nodes have small boxes
// and a query visits O(log n) nodes plus its overlaps. A node covers a
// contiguous range of leaf indices, so a query can skip whole subtrees
// below a leaf index.
type boxTree struct {
	levels [][]segBox
	span   []int // span[l] is the number of leaves under one node of level l
	stack  []treeNode
}

type treeNode struct{ level, k int }

func newBoxTree(leaves []segBox) *boxTree {
	levels := [][]segBox{leaves}
	for len(levels[len(levels)-1]) > 1 {
		below := levels[len(levels)-1]
		up := make([]segBox, (len(below)+chainFanout-1)/chainFanout)
		for k := range up {
			b := below[k*chainFanout]
			for _, c := range below[k*chainFanout+1 : min((k+1)*chainFanout, len(below))] {
				b = b.union(c)
			}
			up[k] = b
		}
		levels = append(levels, up)
	}
	span := make([]int, len(levels))
	span[0] = 1
	for l := 1; l < len(levels); l++ {
		span[l] = span[l-1] * chainFanout
	}
	return &boxTree{levels: levels, span: span, stack: make([]treeNode, 0, 64)}
}

// budget counts the tree nodes visited against a limit, so that every
// check built on boxTree is bounded for hostile input.
type budget struct{ work, limit int }

// visit calls fn(j), in increasing order of j, for every leaf j >= from
// whose box overlaps q; fn returns false to stop. Every node visited costs
// one unit of bg; beyond its limit visit returns errTooComplex. It is not
// safe for concurrent use (the tree keeps its stack).
func (t *boxTree) visit(q segBox, from int, bg *budget, fn func(j int) bool) error {
	if len(t.levels[0]) == 0 {
		return nil
	}
	stack := append(t.stack[:0], treeNode{len(t.levels) - 1, 0})
	for len(stack) > 0 {
		nd := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if (nd.k+1)*t.span[nd.level]-1 < from {
			continue // every leaf below has an index < from
		}
		bg.work++
		if bg.work > bg.limit {
			t.stack = stack
			return errTooComplex
		}
		if !t.levels[nd.level][nd.k].overlaps(q) {
			continue
		}
		if nd.level > 0 {
			below := len(t.levels[nd.level-1])
			for c := min((nd.k+1)*chainFanout, below) - 1; c >= nd.k*chainFanout; c-- {
				stack = append(stack, treeNode{nd.level - 1, c})
			}
			continue
		}
		if !fn(nd.k) {
			break
		}
	}
	t.stack = stack
	return nil
}

func boxOf(a, b orb.Point) segBox {
	return segBox{math.Min(a[0], b[0]), math.Min(a[1], b[1]), math.Max(a[0], b[0]), math.Max(a[1], b[1])}
}

// segmentPairs calls fn(i, j), i < j, for every pair of non-adjacent
// segments of the closed ring pts (segment i runs from pts[i] to
// pts[(i+1)%n]) whose bounding boxes overlap, in no particular order.
// fn returns false to stop early.
//
// The segments are packed in ring order into a boxTree: the check is
// O(n log n) for real data, instead of the O(n²) of testing all pairs,
// and whole subtrees with indices <= i are skipped. Work is bounded by
// pairWorkLimit; beyond it the result is errTooComplex.
func segmentPairs(pts []orb.Point, fn func(i, j int) bool) error {
	n := len(pts)
	if n < 4 {
		return nil
	}
	leaves := make([]segBox, n)
	for i := range n {
		leaves[i] = boxOf(pts[i], pts[(i+1)%n])
	}
	t := newBoxTree(leaves)
	bg := &budget{limit: pairWorkLimit(n)}
	for i := range n {
		stopped := false
		err := t.visit(leaves[i], i+1, bg, func(j int) bool {
			if j == i+1 || (i == 0 && j == n-1) {
				return true // adjacent: they share an end
			}
			if !fn(i, j) {
				stopped = true
				return false
			}
			return true
		})
		if err != nil {
			return err
		}
		if stopped {
			return nil
		}
	}
	return nil
}

// selfIntersects reports whether the ring pts (open, no consecutive
// duplicates) crosses or touches itself. A ring too complex to check
// (errTooComplex) is reported as intersecting: callers treat that as "not
// known to be simple".
func selfIntersects(pts []orb.Point) bool {
	n := len(pts)
	found := false
	err := segmentPairs(pts, func(i, j int) bool {
		if len(intersections(pts[i], pts[(i+1)%n], pts[j], pts[(j+1)%n])) > 0 {
			found = true
			return false
		}
		return true
	})
	return found || err != nil
}
