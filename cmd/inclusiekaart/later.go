package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

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
	srv, err := server.New(st, slog.New(slog.NewTextHandler(io.Discard, nil)), server.Config{})
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
