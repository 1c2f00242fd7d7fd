package main

// Contract tests for `inclusiekaart import boundaries`: hostile and imperfect
// sources, files and URLs. A failing import must exit with an error naming
// the feature/field/problem and leave the database exactly as it was; an
// imperfect but usable source imports, with a warning where something was
// repaired. Tests that document a defect skip with "DEFECT: …".

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/inclusiekaart/inclusiekaart/geo"
	"github.com/inclusiekaart/inclusiekaart/geo/source"
	"github.com/inclusiekaart/inclusiekaart/internal/store"
	"github.com/inclusiekaart/inclusiekaart/internal/testutil"
)

// contractSnapshot hashes every row of every table of the database at path.
func contractSnapshot(t *testing.T, path string) string {
	t.Helper()
	st, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	db := st.DB()
	rows, err := db.Query(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var n string
		rows.Scan(&n)
		tables = append(tables, n)
	}
	rows.Close()
	h := sha256.New()
	for _, tb := range tables {
		r, err := db.Query(`SELECT * FROM "` + tb + `"`)
		if err != nil {
			t.Fatalf("%s: %v", tb, err)
		}
		cols, _ := r.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		n := 0
		for r.Next() {
			if err := r.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(h, "%s|%v\n", tb, vals)
			n++
		}
		r.Close()
		fmt.Fprintf(h, "%s rows %d\n", tb, n)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// contractFC loads the shared 2025 municipalities as generic JSON.
func contractFC(t *testing.T) map[string]any {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(testutil.SharedData(t), "gemeente_2025.geojson"))
	if err != nil {
		t.Fatal(err)
	}
	var fc map[string]any
	if err := json.Unmarshal(b, &fc); err != nil {
		t.Fatal(err)
	}
	return fc
}

// contractFeatures returns deep copies of the first n features.
func contractFeatures(t *testing.T, fc map[string]any, n int) []any {
	t.Helper()
	b, _ := json.Marshal(fc["features"].([]any)[:n])
	var out []any
	json.Unmarshal(b, &out)
	return out
}

func contractCollection(features ...any) map[string]any {
	return map[string]any{"type": "FeatureCollection", "features": features}
}

func contractJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// contractShell is the outer ring of a feature's first polygon.
func contractShell(f any) []any {
	g := f.(map[string]any)["geometry"].(map[string]any)
	c := g["coordinates"].([]any)
	if g["type"] == "MultiPolygon" {
		c = c[0].([]any)
	}
	return c[0].([]any)
}

func contractWithGeometry(f any, g map[string]any) any {
	b, _ := json.Marshal(f)
	var c map[string]any
	json.Unmarshal(b, &c)
	c["geometry"] = g
	return c
}

func contractPolygon(rings ...any) map[string]any {
	return map[string]any{"type": "Polygon", "coordinates": rings}
}

// contractMapCoords applies fn to every position of every feature's geometry.
func contractMapCoords(features []any, fn func(orb.Point) orb.Point) {
	var walk func(c any) any
	walk = func(c any) any {
		a := c.([]any)
		if x, ok := a[0].(float64); ok {
			p := fn(orb.Point{x, a[1].(float64)})
			return []any{p[0], p[1]}
		}
		for i := range a {
			a[i] = walk(a[i])
		}
		return a
	}
	for _, f := range features {
		g := f.(map[string]any)["geometry"].(map[string]any)
		g["coordinates"] = walk(g["coordinates"])
	}
}

func contractWrite(t *testing.T, dir, name, body string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// contractImport runs `import boundaries` and returns stdout, stderr and the error.
func contractImport(args ...string) (string, string, error) {
	var out, errOut bytes.Buffer
	err := run(context.Background(), append([]string{"import", "boundaries"}, args...), &out, &errOut)
	return out.String(), errOut.String(), err
}

func TestContractImportBoundariesRejected(t *testing.T) {
	db := importedDB(t)
	dir := t.TempDir()
	fc := contractFC(t)
	three := contractFeatures(t, fc, 3)
	f0 := three[0]
	shell := contractShell(f0)
	small := contractJSON(contractCollection(three...))

	strShell := make([]any, len(shell))
	for i, p := range shell {
		q := p.([]any)
		strShell[i] = []any{fmt.Sprint(q[0]), fmt.Sprint(q[1])}
	}
	firstPos := contractJSON(shell[1])
	mixed := contractFeatures(t, fc, 3)
	props := mixed[1].(map[string]any)["properties"].(map[string]any)
	props["jrstatcode"] = "2024" + props["statcode"].(string)
	dupCode := contractFeatures(t, fc, 3)
	dupCode[2].(map[string]any)["properties"].(map[string]any)["statcode"] = "GM0014"
	unknownCRS := contractCollection(three...)
	unknownCRS["crs"] = map[string]any{"type": "name", "properties": map[string]any{"name": "urn:ogc:def:crs:EPSG::2154"}}
	merc := contractFeatures(t, fc, 3)
	contractMapCoords(merc, geo.WGS84ToWebMercator)
	mercAsRD := contractCollection(merc...)
	mercAsRD["crs"] = map[string]any{"type": "name", "properties": map[string]any{"name": "EPSG:28992"}}
	topo, err := os.ReadFile(filepath.Join(testutil.SharedData(t), "gemeente_2025.topojson"))
	if err != nil {
		t.Fatal(err)
	}
	var badArc map[string]any
	json.Unmarshal(topo, &badArc)
	badArc["objects"].(map[string]any)["gemeente_2025"].(map[string]any)["geometries"].([]any)[5].(map[string]any)["arcs"] = []any{[]any{99999}}

	cases := []struct {
		name, body string
		args       []string
		mention    []string
	}{
		{"features null", `{"type":"FeatureCollection","features":null}`, nil, []string{"empty"}},
		{"features empty", `{"type":"FeatureCollection","features":[]}`, nil, []string{"empty"}},
		{"features not an array", `{"type":"FeatureCollection","features":{}}`, nil, []string{"features"}},
		{"null feature", `{"type":"FeatureCollection","features":[null]}`, nil, []string{"feature 0"}},
		{"GeometryCollection", contractJSON(contractCollection(contractWithGeometry(f0, map[string]any{"type": "GeometryCollection", "geometries": []any{f0.(map[string]any)["geometry"]}}))), nil, []string{"feature 0", "GM0014", "GeometryCollection"}},
		{"Point", contractJSON(contractCollection(three[0], contractWithGeometry(three[1], map[string]any{"type": "Point", "coordinates": []any{5, 52}}))), nil, []string{"feature 1", "GM0034", "Point"}},
		{"null geometry", contractJSON(contractCollection(three[0], contractWithGeometry(three[1], nil))), nil, []string{"feature 1", "geometry"}},
		{"MultiPolygon with an empty polygon", contractJSON(contractCollection(contractWithGeometry(f0, map[string]any{"type": "MultiPolygon", "coordinates": []any{[]any{shell}, []any{}}}))), nil, []string{"feature 0", "polygon 1"}},
		{"two distinct points", contractJSON(contractCollection(contractWithGeometry(f0, contractPolygon([]any{[]any{5, 52}, []any{5.1, 52}, []any{5, 52}, []any{5, 52}})))), nil, []string{"feature 0", "ring 0", "distinct"}},
		{"collinear ring", contractJSON(contractCollection(contractWithGeometry(f0, contractPolygon([]any{[]any{4.9, 52.3}, []any{5.0, 52.3}, []any{5.1, 52.3}, []any{4.9, 52.3}})))), nil, []string{"feature 0", "ring 0"}},
		{"unclosed ring", contractJSON(contractCollection(contractWithGeometry(f0, contractPolygon(shell[:len(shell)-1])))), nil, []string{"feature 0", "not closed"}},
		{"one-number position", contractJSON(contractCollection(contractWithGeometry(f0, contractPolygon([]any{[]any{4.9}, []any{5.0, 52.3}, []any{5.0, 52.4}, []any{4.9, 52.3}})))), nil, []string{"feature 0", "position 0"}},
		{"coordinates as strings", contractJSON(contractCollection(contractWithGeometry(f0, contractPolygon(strShell)))), nil, []string{"feature 0", "coordinates"}},
		{"1e308", strings.Replace(small, firstPos, "[1e308,53.3]", 1), nil, []string{"feature 0", "1e+308"}},
		{"1e400", strings.Replace(small, firstPos, "[1e400,53.3]", 1), nil, []string{"feature 0"}},
		{"NaN as text", strings.Replace(small, firstPos, "[NaN,53.3]", 1), nil, []string{"feature 0"}},
		{"Infinity as text", strings.Replace(small, firstPos, "[Infinity,53.3]", 1), nil, []string{"feature 0"}},
		{"unknown declared CRS", contractJSON(unknownCRS), nil, []string{"feature 0", "crs", "2154"}},
		{"Web Mercator declared as RD New", contractJSON(mercAsRD), nil, []string{"feature 0", "RD New"}},
		{"mixed years without --year", contractJSON(contractCollection(mixed...)), nil, []string{"feature 1", "GM0034", "2024", "--year"}},
		{"year not in file", small, []string{"--year", "2023"}, []string{"2023"}},
		{"duplicate code", contractJSON(contractCollection(dupCode...)), nil, []string{"feature 2", "GM0014", "duplicate"}},
		{"wrong level", small, []string{"--level", "province"}, []string{"feature 0", "GM0014", "code"}},
		{"truncated", small[:len(small)/2], nil, []string{"feature"}},
		{"truncated topojson", string(topo[:len(topo)/2]), nil, nil},
		{"topojson arc out of range", contractJSON(badArc), nil, []string{"feature 5", "arc"}},
		{"empty file", "", nil, nil},
		{"whitespace", "  \r\n", nil, nil},
		{"binary garbage", string(bytes.Repeat([]byte{0, 1, 2, 0xff, 0xfe, 0x80}, 200)), nil, nil},
		{"HTML", "<!doctype html><html><body>404</body></html>", nil, nil},
		{"JSON array", "[]", nil, nil},
		{"JSON null", "null", nil, nil},
		{"data after the object", small + "{}", nil, nil},
		{"lower-case Feature type", strings.Replace(small, `"type":"Feature"`, `"type":"feature"`, 1), nil, []string{"feature 0"}},
		{"deep nesting", `{"type":"FeatureCollection","features":[` + strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + `]}`, nil, []string{"feature 0"}},
	}
	for _, c := range cases {
		before := contractSnapshot(t, db)
		p := contractWrite(t, dir, "case.geojson", c.body)
		args := append([]string{"--db", db}, c.args...)
		_, _, err := contractImport(append(args, p)...)
		if err == nil {
			t.Errorf("%s: import succeeded", c.name)
		} else {
			msg := err.Error()
			for _, m := range append([]string{p}, c.mention...) {
				if !strings.Contains(msg, m) {
					t.Errorf("%s: error %q does not name %q", c.name, msg, m)
				}
			}
			if strings.Contains(msg, "panic") || strings.Contains(msg, "goroutine") {
				t.Errorf("%s: %s", c.name, msg)
			}
		}
		if after := contractSnapshot(t, db); after != before {
			t.Fatalf("%s: the database changed on a failed import", c.name)
		}
	}
	// Paths that are not files.
	for _, src := range []string{dir, filepath.Join(dir, "missing.geojson"), "ftp://example.org/x.geojson"} {
		before := contractSnapshot(t, db)
		if _, _, err := contractImport("--db", db, src); err == nil || !strings.Contains(err.Error(), src) {
			t.Errorf("%s: %v", src, err)
		}
		if contractSnapshot(t, db) != before {
			t.Fatalf("%s: the database changed", src)
		}
	}
}

// contractStored returns the first ring of every stored municipality, via the export.
func contractStored(t *testing.T, db string) map[string][][]float64 {
	t.Helper()
	var out bytes.Buffer
	if err := run(context.Background(), []string{"export", "geojson", "--db", db}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	var fc struct {
		Features []struct {
			ID       string `json:"id"`
			Geometry struct {
				Type        string          `json:"type"`
				Coordinates json.RawMessage `json:"coordinates"`
			} `json:"geometry"`
		} `json:"features"`
	}
	if err := json.Unmarshal(out.Bytes(), &fc); err != nil {
		t.Fatal(err)
	}
	res := map[string][][]float64{}
	for _, f := range fc.Features {
		var ring [][]float64
		if f.Geometry.Type == "Polygon" {
			var c [][][]float64
			json.Unmarshal(f.Geometry.Coordinates, &c)
			ring = c[0]
		} else {
			var c [][][][]float64
			json.Unmarshal(f.Geometry.Coordinates, &c)
			ring = c[0][0]
		}
		res[f.ID] = ring
	}
	return res
}

func TestContractImportBoundariesAccepted(t *testing.T) {
	db := importedDB(t)
	dir := t.TempDir()
	data := testutil.SharedData(t)
	fc := contractFC(t)
	five := contractFeatures(t, fc, 5)
	orig := contractStored(t, db)
	small := contractCollection(five...)
	f0 := five[0]
	shell := contractShell(f0)

	var indented bytes.Buffer
	json.Indent(&indented, []byte(contractJSON(small)), "", " ")
	crlf := strings.ReplaceAll(indented.String(), "\n", "\r\n")

	dups := append([]any{shell[0], shell[0]}, shell[1:]...)
	dups = append(dups[:5], append([]any{dups[4], dups[4]}, dups[5:]...)...)
	z := make([]any, len(shell))
	for i, p := range shell {
		q := p.([]any)
		z[i] = []any{q[0], q[1], 12.5}
	}
	swapped := contractFeatures(t, fc, 5)
	contractMapCoords(swapped, func(p orb.Point) orb.Point { return orb.Point{p[1], p[0]} })
	rd := contractFeatures(t, fc, 5)
	contractMapCoords(rd, geo.WGS84ToRD)
	rdDeclared := contractCollection(contractFeatures(t, fc, 5)...)
	contractMapCoords(rdDeclared["features"].([]any), geo.WGS84ToRD)
	rdDeclared["crs"] = map[string]any{"type": "name", "properties": map[string]any{"name": "urn:ogc:def:crs:EPSG::28992"}}
	merc := contractFeatures(t, fc, 5)
	contractMapCoords(merc, geo.WGS84ToWebMercator)
	mixed := contractFeatures(t, fc, 3)
	props := mixed[1].(map[string]any)["properties"].(map[string]any)
	props["jrstatcode"] = "2024" + props["statcode"].(string)

	cases := []struct {
		name, body string
		args       []string
		count      int
		warn       string
		closeTo    float64 // max coordinate difference to the source, 0 = not checked
	}{
		{"CRLF and indentation", crlf, nil, 5, "", 1e-9},
		{"a single Feature", contractJSON(f0), nil, 1, "", 1e-9},
		{"duplicate consecutive points", contractJSON(contractCollection(contractWithGeometry(f0, contractPolygon(dups)))), nil, 1, "", 1e-9},
		{"triangle (3 distinct points)", contractJSON(contractCollection(contractWithGeometry(f0, contractPolygon([]any{[]any{6.5, 53.2}, []any{6.6, 53.2}, []any{6.55, 53.25}, []any{6.5, 53.2}})))), nil, 1, "", 0},
		{"z values", contractJSON(contractCollection(contractWithGeometry(f0, contractPolygon(z)))), nil, 1, "", 1e-9},
		{"lat/lon swapped", contractJSON(contractCollection(swapped...)), nil, 5, "lat/lon", 1e-9},
		{"RD New without crs member", contractJSON(contractCollection(rd...)), nil, 5, "", 2e-6},
		{"RD New declared", contractJSON(rdDeclared), nil, 5, "", 2e-6},
		{"EPSG:3857 without crs member", contractJSON(contractCollection(merc...)), nil, 5, "", 2e-6},
		{"mixed years with --year", contractJSON(contractCollection(mixed...)), []string{"--year", "2025"}, 2, "skipped 1", 1e-9},
	}
	for _, c := range cases {
		p := contractWrite(t, dir, "ok.geojson", c.body)
		out, errOut, err := contractImport(append(append([]string{"--db", db}, c.args...), p)...)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if !strings.Contains(out, fmt.Sprintf("imported %d municipality boundaries", c.count)) {
			t.Errorf("%s: stdout %q, want %d imported", c.name, out, c.count)
		}
		if c.warn != "" && !strings.Contains(errOut, c.warn) {
			t.Errorf("%s: warnings %q do not mention %q", c.name, errOut, c.warn)
		}
		if c.closeTo == 0 {
			continue
		}
		// Ring start points may move (the shared-border simplification
		// starts rings at junctions), so compare positions as sets.
		got := contractStored(t, db)
		for code, ring := range got {
			want := orig[code]
			if len(ring) != len(want) {
				if code != "GM0014" { // GM0014 is replaced by hand-made rings above
					t.Errorf("%s: %s has %d positions, source %d", c.name, code, len(ring), len(want))
				}
				continue
			}
			for i, p := range ring {
				best := math.Inf(1)
				for _, q := range want {
					best = math.Min(best, math.Max(math.Abs(p[0]-q[0]), math.Abs(p[1]-q[1])))
				}
				if len(p) != 2 || best > c.closeTo {
					t.Errorf("%s: %s position %d %v is %g from the nearest source position", c.name, code, i, p, best)
					break
				}
			}
		}
	}

	// TopoJSON with several objects: each level takes its own.
	b1, _ := os.ReadFile(filepath.Join(data, "gemeente_2025.topojson"))
	b2, _ := os.ReadFile(filepath.Join(data, "provincie_2025.topojson"))
	var g, pv map[string]any
	json.Unmarshal(b1, &g)
	json.Unmarshal(b2, &pv)
	n := len(g["arcs"].([]any))
	var shift func(a any) any
	shift = func(a any) any {
		if x, ok := a.(float64); ok {
			if x >= 0 {
				return x + float64(n)
			}
			return -(-x - 1 + float64(n)) - 1
		}
		l := a.([]any)
		for i := range l {
			l[i] = shift(l[i])
		}
		return l
	}
	po := pv["objects"].(map[string]any)["provincie_2025"].(map[string]any)
	for _, geom := range po["geometries"].([]any) {
		gm := geom.(map[string]any)
		gm["arcs"] = shift(gm["arcs"])
	}
	g["arcs"] = append(g["arcs"].([]any), pv["arcs"].([]any)...)
	g["objects"].(map[string]any)["provincie_2025"] = po
	multi := contractWrite(t, dir, "multi.topojson", contractJSON(g))
	for _, c := range []struct {
		level string
		count int
	}{{"municipality", 342}, {"province", 12}} {
		out, errOut, err := contractImport("--db", db, "--level", c.level, multi)
		if err != nil || !strings.Contains(out, fmt.Sprintf("imported %d %s", c.count, c.level)) || !strings.Contains(errOut, "skipped") {
			t.Errorf("multi-object topology, %s: %v %q %q", c.level, err, out, errOut)
		}
	}
}

// contractURLServer serves the shared data and a few broken variants.
func contractURLServer(t *testing.T) *httptest.Server {
	t.Helper()
	fc := contractFC(t)
	feats := fc["features"].([]any)
	page := func(from, to int, next string) []byte {
		m := contractCollection(feats[from:to]...)
		if next != "" {
			m["links"] = []any{map[string]any{"rel": "next", "href": next, "type": "application/geo+json"}}
		}
		return []byte(contractJSON(m))
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, "<!doctype html><title>Welcome</title><p>Not GeoJSON</p>")
	})
	mux.HandleFunc("/missing", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "gone", http.StatusNotFound) })
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop", http.StatusFound) })
	mux.HandleFunc("/forever", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/forever?n=x"+r.URL.Query().Get("n"), http.StatusFound)
	})
	mux.HandleFunc("/self", func(w http.ResponseWriter, r *http.Request) { w.Write(page(0, 3, "/self")) })
	mux.HandleFunc("/self-abs", func(w http.ResponseWriter, r *http.Request) {
		w.Write(page(0, 3, "http://"+r.Host+"/self-abs"))
	})
	mux.HandleFunc("/cycle/a", func(w http.ResponseWriter, r *http.Request) { w.Write(page(0, 3, "b")) })
	mux.HandleFunc("/cycle/b", func(w http.ResponseWriter, r *http.Request) { w.Write(page(3, 6, "a")) })
	mux.HandleFunc("/javascript-next", func(w http.ResponseWriter, r *http.Request) { w.Write(page(0, 3, "javascript:alert(1)")) })
	mux.HandleFunc("/bad-page-2", func(w http.ResponseWriter, r *http.Request) { w.Write(page(0, 3, "/truncated")) })
	mux.HandleFunc("/truncated", func(w http.ResponseWriter, r *http.Request) {
		b := page(3, 6, "")
		w.Write(b[:len(b)/2])
	})
	mux.HandleFunc("/paged/1", func(w http.ResponseWriter, r *http.Request) { w.Write(page(0, 200, "2?f=json")) })
	mux.HandleFunc("/paged/2", func(w http.ResponseWriter, r *http.Request) { w.Write(page(200, len(feats), "")) })
	ts := httptest.NewServer(mux)
	t.Cleanup(ts.Close)
	return ts
}

func TestContractImportBoundariesURLs(t *testing.T) {
	db := importedDB(t)
	ts := contractURLServer(t)
	cases := []struct {
		path    string
		mention []string
	}{
		{"/html", []string{"/html"}},
		{"/missing", []string{"/missing", "404"}},
		{"/loop", []string{"/loop", "loop"}},
		{"/forever", []string{"/forever", "redirect"}},
		{"/self", []string{"/self", "loop"}},
		{"/self-abs", []string{"/self-abs", "loop"}},
		{"/cycle/a", []string{"/cycle/a", "loop"}},
		{"/javascript-next", []string{"javascript:alert(1)"}},
		{"/bad-page-2", []string{"/truncated"}},
	}
	for _, c := range cases {
		before := contractSnapshot(t, db)
		_, _, err := contractImport("--db", db, ts.URL+c.path)
		if err == nil {
			t.Errorf("%s: import succeeded", c.path)
		} else {
			for _, m := range c.mention {
				if !strings.Contains(err.Error(), m) {
					t.Errorf("%s: error %q does not name %q", c.path, err, m)
				}
			}
		}
		if contractSnapshot(t, db) != before {
			t.Fatalf("%s: the database changed on a failed import", c.path)
		}
	}
	// Two pages joined by a relative next link: all 342.
	out, _, err := contractImport("--db", db, ts.URL+"/paged/1")
	if err != nil || !strings.Contains(out, "imported 342 municipality") {
		t.Errorf("paged: %v %q", err, out)
	}
}

func TestContractFetchTimeout(t *testing.T) {
	release := make(chan struct{})
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select { // never answers on its own
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer ts.Close()
	defer close(release)
	start := time.Now()
	_, err := source.Fetch(context.Background(), ts.URL+"/items", source.FetchOptions{Timeout: 300 * time.Millisecond})
	if err == nil || !strings.Contains(err.Error(), ts.URL+"/items") {
		t.Errorf("silent server: %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("Timeout 300ms took %v", d)
	}
	// A server that sends headers and then stalls mid-body is cut off too.
	stall := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"type":"FeatureCollection","features":[`)
		w.(http.Flusher).Flush()
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer stall.Close()
	start = time.Now()
	if _, err := source.Fetch(context.Background(), stall.URL, source.FetchOptions{Timeout: 300 * time.Millisecond}); err == nil {
		t.Error("stalled body: no error")
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("stalled body took %v", d)
	}
}

func TestContractImportBOM(t *testing.T) {
	db := importedDB(t)
	dir := t.TempDir()
	fc := contractFC(t)
	p := contractWrite(t, dir, "bom.geojson", "\ufeff"+contractJSON(contractCollection(contractFeatures(t, fc, 3)...)))
	if out, _, err := contractImport("--db", db, p); err != nil || !strings.Contains(out, "imported 3") {
		t.Errorf("BOM GeoJSON: %v %q", err, out)
	}
	topo, _ := os.ReadFile(filepath.Join(testutil.SharedData(t), "gemeente_2025.topojson"))
	p = contractWrite(t, dir, "bom.topojson", "\ufeff"+string(topo))
	if out, _, err := contractImport("--db", db, p); err != nil || !strings.Contains(out, "imported 342") {
		t.Errorf("BOM TopoJSON: %v %q", err, out)
	}
}

func TestContractImportInvalidHoles(t *testing.T) {
	db := importedDB(t)
	dir := t.TempDir()
	fc := contractFC(t)
	var ams any
	for _, f := range fc["features"].([]any) {
		if f.(map[string]any)["id"] == "GM0363" {
			ams = f
		}
	}
	shell := contractShell(ams)
	rev := make([]any, len(shell))
	for i := range shell {
		rev[i] = shell[len(shell)-1-i]
	}
	outside := []any{[]any{5.2, 52.40}, []any{5.2, 52.42}, []any{5.22, 52.42}, []any{5.22, 52.40}, []any{5.2, 52.40}}
	far := []any{[]any{10.0, 10.0}, []any{10.0, 11.0}, []any{11.0, 11.0}, []any{10.0, 10.0}}
	crossing := []any{[]any{5.085, 52.29}, []any{5.085, 52.31}, []any{5.125, 52.31}, []any{5.125, 52.29}, []any{5.085, 52.29}}
	cases := map[string]map[string]any{
		"hole outside the shell":        contractPolygon(shell, outside),
		"hole far outside":              contractPolygon(shell, far),
		"hole crossing the shell":       contractPolygon(shell, crossing),
		"hole equal to the shell":       contractPolygon(shell, rev),
		"MultiPolygon with a twin part": {"type": "MultiPolygon", "coordinates": []any{[]any{shell}, []any{shell}}},
	}
	for name, g := range cases {
		before := contractSnapshot(t, db)
		p := contractWrite(t, dir, "holes.geojson", contractJSON(contractCollection(contractWithGeometry(ams, g))))
		out, errOut, err := contractImport("--db", db, p)
		if err == nil && errOut == "" {
			t.Errorf("%s: imported silently: %q", name, out)
		}
		if err != nil {
			if !strings.Contains(err.Error(), "GM0363") {
				t.Errorf("%s: error %q does not name the feature", name, err)
			}
			if contractSnapshot(t, db) != before {
				t.Errorf("%s: database changed on failure", name)
			}
		}
	}
}

func TestContractImportMessagesNamePosition(t *testing.T) {
	db := importedDB(t)
	dir := t.TempDir()
	fc := contractFC(t)
	f0 := contractFeatures(t, fc, 1)[0]
	shell := contractShell(f0)
	strShell := make([]any, len(shell))
	for i, p := range shell {
		q := p.([]any)
		strShell[i] = []any{fmt.Sprint(q[0]), fmt.Sprint(q[1])}
	}
	topo, _ := os.ReadFile(filepath.Join(testutil.SharedData(t), "gemeente_2025.topojson"))
	var nullArc map[string]any
	json.Unmarshal(topo, &nullArc)
	nullArc["arcs"].([]any)[0] = nil
	cases := []struct{ name, body, want string }{
		{"empty file", "", "empty"},
		{"strings", contractJSON(contractCollection(contractWithGeometry(f0, contractPolygon(strShell)))), "ring 0 position 0"},
		{"null arc", contractJSON(nullArc), "arc 0"},
	}
	for _, c := range cases {
		p := contractWrite(t, dir, "msg.json", c.body)
		_, _, err := contractImport("--db", db, p)
		if err == nil || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "Go value") {
			t.Errorf("%s: %v, want it to say %q", c.name, err, c.want)
		}
	}
}
