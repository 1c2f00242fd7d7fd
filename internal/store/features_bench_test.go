package store_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/inclusiekaart/inclusiekaart/internal/assessment"
	"github.com/inclusiekaart/inclusiekaart/internal/store"
	"github.com/inclusiekaart/inclusiekaart/internal/testutil"
)

// The store's read queries on the real 2025 boundaries: what one request of
// the OGC items, a single feature and a detail's history costs in SQL.

func BenchmarkSelectFeaturesPageOf100(b *testing.B) {
	st, _ := testutil.Store2025(b)
	ctx := context.Background()
	b.ResetTimer()
	for range b.N {
		rows, n, err := st.SelectFeatures(ctx, 2025, store.LevelMunicipality, store.Select{Limit: 100, Count: true})
		if err != nil || len(rows) != 100 || n != 342 {
			b.Fatal(len(rows), n, err)
		}
	}
}

func BenchmarkSelectFeaturesFilteredDeepPage(b *testing.B) {
	st, _ := testutil.Store2025(b)
	ctx := context.Background()
	sel := store.Select{Equal: []store.Equal{{Field: "stage", Values: []any{nil}}}, Offset: 300, Limit: 10, Count: true}
	b.ResetTimer()
	for range b.N {
		rows, _, err := st.SelectFeatures(ctx, 2025, store.LevelMunicipality, sel)
		if err != nil || len(rows) != 10 {
			b.Fatal(len(rows), err)
		}
	}
}

func BenchmarkSelectFeatureByCode(b *testing.B) {
	st, _ := testutil.Store2025(b)
	ctx := context.Background()
	b.ResetTimer()
	for range b.N {
		rows, _, err := st.SelectFeatures(ctx, 2025, store.LevelMunicipality, store.Select{Code: "GM0363", Limit: 1})
		if err != nil || len(rows) != 1 {
			b.Fatal(len(rows), err)
		}
	}
}

// BenchmarkHistoryFirstPageOf3000 reads the first page (100) of a history
// of 3,000 versions: issue 16 asks for under 50 ms.
func BenchmarkHistoryFirstPageOf3000(b *testing.B) {
	st, _ := testutil.Store2025(b)
	ctx := context.Background()
	as := make([]assessment.Assessment, 3000)
	for i := range as {
		as[i] = assessment.Assessment{Code: "GM0363", AssessedOn: fmt.Sprintf("%04d-%02d-%02d", 2000+i/300, 1+i/25%12, 1+i%25), Source: "bench",
			Values: map[string]assessment.Value{"stage": {Value: 1 + i%6}, "domain.work": {Value: i % 4}}}
	}
	if _, err := st.AddAssessments(ctx, as, "bench"); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		vs, next, total, err := st.HistoryPage(ctx, []string{"GM0363"}, false, 100, nil)
		if err != nil || len(vs) != 100 || next == nil || total != 3000 {
			b.Fatal(len(vs), total, err)
		}
	}
}
