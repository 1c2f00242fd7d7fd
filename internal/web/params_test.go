package web

import (
	"net/url"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/inclusiekaart/inclusiekaart/geo"
	"github.com/inclusiekaart/inclusiekaart/internal/atlas"
)

func TestParseLonLatBBox(t *testing.T) {
	tests := []struct {
		in      string
		want    orb.Bound
		wantErr string
	}{
		{"3.3,50.7,7.3,53.6", orb.Bound{Min: orb.Point{3.3, 50.7}, Max: orb.Point{7.3, 53.6}}, ""},
		{" 4 , 52 , 5 , 53 ", orb.Bound{Min: orb.Point{4, 52}, Max: orb.Point{5, 53}}, ""},
		{"-180,-90,180,90", orb.Bound{Min: orb.Point{-180, -90}, Max: orb.Point{180, 90}}, ""},
		{"1,2,3", orb.Bound{}, "is not 4 numbers separated by commas"},
		{"1,2,3,4,5", orb.Bound{}, "is not 4 numbers separated by commas"},
		{"", orb.Bound{}, "is not 4 numbers separated by commas"},
		{"a,2,3,4", orb.Bound{}, "minLon"},
		{"1,NaN,3,4", orb.Bound{}, "minLat"},
		{"1,2,Inf,4", orb.Bound{}, "maxLon"},
		{"-181,2,3,4", orb.Bound{}, "minLon -181 is not between -180 and 180"},
		{"1,2,3,91", orb.Bound{}, "maxLat 91 is not between -90 and 90"},
		{"5,2,3,4", orb.Bound{}, "minLon 5 is greater"},
		{"1,5,3,4", orb.Bound{}, "minLat 5 is greater"},
	}
	for _, tt := range tests {
		got, err := ParseLonLatBBox(tt.in)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !strings.HasPrefix(err.Error(), "parameter bbox: ") {
				t.Errorf("ParseLonLatBBox(%q) err = %v, want %q naming the parameter", tt.in, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseLonLatBBox(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

func TestParseZoomPicksTheSimplificationLevel(t *testing.T) {
	tests := []struct {
		in        string
		wantLevel int
		err       bool
	}{
		{"0", 0, false}, {"7", 0, false}, {"8", 1, false}, {"9", 1, false},
		{"10", 2, false}, {"11", 2, false}, {"12", 3, false}, {"22", 3, false},
		{"23", 0, true}, {"-1", 0, true}, {"7.5", 0, true}, {"", 0, true}, {"x", 0, true},
	}
	for _, tt := range tests {
		got, err := ParseZoom(tt.in)
		if (err != nil) != tt.err || got != tt.wantLevel {
			t.Errorf("ParseZoom(%q) = %d, %v; want level %d, error %v", tt.in, got, err, tt.wantLevel, tt.err)
		}
	}
}

func TestParseYear(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
		ok   bool
	}{{"2025", 2025, true}, {" 2024 ", 2024, true}, {"+2025", 0, false}, {"2025.0", 0, false}, {"1799", 0, false}, {"20255", 0, false}, {"٢٠٢٥", 0, false}} {
		got, err := ParseYear(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("ParseYear(%q) = %d, %v; want %d ok=%v", tc.in, got, err, tc.want, tc.ok)
		}
		if err != nil && !strings.HasPrefix(err.Error(), "parameter year: ") {
			t.Errorf("ParseYear(%q): %v does not name the parameter", tc.in, err)
		}
	}
}

func TestCheckQueryNamesTheParameter(t *testing.T) {
	for raw, want := range map[string]string{"year=%zz": "parameter year", "%zz=1": "parameter name", "a=1;b=2": "';'"} {
		err := CheckQuery(raw)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("CheckQuery(%q) = %v, want one mentioning %s", raw, err, want)
		}
	}
	if err := CheckQuery("year=2025&bbox=1%2C2%2C3%2C4"); err != nil {
		t.Errorf("valid query refused: %v", err)
	}
}

func TestSingleRefusesARepeatedParameter(t *testing.T) {
	q, _ := url.ParseQuery("year=2024&year=2025")
	if _, _, err := Single(q, "year"); err == nil || !atlas.IsKind(err, atlas.BadRequest) {
		t.Errorf("Single on a repeated parameter: %v", err)
	}
}

func FuzzParseLonLatBBox(f *testing.F) {
	for _, s := range []string{"3.3,50.7,7.3,53.6", "1,2,3", "a,b,c,d", "NaN,0,0,0", "-180,-90,180,90", "5,2,3,4", "1e400,0,0,0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b, err := ParseLonLatBBox(s)
		if err != nil {
			if _, ok := atlas.As(err); !ok {
				t.Fatalf("error of type %T", err)
			}
			return
		}
		if !(b.Min[0] <= b.Max[0] && b.Min[1] <= b.Max[1] && b.Min[0] >= -180 && b.Max[0] <= 180 && b.Min[1] >= -90 && b.Max[1] <= 90) {
			t.Fatalf("ParseLonLatBBox(%q) = %v accepted", s, b)
		}
	})
}

func FuzzParseZoom(f *testing.F) {
	for _, s := range []string{"0", "7", "22", "23", "-1", "x", "", "1.5", "+3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		l, err := ParseZoom(s)
		if err == nil && (l < 0 || l >= len(geo.ZoomLevels)) {
			t.Fatalf("ParseZoom(%q) = level %d accepted", s, l)
		}
	})
}
