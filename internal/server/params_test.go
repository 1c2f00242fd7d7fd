package server

import (
	"github.com/inclusiekaart/inclusiekaart/internal/atlas"

	"net/url"
	"strings"
	"testing"
)

func TestParseLayerQuery(t *testing.T) {
	cases := []struct {
		q       string
		wantErr string
		zoom    int
	}{
		{"", "", 3},
		{"zoom=5", "", 0},
		{"zoom=9", "", 1},
		{"zoom=11&year=2025&province=pv26", "", 2},
		{"zoom=-1", "zoom", 0},
		{"zoom=1.5", "zoom", 0},
		{"year=abcd", "year", 0},
		{"year=99999", "year", 0},
		{"province=PV1", "province", 0},
		{"bbox=3,50,7", "bbox", 0},
		{"bbox=3,50,7,54,1", "bbox", 0},
		{"bbox=3,50,7,Inf", "bbox", 0},
		{"bbox=200,50,201,54", "bbox", 0},
		{"zoom=1&zoom=2", "zoom", 0},
	}
	for _, c := range cases {
		q, _ := url.ParseQuery(c.q)
		lq, err := parseLayerQuery(q, true, true)
		if c.wantErr == "" {
			if err != nil || lq.ZoomLevel != c.zoom {
				t.Errorf("%q: level %d, err %v; want level %d", c.q, lq.ZoomLevel, err, c.zoom)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), c.wantErr) {
			t.Errorf("%q: err %v, want one naming %s", c.q, err, c.wantErr)
		}
	}
}

func FuzzParseLayerQuery(f *testing.F) {
	for _, s := range []string{"", "zoom=7", "bbox=3.3,50.7,7.2,53.6", "year=2025&province=PV20", "bbox=NaN,1,2,3", "zoom=%00", "bbox=1e309,0,0,0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		q, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		lq, err := parseLayerQuery(q, true, true)
		if err != nil {
			if _, ok := err.(*atlas.Error); !ok {
				t.Fatalf("error of type %T", err)
			}
			return
		}
		if lq.BBox != nil && (lq.BBox.Min[0] > lq.BBox.Max[0] || lq.BBox.Min[1] > lq.BBox.Max[1]) {
			t.Fatalf("inverted bbox accepted: %v", lq.BBox)
		}
		if lq.ZoomLevel < 0 || lq.ZoomLevel > 3 {
			t.Fatalf("zoom level %d", lq.ZoomLevel)
		}
	})
}
