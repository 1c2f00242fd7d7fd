package ogc_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// These tests check the API and the exports against GDAL, a client nobody here
// wrote. `.ci/run` installs gdal-bin; locally they skip when it is missing.

func needGDAL(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("ogrinfo"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("ogrinfo (gdal-bin) is required in CI")
		}
		t.Skip("ogrinfo not installed (apt-get install gdal-bin)")
	}
}

// gdal runs a GDAL program with a timeout, no proxy and GDAL's HTTP timeout
// set, and returns its combined output.
func gdal(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := gdalErr(t, name, args...)
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return out
}

func gdalErr(t *testing.T, name string, args ...string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	env := []string{"GDAL_HTTP_TIMEOUT=60", "CPL_CURL_GZIP=YES", "GDAL_HTTP_MAX_RETRY=0"}
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch strings.ToLower(k) {
		case "http_proxy", "https_proxy", "all_proxy", "no_proxy", "gdal_http_proxy":
			continue
		}
		env = append(env, kv)
	}
	cmd.Env = append(env, "NO_PROXY=*", "no_proxy=*")
	var buf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &buf, &buf
	err := cmd.Run()
	return buf.String(), err
}

// layerSummary is what `ogrinfo -so` says about one layer.
type layerSummary struct {
	count  int
	fields map[string]string // name -> OGR type
}

var (
	layerNameRE = regexp.MustCompile(`(?m)^Layer name: (\S+)`)
	countRE     = regexp.MustCompile(`(?m)^Feature Count: (\d+)`)
	fieldRE     = regexp.MustCompile(`(?m)^(\w+): (\w+)(?:\(\w+\))? \(`)
)

// parseSummary splits `ogrinfo -al -so` output into layers.
func parseSummary(t *testing.T, out string) map[string]layerSummary {
	t.Helper()
	res := map[string]layerSummary{}
	locs := layerNameRE.FindAllStringSubmatchIndex(out, -1)
	for i, loc := range locs {
		end := len(out)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		block := out[loc[0]:end]
		name := out[loc[2]:loc[3]]
		ls := layerSummary{count: -1, fields: map[string]string{}}
		if m := countRE.FindStringSubmatch(block); m != nil {
			ls.count, _ = strconv.Atoi(m[1])
		}
		for _, m := range fieldRE.FindAllStringSubmatch(block, -1) {
			switch m[1] {
			case "Geometry", "Layer", "Extent", "Feature", "FID":
				continue
			}
			ls.fields[m[1]] = m[2]
		}
		res[name] = ls
	}
	return res
}

func warnings(out string) []string {
	var w []string
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, "Warning") || strings.HasPrefix(l, "ERROR") {
			w = append(w, l)
		}
	}
	return w
}

// municipalityFields are the properties every municipality feature carries.
var municipalityFields = []string{"code", "name", "province_code", "province_name", "year", "stage", "stage_label", "score",
	"completeness", "insufficient_data", "assessed_on", "koploper", "demo", "stakeholders_involved"}

func TestGDALReadsCollections(t *testing.T) {
	needGDAL(t)
	ts, _, log := newServer(t)
	out := gdal(t, "ogrinfo", "-ro", "-al", "-so", "OAPIF:"+ts.URL+"/ogc")
	layers := parseSummary(t, out)
	if got := layers["municipalities"].count; got != 342 {
		t.Errorf("municipalities: %d features, want 342\n%s", got, out)
	}
	if got := layers["provinces"].count; got != 12 {
		t.Errorf("provinces: %d features, want 12\n%s", got, out)
	}
	for _, f := range municipalityFields {
		if _, ok := layers["municipalities"].fields[f]; !ok {
			t.Errorf("municipalities: field %s missing; fields %v", f, layers["municipalities"].fields)
		}
	}
	for f, want := range map[string]string{"stage": "Integer", "score": "Real", "year": "Integer", "assessed_on": "Date", "code": "String"} {
		if got := layers["municipalities"].fields[f]; got != want {
			t.Errorf("municipalities: field %s is %s, want %s", f, got, want)
		}
	}
	for _, f := range []string{"code", "name", "year"} {
		if _, ok := layers["provinces"].fields[f]; !ok {
			t.Errorf("provinces: field %s missing; fields %v", f, layers["provinces"].fields)
		}
	}
	if w := warnings(out); len(w) > 0 {
		t.Errorf("ogrinfo warned: %v", w)
	}
	// GDAL only sends parameters the API documents (unknown ones would be a 400).
	for _, u := range log.all() {
		if strings.Contains(u, "?") {
			for _, kv := range strings.Split(u[strings.Index(u, "?")+1:], "&") {
				k, _, _ := strings.Cut(kv, "=")
				if k != "f" && k != "limit" && k != "offset" && k != "bbox" {
					t.Errorf("GDAL sent parameter %q (%s)", k, u)
				}
			}
		}
	}
}

// gpkgCount returns the number of features with a valid geometry and the total.
func gpkgCount(t *testing.T, file, layer string) (valid, total int) {
	t.Helper()
	out := gdal(t, "ogrinfo", "-ro", "-q", "-dialect", "SQLite", "-sql",
		"SELECT SUM(ST_IsValid(geom)) AS valid, COUNT(*) AS total FROM "+layer, file)
	m := regexp.MustCompile(`valid \(\w+\) = (\d+)`).FindStringSubmatch(out)
	n := regexp.MustCompile(`total \(\w+\) = (\d+)`).FindStringSubmatch(out)
	if m == nil || n == nil {
		t.Fatalf("no counts in:\n%s", out)
	}
	valid, _ = strconv.Atoi(m[1])
	total, _ = strconv.Atoi(n[1])
	return valid, total
}

func itemsRequests(log *requestLog, collection string) []string {
	var out []string
	for _, u := range log.all() {
		if strings.HasPrefix(u, "/ogc/collections/"+collection+"/items?") {
			out = append(out, u)
		}
	}
	return out
}

func TestGDALCopiesToGeoPackage(t *testing.T) {
	needGDAL(t)
	dir := t.TempDir()
	for _, tc := range []struct {
		name      string
		args      []string
		wantLimit string // limit GDAL should send
		minPages  int
	}{
		{"default page size", nil, "", 2},
		{"limit 25", []string{"-oo", "PAGE_SIZE=25"}, "limit=25", 14},
		{"limit 1000", []string{"-oo", "PAGE_SIZE=1000"}, "limit=1000", 1},
		{"limit 5000 clamped", []string{"-oo", "PAGE_SIZE=5000"}, "limit=", 1}, // clamped to 1000, never a 400
	} {
		t.Run(tc.name, func(t *testing.T) {
			ts, _, log := newServer(t)
			file := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "_")+".gpkg")
			args := append([]string{"-f", "GPKG", file, "OAPIF:" + ts.URL + "/ogc", "municipalities", "-nlt", "MULTIPOLYGON"}, tc.args...)
			start := time.Now()
			out := gdal(t, "ogr2ogr", args...)
			t.Logf("ogr2ogr %s: %v, %d items requests", tc.name, time.Since(start).Round(time.Millisecond), len(itemsRequests(log, "municipalities")))
			if w := warnings(out); len(w) > 0 {
				t.Errorf("ogr2ogr warned: %v", w)
			}
			valid, total := gpkgCount(t, file, "municipalities")
			if total != 342 || valid != 342 {
				t.Errorf("GeoPackage: %d features, %d valid; want 342 valid", total, valid)
			}
			reqs := itemsRequests(log, "municipalities")
			if len(reqs) < tc.minPages {
				t.Errorf("%d items requests, want at least %d: %v", len(reqs), tc.minPages, reqs)
			}
			for _, u := range reqs {
				if tc.wantLimit != "" && !strings.Contains(u, tc.wantLimit) {
					t.Errorf("request %s lacks %s", u, tc.wantLimit)
				}
			}
			// Distinct codes: every municipality exactly once.
			out = gdal(t, "ogrinfo", "-ro", "-q", "-sql", "SELECT COUNT(DISTINCT code) AS n FROM municipalities", file)
			if !strings.Contains(out, "n (Integer) = 342") {
				t.Errorf("distinct codes:\n%s", out)
			}
		})
	}
}

func TestGDALBBox(t *testing.T) {
	needGDAL(t)
	ts, _, log := newServer(t)
	file := filepath.Join(t.TempDir(), "bbox.gpkg")
	// Around Amsterdam.
	gdal(t, "ogr2ogr", "-f", "GPKG", file, "OAPIF:"+ts.URL+"/ogc", "municipalities", "-nlt", "MULTIPOLYGON",
		"-spat", "4.75", "52.28", "5.07", "52.43", "-oo", "PAGE_SIZE=25")
	valid, total := gpkgCount(t, file, "municipalities")
	var fc struct {
		NumberMatched int `json:"numberMatched"`
	}
	getJSON(t, ts.URL+"/ogc/collections/municipalities/items?bbox=4.75,52.28,5.07,52.43&limit=1", &fc)
	if total == 0 || total >= 342 || total != fc.NumberMatched || valid != total {
		t.Errorf("bbox copy: %d features (%d valid), API matched %d", total, valid, fc.NumberMatched)
	}
	out := gdal(t, "ogrinfo", "-ro", "-q", "-sql", "SELECT code FROM municipalities WHERE code = 'GM0363'", file)
	if !strings.Contains(out, "GM0363") {
		t.Errorf("Amsterdam missing from the bbox copy:\n%s", out)
	}
	sent := false
	for _, u := range itemsRequests(log, "municipalities") {
		sent = sent || strings.Contains(u, "bbox=")
	}
	if !sent {
		t.Errorf("GDAL did not forward the bbox: %v", log.all())
	}
}

var extentRE = regexp.MustCompile(`Extent: \(([-\d.]+), ([-\d.]+)\) - \(([-\d.]+), ([-\d.]+)\)`)

func extent(t *testing.T, out string) [4]float64 {
	t.Helper()
	m := extentRE.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no extent in:\n%s", out)
	}
	var e [4]float64
	for i := range e {
		e[i], _ = strconv.ParseFloat(m[i+1], 64)
	}
	return e
}

// TestGDALRDNew reads crs=EPSG:28992 output with GDAL's GeoJSON driver, has
// PROJ transform it back to lon/lat and compares with the CRS84 output.
func TestGDALRDNew(t *testing.T) {
	needGDAL(t)
	ts, _, _ := newServer(t)
	dir := t.TempDir()
	items := ts.URL + "/ogc/collections/municipalities/items?limit=1000&crs="
	rd := filepath.Join(dir, "rd.gpkg")
	gdal(t, "ogr2ogr", "-f", "GPKG", rd, "GeoJSON:"+items+"http://www.opengis.net/def/crs/EPSG/0/28992", "-nln", "municipalities", "-nlt", "MULTIPOLYGON")
	out := gdal(t, "ogrinfo", "-ro", "-so", rd, "municipalities")
	if !strings.Contains(out, "Amersfoort / RD New") || !strings.Contains(out, "Feature Count: 342") {
		t.Fatalf("RD copy:\n%s", out)
	}
	e := extent(t, out)
	// The Netherlands in RD New: x about 13 600 - 278 000 m, y 306 800 - 619 300 m.
	if e[0] < 0 || e[0] > 20000 || e[2] < 270000 || e[2] > 290000 || e[1] < 300000 || e[3] > 630000 {
		t.Errorf("RD extent %v", e)
	}
	back := filepath.Join(dir, "back.gpkg")
	gdal(t, "ogr2ogr", "-f", "GPKG", back, rd, "-t_srs", "OGC:CRS84", "-nlt", "MULTIPOLYGON")
	wgs := filepath.Join(dir, "wgs.gpkg")
	gdal(t, "ogr2ogr", "-f", "GPKG", wgs, "GeoJSON:"+ts.URL+"/ogc/collections/municipalities/items?limit=1000", "-nln", "municipalities", "-nlt", "MULTIPOLYGON")
	eb := extent(t, gdal(t, "ogrinfo", "-ro", "-so", back, "municipalities"))
	ew := extent(t, gdal(t, "ogrinfo", "-ro", "-so", wgs, "municipalities"))
	for i := range eb {
		// 1e-4 degrees is about 7-11 m: our RD formulas and PROJ's agree far better.
		if d := eb[i] - ew[i]; d > 1e-4 || d < -1e-4 {
			t.Errorf("extent after RD round trip %v, direct %v", eb, ew)
			break
		}
	}
	// Geometries are as valid in RD as PROJ's own projection of the lon/lat
	// output: the conversion adds no invalidity. (The simplified development
	// data has a ring touching itself, GM0293, which any projection turns into a
	// crossing; see the report.)
	proj := filepath.Join(dir, "proj.gpkg")
	gdal(t, "ogr2ogr", "-f", "GPKG", proj, wgs, "-t_srs", "EPSG:28992", "-nlt", "MULTIPOLYGON")
	validRD, totalRD := gpkgCount(t, rd, "municipalities")
	validProj, _ := gpkgCount(t, proj, "municipalities")
	if totalRD != 342 || validRD < validProj || validRD < 340 {
		t.Errorf("RD copy: %d of %d valid; PROJ's projection of the CRS84 output: %d valid", validRD, totalRD, validProj)
		t.Log(gdal(t, "ogrinfo", "-ro", "-q", "-dialect", "SQLite", "-sql", "SELECT code, ST_IsValidReason(geom) FROM municipalities WHERE NOT ST_IsValid(geom)", rd))
	}
}

// TestGDALReadsExports checks that GDAL reads the GeoJSON and CSV exports
// without a warning and sees every municipality and column.
func TestGDALReadsExports(t *testing.T) {
	needGDAL(t)
	ts, _, _ := newServer(t)
	dir := t.TempDir()
	for _, tc := range []struct{ name, path, file string }{
		{"geojson", "/api/municipalities.geojson", "m.geojson"},
		{"csv", "/api/municipalities.csv", "m.csv"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := get(t, ts.URL+tc.path)
			if r.status != 200 {
				t.Fatalf("status %d", r.status)
			}
			file := filepath.Join(dir, tc.file)
			if err := os.WriteFile(file, r.body, 0o644); err != nil {
				t.Fatal(err)
			}
			out := gdal(t, "ogrinfo", "-ro", "-al", "-so", file)
			if w := warnings(out); len(w) > 0 {
				t.Errorf("ogrinfo warned: %v\n%s", w, out)
			}
			var layer layerSummary
			for _, l := range parseSummary(t, out) {
				layer = l
			}
			if layer.count != 342 {
				t.Errorf("%d features, want 342\n%s", layer.count, out)
			}
			for _, f := range municipalityFields {
				if _, ok := layer.fields[f]; !ok {
					t.Errorf("field %s missing: %v", f, layer.fields)
				}
			}
			// Dutch names survive: UTF-8 read as UTF-8.
			out = gdal(t, "ogrinfo", "-ro", "-q", "-sql", "SELECT name FROM \""+strings.TrimSuffix(tc.file, filepath.Ext(tc.file))+"\" WHERE code = 'GM1900'", file)
			if !strings.Contains(out, "Súdwest-Fryslân") {
				t.Errorf("GM1900 name:\n%s", out)
			}
		})
	}
}

// TestGDALWhereRunsOnTheServer: ogr2ogr -where on the OGC endpoint returns
// the right features, and the server did the filtering: GDAL sent a filter
// parameter (it finds cql-text in the filter-lang enum of the OpenAPI
// document, and the properties among the items parameters), and the filtered
// pages are smaller than the unfiltered layer. (GDAL first reads one
// unfiltered page to learn the fields; that request is not counted.)
func TestGDALWhereRunsOnTheServer(t *testing.T) {
	needGDAL(t)
	ts, _, _ := newServer(t)
	unfiltered := len(get(t, ts.URL+"/ogc/collections/municipalities/items?limit=1000").body)
	for _, tc := range []struct{ where, sameAs string }{
		{"koploper = 1", "koploper=true"},
		{"stage >= 4", "stage=4,5,6"},
	} {
		t.Run(tc.where, func(t *testing.T) {
			ts, _, log := newServer(t)
			bytesSent := 0
			counting := httptestCounter(ts.URL, &bytesSent)
			file := filepath.Join(t.TempDir(), "where.gpkg")
			gdal(t, "ogr2ogr", "-f", "GPKG", file, "OAPIF:"+counting.URL+"/ogc", "municipalities", "-nlt", "MULTIPOLYGON",
				"-where", tc.where, "-oo", "PAGE_SIZE=1000")
			want, _ := codesOf(t, ts.URL+"/ogc/collections/municipalities/items", tc.sameAs)
			out := gdal(t, "ogrinfo", "-ro", "-q", "-sql", "SELECT code FROM municipalities ORDER BY code", file)
			got := regexp.MustCompile(`code \(String\) = (GM\d+)`).FindAllStringSubmatch(out, -1)
			var codes []string
			for _, m := range got {
				codes = append(codes, m[1])
			}
			if len(want) == 0 || strings.Join(codes, ",") != strings.Join(want, ",") {
				t.Errorf("-where %q: %v, want %v", tc.where, codes, want)
			}
			filtered := false
			if bytesSent == 0 {
				t.Errorf("no filtered items went through the proxy")
			}
			for _, u := range itemsRequests(log, "municipalities") {
				filtered = filtered || strings.Contains(u, "filter=")
				t.Logf("request %s", u)
			}
			if !filtered {
				t.Errorf("GDAL sent no filter parameter: %v", log.all())
			}
			if bytesSent >= unfiltered {
				t.Errorf("the filtered items took %d bytes, the unfiltered layer %d: filtered on the client?", bytesSent, unfiltered)
			}
			t.Logf("-where %q: %d features, items bytes %d (unfiltered layer %d)", tc.where, len(codes), bytesSent, unfiltered)
		})
	}
}
