package ogc

import (
	"strings"

	"github.com/inclusiekaart/inclusiekaart/internal/atlas"
	"github.com/inclusiekaart/inclusiekaart/internal/cbs"
)

// openAPIDocument is the OpenAPI 3.0 description of the API served at base.
// Each collection has its own items path so that clients (GDAL, QGIS) see the
// property filters it accepts.
func openAPIDocument(base string, collections []*collection) map[string]any {
	ref := func(name string) map[string]any { return map[string]any{"$ref": "#/components/parameters/" + name} }
	jsonResp := func(desc, media string) map[string]any {
		return map[string]any{"200": map[string]any{"description": desc, "content": map[string]any{media: map[string]any{"schema": map[string]any{"type": "object"}}, "text/html": map[string]any{"schema": map[string]any{"type": "string"}}}},
			"400": errResp("invalid parameter"), "404": errResp("not found"), "500": errResp("internal error")}
	}
	op := func(id, summary, desc, media string, params ...any) map[string]any {
		return map[string]any{"get": map[string]any{"operationId": id, "summary": summary, "tags": []string{"OGC API - Features"},
			"parameters": params, "responses": jsonResp(desc, media)}}
	}
	paths := map[string]any{
		"/":            op("getLandingPage", "Landing page", "links to the API definition, conformance and collections", typeJSON, ref("f")),
		"/api":         op("getAPI", "This OpenAPI document", "the API definition", typeOpenAPI, ref("f")),
		"/conformance": op("getConformance", "Conformance classes", "the conformance classes implemented", typeJSON, ref("f")),
		"/collections": op("getCollections", "Feature collections", "the collections", typeJSON, ref("f")),
	}
	schemas := map[string]any{
		"exception": map[string]any{"type": "object", "required": []string{"error", "code"},
			"properties": map[string]any{"error": map[string]any{"type": "string"}, "code": map[string]any{"type": "string"}}},
	}
	for _, c := range collections {
		schemas[c.ID+"Properties"] = propertiesSchema(c.Fields, false)
		paths["/collections/"+c.ID+"/queryables"] = op("getQueryables_"+c.ID, "Queryables of "+c.ID,
			"JSON Schema of the properties that can be filtered on (as query parameters named after them)", typeSchema, ref("f"))
		paths["/collections/"+c.ID] = op("describe_"+c.ID, "Describe "+c.ID, c.Description, typeJSON, ref("f"))
		params := []any{ref("bbox"), ref("bbox-crs"), ref("limit"), ref("offset"), ref("crs"), ref("datetime"), ref("f"), ref("year"), propertiesParam(c)}
		for _, f := range c.Fields {
			if f.Filter != atlas.NoFilter {
				params = append(params, filterParam(f))
			}
		}
		items := op("getFeatures_"+c.ID, "Features of "+c.ID,
			"a GeoJSON FeatureCollection with numberMatched, numberReturned, timeStamp and next/prev links; Content-Crs names the CRS", typeGeoJSON, params...)
		paths["/collections/"+c.ID+"/items"] = items
		paths["/collections/"+c.ID+"/items/{featureId}"] = op("getFeature_"+c.ID, "One feature of "+c.ID+" by its CBS code",
			"a GeoJSON Feature", typeGeoJSON, ref("featureId"), ref("crs"), ref("f"), ref("year"), propertiesParam(c))
	}
	crsSchema := map[string]any{"type": "string", "format": "uri", "enum": supportedCRS, "default": CRS84}
	return map[string]any{
		"openapi": "3.0.3",
		"info": map[string]any{
			"title":       "Inclusiekaart OGC API - Features",
			"version":     "1.0.0",
			"description": "Dutch municipalities and provinces with the state of their local inclusion agenda. Boundaries: " + attribution + ", " + licenseText + ".",
			"license":     map[string]any{"name": "CC BY 4.0", "url": licenseURL},
		},
		"servers": []any{map[string]any{"url": base}},
		"paths":   paths,
		"components": map[string]any{
			"parameters": map[string]any{
				"f": param("f", "query", "representation: json (GeoJSON for features) or html; default by Accept header, else json",
					map[string]any{"type": "string", "enum": []string{"json", "html"}}),
				"bbox": map[string]any{"name": "bbox", "in": "query", "required": false, "style": "form", "explode": false,
					"description": "minx,miny,maxx,maxy (or 6 numbers with heights, ignored) in bbox-crs: lon/lat for CRS84 (default), metres for EPSG:28992; features whose geometry intersects the box",
					"schema":      map[string]any{"type": "array", "minItems": 4, "maxItems": 6, "items": map[string]any{"type": "number"}}},
				"bbox-crs": param("bbox-crs", "query", "CRS of bbox", crsSchema),
				"crs":      param("crs", "query", "CRS of the returned geometries (Content-Crs header names it)", crsSchema),
				"limit": param("limit", "query", "page size: 1 to 1000, default 100; values outside are a 400, never clamped",
					map[string]any{"type": "integer", "minimum": 1, "maximum": MaxLimit, "default": DefaultLimit}),
				"offset": param("offset", "query", "number of matching features to skip (follow the next link instead of computing it)",
					map[string]any{"type": "integer", "minimum": 0, "default": 0}),
				"datetime": param("datetime", "query", "RFC 3339 date-time or date, or interval start/end with .. for open; features of a boundary year are valid from 1 January of that year to 1 January of the next",
					map[string]any{"type": "string"}),
				"year": param("year", "query", "boundary year; default the newest imported",
					map[string]any{"type": "integer", "minimum": 1800, "maximum": 2200}),
				"featureId": map[string]any{"name": "featureId", "in": "path", "required": true, "description": "CBS code, e.g. GM0363 or PV27",
					"schema": map[string]any{"type": "string"}},
			},
			"schemas": schemas,
		},
	}
}

func param(name, in, desc string, schema map[string]any) map[string]any {
	return map[string]any{"name": name, "in": in, "required": false, "description": desc, "schema": schema}
}

func errResp(desc string) map[string]any {
	return map[string]any{"description": desc, "content": map[string]any{typeJSON: map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/exception"}}}}
}

func propertiesParam(c *collection) map[string]any {
	return map[string]any{"name": "properties", "in": "query", "required": false, "style": "form", "explode": false,
		"description": "comma-separated property names to return (default all)",
		"schema":      map[string]any{"type": "array", "items": map[string]any{"type": "string", "enum": atlas.FieldNames(c.Fields)}}}
}

// filterParam documents the property filter of field f.
func filterParam(f atlas.Field) map[string]any {
	var desc string
	schema := map[string]any{"type": "string"}
	list := func(pattern string) string { // a comma-separated list of values matching pattern
		one := strings.TrimSuffix(strings.TrimPrefix(pattern, "^"), "$")
		return "^" + one + "(," + one + ")*$"
	}
	switch f.Filter {
	case atlas.MunicipalityCode:
		desc, schema["pattern"] = "CBS municipality code(s), comma-separated, e.g. GM0363,GM0344", list(cbs.MunicipalityPattern)
	case atlas.ProvinceCode:
		desc, schema["pattern"] = "CBS province code(s), comma-separated, e.g. PV27", list(cbs.ProvincePattern)
	case atlas.StageValue:
		desc, schema["pattern"] = "stage(s) 1-6, comma-separated; null selects unknown stage", list("(null|[1-6])")
	case atlas.BoolValue:
		desc, schema["enum"] = "true or false", []string{"true", "false"}
	case atlas.NullableBool:
		desc, schema["enum"] = "true, false or null (not assessed)", []string{"true", "false", "null"}
	case atlas.ExactText:
		desc = "exact " + f.Name + " (case-sensitive)"
	}
	return param(f.Name, "query", strings.TrimSpace("property filter: "+desc), schema)
}
