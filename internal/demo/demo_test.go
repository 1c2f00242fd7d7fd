package demo

import (
	"encoding/csv"
	"os"
	"reflect"
	"testing"
	"time"

	"github.com/inclusiekaart/inclusiekaart/internal/assessment"
	"github.com/inclusiekaart/inclusiekaart/internal/fixture"
	"github.com/inclusiekaart/inclusiekaart/internal/scoring"
)

// codes2025 reads the 342 municipality codes of 2025 from the fixture
// gemeenten_2025.csv.
func codes2025(t *testing.T) []string {
	t.Helper()
	fh, err := os.Open(fixture.Boundaries(t, "gemeenten_2025.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	rows, err := csv.NewReader(fh).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, r := range rows[1:] {
		codes = append(codes, r[0])
	}
	return codes
}

var asOf = time.Date(2025, 11, 1, 0, 0, 0, 0, time.UTC)

func TestGenerate(t *testing.T) {
	f, err := scoring.Default()
	if err != nil {
		t.Fatal(err)
	}
	codes := codes2025(t)
	if len(codes) != 342 {
		t.Fatalf("read %d codes, want 342", len(codes))
	}
	as := Generate(codes, f, asOf)
	if !reflect.DeepEqual(as, Generate(codes, f, asOf)) {
		t.Fatal("Generate is not deterministic")
	}
	latest := map[string]assessment.Assessment{}
	versions := map[string]int{}
	prevDate := map[string]string{}
	for _, a := range as {
		if !a.Demo || a.Source != Source || a.Assessor != Assessor {
			t.Fatalf("%s not labelled as demo: %+v", a.Code, a)
		}
		if err := a.Validate(f, asOf); err != nil {
			t.Fatalf("%s %s invalid: %v", a.Code, a.AssessedOn, err)
		}
		for id, v := range a.Values {
			if v.Evidence != "" {
				t.Fatalf("%s %s has a made-up evidence URL", a.Code, id)
			}
		}
		if p := prevDate[a.Code]; p != "" && a.AssessedOn <= p {
			t.Fatalf("%s versions not oldest first: %s after %s", a.Code, a.AssessedOn, p)
		}
		prevDate[a.Code] = a.AssessedOn
		latest[a.Code] = a
		versions[a.Code]++
	}
	if len(latest) != len(codes) {
		t.Fatalf("%d municipalities with demo data, want %d", len(latest), len(codes))
	}
	count := map[int]int{}
	insufficient, withHistory := 0, 0
	var byStage [7][]float64
	for _, c := range codes {
		r := f.Score(latest[c].Ints())
		s := 0
		if r.Stage != nil {
			s = *r.Stage
		}
		count[s]++
		if r.InsufficientData {
			insufficient++
		}
		if versions[c] > 1 {
			withHistory++
		}
		if versions[c] > 3 {
			t.Errorf("%s has %d versions, want at most 3", c, versions[c])
		}
		if r.Score != nil && !r.InsufficientData {
			byStage[s] = append(byStage[s], *r.Score)
		}
	}
	n := float64(len(codes))
	known := n - float64(count[0])
	share := func(stages ...int) float64 {
		k := 0
		for _, s := range stages {
			k += count[s]
		}
		return float64(k) / known
	}
	checks := []struct {
		name   string
		got    float64
		lo, hi float64
	}{
		{"unknown (of all)", float64(count[0]) / n, 0.33, 0.50},
		{"carrying out 5–6 (of known)", share(5, 6), 0.24, 0.36},
		{"adopted 4 (of known)", share(4), 0.04, 0.13},
		{"developing 3 (of known)", share(3), 0.10, 0.21},
		{"not started 1–2 (of known)", share(1, 2), 0.38, 0.56},
		{"insufficient data (of all)", float64(insufficient) / n, 0.2, 0.5},
		{"with history (of all)", float64(withHistory) / n, 0.25, 0.7},
	}
	for _, c := range checks {
		if c.got < c.lo || c.got > c.hi {
			t.Errorf("%s share = %.3f, want within [%.2f, %.2f]", c.name, c.got, c.lo, c.hi)
		}
	}
	if count[6] == 0 {
		t.Error("no municipality at stage 6")
	}
	// Other values follow the stage: median score rises with the stage.
	m12 := scoring.Median(append(byStage[1], byStage[2]...))
	m5 := scoring.Median(byStage[5])
	if m12 == nil || m5 == nil || *m5 <= *m12+15 {
		t.Errorf("median score stage 1–2 = %v, stage 5 = %v; want stage 5 clearly higher", m12, m5)
	}
	t.Logf("stages %v, insufficient %d, with history %d", count, insufficient, withHistory)
}
