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

// XY is the drawing position of a point.
func (p Projection) XY(pt orb.Point) (float64, float64) {
	return p.Edge + (pt[0]-p.b.Min[0])*p.kx*p.scale, p.Edge + (p.b.Max[1]-pt[1])*p.scale
}

// Path is the SVG path data of a polygon or multipolygon, to 0.1 unit.
func (p Projection) Path(g orb.Geometry) string {
	var polys []orb.Polygon
	switch x := g.(type) {
	case orb.Polygon:
		polys = []orb.Polygon{x}
	case orb.MultiPolygon:
		polys = x
	}
	var sb strings.Builder
	for _, poly := range polys {
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
