package main

// `import boundaries` against a server shaped like PDOK's OGC API
// (gemeente_gegeneraliseerd / provincie_gegeneraliseerd: statcode, statnaam,
// numeric jaarcode, several years in one collection, pages of 50 with
// absolute next links, geo+json, gzip, rate limits).

import (
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/inclusiekaart/inclusiekaart/internal/fixture"
	"github.com/inclusiekaart/inclusiekaart/internal/store"
)

// pdokFeature is a PDOK-shaped feature.
type pdokFeature struct {
	Type       string         `json:"type"`
	ID         string         `json:"id"`
	Geometry   any            `json:"geometry"`
	Properties map[string]any `json:"properties"`
}

// loadPDOKFeatures turns a boundary fixture into PDOK features of year: properties
// statcode, statnaam and a numeric jaarcode only, a UUID-ish string id.
func loadPDOKFeatures(t *testing.T, file string, year int) []pdokFeature {
	t.Helper()
	b, err := os.ReadFile(fixture.Boundaries(t, file))
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
	out := make([]pdokFeature, len(fc.Features))
	for i, f := range fc.Features {
		out[i] = pdokFeature{
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

// pdokServer imitates PDOK's /collections/{id}/items. Options per request path
// prefix: /plain, /gzip (Content-Encoding gzip on every page), /fail429 and
// /fail503 (the third page answers that status). The jaarcode query
// parameter filters and is carried in next links like PDOK does.
type pdokServer struct {
	*httptest.Server
	mu   sync.Mutex
	seen []string
}

func (p *pdokServer) requests() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.seen)
}

func newPDOKServer(t *testing.T) *pdokServer {
	t.Helper()
	coll := map[string][]pdokFeature{
		"gemeente_gegeneraliseerd": append(loadPDOKFeatures(t, "gemeente_2024.geojson", 2024), loadPDOKFeatures(t, "gemeente_2025.geojson", 2025)...),
		// The fixtures hold 2025 provinces only; 2024 reuses them with the same codes.
		"provincie_gegeneraliseerd": append(loadPDOKFeatures(t, "provincie_2025.geojson", 2024), loadPDOKFeatures(t, "provincie_2025.geojson", 2025)...),
	}
	p := &pdokServer{}
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
		var feats []pdokFeature
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

// storedAreas lists the stored areas (code → name) of a year and level.
func storedAreas(t *testing.T, db string, year int, level string) map[string]string {
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

func storedYears(t *testing.T, db, level string) []int {
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

// namesOfYear is code → name of a PDOK feature list for one year.
func namesOfYear(feats []pdokFeature, year int) map[string]string {
	out := map[string]string{}
	for _, f := range feats {
		if f.Properties["jaarcode"] == year {
			out[f.Properties["statcode"].(string)] = f.Properties["statnaam"].(string)
		}
	}
	return out
}

// TestImportPDOKYears: a PDOK collection holding 2024 (the
// 21-municipality fixture) and 2025 (all 342, same codes), paged by 50 with
// absolute next links: --year picks exactly one year; the jaarcode query of
// the URL is kept on every next page; gzip and application/geo+json are read.
func TestImportPDOKYears(t *testing.T) {
	p := newPDOKServer(t)
	want25 := namesOfYear(loadPDOKFeatures(t, "gemeente_2025.geojson", 2025), 2025)
	wantPV := namesOfYear(loadPDOKFeatures(t, "provincie_2025.geojson", 2025), 2025)
	// Pages of 50: the whole collection, or one year's part of it.
	both := (len(loadPDOKFeatures(t, "gemeente_2024.geojson", 2024)) + len(want25) + 49) / 50
	only25 := (len(want25) + 49) / 50
	cases := []struct {
		name, path string
		args       []string
		level      string
		want       map[string]string
		pages      int    // items requests expected at least
		query      string // every request must carry this
	}{
		{"both years, --year 2025", "/plain/collections/gemeente_gegeneraliseerd/items?f=json", []string{"--year", "2025"}, "municipality", want25, both, "f=json"},
		{"jaarcode in the URL, no --year", "/plain/collections/gemeente_gegeneraliseerd/items?f=json&jaarcode=2025", nil, "municipality", want25, only25, "jaarcode=2025"},
		{"jaarcode in the URL and --year", "/plain/collections/gemeente_gegeneraliseerd/items?f=json&jaarcode=2025&limit=50", []string{"--year", "2025"}, "municipality", want25, only25, "jaarcode=2025"},
		{"gzip pages", "/gzip/collections/gemeente_gegeneraliseerd/items?f=json", []string{"--year", "2025"}, "municipality", want25, both, "f=json"},
		{"provinces, --year 2025", "/plain/collections/provincie_gegeneraliseerd/items?f=json", []string{"--year", "2025", "--level", "province"}, "province", wantPV, 1, "f=json"},
		{"provinces gzip, jaarcode", "/gzip/collections/provincie_gegeneraliseerd/items?f=json&jaarcode=2025", []string{"--level", "province"}, "province", wantPV, 1, "jaarcode=2025"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "pdok.db")
			before := len(p.requests())
			out, errOut, err := importBoundaries(append(append([]string{"--db", db}, c.args...), p.URL+c.path)...)
			if err != nil {
				t.Fatalf("import: %v\n%s", err, errOut)
			}
			if !strings.Contains(out, fmt.Sprintf("imported %d %s boundaries for 2025", len(c.want), c.level)) {
				t.Errorf("output %q, want %d %s boundaries for 2025", out, len(c.want), c.level)
			}
			got := storedAreas(t, db, 2025, c.level)
			if len(got) != len(c.want) {
				t.Errorf("stored %d areas, want %d", len(got), len(c.want))
			}
			for code, name := range c.want {
				if got[code] != name {
					t.Errorf("%s: stored name %q, want %q", code, got[code], name)
				}
			}
			if ys := storedYears(t, db, c.level); !slices.Equal(ys, []int{2025}) {
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

// TestImportPDOKRefused: a mixed-year collection without --year, a
// year the collection lacks, and a rate-limited or unavailable page all fail
// with a clear message and leave the database exactly as it was.
func TestImportPDOKRefused(t *testing.T) {
	p := newPDOKServer(t)
	db := importedDB(t)
	cases := []struct {
		name, path string
		args       []string
		mention    []string
	}{
		// Refused as duplicate codes (see TestImportPDOKMixedYearsHint for the message).
		{"mixed years, no --year", "/plain/collections/gemeente_gegeneraliseerd/items?f=json", nil, []string{"several years", "2024", "2025", "--year"}},
		{"mixed years provinces, no --year", "/plain/collections/provincie_gegeneraliseerd/items?f=json", []string{"--level", "province"}, []string{"several years", "2024", "2025", "--year"}},
		{"year not in collection", "/plain/collections/gemeente_gegeneraliseerd/items?f=json", []string{"--year", "2023"}, []string{"2023"}},
		{"429 on page 3", "/fail429/collections/gemeente_gegeneraliseerd/items?f=json", []string{"--year", "2025"}, []string{"429", "offset=100"}},
		{"503 on page 3", "/fail503/collections/gemeente_gegeneraliseerd/items?f=json&jaarcode=2025", nil, []string{"503", "offset=100", "jaarcode=2025"}},
		{"unknown collection", "/plain/collections/gemeente/items?f=json", []string{"--year", "2025"}, []string{"404", "/collections/gemeente/items"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := snapshotDB(t, db)
			_, _, err := importBoundaries(append(append([]string{"--db", db}, c.args...), p.URL+c.path)...)
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
			if snapshotDB(t, db) != before {
				t.Error("the database changed on a failed import")
			}
		})
	}
}

// TestImportPDOKMixedYearsHint: pointed at PDOK's collection without
// --year (the documented production source holds several years with the same
// codes), the user is told why and what to do, not only "duplicate code".
func TestImportPDOKMixedYearsHint(t *testing.T) {
	p := newPDOKServer(t)
	db := importedDB(t)
	_, _, err := importBoundaries("--db", db, p.URL+"/plain/collections/gemeente_gegeneraliseerd/items?f=json")
	if err == nil || !strings.Contains(err.Error(), "--year") || !strings.Contains(err.Error(), "2024") || !strings.Contains(err.Error(), "2025") {
		t.Errorf("error %v, want one naming the years 2024 and 2025 and --year", err)
	}
}
