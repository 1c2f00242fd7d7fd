package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/inclusiekaart/inclusiekaart/internal/testutil"
)

// TestEndToEnd runs the program as a user would: import provinces and
// municipalities into a new database, serve on port 0, ask for the layer.
func TestEndToEnd(t *testing.T) {
	data := testutil.SharedData(t)
	db := filepath.Join(t.TempDir(), "e2e.db")
	ctx := context.Background()
	for _, args := range [][]string{
		{"import", "boundaries", "--db", db, "--level", "province", filepath.Join(data, "provincie_2025.geojson")},
		{"import", "boundaries", filepath.Join(data, "gemeente_2025.topojson"), "--db", db, "--year", "2025"},
	} {
		var out, errOut bytes.Buffer
		if err := run(ctx, args, &out, &errOut); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, errOut.String())
		}
		if !strings.Contains(out.String(), "imported") {
			t.Errorf("%v printed %q", args, out.String())
		}
	}

	ctx, cancel := context.WithCancel(ctx)
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--db", db, "--addr", "127.0.0.1:0"}, pw, io.Discard)
		pw.Close()
	}()
	lines := bufio.NewScanner(pr)
	var base string
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
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve after shutdown: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not shut down")
	}
}

func TestUsageErrors(t *testing.T) {
	cases := [][]string{
		{},
		{"frobnicate"},
		{"import", "boundaries"},
		{"import", "boundaries", "--level", "country", "x.geojson"},
		{"serve", "--addr"},
	}
	for _, args := range cases {
		err := run(context.Background(), args, io.Discard, io.Discard)
		var ue usageError
		if err == nil || !errors.As(err, &ue) {
			t.Errorf("%v: got %v, want a usage error", args, err)
		}
	}
}

func TestImportBadFileFails(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "x.db")
	err := run(context.Background(), []string{"import", "boundaries", "--db", db, filepath.Join(dir, "missing.geojson")}, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "missing.geojson") {
		t.Errorf("missing file: %v", err)
	}
}
