package main

import (
	"net/http"
	"strings"
	"testing"
)

// TestAccountCommands protects the operator's commands: the first
// coordinator is created from the command line and gets a working,
// single-use invitation link; accounts are listed, scoped, revoked; names
// are unique and bad flags are named.
func TestAccountCommands(t *testing.T) {
	db := importedDB(t)
	ts := serveDB(t, db)
	out, _, err := runCLI("account", "create", "--db", db, "--name", "eerste", "--role", "coordinator", "--organisation", "Netwerk Inclusieve Gemeenten", "--public-url", ts.URL)
	if err != nil || !strings.HasPrefix(out, ts.URL+"/uitnodiging/") {
		t.Fatalf("create: %q %v", out, err)
	}
	link := strings.TrimSpace(out)
	if code, _ := httpGet(t, link); code != http.StatusOK {
		t.Errorf("invitation link: %d", code)
	}
	if _, _, err := runCLI("account", "create", "--db", db, "--name", "EERSTE", "--role", "coordinator", "--organisation", "x"); err == nil || !strings.Contains(err.Error(), "exists") {
		t.Errorf("duplicate name (other case): %v", err)
	}
	_, _, err = runCLI("account", "create", "--db", db, "--name", "z", "--role", "contributor", "--organisation", "gemeente Zwolle", "--codes", "GM9999")
	if err == nil || !strings.Contains(err.Error(), "GM9999") {
		t.Errorf("unknown code: %v", err)
	}
	_, _, err = runCLI("account", "create", "--db", db, "--name", "z", "--role", "tester", "--organisation", "")
	if err == nil || !strings.Contains(err.Error(), "--role") || !strings.Contains(err.Error(), "--organisation") {
		t.Errorf("bad flags must each be named: %v", err)
	}
	if _, _, err := runCLI("account", "create", "--db", db, "--name", "zwolle", "--role", "contributor", "--organisation", "gemeente Zwolle", "--codes", "gm0193"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := runCLI("account", "scope", "--db", db, "--name", "zwolle", "--codes", "GM0193,GM0363"); err != nil {
		t.Fatal(err)
	}
	list, _, _ := runCLI("account", "list", "--db", db)
	if !strings.Contains(list, "zwolle\tcontributor\tinvited\tgemeente Zwolle\tGM0193,GM0363") || !strings.Contains(list, "eerste\tcoordinator\tinvited") {
		t.Errorf("list:\n%s", list)
	}
	if _, _, err := runCLI("account", "revoke", "--db", db, "--name", "zwolle"); err != nil {
		t.Fatal(err)
	}
	if list, _, _ := runCLI("account", "list", "--db", db); !strings.Contains(list, "zwolle\tcontributor\trevoked") {
		t.Errorf("after revoke:\n%s", list)
	}
	if _, _, err := runCLI("account", "revoke", "--db", db, "--name", "nobody"); err == nil || !strings.Contains(err.Error(), "nobody") {
		t.Errorf("unknown account: %v", err)
	}
}

// TestTokenListAndRevoke protects the script tokens' management.
func TestTokenListAndRevoke(t *testing.T) {
	db := importedDB(t)
	tok, _, err := runCLI("token", "create", "--db", db, "--name", "script")
	if err != nil {
		t.Fatal(err)
	}
	if list, _, _ := runCLI("token", "list", "--db", db); !strings.HasPrefix(list, "script\t") || strings.Contains(list, strings.TrimSpace(tok)) {
		t.Errorf("list shows %q (never the token itself)", list)
	}
	if _, _, err := runCLI("token", "revoke", "--db", db, "script"); err != nil {
		t.Fatal(err)
	}
	if list, _, _ := runCLI("token", "list", "--db", db); list != "" {
		t.Errorf("after revoke: %q", list)
	}
	if _, _, err := runCLI("token", "revoke", "--db", db, "script"); err == nil {
		t.Error("revoking a missing token succeeded")
	}
}
