package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/inclusiekaart/inclusiekaart/internal/store"
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
		done <- run(ctx, []string{"serve", "--db", db, "--addr", "127.0.0.1:0", "--demo"}, pw, io.Discard)
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

func importedDB(t *testing.T) string {
	t.Helper()
	data := testutil.SharedData(t)
	db := filepath.Join(t.TempDir(), "cli.db")
	for _, args := range [][]string{
		{"import", "boundaries", "--db", db, "--level", "province", filepath.Join(data, "provincie_2025.geojson")},
		{"import", "boundaries", "--db", db, filepath.Join(data, "gemeente_2025.geojson")},
	} {
		if err := run(context.Background(), args, io.Discard, io.Discard); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

func TestTokenCreatePrintsTokenOnce(t *testing.T) {
	db := importedDB(t)
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"token", "create", "--name", "coördinator", "--db", db}, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(out.String(), "\n"), "\n")
	if len(lines) != 1 || len(lines[0]) < 32 || strings.Contains(lines[0], " ") {
		t.Fatalf("stdout %q: want the token alone on one line", out.String())
	}
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if name, err := st.TokenName(context.Background(), lines[0]); err != nil || name != "coördinator" {
		t.Errorf("token lookup: %q %v", name, err)
	}
	var stored int
	st.DB().QueryRow(`SELECT COUNT(*) FROM tokens WHERE hash = ?`, lines[0]).Scan(&stored)
	if stored != 0 {
		t.Error("the token itself is stored, not only its hash")
	}
	if err := run(context.Background(), []string{"token", "create", "--db", db}, io.Discard, io.Discard); err == nil {
		t.Error("token create without --name succeeded")
	}
}

func TestImportAssessmentsAllOrNothing(t *testing.T) {
	db := importedDB(t)
	dir := t.TempDir()
	good := "code,assessed_on,source,assessor,stage,stage.evidence,domain.work\n" +
		"GM0344,2026-10-01,LIA document,Netwerk,4,https://example.org/lia.pdf,2\n" +
		"GM0363,2026-09-01,flitspeiling 2023,Movisie,5,,\n"
	bad := good + "GM0014,2026-09-01,x,y,9,,\n"
	unknown := "code,assessed_on,source,stage\nGM0999,2026-09-01,x,3\n"
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	count := func() int {
		st, err := store.Open(context.Background(), db)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		var n int
		st.DB().QueryRow(`SELECT COUNT(*) FROM assessments`).Scan(&n)
		return n
	}
	err := run(context.Background(), []string{"import", "assessments", "--db", db, write("bad.csv", bad)}, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "line 4") || !strings.Contains(err.Error(), "stage") {
		t.Errorf("bad CSV: %v (want line 4, column stage)", err)
	}
	err = run(context.Background(), []string{"import", "assessments", "--db", db, write("unknown.csv", unknown)}, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "GM0999") {
		t.Errorf("unknown code: %v", err)
	}
	if n := count(); n != 0 {
		t.Fatalf("failed imports stored %d assessments", n)
	}
	var out bytes.Buffer
	if err := run(context.Background(), []string{"import", "assessments", "--db", db, write("good.csv", good)}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if n := count(); n != 2 || !strings.Contains(out.String(), "imported 2") {
		t.Errorf("good CSV: %d stored, printed %q", n, out.String())
	}
}
