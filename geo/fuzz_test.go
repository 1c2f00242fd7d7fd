package geo

import (
	"testing"
)

func FuzzParseBBox(f *testing.F) {
	for _, s := range []string{"3.3,50.7,7.3,53.6", "1,2,3", "a,b,c,d", "NaN,0,0,0", "-180,-90,180,90", "5,2,3,4", "1e400,0,0,0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b, err := ParseBBox(s)
		if err != nil {
			return
		}
		if !(b.Min[0] <= b.Max[0] && b.Min[1] <= b.Max[1] && b.Min[0] >= -180 && b.Max[0] <= 180 && b.Min[1] >= -90 && b.Max[1] <= 90) {
			t.Fatalf("ParseBBox(%q) = %v accepted", s, b)
		}
	})
}

func FuzzParseZoom(f *testing.F) {
	for _, s := range []string{"0", "7", "22", "23", "-1", "x", "", "1.5", "+3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		z, err := ParseZoom(s)
		if err != nil {
			return
		}
		if z < 0 || z > MaxZoom {
			t.Fatalf("ParseZoom(%q) = %d accepted", s, z)
		}
		if l := LevelForZoom(z); l < 0 || l >= len(ZoomLevels) || z < ZoomLevels[l].MinZoom || z > ZoomLevels[l].MaxZoom {
			t.Fatalf("LevelForZoom(%d) = %d", z, l)
		}
	})
}
