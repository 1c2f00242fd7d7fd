package ogc_test

import (
	"bytes"
	"encoding/csv"
	"slices"
	"sort"
	"testing"

	"github.com/paulmach/orb/geojson"

	"github.com/inclusiekaart/inclusiekaart/internal/atlas"
)

func sorted(s []string) []string {
	s = slices.Clone(s)
	sort.Strings(s)
	return s
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// TestServedOutputsFollowTheContractTable protects the wiring: what the
// running service publishes is exactly the contract table, on every output.
func TestServedOutputsFollowTheContractTable(t *testing.T) {
	ts, _, _ := newServer(t)
	names := atlas.FieldNames(atlas.MunicipalityFields)

	var fc geojson.FeatureCollection
	getJSON(t, ts.URL+"/api/municipalities.geojson", &fc)
	if got := keys(map[string]any(fc.Features[0].Properties)); !slices.Equal(got, sorted(names)) {
		t.Errorf("GeoJSON properties %v, want %v", got, sorted(names))
	}
	var items geojson.FeatureCollection
	getJSON(t, ts.URL+"/ogc/collections/municipalities/items?limit=1", &items)
	if got := keys(map[string]any(items.Features[0].Properties)); !slices.Equal(got, sorted(names)) {
		t.Errorf("OGC item properties %v", got)
	}

	r := get(t, ts.URL+"/api/municipalities.csv")
	header, err := csv.NewReader(bytes.NewReader(r.body)).Read()
	// The contract's fields first, licence and attribution last; between
	// them the CSV-only indicator and part columns (docs/data-dictionary.md).
	if err != nil || len(header) < len(names)+2 || !slices.Equal(header[:len(names)], names) ||
		!slices.Equal(header[len(header)-2:], []string{atlas.LicenseColumn, atlas.AttributionColumn}) {
		t.Errorf("CSV header %v (%v)", header, err)
	}

	var q struct {
		Properties map[string]any `json:"properties"`
	}
	qr := getJSON(t, ts.URL+"/ogc/collections/municipalities/queryables", &q)
	// Every published field is a CQL2 queryable, and so is the geometry.
	if got := keys(q.Properties); !slices.Equal(got, sorted(append(slices.Clone(names), "geometry"))) {
		t.Errorf("queryables %v", got)
	}
	if ct := qr.header.Get("Content-Type"); ct != "application/schema+json" {
		t.Errorf("queryables Content-Type %q", ct)
	}

	var api struct {
		Components struct {
			Schemas map[string]struct {
				Properties map[string]any `json:"properties"`
			} `json:"schemas"`
		} `json:"components"`
	}
	getJSON(t, ts.URL+"/ogc/api?f=json", &api)
	if got := keys(api.Components.Schemas["municipalitiesProperties"].Properties); !slices.Equal(got, sorted(names)) {
		t.Errorf("OpenAPI schema properties %v", got)
	}
	if got := keys(api.Components.Schemas["provincesProperties"].Properties); !slices.Equal(got, sorted(atlas.FieldNames(atlas.ProvinceFields))) {
		t.Errorf("OpenAPI province schema properties %v", got)
	}

	var list []map[string]any
	getJSON(t, ts.URL+"/api/municipalities", &list)
	want := sorted(append(slices.Clone(names), "parts", "values"))
	if got := keys(list[0]); !slices.Equal(got, want) {
		t.Errorf("list fields %v, want %v", got, want)
	}
}
