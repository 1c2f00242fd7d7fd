package atlas

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"testing"

	"github.com/inclusiekaart/inclusiekaart/data"
	"github.com/inclusiekaart/inclusiekaart/internal/assessment"
	"github.com/inclusiekaart/inclusiekaart/internal/store"
	"github.com/inclusiekaart/inclusiekaart/internal/testutil"
)

// TestStoredStatusesEqualScoringTheCurrentVersions: the statuses the store
// keeps (written at write time) are what scoring every current version now
// gives, after a public record, single versions, a demo load and a new
// edition, with and without demo.
func TestStoredStatusesEqualScoringTheCurrentVersions(t *testing.T) {
	ctx := context.Background()
	st, real, demo := realAndDemo(t)
	check := func(when string) {
		t.Helper()
		for _, s := range []*Service{real, demo} {
			s.invalidate()
			got, err := s.statuses(ctx)
			if err != nil {
				t.Fatal(err)
			}
			cur, err := st.Current(ctx, s.cfg.Demo)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(cur) {
				t.Errorf("%s (demo %v): %d stored statuses, %d current versions", when, s.cfg.Demo, len(got), len(cur))
			}
			for _, v := range cur {
				a, _ := json.Marshal(got[v.Code])
				b, _ := json.Marshal(s.scoreVersion(v.Assessment))
				if string(a) != string(b) {
					t.Errorf("%s (demo %v) %s: stored %s, scored %s", when, s.cfg.Demo, v.Code, a, b)
				}
			}
		}
	}
	check("empty")
	importPublicRecord(t, real)
	check("public record")
	if _, err := real.RecordAssessment(ctx, "test", "GM0363", []byte(`{"assessed_on":"2026-01-02","source":"test","values":{"stage":{"value":4},"domain.work":{"value":2}}}`)); err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddAssessments(ctx, []assessment.Assessment{{Code: "GM0014", AssessedOn: "2020-01-01", Source: "older", Values: map[string]assessment.Value{"stage": {Value: 2}}}}, "test"); err != nil {
		t.Fatal(err)
	}
	check("single versions")
	if _, _, _, err := demo.LoadDemo(ctx); err != nil {
		t.Fatal(err)
	}
	check("demo")
}

// realAndDemo is the 2025 boundaries in a new store with a service over it
// without demo data and one with.
func realAndDemo(t *testing.T) (*store.Store, *Service, *Service) {
	t.Helper()
	st, _ := testutil.Store2025(t)
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	real, err := New(st, Config{Log: quiet})
	if err != nil {
		t.Fatal(err)
	}
	demo, err := New(st, Config{Log: quiet, Demo: true})
	if err != nil {
		t.Fatal(err)
	}
	return st, real, demo
}

// importPublicRecord loads the shipped public record through s.
func importPublicRecord(t *testing.T, s *Service) {
	t.Helper()
	f, err := data.FS.Open(data.PublicRecordFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := s.ImportRecord(context.Background(), f, data.PublicRecordFile, "test"); err != nil {
		t.Fatal(err)
	}
}
