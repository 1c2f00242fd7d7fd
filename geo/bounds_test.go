package geo

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

// amplifiedTopo is a topology whose one arc, a closed square walk of m
// unit steps, is referenced n times by a single ring: a 2 KB document
// with m=200, n=200 took 41 s in Normalize before the self-intersection
// check was bounded (the FuzzReadTopoJSON stall).
func amplifiedTopo(m, n int) string {
	var b strings.Builder
	b.WriteString(`{"type":"Topology","transform":{"scale":[0.001,0.001],"translate":[4,52]},"arcs":[[[0,0]`)
	for _, d := range [][2]int{{1, 0}, {0, 1}, {-1, 0}, {0, -1}} {
		for range m / 4 {
			fmt.Fprintf(&b, ",[%d,%d]", d[0], d[1])
		}
	}
	b.WriteString(`]],"objects":{"x":{"type":"Polygon","arcs":[[`)
	b.WriteString(strings.Repeat("0,", n-1) + "0")
	b.WriteString(`]],"id":"GM0007","properties":{"statnaam":"X"}}}}`)
	return b.String()
}

func TestAmplifiedTopoJSONIsRejected(t *testing.T) {
	feats, err := Read(strings.NewReader(amplifiedTopo(200, 200)))
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = Normalize(feats, LevelMunicipality)
	var fe *FeatureError
	if !errors.As(err, &fe) || fe.Code != "GM0007" || fe.Field != "geometry" || !strings.Contains(fe.Message, "ring 0") {
		t.Fatalf("Normalize = %v, want a geometry FeatureError for GM0007 ring 0", err)
	}

	// 400 positions referenced 5000 times: 2 million positions from 12 KB.
	_, err = Read(strings.NewReader(amplifiedTopo(400, 5000)))
	if err == nil || !strings.Contains(err.Error(), `object "x": feature 0`) || !strings.Contains(err.Error(), "referenced too often") {
		t.Fatalf("Read = %v, want the amplification error naming the object and feature", err)
	}
}

func TestReadTopoJSONLimits(t *testing.T) {
	defer func(n int) { maxTopoPositions = n }(maxTopoPositions)
	maxTopoPositions = 10
	tests := []struct {
		name, doc, want string
	}{
		{"arc out of range", `{"type":"Topology","arcs":[[[4,52],[5,52],[5,53],[4,52]]],"objects":{"o":{"type":"GeometryCollection","geometries":[{"type":"Polygon","arcs":[[0]]},{"type":"MultiPolygon","arcs":[[[0]],[[7]]]}]}}}`,
			`object "o": feature 1: ring 0: arc reference 7 out of range (1 arcs)`},
		{"reversed arc out of range", `{"type":"Topology","arcs":[],"objects":{"o":{"type":"Polygon","arcs":[[-2]]}}}`,
			`object "o": feature 0: ring 0: arc reference -2 out of range (0 arcs)`},
		{"scale zero", `{"type":"Topology","transform":{"scale":[0,1],"translate":[0,0]},"arcs":[],"objects":{}}`,
			`scale must not be 0`},
		{"overflow after transform", `{"type":"Topology","transform":{"scale":[1e300,1],"translate":[0,0]},"arcs":[[[1e300,0]]],"objects":{}}`,
			`arc 0 position 0: not a finite number`},
		{"total positions", `{"type":"Topology","arcs":[[[4,52],[5,52],[5,53],[4,52]]],"objects":{"o":{"type":"Polygon","arcs":[[0],[0],[0]]}}}`,
			`object "o": feature 0: ring 2: more than 10 positions in total`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadTopoJSON(strings.NewReader(tt.doc))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

func TestReadGeoJSONHostile(t *testing.T) {
	deep := strings.Repeat("[", 20000) + strings.Repeat("]", 20000)
	ok := `{"type":"Feature","properties":{},"geometry":null}`
	tests := []struct {
		name, doc, want string
	}{
		{"deep nesting", `{"type":"FeatureCollection","features":[` + ok + `,{"type":"Feature","properties":{"a":` + deep + `}}]}`, "feature 1: "},
		{"null feature", `{"type":"FeatureCollection","features":[` + ok + `,null]}`, "feature 1: null"},
		{"short position", `{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[5,52],[6],[6,53],[5,52]]]}}]}`,
			"feature 0: geometry: ring 0 position 1: need 2 numbers, got 1"},
		{"null position", `{"type":"FeatureCollection","features":[` + ok + `,{"type":"Feature","geometry":{"type":"MultiPolygon","coordinates":[[[[5,52],[6,52],[6,53],[5,52]]],[[[5,52],null,[6,53],[5,52]]]]}}]}`,
			"feature 1: geometry: polygon 1 ring 0 position 1: need 2 numbers, got 0"},
		{"huge number", `{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[1e999,52]]]}}]}`, "feature 0: geometry"},
		{"null in collection", `{"type":"GeometryCollection","geometries":[null]}`, "feature 0: geometry"},
		{"trailing data", `{"type":"FeatureCollection","features":[]} {}`, "after the top-level object"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadGeoJSON(strings.NewReader(tt.doc))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want an error containing %q", err, tt.want)
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
	_, _, err := Normalize([]Feature{feat(3, "GM0001", "Ster", orb.Polygon{r})}, LevelMunicipality)
	var fe *FeatureError
	if !errors.As(err, &fe) || fe.Index != 3 || !strings.Contains(fe.Message, "more than") {
		t.Fatalf("got %v, want a FeatureError for feature 3 about too many crossings", err)
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
	_, _, err := Normalize([]Feature{feat(0, "GM0001", "Lint", orb.Polygon{r})}, LevelMunicipality)
	var fe *FeatureError
	if !errors.As(err, &fe) || !strings.Contains(fe.Message, "too complex") {
		t.Fatalf("got %v, want a FeatureError about a too complex ring", err)
	}
}

// noisyCircle is a closed ring of n positions around (5.2, 52.1) with
// radial noise of about one vertex spacing (like digitising noise); it is
// star-shaped, hence simple.
func noisyCircle(n int) orb.Ring {
	rng := rand.New(rand.NewPCG(1, 2))
	r := make(orb.Ring, 0, n+1)
	for i := range n {
		a := 2 * math.Pi * float64(i) / float64(n)
		d := 0.1 * (1 + 5e-5*rng.Float64())
		r = append(r, orb.Point{5.2 + d*math.Cos(a), 52.1 + 0.6*d*math.Sin(a)})
	}
	return append(r, r[0])
}

// bowTie is a closed figure eight (lemniscate of Gerono) of n positions
// with a little noise: one self-crossing at its centre.
func bowTie(n int) orb.Ring {
	rng := rand.New(rand.NewPCG(3, 4))
	r := make(orb.Ring, 0, n+1)
	for i := range n {
		a := 2 * math.Pi * (float64(i) + 0.5) / float64(n)
		d := 0.1 * (1 + 1e-4*rng.Float64())
		r = append(r, orb.Point{5.2 + d*math.Cos(a), 52.1 + d*math.Sin(2*a)/2})
	}
	return append(r, r[0])
}

func TestNormalizeLargeRings(t *testing.T) {
	bs, ws, err := Normalize([]Feature{feat(0, "GM0001", "Cirkel", orb.Polygon{noisyCircle(100_000)})}, LevelMunicipality)
	if err != nil || len(ws) != 0 || len(bs[0].Geometry) != 1 {
		t.Fatalf("circle: %v, warnings %v", err, ws)
	}
	bs, ws, err = Normalize([]Feature{feat(0, "GM0001", "Strik", orb.Polygon{bowTie(100_000)})}, LevelMunicipality)
	if err != nil || len(ws) != 1 || !strings.Contains(ws[0].Message, "self-intersecting ring repaired") || len(bs[0].Geometry) != 2 {
		t.Fatalf("bow-tie: %v, warnings %v, want 2 polygons and a repair warning", err, ws)
	}
}

func benchmarkNormalize(b *testing.B, r orb.Ring) {
	fs := []Feature{feat(0, "GM0001", "X", orb.Polygon{r})}
	for b.Loop() {
		if _, _, err := Normalize(fs, LevelMunicipality); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkNormalizeCircle100k(b *testing.B) { benchmarkNormalize(b, noisyCircle(100_000)) }
func BenchmarkNormalizeBowTie100k(b *testing.B) { benchmarkNormalize(b, bowTie(100_000)) }

func BenchmarkSelfIntersects100k(b *testing.B) {
	r := noisyCircle(100_000)
	pts := []orb.Point(r[:len(r)-1])
	for b.Loop() {
		if selfIntersects(pts) {
			b.Fatal("circle reported as self-intersecting")
		}
	}
}

func BenchmarkNormalizeAmplifiedTopo(b *testing.B) {
	data := amplifiedTopo(200, 200)
	for b.Loop() {
		feats, err := Read(strings.NewReader(data))
		if err != nil {
			b.Fatal(err)
		}
		if _, _, err := Normalize(feats, LevelMunicipality); err == nil {
			b.Fatal("accepted")
		}
	}
}

func BenchmarkSimplifySharedCircle100k(b *testing.B) {
	geoms := []orb.MultiPolygon{{{noisyCircle(100_000)}}}
	for b.Loop() {
		SimplifyShared(geoms, ZoomLevels[0].Tolerance, ZoomLevels[0].Decimals)
	}
}

func BenchmarkNeighboursWijk(b *testing.B) {
	feats := openFeatures(b, "wijk_2025.geojson")
	geoms := make([]orb.MultiPolygon, 0, len(feats))
	for _, f := range feats {
		if mp, msg := checkStructure(f.Geometry); msg == "" {
			geoms = append(geoms, mp)
		}
	}
	for b.Loop() {
		Neighbours(geoms)
	}
}

// BenchmarkNormalizeWijk normalises the wijken fixture (208 districts),
// renumbered with GM codes so that they pass as municipalities.
func BenchmarkNormalizeWijk(b *testing.B) {
	feats := openFeatures(b, "wijk_2025.geojson")
	for i := range feats {
		feats[i].Properties = map[string]any{"statcode": fmt.Sprintf("GM%04d", i), "statnaam": "W"}
	}
	for b.Loop() {
		if _, _, err := Normalize(feats, LevelMunicipality); err != nil {
			b.Fatal(err)
		}
	}
}
