package ogc_test

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestQueryablesSchemaAndSortablesAnswerJSON: QGIS asks for queryables (a
// JSON Schema of the filterable properties, served); the resources not
// implemented (schema, sortables) are a JSON 404, never a 500.
func TestQueryablesSchemaAndSortablesAnswerJSON(t *testing.T) {
	ts, _, _ := newServer(t)
	for _, p := range []string{"/ogc/collections/municipalities/queryables", "/ogc/collections/provinces/queryables",
		"/ogc/collections/municipalities/queryables?f=json", "/ogc/collections/municipalities/schema", "/ogc/collections/municipalities/sortables"} {
		r := get(t, ts.URL+p, "Accept", "application/schema+json")
		var e struct{ Error, Code string }
		switch {
		case r.status == 200:
			if !json.Valid(r.body) {
				t.Errorf("%s: 200 but not JSON", p)
			}
			if !strings.Contains(p, "queryables") {
				t.Errorf("%s: 200 for a resource that is not implemented", p)
			}
		case r.status == 404 && strings.Contains(p, "queryables"):
			t.Errorf("%s: queryables must be served, got 404", p)
		case r.status == 404:
			if json.Unmarshal(r.body, &e) != nil || e.Code != "not_found" {
				t.Errorf("%s: 404 body %.200s", p, r.body)
			}
		default:
			t.Errorf("%s: %d %.200s", p, r.status, r.body)
		}
	}
}
