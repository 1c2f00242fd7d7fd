package geo

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

// Read decodes a GeoJSON or TopoJSON document, choosing by its top-level
// "type" member: "Topology" is TopoJSON, anything else GeoJSON.
func Read(r io.Reader) ([]Feature, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("read: %w", err)
	}
	return readBytes(data)
}

func readBytes(data []byte) ([]Feature, error) {
	if sniffType(data) == "Topology" {
		return decodeTopoJSON(data)
	}
	return decodeGeoJSON(data)
}

// sniffType returns the top-level "type" member of a JSON object, or "".
func sniffType(data []byte) string {
	var head struct {
		Type any `json:"type"`
	}
	if json.Unmarshal(data, &head) != nil {
		return ""
	}
	s, _ := head.Type.(string)
	return s
}

// ReadGeoJSON decodes a GeoJSON FeatureCollection, a single Feature or a
// bare geometry (one feature without properties). The legacy "crs" member
// (GeoJSON 2008: {"type":"name","properties":{"name":...}}, also the older
// "EPSG" and "link" forms) is honoured on the collection and on each
// feature, the feature's taking precedence; it is reported in Feature.CRS.
// Errors name the feature index.
func ReadGeoJSON(r io.Reader) ([]Feature, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("read geojson: %w", err)
	}
	return decodeGeoJSON(data)
}

func decodeGeoJSON(data []byte) ([]Feature, error) {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil {
		return nil, fmt.Errorf("geojson: %w: %w", ErrFormat, err)
	}
	if top == nil {
		return nil, fmt.Errorf("geojson: %w: not a JSON object", ErrFormat)
	}
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
		var raws []json.RawMessage
		if f, ok := top["features"]; ok && !bytes.Equal(bytes.TrimSpace(f), []byte("null")) {
			if err := json.Unmarshal(f, &raws); err != nil {
				return nil, fmt.Errorf("geojson: %w: \"features\" is not an array", ErrFormat)
			}
		}
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
		f, err := decodeGeoJSONFeature(data, 0, collCRS)
		if err != nil {
			return nil, err
		}
		return []Feature{f}, nil
	case "Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon", "GeometryCollection":
		g, err := geojson.UnmarshalGeometry(data)
		if err != nil {
			return nil, fmt.Errorf("geojson: feature 0: geometry: %w", err)
		}
		return []Feature{{Index: 0, Properties: map[string]any{}, Geometry: g.Geometry(), CRS: collCRS}}, nil
	}
	return nil, fmt.Errorf("geojson: %w: type %q is not a FeatureCollection or Feature", ErrFormat, typ)
}

func decodeGeoJSONFeature(raw json.RawMessage, i int, collCRS string) (f Feature, err error) {
	defer func() {
		// orb/geojson is well behaved, but a decoder bug must not take the
		// importer down with it.
		if r := recover(); r != nil {
			err = fmt.Errorf("geojson: feature %d: invalid feature: %v", i, r)
		}
	}()
	gf, err := geojson.UnmarshalFeature(raw)
	if err != nil {
		return Feature{}, fmt.Errorf("geojson: feature %d: %w", i, err)
	}
	f = Feature{Index: i, ID: idString(gf.ID), Properties: map[string]any(gf.Properties), Geometry: gf.Geometry, CRS: collCRS}
	if f.Properties == nil {
		f.Properties = map[string]any{}
	}
	if c, ok := gf.ExtraMembers["crs"]; ok && c != nil {
		b, _ := json.Marshal(c)
		name, err := parseCRSMember(b)
		if err != nil {
			return Feature{}, fmt.Errorf("geojson: feature %d: %w", i, err)
		}
		f.CRS = name
	}
	return f, nil
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
		return "", fmt.Errorf("crs member: %w", err)
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
