package main

// Usage errors and exit codes as a shell sees them.

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

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

// TestExitCodes runs the real main (this test binary re-executed) so
// exit codes and panics are what a shell sees: usage errors exit 2, other
// failures 1, never a panic.
func TestExitCodes(t *testing.T) {
	if args := os.Getenv("INCLUSIEKAART_TEST_ARGS"); args != "" {
		os.Args = append([]string{"inclusiekaart"}, strings.Split(args, "\x1f")...)
		main()
		os.Exit(0)
	}
	db := importedDB(t)
	dir := t.TempDir()
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	geo := writeFile(t, dir, "x.geojson", `{"type":"FeatureCollection","features":[]}`)
	semi := writeFile(t, dir, "semi.csv", "code;assessed_on;source;stage\nGM0344;2026-10-01;LIA;9\n") // out of range
	cases := []struct {
		args []string
		code int
	}{
		{[]string{"serve", "--db", db, "--bogus"}, 2},
		{[]string{"serve", "--db", db, "--tiles", "ftp://x/{z}/{x}/{y}.png", "--addr", "127.0.0.1:0"}, 2},
		{[]string{"serve", "--db", db, "--addr", "nonsense"}, 1},
		{[]string{"serve", "--db", db, "--addr", "127.0.0.1:99999"}, 1},
		{[]string{"serve", "--db", db, "--addr", busy.Addr().String()}, 1},
		{[]string{"serve", "--db", filepath.Join(dir, "missing", "x.db"), "--addr", "127.0.0.1:0"}, 1},
		{[]string{"serve", "--db", geo, "--addr", "127.0.0.1:0"}, 1},
		{[]string{"import", "assessments", "--db", db, semi}, 1},
		{[]string{"token", "create", "--db", db}, 2},
		{[]string{"export", "geojson", "--db", db, "--year", "2019"}, 1},
		{[]string{"export", "csv", "--db", db, "--year", "twintig"}, 2},
		{[]string{"export", "shapefile", "--db", db}, 2},
	}
	for _, c := range cases {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestExitCodes$")
		cmd.Env = append(os.Environ(), "INCLUSIEKAART_TEST_ARGS="+strings.Join(c.args, "\x1f"))
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		cancel()
		code := 0
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatalf("%v: %v", c.args, err)
		}
		if code != c.code {
			t.Errorf("%q: exit %d, want %d\nstderr: %.300s", c.args, code, c.code, stderr.String())
		}
		if s := stderr.String(); strings.Contains(s, "panic") || strings.Contains(s, "goroutine ") {
			t.Errorf("%q panicked: %.500s", c.args, s)
		}
		if !strings.HasPrefix(stderr.String(), "inclusiekaart: ") {
			t.Errorf("%q: stderr %.200q does not start with the program name", c.args, stderr.String())
		}
		if stdout.Len() != 0 && !strings.Contains(stdout.String(), "PASS") {
			t.Errorf("%q: failed but wrote to stdout: %.200q", c.args, stdout.String())
		}
	}
}

// TestMissingSubcommandIsNamed: "inclusiekaart import" (or token, export,
// account) without its second word says which ones there are, rather than
// calling the first word unknown.
func TestMissingSubcommandIsNamed(t *testing.T) {
	for args, want := range map[string]string{
		"import":     "import what? one of: boundaries, assessments, record",
		"token":      "token what? one of: create, list, revoke",
		"export xml": `unknown command "export xml"; export takes one of: geojson, csv`,
		"import cvs": `unknown command "import cvs"; import takes one of: boundaries, assessments, record`,
	} {
		err := run(context.Background(), strings.Fields(args), io.Discard, io.Discard)
		var ue usageError
		if !errors.As(err, &ue) || err.Error() != want {
			t.Errorf("%s: %v, want the usage error %q", args, err, want)
		}
	}
}
