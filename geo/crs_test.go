package geo

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
)

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
