package main

// `inclusiekaart token create`: the token is printed once, stored only as a
// hash, and works for the API; bad names are refused.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/inclusiekaart/inclusiekaart/internal/store"
)

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

func TestTokenCreate(t *testing.T) {
	db := importedDB(t)
	cases := []struct {
		name  string
		ok    bool
		usage bool
	}{
		{"", false, true},
		{"   ", false, false},
		{strings.Repeat("x", 101), false, false},
		{strings.Repeat("x", 100000), false, false},
		{strings.Repeat("x", 100), true, false},
		{"coördinator Súdwest-Fryslân", true, false},
	}
	for _, c := range cases {
		before := snapshotDB(t, db)
		out, _, err := runCLI("token", "create", "--db", db, "--name", c.name)
		label := c.name
		if len(label) > 20 {
			label = fmt.Sprintf("%d×%c", len(label), label[0])
		}
		var ue usageError
		switch {
		case c.ok && err != nil:
			t.Errorf("name %q: %v", label, err)
		case !c.ok && err == nil:
			t.Errorf("name %q: accepted, printed %q", label, out)
		case !c.ok && c.usage != errors.As(err, &ue):
			t.Errorf("name %q: usage error = %v, want %v (%v)", label, !c.usage, c.usage, err)
		}
		if !c.ok {
			if out != "" {
				t.Errorf("name %q: failed but printed %q", label, out)
			}
			if snapshotDB(t, db) != before {
				t.Errorf("name %q: database changed on failure", label)
			}
		}
	}

	// Two tokens: each alone on one stdout line, different, and they work.
	var toks []string
	for i := 0; i < 2; i++ {
		out, errOut, err := runCLI("token", "create", "--db", db, "--name", "redacteur")
		if err != nil {
			t.Fatal(err)
		}
		if strings.Count(out, "\n") != 1 || !strings.HasSuffix(out, "\n") || strings.ContainsAny(strings.TrimSuffix(out, "\n"), " \t\r") {
			t.Errorf("stdout %q: want the token alone on one line", out)
		}
		if strings.Contains(errOut, strings.TrimSpace(out)) {
			t.Error("the token is also printed on stderr")
		}
		toks = append(toks, strings.TrimSpace(out))
	}
	if toks[0] == toks[1] {
		t.Fatal("two tokens are equal")
	}
	ts := serveDB(t, db)
	body := `{"assessed_on":"2026-10-01","source":"LIA","values":{"stage":{"value":4}}}`
	flip := []byte(toks[0])
	flip[len(flip)-1] ^= 1
	for _, c := range []struct {
		tok    string
		status int
	}{
		{toks[0], 201},
		{toks[1], 201},
		{"ik_" + strings.Repeat("A", len(toks[0])-3), 401},
		{string(flip), 401},
		{strings.ToUpper(toks[0]), 401},
	} {
		req, _ := http.NewRequest(http.MethodPut, ts.URL+"/api/municipalities/GM0344/assessment", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+c.tok)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != c.status {
			t.Errorf("PUT with token %.8s…: %d, want %d", c.tok, resp.StatusCode, c.status)
		}
	}
}

func TestTokenNameControlCharacters(t *testing.T) {
	db := importedDB(t)
	for _, name := range []string{"a\nb", "a\rb", "tab\there", "nul\x01x", "a\u2028b"} {
		if out, _, err := runCLI("token", "create", "--db", db, "--name", name); err == nil {
			t.Errorf("name %q accepted, printed %q", name, out)
		}
	}
}

func TestTokenNameLimitInCharacters(t *testing.T) {
	db := importedDB(t)
	if _, _, err := runCLI("token", "create", "--db", db, "--name", strings.Repeat("ë", 60)); err != nil {
		t.Errorf("60-character name refused: %v", err)
	}
}
