package source

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"github.com/inclusiekaart/inclusiekaart/geo"
)

// CRS identifies a coordinate reference system the package can convert from.
type CRS int

// Supported coordinate reference systems.
const (
	CRSUnknown     CRS = iota
	CRSWGS84           // lon/lat degrees (OGC:CRS84, or EPSG:4326 read in lon/lat order)
	CRSRDNew           // EPSG:28992, Amersfoort / RD New, metres
	CRSWebMercator     // EPSG:3857, metres
)

// String returns the usual name of c.
func (c CRS) String() string {
	switch c {
	case CRSWGS84:
		return "WGS84"
	case CRSRDNew:
		return "EPSG:28992"
	case CRSWebMercator:
		return "EPSG:3857"
	}
	return "unknown"
}

// ParseCRS recognises the spellings of a CRS name found in GeoJSON "crs"
// members and OGC API Content-Crs headers: "EPSG:28992",
// "urn:ogc:def:crs:EPSG::28992", "urn:ogc:def:crs:EPSG:6.6:28992",
// "http://www.opengis.net/def/crs/EPSG/0/28992", "OGC:CRS84",
// "urn:ogc:def:crs:OGC:1.3:CRS84" and friends. EPSG:4326 and EPSG:4258
// (ETRS89, within a metre of WGS84) map to CRSWGS84; EPSG:7415 (RD New +
// NAP) to CRSRDNew; 3857 and its historical aliases to CRSWebMercator.
// Any other name is an error that quotes it.
func ParseCRS(name string) (CRS, error) {
	s := strings.ToLower(strings.TrimSpace(name))
	s = strings.TrimSuffix(strings.TrimPrefix(s, "<"), ">")
	if s == "" {
		return CRSUnknown, fmt.Errorf("empty CRS name")
	}
	if strings.HasSuffix(s, "crs84") {
		return CRSWGS84, nil
	}
	code := ""
	switch {
	case strings.HasPrefix(s, "epsg:"):
		code = s[len("epsg:"):]
	case strings.HasPrefix(s, "urn:ogc:def:crs:epsg:"):
		rest := s[len("urn:ogc:def:crs:epsg:"):]
		if i := strings.LastIndexByte(rest, ':'); i >= 0 {
			code = rest[i+1:]
		} else {
			code = rest
		}
	case strings.Contains(s, "opengis.net/def/crs/epsg/"):
		code = s[strings.LastIndexByte(s, '/')+1:]
	}
	n, err := strconv.Atoi(code)
	if code == "" || err != nil {
		return CRSUnknown, fmt.Errorf("unsupported CRS %q", name)
	}
	switch n {
	case 4326, 4258:
		return CRSWGS84, nil
	case 28992, 7415:
		return CRSRDNew, nil
	case 3857, 900913, 3785, 102100, 102113:
		return CRSWebMercator, nil
	}
	return CRSUnknown, fmt.Errorf("unsupported CRS %q", name)
}

// Coordinate domains used to detect the CRS of undeclared input.
var (
	wgs84Bound = orb.Bound{Min: orb.Point{-180, -90}, Max: orb.Point{180, 90}}
	// rdBound is the RD New domain of the brief: it covers the Netherlands
	// with a margin and cannot be confused with degrees or Web Mercator.
	rdBound = orb.Bound{Min: orb.Point{-7000, 289000}, Max: orb.Point{300000, 629000}}
	// rdDeclaredBound is the wider box accepted when RD New is declared;
	// it exists to reject degrees mislabelled as RD.
	rdDeclaredBound = orb.Bound{Min: orb.Point{-100000, 200000}, Max: orb.Point{400000, 900000}}
	// mercatorNLBound is lon 0..10, lat 49..56 in EPSG:3857 metres.
	mercatorNLBound = orb.Bound{
		Min: geo.WGS84ToWebMercator(orb.Point{0, 49}),
		Max: geo.WGS84ToWebMercator(orb.Point{10, 56}),
	}
	mercatorWorld = 20037508.342789244
	// nlSwapped is the Netherlands with lat and lon exchanged, used to
	// detect lat/lon axis order.
	nlLonLat  = orb.Bound{Min: orb.Point{3.0, 50.5}, Max: orb.Point{7.5, 53.8}}
	nlSwapped = orb.Bound{Min: orb.Point{50.5, 3.0}, Max: orb.Point{53.8, 7.5}}
)

func forEachPoint(mp orb.MultiPolygon, fn func(p *orb.Point)) {
	for _, poly := range mp {
		for _, r := range poly {
			for k := range r {
				fn(&r[k])
			}
		}
	}
}

func boundOf(mp orb.MultiPolygon) orb.Bound {
	b := orb.Bound{Min: orb.Point{math.Inf(1), math.Inf(1)}, Max: orb.Point{math.Inf(-1), math.Inf(-1)}}
	forEachPoint(mp, func(p *orb.Point) {
		b.Min[0] = math.Min(b.Min[0], p[0])
		b.Min[1] = math.Min(b.Min[1], p[1])
		b.Max[0] = math.Max(b.Max[0], p[0])
		b.Max[1] = math.Max(b.Max[1], p[1])
	})
	return b
}

func within(b, outer orb.Bound) bool {
	return b.Min[0] >= outer.Min[0] && b.Min[1] >= outer.Min[1] && b.Max[0] <= outer.Max[0] && b.Max[1] <= outer.Max[1]
}

// firstOutside returns the first position of mp outside b.
func firstOutside(mp orb.MultiPolygon, b orb.Bound) (orb.Point, bool) {
	for _, poly := range mp {
		for _, r := range poly {
			for _, p := range r {
				if !b.Contains(p) {
					return p, true
				}
			}
		}
	}
	return orb.Point{}, false
}

// convertCRS converts every feature to WGS84 lon/lat in place.
func convertCRS(work []normFeature, warns *[]Warning) error {
	var undeclared []int
	for k := range work {
		w := &work[k]
		if w.f.CRS == "" {
			undeclared = append(undeclared, k)
			continue
		}
		crs, err := ParseCRS(w.f.CRS)
		if err != nil {
			return &FeatureError{Index: w.f.Index, Code: w.code, Field: "crs", Message: err.Error()}
		}
		if err := convertFeature(w, crs, w.f.CRS, warns); err != nil {
			return err
		}
	}
	if len(undeclared) == 0 {
		return nil
	}
	candidates := []struct {
		crs CRS
		b   orb.Bound
	}{{CRSWGS84, wgs84Bound}, {CRSRDNew, rdBound}, {CRSWebMercator, mercatorNLBound}}
	chosen := CRSUnknown
	for _, c := range candidates {
		ok := true
		for _, k := range undeclared {
			if !within(boundOf(work[k].mp), c.b) {
				ok = false
				break
			}
		}
		if ok {
			chosen = c.crs
			break
		}
	}
	if chosen == CRSUnknown {
		first := work[undeclared[0]].mp[0][0][0]
		for _, c := range candidates {
			if c.b.Contains(first) {
				for _, k := range undeclared {
					if p, bad := firstOutside(work[k].mp, c.b); bad {
						return &FeatureError{Index: work[k].f.Index, Code: work[k].code, Field: "geometry",
							Message: fmt.Sprintf("coordinate %s does not fit %s, the coordinate system detected from feature %d", fmtPt(p), c.crs, work[undeclared[0]].f.Index)}
					}
				}
			}
		}
		w := work[undeclared[0]]
		return &FeatureError{Index: w.f.Index, Code: w.code, Field: "geometry",
			Message: fmt.Sprintf("coordinate %s is not WGS84 lon/lat, RD New or Web Mercator around the Netherlands; declare the CRS", fmtPt(first))}
	}
	for _, k := range undeclared {
		if err := convertFeature(&work[k], chosen, "", warns); err != nil {
			return err
		}
	}
	return nil
}

func convertFeature(w *normFeature, crs CRS, declared string, warns *[]Warning) error {
	fe := func(msg string) error {
		return &FeatureError{Index: w.f.Index, Code: w.code, Field: "geometry", Message: msg}
	}
	switch crs {
	case CRSWGS84:
		b := boundOf(w.mp)
		if within(b, nlSwapped) && !within(b, nlLonLat) {
			forEachPoint(w.mp, func(p *orb.Point) { p[0], p[1] = p[1], p[0] })
			what := "undeclared CRS"
			if declared != "" {
				what = declared
			}
			*warns = append(*warns, Warning{Index: w.f.Index, Code: w.code, Message: fmt.Sprintf("coordinates (%s) are in lat/lon order; swapped to lon/lat", what)})
		}
	case CRSRDNew:
		if p, bad := firstOutside(w.mp, rdDeclaredBound); bad {
			return fe(fmt.Sprintf("coordinate %s is outside the RD New domain", fmtPt(p)))
		}
		forEachPoint(w.mp, func(p *orb.Point) { *p = geo.RDToWGS84(*p) })
	case CRSWebMercator:
		world := orb.Bound{Min: orb.Point{-mercatorWorld, -mercatorWorld}, Max: orb.Point{mercatorWorld, mercatorWorld}}
		if p, bad := firstOutside(w.mp, world); bad {
			return fe(fmt.Sprintf("coordinate %s is outside the EPSG:3857 range", fmtPt(p)))
		}
		forEachPoint(w.mp, func(p *orb.Point) { *p = geo.WebMercatorToWGS84(*p) })
	}
	if p, bad := firstOutside(w.mp, wgs84Bound); bad {
		return fe(fmt.Sprintf("coordinate %s out of range for lon/lat (from %s)", fmtPt(p), crs))
	}
	return nil
}
