package atlas

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/inclusiekaart/inclusiekaart/internal/store"
)

// maxLayerShapeBytes bounds the encoded layer geometries kept in memory;
// past it the cache starts over (the 2025 municipalities take about 0.3 MB
// at zoom level 0 and 4 MB at full detail).
const maxLayerShapeBytes = 32 << 20

// layerShapes is a boundary set at one zoom level with each area's geometry
// encoded as GeoJSON once: it changes only when boundaries are imported, so
// an assessment write rebuilds a layer from it without reading or encoding
// a geometry.
type layerShapes struct {
	areas []store.AreaInfo
	geoms [][]byte // GeoJSON geometry of areas[i]
	bytes int
}

type layerShapesKey struct {
	level           string
	year, zoomLevel int
}

type layerShapesCache struct {
	mu    sync.Mutex
	gen   int64 // the store's shapes generation the entries belong to
	bytes int
	m     map[layerShapesKey]*layerShapes
}

// LayerParts returns the GeoJSON FeatureCollection of the whole layer of
// level (q selects only a year or a date) at zoomLevel as parts whose
// concatenation is, byte for byte, the document json.Marshal writes for
// FeatureCollection(Features(...)): the head up to the features array, one
// part per feature (with its separating comma), and the tail. Geometries
// come encoded from a cache kept per boundary import; properties are
// encoded per call from the stored statuses. Adapters compress the parts
// in chunks (web.EncodeParts), so a write that changes one municipality
// costs one chunk's compression.
func (s *Service) LayerParts(ctx context.Context, level string, q Query, zoomLevel int) ([][]byte, error) {
	if !q.Unfiltered() {
		return nil, fmt.Errorf("atlas: LayerParts of a filtered query")
	}
	year, err := s.QueryYear(ctx, level, q)
	if err != nil {
		return nil, err
	}
	ls, err := s.layerShapes(ctx, level, year, zoomLevel)
	if err != nil {
		return nil, err
	}
	st, err := s.layerStatuses(ctx, level, q.Date)
	if err != nil {
		return nil, err
	}
	parts := make([][]byte, 0, len(ls.areas)+2)
	parts = append(parts, nil) // the head, once the bound is known
	var bound orb.Bound
	var prop bytes.Buffer
	enc := json.NewEncoder(&prop)
	enc.SetEscapeHTML(true)
	for i, a := range ls.areas {
		prop.Reset()
		if err := enc.Encode(s.areaProperties(level, a, st)); err != nil {
			return nil, err
		}
		pj := bytes.TrimSuffix(prop.Bytes(), []byte("\n"))
		id, err := json.Marshal(a.Code)
		if err != nil {
			return nil, err
		}
		g := ls.geoms[i]
		p := make([]byte, 0, len(g)+len(pj)+len(id)+64)
		if i > 0 {
			p = append(p, ',')
		}
		p = append(p, `{"id":`...)
		p = append(p, id...)
		p = append(p, `,"type":"Feature","geometry":`...)
		p = append(p, g...)
		p = append(p, `,"properties":`...)
		if len(pj) <= 2 { // as orb writes an empty properties object
			pj = []byte("null")
		}
		p = append(p, pj...)
		p = append(p, '}')
		parts = append(parts, p)
		if i == 0 {
			bound = a.Bound
		} else {
			bound = bound.Union(a.Bound)
		}
	}
	// The members around the features, as orb writes them (a map: keys sorted).
	doc := map[string]any(s.ExtraMembers(level, year))
	doc["type"] = "FeatureCollection"
	if len(ls.areas) > 0 {
		doc["bbox"] = geojson.NewBBox(bound)
	}
	doc["features"] = json.RawMessage(`[]`)
	whole, err := json.Marshal(doc)
	if err != nil {
		return nil, err
	}
	at := bytes.Index(whole, []byte(`"features":[]`))
	if at < 0 {
		return nil, fmt.Errorf("atlas: no features member in %s", whole)
	}
	cut := at + len(`"features":[`)
	parts[0] = whole[:cut]
	return append(parts, whole[cut:]), nil
}

// layerShapes returns the areas of level in year with their geometry at
// zoomLevel encoded, from the cache while no boundaries were imported.
func (s *Service) layerShapes(ctx context.Context, level string, year, zoomLevel int) (*layerShapes, error) {
	gen, err := s.shapesGeneration(ctx)
	if err != nil {
		return nil, err
	}
	key := layerShapesKey{level, year, zoomLevel}
	c := &s.shapes
	c.mu.Lock()
	if c.gen != gen || c.m == nil {
		c.gen, c.m, c.bytes = gen, map[layerShapesKey]*layerShapes{}, 0
	}
	ls, ok := c.m[key]
	c.mu.Unlock()
	if ok {
		return ls, nil
	}
	shapes, err := s.store.Shapes(ctx, year, level, zoomLevel, store.Filter{})
	if err != nil {
		return nil, err
	}
	ls = &layerShapes{areas: make([]store.AreaInfo, len(shapes)), geoms: make([][]byte, len(shapes))}
	for i, sh := range shapes {
		ls.areas[i] = sh.AreaInfo
		var g []byte
		if len(sh.Geometry) == 1 { // a Polygon when there is one part, as Features writes it
			g = appendPolygon(append(g, `{"type":"Polygon","coordinates":`...), sh.Geometry[0], EncodeCRS84)
			g = append(g, '}')
		} else {
			g = appendMultiPolygon(g, sh.Geometry, EncodeCRS84)
		}
		ls.geoms[i] = g
		ls.bytes += len(g)
	}
	c.mu.Lock()
	if c.gen == gen {
		if c.bytes+ls.bytes > maxLayerShapeBytes {
			c.m, c.bytes = map[layerShapesKey]*layerShapes{}, 0
		}
		c.m[key] = ls
		c.bytes += ls.bytes
	}
	c.mu.Unlock()
	return ls, nil
}

// shapesGeneration is the store's generation of the stored geometries.
func (s *Service) shapesGeneration(ctx context.Context) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	snap, err := s.current(ctx, false)
	if err != nil {
		return 0, err
	}
	return snap.layers[store.Shapes], nil
}

// DropCaches empties the encoded geometries kept for layers, pages and
// single features (an idle server gives the memory back; they are made
// again on the next request).
func (s *Service) DropCaches() {
	s.shapes.mu.Lock()
	s.shapes.m, s.shapes.bytes = nil, 0
	s.shapes.mu.Unlock()
	s.geoms.mu.Lock()
	s.geoms.m, s.geoms.bytes = nil, 0
	s.geoms.mu.Unlock()
}
