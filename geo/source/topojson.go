package source

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"

	"github.com/paulmach/orb"
)

// maxTopoDepth bounds GeometryCollection nesting in TopoJSON input.
const maxTopoDepth = 32

// maxTopoPositions bounds the positions ReadTopoJSON produces in total;
// the full-detail PDOK gemeente boundaries stay well below it. It is a
// variable for the tests.
var maxTopoPositions = 50_000_000

// Arcs are shared, so a small document can reference one long arc a
// million times (the TopoJSON "billion laughs"). In real topologies an
// arc is used by one or two rings per object, so beyond
// topoFreePositions the positions produced may be at most
// topoAmplification times the positions stored in the arcs.
const (
	topoFreePositions = 1 << 20
	topoAmplification = 64
)

type topology struct {
	Type      string            `json:"type"`
	Transform *topoTransform    `json:"transform"`
	Arcs      []json.RawMessage `json:"arcs"`
	Objects   json.RawMessage   `json:"objects"`
}

type topoTransform struct {
	Scale     []float64 `json:"scale"`
	Translate []float64 `json:"translate"`
}

type topoGeometry struct {
	Type        *string           `json:"type"`
	ID          any               `json:"id"`
	Properties  map[string]any    `json:"properties"`
	Arcs        json.RawMessage   `json:"arcs"`
	Coordinates json.RawMessage   `json:"coordinates"`
	Geometries  []json.RawMessage `json:"geometries"`
}

// ReadTopoJSON decodes a TopoJSON Topology. Every object becomes features
// in file order: the members of a GeometryCollection object are one feature
// each, any other object is one feature. Quantised (with "transform",
// delta-encoded) and plain arcs are supported; an arc index i < 0 (written
// ~j, j = -i-1) is arc j reversed. Rings are stitched by dropping the first
// position of every arc after the first. Polygon, MultiPolygon, the line
// and point types, nested GeometryCollection and null geometries (Geometry
// nil) are decoded; ids and properties are kept. Errors name the object and
// the feature index.
//
// Hostile input is bounded: a transform must be finite with non-zero
// scale, every decoded position must be finite, arc references must be in
// range, and the positions produced by stitching may not exceed 50
// million, nor (beyond the first million) 64 times the positions stored
// in the arcs, which no real topology needs.
func ReadTopoJSON(r io.Reader) ([]Feature, error) {
	return readWith(r, "read topojson", decodeTopoJSON)
}

func decodeTopoJSON(data []byte) ([]Feature, error) {
	data, err := prepareJSON(data)
	if err != nil {
		return nil, fmt.Errorf("topojson: %w", err)
	}
	var t topology
	if err := json.Unmarshal(data, &t); err != nil {
		return nil, fmt.Errorf("topojson: %w: %w", ErrFormat, jsonErr(err))
	}
	if t.Type != "Topology" {
		return nil, fmt.Errorf("topojson: %w: type %q is not Topology", ErrFormat, t.Type)
	}
	arcs, err := t.decodeArcs()
	if err != nil {
		return nil, fmt.Errorf("topojson: %w", err)
	}
	names, objs, err := orderedObjects(t.Objects)
	if err != nil {
		return nil, fmt.Errorf("topojson: objects: %w", jsonErr(err))
	}
	stored := 0
	for _, a := range arcs {
		stored += len(a)
	}
	limit := max(topoFreePositions, topoAmplification*stored)
	limit = min(limit, maxTopoPositions)
	d := topoDecoder{t: &t, arcs: arcs, stored: stored, limit: limit}
	var out []Feature
	for k, name := range names {
		var g topoGeometry
		if err := json.Unmarshal(objs[k], &g); err != nil {
			return nil, fmt.Errorf("topojson: object %q: %w", name, jsonErr(err))
		}
		if g.Type != nil && *g.Type == "GeometryCollection" {
			for _, raw := range g.Geometries {
				var m topoGeometry
				if err := json.Unmarshal(raw, &m); err != nil {
					return nil, fmt.Errorf("topojson: object %q: feature %d: %w", name, len(out), jsonErr(err))
				}
				f, err := d.feature(&m, name, len(out))
				if err != nil {
					return nil, err
				}
				out = append(out, f)
			}
			continue
		}
		f, err := d.feature(&g, name, len(out))
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, nil
}

// orderedObjects returns the members of the "objects" JSON object in file
// order (encoding/json maps would lose it).
func orderedObjects(raw json.RawMessage) ([]string, []json.RawMessage, error) {
	if len(bytes.TrimSpace(raw)) == 0 || bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
		return nil, nil, nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	tok, err := dec.Token()
	if err != nil {
		return nil, nil, err
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, nil, fmt.Errorf("not a JSON object")
	}
	var names []string
	var vals []json.RawMessage
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, nil, err
		}
		name, _ := tok.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, nil, err
		}
		names = append(names, name)
		vals = append(vals, v)
	}
	return names, vals, nil
}

func (t *topology) quantised() (sx, sy, tx, ty float64, ok bool, err error) {
	if t.Transform == nil {
		return 0, 0, 0, 0, false, nil
	}
	if len(t.Transform.Scale) != 2 || len(t.Transform.Translate) != 2 {
		return 0, 0, 0, 0, false, fmt.Errorf("transform: scale and translate need 2 numbers each")
	}
	sx, sy = t.Transform.Scale[0], t.Transform.Scale[1]
	tx, ty = t.Transform.Translate[0], t.Transform.Translate[1]
	for _, v := range []float64{sx, sy, tx, ty} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return 0, 0, 0, 0, false, fmt.Errorf("transform: %v is not a finite number", v)
		}
	}
	if sx == 0 || sy == 0 {
		return 0, 0, 0, 0, false, fmt.Errorf("transform: scale must not be 0")
	}
	return sx, sy, tx, ty, true, nil
}

func (t *topology) decodeArcs() ([][]orb.Point, error) {
	sx, sy, tx, ty, q, err := t.quantised()
	if err != nil {
		return nil, err
	}
	arcs := make([][]orb.Point, len(t.Arcs))
	for i, raw := range t.Arcs {
		raw = bytes.TrimSpace(raw)
		if bytes.Equal(raw, []byte("null")) {
			return nil, fmt.Errorf("arc %d is null, need an array of positions", i)
		}
		var a [][]float64
		if err := json.Unmarshal(raw, &a); err != nil || nullInside(raw) {
			if err := arcError(raw, i, err); err != nil {
				return nil, err
			}
		}
		pts := make([]orb.Point, len(a))
		var x, y float64
		for j, pos := range a {
			if len(pos) < 2 {
				return nil, fmt.Errorf("arc %d position %d: need 2 numbers, got %d", i, j, len(pos))
			}
			if q {
				x += pos[0]
				y += pos[1]
				pts[j] = orb.Point{x*sx + tx, y*sy + ty}
			} else {
				pts[j] = orb.Point{pos[0], pos[1]}
			}
			if !isFinite(pts[j]) {
				return nil, fmt.Errorf("arc %d position %d: not a finite number after the transform", i, j)
			}
		}
		arcs[i] = pts
	}
	return arcs, nil
}

type topoDecoder struct {
	t         *topology
	arcs      [][]orb.Point
	positions int // produced so far
	stored    int // positions in the arcs
	limit     int // bound on positions
}

func (d *topoDecoder) feature(g *topoGeometry, object string, index int) (Feature, error) {
	f := Feature{Index: index, ID: idString(g.ID), Object: object, Properties: g.Properties}
	if f.Properties == nil {
		f.Properties = map[string]any{}
	}
	geom, err := d.geometry(g, 0)
	if err != nil {
		return Feature{}, fmt.Errorf("topojson: object %q: feature %d: %w", object, index, err)
	}
	f.Geometry = geom
	return f, nil
}

func (d *topoDecoder) geometry(g *topoGeometry, depth int) (orb.Geometry, error) {
	if g.Type == nil {
		return nil, nil
	}
	switch *g.Type {
	case "Polygon":
		var refs [][]int
		if err := unmarshalArcs(g.Arcs, &refs); err != nil {
			return nil, err
		}
		return d.polygon(refs)
	case "MultiPolygon":
		ps, err := decodeEach(g.Arcs, d.polygon)
		if err != nil {
			return nil, err
		}
		return orb.MultiPolygon(ps), nil
	case "LineString":
		var refs []int
		if err := unmarshalArcs(g.Arcs, &refs); err != nil {
			return nil, err
		}
		pts, err := d.line(refs)
		return orb.LineString(pts), err
	case "MultiLineString":
		ls, err := decodeEach(g.Arcs, func(refs []int) (orb.LineString, error) {
			pts, err := d.line(refs)
			return orb.LineString(pts), err
		})
		if err != nil {
			return nil, err
		}
		return orb.MultiLineString(ls), nil
	case "Point":
		var c []float64
		if err := json.Unmarshal(g.Coordinates, &c); err != nil {
			return nil, fmt.Errorf("coordinates: %w", jsonErr(err))
		}
		return d.point(c)
	case "MultiPoint":
		var cs [][]float64
		if err := json.Unmarshal(g.Coordinates, &cs); err != nil {
			return nil, fmt.Errorf("coordinates: %w", jsonErr(err))
		}
		mp := make(orb.MultiPoint, 0, len(cs))
		if err := d.spend(len(cs)); err != nil {
			return nil, err
		}
		for _, c := range cs {
			p, err := d.point(c)
			if err != nil {
				return nil, err
			}
			mp = append(mp, p)
		}
		return mp, nil
	case "GeometryCollection":
		if depth >= maxTopoDepth {
			return nil, fmt.Errorf("geometry collections nested deeper than %d", maxTopoDepth)
		}
		c := orb.Collection{}
		for _, raw := range g.Geometries {
			var m topoGeometry
			if err := json.Unmarshal(raw, &m); err != nil {
				return nil, jsonErr(err)
			}
			sub, err := d.geometry(&m, depth+1)
			if err != nil {
				return nil, err
			}
			if sub != nil {
				c = append(c, sub)
			}
		}
		return c, nil
	}
	return nil, fmt.Errorf("unsupported geometry type %q", *g.Type)
}

// decodeEach decodes the "arcs" member raw as a list of R and converts
// every element with fn, stopping at the first error.
func decodeEach[R, T any](raw json.RawMessage, fn func(R) (T, error)) ([]T, error) {
	var refs []R
	if err := unmarshalArcs(raw, &refs); err != nil {
		return nil, err
	}
	out := make([]T, 0, len(refs))
	for _, r := range refs {
		v, err := fn(r)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

func unmarshalArcs(raw json.RawMessage, v any) error {
	if len(raw) == 0 {
		return fmt.Errorf("missing \"arcs\"")
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return fmt.Errorf("arcs: %w", jsonErr(err))
	}
	return nil
}

// arcError says what is wrong with arc i, which failed to decode as an
// array of positions.
// It returns nil when nothing is wrong and cause is nil (a null position
// is left to the "need 2 numbers" check).
func arcError(raw json.RawMessage, i int, cause error) error {
	if v, err := decodeAny(raw); err == nil {
		if _, ok := v.([]any); !ok {
			return &humanError{fmt.Sprintf("arc %d is %s, need an array of positions", i, describeJSON(v)), cause}
		}
	}
	if err := locateCoordinateError(raw, 2, cause); err != nil {
		return &humanError{fmt.Sprintf("arc %d: %s", i, err), cause}
	}
	return nil
}

func (d *topoDecoder) point(c []float64) (orb.Point, error) {
	if len(c) < 2 {
		return orb.Point{}, fmt.Errorf("position needs 2 numbers, got %d", len(c))
	}
	sx, sy, tx, ty, q, err := d.t.quantised()
	if err != nil {
		return orb.Point{}, err
	}
	if q {
		return orb.Point{c[0]*sx + tx, c[1]*sy + ty}, nil
	}
	return orb.Point{c[0], c[1]}, nil
}

// spend counts n more positions against d.limit.
func (d *topoDecoder) spend(n int) error {
	if n > d.limit-d.positions {
		if d.limit == maxTopoPositions {
			return fmt.Errorf("more than %d positions in total", maxTopoPositions)
		}
		return fmt.Errorf("more than %d positions in total from arcs holding %d (arcs referenced too often)", d.limit, d.stored)
	}
	d.positions += n
	return nil
}

// arcIndex resolves an arc reference (~j for arc j reversed).
func (d *topoDecoder) arcIndex(ref int) (idx int, rev bool, err error) {
	idx, rev = ref, false
	if ref < 0 {
		idx, rev = ^ref, true
	}
	if idx < 0 || idx >= len(d.arcs) {
		return 0, false, fmt.Errorf("arc reference %d out of range (%d arcs)", ref, len(d.arcs))
	}
	return idx, rev, nil
}

// line stitches arcs into one position sequence. References are checked
// and counted first, so an over-long line fails before it is allocated.
func (d *topoDecoder) line(refs []int) ([]orb.Point, error) {
	total := 0
	for _, ref := range refs {
		idx, _, err := d.arcIndex(ref)
		if err != nil {
			return nil, err
		}
		total += len(d.arcs[idx])
		if total > d.limit {
			break // spend fails below
		}
	}
	if err := d.spend(total); err != nil {
		return nil, err
	}
	pts := make([]orb.Point, 0, total)
	for k, ref := range refs {
		idx, rev, _ := d.arcIndex(ref)
		a := d.arcs[idx]
		start := 0
		if k > 0 && len(pts) > 0 {
			start = 1
		}
		for j := start; j < len(a); j++ {
			if rev {
				pts = append(pts, a[len(a)-1-j])
			} else {
				pts = append(pts, a[j])
			}
		}
	}
	return pts, nil
}

func (d *topoDecoder) polygon(refs [][]int) (orb.Polygon, error) {
	p := make(orb.Polygon, 0, len(refs))
	for i, rr := range refs {
		pts, err := d.line(rr)
		if err != nil {
			return nil, fmt.Errorf("ring %d: %w", i, err)
		}
		p = append(p, orb.Ring(pts))
	}
	return p, nil
}

// isFinite reports whether both coordinates of p are finite.
func isFinite(p orb.Point) bool {
	return !math.IsNaN(p[0]) && !math.IsNaN(p[1]) && !math.IsInf(p[0], 0) && !math.IsInf(p[1], 0)
}
