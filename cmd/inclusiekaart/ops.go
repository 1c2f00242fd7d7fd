package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"

	"github.com/inclusiekaart/inclusiekaart/internal/atlas"
)

// runBackup writes an online, consistent copy of the database to FILE.
func runBackup(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	db := fs.String("db", defaultDB(), "database file")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"backup takes exactly one FILE"}
	}
	if _, err := os.Stat(*db); err != nil {
		return fmt.Errorf("database %s does not exist", *db)
	}
	svc, err := openService(ctx, *db, atlas.Config{})
	if err != nil {
		return err
	}
	defer svc.Close()
	info, err := svc.Backup(ctx, pos[0])
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backed up %s to %s (migration %d, generation %d, %d boundary sets, %d assessment versions)\n",
		*db, pos[0], info.Migration, info.Generation, info.BoundarySets, info.Assessments)
	return nil
}

// runRestore replaces the database with a checked copy of FILE.
func runRestore(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("restore", flag.ContinueOnError)
	db := fs.String("db", defaultDB(), "database file to replace")
	force := fs.Bool("force", false, "replace the database even while another process has it open (restart that process right after)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"restore takes exactly one FILE"}
	}
	info, err := atlas.Restore(ctx, pos[0], *db, *force)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "restored %s from %s (migration %d, generation %d, %d boundary sets, %d assessment versions)\n",
		*db, pos[0], info.Migration, info.Generation, info.BoundarySets, info.Assessments)
	return nil
}

// runRelease writes a new dataset version into the releases directory.
func runRelease(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("release", flag.ContinueOnError)
	db := fs.String("db", defaultDB(), "database file")
	out := fs.String("out", envOr("INCLUSIEKAART_RELEASES", "data/releases"), "directory of the releases; the version is written to OUT/VERSION")
	ver := fs.String("version", "", "version name (default: today's date, YYYY-MM-DD)")
	year := fs.Int("year", 0, "boundary year (default: newest)")
	pub := fs.String("public-url", os.Getenv("INCLUSIEKAART_PUBLIC_URL"), "URL the site is published at, for the citation")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usageError{"release takes no arguments"}
	}
	base, err := parsePublicURL(*pub)
	if err != nil {
		return err
	}
	if base != "" {
		base += "/releases"
	}
	svc, err := openPublished(ctx, *db)
	if err != nil {
		return err
	}
	defer svc.Close()
	rel, err := svc.Release(ctx, *out, atlas.ReleaseOptions{Version: *ver, Year: *year, Program: version(), URL: base})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "released %s (%s): %d municipalities, %d changed since %s, in %s\n",
		rel.Version, rel.Date, rel.Municipalities, len(rel.Changes), orNone(rel.Previous), rel.Dir)
	return nil
}

func orNone(s string) string {
	if s == "" {
		return "nothing (first release)"
	}
	return s
}

// parsePublicURL checks --public-url: an absolute http(s) URL without query
// or fragment; returned without a trailing slash.
func parsePublicURL(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return "", usageError{fmt.Sprintf("--public-url %q: give the absolute http(s) URL the service is reached at, e.g. https://inclusiekaart.nl", s)}
	}
	return strings.TrimSuffix(s, "/"), nil
}
