package ogc

import (
	"net/http"
	"strings"

	"github.com/inclusiekaart/inclusiekaart/internal/atlas"
)

// typeSchema is the media type of JSON Schema documents (queryables).
const typeSchema = "application/schema+json"

// fieldSchema is the JSON Schema of one published field. draft2020 writes
// nullable as a type list (JSON Schema 2020-12, queryables); else as
// OpenAPI 3.0's nullable.
func fieldSchema(f atlas.Field, draft2020 bool) map[string]any {
	s := map[string]any{"title": f.Name, "description": f.Description}
	switch {
	case f.Nullable && draft2020:
		s["type"] = []string{string(f.Type), "null"}
	case f.Nullable:
		s["type"], s["nullable"] = string(f.Type), true
	default:
		s["type"] = string(f.Type)
	}
	if f.Format != "" {
		s["format"] = f.Format
	}
	if f.Pattern != "" {
		s["pattern"] = f.Pattern
	}
	if f.Minimum != nil {
		s["minimum"] = *f.Minimum
	}
	if f.Maximum != nil {
		s["maximum"] = *f.Maximum
	}
	if len(f.Enum) > 0 {
		s["enum"] = f.Enum
	}
	return s
}

// propertiesSchema is the object schema of a feature's properties under the
// contract fields: no other property; none required, since the properties
// parameter selects a subset.
func propertiesSchema(fields []atlas.Field, draft2020 bool) map[string]any {
	props := map[string]any{}
	for _, f := range fields {
		props[f.Name] = fieldSchema(f, draft2020)
	}
	return map[string]any{"type": "object", "properties": props, "additionalProperties": false}
}

// queryablesDoc is the queryables resource of c (OGC API - Features Part 3):
// a JSON Schema (2020-12) of what a CQL2 filter may name: every published
// field of the contract table, and the geometry (a MultiPolygon, the primary
// geometry, for S_INTERSECTS).
func queryablesDoc(base string, c *collection) map[string]any {
	props := map[string]any{}
	for _, f := range c.Fields {
		props[f.Name] = fieldSchema(f, true)
	}
	props[atlas.GeometryQueryable] = map[string]any{
		"title":       atlas.GeometryQueryable,
		"description": "the boundary (lon/lat, CRS84); filter with S_INTERSECTS(geometry, BBOX(…)) or POINT(…)",
		"format":      "geometry-multipolygon",
		"x-ogc-role":  "primary-geometry",
	}
	return map[string]any{
		"$schema":     "https://json-schema.org/draft/2020-12/schema",
		"$id":         base + "/collections/" + c.ID + "/queryables",
		"type":        "object",
		"title":       c.Title,
		"description": "Properties of " + c.ID + " a CQL2 filter may name (filter=…, filter-lang=cql2-text or cql2-json). Those with a property filter can also be given as a query parameter named after them (" + strings.Join(atlas.FilterNames(c.Fields), ", ") + ").",
		"properties":  props,
		// Only these names are known: a filter naming another is a 400.
		"additionalProperties": false,
	}
}

func (a *API) queryables(w http.ResponseWriter, r *http.Request) error {
	c, f, err := collectionResource(r)
	if err != nil {
		return err
	}
	doc := queryablesDoc(baseURL(r), c)
	if wantHTML(f, r) {
		return renderHTML(w, r, "queryables", htmlPage{Title: "Filterbare eigenschappen: " + c.NLTitle, Base: baseURL(r), Data: doc, Collection: c,
			JSONHref: baseURL(r) + "/collections/" + c.ID + "/queryables?f=json", JSONType: typeSchema})
	}
	writeJSON(w, r, http.StatusOK, typeSchema, doc)
	return nil
}
