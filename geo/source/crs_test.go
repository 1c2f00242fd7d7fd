package source

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/inclusiekaart/inclusiekaart/geo"
)

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
		{"RD declared urn", geo.WGS84ToRD, "urn:ogc:def:crs:EPSG::28992", 1, ""},
		{"RD declared http", geo.WGS84ToRD, "http://www.opengis.net/def/crs/EPSG/0/28992", 1, ""},
		{"RD declared short", geo.WGS84ToRD, "EPSG:28992", 1, ""},
		{"RD detected", geo.WGS84ToRD, "", 1, ""},
		{"3857 declared", geo.WGS84ToWebMercator, "EPSG:3857", 0.01, ""},
		{"3857 detected", geo.WGS84ToWebMercator, "", 0.01, ""},
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
	doc := encodeFC(t, orig, geo.WGS84ToRD, "EPSG:31467")
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
