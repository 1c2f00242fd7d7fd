package atlas

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"

	"github.com/inclusiekaart/inclusiekaart/internal/assessment"
	"github.com/inclusiekaart/inclusiekaart/internal/testutil"
)

func benchService(b *testing.B) *Service {
	b.Helper()
	st, _ := testutil.Store2025(b)
	s, err := New(st, Config{Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		b.Fatal(err)
	}
	return s
}

// BenchmarkFeaturePageOf100 is the OGC items?limit=100 selection: SQL page,
// count and properties (geometry encoding excluded: BenchmarkGeometryJSON).
func BenchmarkFeaturePageOf100(b *testing.B) {
	s := benchService(b)
	ctx := context.Background()
	b.ResetTimer()
	for range b.N {
		p, err := s.FeaturePage(ctx, LevelMunicipality, Query{}, Page{Limit: 100})
		if err != nil || len(p.Items) != 100 || !p.InSQL {
			b.Fatal(err)
		}
	}
}

// BenchmarkFeaturePageOf100InGo is the same page selected by evaluating in Go
// over the whole collection (the fallback, and the way before issue 16).
func BenchmarkFeaturePageOf100InGo(b *testing.B) {
	s := benchService(b)
	ctx := context.Background()
	b.ResetTimer()
	for range b.N {
		p, err := s.FeaturePage(ctx, LevelMunicipality, Query{NoSQL: true}, Page{Limit: 100})
		if err != nil || len(p.Items) != 100 {
			b.Fatal(err)
		}
	}
}

// BenchmarkGeometryEncode encodes the full-detail geometry of Amsterdam
// (what the cache saves on every later request).
func BenchmarkGeometryEncode(b *testing.B) {
	s := benchService(b)
	ctx := context.Background()
	it, _, err := s.Item(ctx, LevelMunicipality, 0, "GM0363")
	if err != nil {
		b.Fatal(err)
	}
	mp, err := s.Geometry(ctx, it)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		if out := appendMultiPolygon(nil, mp, EncodeCRS84); len(out) == 0 {
			b.Fatal("empty")
		}
	}
}

// BenchmarkDetailWith3000Versions is the detail of a municipality with a
// history of 3,000 versions, first page, not cached (cold) and cached (warm).
func BenchmarkDetailWith3000Versions(b *testing.B) {
	s := benchService(b)
	ctx := context.Background()
	as := make([]assessment.Assessment, 3000)
	for i := range as {
		as[i] = assessment.Assessment{Code: "GM0363", AssessedOn: fmt.Sprintf("%04d-%02d-%02d", 2000+i/300, 1+i/25%12, 1+i%25), Source: "bench",
			Values: map[string]assessment.Value{"stage": {Value: 1 + i%6}, "domain.work": {Value: i % 4}}}
	}
	if _, err := s.store.AddAssessments(ctx, as, "bench"); err != nil {
		b.Fatal(err)
	}
	for _, cold := range []bool{true, false} {
		b.Run(fmt.Sprintf("cold=%v", cold), func(b *testing.B) {
			for range b.N {
				if cold {
					s.invalidate()
				}
				d, err := s.Detail(ctx, 0, "GM0363")
				if err != nil || len(d.History) != DefaultHistoryLimit || d.HistoryTotal != 3000 {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkCompareThree(b *testing.B) {
	s := benchService(b)
	ctx := context.Background()
	b.ResetTimer()
	for range b.N {
		if _, err := s.Compare(ctx, 0, []string{"GM0363", "GM0599", "GM0344"}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkScale compares one boundary year with one version per
// municipality against ten boundary years (the 2025 file imported as
// 2016–2025) with 100 versions per municipality: the uncached cost of a page
// of 100 features, a single feature (with its encoded geometry) and a detail
// must follow the page, not the table (issue 16: at most 1.5×).
func BenchmarkScale(b *testing.B) {
	for _, big := range []bool{false, true} {
		s := benchService(b)
		ctx := context.Background()
		years, versions := 1, 1
		if big {
			years, versions = 10, 100
			src, err := os.ReadFile("../../testdata/boundaries/gemeente_2025.geojson")
			if err != nil {
				b.Fatal(err)
			}
			for y := 2016; y <= 2024; y++ { // the 2025 file as year y
				path := filepath.Join(b.TempDir(), "gemeente.geojson")
				if err := os.WriteFile(path, bytes.ReplaceAll(src, []byte(`"jrstatcode":"2025`), []byte(fmt.Sprintf(`"jrstatcode":"%d`, y))), 0o644); err != nil {
					b.Fatal(err)
				}
				testutil.Import(b, s.store, path, "municipality", y)
			}
		}
		codes := make([]string, 0, 342)
		p, err := s.FeaturePage(ctx, LevelMunicipality, Query{}, Page{Limit: -1})
		if err != nil {
			b.Fatal(err)
		}
		for _, it := range p.Items {
			codes = append(codes, it.Code)
		}
		var as []assessment.Assessment
		for _, c := range codes {
			for v := range versions {
				as = append(as, assessment.Assessment{Code: c, AssessedOn: fmt.Sprintf("%04d-%02d-%02d", 2016+v/12, 1+v%12, 1+v%28), Source: "bench",
					Values: map[string]assessment.Value{"stage": {Value: 1 + v%6}, "domain.work": {Value: v % 4}}})
			}
		}
		if _, err := s.store.AddAssessments(ctx, as, "bench"); err != nil {
			b.Fatal(err)
		}
		s.invalidate()
		name := fmt.Sprintf("years=%d,versions=%d", years, versions)
		b.Run(name+"/items-limit-100", func(b *testing.B) {
			for range b.N {
				p, err := s.FeaturePage(ctx, LevelMunicipality, Query{}, Page{Limit: 100})
				if err != nil || len(p.Items) != 100 {
					b.Fatal(err)
				}
			}
		})
		b.Run(name+"/single-feature", func(b *testing.B) {
			for range b.N {
				it, _, err := s.Item(ctx, LevelMunicipality, 0, "GM0363")
				if err != nil {
					b.Fatal(err)
				}
				mp, err := s.Geometry(ctx, it)
				if err != nil || len(appendMultiPolygon(nil, mp, EncodeCRS84)) == 0 {
					b.Fatal(err)
				}
			}
		})
		b.Run(name+"/detail-cold", func(b *testing.B) {
			for range b.N {
				s.invalidate()
				if _, err := s.Detail(ctx, 0, "GM0363"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
