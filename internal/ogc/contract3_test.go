package ogc_test

// Contract tests, third round: every GeoJSON the server serves checked the way
// a strict RFC 7946 reader, GDAL/GEOS and a map user would (orientation,
// closed rings, bbox, decimals, validity, shared borders at every zoom), and
// the OGC API checked with what QGIS and browsers send (Accept negotiation,
// f values, the OpenAPI document, paging totals). Tests that document a
// defect skip with "DEFECT: …".

import (
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// c3Layers are the GeoJSON documents served in CRS84.
var c3Layers = []struct {
	name, path, prefix string
	bbox               bool // top-level bbox required
	n                  int
}{
	{"municipalities default", "/api/municipalities.geojson", "GM", true, 342},
	{"municipalities zoom 6", "/api/municipalities.geojson?zoom=6", "GM", true, 342},
	{"municipalities zoom 8", "/api/municipalities.geojson?zoom=8", "GM", true, 342},
	{"municipalities zoom 10", "/api/municipalities.geojson?zoom=10", "GM", true, 342},
	{"municipalities zoom 12", "/api/municipalities.geojson?zoom=12", "GM", true, 342},
	{"provinces default", "/api/provinces.geojson", "PV", true, 12},
	{"provinces zoom 6", "/api/provinces.geojson?zoom=6", "PV", true, 12},
	{"provinces zoom 10", "/api/provinces.geojson?zoom=10", "PV", true, 12},
	{"ogc municipalities", "/ogc/collections/municipalities/items?limit=1000", "GM", false, 342},
	{"ogc provinces", "/ogc/collections/provinces/items?limit=1000", "PV", false, 12},
}

func c3SignedArea(r [][]float64) float64 {
	a := 0.0
	for i := 0; i+1 < len(r); i++ {
		a += r[i][0]*r[i+1][1] - r[i+1][0]*r[i][1]
	}
	return a / 2
}

var c3Number = regexp.MustCompile(`-?\d+\.(\d+)`)

type c3FC struct {
	Type     string          `json:"type"`
	CRS      json.RawMessage `json:"crs"`
	BBox     []float64       `json:"bbox"`
	Features []c3Feat        `json:"features"`
}

type c3Feat struct {
	ID         any            `json:"id"`
	BBox       []float64      `json:"bbox"`
	Properties map[string]any `json:"properties"`
	Geometry   struct {
		Type        string          `json:"type"`
		Coordinates json.RawMessage `json:"coordinates"`
	} `json:"geometry"`
}

// polygons returns the feature's polygons whatever its geometry type.
func (f c3Feat) polygons() [][][][]float64 {
	var polys [][][][]float64
	switch f.Geometry.Type {
	case "Polygon":
		var p [][][]float64
		json.Unmarshal(f.Geometry.Coordinates, &p)
		polys = [][][][]float64{p}
	case "MultiPolygon":
		json.Unmarshal(f.Geometry.Coordinates, &polys)
	}
	return polys
}

// TestContract3RFC7946 checks every served CRS84 layer: exterior rings
// counter-clockwise and holes clockwise, closed rings of ≥ 4 positions, no crs
// member, bbox [minLon,minLat,maxLon,maxLat] containing every position, at most
// 6 decimals, id = code, UTF-8 names.
func TestContract3RFC7946(t *testing.T) {
	ts, _, _ := newServer(t)
	for _, l := range c3Layers {
		t.Run(l.name, func(t *testing.T) {
			r := get(t, ts.URL+l.path)
			if r.status != 200 {
				t.Fatalf("%d %s", r.status, r.body)
			}
			var fc c3FC
			if err := json.Unmarshal(r.body, &fc); err != nil {
				t.Fatal(err)
			}
			if fc.Type != "FeatureCollection" || len(fc.Features) != l.n {
				t.Errorf("type %s, %d features, want %d", fc.Type, len(fc.Features), l.n)
			}
			if fc.CRS != nil {
				t.Error("crs member in CRS84 output (RFC 7946 §4)")
			}
			in := func(b []float64, p []float64) bool {
				return b == nil || (p[0] >= b[0] && p[0] <= b[2] && p[1] >= b[1] && p[1] <= b[3])
			}
			if l.bbox && (len(fc.BBox) != 4 || fc.BBox[0] < 3 || fc.BBox[2] > 7.3 || fc.BBox[1] < 50.7 || fc.BBox[3] > 53.6) {
				t.Errorf("bbox %v, want [minLon,minLat,maxLon,maxLat] of the Netherlands", fc.BBox)
			}
			names := map[string]string{}
			for _, f := range fc.Features {
				code, _ := f.ID.(string)
				if !strings.HasPrefix(code, l.prefix) || f.Properties["code"] != code {
					t.Errorf("id %v, properties.code %v", f.ID, f.Properties["code"])
				}
				names[code], _ = f.Properties["name"].(string)
				for _, m := range c3Number.FindAllSubmatch(f.Geometry.Coordinates, -1) {
					if len(m[1]) > 6 {
						t.Errorf("%s: %s has more than 6 decimals", code, m[0])
						break
					}
				}
				polys := f.polygons()
				if len(polys) == 0 {
					t.Errorf("%s: geometry %s", code, f.Geometry.Type)
				}
				for pi, p := range polys {
					for ri, ring := range p {
						if len(ring) < 4 || !slices.Equal(ring[0], ring[len(ring)-1]) {
							t.Errorf("%s polygon %d ring %d: %d positions, closed %v", code, pi, ri, len(ring), len(ring) > 0 && slices.Equal(ring[0], ring[len(ring)-1]))
							continue
						}
						if a := c3SignedArea(ring); (ri == 0) != (a > 0) {
							t.Errorf("%s polygon %d ring %d: wrong winding (signed area %g)", code, pi, ri, a)
						}
						for _, pt := range ring {
							if len(pt) != 2 || !in(fc.BBox, pt) || !in(f.BBox, pt) {
								t.Errorf("%s: position %v outside bbox %v / feature bbox %v", code, pt, fc.BBox, f.BBox)
								break
							}
						}
					}
				}
			}
			if l.prefix == "GM" && names["GM1900"] != "Súdwest-Fryslân" {
				t.Errorf("GM1900 name %q", names["GM1900"])
			}
			if l.prefix == "PV" && names["PV21"] != "Fryslân" {
				t.Errorf("PV21 name %q", names["PV21"])
			}
		})
	}
}

// c3GPKG saves a served layer, summarises it with `ogrinfo -ro -al -so`, copies
// it to a GeoPackage and returns "code: reason" for every geometry GEOS finds
// invalid.
func c3GPKG(t *testing.T, base, path, name string) (gpkg string, invalid []string) {
	t.Helper()
	r := get(t, base+path)
	if r.status != 200 {
		t.Fatalf("%s: %d", path, r.status)
	}
	dir := t.TempDir()
	src := filepath.Join(dir, name+".geojson")
	if err := os.WriteFile(src, r.body, 0o644); err != nil {
		t.Fatal(err)
	}
	info := gdal(t, "ogrinfo", "-ro", "-al", "-so", src)
	if !strings.Contains(info, "WGS 84") || !strings.Contains(info, "Feature Count: ") {
		t.Errorf("ogrinfo -so %s:\n%.600s", path, info)
	}
	gpkg = filepath.Join(dir, name+".gpkg")
	gdal(t, "ogr2ogr", "-f", "GPKG", gpkg, src, "-nln", "t")
	out := gdal(t, "ogrinfo", "-ro", "-q", "-dialect", "sqlite", "-sql",
		"SELECT code || ': ' || ST_IsValidReason(geom) AS bad FROM t WHERE NOT ST_IsValid(geom) ORDER BY code", gpkg)
	for _, m := range regexp.MustCompile(`bad \(String\) = (.*)`).FindAllStringSubmatch(out, -1) {
		invalid = append(invalid, m[1])
	}
	return gpkg, invalid
}

// TestContract3GDALValid: GEOS finds no invalid geometry in the served layers
// (known defects are in TestContract3GDALInvalidZoom10 and
// TestContract3GDALInvalidZeeland).
func TestContract3GDALValid(t *testing.T) {
	needGDAL(t)
	ts, _, _ := newServer(t)
	for _, l := range c3Layers {
		if l.prefix == "PV" || strings.HasSuffix(l.path, "zoom=10") {
			continue // defects below
		}
		t.Run(l.name, func(t *testing.T) {
			if _, bad := c3GPKG(t, ts.URL, l.path, "layer"); len(bad) > 0 {
				t.Errorf("%s: %d invalid geometries: %v", l.path, len(bad), bad)
			}
		})
	}
}

func TestContract3GDALInvalidZoom10(t *testing.T) {
	needGDAL(t)
	ts, _, _ := newServer(t)
	for _, z := range []string{"10", "11"} {
		if _, bad := c3GPKG(t, ts.URL, "/api/municipalities.geojson?zoom="+z, "z"+z); len(bad) > 0 {
			t.Errorf("zoom %s: invalid %v", z, bad)
		}
	}
}

func TestContract3GDALInvalidZeeland(t *testing.T) {
	needGDAL(t)
	ts, _, _ := newServer(t)
	for _, l := range c3Layers {
		if l.prefix != "PV" {
			continue
		}
		if _, bad := c3GPKG(t, ts.URL, l.path, "p"); len(bad) > 0 {
			t.Errorf("%s: invalid %v", l.path, bad)
		}
	}
}

// TestContract3NoGapsAtAnyZoom: the union of all municipalities has the same
// number of parts and rings at every zoom as at full detail: simplification
// opens no gaps or slivers between neighbours.
func TestContract3NoGapsAtAnyZoom(t *testing.T) {
	needGDAL(t)
	ts, _, _ := newServer(t)
	union := func(zoom string) string {
		gpkg, _ := c3GPKG(t, ts.URL, "/api/municipalities.geojson?zoom="+zoom, "u"+zoom)
		out := gdal(t, "ogrinfo", "-ro", "-q", "-dialect", "sqlite", "-sql",
			"SELECT ST_NumGeometries(u) AS parts, ST_NRings(u) AS rings FROM (SELECT ST_Union(geom) AS u FROM t)", gpkg)
		return strings.Join(regexp.MustCompile(`(parts|rings) \(\w+\) = \S+`).FindAllString(out, -1), ", ")
	}
	full := union("12")
	if !strings.Contains(full, "parts (Integer)") {
		t.Fatalf("union at zoom 12: %q", full)
	}
	for _, z := range []string{"6", "8"} { // zoom 10: see TestContract3GDALInvalidZoom10
		if got := union(z); got != full {
			t.Errorf("union at zoom %s: %s; at full detail: %s", z, got, full)
		}
	}
}

type c3Edge [2][2]float64

func c3Edges(f c3Feat) map[c3Edge]bool {
	out := map[c3Edge]bool{}
	for _, p := range f.polygons() {
		for _, r := range p {
			for i := 0; i+1 < len(r); i++ {
				a, b := [2]float64{r[i][0], r[i][1]}, [2]float64{r[i+1][0], r[i+1][1]}
				if b[0] < a[0] || (b[0] == a[0] && b[1] < a[1]) {
					a, b = b, a
				}
				out[c3Edge{a, b}] = true
			}
		}
	}
	return out
}

// TestContract3SharedBorders: for every pair listed as neighbours by
// /api/municipalities/{code}, at zoom 6, 8, 10 and 12 both geometries contain
// the same border segments (at least one), the relation is symmetric, no
// segment belongs to more than two municipalities, and municipalities that
// share a segment are listed as neighbours.
func TestContract3SharedBorders(t *testing.T) {
	ts, _, _ := newServer(t)
	var fc c3FC
	getJSON(t, ts.URL+"/api/municipalities.geojson", &fc)
	neighbours := map[string][]string{}
	for _, f := range fc.Features {
		code := f.ID.(string)
		var d struct{ Neighbours []struct{ Code string } }
		getJSON(t, ts.URL+"/api/municipalities/"+code, &d)
		for _, n := range d.Neighbours {
			neighbours[code] = append(neighbours[code], n.Code)
		}
	}
	pairs := map[[2]string]bool{}
	for a, ns := range neighbours {
		for _, b := range ns {
			if !slices.Contains(neighbours[b], a) {
				t.Errorf("%s lists %s as neighbour, not the other way round", a, b)
			}
			p := [2]string{min(a, b), max(a, b)}
			pairs[p] = true
		}
	}
	if len(pairs) < 800 {
		t.Fatalf("%d neighbour pairs", len(pairs))
	}
	for _, zoom := range []int{6, 8, 10, 12} {
		var z c3FC
		getJSON(t, fmt.Sprintf("%s/api/municipalities.geojson?zoom=%d", ts.URL, zoom), &z)
		edges := map[string]map[c3Edge]bool{}
		owners := map[c3Edge][]string{}
		for _, f := range z.Features {
			code := f.ID.(string)
			edges[code] = c3Edges(f)
			for e := range edges[code] {
				owners[e] = append(owners[e], code)
			}
		}
		shared, without := 0, 0
		for p := range pairs {
			n := 0
			for e := range edges[p[0]] {
				if edges[p[1]][e] {
					n++
				}
			}
			if n == 0 {
				without++
				t.Errorf("zoom %d: neighbours %s and %s share no border segment", zoom, p[0], p[1])
			}
			shared += n
		}
		for e, os := range owners {
			if len(os) > 2 {
				t.Errorf("zoom %d: segment %v in %v", zoom, e, os)
			}
			if len(os) == 2 && !pairs[[2]string{min(os[0], os[1]), max(os[0], os[1])}] {
				t.Errorf("zoom %d: %s and %s share a segment but are not listed as neighbours", zoom, os[0], os[1])
			}
		}
		t.Logf("zoom %d: %d neighbour pairs, %d shared segments, %d pairs without one", zoom, len(pairs), shared, without)
	}
}

// TestContract3Negotiation: without f, a browser's Accept gets HTML and a GIS
// client's gets JSON / GeoJSON on every OGC resource.
func TestContract3Negotiation(t *testing.T) {
	ts, _, _ := newServer(t)
	browser := "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
	cases := []struct{ path, accept, want string }{
		{"/ogc", "application/geo+json", "application/json"},
		{"/ogc", "application/json", "application/json"},
		{"/ogc", "*/*", "application/json"},
		{"/ogc", "", "application/json"},
		{"/ogc", browser, "text/html"},
		{"/ogc", "text/html", "text/html"},
		{"/ogc/collections", "application/json", "application/json"},
		{"/ogc/collections", browser, "text/html"},
		{"/ogc/collections/municipalities", "application/json", "application/json"},
		{"/ogc/collections/municipalities", "text/html", "text/html"},
		{"/ogc/collections/municipalities/items?limit=2", "application/geo+json", "application/geo+json"},
		{"/ogc/collections/municipalities/items?limit=2", "application/json", "application/geo+json"},
		{"/ogc/collections/municipalities/items?limit=2", "application/geo+json, application/json;q=0.9, */*;q=0.1", "application/geo+json"},
		{"/ogc/collections/municipalities/items?limit=2", browser, "text/html"},
		{"/ogc/collections/municipalities/items?limit=2", "text/html", "text/html"},
		{"/ogc/collections/provinces/items/PV27", "application/geo+json", "application/geo+json"},
		{"/ogc/collections/provinces/items/PV27", browser, "text/html"},
		{"/ogc/api", "application/vnd.oai.openapi+json;version=3.0", "application/vnd.oai.openapi+json"},
		{"/ogc/api", "application/json", "application/vnd.oai.openapi+json"},
		{"/ogc/api", browser, "text/html"},
		// f wins over Accept.
		{"/ogc/collections/municipalities/items?limit=2&f=json", browser, "application/geo+json"},
		{"/ogc/collections/municipalities/items?limit=2&f=html", "application/geo+json", "text/html"},
	}
	for _, c := range cases {
		var h []string
		if c.accept != "" {
			h = []string{"Accept", c.accept}
		}
		r := get(t, ts.URL+c.path, h...)
		if ct := r.header.Get("Content-Type"); r.status != 200 || !strings.HasPrefix(ct, c.want) {
			t.Errorf("%s with Accept %q: %d %s, want %s", c.path, c.accept, r.status, ct, c.want)
		}
	}
}

func TestContract3NegotiationVary(t *testing.T) {
	ts, _, _ := newServer(t)
	for _, p := range []string{"/ogc", "/ogc/collections", "/ogc/collections/municipalities", "/ogc/collections/municipalities/items?limit=2",
		"/ogc/collections/municipalities/items/GM0363", "/ogc/api"} {
		r := get(t, ts.URL+p, "Accept", "text/html")
		vary := strings.Split(strings.ToLower(strings.ReplaceAll(strings.Join(r.header.Values("Vary"), ","), " ", "")), ",")
		if !slices.Contains(vary, "accept") && !slices.Contains(vary, "*") {
			t.Errorf("%s: Vary %q, want Accept", p, r.header.Values("Vary"))
		}
	}
}

// TestContract3FValues: f values other than json/html are a 400 naming f,
// never a 500 or an HTML page.
func TestContract3FValues(t *testing.T) {
	ts, _, _ := newServer(t)
	for _, path := range []string{"/ogc", "/ogc/collections", "/ogc/collections/municipalities/items", "/ogc/collections/municipalities/items/GM0363"} {
		for _, f := range []string{"geojson", "application/geo+json", "application/json", "JSON", "text/html", ""} {
			sep := "?"
			if strings.Contains(path, "?") {
				sep = "&"
			}
			r := get(t, ts.URL+path+sep+"f="+url.QueryEscape(f))
			var e struct{ Error, Code string }
			if r.status != 400 || json.Unmarshal(r.body, &e) != nil || e.Code != "bad_request" || !strings.Contains(e.Error, "f") {
				t.Errorf("%s f=%q: %d %.200s", path, f, r.status, r.body)
			}
		}
	}
}

// TestContract3OpenAPI: /ogc/api is OpenAPI 3.0 JSON whose every path answers
// 200, and the items operations list every parameter the server takes.
func TestContract3OpenAPI(t *testing.T) {
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

// TestContract3ItemsPaging: limit at the advertised maximum works, paging by
// next links adds up to numberMatched, timeStamp is RFC 3339 and every page
// has self (application/geo+json) and alternate (text/html) links.
func TestContract3ItemsPaging(t *testing.T) {
	ts, _, _ := newServer(t)
	for _, c := range []struct {
		collection string
		limit, n   int
	}{{"municipalities", 1000, 342}, {"municipalities", 50, 342}, {"municipalities", 341, 342}, {"provinces", 5, 12}, {"provinces", 1000, 12}} {
		u := fmt.Sprintf("%s/ogc/collections/%s/items?limit=%d", ts.URL, c.collection, c.limit)
		total, pages := 0, 0
		seen := map[string]bool{}
		for u != "" && pages < 50 {
			var p struct {
				page
				Links []struct{ Href, Rel, Type string }
			}
			r := getJSON(t, u, &p)
			pages++
			if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/geo+json") {
				t.Errorf("%s: Content-Type %s", u, ct)
			}
			if p.NumberMatched != c.n || p.NumberReturned != len(p.Features) || len(p.Features) > c.limit {
				t.Errorf("%s: numberMatched %d numberReturned %d, %d features", u, p.NumberMatched, p.NumberReturned, len(p.Features))
			}
			if _, err := time.Parse(time.RFC3339, p.TimeStamp); err != nil {
				t.Errorf("%s: timeStamp %q: %v", u, p.TimeStamp, err)
			}
			rels := map[string]string{}
			next := ""
			for _, l := range p.Links {
				rels[l.Rel] = l.Type
				if l.Rel == "next" {
					next = l.Href
				}
			}
			if rels["self"] != "application/geo+json" || rels["alternate"] != "text/html" {
				t.Errorf("%s: links %v", u, rels)
			}
			for _, f := range p.Features {
				id := fmt.Sprint(f.ID)
				if seen[id] {
					t.Errorf("%s: %s twice", u, id)
				}
				seen[id] = true
			}
			total += len(p.Features)
			u = next
		}
		if total != c.n || len(seen) != c.n || pages != (c.n+c.limit-1)/c.limit {
			t.Errorf("%s limit %d: %d features in %d pages, want %d", c.collection, c.limit, total, pages, c.n)
		}
	}
	// limit beyond the advertised maximum is a 400, not clamped.
	if r := get(t, ts.URL+"/ogc/collections/municipalities/items?limit="+strconv.Itoa(1001)); r.status != 400 {
		t.Errorf("limit=1001: %d", r.status)
	}
}

// TestContract3Queryables: QGIS asks for queryables; unimplemented is a JSON
// 404, never a 500.
func TestContract3Queryables(t *testing.T) {
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
		case r.status == 404:
			if json.Unmarshal(r.body, &e) != nil || e.Code != "not_found" {
				t.Errorf("%s: 404 body %.200s", p, r.body)
			}
		default:
			t.Errorf("%s: %d %.200s", p, r.status, r.body)
		}
	}
}
