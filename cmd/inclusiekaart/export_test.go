package main

// `inclusiekaart export geojson|csv`: the same bytes as the endpoints, RFC
// 7946 GeoJSON that GDAL reads, and the data dictionary's CSV columns.

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/inclusiekaart/inclusiekaart/internal/fixture"
	"github.com/inclusiekaart/inclusiekaart/internal/scoring"
	"github.com/inclusiekaart/inclusiekaart/internal/store"
)

// TestExportMatchesEndpoints: `inclusiekaart export geojson|csv` writes exactly
// the bytes the endpoints serve.
func TestExportMatchesEndpoints(t *testing.T) {
	db := filepath.Join(t.TempDir(), "export.db")
	ctx := context.Background()
	for _, args := range [][]string{
		{"import", "boundaries", "--db", db, "--level", "province", fixture.Boundaries(t, "provincie_2025.geojson")},
		{"import", "boundaries", "--db", db, fixture.Boundaries(t, "gemeente_2025.geojson")},
	} {
		if err := run(ctx, args, io.Discard, io.Discard); err != nil {
			t.Fatalf("%v: %v", args, err)
		}
	}
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	srv, err := newRouter(st)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	for _, tc := range []struct {
		args []string
		path string
	}{
		{[]string{"export", "geojson", "--db", db}, "/api/municipalities.geojson"},
		{[]string{"export", "csv", "--db", db}, "/api/municipalities.csv"},
		{[]string{"export", "geojson", "--db", db, "--year", "2025"}, "/api/municipalities.geojson?year=2025"},
		{[]string{"export", "csv", "--db", db, "--year", "2025"}, "/api/municipalities.csv?year=2025"},
	} {
		var out bytes.Buffer
		if err := run(ctx, tc.args, &out, io.Discard); err != nil {
			t.Fatalf("%v: %v", tc.args, err)
		}
		resp, err := http.Get(ts.URL + tc.path)
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("%s: %d %v", tc.path, resp.StatusCode, err)
		}
		if out.Len() < 1000 || !bytes.Equal(out.Bytes(), body) {
			t.Errorf("%v: %d bytes, endpoint %s: %d bytes; equal=%v", tc.args, out.Len(), tc.path, len(body), bytes.Equal(out.Bytes(), body))
		}
	}
}

// TestExportYearErrors: a year that is not stored names the available one and
// writes nothing; a year that is not a whole number is a usage error.
func TestExportYearErrors(t *testing.T) {
	db := importedDB(t)
	for _, kind := range []string{"geojson", "csv"} {
		for _, year := range []string{"2019", "2024", "1800"} {
			out, _, err := runCLI("export", kind, "--db", db, "--year", year)
			if err == nil || !strings.Contains(err.Error(), year) || !strings.Contains(err.Error(), "2025") {
				t.Errorf("export %s --year %s: %v, want an error naming %s and the available 2025", kind, year, err, year)
			}
			if out != "" {
				t.Errorf("export %s --year %s wrote %d bytes on failure", kind, year, len(out))
			}
		}
		var ue usageError
		if _, _, err := runCLI("export", kind, "--db", db, "--year", "2025.0"); !errors.As(err, &ue) {
			t.Errorf("export %s --year 2025.0: %v, want a usage error", kind, err)
		}
	}
}

func TestExportMissingDatabase(t *testing.T) {
	p := filepath.Join(t.TempDir(), "typo.db")
	_, _, err := runCLI("export", "geojson", "--db", p)
	if err == nil || !strings.Contains(err.Error(), p) {
		t.Errorf("missing database: %v, want an error naming %s", err, p)
	}
	if _, err := os.Stat(p); err == nil {
		t.Errorf("export created %s", p)
	}
}

// TestExportGeoJSONRFC7946: `export geojson` is RFC 7946 (orientation,
// closed rings, bbox, no crs, ≤ 6 decimals, id = code, UTF-8 names) and GDAL
// reads it; the export's municipalities are all valid for GEOS.
func TestExportGeoJSONRFC7946(t *testing.T) {
	db := importedDB(t)
	out, _, err := runCLI("export", "geojson", "--db", db)
	if err != nil {
		t.Fatal(err)
	}
	problems, n := checkRFC7946([]byte(out), "GM", 6)
	if n != 342 {
		t.Errorf("%d features", n)
	}
	for _, p := range problems {
		t.Error(p)
	}
	if !strings.Contains(out, `"name":"Súdwest-Fryslân"`) {
		t.Error("Súdwest-Fryslân not written as UTF-8")
	}
	needGDAL(t)
	dir := t.TempDir()
	file := writeFile(t, dir, "export.geojson", out)
	info, err := exec.Command("ogrinfo", "-ro", "-al", "-so", file).CombinedOutput()
	if err != nil || !strings.Contains(string(info), "Feature Count: 342") || !strings.Contains(string(info), "WGS 84") {
		t.Errorf("ogrinfo: %v\n%.800s", err, info)
	}
	if bad := gdalInvalid(t, dir, file); len(bad) > 0 {
		t.Errorf("invalid geometries in the export: %v", bad)
	}
}

// signedRingArea is the signed shoelace area (positive = counter-clockwise).
func signedRingArea(r [][]float64) float64 {
	a := 0.0
	for i := 0; i+1 < len(r); i++ {
		a += r[i][0]*r[i+1][1] - r[i+1][0]*r[i][1]
	}
	return a / 2
}

var decimalsRE = regexp.MustCompile(`-?\d+\.(\d+)`)

// checkRFC7946 checks a FeatureCollection the way a strict RFC 7946 reader
// would and returns the problems found.
func checkRFC7946(body []byte, idPrefix string, maxDecimals int) (problems []string, n int) {
	var fc struct {
		Type     string          `json:"type"`
		CRS      json.RawMessage `json:"crs"`
		BBox     []float64       `json:"bbox"`
		Features []struct {
			ID         any            `json:"id"`
			BBox       []float64      `json:"bbox"`
			Properties map[string]any `json:"properties"`
			Geometry   struct {
				Type        string          `json:"type"`
				Coordinates json.RawMessage `json:"coordinates"`
			} `json:"geometry"`
		} `json:"features"`
	}
	if err := json.Unmarshal(body, &fc); err != nil {
		return []string{err.Error()}, 0
	}
	if fc.Type != "FeatureCollection" {
		problems = append(problems, "type "+fc.Type)
	}
	if fc.CRS != nil {
		problems = append(problems, "crs member in CRS84 output")
	}
	inBox := func(b []float64, x, y float64) bool {
		return len(b) == 4 && b[0] <= x && x <= b[2] && b[1] <= y && y <= b[3]
	}
	if len(fc.BBox) != 4 || fc.BBox[0] > fc.BBox[2] || fc.BBox[1] > fc.BBox[3] || fc.BBox[0] < 3 || fc.BBox[0] > 8 || fc.BBox[1] < 50 {
		problems = append(problems, fmt.Sprintf("bbox %v is not [minLon,minLat,maxLon,maxLat]", fc.BBox))
	}
	for _, f := range fc.Features {
		code, _ := f.ID.(string)
		if !strings.HasPrefix(code, idPrefix) || f.Properties["code"] != code {
			problems = append(problems, fmt.Sprintf("id %v, code %v", f.ID, f.Properties["code"]))
		}
		for _, m := range decimalsRE.FindAllSubmatch(f.Geometry.Coordinates, -1) {
			if len(m[1]) > maxDecimals {
				problems = append(problems, fmt.Sprintf("%s: coordinate %s has more than %d decimals", code, m[0], maxDecimals))
				break
			}
		}
		var polys [][][][]float64
		switch f.Geometry.Type {
		case "Polygon":
			var p [][][]float64
			json.Unmarshal(f.Geometry.Coordinates, &p)
			polys = [][][][]float64{p}
		case "MultiPolygon":
			json.Unmarshal(f.Geometry.Coordinates, &polys)
		default:
			problems = append(problems, code+": geometry "+f.Geometry.Type)
		}
		for pi, p := range polys {
			for ri, r := range p {
				if len(r) < 4 || !slices.Equal(r[0], r[len(r)-1]) {
					problems = append(problems, fmt.Sprintf("%s polygon %d ring %d: not closed or under 4 positions", code, pi, ri))
					continue
				}
				if a := signedRingArea(r); (ri == 0) != (a > 0) {
					problems = append(problems, fmt.Sprintf("%s polygon %d ring %d: wrong orientation (area %g)", code, pi, ri, a))
				}
				for _, pt := range r {
					if len(pt) != 2 || !inBox(fc.BBox, pt[0], pt[1]) || (f.BBox != nil && !inBox(f.BBox, pt[0], pt[1])) {
						problems = append(problems, fmt.Sprintf("%s: position %v outside bbox %v / %v", code, pt, fc.BBox, f.BBox))
						break
					}
				}
			}
		}
		n++
	}
	return problems, n
}

// gdalInvalid loads a GeoJSON file into a GeoPackage with ogr2ogr and returns the
// codes of the geometries GEOS finds invalid, with the reason.
func gdalInvalid(t *testing.T, dir, file string) []string {
	t.Helper()
	gpkg := strings.TrimSuffix(file, filepath.Ext(file)) + ".gpkg"
	if out, err := exec.Command("ogr2ogr", "-f", "GPKG", gpkg, file, "-nln", "t").CombinedOutput(); err != nil {
		t.Fatalf("ogr2ogr: %v\n%s", err, out)
	}
	out, err := exec.Command("ogrinfo", "-ro", "-q", "-dialect", "sqlite", "-sql",
		"SELECT code || ': ' || ST_IsValidReason(geom) AS bad FROM t WHERE NOT ST_IsValid(geom) ORDER BY code", gpkg).Output()
	if err != nil {
		t.Fatalf("ogrinfo: %v\n%s", err, out)
	}
	var bad []string
	for _, m := range regexp.MustCompile(`bad \(String\) = (.*)`).FindAllStringSubmatch(string(out), -1) {
		bad = append(bad, m[1])
	}
	return bad
}

// TestExportReadByGDAL: both exports carry the attribution and ogrinfo reads
// all 342 municipalities from them without a warning.
func TestExportReadByGDAL(t *testing.T) {
	db := importedDB(t)
	needGDAL(t)
	dir := t.TempDir()
	for _, c := range []struct{ kind, file string }{{"geojson", "g.geojson"}, {"csv", "c.csv"}} {
		out, _, err := runCLI("export", c.kind, "--db", db, "--year", "2025")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out, "Bron: CBS, Kadaster") {
			t.Errorf("export %s carries no attribution", c.kind)
		}
		p := writeFile(t, dir, c.file, out)
		info, err := exec.Command("ogrinfo", "-ro", "-so", "-al", p).CombinedOutput()
		if err != nil || !strings.Contains(string(info), "Feature Count: 342") {
			t.Errorf("ogrinfo %s: %v\n%.1500s", c.kind, err, info)
		}
		if strings.Contains(string(info), "Warning") || strings.Contains(string(info), "ERROR") {
			t.Errorf("ogrinfo %s complains:\n%.1500s", c.kind, info)
		}
	}
}

// TestExportCSVColumns: the CSV header is exactly the CSV columns of
// docs/data-dictionary.md, in the documented order.
func TestExportCSVColumns(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "data-dictionary.md"))
	if err != nil {
		t.Fatal(err)
	}
	// The "Municipality fields (CSV columns, …)" table: first cell `name`.
	section := string(doc)
	start := strings.Index(section, "## Municipality fields")
	if start < 0 {
		t.Fatal("no Municipality fields section")
	}
	section = section[start:]
	if end := strings.Index(section[3:], "\n## "); end >= 0 {
		section = section[:end+3]
	}
	var want []string
	row := regexp.MustCompile("(?m)^\\| `([a-z_]+)`( \\(([^)]*)\\))? \\|")
	for _, m := range row.FindAllStringSubmatch(section, -1) {
		if m[3] != "" && !strings.Contains(m[3], "CSV") {
			continue // e.g. "(GeoJSON only)"
		}
		if strings.Contains(section[:strings.Index(section, m[0])], "JSON list") {
			break
		}
		want = append(want, m[1])
	}
	// The documented CSV-only patterns, spelt out from the framework, go
	// before license and attribution.
	fw, err := scoring.Default()
	if err != nil {
		t.Fatal(err)
	}
	var extra []string
	if strings.Contains(section, "| `<indicator id>` (CSV only)") {
		for _, in := range fw.Indicators() {
			if !slices.Contains(want, in.ID) {
				extra = append(extra, in.ID)
			}
		}
	}
	if strings.Contains(section, "| `part.<part id>` (CSV only)") {
		for _, p := range fw.PartList() {
			extra = append(extra, "part."+p.ID)
		}
	}
	if n := len(want); n >= 2 && want[n-2] == "license" && want[n-1] == "attribution" {
		want = append(append(want[:n-2:n-2], extra...), "license", "attribution")
	} else {
		t.Fatalf("the dictionary's CSV columns do not end in license, attribution: %v", want)
	}
	if len(want) < 10 {
		t.Fatalf("could not read the columns from the data dictionary: %v", want)
	}
	db := importedDB(t)
	out, _, err := runCLI("export", "csv", "--db", db)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(recs[0], want) {
		t.Errorf("CSV header\n got %v\nwant %v (docs/data-dictionary.md)", recs[0], want)
	}
	if len(recs) != 343 {
		t.Errorf("%d rows, want header + 342", len(recs))
	}
	for _, r := range recs[1:] {
		if len(r) != len(recs[0]) {
			t.Errorf("row %v has %d cells", r[:1], len(r))
		}
	}
}
