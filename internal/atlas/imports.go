package atlas

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/inclusiekaart/inclusiekaart/internal/demo"
	"github.com/inclusiekaart/inclusiekaart/internal/importer"
	"github.com/inclusiekaart/inclusiekaart/internal/store"
)

// The results and options of the import use cases.
type (
	ImportOptions = importer.Options
	ImportResult  = importer.Result
	RecordOptions = importer.RecordOptions
	RecordResult  = importer.RecordResult
)

// ErrNoBoundaries is returned by ImportRecord before any boundaries exist.
var ErrNoBoundaries = importer.ErrNoBoundaries

// ImportBoundaries imports a boundary source (file or URL) in one transaction.
func (s *Service) ImportBoundaries(ctx context.Context, source string, opt ImportOptions) (ImportResult, error) {
	done := s.timed("boundaries")
	res, err := importer.Boundaries(ctx, s.store, source, opt)
	done(err)
	if err == nil {
		s.invalidate()
	}
	return res, err
}

// ImportRecord loads a public-record CSV as a new edition of the public
// record, unless that edition is loaded already.
func (s *Service) ImportRecord(ctx context.Context, r io.Reader, name, actor string, opts ...RecordOptions) (RecordResult, error) {
	done := s.timed("record")
	res, err := importer.PublicRecord(ctx, s.store, s.facts, s.fw, r, name, actor, s.now(), opts...)
	done(err)
	if err == nil {
		s.invalidate()
	}
	return res, err
}

// timed starts timing an import of kind; the function it returns reports
// the duration and outcome to Config.OnImport.
func (s *Service) timed(kind string) func(error) {
	start := time.Now()
	return func(err error) {
		if s.cfg.OnImport != nil {
			s.cfg.OnImport(kind, time.Since(start), err)
		}
	}
}

// LoadDemo stores generated demo assessments for the newest year's
// municipalities once; they are marked demo and only served with Demo. It
// reports whether it stored them and for how many municipalities.
func (s *Service) LoadDemo(ctx context.Context) (stored bool, versions, municipalities int, err error) {
	year, err := s.ResolveYear(ctx, LevelMunicipality, 0)
	if err != nil {
		return false, 0, 0, err
	}
	areas, err := s.store.Areas(ctx, year, LevelMunicipality, store.Filter{})
	if err != nil {
		return false, 0, 0, err
	}
	codes := make([]string, len(areas))
	for i, a := range areas {
		codes[i] = a.Code
	}
	as := demo.Generate(codes, s.fw, s.now().UTC())
	if stored, err = s.store.LoadDemo(ctx, as); err != nil {
		return false, 0, 0, fmt.Errorf("demo assessments: %w", err)
	}
	s.invalidate()
	return stored, len(as), len(codes), nil
}

// CreateToken creates an API token for name and returns it; only its hash is
// stored, so it can be shown once.
func (s *Service) CreateToken(ctx context.Context, name string) (string, error) {
	return s.store.CreateToken(ctx, name)
}

// ExportGeoJSON returns the municipality FeatureCollection of year (0 =
// newest) at full detail: the body of /api/municipalities.geojson?year=YEAR.
func (s *Service) ExportGeoJSON(ctx context.Context, year int) ([]byte, error) {
	set, err := s.Features(ctx, LevelMunicipality, Query{Year: year}, FullDetail)
	if err != nil {
		return nil, err
	}
	return json.Marshal(s.FeatureCollection(set))
}

// ExportCSV returns the municipality CSV of year: the body of
// /api/municipalities.csv?year=YEAR.
func (s *Service) ExportCSV(ctx context.Context, year int) ([]byte, error) {
	ms, _, err := s.Municipalities(ctx, Query{Year: year})
	if err != nil {
		return nil, err
	}
	return s.MunicipalitiesCSV(ms)
}
