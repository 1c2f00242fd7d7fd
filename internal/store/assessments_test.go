package store_test

import (
	"context"
	"testing"

	"github.com/inclusiekaart/inclusiekaart/internal/assessment"
	"github.com/inclusiekaart/inclusiekaart/internal/testutil"
)

func version(code, on string, stage int) assessment.Assessment {
	return assessment.Assessment{Code: code, AssessedOn: on, Source: "LIA document",
		Values: map[string]assessment.Value{"stage": {Value: stage, Evidence: "https://example.org/" + code}}}
}

func TestAssessmentVersions(t *testing.T) {
	st, _ := testutil.OpenStore(t)
	ctx := context.Background()
	if _, err := st.AddAssessments(ctx, []assessment.Assessment{version("GM0344", "2025-01-01", 3)}, "a"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddAssessments(ctx, []assessment.Assessment{version("GM0344", "2026-01-01", 4), version("GM0363", "2026-02-01", 5)}, "b"); err != nil {
		t.Fatal(err)
	}
	// An older-dated version recorded later does not become current.
	if _, err := st.AddAssessments(ctx, []assessment.Assessment{version("GM0344", "2024-06-01", 2)}, "c"); err != nil {
		t.Fatal(err)
	}
	hist, err := st.History(ctx, []string{"GM0344"}, false)
	if err != nil {
		t.Fatal(err)
	}
	var dates []string
	for _, h := range hist {
		dates = append(dates, h.AssessedOn)
	}
	if len(hist) != 3 || dates[0] != "2026-01-01" || dates[2] != "2024-06-01" || hist[0].RecordedBy != "b" {
		t.Fatalf("history newest first: %v (recorded by %s)", dates, hist[0].RecordedBy)
	}
	cur, err := st.Current(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(cur) != 2 || cur[0].Code != "GM0344" || cur[0].Values["stage"].Value != 4 || cur[0].Values["stage"].Evidence == "" {
		t.Fatalf("current: %+v", cur)
	}
	// A real version outranks any demo version.
	demo := version("GM0363", "2026-11-01", 1)
	demo.Demo = true
	if _, err := st.LoadDemo(ctx, []assessment.Assessment{demo}); err != nil {
		t.Fatal(err)
	}
	cur, _ = st.Current(ctx, true)
	if cur[1].Code != "GM0363" || cur[1].Demo || cur[1].Values["stage"].Value != 5 {
		t.Errorf("demo replaced a real assessment: %+v", cur[1])
	}
	log, _ := st.AuditLog(ctx)
	adds := 0
	for _, e := range log {
		if e.Action == "add assessment" {
			adds++
		}
	}
	if adds != 4 {
		t.Errorf("audit entries for 4 versions: %d", adds)
	}
}

func TestAddAssessmentsRollsBack(t *testing.T) {
	st, _ := testutil.OpenStore(t)
	ctx := context.Background()
	batch := []assessment.Assessment{version("GM0344", "2026-01-01", 4), version("GM0363", "2026-01-01", 5), version("XX12", "2026-01-01", 3)}
	if _, err := st.AddAssessments(ctx, batch, "batch"); err == nil {
		t.Fatal("a batch with an invalid code was stored")
	}
	var n, audits int
	st.DB().QueryRow(`SELECT COUNT(*) FROM assessments`).Scan(&n)
	st.DB().QueryRow(`SELECT COUNT(*) FROM audit_log`).Scan(&audits)
	if n != 0 || audits != 0 {
		t.Errorf("after a failed batch: %d assessments, %d audit rows; want none", n, audits)
	}
}
