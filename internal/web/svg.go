package web

import (
	"math"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
)

// Projection draws lon/lat geometry in an SVG: equirectangular with the
// longitude scaled by the cosine of the middle latitude (true shapes for an
// area the size of the Netherlands), y down, fitted to a bound.
type Projection struct {
	b          orb.Bound
	kx, scale  float64
	W, H, Edge float64 // drawing size and margin
	mercator   bool    // spherical Web Mercator (FitMercator), y measured down from top
	top        float64 // mercatorY of b's north edge
}

// Fit returns the projection that draws b in a box width wide (and at most
// maxHeight high when maxHeight > 0), with a margin of edge.
func Fit(b orb.Bound, width, maxHeight, edge float64) Projection {
	kx := math.Cos((b.Min[1] + b.Max[1]) / 2 * math.Pi / 180)
	w, h := math.Max((b.Max[0]-b.Min[0])*kx, 1e-9), math.Max(b.Max[1]-b.Min[1], 1e-9)
	scale := (width - 2*edge) / w
	if maxHeight > 0 {
		scale = math.Min(scale, (maxHeight-2*edge)/h)
	}
	return Projection{b: b, kx: kx, scale: scale, W: width, H: h*scale + 2*edge, Edge: edge}
}

// FitMercator returns the projection of a Leaflet map (spherical Web
// Mercator, EPSG:3857) that draws b exactly width wide: a drawing made with
// it lines up with a Leaflet map fitted to the same bound at the same size.
func FitMercator(b orb.Bound, width float64) Projection {
	top, bottom := mercatorY(b.Max[1]), mercatorY(b.Min[1])
	scale := width / math.Max(b.Max[0]-b.Min[0], 1e-9)
	return Projection{b: b, kx: 1, scale: scale, W: width, H: (top - bottom) * scale, mercator: true, top: top}
}

// mercatorY is Web Mercator's y of a latitude, in degrees (the unit of x).
func mercatorY(lat float64) float64 {
	return math.Log(math.Tan(math.Pi/4+lat*math.Pi/360)) * 180 / math.Pi
}

// XY is the drawing position of a point.
func (p Projection) XY(pt orb.Point) (float64, float64) {
	if p.mercator {
		return p.Edge + (pt[0]-p.b.Min[0])*p.scale, p.Edge + (p.top-mercatorY(pt[1]))*p.scale
	}
	return p.Edge + (pt[0]-p.b.Min[0])*p.kx*p.scale, p.Edge + (p.b.Max[1]-pt[1])*p.scale
}

// polygons is g as a list of polygons (none for other geometry types).
func polygons(g orb.Geometry) []orb.Polygon {
	switch x := g.(type) {
	case orb.Polygon:
		return []orb.Polygon{x}
	case orb.MultiPolygon:
		return x
	}
	return nil
}

// Path is the SVG path data of a polygon or multipolygon, to 0.1 unit.
func (p Projection) Path(g orb.Geometry) string {
	var sb strings.Builder
	for _, poly := range polygons(g) {
		for _, ring := range poly {
			for i, pt := range ring {
				x, y := p.XY(pt)
				if i == 0 {
					sb.WriteByte('M')
				} else {
					sb.WriteByte('L')
				}
				sb.WriteString(strconv.FormatFloat(x, 'f', 1, 64))
				sb.WriteByte(' ')
				sb.WriteString(strconv.FormatFloat(y, 'f', 1, 64))
			}
			sb.WriteByte('Z')
		}
	}
	return sb.String()
}

// CompactPath is the SVG path data of a polygon or multipolygon in whole
// units, with relative steps and no repeated points: the smallest form for a
// drawing shown at about its own size (a unit no larger than a pixel).
func (p Projection) CompactPath(g orb.Geometry) string {
	var sb strings.Builder
	var cx, cy int64 // the pen, in whole units
	for _, poly := range polygons(g) {
		for _, ring := range poly {
			n := 0
			for i, pt := range ring {
				fx, fy := p.XY(pt)
				x, y := int64(math.Round(fx)), int64(math.Round(fy))
				switch {
				case i == 0:
					sb.WriteByte('M')
					sb.WriteString(strconv.FormatInt(x, 10))
					sb.WriteByte(' ')
					sb.WriteString(strconv.FormatInt(y, 10))
					n = 1
				case x == cx && y == cy:
					continue
				default:
					if n == 1 {
						sb.WriteByte('l')
					} else if x-cx >= 0 {
						sb.WriteByte(' ')
					}
					sb.WriteString(strconv.FormatInt(x-cx, 10))
					if y-cy >= 0 {
						sb.WriteByte(' ')
					}
					sb.WriteString(strconv.FormatInt(y-cy, 10))
					n++
				}
				cx, cy = x, y
			}
			sb.WriteByte('z')
		}
	}
	return sb.String()
}
