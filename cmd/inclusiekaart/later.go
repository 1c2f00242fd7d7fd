package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/inclusiekaart/inclusiekaart/data"
	"github.com/inclusiekaart/inclusiekaart/internal/atlas"
)

func runImportAssessments(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("import assessments", flag.ContinueOnError)
	db := fs.String("db", defaultDB(), "database file")
	maxRows := fs.Int("max-rows", atlas.DefaultMaxImportRows, "refuse a file of more rows (it is read as a stream; nothing is stored)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"import assessments takes exactly one FILE.csv"}
	}
	f, err := os.Open(pos[0])
	if err != nil {
		return err
	}
	defer f.Close()
	if isRecordFile(f) {
		return importRecord(ctx, *db, f, pos[0], stdout)
	}
	if *maxRows < 1 {
		return usageError{"--max-rows must be at least 1"}
	}
	svc, err := openService(ctx, *db, atlas.Config{MaxImportRows: *maxRows})
	if err != nil {
		return err
	}
	defer svc.Close()
	n, err := svc.ImportAssessmentsCSV(ctx, f, pos[0])
	if err != nil {
		return fmt.Errorf("import assessments %s: %w (nothing was changed)", pos[0], err)
	}
	fmt.Fprintf(stdout, "imported %d assessments\n", n)
	return nil
}

// isRecordFile reports whether f starts with a public-record header (it has a
// source_url column), and rewinds it.
func isRecordFile(f *os.File) bool {
	head := make([]byte, 4096)
	n, _ := io.ReadFull(f, head)
	f.Seek(0, io.SeekStart)
	line, _, _ := strings.Cut(string(head[:n]), "\n")
	return strings.Contains(line, "source_url")
}

func runImportRecord(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("import record", flag.ContinueOnError)
	db := fs.String("db", defaultDB(), "database file")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"import record takes exactly one FILE.csv"}
	}
	f, err := os.Open(pos[0])
	if err != nil {
		return err
	}
	defer f.Close()
	return importRecord(ctx, *db, f, pos[0], stdout)
}

// importRecord loads a public-record CSV as a new edition of the public record.
func importRecord(ctx context.Context, db string, r io.Reader, name string, stdout io.Writer) error {
	svc, err := openService(ctx, db, atlas.Config{})
	if err != nil {
		return err
	}
	defer svc.Close()
	res, err := svc.ImportRecord(ctx, r, name, "cli import "+name)
	if err != nil {
		return fmt.Errorf("import record %s: %w (nothing was changed)", name, err)
	}
	if res.AlreadyLoaded {
		fmt.Fprintf(stdout, "public record %s is loaded already (edition unchanged)\n", name)
		return nil
	}
	fmt.Fprintf(stdout, "imported public record edition %d: %d facts, %d municipalities, %d versions\n", res.Edition.ID, res.Facts, res.Municipality, res.Versions)
	return nil
}

// ensurePublicRecord loads the public record shipped in data/ (or file, when
// given) unless that edition is loaded already. Without boundaries there is
// nothing to check its codes against: it says so and loads nothing.
func ensurePublicRecord(ctx context.Context, svc *atlas.Service, file string, log *slog.Logger) error {
	var r io.Reader
	name := "data/" + data.PublicRecordFile
	if file != "" {
		f, err := os.Open(file)
		if err != nil {
			return fmt.Errorf("--record: %w", err)
		}
		defer f.Close()
		r, name = f, file
	} else {
		b, err := data.FS.ReadFile(data.PublicRecordFile)
		if err != nil {
			return err
		}
		r = bytes.NewReader(b)
	}
	res, err := svc.ImportRecord(ctx, r, name, "serve", atlas.RecordOptions{SkipUnknown: true})
	switch {
	case errors.Is(err, atlas.ErrNoBoundaries):
		log.Warn("public record not loaded: no municipality boundaries yet", "file", name)
		return nil
	case err != nil:
		return fmt.Errorf("public record %s: %w", name, err)
	case !res.AlreadyLoaded:
		log.Info("loaded public record", "file", name, "edition", res.Edition.ID, "facts", res.Facts, "municipalities", res.Municipality, "versions", res.Versions)
	}
	if len(res.Skipped) > 0 {
		log.Warn("public record: codes not in the imported boundaries left out", "count", len(res.Skipped), "codes", strings.Join(res.Skipped, ","))
	}
	return nil
}

func runTokenCreate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("token create", flag.ContinueOnError)
	db := fs.String("db", defaultDB(), "database file")
	name := fs.String("name", "", "who uses the token (recorded with every edit)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 || *name == "" {
		return usageError{"token create needs --name NAME and no arguments"}
	}
	svc, err := openService(ctx, *db, atlas.Config{})
	if err != nil {
		return err
	}
	defer svc.Close()
	tok, err := svc.CreateToken(ctx, *name)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, tok)
	fmt.Fprintln(stderr, "token created; it is shown only once and only its hash is stored")
	return nil
}

func runExport(ctx context.Context, kind string, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	db := fs.String("db", defaultDB(), "database file")
	year := fs.Int("year", 0, "boundary year (default: newest)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usageError{"export takes no arguments"}
	}
	svc, err := openPublished(ctx, *db)
	if err != nil {
		return err
	}
	defer svc.Close()
	var body []byte
	if kind == "geojson" {
		body, err = svc.ExportGeoJSON(ctx, *year)
	} else {
		body, err = svc.ExportCSV(ctx, *year)
	}
	if err != nil {
		return err
	}
	_, err = stdout.Write(body)
	return err
}

// loadDemo stores generated demo assessments for the newest year's municipalities
// once; they are marked demo and only served with --demo.
func loadDemo(ctx context.Context, svc *atlas.Service, log *slog.Logger) error {
	stored, versions, municipalities, err := svc.LoadDemo(ctx)
	if err != nil {
		if atlas.IsKind(err, atlas.NotFound) {
			return fmt.Errorf("--demo: no municipality boundaries imported yet")
		}
		return fmt.Errorf("--demo: %w", err)
	}
	if stored {
		log.Info("loaded demo assessments", "versions", versions, "municipalities", municipalities)
	}
	return nil
}

// openPublished opens an existing database for a read-only command (never
// creating an empty one) with what serve shows: the shipped public record
// included.
func openPublished(ctx context.Context, db string) (*atlas.Service, error) {
	if _, err := os.Stat(db); err != nil {
		return nil, fmt.Errorf("database %s does not exist (import boundaries into it first)", db)
	}
	quiet := quietLogger()
	svc, err := openService(ctx, db, atlas.Config{Log: quiet})
	if err != nil {
		return nil, err
	}
	if err := ensurePublicRecord(ctx, svc, "", quiet); err != nil {
		svc.Close()
		return nil, err
	}
	return svc, nil
}
