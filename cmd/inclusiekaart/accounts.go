package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/inclusiekaart/inclusiekaart/internal/atlas"
)

// runAccount manages accounts from the command line (the operator acts as
// a coordinator): create (prints the invitation link once), list, invite (a
// new link), rename, scope, expire and revoke.
func runAccount(ctx context.Context, sub string, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("account "+sub, flag.ContinueOnError)
	db := fs.String("db", defaultDB(), "database file")
	name := fs.String("name", "", "account name (login name; never shown publicly)")
	role := fs.String("role", atlas.Contributor, "coordinator or contributor")
	org := fs.String("organisation", "", "organisation, shown with the account's contributions (e.g. \"gemeente Zwolle\")")
	position := fs.String("position", "", "position, shown with the organisation (e.g. beleidsmedewerker)")
	codes := fs.String("codes", "", "comma-separated municipality codes a contributor may supply data for")
	expires := fs.String("expires-on", "", "last day of access, YYYY-MM-DD (empty: no end)")
	newName := fs.String("new-name", "", "new account name (rename)")
	publicURL := fs.String("public-url", envOr("INCLUSIEKAART_PUBLIC_URL", "http://127.0.0.1:8080"), "base URL of the site, for the invitation link")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageError{fmt.Sprintf("account %s takes flags only, got %q", sub, pos)}
	}
	if sub != "list" && *name == "" {
		return usageError{"account " + sub + " needs --name NAME"}
	}
	svc, err := openService(ctx, *db, atlas.Config{})
	if err != nil {
		return err
	}
	defer svc.Close()
	by := atlas.CommandLine
	link := func(secret string) string { return strings.TrimSuffix(*publicURL, "/") + "/uitnodiging/" + secret }
	if sub == "create" {
		acc, secret, err := svc.CreateAccount(ctx, by, atlas.AccountSpec{Name: *name, Role: *role, Organisation: *org, Position: *position,
			Codes: strings.Split(*codes, ","), ExpiresOn: *expires})
		if err != nil {
			return describe(err)
		}
		fmt.Fprintln(stdout, link(secret))
		fmt.Fprintf(stderr, "account %q (%s) created; send the link above: it works once, for %d days\n", acc.Name, acc.Role, atlas.InviteDays)
		return nil
	}
	if sub == "list" {
		accs, err := svc.Accounts(ctx, by)
		if err != nil {
			return err
		}
		for _, a := range accs {
			state := "invited"
			switch {
			case a.Revoked:
				state = "revoked"
			case a.Locked:
				state = "locked"
			case a.Active:
				state = "active"
			}
			fmt.Fprintf(stdout, "%s\t%s\t%s\t%s\t%s\t%s\n", a.Name, a.Role, state, strings.TrimSuffix(a.Organisation+", "+a.Position, ", "), strings.Join(a.Codes, ","), a.ExpiresAt)
		}
		return nil
	}
	acc, err := svc.AccountByName(ctx, by, *name)
	if err != nil {
		return err
	}
	var e atlas.AccountEdit
	switch sub {
	case "invite":
		secret, err := svc.Reinvite(ctx, by, acc.ID)
		if err != nil {
			return err
		}
		fmt.Fprintln(stdout, link(secret))
		return nil
	case "rename":
		if *newName == "" {
			return usageError{"account rename needs --new-name"}
		}
		e.Name = newName
	case "scope":
		cs := strings.Split(*codes, ",")
		e.Codes = &cs
	case "expire":
		e.ExpiresOn = expires
	case "revoke":
		e.Revoke = true
	default:
		return usageError{fmt.Sprintf("unknown command %q", "account "+sub)}
	}
	if err := svc.UpdateAccount(ctx, by, acc.ID, e); err != nil {
		return describe(err)
	}
	fmt.Fprintf(stderr, "account %q: %s done\n", acc.Name, sub)
	return nil
}

// describe names every problem of a form error on one line.
func describe(err error) error {
	e, ok := atlas.As(err)
	if !ok || len(e.Problems) < 2 {
		return err
	}
	parts := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		parts[i] = "--" + strings.ReplaceAll(p.Field, "_", "-") + ": " + p.Message
	}
	return fmt.Errorf("%s", strings.Join(parts, "; "))
}

// runTokenList and runTokenRevoke manage the API tokens of scripts.
func runTokenList(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("token list", flag.ContinueOnError)
	db := fs.String("db", defaultDB(), "database file")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	svc, err := openService(ctx, *db, atlas.Config{})
	if err != nil {
		return err
	}
	defer svc.Close()
	toks, err := svc.Tokens(ctx)
	for _, t := range toks {
		fmt.Fprintf(stdout, "%s\t%s\n", t[0], t[1])
	}
	return err
}

func runTokenRevoke(ctx context.Context, args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("token revoke", flag.ContinueOnError)
	db := fs.String("db", defaultDB(), "database file")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"token revoke takes exactly one NAME"}
	}
	svc, err := openService(ctx, *db, atlas.Config{})
	if err != nil {
		return err
	}
	defer svc.Close()
	if err := svc.RevokeToken(ctx, pos[0]); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "token %q revoked\n", pos[0])
	return nil
}
