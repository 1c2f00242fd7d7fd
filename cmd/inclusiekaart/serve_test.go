package main

// `inclusiekaart serve`: the whole program from import to a served layer,
// and the flags and databases it refuses before it listens.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/inclusiekaart/inclusiekaart/internal/fixture"
)

// TestEndToEnd runs the program as a user would: import provinces and
// municipalities into a new database, serve on port 0, ask for the layer.
func TestEndToEnd(t *testing.T) {
	db := filepath.Join(t.TempDir(), "e2e.db")
	ctx := context.Background()
	for _, args := range [][]string{
		{"import", "boundaries", "--db", db, "--level", "province", fixture.Boundaries(t, "provincie_2025.geojson")},
		{"import", "boundaries", fixture.Boundaries(t, "gemeente_2025.topojson"), "--db", db, "--year", "2025"},
	} {
		var out, errOut bytes.Buffer
		if err := run(ctx, args, &out, &errOut); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, errOut.String())
		}
		if !strings.Contains(out.String(), "imported") {
			t.Errorf("%v printed %q", args, out.String())
		}
	}

	base, stop := startServe(t, "--db", db, "--addr", "127.0.0.1:0", "--demo")
	resp, err := http.Get(base + "/api/municipalities.geojson?zoom=7")
	if err != nil {
		t.Fatal(err)
	}
	var fc struct {
		Features []struct {
			ID string `json:"id"`
		} `json:"features"`
	}
	err = json.NewDecoder(resp.Body).Decode(&fc)
	resp.Body.Close()
	if err != nil || resp.StatusCode != 200 || len(fc.Features) != 342 {
		t.Errorf("layer: status %d, %d features, err %v", resp.StatusCode, len(fc.Features), err)
	}
	// --demo loaded generated assessments, and every one of them says so.
	resp, err = http.Get(base + "/api/municipalities")
	if err != nil {
		t.Fatal(err)
	}
	var list []struct {
		Stage *int    `json:"stage"`
		Demo  bool    `json:"demo"`
		Basis *string `json:"basis"`
	}
	json.NewDecoder(resp.Body).Decode(&list)
	resp.Body.Close()
	staged := 0
	for _, m := range list {
		if m.Stage != nil {
			staged++
			// Demo values and the shipped public record are never mixed
			// without a mark: each municipality says which it shows.
			if m.Basis == nil || m.Demo != (*m.Basis == "demo") || (!m.Demo && *m.Basis != "public_record") {
				t.Fatalf("a stage without a matching mark: demo %v, basis %v", m.Demo, m.Basis)
			}
		}
	}
	if staged < 100 {
		t.Errorf("--demo: only %d of %d municipalities have a stage", staged, len(list))
	}
	if err := stop(); err != nil {
		t.Errorf("serve after shutdown: %v", err)
	}
}

// serveErr runs `serve` with args and returns its error, or fails when it is
// still serving after a few seconds (then it is stopped).
func serveErr(t *testing.T, args ...string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errOut bytes.Buffer
	done := make(chan error, 1)
	go func() { done <- run(ctx, append([]string{"serve"}, args...), &out, &errOut) }()
	select {
	case err := <-done:
		return out.String(), err
	case <-time.After(5 * time.Second):
		cancel()
		<-done
		t.Errorf("serve %q started serving: %s", args, out.String())
		return out.String(), nil
	}
}

func TestServeErrors(t *testing.T) {
	db := importedDB(t)
	dir := t.TempDir()
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	geojsonFile := writeFile(t, dir, "gemeenten.geojson", toJSON(collection(copyFeatures(t, municipalities2025(t), 2)...)))
	geojsonBefore, _ := os.ReadFile(geojsonFile)
	textFile := writeFile(t, dir, "notes.txt", strings.Repeat("dit is geen database\n", 500))
	missingDir := filepath.Join(dir, "no", "such", "dir", "x.db")
	cases := []struct {
		name    string
		args    []string
		usage   bool
		mention []string
	}{
		{"addr without port", []string{"--db", db, "--addr", "nonsense"}, false, []string{"nonsense"}},
		{"port out of range", []string{"--db", db, "--addr", "127.0.0.1:99999"}, false, []string{"99999"}},
		{"negative port", []string{"--db", db, "--addr", "127.0.0.1:-1"}, false, []string{"-1"}},
		{"port in use", []string{"--db", db, "--addr", busy.Addr().String()}, false, []string{busy.Addr().String(), "in use"}},
		{"db in a missing directory", []string{"--db", missingDir, "--addr", "127.0.0.1:0"}, false, []string{missingDir}},
		{"db is a GeoJSON file", []string{"--db", geojsonFile, "--addr", "127.0.0.1:0"}, false, []string{geojsonFile, "not a database"}},
		{"db is a text file", []string{"--db", textFile, "--addr", "127.0.0.1:0"}, false, []string{textFile, "not a database"}},
		{"db is a directory", []string{"--db", dir, "--addr", "127.0.0.1:0"}, false, []string{dir}},
		{"tiles ftp", []string{"--db", db, "--addr", "127.0.0.1:0", "--tiles", "ftp://tiles.example/{z}/{x}/{y}.png"}, true, []string{"tiles", "ftp://"}},
		{"tiles javascript", []string{"--db", db, "--addr", "127.0.0.1:0", "--tiles", "javascript:alert(1)"}, true, []string{"tiles"}},
		{"tiles relative", []string{"--db", db, "--addr", "127.0.0.1:0", "--tiles", "/tiles/{z}/{x}/{y}.png"}, true, []string{"tiles"}},
		{"unknown flag", []string{"--db", db, "--bogus"}, true, []string{"bogus"}},
		{"--addr without value", []string{"--db", db, "--addr"}, true, []string{"addr"}},
		{"positional argument", []string{"--db", db, "extra"}, true, []string{"extra"}},
	}
	for _, c := range cases {
		out, err := serveErr(t, c.args...)
		if err == nil {
			continue // reported by serveErr
		}
		var ue usageError
		if errors.As(err, &ue) != c.usage {
			t.Errorf("%s: usage error = %v, want %v (%v)", c.name, !c.usage, c.usage, err)
		}
		for _, m := range c.mention {
			if !strings.Contains(err.Error(), m) {
				t.Errorf("%s: error %q does not name %q", c.name, err, m)
			}
		}
		if strings.Contains(out, "listening on") {
			t.Errorf("%s: printed %q although it failed", c.name, out)
		}
	}
	if after, _ := os.ReadFile(geojsonFile); !bytes.Equal(after, geojsonBefore) {
		t.Error("serve --db on a GeoJSON file changed the file")
	}
	if _, err := os.Stat(filepath.Join(dir, "no")); err == nil {
		t.Error("serve created the missing directory")
	}
}

func TestServeEmptyAddr(t *testing.T) {
	db := importedDB(t)
	if _, err := serveErr(t, "--db", db, "--addr", ""); err == nil {
		t.Error(`--addr "" accepted`)
	}
}
