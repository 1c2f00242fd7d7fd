package geo

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

type useg struct{ a, b orb.Point }

// loc is a vertex position in a MultiPolygon.
type loc struct{ poly, ring, k int }

func mkSeg(p, q orb.Point) useg {
	if lessPt(q, p) {
		p, q = q, p
	}
	return useg{p, q}
}

func segSet(mp orb.MultiPolygon) map[useg]bool {
	s := map[useg]bool{}
	for _, poly := range mp {
		for _, r := range poly {
			for i := 0; i+1 < len(r); i++ {
				s[mkSeg(r[i], r[i+1])] = true
			}
		}
	}
	return s
}

func roundPt(p orb.Point, dec int) orb.Point {
	s := math.Pow(10, float64(dec))
	return orb.Point{math.Round(p[0]*s) / s, math.Round(p[1]*s) / s}
}

func snapPt(p orb.Point) orb.Point {
	return orb.Point{math.Round(p[0]*1e7) / 1e7, math.Round(p[1]*1e7) / 1e7}
}

// checkRings fails on any ring with fewer than 4 positions, not closed, or
// without area, and returns the number of positions.
func checkRings(t *testing.T, label string, mp orb.MultiPolygon) int {
	t.Helper()
	n := 0
	for pi, poly := range mp {
		for ri, r := range poly {
			n += len(r)
			if len(r) < 4 || r[0] != r[len(r)-1] || ringArea(r) == 0 {
				t.Errorf("%s polygon %d ring %d invalid: %d positions, closed %v, area %g", label, pi, ri, len(r), len(r) > 0 && r[0] == r[len(r)-1], ringArea(r))
			}
			if (ringArea(r) > 0) != (ri == 0) {
				t.Errorf("%s polygon %d ring %d: wrong winding", label, pi, ri)
			}
		}
	}
	return n
}

// TestSimplifySharedTopology checks, at every zoom level, that each
// simplified segment of A that replaces a stretch of A's original border
// lying entirely on the border with neighbour B is also a segment of B.
// A simplified segment p-q is traced back to the original ring of A by
// its end positions (the original vertices, rounded like the level or
// merely snapped), and the original stretch is the forward path from p to
// q (SimplifyShared keeps ring direction).
func TestSimplifySharedTopology(t *testing.T) {
	bs, _ := mustNormalize(t, "gemeente_2025.geojson", LevelMunicipality)
	geoms := make([]orb.MultiPolygon, len(bs))
	orig := 0
	for i, b := range bs {
		geoms[i] = b.Geometry
		for _, p := range b.Geometry {
			for _, r := range p {
				orig += len(r)
			}
		}
	}
	pairs := Neighbours(geoms)
	if len(pairs) < 800 {
		t.Fatalf("only %d neighbour pairs", len(pairs))
	}
	nbOf := map[int][]int{}
	for _, p := range pairs {
		nbOf[p[0]] = append(nbOf[p[0]], p[1])
		nbOf[p[1]] = append(nbOf[p[1]], p[0])
	}
	origSegs := make([]map[useg]bool, len(geoms))
	for i, g := range geoms {
		origSegs[i] = map[useg]bool{}
		for _, poly := range g {
			for _, r := range poly {
				for k := 0; k+1 < len(r); k++ {
					origSegs[i][mkSeg(snapPt(r[k]), snapPt(r[k+1]))] = true
				}
			}
		}
	}
	t.Logf("original: %d positions, %d neighbour pairs", orig, len(pairs))
	for _, zl := range ZoomLevels {
		zl := zl
		t.Run(fmt.Sprintf("level%d", zl.Level), func(t *testing.T) {
			out := SimplifyShared(geoms, zl.Tolerance, zl.Decimals)
			if len(out) != len(geoms) {
				t.Fatalf("got %d geometries, want %d", len(out), len(geoms))
			}
			total, checked := 0, 0
			simpSegs := make([]map[useg]bool, len(out))
			for i, g := range out {
				if len(g) == 0 {
					t.Errorf("%s: empty after simplification", bs[i].Code)
				}
				total += checkRings(t, bs[i].Code, g)
				simpSegs[i] = segSet(g)
			}
			for a := range out {
				// index of A's original vertices by rounded and snapped position
				idx := map[orb.Point][]loc{}
				for pi, poly := range geoms[a] {
					for ri, r := range poly {
						for k := 0; k+1 < len(r); k++ {
							s := snapPt(r[k])
							idx[roundPt(s, zl.Decimals)] = append(idx[roundPt(s, zl.Decimals)], loc{pi, ri, k})
							if roundPt(s, zl.Decimals) != s {
								idx[s] = append(idx[s], loc{pi, ri, k})
							}
						}
					}
				}
				for _, poly := range out[a] {
					for _, r := range poly {
						for k := 0; k+1 < len(r); k++ {
							p, q := r[k], r[k+1]
							for _, b := range nbOf[a] {
								if !onSharedBorder(geoms[a], origSegs[b], idx[p], idx[q]) {
									continue
								}
								checked++
								if !simpSegs[b][mkSeg(p, q)] {
									t.Errorf("level %d: segment %v-%v of %s lies on the border with %s but %s does not have it", zl.Level, p, q, bs[a].Code, bs[b].Code, bs[b].Code)
								}
							}
						}
					}
				}
			}
			if checked < 1000 {
				t.Errorf("only %d shared segments checked", checked)
			}
			t.Logf("level %d (zoom %d-%d, tolerance %g, %d decimals): %d positions (%.0f%% of %d), %d shared segments checked",
				zl.Level, zl.MinZoom, zl.MaxZoom, zl.Tolerance, zl.Decimals, total, 100*float64(total)/float64(orig), orig, checked)
		})
	}
}

// onSharedBorder reports whether the forward path in A's original ring
// from a vertex at one of ps to a vertex at one of qs (the shortest such
// path within one ring) consists only of segments of B.
func onSharedBorder(a orb.MultiPolygon, bSegs map[useg]bool, ps, qs []loc) bool {
	best := -1
	var bestP loc
	for _, p := range ps {
		for _, q := range qs {
			if p.poly != q.poly || p.ring != q.ring {
				continue
			}
			n := len(a[p.poly][p.ring]) - 1
			d := (q.k - p.k + n) % n
			if d > 0 && (best < 0 || d < best) {
				best, bestP = d, p
			}
		}
	}
	if best < 0 {
		return false
	}
	r := a[bestP.poly][bestP.ring]
	n := len(r) - 1
	for s := 0; s < best; s++ {
		i := (bestP.k + s) % n
		if !bSegs[mkSeg(snapPt(r[i]), snapPt(r[(i+1)%n]))] {
			return false
		}
	}
	return true
}

func TestSimplifySharedSmall(t *testing.T) {
	// Two squares sharing a wiggly border, and an island in a hole.
	border := []orb.Point{{1, 0}, {1.001, 0.25}, {0.999, 0.5}, {1.001, 0.75}, {1, 1}}
	left := orb.Ring{{0, 0}}
	left = append(left, border...)
	left = append(left, orb.Point{0, 1}, orb.Point{0, 0})
	right := orb.Ring{{2, 0}, {2, 1}}
	for i := len(border) - 1; i >= 0; i-- {
		right = append(right, border[i])
	}
	right = append(right, orb.Point{2, 0})
	hole := orb.Ring{{1.4, 0.4}, {1.4, 0.6}, {1.6, 0.6}, {1.6, 0.4}, {1.4, 0.4}}
	island := orb.Ring{{1.4, 0.4}, {1.6, 0.4}, {1.6, 0.6}, {1.4, 0.6}, {1.4, 0.4}}
	geoms := []orb.MultiPolygon{{{left}}, {{right, hole}}, {{island}}}
	tests := []struct {
		tol      float64
		dec      int
		wantLeft int
	}{
		{0, 6, 8}, {0.01, 3, 5}, {0.0005, 4, 8},
	}
	for _, tt := range tests {
		out := SimplifyShared(geoms, tt.tol, tt.dec)
		if got := len(out[0][0][0]); got != tt.wantLeft {
			t.Errorf("tol %g: left ring has %d positions, want %d: %v", tt.tol, got, tt.wantLeft, out[0][0][0])
		}
		l, r := segSet(out[0]), segSet(out[1])
		shared := 0
		for s := range l {
			if s.a[0] > 0.5 && s.b[0] > 0.5 && s.a[0] < 1.5 && s.b[0] < 1.5 {
				shared++
				if !r[s] {
					t.Errorf("tol %g: border segment %v missing from right", tt.tol, s)
				}
			}
		}
		if shared == 0 {
			t.Errorf("tol %g: no border segments", tt.tol)
		}
		if len(out[1][0]) != 2 {
			t.Fatalf("tol %g: right lost its hole: %v", tt.tol, out[1])
		}
		for s := range segSet(out[2]) {
			if !segSet(orb.MultiPolygon{{out[1][0][1]}})[s] {
				t.Errorf("tol %g: island edge %v not on the hole", tt.tol, s)
			}
		}
		for i, g := range out {
			checkRings(t, fmt.Sprint(i), g)
		}
		again := SimplifyShared(geoms, tt.tol, tt.dec)
		if fmt.Sprint(again) != fmt.Sprint(out) {
			t.Errorf("tol %g: not deterministic", tt.tol)
		}
	}
	// A tiny triangle island must survive in minimal form.
	tiny := orb.MultiPolygon{{{{5, 52}, {5.0004, 52}, {5.0002, 52.0003}, {5, 52}}}}
	out := SimplifyShared([]orb.MultiPolygon{tiny}, 0.005, 3)
	if len(out[0]) != 1 {
		t.Fatalf("tiny island dropped: %v", out)
	}
	checkRings(t, "tiny", out[0])
	// Garbage in, no panic, no invalid ring out.
	junk := []orb.MultiPolygon{nil, {{}}, {{{}}}, {{{{1, 1}, {1, 1}, {1, 1}, {1, 1}}}}, {{{{math.NaN(), 1}, {2, 2}}}}}
	for i, g := range SimplifyShared(junk, 0.1, 2) {
		checkRings(t, fmt.Sprint("junk ", i), g)
	}
}

func TestNormalize2024SelfIntersection(t *testing.T) {
	for _, name := range []string{"gemeente_2024.geojson", "gemeente_2024.topojson"} {
		bs, ws := mustNormalize(t, name, LevelMunicipality)
		if len(bs) != 21 { // the subset of testdata/README.md
			t.Fatalf("%s: %d boundaries", name, len(bs))
		}
		var got []string
		for _, w := range ws {
			if strings.Contains(w.Message, "self-intersecting") {
				got = append(got, w.String())
			}
		}
		t.Logf("%s warnings: %v", name, ws)
		found := false
		for _, s := range got {
			if strings.HasPrefix(s, "GM0160: self-intersecting ring repaired near ") && strings.HasSuffix(s, "(shared border with GM0175)") {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: no GM0160/GM0175 self-intersection warning in %v", name, got)
		}
		for _, b := range bs {
			for _, p := range b.Geometry {
				for _, r := range p {
					if selfIntersects([]orb.Point(r[:len(r)-1])) {
						t.Errorf("%s %s: ring still self-intersecting", name, b.Code)
					}
				}
			}
			checkRings(t, b.Code, b.Geometry)
		}
	}
}

func BenchmarkSimplifyShared(b *testing.B) {
	bs, _ := mustNormalize(b, "gemeente_2025.geojson", LevelMunicipality)
	geoms := make([]orb.MultiPolygon, len(bs))
	for i := range bs {
		geoms[i] = bs[i].Geometry
	}
	for _, zl := range ZoomLevels {
		b.Run(fmt.Sprintf("level%d", zl.Level), func(b *testing.B) {
			for b.Loop() {
				SimplifyShared(geoms, zl.Tolerance, zl.Decimals)
			}
		})
	}
}

// invalidAt returns a description of the first validity problem of mp:
// a ring crossing or touching itself, a hole not lying inside its shell
// (or crossing it), or two polygons overlapping; "" when valid.
func invalidAt(mp orb.MultiPolygon) string {
	bg := &budget{limit: 1 << 30}
	for pi, p := range mp {
		for ri, r := range p {
			if selfIntersects(r[:len(r)-1]) {
				return fmt.Sprintf("polygon %d ring %d intersects itself", pi, ri)
			}
		}
		shell := newRingSet(p[0])
		for ri, h := range p[1:] {
			s, err := classifyRing(h, shell, bg)
			if err != nil || s.cross != nil || !s.in || s.out {
				return fmt.Sprintf("polygon %d hole %d is not inside its shell (%+v, %v)", pi, ri+1, s, err)
			}
		}
	}
	for i := range mp {
		for j := i + 1; j < len(mp); j++ {
			if _, overlap, same, err := regionsOverlap(mp[i], mp[j], newRingSet(mp[i]...), newRingSet(mp[j]...), bg); err != nil || overlap || same {
				return fmt.Sprintf("polygons %d and %d overlap", i, j)
			}
		}
	}
	return ""
}

// TestSimplifySharedValid: at every zoom level no simplified ring of the
// real 2025 municipalities and provinces intersects itself, no hole
// leaves or crosses its shell and no two parts overlap.
func TestSimplifySharedValid(t *testing.T) {
	for _, c := range []struct {
		file  string
		level Level
	}{{"gemeente_2025.geojson", LevelMunicipality}, {"provincie_2025.geojson", LevelProvince}} {
		bs, _ := mustNormalize(t, c.file, c.level)
		geoms := make([]orb.MultiPolygon, len(bs))
		for i, b := range bs {
			geoms[i] = b.Geometry
		}
		for _, zl := range ZoomLevels {
			for i, g := range SimplifyShared(geoms, zl.Tolerance, zl.Decimals) {
				if msg := invalidAt(g); msg != "" {
					t.Errorf("%s level %d %s: %s", c.file, zl.Level, bs[i].Code, msg)
				}
			}
		}
	}
}
