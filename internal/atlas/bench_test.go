package atlas

import (
	"context"
	"fmt"
	"io"
	"log/slog"
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
