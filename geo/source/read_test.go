package source

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
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

const bomFC = "\ufeff" + `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"statcode":"GM0001","statnaam":"A"},"geometry":{"type":"Polygon","coordinates":[[[5,52],[5.1,52],[5.1,52.1],[5,52]]]}}]}`

func TestReadByteOrderMark(t *testing.T) {
	topo := "\ufeff" + smallTopo
	for _, c := range []struct {
		name  string
		read  func(string) ([]Feature, error)
		doc   string
		wantN int
	}{
		{"Read geojson", func(s string) ([]Feature, error) { return Read(strings.NewReader(s)) }, bomFC, 1},
		{"ReadGeoJSON", func(s string) ([]Feature, error) { return ReadGeoJSON(strings.NewReader(s)) }, bomFC, 1},
		{"Read topojson", func(s string) ([]Feature, error) { return Read(strings.NewReader(s)) }, topo, 4},
		{"ReadTopoJSON", func(s string) ([]Feature, error) { return ReadTopoJSON(strings.NewReader(s)) }, topo, 4},
	} {
		t.Run(c.name, func(t *testing.T) {
			fs, err := c.read(c.doc)
			if err != nil || len(fs) != c.wantN {
				t.Fatalf("got %d features, %v; want %d", len(fs), err, c.wantN)
			}
		})
	}
	// The real topology with a byte order mark.
	data, err := os.ReadFile(dataFile(t, "gemeente_2025.topojson"))
	if err != nil {
		t.Fatal(err)
	}
	fs, err := Read(strings.NewReader("\ufeff" + string(data)))
	if err != nil || len(fs) != 342 {
		t.Fatalf("gemeente_2025.topojson with BOM: %d features, %v", len(fs), err)
	}
	// UTF-16 cannot be read, and says why.
	_, err = Read(strings.NewReader("\xff\xfe{\x00}\x00"))
	if err == nil || !strings.Contains(err.Error(), "UTF-16") || !errors.Is(err, ErrFormat) {
		t.Errorf("UTF-16: %v", err)
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

// TestReadSaysWhatKindOfFileWasGiven protects the message for the files
// people give instead of GeoJSON: it names the kind and how to convert it.
func TestReadSaysWhatKindOfFileWasGiven(t *testing.T) {
	for _, c := range []struct{ doc, want string }{
		{"SQLite format 3\x00\x10\x00\x01\x01", "SQLite database (a GeoPackage?)"},
		{"PK\x03\x04\x14\x00\x00\x00", "ZIP archive"},
		{"\x00\x00\x27\x0a\x00\x00\x00\x00", "shapefile"},
		{`<?xml version="1.0"?><gml:FeatureCollection/>`, "XML"},
	} {
		_, err := Read(strings.NewReader(c.doc))
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "ogr2ogr -f GeoJSON") || !errors.Is(err, ErrFormat) {
			t.Errorf("%q: %v; want a format error naming %q with the conversion", c.doc[:4], err, c.want)
		}
	}
}

// TestReadAcceptsGzipCompressedFiles protects reading a .geojson.gz as it is,
// and the cap on what a small compressed file may expand to.
func TestReadAcceptsGzipCompressedFiles(t *testing.T) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write([]byte(bomFC))
	zw.Close()
	fs, err := Read(bytes.NewReader(buf.Bytes()))
	if err != nil || len(fs) != 1 {
		t.Fatalf("gzip: %d features, %v", len(fs), err)
	}
	if _, err := Read(strings.NewReader("\x1f\x8bnot gzip at all")); err == nil || !strings.Contains(err.Error(), "gzip") {
		t.Errorf("broken gzip: %v", err)
	}
	c := &capReader{r: strings.NewReader(strings.Repeat(" ", 100)), left: 10}
	if _, err := io.ReadAll(c); !errors.Is(err, ErrTooLarge) {
		t.Errorf("cap: %v, want ErrTooLarge", err)
	}
}
