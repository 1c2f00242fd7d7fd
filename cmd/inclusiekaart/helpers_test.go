package main

// Helpers shared by the command's tests: running the program in-process,
// databases made with it, and the 2025 municipalities fixture as generic
// JSON to build imperfect sources from.

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/inclusiekaart/inclusiekaart/internal/fixture"
	"github.com/inclusiekaart/inclusiekaart/internal/store"
)

// runCLI runs the program in-process and returns stdout, stderr and the error.
func runCLI(args ...string) (string, string, error) {
	var out, errOut bytes.Buffer
	err := run(context.Background(), args, &out, &errOut)
	return out.String(), errOut.String(), err
}

// importedDB is a new database file holding the 2025 provinces and
// municipalities, imported with the CLI.
func importedDB(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "cli.db")
	for _, args := range [][]string{
		{"import", "boundaries", "--db", db, "--level", "province", fixture.Boundaries(t, "provincie_2025.geojson")},
		{"import", "boundaries", "--db", db, fixture.Boundaries(t, "gemeente_2025.geojson")},
	} {
		if err := run(context.Background(), args, io.Discard, io.Discard); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

// snapshotDB hashes every row of every table of the database at path.
func snapshotDB(t *testing.T, path string) string {
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

func writeFile(t *testing.T, dir, name, body string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// serveDB serves db over httptest (what `serve` would serve).
func serveDB(t *testing.T, db string) *httptest.Server {
	t.Helper()
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	srv, err := newRouter(st)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return ts
}

func httpGet(t *testing.T, u string) (int, []byte) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, b
}

// storedHistory returns every stored (non-demo) version of code, current first.
func storedHistory(t *testing.T, db string, codes ...string) []store.Version {
	t.Helper()
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	h, err := st.History(context.Background(), codes, false)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// needGDAL skips a test locally when ogrinfo is missing; under CI (env CI
// set, where .ci/run installs gdal-bin) it fails instead.
func needGDAL(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("ogrinfo"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("ogrinfo (gdal-bin) is required in CI")
		}
		t.Skip("ogrinfo not installed (apt-get install gdal-bin)")
	}
}

// municipalities2025 loads the 2025 municipalities (the whole fixture, 342) as generic JSON.
func municipalities2025(t *testing.T) map[string]any {
	t.Helper()
	b, err := os.ReadFile(fixture.Boundaries(t, "gemeente_2025.geojson"))
	if err != nil {
		t.Fatal(err)
	}
	var fc map[string]any
	if err := json.Unmarshal(b, &fc); err != nil {
		t.Fatal(err)
	}
	return fc
}

// copyFeatures returns deep copies of the first n features.
func copyFeatures(t *testing.T, fc map[string]any, n int) []any {
	t.Helper()
	b, _ := json.Marshal(fc["features"].([]any)[:n])
	var out []any
	json.Unmarshal(b, &out)
	return out
}

func collection(features ...any) map[string]any {
	return map[string]any{"type": "FeatureCollection", "features": features}
}

func toJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// outerRing is the outer ring of a feature's first polygon.
func outerRing(f any) []any {
	g := f.(map[string]any)["geometry"].(map[string]any)
	c := g["coordinates"].([]any)
	if g["type"] == "MultiPolygon" {
		c = c[0].([]any)
	}
	return c[0].([]any)
}

func withGeometry(f any, g map[string]any) any {
	b, _ := json.Marshal(f)
	var c map[string]any
	json.Unmarshal(b, &c)
	c["geometry"] = g
	return c
}

func polygon(rings ...any) map[string]any {
	return map[string]any{"type": "Polygon", "coordinates": rings}
}

// mapCoords applies fn to every position of every feature's geometry.
func mapCoords(features []any, fn func(orb.Point) orb.Point) {
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

// startServe runs `serve` with args in-process until the test ends or stop
// is called, and returns the base URL it listens on; stop shuts it down and
// returns serve's error.
func startServe(t *testing.T, args ...string) (base string, stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"serve"}, args...), pw, io.Discard)
		pw.Close()
	}()
	lines := bufio.NewScanner(pr)
	for lines.Scan() {
		if u, ok := strings.CutPrefix(lines.Text(), "listening on "); ok {
			base = u
			break
		}
	}
	go io.Copy(io.Discard, pr)
	if base == "" {
		cancel()
		t.Fatalf("no 'listening on' line; serve returned %v", <-done)
	}
	var once sync.Once
	var err error
	stop = func() error {
		once.Do(func() {
			cancel()
			select {
			case err = <-done:
			case <-time.After(15 * time.Second):
				err = fmt.Errorf("serve did not shut down")
			}
		})
		return err
	}
	t.Cleanup(func() { stop() })
	return base, stop
}
