package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"github.com/inclusiekaart/inclusiekaart/internal/store"
	"github.com/inclusiekaart/inclusiekaart/internal/testutil"
)

// TestExportMatchesEndpoints: `inclusiekaart export geojson|csv` writes exactly
// the bytes the endpoints serve.
func TestExportMatchesEndpoints(t *testing.T) {
	data := testutil.SharedData(t)
	db := filepath.Join(t.TempDir(), "export.db")
	ctx := context.Background()
	for _, args := range [][]string{
		{"import", "boundaries", "--db", db, "--level", "province", filepath.Join(data, "provincie_2025.geojson")},
		{"import", "boundaries", "--db", db, filepath.Join(data, "gemeente_2025.geojson")},
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
