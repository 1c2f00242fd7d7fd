package atlas

import (
	"context"
	"math"
	"strconv"
	"sync"

	"github.com/paulmach/orb"

	"github.com/inclusiekaart/inclusiekaart/geo"
)

// Geometry encodings a page item's geometry is prepared in.
const (
	EncodeCRS84 = iota // lon/lat degrees as stored
	EncodeRDNew        // RD New metres, rounded to 1 cm
)

// maxGeometryCacheBytes bounds the encoded geometries kept in memory; past
// it the cache starts over (the 2025 municipalities at full detail take
// about 0.5 MB per encoding).
const maxGeometryCacheBytes = 24 << 20

// geometryCache keeps each feature's encoded GeoJSON geometry, made once and
// reused by every page and single feature until the data changes.
type geometryCache struct {
	mu    sync.Mutex
	gen   int64
	bytes int
	m     map[geometryKey][]byte
}

type geometryKey struct {
	id       int64
	zoom     int
	encoding int
}

// GeometryJSON returns the GeoJSON MultiPolygon of it at full detail in
// encoding (EncodeCRS84, EncodeRDNew), encoded once per state of the data.
// The bytes are shared: callers must not change them.
func (s *Service) GeometryJSON(ctx context.Context, it PageItem, encoding int) ([]byte, error) {
	if it.id == 0 { // Go path: not a stored row
		return appendMultiPolygon(nil, it.geom, encoding), nil
	}
	gen := it.gen
	c := &s.geoms
	key := geometryKey{it.id, FullDetail, encoding}
	c.mu.Lock()
	if c.gen != gen || c.m == nil {
		c.gen, c.m, c.bytes = gen, map[geometryKey][]byte{}, 0
	}
	b, ok := c.m[key]
	c.mu.Unlock()
	if ok {
		return b, nil
	}
	mp, err := s.Geometry(ctx, it)
	if err != nil {
		return nil, err
	}
	b = appendMultiPolygon(make([]byte, 0, 64+32*countPoints(mp)), mp, encoding)
	c.mu.Lock()
	if c.gen == gen {
		if c.bytes+len(b) > maxGeometryCacheBytes {
			c.m, c.bytes = map[geometryKey][]byte{}, 0
		}
		c.m[key] = b
		c.bytes += len(b)
	}
	c.mu.Unlock()
	return b, nil
}

func countPoints(mp orb.MultiPolygon) int {
	n := 0
	for _, p := range mp {
		for _, r := range p {
			n += len(r)
		}
	}
	return n
}

// appendMultiPolygon writes mp as a GeoJSON MultiPolygon, numbers as
// encoding/json writes them.
func appendMultiPolygon(b []byte, mp orb.MultiPolygon, encoding int) []byte {
	b = append(b, `{"type":"MultiPolygon","coordinates":[`...)
	for i, poly := range mp {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendPolygon(b, poly, encoding)
	}
	return append(b, "]}"...)
}

// appendPolygon writes the coordinates of poly: an array of rings.
func appendPolygon(b []byte, poly orb.Polygon, encoding int) []byte {
	b = append(b, '[')
	for j, ring := range poly {
		if j > 0 {
			b = append(b, ',')
		}
		b = append(b, '[')
		for k, p := range ring {
			if k > 0 {
				b = append(b, ',')
			}
			if encoding == EncodeRDNew {
				p = ToRD(p)
			}
			b = append(b, '[')
			b = appendFloat(b, p[0])
			b = append(b, ',')
			b = appendFloat(b, p[1])
			b = append(b, ']')
		}
		b = append(b, ']')
	}
	return append(b, ']')
}

// ToRD converts a lon/lat point to RD New metres, rounded to 1 cm: the RD
// coordinates every output in RD New uses.
func ToRD(p orb.Point) orb.Point {
	q := geo.WGS84ToRD(p)
	return orb.Point{math.Round(q[0]*100) / 100, math.Round(q[1]*100) / 100}
}

// appendFloat formats f as encoding/json does.
func appendFloat(b []byte, f float64) []byte {
	abs := math.Abs(f)
	format := byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' { // clean up e-09 to e-9, as encoding/json does
		n := len(b)
		if n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}
