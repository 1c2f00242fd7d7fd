package source

import (
	"bytes"
	"testing"

	"github.com/paulmach/orb"

	"github.com/inclusiekaart/inclusiekaart/geo"
)

func FuzzReadGeoJSON(f *testing.F) {
	f.Add([]byte(`{"type":"FeatureCollection","features":[{"type":"Feature","id":"GM0001","properties":{"statnaam":"A"},"geometry":{"type":"Polygon","coordinates":[[[5,52],[5.1,52],[5.1,52.1],[5,52]]]}}]}`))
	f.Add([]byte(`{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:28992"}},"features":[{"type":"Feature","properties":{"statcode":"GM0001","statnaam":"A"},"geometry":{"type":"Polygon","coordinates":[[[150000,450000],[151000,450000],[150000,451000],[150000,450000]]]}}]}`))
	f.Add([]byte(`{"type":"Feature","properties":{"statcode":"GM0001","statnaam":"A"},"geometry":{"type":"Polygon","coordinates":[[[7,52],[7.1,52.1],[7.1,52],[7,52.1],[7,52]]]}}`))
	f.Add([]byte(`{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[1]]]}}]}`))
	f.Add([]byte(`{"type":"Polygon","coordinates":[]}`))
	f.Add([]byte(`{`))
	f.Add([]byte("\ufeff" + `{"type":"Feature","properties":{"statcode":"GM0001","statnaam":"A"},"geometry":{"type":"Polygon","coordinates":[[[5,52],[5.1,52],[5.1,52.1],[5,52]],[[6,52],[6.1,52.1],[6.1,52],[6,52]]]}}`))
	f.Add([]byte(`{"type":"Feature","properties":{"statcode":"GM0001","statnaam":"A"},"geometry":{"type":"MultiPolygon","coordinates":[[[[5,52],[5.2,52],[5.2,52.2],[5,52]]],[[[5.05,52.01],[5.1,52.01],[5.1,52.05],[5.05,52.01]]],[[[5,52],[5.2,52],[5.2,52.2],[5,52]]]]}}`))
	f.Add([]byte(`{"type":"Feature","properties":{"statcode":"GM0001","statnaam":"A"},"geometry":{"type":"Polygon","coordinates":[[[5,52],[5.2,52],[5.2,52.2],[5,52]],[[5.1,52.01],[5.3,52.01],[5.1,52.05],[5.1,52.01]],[[5,52],[5.2,52.2],[5.2,52],[5,52]]]}}`))
	f.Add([]byte(`{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[5,52],["5.1",52],[5.1,null],[5,52]]]}}`))
	f.Add([]byte(`{"type":"FeatureCollection","features":[null,{"type":"Feature","properties":{"statcode":"GM0001","statnaam":"A"},"geometry":{"type":"Polygon","coordinates":[[[5,52],[6],null,[5,52]]]}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		feats, err := ReadGeoJSON(bytes.NewReader(data))
		if err != nil {
			return
		}
		for _, l := range []Level{LevelMunicipality, LevelProvince} {
			bs, _, err := Normalize(feats, l)
			if err != nil {
				continue
			}
			checkFuzzBoundaries(t, bs)
		}
	})
}

func FuzzReadTopoJSON(f *testing.F) {
	f.Add([]byte(smallTopo))
	f.Add([]byte(`{"type":"Topology","arcs":[[[4,52],[5,52],[5,53],[4,52]]],"objects":{"x":{"type":"Polygon","arcs":[[-1]],"id":"GM0007","properties":{"statnaam":"X"}}}}`))
	f.Add([]byte(`{"type":"Topology","arcs":[],"objects":{"o":{"type":"Polygon","arcs":[[3]]}}}`))
	f.Add([]byte(`{"type":"Topology","transform":{"scale":[1,1],"translate":[0,0]},"arcs":[[[0,0],[1,0],[0,1],[-1,-1]]],"objects":{"o":{"type":"GeometryCollection","geometries":[{"type":"Polygon","arcs":[[0]],"id":"PV20","properties":{"statnaam":"P"}}]}}}`))
	f.Add([]byte(`{"type":"Topology"}`))
	f.Add([]byte("\ufeff" + `{"type":"Topology","arcs":[null,[[4,52],["5",52]],7],"objects":{}}`))
	// The stall: one arc referenced over and over by a single ring.
	f.Add([]byte(amplifiedTopo(40, 50)))
	f.Add([]byte(`{"type":"Topology","transform":{"scale":[1e300,1],"translate":[0,0]},"arcs":[[[1e300,0],[1e300,0]]],"objects":{}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		feats, err := Read(bytes.NewReader(data))
		if err != nil {
			return
		}
		for _, l := range []Level{LevelMunicipality, LevelProvince} {
			bs, _, err := Normalize(feats, l)
			if err != nil {
				continue
			}
			checkFuzzBoundaries(t, bs)
		}
	})
}

// checkFuzzBoundaries asserts the Boundary guarantees and that the
// downstream helpers accept the result without panicking.
func checkFuzzBoundaries(t *testing.T, bs []Boundary) {
	geoms := make([]orb.MultiPolygon, len(bs))
	for i, b := range bs {
		for _, p := range b.Geometry {
			for ri, r := range p {
				if len(r) < 4 || r[0] != r[len(r)-1] {
					t.Fatalf("%s: invalid ring %v", b.Code, r)
				}
				if (r.Orientation() == orb.CCW) != (ri == 0) {
					t.Fatalf("%s: ring %d has wrong winding: %v", b.Code, ri, r)
				}
				for _, pt := range r {
					if !isFinite(pt) || !wgs84Bound.Contains(pt) {
						t.Fatalf("%s: bad coordinate %v", b.Code, pt)
					}
				}
			}
		}
		geo.InteriorPoint(b.Geometry)
		geoms[i] = b.Geometry
	}
	geo.Neighbours(geoms)
	geo.SimplifyShared(geoms, 0.01, 3)
}
