package ogc_test

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestOpenAPIEveryPathAnswers: /ogc/api is OpenAPI 3.0 JSON whose every path answers
// 200, and the items operations list every parameter the server takes.
func TestOpenAPIEveryPathAnswers(t *testing.T) {
	ts, _, _ := newServer(t)
	var api struct {
		OpenAPI string                               `json:"openapi"`
		Info    struct{ Title, Version string }      `json:"info"`
		Servers []struct{ URL string }               `json:"servers"`
		Paths   map[string]map[string]map[string]any `json:"paths"`
		Comps   struct {
			Parameters map[string]map[string]any `json:"parameters"`
		} `json:"components"`
	}
	r := get(t, ts.URL+"/ogc/api")
	if err := json.Unmarshal(r.body, &api); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(api.OpenAPI, "3.0.") || api.Info.Title == "" || api.Info.Version == "" || len(api.Servers) != 1 || api.Servers[0].URL != ts.URL+"/ogc" {
		t.Errorf("openapi %q info %+v servers %+v", api.OpenAPI, api.Info, api.Servers)
	}
	param := func(p map[string]any) map[string]any {
		if ref, ok := p["$ref"].(string); ok {
			name := ref[strings.LastIndex(ref, "/")+1:]
			if q := api.Comps.Parameters[name]; q != nil {
				return q
			}
			t.Errorf("unresolved $ref %s", ref)
		}
		return p
	}
	for _, want := range []string{"/", "/api", "/conformance", "/collections", "/collections/municipalities", "/collections/provinces",
		"/collections/municipalities/items", "/collections/provinces/items", "/collections/municipalities/items/{featureId}", "/collections/provinces/items/{featureId}"} {
		if api.Paths[want]["get"] == nil {
			t.Errorf("path %s missing", want)
		}
	}
	for p, ops := range api.Paths {
		u := strings.NewReplacer("{featureId}", map[bool]string{true: "PV27", false: "GM0363"}[strings.Contains(p, "provinces")]).Replace(p)
		if r := get(t, ts.URL+"/ogc"+strings.TrimSuffix(u, "/")); r.status != 200 {
			t.Errorf("GET %s: %d", u, r.status)
		}
		op := ops["get"]
		if op == nil {
			continue
		}
		raw, _ := op["parameters"].([]any)
		names := map[string]map[string]any{}
		for _, x := range raw {
			q := param(x.(map[string]any))
			names[q["name"].(string)] = q
		}
		if _, ok := op["responses"].(map[string]any)["200"]; !ok {
			t.Errorf("%s: no 200 response", p)
		}
		if strings.HasSuffix(p, "/items") {
			want := []string{"bbox", "bbox-crs", "limit", "offset", "crs", "datetime", "properties", "f", "year", "code", "name"}
			if strings.Contains(p, "municipalities") {
				want = append(want, "province_code", "stage", "koploper", "demo", "insufficient_data")
			}
			for _, w := range want {
				if names[w] == nil {
					t.Errorf("%s: parameter %s not listed", p, w)
				}
			}
			lim, _ := names["limit"]["schema"].(map[string]any)
			if lim["maximum"] != 1000.0 || lim["minimum"] != 1.0 || lim["default"] != 100.0 {
				t.Errorf("%s: limit schema %v", p, lim)
			}
		}
	}
}
