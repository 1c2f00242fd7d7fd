// Command inclusiekaart imports boundaries and assessments, serves the map and
// API, and exports data. This file only wires flags to the packages that do the work.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/inclusiekaart/inclusiekaart/geo/source"
	"github.com/inclusiekaart/inclusiekaart/internal/atlas"
	"github.com/inclusiekaart/inclusiekaart/internal/logging"
	"github.com/inclusiekaart/inclusiekaart/internal/server"
	"github.com/inclusiekaart/inclusiekaart/internal/web"
)

const usage = `usage:
  inclusiekaart import boundaries [--db PATH] [--year YEAR] [--level municipality|province] SOURCE
  inclusiekaart import assessments [--db PATH] FILE.csv
  inclusiekaart import record [--db PATH] FILE.csv
  inclusiekaart serve [--db PATH] [--addr 127.0.0.1:8080] [--demo] [--tiles URL]
                      [--record FILE.csv] [--stale-after-months 24] [--corrections-mailto ADDRESS]
                      [--signup-retention-days 90] [--public-url URL] [--trusted-proxy CIDR,...]
                      [--releases data/releases]
  inclusiekaart token create --name NAME [--db PATH]
  inclusiekaart token list [--db PATH]
  inclusiekaart token revoke NAME [--db PATH]
  inclusiekaart account create --name NAME --role coordinator|contributor --organisation ORG
                        [--position POS] [--codes GM0193,...] [--expires-on YYYY-MM-DD] [--public-url URL]
  inclusiekaart account list|invite|rename|scope|expire|revoke --name NAME [--new-name N] [--codes ...] [--expires-on D]
  inclusiekaart export geojson|csv [--db PATH] [--year YEAR]
  inclusiekaart release [--out data/releases] [--db PATH] [--version YYYY-MM-DD] [--year YEAR]
  inclusiekaart backup FILE [--db PATH]
  inclusiekaart restore FILE [--db PATH] [--force]

SOURCE is a GeoJSON or TopoJSON file, or an http(s) URL of a GeoJSON FeatureCollection
or an OGC API - Features items page. The database defaults to $INCLUSIEKAART_DB or
data/inclusiekaart.db. serve (and export) load the public record shipped in
data/public-record.csv (cited desk research) when it changed; --demo adds
generated demo assessments, labelled demo everywhere.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		code := exitCode(err)
		if code == exitUsage {
			fmt.Fprintf(os.Stderr, "inclusiekaart: %v\n\n%s", err, usage)
		} else {
			fmt.Fprintf(os.Stderr, "inclusiekaart: %v\n", err)
		}
		os.Exit(code)
	}
}

type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// Exit codes: 2 for a command line that cannot be run as written, 1 for
// everything else: every kind of service error (a bad input file names the
// line and field, a missing municipality or year, ...) and failures.
const (
	exitFailure = 1
	exitUsage   = 2
)

// exitCode is the one place that maps errors to exit codes.
func exitCode(err error) int {
	var ue usageError
	if errors.As(err, &ue) {
		return exitUsage
	}
	return exitFailure
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usageError{"missing command"}
	}
	cmd, rest := args[0], args[1:]
	sub := ""
	if len(rest) > 0 && (cmd == "import" || cmd == "token" || cmd == "export" || cmd == "account") {
		sub, rest = rest[0], rest[1:]
	}
	switch {
	case cmd == "import" && sub == "boundaries":
		return runImportBoundaries(ctx, rest, stdout, stderr)
	case cmd == "import" && sub == "assessments":
		return runImportAssessments(ctx, rest, stdout, stderr)
	case cmd == "import" && sub == "record":
		return runImportRecord(ctx, rest, stdout, stderr)
	case cmd == "serve":
		return runServe(ctx, rest, stdout, stderr)
	case cmd == "token" && sub == "create":
		return runTokenCreate(ctx, rest, stdout, stderr)
	case cmd == "token" && sub == "list":
		return runTokenList(ctx, rest, stdout)
	case cmd == "token" && sub == "revoke":
		return runTokenRevoke(ctx, rest, stderr)
	case cmd == "account" && sub != "":
		return runAccount(ctx, sub, rest, stdout, stderr)
	case cmd == "export" && (sub == "geojson" || sub == "csv"):
		return runExport(ctx, sub, rest, stdout, stderr)
	case cmd == "backup":
		return runBackup(ctx, rest, stdout)
	case cmd == "restore":
		return runRestore(ctx, rest, stdout)
	case cmd == "release":
		return runRelease(ctx, rest, stdout, stderr)
	case cmd == "help" || cmd == "-h" || cmd == "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	if what, ok := subcommands[cmd]; ok {
		if sub == "" {
			return usageError{fmt.Sprintf("%s what? one of: %s", cmd, what)}
		}
		return usageError{fmt.Sprintf("unknown command %q; %s takes one of: %s", strings.TrimSpace(cmd+" "+sub), cmd, what)}
	}
	return usageError{fmt.Sprintf("unknown command %q", strings.TrimSpace(cmd+" "+sub))}
}

// subcommands are the second words of the commands that take one, for the
// message of a missing or unknown one.
var subcommands = map[string]string{
	"import":  "boundaries, assessments, record",
	"token":   "create, list, revoke",
	"export":  "geojson, csv",
	"account": "create, list, invite, rename, scope, expire, revoke",
}

func defaultDB() string {
	if v := os.Getenv("INCLUSIEKAART_DB"); v != "" {
		return v
	}
	return "data/inclusiekaart.db"
}

// parse parses flags that may stand before or after positional arguments.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	fs.SetOutput(io.Discard)
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, usageError{err.Error()}
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// openService opens the database at path (creating it when missing) and the
// service over it.
func openService(ctx context.Context, path string, cfg atlas.Config) (*atlas.Service, error) {
	return atlas.Open(ctx, path, cfg)
}

func runImportBoundaries(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("import boundaries", flag.ContinueOnError)
	db := fs.String("db", defaultDB(), "database file")
	year := fs.Int("year", 0, "boundary year (default: from the data's jaarcode/jrstatcode, else 2025)")
	levelFlag := fs.String("level", "municipality", "municipality or province")
	maxFeatures := fs.Int("max-features", source.DefaultMaxFeatures, "refuse a source of more features (counted while it is read; nothing is stored)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"import boundaries takes exactly one SOURCE"}
	}
	level, err := source.ParseLevel(*levelFlag)
	if err != nil {
		return usageError{err.Error()}
	}
	if *year != 0 && (*year < 1800 || *year > 2200) {
		return usageError{fmt.Sprintf("--year %d is not a plausible year", *year)}
	}
	if *maxFeatures < 1 {
		return usageError{"--max-features must be at least 1"}
	}
	svc, err := openService(ctx, *db, atlas.Config{})
	if err != nil {
		return err
	}
	defer svc.Close()
	res, err := svc.ImportBoundaries(ctx, pos[0], atlas.ImportOptions{Year: *year, Level: level, Actor: "cli", Fetch: source.FetchOptions{MaxFeatures: *maxFeatures}})
	if err != nil {
		return fmt.Errorf("import boundaries %s: %w (nothing was changed)", pos[0], err)
	}
	for _, w := range res.Warnings {
		fmt.Fprintf(stderr, "warning: %s\n", w)
	}
	fmt.Fprintf(stdout, "imported %d %s boundaries for %d (%s)\n", res.Count, res.Level, res.Year, res.Checksum)
	return nil
}

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	db := fs.String("db", defaultDB(), "database file")
	addr := fs.String("addr", envOr("INCLUSIEKAART_ADDR", "127.0.0.1:8080"), "listen address")
	demo := fs.Bool("demo", false, "load and serve generated demo assessments (labelled demo everywhere)")
	tiles := fs.String("tiles", os.Getenv("INCLUSIEKAART_TILES"), "optional base-map tile URL template, e.g. PDOK BRT Achtergrondkaart")
	tilesAttr := fs.String("tiles-attribution", "", "attribution for the base map")
	record := fs.String("record", "", "public-record CSV to serve instead of the shipped data/public-record.csv")
	staleMonths := fs.Int("stale-after-months", atlas.DefaultStaleAfterMonths, "age in months of the newest source past which information reads 'possibly out of date'")
	retention := fs.Int("signup-retention-days", atlas.DefaultSignupRetentionDays, "days after a meeting when its sign-ups are deleted")
	mailto := fs.String("corrections-mailto", os.Getenv("INCLUSIEKAART_CORRECTIONS_MAILTO"), "e-mail address offered for supplying or correcting a source")
	publicURL := fs.String("public-url", os.Getenv("INCLUSIEKAART_PUBLIC_URL"), "absolute URL the service is reached at; the base of every absolute link (default: the request's Host header)")
	trusted := fs.String("trusted-proxy", os.Getenv("INCLUSIEKAART_TRUSTED_PROXY"), "comma-separated CIDRs of reverse proxies whose X-Forwarded-For gives the client IP")
	releases := fs.String("releases", envOr("INCLUSIEKAART_RELEASES", server.DefaultReleases), "directory of the dataset releases served at /releases")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usageError{fmt.Sprintf("serve takes no arguments, got %q", pos)}
	}
	// An empty host would listen on every interface; the default is this machine only.
	if host, _, err := net.SplitHostPort(*addr); strings.TrimSpace(*addr) == "" || (err == nil && host == "") {
		return usageError{fmt.Sprintf("--addr %q has no host: name one (127.0.0.1 for this machine only, 0.0.0.0 for every interface)", *addr)}
	}
	if *staleMonths < 1 || *staleMonths > 1200 {
		return usageError{fmt.Sprintf("--stale-after-months %d: give a number of months from 1 to 1200", *staleMonths)}
	}
	if *retention < 1 || *retention > 3650 {
		return usageError{fmt.Sprintf("--signup-retention-days %d: give a number of days from 1 to 3650", *retention)}
	}
	if *mailto != "" && (!strings.Contains(*mailto, "@") || strings.ContainsAny(*mailto, " <>\"?&\r\n")) {
		return usageError{fmt.Sprintf("--corrections-mailto %q is not an e-mail address", *mailto)}
	}
	base, err := parsePublicURL(*publicURL)
	if err != nil {
		return err
	}
	proxies, err := web.ParseCIDRs(*trusted)
	if err != nil {
		return usageError{fmt.Sprintf("--trusted-proxy %q: %v", *trusted, err)}
	}
	tuneGC()
	logw := logging.NewBufferedWriter(stderr, 200*time.Millisecond)
	defer logw.Close()
	log := slog.New(slog.NewTextHandler(logw, nil))
	metrics := server.NewMetrics()
	svc, err := openService(ctx, *db, atlas.Config{Demo: *demo, StaleAfterMonths: *staleMonths, SignupRetentionDays: *retention, Log: log, OnImport: metrics.ObserveImport})
	if err != nil {
		return err
	}
	defer svc.Close()
	if *demo {
		if err := loadDemo(ctx, svc, log); err != nil {
			return err
		}
	}
	srv, err := server.New(svc, log, server.Config{Tiles: *tiles, TilesAttribution: *tilesAttr, Version: version(),
		CorrectionsMailto: *mailto, PublicURL: base, TrustedProxies: proxies, Metrics: metrics, Releases: *releases})
	if err != nil {
		return usageError{err.Error()}
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	if err := ensurePublicRecord(ctx, svc, *record, log); err != nil {
		ln.Close()
		return err
	}
	go housekeeping(ctx, svc, log)
	if base == "" {
		log.Warn("no --public-url: absolute links are built from each request's Host header; set it when serving behind a proxy or in production")
	}
	fmt.Fprintf(stdout, "listening on http://%s\n", ln.Addr())
	if f, ok := stdout.(*os.File); ok {
		f.Sync()
	}
	start := time.Now()
	err = srv.Serve(ctx, ln)
	log.Info("stopped", "uptime", time.Since(start).Round(time.Second).String())
	return err
}

// housekeeping applies the retention schedule (contacts of reports, idle
// sessions, expired invitations, sign-ups of past meetings) at start and then daily.
func housekeeping(ctx context.Context, svc *atlas.Service, log *slog.Logger) {
	tick := time.NewTicker(24 * time.Hour)
	defer tick.Stop()
	for {
		if err := svc.Housekeeping(ctx); err != nil && ctx.Err() == nil {
			log.Warn("housekeeping failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// quietLogger discards what it is given (read-only commands print only their output).
func quietLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				return s.Value[:12]
			}
		}
		if bi.Main.Version != "" {
			return bi.Main.Version
		}
	}
	return "dev"
}
