package source

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

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
			if p[0].Orientation() != orb.CCW {
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

// TestNormalizeStructureWarningText pins the wording a user sees.
func TestNormalizeStructureWarningText(t *testing.T) {
	shell := box(5, 52, 5.1, 52.1)
	_, ws, err := Normalize([]Feature{feat(4, "GM0363", "A", orb.Polygon{shell, box(5.2, 52.2, 5.3, 52.3)})}, LevelMunicipality)
	if err != nil || len(ws) != 1 {
		t.Fatalf("%v %v", err, ws)
	}
	if got, want := ws[0].String(), "GM0363: hole ring 1 lies outside the exterior ring; dropped (a hole outside its shell subtracts nothing)"; got != want {
		t.Errorf("warning = %q, want %q", got, want)
	}
	_, _, err = Normalize([]Feature{feat(4, "GM0363", "A", orb.Polygon{shell, box(5.05, 52.02, 5.15, 52.04)})}, LevelMunicipality)
	if got, want := fmt.Sprint(err), "feature 4 (GM0363): geometry: hole ring 1 crosses the exterior ring near 5.1000,52.0400"; got != want {
		t.Errorf("error = %q, want %q", got, want)
	}
}

// TestRealDataStructure pins what Normalize makes of the real boundary
// fixtures, so that the structural checks reject nothing real and change
// nothing. gemeente_2024 and wijk_2025 are subsets (testdata/README.md)
// chosen to hold the source's holes, MultiPolygons, spikes and
// self-touching rings; the wijken are renumbered with GM codes so that they
// pass as municipalities.
func TestRealDataStructure(t *testing.T) {
	tests := []struct {
		file                            string
		level                           Level
		bounds, polys, holes, positions int
		warns                           int
	}{
		{"gemeente_2025.geojson", LevelMunicipality, 342, 350, 0, 6456, 1},
		{"gemeente_2025.topojson", LevelMunicipality, 342, 350, 0, 6456, 1},
		{"gemeente_2024.geojson", LevelMunicipality, 21, 32, 1, 820, 3}, // subsets: testdata/README.md
		{"gemeente_2024.topojson", LevelMunicipality, 21, 32, 1, 820, 3},
		{"provincie_2025.geojson", LevelProvince, 12, 24, 3, 1603, 1}, // PV29: two holes sharing an edge merged
		{"provincie_2025.topojson", LevelProvince, 12, 24, 3, 1603, 1},
		{"wijk_2025.geojson", LevelMunicipality, 208, 214, 14, 1727, 8},
		{"wijk_2025.topojson", LevelMunicipality, 208, 214, 14, 1727, 8},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			feats := openFeatures(t, tt.file)
			if strings.HasPrefix(tt.file, "wijk") {
				for i := range feats {
					feats[i].Properties = map[string]any{"statcode": fmt.Sprintf("GM%04d", i), "statnaam": "W"}
				}
			}
			bs, ws, err := Normalize(feats, tt.level)
			if err != nil {
				t.Fatal(err)
			}
			polys, holes, positions := 0, 0, 0
			for _, b := range bs {
				polys += len(b.Geometry)
				for _, p := range b.Geometry {
					holes += len(p) - 1
					for _, r := range p {
						positions += len(r)
					}
				}
			}
			got := fmt.Sprint(len(bs), polys, holes, positions, len(ws))
			want := fmt.Sprint(tt.bounds, tt.polys, tt.holes, tt.positions, tt.warns)
			if got != want {
				t.Errorf("boundaries, polygons, holes, positions, warnings = %s, want %s; warnings %v", got, want, ws)
			}
			for _, w := range ws {
				if !strings.Contains(w.Message, "spike") && !strings.Contains(w.Message, "self-intersecting ring repaired") && !strings.Contains(w.Message, "share edges; merged") {
					t.Errorf("unexpected warning %s", w)
				}
			}
		})
	}
}

// TestNormalizeNamesSharedBorder: the warning about GM0160's repaired
// self-intersection in the 2024 data names GM0175, the neighbour along
// that border (geo's repair tests check the repaired rings).
func TestNormalizeNamesSharedBorder(t *testing.T) {
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
		found := false
		for _, s := range got {
			if strings.HasPrefix(s, "GM0160: self-intersecting ring repaired near ") && strings.HasSuffix(s, "(shared border with GM0175)") {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: no GM0160/GM0175 self-intersection warning in %v", name, got)
		}
	}
}

// BenchmarkNormalizeWijk normalises the wijken fixture (208 districts), renumbered with
// GM codes so that they pass as municipalities.
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

// TestNormalizeReadsCodesAndNamesUnderTheCommonPropertyNames protects
// imports of boundary files from other publishers: CBS's wijk- en buurtkaart
// (GM_CODE, GM_NAAM), Kadaster's Bestuurlijke Gebieden (code "0014", naam,
// identificatie), numbers for codes, and property names in any case.
func TestNormalizeReadsCodesAndNamesUnderTheCommonPropertyNames(t *testing.T) {
	props := func(kv ...any) map[string]any {
		m := map[string]any{}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return m
	}
	muni := []Feature{
		{Index: 0, Properties: props("GM_CODE", "GM0014", "GM_NAAM", "Groningen")},
		{Index: 1, Properties: props("code", "0034", "naam", "Almere")},
		{Index: 2, Properties: props("Gemeentecode", 363.0, "Gemeentenaam", "Amsterdam")},
		{Index: 3, Properties: props("code", "abc", "identificatie", "gm0518", "Naam", " 's-Gravenhage ")},
		{Index: 4, ID: "GM0599", Properties: props("code", 17.5, "NAME", "Rotterdam")},
	}
	prov := []Feature{
		{Index: 0, Properties: props("PV_CODE", "PV27", "PV_NAAM", "Noord-Holland")},
		{Index: 1, Properties: props("code", "26", "naam", "Utrecht")},
		{Index: 2, Properties: props("Provinciecode", 20.0, "Provincienaam", "Groningen")},
	}
	for _, tt := range []struct {
		level Level
		feats []Feature
		want  string
	}{
		{LevelMunicipality, muni, "GM0014 Groningen, GM0034 Almere, GM0363 Amsterdam, GM0518 's-Gravenhage, GM0599 Rotterdam"},
		{LevelProvince, prov, "PV27 Noord-Holland, PV26 Utrecht, PV20 Groningen"},
	} {
		for i := range tt.feats {
			tt.feats[i].Geometry = sq(5+float64(i)/5, 52)
		}
		bs, _, err := Normalize(tt.feats, tt.level)
		if err != nil {
			t.Fatalf("%s: %v", tt.level, err)
		}
		var got []string
		for _, b := range bs {
			got = append(got, b.Code+" "+b.Name)
		}
		if s := strings.Join(got, ", "); s != tt.want {
			t.Errorf("%s: got %s\nwant %s", tt.level, s, tt.want)
		}
	}
	// Nothing that reads as a code: the error quotes the first value found.
	_, _, err := Normalize([]Feature{{Index: 0, Properties: props("code", "X-1", "naam", "A"), Geometry: sq(5, 52)}}, LevelMunicipality)
	var fe *FeatureError
	if !errors.As(err, &fe) || fe.Field != "code" || !strings.Contains(fe.Message, `"X-1"`) {
		t.Errorf("no code: err = %v, want a code error quoting \"X-1\"", err)
	}
	// A municipality code of more than four digits is not padded or cut.
	_, _, err = Normalize([]Feature{{Index: 0, Properties: props("code", "12345", "naam", "A"), Geometry: sq(5, 52)}}, LevelMunicipality)
	if !errors.As(err, &fe) || fe.Field != "code" {
		t.Errorf("five digits: err = %v, want a code error", err)
	}
}
