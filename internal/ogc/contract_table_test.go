package ogc

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/inclusiekaart/inclusiekaart/internal/atlas"
)

// TestAFieldAddedToTheContractAppearsInEveryOutput protects the single source
// of the published fields: a field added to (a copy of) the contract table
// reaches the GeoJSON properties, the CSV columns, the property filters, the
// OGC schema, the queryables, the OpenAPI document and the data dictionary
// with no other edit.
func TestAFieldAddedToTheContractAppearsInEveryOutput(t *testing.T) {
	const name = "accessible_website"
	added := atlas.Field{Name: name, Type: atlas.Boolean, Nullable: true, Filter: atlas.NullableBool, Origin: "test",
		Description: "the municipality's website meets WCAG 2.1 AA", DescriptionNL: "website voldoet aan WCAG 2.1 AA",
		Unit: "true/false", NullMeans: "not checked", Value: func(atlas.Record) any { return true }}
	fields := append(slices.Clone(atlas.MunicipalityFields), added)
	m := &atlas.Municipality{Code: "GM0363", Name: "Amsterdam", Year: 2025}

	if got := atlas.Properties(fields, m)[name]; got != true {
		t.Errorf("GeoJSON property %s = %v", name, got)
	}

	var buf bytes.Buffer
	if err := atlas.WriteCSV(&buf, fields, []atlas.Record{m}); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if i := slices.Index(rows[0], name); i < 0 || rows[1][i] != "true" {
		t.Errorf("CSV: header %v, row %v", rows[0], rows[1])
	}

	pf, err := atlas.ParsePropertyFilter(fields, url.Values{name: {"true"}})
	if err != nil || !pf.Match(atlas.Properties(fields, m)) {
		t.Errorf("filter ?%s=true: %v, match %v", name, err, pf.Match(atlas.Properties(fields, m)))
	}
	if _, err := atlas.ParsePropertyFilter(fields, url.Values{name: {"maybe"}}); err == nil || !strings.Contains(err.Error(), name) {
		t.Errorf("a bad filter value must name the parameter: %v", err)
	}

	c := &collection{ID: "municipalities", Title: "Gemeenten", Level: atlas.LevelMunicipality, Fields: fields}
	if !slices.Contains(c.params(false), name) {
		t.Errorf("items parameters %v lack %s", c.params(false), name)
	}
	if _, err := parseItemsQuery(c, url.Values{name: {"null"}}, false); err != nil {
		t.Errorf("items ?%s=null refused: %v", name, err)
	}

	schema := propertiesSchema(fields, false)["properties"].(map[string]any)
	if s, ok := schema[name].(map[string]any); !ok || s["type"] != "boolean" || s["nullable"] != true {
		t.Errorf("OGC schema of %s: %v", name, schema[name])
	}

	q := queryablesDoc("http://x/ogc", c)["properties"].(map[string]any)
	if s, ok := q[name].(map[string]any); !ok || !slices.Equal(s["type"].([]string), []string{"boolean", "null"}) {
		t.Errorf("queryables lack %s: %v", name, q)
	}

	// CQL2 filters name it (text and JSON, with 1/0 for a boolean) and match it.
	for _, f := range []struct{ lang, text string }{{atlas.CQL2Text, name + " = true"}, {atlas.CQL2Text, name + " = 1"},
		{atlas.CQL2JSON, `{"op":"=","args":[{"property":"` + name + `"},true]}`}} {
		pred, err := atlas.ParseCQL2(fields, f.lang, f.text)
		if err != nil || !pred(atlas.Properties(fields, m), nil) {
			t.Errorf("CQL2 %s: %v", f.text, err)
		}
	}
	iq, err := parseItemsQuery(c, url.Values{"filter": {name + " IS NOT NULL"}}, false)
	if err != nil || iq.CQL2 == nil {
		t.Errorf("items ?filter=%s IS NOT NULL: %v", name, err)
	}

	doc, err := json.Marshal(openAPIDocument("http://x/ogc", []*collection{c}))
	if err != nil {
		t.Fatal(err)
	}
	var api struct {
		Paths      map[string]map[string]struct{ Parameters []map[string]any } `json:"paths"`
		Components struct {
			Schemas map[string]struct {
				Properties map[string]any `json:"properties"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(doc, &api); err != nil {
		t.Fatal(err)
	}
	if _, ok := api.Components.Schemas["municipalitiesProperties"].Properties[name]; !ok {
		t.Errorf("OpenAPI schema lacks %s", name)
	}
	// The feature and FeatureCollection schemas of the items reach it through $refs.
	if s := string(doc); !strings.Contains(s, `"municipalitiesFeatureCollection"`) || !strings.Contains(s, `"$ref":"#/components/schemas/municipalitiesProperties"`) {
		t.Errorf("OpenAPI items schemas do not use the properties schema")
	}
	found := false
	for _, p := range api.Paths["/collections/municipalities/items"]["get"].Parameters {
		found = found || p["name"] == name
	}
	if !found {
		t.Errorf("OpenAPI items parameters lack the filter %s", name)
	}

	if d := atlas.Dictionary(fields); !strings.Contains(d, "| `"+name+"` | boolean | the municipality's website meets WCAG 2.1 AA") {
		t.Errorf("data dictionary lacks %s:\n%s", name, d)
	}
}
