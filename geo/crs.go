package geo

import (
	"math"

	"github.com/paulmach/orb"
)

// Polynomial coefficients of F.H. Schreutelkamp and G.L. Strang van Hees,
// "Benaderingsformules voor de transformatie tussen RD- en WGS84-
// kaartcoördinaten" (2001). Each term is {p, q, coefficient}.
var (
	rdLatTerms = [][3]float64{
		{0, 1, 3235.65389}, {2, 0, -32.58297}, {0, 2, -0.2475}, {2, 1, -0.84978},
		{0, 3, -0.0655}, {2, 2, -0.01709}, {1, 0, -0.00738}, {4, 0, 0.0053},
		{2, 3, -0.00039}, {4, 1, 0.00033}, {1, 1, -0.00012},
	}
	rdLonTerms = [][3]float64{
		{1, 0, 5260.52916}, {1, 1, 105.94684}, {1, 2, 2.45656}, {3, 0, -0.81885},
		{1, 3, 0.05594}, {3, 1, -0.05607}, {0, 1, 0.01199}, {3, 2, -0.00256},
		{1, 4, 0.00128}, {0, 2, 0.00022}, {2, 0, -0.00022}, {5, 0, 0.00026},
	}
	// terms in (dLat, dLon)
	rdXTerms = [][3]float64{
		{0, 1, 190094.945}, {1, 1, -11832.228}, {2, 1, -114.221}, {0, 3, -32.391},
		{1, 0, -0.705}, {3, 1, -2.340}, {1, 3, -0.608}, {0, 2, -0.008}, {2, 3, 0.148},
	}
	rdYTerms = [][3]float64{
		{1, 0, 309056.544}, {0, 2, 3638.893}, {2, 0, 73.077}, {1, 2, -157.984},
		{3, 0, 59.788}, {0, 1, 0.433}, {2, 2, -6.439}, {1, 1, -0.032},
		{0, 4, 0.092}, {1, 4, -0.054},
	}
)

const (
	rdX0   = 155000.0
	rdY0   = 463000.0
	rdLat0 = 52.15517440
	rdLon0 = 5.38720621
)

func poly(terms [][3]float64, a, b float64) float64 {
	s := 0.0
	for _, t := range terms {
		s += t[2] * math.Pow(a, t[0]) * math.Pow(b, t[1])
	}
	return s
}

// RDToWGS84 converts an RD New (EPSG:28992) point (x, y in metres) to WGS84
// (lon, lat in degrees) with the approximation polynomials of Schreutelkamp
// and Strang van Hees.
//
// Accuracy, measured in the tests against the RDNAPTRANS 2018 reference
// points (Texel, Noord-Groningen, Amersfoort, Zeeuws-Vlaanderen,
// Zuid-Limburg, Maasvlakte): within 0.5 m inside the Netherlands (the
// approximation itself is specified to about 1 m). The Amersfoort origin
// (155000, 463000) maps to (5.38720621, 52.15517440) exactly.
// Outside the RD domain the result degrades quickly.
func RDToWGS84(p orb.Point) orb.Point {
	dx := (p[0] - rdX0) * 1e-5
	dy := (p[1] - rdY0) * 1e-5
	lat := rdLat0 + poly(rdLatTerms, dx, dy)/3600
	lon := rdLon0 + poly(rdLonTerms, dx, dy)/3600
	return orb.Point{lon, lat}
}

// WGS84ToRD converts a WGS84 point (lon, lat) to RD New (x, y). It starts
// from the inverse Schreutelkamp–Strang van Hees polynomials and refines
// the result with Newton steps on [RDToWGS84], so the two functions are
// exact inverses of each other: the round trip RD -> WGS84 -> RD agrees to
// better than 1 mm inside the Netherlands (measured in the tests), and the
// accuracy against RDNAPTRANS is the same as that of RDToWGS84 (about 0.5 m).
func WGS84ToRD(p orb.Point) orb.Point {
	dlat := 0.36 * (p[1] - rdLat0)
	dlon := 0.36 * (p[0] - rdLon0)
	x := rdX0 + poly(rdXTerms, dlat, dlon)
	y := rdY0 + poly(rdYTerms, dlat, dlon)
	if math.IsNaN(x) || math.IsNaN(y) || math.IsInf(x, 0) || math.IsInf(y, 0) {
		return orb.Point{x, y}
	}
	// Newton refinement with a numerical Jacobian (h = 1 m).
	const h = 1.0
	for i := 0; i < 4; i++ {
		q := RDToWGS84(orb.Point{x, y})
		ex, ey := q[0]-p[0], q[1]-p[1]
		if math.Abs(ex) < 1e-12 && math.Abs(ey) < 1e-12 {
			break
		}
		qx := RDToWGS84(orb.Point{x + h, y})
		qy := RDToWGS84(orb.Point{x, y + h})
		a, c := (qx[0]-q[0])/h, (qx[1]-q[1])/h // d(lon,lat)/dx
		b, d := (qy[0]-q[0])/h, (qy[1]-q[1])/h // d(lon,lat)/dy
		det := a*d - b*c
		if det == 0 || math.IsNaN(det) {
			break
		}
		x -= (d*ex - b*ey) / det
		y -= (-c*ex + a*ey) / det
	}
	return orb.Point{x, y}
}

const earthRadius = 6378137.0

// WebMercatorToWGS84 applies the inverse spherical (Web) Mercator
// projection of EPSG:3857.
func WebMercatorToWGS84(p orb.Point) orb.Point {
	lon := p[0] / earthRadius * 180 / math.Pi
	lat := (2*math.Atan(math.Exp(p[1]/earthRadius)) - math.Pi/2) * 180 / math.Pi
	return orb.Point{lon, lat}
}

// WGS84ToWebMercator applies the spherical (Web) Mercator projection of
// EPSG:3857.
func WGS84ToWebMercator(p orb.Point) orb.Point {
	x := p[0] * math.Pi / 180 * earthRadius
	y := math.Log(math.Tan(math.Pi/4+p[1]*math.Pi/360)) * earthRadius
	return orb.Point{x, y}
}
