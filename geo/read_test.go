package geo

import (
	"math"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

func TestRealData2025GeoJSONAndTopoJSON(t *testing.T) {
	gj := openFeatures(t, "gemeente_2025.geojson")
	tj := openFeatures(t, "gemeente_2025.topojson")
	if got, want := len(gj), 342; got != want {
		t.Fatalf("geojson features = %d, want %d", got, want)
	}
	if got, want := len(tj), 342; got != want {
		t.Fatalf("topojson features = %d, want %d", got, want)
	}
	for i := range gj {
		if got, want := tj[i].ID, gj[i].ID; got != want {
			t.Fatalf("feature %d: topojson id %q, geojson id %q", i, got, want)
		}
		if got, want := tj[i].Object, "gemeente_2025"; got != want {
			t.Fatalf("feature %d object = %q, want %q", i, got, want)
		}
	}
	bg, wg, err := Normalize(gj, LevelMunicipality)
	if err != nil {
		t.Fatal(err)
	}
	bt, wt, err := Normalize(tj, LevelMunicipality)
	if err != nil {
		t.Fatal(err)
	}
	// The 2025 data has one spike (a-b-a) in GM1676 (Noord-Beveland).
	for _, ws := range [][]Warning{wg, wt} {
		if len(ws) != 1 || ws[0].Code != "GM1676" || !strings.Contains(ws[0].Message, "spike") {
			t.Errorf("warnings = %v, want one spike warning for GM1676", ws)
		}
	}
	if len(bg) != 342 || len(bt) != 342 {
		t.Fatalf("boundaries %d / %d, want 342", len(bg), len(bt))
	}
	compared := 0
	for i := range bg {
		if bg[i].Code != bt[i].Code || bg[i].Name != bt[i].Name || bg[i].Year != bt[i].Year {
			t.Fatalf("feature %d: geojson %s %q %d, topojson %s %q %d", i, bg[i].Code, bg[i].Name, bg[i].Year, bt[i].Code, bt[i].Name, bt[i].Year)
		}
		if bg[i].Year != 2025 {
			t.Fatalf("feature %d year = %d, want 2025", i, bg[i].Year)
		}
		if i%10 != 0 {
			continue
		}
		if d := maxDiff(bg[i].Geometry, bt[i].Geometry); d > 1e-6 {
			t.Errorf("%s: topojson geometry differs from geojson by %g", bg[i].Code, d)
		}
		compared++
	}
	if compared < 30 {
		t.Fatalf("compared only %d geometries", compared)
	}
	if got, want := bg[0].Code+" "+bg[0].Name, "GM0014 Groningen"; got != want {
		t.Errorf("first = %q, want %q", got, want)
	}

	for _, name := range []string{"provincie_2025.geojson", "provincie_2025.topojson"} {
		bs, _ := mustNormalize(t, name, LevelProvince)
		if got, want := len(bs), 12; got != want {
			t.Errorf("%s: %d provinces, want %d", name, got, want)
		}
	}
}

// maxDiff is the largest coordinate difference between two geometries of
// the same shape (Inf when the shapes differ).
func maxDiff(a, b orb.MultiPolygon) float64 {
	if len(a) != len(b) {
		return math.Inf(1)
	}
	d := 0.0
	for i := range a {
		if len(a[i]) != len(b[i]) {
			return math.Inf(1)
		}
		for j := range a[i] {
			if len(a[i][j]) != len(b[i][j]) {
				return math.Inf(1)
			}
			for k := range a[i][j] {
				d = math.Max(d, math.Abs(a[i][j][k][0]-b[i][j][k][0]))
				d = math.Max(d, math.Abs(a[i][j][k][1]-b[i][j][k][1]))
			}
		}
	}
	return d
}

const smallTopo = `{"type":"Topology",
 "transform":{"scale":[0.5,0.5],"translate":[4,52]},
 "arcs":[[[0,0],[2,0],[0,2]],[[2,2],[-2,0],[0,-2]],[[2,0],[2,0],[0,2],[-2,0]]],
 "objects":{
  "b":{"type":"GeometryCollection","geometries":[
    {"type":"Polygon","arcs":[[0,1]],"id":"GM0001","properties":{"statnaam":"A","jaarcode":2025}},
    {"type":"Polygon","arcs":[[2,-1]],"id":"GM0002","properties":{"statnaam":"B","jaarcode":"2024"}},
    {"type":null,"id":"GM0003","properties":{"statnaam":"C"}}]},
  "a":{"type":"MultiPolygon","arcs":[[[0,1]],[[2,-1]]],"id":"PV20","properties":{"statnaam":"P"}}
 }}`

func TestReadTopoJSON(t *testing.T) {
	feats, err := ReadTopoJSON(strings.NewReader(smallTopo))
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		id, object, typ string
		first           orb.Point
		n               int
	}
	var got []row
	for _, f := range feats {
		r := row{id: f.ID, object: f.Object, typ: "null"}
		if f.Geometry != nil {
			r.typ = f.Geometry.GeoJSONType()
		}
		switch g := f.Geometry.(type) {
		case orb.Polygon:
			r.first, r.n = g[0][0], len(g[0])
		case orb.MultiPolygon:
			r.first, r.n = g[1][0][0], len(g[1][0])
		}
		got = append(got, r)
	}
	want := []row{
		{"GM0001", "b", "Polygon", orb.Point{4, 52}, 5},
		{"GM0002", "b", "Polygon", orb.Point{5, 52}, 6},
		{"GM0003", "b", "null", orb.Point{}, 0},
		{"PV20", "a", "MultiPolygon", orb.Point{5, 52}, 6},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d features, want %d: %+v", len(got), len(want), got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("feature %d = %+v, want %+v", i, got[i], want[i])
		}
		if feats[i].Index != i {
			t.Errorf("feature %d Index = %d", i, feats[i].Index)
		}
	}
	// GM0002: arc 2, then arc 0 reversed without its first position.
	wantRing := orb.Ring{{5, 52}, {6, 52}, {6, 53}, {5, 53}, {5, 52}, {4, 52}}
	if g := feats[1].Geometry.(orb.Polygon)[0]; !g.Equal(wantRing) {
		t.Errorf("GM0002 ring = %v, want %v", g, wantRing)
	}
	if got, want := feats[0].Properties["statnaam"], "A"; got != want {
		t.Errorf("properties = %v", feats[0].Properties)
	}
	// Non-quantised arcs.
	plain := `{"type":"Topology","arcs":[[[4,52],[5,52],[5,53],[4,52]]],"objects":{"x":{"type":"Polygon","arcs":[[-1]],"id":7}}}`
	fs, err := Read(strings.NewReader(plain))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := fs[0].Geometry.(orb.Polygon)[0], (orb.Ring{{4, 52}, {5, 53}, {5, 52}, {4, 52}}); !got.Equal(want) {
		t.Errorf("plain reversed ring = %v, want %v", got, want)
	}
	if fs[0].ID != "7" {
		t.Errorf("numeric id = %q, want 7", fs[0].ID)
	}
}

func TestReadTopoJSONErrors(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"arc out of range", `{"type":"Topology","arcs":[],"objects":{"o":{"type":"Polygon","arcs":[[3]]}}}`, "arc reference 3 out of range"},
		{"short position", `{"type":"Topology","arcs":[[[1]]],"objects":{}}`, "arc 0 position 0"},
		{"bad transform", `{"type":"Topology","transform":{"scale":[1]},"arcs":[],"objects":{}}`, "transform"},
		{"bad type", `{"type":"Topology","arcs":[],"objects":{"o":{"type":"Blob"}}}`, `unsupported geometry type "Blob"`},
		{"not json", `{"type":"Topology",`, "topojson"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadTopoJSON(strings.NewReader(tt.in))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestReadGeoJSON(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		wantN   int
		wantCRS string
		wantErr string
	}{
		{"collection crs", `{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::28992"}},"features":[{"type":"Feature","geometry":null,"properties":{}}]}`, 1, "urn:ogc:def:crs:EPSG::28992", ""},
		{"feature crs wins", `{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:3857"}},"features":[{"type":"Feature","crs":{"type":"EPSG","properties":{"code":28992}},"geometry":null,"properties":{}}]}`, 1, "EPSG:28992", ""},
		{"single feature", `{"type":"Feature","id":5,"geometry":{"type":"Point","coordinates":[1,2]},"properties":null}`, 1, "", ""},
		{"bare geometry", `{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}`, 1, "", ""},
		{"empty", `{"type":"FeatureCollection","features":[]}`, 0, "", ""},
		{"bad feature names index", `{"type":"FeatureCollection","features":[{"type":"Feature","geometry":null},{"type":"Feature","geometry":{"type":"Blob"}}]}`, 0, "", "feature 1"},
		{"not geojson", `[1,2]`, 0, "", "geojson"},
		{"wrong type", `{"type":"Nope"}`, 0, "", `type "Nope"`},
		{"bad crs", `{"type":"FeatureCollection","crs":{"type":"weird"},"features":[]}`, 0, "", "crs member"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs, err := ReadGeoJSON(strings.NewReader(tt.in))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want it to contain %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := len(fs); got != tt.wantN {
				t.Fatalf("got %d features, want %d", got, tt.wantN)
			}
			if tt.wantN > 0 && fs[0].CRS != tt.wantCRS {
				t.Errorf("CRS = %q, want %q", fs[0].CRS, tt.wantCRS)
			}
			if tt.wantN > 0 && fs[0].Properties == nil {
				t.Errorf("Properties is nil")
			}
		})
	}
}
