package main

// Contract tests, third round: `import boundaries` against a server shaped
// like PDOK's OGC API (gemeente_gegeneraliseerd / provincie_gegeneraliseerd:
// statcode, statnaam, numeric jaarcode, several years in one collection,
// pages of 50 with absolute next links, geo+json, gzip, rate limits), and
// the exports checked the way a GIS client would (RFC 7946, GDAL validity,
// the data dictionary's CSV columns). Tests that document a defect skip
// with "DEFECT: …".

import (
	"compress/gzip"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/inclusiekaart/inclusiekaart/internal/store"
	"github.com/inclusiekaart/inclusiekaart/internal/testutil"
)

// c3Feature is a PDOK-shaped feature.
type c3Feature struct {
	Type       string         `json:"type"`
	ID         string         `json:"id"`
	Geometry   any            `json:"geometry"`
	Properties map[string]any `json:"properties"`
}

// c3Load turns a shared-data file into PDOK features of year: properties
// statcode, statnaam and a numeric jaarcode only, a UUID-ish string id.
func c3Load(t *testing.T, file string, year int) []c3Feature {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(testutil.SharedData(t), file))
	if err != nil {
		t.Fatal(err)
	}
	var fc struct {
		Features []struct {
			Geometry   any            `json:"geometry"`
			Properties map[string]any `json:"properties"`
		} `json:"features"`
	}
	if err := json.Unmarshal(b, &fc); err != nil {
		t.Fatal(err)
	}
	out := make([]c3Feature, len(fc.Features))
	for i, f := range fc.Features {
		out[i] = c3Feature{
			Type:     "Feature",
			ID:       fmt.Sprintf("%08x-4f1e-4c2a-9d3b-%012d", year, i),
			Geometry: f.Geometry,
			Properties: map[string]any{
				"statcode": f.Properties["statcode"],
				"statnaam": f.Properties["statnaam"],
				"jaarcode": year,
			},
		}
	}
	return out
}

// c3PDOK imitates PDOK's /collections/{id}/items. Options per request path
// prefix: /plain, /gzip (Content-Encoding gzip on every page), /fail429 and
// /fail503 (the third page answers that status). The jaarcode query
// parameter filters and is carried in next links like PDOK does.
type c3PDOK struct {
	*httptest.Server
	mu   sync.Mutex
	seen []string
}

func (p *c3PDOK) requests() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.seen)
}

func c3NewPDOK(t *testing.T) *c3PDOK {
	t.Helper()
	coll := map[string][]c3Feature{
		"gemeente_gegeneraliseerd": append(c3Load(t, "gemeente_2024.geojson", 2024), c3Load(t, "gemeente_2025.geojson", 2025)...),
		// Only 2025 provinces exist in shared data; 2024 reuses them with the same codes.
		"provincie_gegeneraliseerd": append(c3Load(t, "provincie_2025.geojson", 2024), c3Load(t, "provincie_2025.geojson", 2025)...),
	}
	p := &c3PDOK{}
	p.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.mu.Lock()
		p.seen = append(p.seen, r.URL.RequestURI())
		p.mu.Unlock()
		// /{mode}/collections/{id}/items
		parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
		if len(parts) != 4 || parts[1] != "collections" || parts[3] != "items" || coll[parts[2]] == nil {
			http.Error(w, `{"code":"NotFound"}`, http.StatusNotFound)
			return
		}
		mode, id := parts[0], parts[2]
		q := r.URL.Query()
		limit, offset := 50, 0
		if s := q.Get("limit"); s != "" {
			limit, _ = strconv.Atoi(s)
		}
		if s := q.Get("offset"); s != "" {
			offset, _ = strconv.Atoi(s)
		}
		var feats []c3Feature
		for _, f := range coll[id] {
			if y := q.Get("jaarcode"); y == "" || y == strconv.Itoa(f.Properties["jaarcode"].(int)) {
				feats = append(feats, f)
			}
		}
		if strings.HasPrefix(mode, "fail") && offset == 2*limit {
			status, _ := strconv.Atoi(strings.TrimPrefix(mode, "fail"))
			w.Header().Set("Retry-After", "1")
			w.Header().Set("Content-Type", "application/problem+json")
			w.WriteHeader(status)
			fmt.Fprintf(w, `{"title":"%s","status":%d}`, http.StatusText(status), status)
			return
		}
		end := min(offset+limit, len(feats))
		page := feats[min(offset, len(feats)):end]
		self := "http://" + r.Host + r.URL.RequestURI()
		links := []map[string]string{
			{"rel": "self", "type": "application/geo+json", "title": "This document as GeoJSON", "href": self},
			{"rel": "alternate", "type": "text/html", "title": "This document as HTML", "href": strings.Replace(self, "f=json", "f=html", 1)},
		}
		if end < len(feats) {
			nq := r.URL.Query()
			nq.Set("offset", strconv.Itoa(end))
			nq.Set("limit", strconv.Itoa(limit))
			links = append(links, map[string]string{"rel": "next", "type": "application/geo+json", "title": "Next page",
				"href": "http://" + r.Host + r.URL.Path + "?" + nq.Encode()})
		}
		body, _ := json.Marshal(map[string]any{
			"type": "FeatureCollection", "timeStamp": "2025-06-01T10:00:00Z",
			"numberMatched": len(feats), "numberReturned": len(page), "links": links, "features": page,
		})
		w.Header().Set("Content-Type", "application/geo+json")
		w.Header().Set("Content-Crs", "<http://www.opengis.net/def/crs/OGC/1.3/CRS84>")
		if mode == "gzip" {
			w.Header().Set("Content-Encoding", "gzip")
			zw := gzip.NewWriter(w)
			zw.Write(body)
			zw.Close()
			return
		}
		w.Write(body)
	}))
	t.Cleanup(p.Close)
	return p
}

// c3Areas lists the stored areas (code → name) of a year and level.
func c3Areas(t *testing.T, db string, year int, level string) map[string]string {
	t.Helper()
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	as, err := st.Areas(context.Background(), year, level, store.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, a := range as {
		out[a.Code] = a.Name
	}
	return out
}

func c3Years(t *testing.T, db, level string) []int {
	t.Helper()
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ys, err := st.Years(context.Background(), level)
	if err != nil {
		t.Fatal(err)
	}
	return ys
}

// c3Want is code → name of a PDOK feature list for one year.
func c3Want(feats []c3Feature, year int) map[string]string {
	out := map[string]string{}
	for _, f := range feats {
		if f.Properties["jaarcode"] == year {
			out[f.Properties["statcode"].(string)] = f.Properties["statnaam"].(string)
		}
	}
	return out
}

// TestContract3ImportPDOKYears: a PDOK collection holding 2024 and 2025 (same
// codes), paged by 50 with absolute next links: --year picks exactly one year;
// the jaarcode query of the URL is kept on every next page; gzip and
// application/geo+json are read.
func TestContract3ImportPDOKYears(t *testing.T) {
	p := c3NewPDOK(t)
	want25 := c3Want(c3Load(t, "gemeente_2025.geojson", 2025), 2025)
	wantPV := c3Want(c3Load(t, "provincie_2025.geojson", 2025), 2025)
	cases := []struct {
		name, path string
		args       []string
		level      string
		want       map[string]string
		pages      int    // items requests expected at least
		query      string // every request must carry this
	}{
		{"both years, --year 2025", "/plain/collections/gemeente_gegeneraliseerd/items?f=json", []string{"--year", "2025"}, "municipality", want25, 14, "f=json"},
		{"jaarcode in the URL, no --year", "/plain/collections/gemeente_gegeneraliseerd/items?f=json&jaarcode=2025", nil, "municipality", want25, 7, "jaarcode=2025"},
		{"jaarcode in the URL and --year", "/plain/collections/gemeente_gegeneraliseerd/items?f=json&jaarcode=2025&limit=50", []string{"--year", "2025"}, "municipality", want25, 7, "jaarcode=2025"},
		{"gzip pages", "/gzip/collections/gemeente_gegeneraliseerd/items?f=json", []string{"--year", "2025"}, "municipality", want25, 14, "f=json"},
		{"provinces, --year 2025", "/plain/collections/provincie_gegeneraliseerd/items?f=json", []string{"--year", "2025", "--level", "province"}, "province", wantPV, 1, "f=json"},
		{"provinces gzip, jaarcode", "/gzip/collections/provincie_gegeneraliseerd/items?f=json&jaarcode=2025", []string{"--level", "province"}, "province", wantPV, 1, "jaarcode=2025"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "pdok.db")
			before := len(p.requests())
			out, errOut, err := contractImport(append(append([]string{"--db", db}, c.args...), p.URL+c.path)...)
			if err != nil {
				t.Fatalf("import: %v\n%s", err, errOut)
			}
			if !strings.Contains(out, fmt.Sprintf("imported %d %s boundaries for 2025", len(c.want), c.level)) {
				t.Errorf("output %q, want %d %s boundaries for 2025", out, len(c.want), c.level)
			}
			got := c3Areas(t, db, 2025, c.level)
			if len(got) != len(c.want) {
				t.Errorf("stored %d areas, want %d", len(got), len(c.want))
			}
			for code, name := range c.want {
				if got[code] != name {
					t.Errorf("%s: stored name %q, want %q", code, got[code], name)
				}
			}
			if ys := c3Years(t, db, c.level); !slices.Equal(ys, []int{2025}) {
				t.Errorf("years stored %v, want only 2025", ys)
			}
			reqs := p.requests()[before:]
			if len(reqs) < c.pages {
				t.Errorf("%d requests, want at least %d: %v", len(reqs), c.pages, reqs)
			}
			for _, u := range reqs {
				if !strings.Contains(u, c.query) {
					t.Errorf("request %s lost %s", u, c.query)
				}
			}
		})
	}
}

// TestContract3ImportPDOKRefused: a mixed-year collection without --year, a
// year the collection lacks, and a rate-limited or unavailable page all fail
// with a clear message and leave the database exactly as it was.
func TestContract3ImportPDOKRefused(t *testing.T) {
	p := c3NewPDOK(t)
	db := importedDB(t)
	cases := []struct {
		name, path string
		args       []string
		mention    []string
	}{
		// Refused as duplicate codes (see TestContract3ImportPDOKMixedYearsHint for the message).
		{"mixed years, no --year", "/plain/collections/gemeente_gegeneraliseerd/items?f=json", nil, []string{"several years", "2024", "2025", "--year"}},
		{"mixed years provinces, no --year", "/plain/collections/provincie_gegeneraliseerd/items?f=json", []string{"--level", "province"}, []string{"several years", "2024", "2025", "--year"}},
		{"year not in collection", "/plain/collections/gemeente_gegeneraliseerd/items?f=json", []string{"--year", "2023"}, []string{"2023"}},
		{"429 on page 3", "/fail429/collections/gemeente_gegeneraliseerd/items?f=json", []string{"--year", "2025"}, []string{"429", "offset=100"}},
		{"503 on page 3", "/fail503/collections/gemeente_gegeneraliseerd/items?f=json&jaarcode=2025", nil, []string{"503", "offset=100", "jaarcode=2025"}},
		{"unknown collection", "/plain/collections/gemeente/items?f=json", []string{"--year", "2025"}, []string{"404", "/collections/gemeente/items"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := contractSnapshot(t, db)
			_, _, err := contractImport(append(append([]string{"--db", db}, c.args...), p.URL+c.path)...)
			if err == nil {
				t.Fatal("import succeeded")
			}
			for _, m := range c.mention {
				if !strings.Contains(err.Error(), m) {
					t.Errorf("error %q does not name %q", err, m)
				}
			}
			if strings.Contains(c.name, "page") && !strings.Contains(err.Error(), p.URL) {
				t.Errorf("error %q does not name the URL", err)
			}
			if contractSnapshot(t, db) != before {
				t.Error("the database changed on a failed import")
			}
		})
	}
}

// TestContract3ImportPDOKMixedYearsHint: pointed at PDOK's collection without
// --year (the documented production source holds several years with the same
// codes), the user is told why and what to do, not only "duplicate code".
func TestContract3ImportPDOKMixedYearsHint(t *testing.T) {
	p := c3NewPDOK(t)
	db := importedDB(t)
	_, _, err := contractImport("--db", db, p.URL+"/plain/collections/gemeente_gegeneraliseerd/items?f=json")
	if err == nil || !strings.Contains(err.Error(), "--year") || !strings.Contains(err.Error(), "2024") || !strings.Contains(err.Error(), "2025") {
		t.Errorf("error %v, want one naming the years 2024 and 2025 and --year", err)
	}
}

// c3RingArea is the signed shoelace area (positive = counter-clockwise).
func c3RingArea(r [][]float64) float64 {
	a := 0.0
	for i := 0; i+1 < len(r); i++ {
		a += r[i][0]*r[i+1][1] - r[i+1][0]*r[i][1]
	}
	return a / 2
}

var c3Decimals = regexp.MustCompile(`-?\d+\.(\d+)`)

// c3CheckRFC7946 checks a FeatureCollection the way a strict RFC 7946 reader
// would and returns the problems found.
func c3CheckRFC7946(body []byte, idPrefix string, maxDecimals int) (problems []string, n int) {
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
		for _, m := range c3Decimals.FindAllSubmatch(f.Geometry.Coordinates, -1) {
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
				if a := c3RingArea(r); (ri == 0) != (a > 0) {
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

// c3Invalid loads a GeoJSON file into a GeoPackage with ogr2ogr and returns the
// codes of the geometries GEOS finds invalid, with the reason.
func c3Invalid(t *testing.T, dir, file string) []string {
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

// TestContract3ExportGeoJSON: `export geojson` is RFC 7946 (orientation,
// closed rings, bbox, no crs, ≤ 6 decimals, id = code, UTF-8 names) and GDAL
// reads it; the export's municipalities are all valid for GEOS.
func TestContract3ExportGeoJSON(t *testing.T) {
	db := importedDB(t)
	out, _, err := c2Run("export", "geojson", "--db", db)
	if err != nil {
		t.Fatal(err)
	}
	problems, n := c3CheckRFC7946([]byte(out), "GM", 6)
	if n != 342 {
		t.Errorf("%d features", n)
	}
	for _, p := range problems {
		t.Error(p)
	}
	if !strings.Contains(out, `"name":"Súdwest-Fryslân"`) {
		t.Error("Súdwest-Fryslân not written as UTF-8")
	}
	if _, err := exec.LookPath("ogr2ogr"); err != nil {
		t.Skip("GDAL not installed")
	}
	dir := t.TempDir()
	file := contractWrite(t, dir, "export.geojson", out)
	info, err := exec.Command("ogrinfo", "-ro", "-al", "-so", file).CombinedOutput()
	if err != nil || !strings.Contains(string(info), "Feature Count: 342") || !strings.Contains(string(info), "WGS 84") {
		t.Errorf("ogrinfo: %v\n%.800s", err, info)
	}
	if bad := c3Invalid(t, dir, file); len(bad) > 0 {
		t.Errorf("invalid geometries in the export: %v", bad)
	}
}

// TestContract3ExportCSVColumns: the CSV header is exactly the CSV columns of
// docs/data-dictionary.md, in the documented order.
func TestContract3ExportCSVColumns(t *testing.T) {
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
	if len(want) < 10 {
		t.Fatalf("could not read the columns from the data dictionary: %v", want)
	}
	db := importedDB(t)
	out, _, err := c2Run("export", "csv", "--db", db)
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
