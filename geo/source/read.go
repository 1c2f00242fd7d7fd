package source

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// Feature is one feature as read from a source, before validation.
type Feature struct {
	Index      int            // 0-based position in the source (across pages for OGC API)
	ID         string         // feature id as a string ("" if none)
	Object     string         // TopoJSON object name ("" for GeoJSON)
	Properties map[string]any // never nil
	Geometry   orb.Geometry   // as read; nil if missing
	CRS        string         // "" or the source's declared CRS name, e.g. "urn:ogc:def:crs:EPSG::28992"
}

// ErrFormat is wrapped by read errors caused by input that is not a
// supported GeoJSON or TopoJSON document.
var ErrFormat = errors.New("unsupported format")

// DefaultMaxFeatures is the most features one boundary source may hold
// (FetchOptions.MaxFeatures): the Netherlands has 342 municipalities and
// about 14,600 neighbourhoods, so more is not a boundary set but a mistake,
// and refusing it early keeps an import's memory bounded.
const DefaultMaxFeatures = 20_000

// ErrTooLarge is wrapped by errors for a source with more features or bytes
// than one import takes.
var ErrTooLarge = errors.New("too large")

// Read decodes a GeoJSON or TopoJSON document, choosing by its top-level
// "type" member: "Topology" is TopoJSON, anything else GeoJSON. A UTF-8
// byte order mark at the start is skipped (as by ReadGeoJSON and
// ReadTopoJSON); empty input is an "empty file" error wrapping ErrFormat.
// It is ReadLimited with DefaultMaxFeatures.
func Read(r io.Reader) ([]Feature, error) {
	return ReadLimited(r, DefaultMaxFeatures)
}

// ReadLimited is Read for at most maxFeatures features (0 or less:
// DefaultMaxFeatures). It streams the document: the elements of a GeoJSON
// "features" array are counted as they are read, and the one after the
// limit is an error wrapping ErrTooLarge, before the rest of r is read.
// (A TopoJSON topology is read whole, then counted; its positions are
// bounded as ReadTopoJSON says.)
func ReadLimited(r io.Reader, maxFeatures int) ([]Feature, error) {
	if maxFeatures <= 0 {
		maxFeatures = DefaultMaxFeatures
	}
	br, err := prepareReader(r)
	if err != nil {
		return nil, err
	}
	top, raws, err := decodeGeoJSONTop(br, maxFeatures)
	if err != nil {
		return nil, err
	}
	var typ string
	_ = json.Unmarshal(top["type"], &typ)
	if typ != "Topology" {
		return decodeGeoJSONMembers(top, raws, nil)
	}
	data, err := json.Marshal(top)
	if err != nil {
		return nil, fmt.Errorf("topojson: %w: %w", ErrFormat, jsonErr(err))
	}
	feats, err := decodeTopoJSON(data)
	if err != nil {
		return nil, err
	}
	if len(feats) > maxFeatures {
		return nil, tooManyFeatures("topojson", maxFeatures)
	}
	return feats, nil
}

func tooManyFeatures(format string, max int) error {
	return fmt.Errorf("%s: more than %d features, the most one boundary import takes (%w); refused at feature %d, the rest was not read", format, max, ErrTooLarge, max)
}

// readWith reads all of r and decodes it with decode; a failing read is
// an error starting with what.
func readWith(r io.Reader, what string, decode func([]byte) ([]Feature, error)) ([]Feature, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return decode(data)
}

// ReadGeoJSON decodes a GeoJSON FeatureCollection, a single Feature or a
// bare geometry (one feature without properties). The legacy "crs" member
// (GeoJSON 2008: {"type":"name","properties":{"name":...}}, also the older
// "EPSG" and "link" forms) is honoured on the collection and on each
// feature, the feature's taking precedence; it is reported in Feature.CRS.
// Errors name the feature index, also for syntax errors and excessive
// nesting inside a feature. A null feature, and a Polygon or MultiPolygon
// position with fewer than two numbers (null, [] or [x]), are errors, as
// is a coordinate that is not a number (the error names the ring and
// position). Messages speak JSON, never Go types.
func ReadGeoJSON(r io.Reader) ([]Feature, error) {
	return readWith(r, "read geojson", decodeGeoJSON)
}

func decodeGeoJSON(data []byte) ([]Feature, error) {
	data, err := prepareJSON(data)
	if err != nil {
		return nil, fmt.Errorf("geojson: %w", err)
	}
	top, raws, err := decodeGeoJSONTop(bytes.NewReader(data), 0)
	if err != nil {
		return nil, err
	}
	return decodeGeoJSONMembers(top, raws, data)
}

// decodeGeoJSONMembers decodes a GeoJSON document from its top-level
// members and features (decodeGeoJSONTop); data is the whole document, or
// nil to rebuild it from top when it is a single Feature or geometry.
func decodeGeoJSONMembers(top map[string]json.RawMessage, raws []json.RawMessage, data []byte) ([]Feature, error) {
	var typ string
	if err := json.Unmarshal(top["type"], &typ); err != nil {
		return nil, fmt.Errorf("geojson: %w: missing or invalid \"type\"", ErrFormat)
	}
	collCRS, err := parseCRSMember(top["crs"])
	if err != nil {
		return nil, fmt.Errorf("geojson: %w", err)
	}
	switch typ {
	case "FeatureCollection":
		out := make([]Feature, 0, len(raws))
		for i, raw := range raws {
			f, err := decodeGeoJSONFeature(raw, i, collCRS)
			if err != nil {
				return nil, err
			}
			out = append(out, f)
		}
		return out, nil
	case "Feature":
		if data == nil {
			data, _ = json.Marshal(top) // members decodeGeoJSONTop checked
		}
		f, err := decodeGeoJSONFeature(data, 0, collCRS)
		if err != nil {
			return nil, err
		}
		return []Feature{f}, nil
	case "Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon", "GeometryCollection":
		if data == nil {
			data, _ = json.Marshal(top)
		}
		g, err := decodeGeometry(data)
		if err != nil {
			return nil, fmt.Errorf("geojson: feature 0: geometry: %w", err)
		}
		return []Feature{{Index: 0, Properties: map[string]any{}, Geometry: g, CRS: collCRS}}, nil
	}
	return nil, fmt.Errorf("geojson: %w: type %q is not a FeatureCollection or Feature", ErrFormat, typ)
}

// decodeGeoJSONTop splits a JSON document into its top-level members and
// the elements of its "features" array (nil when absent or null). It
// streams, so that a syntax error or excessive nesting inside a feature is
// reported with the feature's index, and so that a "features" array of more
// than maxFeatures elements (0: no limit) is refused at the element after
// the limit, before the rest of r is read.
func decodeGeoJSONTop(r io.Reader, maxFeatures int) (map[string]json.RawMessage, []json.RawMessage, error) {
	bad := func(err error) error { return fmt.Errorf("geojson: %w: %w", ErrFormat, jsonErr(err)) }
	dec := json.NewDecoder(r)
	tok, err := dec.Token()
	if err == io.EOF {
		return nil, nil, fmt.Errorf("geojson: %w", &formatError{"empty file"})
	}
	if err != nil {
		return nil, nil, bad(err)
	}
	if tok != json.Delim('{') {
		return nil, nil, fmt.Errorf("geojson: %w: not a JSON object", ErrFormat)
	}
	top := map[string]json.RawMessage{}
	var raws []json.RawMessage
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, nil, bad(err)
		}
		key, _ := tok.(string)
		if key != "features" {
			var v json.RawMessage
			if err := dec.Decode(&v); err != nil {
				return nil, nil, fmt.Errorf("geojson: %w: member %q: %w", ErrFormat, truncate(key, 40), jsonErr(err))
			}
			top[key] = v
			continue
		}
		raws = nil
		tok, err = dec.Token()
		if err != nil {
			return nil, nil, bad(err)
		}
		if tok == nil {
			continue // "features": null
		}
		if tok != json.Delim('[') {
			return nil, nil, fmt.Errorf("geojson: %w: \"features\" is not an array", ErrFormat)
		}
		for i := 0; dec.More(); i++ {
			if maxFeatures > 0 && i == maxFeatures {
				return nil, nil, tooManyFeatures("geojson", maxFeatures)
			}
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				return nil, nil, fmt.Errorf("geojson: feature %d: %w", i, jsonErr(err))
			}
			raws = append(raws, raw)
		}
		if _, err := dec.Token(); err != nil { // ']'
			return nil, nil, bad(err)
		}
	}
	if _, err := dec.Token(); err != nil { // '}'
		return nil, nil, bad(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, nil, fmt.Errorf("geojson: %w: data after the top-level object", ErrFormat)
	}
	return top, raws, nil
}

func decodeGeoJSONFeature(raw json.RawMessage, i int, collCRS string) (f Feature, err error) {
	defer func() {
		// orb/geojson is well behaved, but a decoder bug must not take the
		// importer down with it.
		if r := recover(); r != nil {
			err = fmt.Errorf("geojson: feature %d: invalid feature: %v", i, r)
		}
	}()
	if bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
		return Feature{}, fmt.Errorf("geojson: feature %d: null instead of a Feature", i)
	}
	// Members are matched exactly (encoding/json struct fields would also
	// match "Geometry" or "PROPERTIES").
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return Feature{}, fmt.Errorf("geojson: feature %d: %w", i, jsonErr(err))
	}
	var typ string
	if err := json.Unmarshal(m["type"], &typ); err != nil || typ != "Feature" {
		return Feature{}, fmt.Errorf("geojson: feature %d: not a feature: type=%s", i, truncate(string(m["type"]), 40))
	}
	f = Feature{Index: i, CRS: collCRS}
	if id, ok := m["id"]; ok {
		var v any
		if err := json.Unmarshal(id, &v); err != nil {
			return Feature{}, fmt.Errorf("geojson: feature %d: id: %w", i, jsonErr(err))
		}
		f.ID = idString(v)
	}
	if p, ok := m["properties"]; ok {
		if err := json.Unmarshal(p, &f.Properties); err != nil {
			return Feature{}, fmt.Errorf("geojson: feature %d: properties: %w", i, jsonErr(err))
		}
	}
	if f.Properties == nil {
		f.Properties = map[string]any{}
	}
	if g, ok := m["geometry"]; ok {
		if f.Geometry, err = decodeGeometry(g); err != nil {
			return Feature{}, fmt.Errorf("geojson: feature %d: geometry: %w", i, err)
		}
	}
	if c, ok := m["crs"]; ok {
		name, err := parseCRSMember(c)
		if err != nil {
			return Feature{}, fmt.Errorf("geojson: feature %d: %w", i, err)
		}
		if name != "" {
			f.CRS = name
		}
	}
	return f, nil
}

// decodeGeometry decodes a GeoJSON geometry; null is a nil Geometry.
// Polygon and MultiPolygon coordinates, the only ones Normalize accepts,
// are decoded strictly: orb/geojson turns a null, empty or one-number
// position into zeros, which would put a vertex at latitude 0 without a
// word. Other types are left to orb/geojson.
func decodeGeometry(raw json.RawMessage) (orb.Geometry, error) {
	if len(bytes.TrimSpace(raw)) == 0 || bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
		return nil, nil
	}
	var head struct {
		Type        string          `json:"type"`
		Coordinates json.RawMessage `json:"coordinates"`
	}
	if err := json.Unmarshal(raw, &head); err != nil {
		return nil, jsonErr(err)
	}
	switch head.Type {
	case "Polygon":
		var c [][][]float64
		if err := json.Unmarshal(head.Coordinates, &c); err != nil || nullInside(head.Coordinates) {
			if err := locateCoordinateError(head.Coordinates, 3, err); err != nil {
				return nil, err
			}
		}
		return polygonOf(c, "")
	case "MultiPolygon":
		var c [][][][]float64
		if err := json.Unmarshal(head.Coordinates, &c); err != nil || nullInside(head.Coordinates) {
			if err := locateCoordinateError(head.Coordinates, 4, err); err != nil {
				return nil, err
			}
		}
		mp := make(orb.MultiPolygon, len(c))
		for k, pc := range c {
			p, err := polygonOf(pc, fmt.Sprintf("polygon %d ", k))
			if err != nil {
				return nil, err
			}
			mp[k] = p
		}
		return mp, nil
	}
	return orbGeometry(raw)
}

func orbGeometry(raw json.RawMessage) (g orb.Geometry, err error) {
	defer func() {
		// orb/geojson dereferences a null member of a GeometryCollection.
		if r := recover(); r != nil {
			g, err = nil, fmt.Errorf("invalid geometry: %v", r)
		}
	}()
	og, err := geojson.UnmarshalGeometry(raw)
	if err != nil {
		return nil, jsonErr(err)
	}
	return og.Geometry(), nil
}

func polygonOf(c [][][]float64, where string) (orb.Polygon, error) {
	p := make(orb.Polygon, len(c))
	for ri, rc := range c {
		r := make(orb.Ring, len(rc))
		for k, pos := range rc {
			if len(pos) < 2 {
				return nil, fmt.Errorf("%sring %d position %d: need 2 numbers, got %d", where, ri, k, len(pos))
			}
			r[k] = orb.Point{pos[0], pos[1]}
		}
		p[ri] = r
	}
	return p, nil
}

// idString renders a GeoJSON/TopoJSON id (string or number) as a string.
func idString(id any) string {
	switch v := id.(type) {
	case string:
		return v
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case json.Number:
		return v.String()
	case int:
		return strconv.Itoa(v)
	}
	return ""
}

// parseCRSMember returns the CRS name of a legacy GeoJSON "crs" member, or
// "" when raw is absent or null.
func parseCRSMember(raw json.RawMessage) (string, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return "", nil
	}
	var c struct {
		Type       string         `json:"type"`
		Properties map[string]any `json:"properties"`
	}
	if err := json.Unmarshal(raw, &c); err != nil {
		return "", fmt.Errorf("crs member: %w", jsonErr(err))
	}
	switch c.Type {
	case "name":
		if s, ok := c.Properties["name"].(string); ok && s != "" {
			return s, nil
		}
	case "EPSG", "epsg":
		switch v := c.Properties["code"].(type) {
		case float64:
			return "EPSG:" + strconv.FormatFloat(v, 'f', -1, 64), nil
		case string:
			return "EPSG:" + v, nil
		}
	case "link":
		if s, ok := c.Properties["href"].(string); ok && s != "" {
			return s, nil
		}
	}
	return "", fmt.Errorf("crs member: unsupported form %s", truncate(string(raw), 80))
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
