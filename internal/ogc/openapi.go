package ogc

import (
	"strings"

	"github.com/inclusiekaart/inclusiekaart/internal/atlas"
	"github.com/inclusiekaart/inclusiekaart/internal/cbs"
)

// openAPIDocument is the OpenAPI 3.0 description of the API served at base.
// Each collection has its own items path so that clients (GDAL, QGIS) see the
// property filters it accepts, and its own feature schemas, whose properties
// come from the contract table. Every response has a schema: the tests
// validate each JSON response they receive against this document.
func openAPIDocument(base string, collections []*collection) map[string]any {
	ref := func(name string) map[string]any { return map[string]any{"$ref": "#/components/parameters/" + name} }
	op := func(id, summary, desc, media, schema string, params ...any) map[string]any {
		return map[string]any{"get": map[string]any{"operationId": id, "summary": summary, "description": desc, "tags": []string{"OGC API - Features"},
			"parameters": params, "responses": responses(desc, media, schema)}}
	}
	paths := map[string]any{
		"/":            op("getLandingPage", "Landing page", "links to the API definition, its documentation, conformance and collections", typeJSON, "landingPage", ref("f")),
		"/api":         op("getAPI", "This OpenAPI document", "the API definition (f=html: its documentation)", typeOpenAPI, "openapi", ref("f")),
		"/conformance": op("getConformance", "Conformance classes", "the conformance classes implemented", typeJSON, "confClasses", ref("f")),
		"/collections": op("getCollections", "Feature collections", "the collections", typeJSON, "collections", ref("f")),
	}
	schemas := map[string]any{
		"exception": object([]string{"error", "code"}, map[string]any{"error": str(), "code": str(),
			"location": map[string]any{"type": "string", "description": "where a code merged away now lives (301)"}}),
		"link":  object([]string{"href", "rel"}, map[string]any{"href": str(), "rel": str(), "type": str(), "title": str(), "hreflang": str()}),
		"links": map[string]any{"type": "array", "items": schemaRef("link")},
		"landingPage": object([]string{"links"}, map[string]any{"title": str(), "description": str(), "attribution": str(), "license": str(),
			"links": schemaRef("links")}),
		"confClasses": object([]string{"conformsTo"}, map[string]any{"conformsTo": map[string]any{"type": "array", "items": str()}}),
		"openapi":     object([]string{"openapi", "info", "paths"}, map[string]any{"openapi": str(), "info": map[string]any{"type": "object"}, "paths": map[string]any{"type": "object"}}),
		"extent": object(nil, map[string]any{
			"spatial": object([]string{"bbox"}, map[string]any{"crs": str(),
				"bbox": map[string]any{"type": "array", "minItems": 1, "items": map[string]any{"type": "array", "minItems": 4, "maxItems": 6, "items": map[string]any{"type": "number"}}}}),
			"temporal": object([]string{"interval"}, map[string]any{"trs": str(),
				"interval": map[string]any{"type": "array", "minItems": 1, "items": map[string]any{"type": "array", "minItems": 2, "maxItems": 2,
					"items": map[string]any{"type": "string", "format": "date-time", "nullable": true}}}}),
		}),
		"collection": object([]string{"id", "links"}, map[string]any{"id": str(), "title": str(), "description": str(), "itemType": str(),
			"links": schemaRef("links"), "extent": schemaRef("extent"), "crs": map[string]any{"type": "array", "items": str()}, "storageCrs": str(),
			"boundary_years": map[string]any{"type": "array", "items": map[string]any{"type": "integer"}}, "attribution": str(), "license": str()}),
		"collections": object([]string{"links", "collections"}, map[string]any{"links": schemaRef("links"),
			"collections": map[string]any{"type": "array", "items": schemaRef("collection")}, "crs": map[string]any{"type": "array", "items": str()}}),
		"multiPolygon": object([]string{"type", "coordinates"}, map[string]any{"type": map[string]any{"type": "string", "enum": []string{"MultiPolygon"}},
			"coordinates": nestedArray(4, map[string]any{"type": "number"})}),
		"queryables": object([]string{"$id", "type", "properties"}, map[string]any{"$schema": str(), "$id": map[string]any{"type": "string", "format": "uri"},
			"type": map[string]any{"type": "string", "enum": []string{"object"}}, "title": str(), "description": str(),
			"properties":           map[string]any{"type": "object", "additionalProperties": map[string]any{"type": "object"}},
			"additionalProperties": map[string]any{"type": "boolean"}}),
	}
	for _, c := range collections {
		schemas[c.ID+"Properties"] = propertiesSchema(c.Fields, false)
		feature := map[string]any{"type": map[string]any{"type": "string", "enum": []string{"Feature"}}, "id": str(),
			"geometry": schemaRef("multiPolygon"), "properties": schemaRef(c.ID + "Properties"),
			"bbox": map[string]any{"type": "array", "minItems": 4, "maxItems": 4, "items": map[string]any{"type": "number"}}, "links": schemaRef("links")}
		schemas[c.ID+"Feature"] = object([]string{"type", "geometry", "properties"}, withMembers(feature))
		schemas[c.ID+"FeatureCollection"] = object([]string{"type", "features", "numberMatched", "numberReturned", "timeStamp", "links"}, withMembers(map[string]any{
			"type":           map[string]any{"type": "string", "enum": []string{"FeatureCollection"}},
			"features":       map[string]any{"type": "array", "items": schemaRef(c.ID + "Feature")},
			"numberMatched":  map[string]any{"type": "integer", "minimum": 0},
			"numberReturned": map[string]any{"type": "integer", "minimum": 0},
			"timeStamp":      map[string]any{"type": "string", "format": "date-time"},
			"links":          schemaRef("links"),
		}))
		paths["/collections/"+c.ID+"/queryables"] = op("getQueryables_"+c.ID, "Queryables of "+c.ID,
			"JSON Schema of what a CQL2 filter may name", typeSchema, "queryables", ref("f"))
		paths["/collections/"+c.ID] = op("describe_"+c.ID, "Describe "+c.ID, c.Description, typeJSON, "collection", ref("f"))
		params := []any{ref("bbox"), ref("bbox-crs"), ref("limit"), ref("offset"), ref("crs"), ref("datetime"), ref("f"), ref("year"), propertiesParam(c),
			ref("filter"), ref("filter-lang"), ref("filter-crs")}
		for _, f := range c.Fields {
			if f.Filter != atlas.NoFilter {
				params = append(params, filterParam(f))
			}
		}
		paths["/collections/"+c.ID+"/items"] = op("getFeatures_"+c.ID, "Features of "+c.ID,
			"a GeoJSON FeatureCollection with numberMatched, numberReturned, timeStamp and next/prev links (also as Link headers); Content-Crs names the CRS",
			typeGeoJSON, c.ID+"FeatureCollection", params...)
		single := op("getFeature_"+c.ID, "One feature of "+c.ID+" by its CBS code",
			"a GeoJSON Feature", typeGeoJSON, c.ID+"Feature", ref("featureId"), ref("crs"), ref("f"), ref("year"), propertiesParam(c))
		single["get"].(map[string]any)["responses"].(map[string]any)["301"] = errResp("the code was merged away: Location names its successor")
		paths["/collections/"+c.ID+"/items/{featureId}"] = single
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
		// Every operation is public: no security, said explicitly (an absent
		// security member is an error in redocly's recommended rules).
		"security": []any{},
		"tags":     []any{map[string]any{"name": "OGC API - Features", "description": "Part 1 Core, Part 2 CRS, Part 3 Filtering (CQL2)"}},
		"paths":    paths,
		"components": map[string]any{
			"parameters": map[string]any{
				"f": param("f", "query", "representation: json (GeoJSON for features) or html; default by Accept header, else json",
					map[string]any{"type": "string", "enum": []string{"json", "html"}}),
				"bbox": map[string]any{"name": "bbox", "in": "query", "required": false, "style": "form", "explode": false,
					"description": "minx,miny,maxx,maxy (or 6 numbers with heights, ignored) in bbox-crs: lon/lat for CRS84 (default), metres for EPSG:28992; features whose geometry intersects the box",
					"schema":      map[string]any{"type": "array", "minItems": 4, "maxItems": 6, "items": map[string]any{"type": "number"}}},
				"bbox-crs": param("bbox-crs", "query", "CRS of bbox", crsSchema),
				"crs":      param("crs", "query", "CRS of the returned geometries (Content-Crs header names it)", crsSchema),
				"limit": param("limit", "query", "page size, default 100; a value above the maximum 1000 is clamped to 1000 (never an error); below 1 or not an integer is a 400",
					map[string]any{"type": "integer", "minimum": 1, "maximum": MaxLimit, "default": DefaultLimit}),
				"offset": param("offset", "query", "number of matching features to skip (follow the next link instead of computing it)",
					map[string]any{"type": "integer", "minimum": 0, "default": 0}),
				"datetime": param("datetime", "query", "the assessment date (assessed_on) of a municipality: an RFC 3339 date or date-time, or an interval start/end with .. for an open end (e.g. 2025-01-01/..); "+
					"municipalities without an assessment date never match. Provinces have no temporal property: a datetime selects by the validity of their boundary year (1 January to 1 January). Pick the boundary year with year",
					map[string]any{"type": "string"}),
				"year": param("year", "query", "boundary year; default the newest imported",
					map[string]any{"type": "integer", "minimum": 1800, "maximum": 2200}),
				"filter": param("filter", "query", "a CQL2 filter (OGC API - Features Part 3) on the queryables: Basic CQL2 (= <> < > <= >=, AND, OR, NOT, IS [NOT] NULL, DATE/TIMESTAMP literals), [NOT] LIKE, [NOT] IN, [NOT] BETWEEN and S_INTERSECTS(geometry, BBOX(…) or POINT(…)); "+
					"booleans also compare with 1 and 0. Example: stage >= 4 AND koploper = true", map[string]any{"type": "string", "maxLength": 8000}),
				"filter-lang": param("filter-lang", "query", "encoding of filter: cql2-text (default) or cql2-json; cql-text is accepted as the pre-standard name of cql2-text (GDAL 3.6 sends it)",
					map[string]any{"type": "string", "enum": FilterLangs, "default": atlas.CQL2Text}),
				"filter-crs": param("filter-crs", "query", "CRS of the coordinates in filter: CRS84 only",
					map[string]any{"type": "string", "format": "uri", "enum": []string{CRS84}, "default": CRS84}),
				"featureId": map[string]any{"name": "featureId", "in": "path", "required": true, "description": "CBS code, e.g. GM0363 or PV27",
					"schema": map[string]any{"type": "string"}},
			},
			"schemas": schemas,
		},
	}
}

// responses are the responses of an operation whose 200 answers media with
// the component schema (or HTML with f=html).
func responses(desc, media, schema string) map[string]any {
	return map[string]any{
		"200": map[string]any{"description": desc, "content": map[string]any{
			media:       map[string]any{"schema": schemaRef(schema)},
			"text/html": map[string]any{"schema": str()}}},
		"400": errResp("invalid parameter"), "404": errResp("not found"), "500": errResp("internal error")}
}

func schemaRef(name string) map[string]any {
	return map[string]any{"$ref": "#/components/schemas/" + name}
}

func str() map[string]any { return map[string]any{"type": "string"} }

func object(required []string, props map[string]any) map[string]any {
	s := map[string]any{"type": "object", "properties": props}
	if len(required) > 0 {
		s["required"] = required
	}
	return s
}

// nestedArray is depth levels of arrays of item (GeoJSON coordinates).
func nestedArray(depth int, item map[string]any) map[string]any {
	for i := 0; i < depth; i++ {
		item = map[string]any{"type": "array", "items": item}
	}
	return item
}

// withMembers adds the top-level members every GeoJSON response carries.
func withMembers(props map[string]any) map[string]any {
	props["attribution"] = str()
	props["license"] = str()
	props["year"] = map[string]any{"type": "integer"}
	props["demo_notice"] = str()
	props["crs"] = map[string]any{"type": "object", "description": "GeoJSON 2008 crs member, only with crs=EPSG:28992"}
	return props
}

func param(name, in, desc string, schema map[string]any) map[string]any {
	return map[string]any{"name": name, "in": in, "required": false, "description": desc, "schema": schema}
}

func errResp(desc string) map[string]any {
	return map[string]any{"description": desc, "content": map[string]any{typeJSON: map[string]any{"schema": schemaRef("exception")}}}
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
		desc, schema["enum"] = "true or false (1 or 0)", []string{"true", "false", "1", "0"}
	case atlas.NullableBool:
		desc, schema["enum"] = "true, false (1, 0) or null (not assessed)", []string{"true", "false", "1", "0", "null"}
	case atlas.ExactText:
		desc = "exact " + f.Name + " (case-sensitive)"
	}
	return param(f.Name, "query", strings.TrimSpace("property filter: "+desc), schema)
}
