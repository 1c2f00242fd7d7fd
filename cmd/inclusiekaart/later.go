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
	"time"

	"github.com/inclusiekaart/inclusiekaart/data"
	"github.com/inclusiekaart/inclusiekaart/internal/assessment"
	"github.com/inclusiekaart/inclusiekaart/internal/demo"
	"github.com/inclusiekaart/inclusiekaart/internal/facts"
	"github.com/inclusiekaart/inclusiekaart/internal/importer"
	"github.com/inclusiekaart/inclusiekaart/internal/scoring"
	"github.com/inclusiekaart/inclusiekaart/internal/server"
	"github.com/inclusiekaart/inclusiekaart/internal/store"
)

func runImportAssessments(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("import assessments", flag.ContinueOnError)
	db := fs.String("db", defaultDB(), "database file")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"import assessments takes exactly one FILE.csv"}
	}
	fw, err := scoring.Default()
	if err != nil {
		return err
	}
	fx, err := facts.Default()
	if err != nil {
		return err
	}
	f, err := os.Open(pos[0])
	if err != nil {
		return err
	}
	defer f.Close()
	if isRecordFile(f) {
		return importRecord(ctx, *db, f, pos[0], stdout)
	}
	as, lines, err := assessment.ReadCSVLines(f, fw, time.Now())
	if err != nil {
		return fmt.Errorf("import assessments %s: %w (nothing was changed)", pos[0], err)
	}
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	for i, a := range as {
		problem, err := importer.AssessmentCodeProblem(ctx, st, fx, a)
		if err != nil {
			return err
		}
		if problem != "" {
			return fmt.Errorf("import assessments %s: line %d, column code: %s (nothing was changed)", pos[0], lines[i], problem)
		}
	}
	ids, err := st.AddAssessments(ctx, as, "cli import "+pos[0])
	if err != nil {
		return fmt.Errorf("import assessments %s: %w (nothing was changed)", pos[0], err)
	}
	fmt.Fprintf(stdout, "imported %d assessments\n", len(ids))
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
	st, err := openStore(ctx, db)
	if err != nil {
		return err
	}
	defer st.Close()
	res, err := loadRecord(ctx, st, r, name, "cli import "+name)
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

func loadRecord(ctx context.Context, st *store.Store, r io.Reader, name, actor string, opts ...importer.RecordOptions) (importer.RecordResult, error) {
	fw, err := scoring.Default()
	if err != nil {
		return importer.RecordResult{}, err
	}
	fx, err := facts.Default()
	if err != nil {
		return importer.RecordResult{}, err
	}
	return importer.PublicRecord(ctx, st, fx, fw, r, name, actor, time.Now(), opts...)
}

// ensurePublicRecord loads the public record shipped in data/ (or file, when
// given) unless that edition is loaded already. Without boundaries there is
// nothing to check its codes against: it says so and loads nothing.
func ensurePublicRecord(ctx context.Context, st *store.Store, file string, log *slog.Logger) error {
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
	res, err := loadRecord(ctx, st, r, name, "serve", importer.RecordOptions{SkipUnknown: true})
	switch {
	case errors.Is(err, importer.ErrNoBoundaries):
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
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	tok, err := st.CreateToken(ctx, *name)
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
	if _, err := os.Stat(*db); err != nil { // a read-only command must not create an empty database
		return fmt.Errorf("database %s does not exist (import boundaries into it first)", *db)
	}
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	// Exports show what serve shows: the shipped public record included.
	if err := ensurePublicRecord(ctx, st, "", quiet); err != nil {
		return err
	}
	srv, err := server.New(st, quiet, server.Config{})
	if err != nil {
		return err
	}
	var body []byte
	if kind == "geojson" {
		body, err = srv.ExportGeoJSON(ctx, *year)
	} else {
		body, err = srv.ExportCSV(ctx, *year)
	}
	if err != nil {
		return err
	}
	_, err = stdout.Write(body)
	return err
}

// loadDemo stores generated demo assessments for the newest year's municipalities
// once; they are marked demo and only served with --demo.
func loadDemo(ctx context.Context, st *store.Store, log *slog.Logger) error {
	years, err := st.Years(ctx, store.LevelMunicipality)
	if err != nil {
		return err
	}
	if len(years) == 0 {
		return fmt.Errorf("--demo: no municipality boundaries imported yet")
	}
	areas, err := st.Areas(ctx, years[0], store.LevelMunicipality, store.Filter{})
	if err != nil {
		return err
	}
	codes := make([]string, len(areas))
	for i, a := range areas {
		codes[i] = a.Code
	}
	fw, err := scoring.Default()
	if err != nil {
		return err
	}
	as := demo.Generate(codes, fw, time.Now().UTC())
	stored, err := st.LoadDemo(ctx, as)
	if err != nil {
		return fmt.Errorf("--demo: %w", err)
	}
	if stored {
		log.Info("loaded demo assessments", "versions", len(as), "municipalities", len(codes))
	}
	return nil
}
