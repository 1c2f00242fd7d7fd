package geo

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

func sq(x, y float64) orb.Polygon {
	return orb.Polygon{{{x, y}, {x + 0.1, y}, {x + 0.1, y + 0.1}, {x, y + 0.1}, {x, y}}}
}

func feat(i int, code, name string, g orb.Geometry) Feature {
	return Feature{Index: i, Properties: map[string]any{"statcode": code, "statnaam": name}, Geometry: g}
}

func TestNormalizeErrors(t *testing.T) {
	good := feat(0, "GM0001", "A", sq(5, 52))
	inf := sq(5, 52)
	inf[0][1] = orb.Point{math.Inf(1), 52}
	tests := []struct {
		name      string
		feats     []Feature
		wantIndex int
		wantCode  string
		wantField string
		wantMsg   string
	}{
		{"missing geometry", []Feature{good, feat(1, "GM0002", "B", nil)}, 1, "GM0002", "geometry", "missing"},
		{"line", []Feature{feat(0, "GM0002", "B", orb.LineString{{5, 52}, {6, 52}})}, 0, "GM0002", "geometry", "type LineString"},
		{"short ring", []Feature{good, feat(1, "GM0160", "H", orb.Polygon{{{5, 52}, {6, 52}, {5, 52}}})}, 1, "GM0160", "geometry", "ring 0 has 3 positions, need at least 4"},
		{"unclosed", []Feature{feat(0, "GM0002", "B", orb.Polygon{{{5, 52}, {6, 52}, {6, 53}, {5, 53}}})}, 0, "GM0002", "geometry", "ring 0 is not closed"},
		{"non-finite", []Feature{feat(0, "GM0002", "B", inf)}, 0, "GM0002", "geometry", "not a finite number"},
		{"out of range", []Feature{feat(0, "GM0002", "B", sq(5, 52)), feat(1, "GM0003", "C", sq(200, 52))}, 1, "GM0003", "geometry", "200,52"},
		{"bad code", []Feature{good, feat(1, "XX12", "B", sq(6, 52))}, 1, "XX12", "code", "does not match"},
		{"province code at municipality level", []Feature{feat(0, "PV20", "B", sq(6, 52))}, 0, "PV20", "code", "does not match"},
		{"duplicate", []Feature{good, feat(1, "GM0001", "B", sq(6, 52))}, 1, "GM0001", "code", "also used by feature 0"},
		{"empty name", []Feature{feat(0, "GM0002", "  ", sq(6, 52))}, 0, "GM0002", "name", "empty"},
		{"zero area", []Feature{feat(0, "GM0002", "B", orb.Polygon{{{5, 52}, {6, 52}, {7, 52}, {5, 52}}})}, 0, "GM0002", "geometry", "fewer than 3 distinct positions"},
		{"zero area bow-tie", []Feature{feat(0, "GM0002", "B", orb.Polygon{{{5, 52}, {6, 52}, {6, 52}, {5, 52}}})}, 0, "GM0002", "geometry", "fewer than 3 distinct positions"},
		{"unknown crs", []Feature{{Index: 0, Properties: map[string]any{"statcode": "GM0002", "statnaam": "B"}, Geometry: sq(5, 52), CRS: "EPSG:2154"}}, 0, "GM0002", "crs", `"EPSG:2154"`},
		{"undetectable", []Feature{feat(0, "GM0002", "B", sq(5e6, 5e6))}, 0, "GM0002", "geometry", "not WGS84"},
		{"mixed systems", []Feature{feat(0, "GM0002", "B", sq(5, 52)), feat(1, "GM0003", "C", sq(150000, 450000))}, 1, "GM0003", "geometry", "does not fit WGS84"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := Normalize(tt.feats, LevelMunicipality)
			var fe *FeatureError
			if !errors.As(err, &fe) {
				t.Fatalf("err = %v (%T), want *FeatureError", err, err)
			}
			got := fmt.Sprintf("%d %s %s", fe.Index, fe.Code, fe.Field)
			want := fmt.Sprintf("%d %s %s", tt.wantIndex, tt.wantCode, tt.wantField)
			if got != want || !strings.Contains(fe.Message, tt.wantMsg) {
				t.Errorf("got %q (%v), want %q with message containing %q", got, err, want, tt.wantMsg)
			}
		})
	}
	if _, _, err := Normalize(nil, LevelMunicipality); !errors.Is(err, ErrEmpty) {
		t.Errorf("empty: err = %v, want ErrEmpty", err)
	}
	if _, _, err := Normalize([]Feature{good}, Level("wijk")); err == nil {
		t.Errorf("unknown level: no error")
	}
	e := &FeatureError{Index: 17, Code: "GM0160", Field: "geometry", Message: "ring 0 has 3 positions, need at least 4"}
	if got, want := e.Error(), "feature 17 (GM0160): geometry: ring 0 has 3 positions, need at least 4"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func TestNormalizeRulesAndRepairs(t *testing.T) {
	cw := orb.Polygon{{{5, 52}, {5, 52.1}, {5.1, 52.1}, {5.1, 52}, {5, 52}}}
	dup := orb.Polygon{{{6, 52}, {6.1, 52}, {6.1, 52}, {6.1, 52.1}, {6, 52.1}, {6, 52}}}
	bowtie := orb.Polygon{{{7, 52}, {7.1, 52.1}, {7.1, 52}, {7, 52.1}, {7, 52}}}
	feats := []Feature{
		{Index: 0, ID: "gm0001", Properties: map[string]any{"name": " Een ", "jaarcode": "2023"}, Geometry: cw},
		{Index: 1, Properties: map[string]any{"code": "GM0002", "statnaam": "Twee", "jrstatcode": "2024GM0002"}, Geometry: dup},
		{Index: 2, Properties: map[string]any{"statcode": "GM0003", "statnaam": "Drie", "jaarcode": 2025.0}, Geometry: bowtie},
	}
	bs, ws, err := Normalize(feats, LevelMunicipality)
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		code, name string
		year       int
		polys      int
		firstRing  int
	}
	var got []row
	for _, b := range bs {
		got = append(got, row{b.Code, b.Name, b.Year, len(b.Geometry), len(b.Geometry[0][0])})
		for _, p := range b.Geometry {
			if ringArea(p[0]) <= 0 {
				t.Errorf("%s: exterior not counter-clockwise", b.Code)
			}
		}
	}
	want := []row{{"GM0001", "Een", 2023, 1, 5}, {"GM0002", "Twee", 2024, 1, 5}, {"GM0003", "Drie", 2025, 2, 4}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if len(ws) != 1 || ws[0].Code != "GM0003" || !strings.Contains(ws[0].String(), "GM0003: self-intersecting ring repaired near 7.0500,52.0500") {
		t.Errorf("warnings = %v", ws)
	}
}

func TestNormalizeObjectsSkipped(t *testing.T) {
	feats := []Feature{
		{Index: 0, Object: "gemeente", Properties: map[string]any{"statcode": "GM0001", "statnaam": "A"}, Geometry: sq(5, 52)},
		{Index: 1, Object: "provincie", Properties: map[string]any{"statcode": "PV20", "statnaam": "P"}, Geometry: sq(5, 52)},
	}
	for _, tt := range []struct {
		level Level
		want  string
	}{{LevelMunicipality, "GM0001"}, {LevelProvince, "PV20"}} {
		bs, ws, err := Normalize(feats, tt.level)
		if err != nil {
			t.Fatal(err)
		}
		if len(bs) != 1 || bs[0].Code != tt.want || len(ws) != 1 || !strings.Contains(ws[0].Message, "skipped") {
			t.Errorf("%s: got %v %v, want only %s and a skip warning", tt.level, bs, ws, tt.want)
		}
	}
}

// encodeFC writes boundaries as a GeoJSON FeatureCollection with the
// coordinates mapped by fn and an optional legacy crs member.
func encodeFC(t *testing.T, bs []Boundary, fn func(orb.Point) orb.Point, crs string) string {
	t.Helper()
	fc := geojson.NewFeatureCollection()
	for _, b := range bs {
		mp := orb.Clone(b.Geometry).(orb.MultiPolygon)
		forEachPoint(mp, func(p *orb.Point) { *p = fn(*p) })
		f := geojson.NewFeature(mp)
		f.ID = b.Code
		f.Properties = geojson.Properties{"statcode": b.Code, "statnaam": b.Name}
		fc.Append(f)
	}
	if crs != "" {
		fc.ExtraMembers = geojson.Properties{"crs": map[string]any{"type": "name", "properties": map[string]any{"name": crs}}}
	}
	data, err := fc.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestNormalizeCRS(t *testing.T) {
	orig, _ := mustNormalize(t, "gemeente_2025.geojson", LevelMunicipality)
	orig = orig[:40]
	swap := func(p orb.Point) orb.Point { return orb.Point{p[1], p[0]} }
	tests := []struct {
		name     string
		fn       func(orb.Point) orb.Point
		crs      string
		maxMetre float64
		wantWarn string
	}{
		{"RD declared urn", WGS84ToRD, "urn:ogc:def:crs:EPSG::28992", 1, ""},
		{"RD declared http", WGS84ToRD, "http://www.opengis.net/def/crs/EPSG/0/28992", 1, ""},
		{"RD declared short", WGS84ToRD, "EPSG:28992", 1, ""},
		{"RD detected", WGS84ToRD, "", 1, ""},
		{"3857 declared", WGS84ToWebMercator, "EPSG:3857", 0.01, ""},
		{"3857 detected", WGS84ToWebMercator, "", 0.01, ""},
		{"CRS84", func(p orb.Point) orb.Point { return p }, "urn:ogc:def:crs:OGC:1.3:CRS84", 0, ""},
		{"4326 lat/lon swapped", swap, "EPSG:4326", 0, "swapped"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := encodeFC(t, orig, tt.fn, tt.crs)
			feats, err := Read(strings.NewReader(doc))
			if err != nil {
				t.Fatal(err)
			}
			bs, ws, err := Normalize(feats, LevelMunicipality)
			if err != nil {
				t.Fatal(err)
			}
			if tt.wantWarn != "" && (len(ws) == 0 || !strings.Contains(ws[0].Message, tt.wantWarn)) {
				t.Errorf("warnings = %v, want %q", ws, tt.wantWarn)
			}
			worst := 0.0
			for i := range bs {
				d := maxDiff(bs[i].Geometry, orig[i].Geometry)
				worst = math.Max(worst, d)
			}
			// 1e-5 degrees of latitude is 1.1 m; of longitude 0.7 m here.
			if metres := worst * 111000; metres > tt.maxMetre+1e-6 {
				t.Errorf("max difference %.3g m, want <= %g m", metres, tt.maxMetre)
			}
		})
	}
	doc := encodeFC(t, orig, WGS84ToRD, "EPSG:31467")
	feats, _ := Read(strings.NewReader(doc))
	_, _, err := Normalize(feats, LevelMunicipality)
	var fe *FeatureError
	if !errors.As(err, &fe) || fe.Field != "crs" || !strings.Contains(err.Error(), "EPSG:31467") {
		t.Errorf("unknown CRS: err = %v", err)
	}
}

func TestParseCRS(t *testing.T) {
	tests := []struct {
		in   string
		want CRS
		err  bool
	}{
		{"EPSG:28992", CRSRDNew, false},
		{"urn:ogc:def:crs:EPSG::28992", CRSRDNew, false},
		{"urn:ogc:def:crs:EPSG:6.6:28992", CRSRDNew, false},
		{"http://www.opengis.net/def/crs/EPSG/0/28992", CRSRDNew, false},
		{"<http://www.opengis.net/def/crs/EPSG/0/3857>", CRSWebMercator, false},
		{"urn:ogc:def:crs:OGC:1.3:CRS84", CRSWGS84, false},
		{"http://www.opengis.net/def/crs/OGC/1.3/CRS84", CRSWGS84, false},
		{"EPSG:4326", CRSWGS84, false},
		{"EPSG:2154", CRSUnknown, true},
		{"", CRSUnknown, true},
		{"nonsense", CRSUnknown, true},
	}
	for _, tt := range tests {
		got, err := ParseCRS(tt.in)
		if got != tt.want || (err != nil) != tt.err {
			t.Errorf("ParseCRS(%q) = %v, %v; want %v, error %v", tt.in, got, err, tt.want, tt.err)
		}
	}
}

func TestRDConversion(t *testing.T) {
	// RDNAPTRANS 2018 validation points (ETRS89 lat/lon, RD x/y).
	tests := []struct {
		name     string
		lon, lat float64
		x, y     float64
	}{
		{"Amersfoort", 5.387203657, 52.155172897, 155000, 463000},
		{"Texel", 4.824761912, 53.160753042, 117380.12, 575040.34},
		{"Noord-Groningen", 6.776726674, 53.419482050, 247380.56, 604580.78},
		{"Zeeuws-Vlaanderen", 3.397588595, 51.368607152, 16460.91, 377380.23},
		{"Zuid-Limburg", 5.773795548, 50.792584916, 182260.45, 311480.67},
		{"Maasvlakte", 4.072887101, 51.947393898, 64640.89, 440700.01},
	}
	worstFwd, worstRound := 0.0, 0.0
	for _, tt := range tests {
		got := WGS84ToRD(orb.Point{tt.lon, tt.lat})
		d := math.Hypot(got[0]-tt.x, got[1]-tt.y)
		if d > 0.5 {
			t.Errorf("%s: WGS84ToRD = %.2f,%.2f, want %.2f,%.2f (%.2f m off)", tt.name, got[0], got[1], tt.x, tt.y, d)
		}
		back := RDToWGS84(orb.Point{tt.x, tt.y})
		dm := math.Hypot((back[0]-tt.lon)*111320*math.Cos(tt.lat*math.Pi/180), (back[1]-tt.lat)*110570)
		if dm > 0.5 {
			t.Errorf("%s: RDToWGS84 = %.7f,%.7f, %.2f m off", tt.name, back[0], back[1], dm)
		}
		rt := WGS84ToRD(RDToWGS84(orb.Point{tt.x, tt.y}))
		worstFwd = math.Max(worstFwd, math.Max(d, dm))
		worstRound = math.Max(worstRound, math.Hypot(rt[0]-tt.x, rt[1]-tt.y))
	}
	if worstRound > 0.001 {
		t.Errorf("round trip RD -> WGS84 -> RD off by %.4f m", worstRound)
	}
	t.Logf("RD accuracy vs RDNAPTRANS: worst %.3f m; round trip worst %.2g m", worstFwd, worstRound)
	// The brief's reference: Amersfoort origin (155000, 463000) <->
	// (5.387206, 52.155172); the polynomials' own origin is
	// (5.38720621, 52.15517440), 0.25 m from RDNAPTRANS' 52.155172897.
	got := RDToWGS84(orb.Point{155000, 463000})
	if math.Abs(got[0]-5.387206) > 3e-6 || math.Abs(got[1]-52.155172) > 3e-6 {
		t.Errorf("RDToWGS84(Amersfoort) = %v, want 5.387206,52.155172", got)
	}
	if p := WGS84ToRD(orb.Point{5.38720621, 52.15517440}); math.Hypot(p[0]-155000, p[1]-463000) > 0.001 {
		t.Errorf("WGS84ToRD(Amersfoort) = %v", p)
	}
}
