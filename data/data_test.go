package data

import (
	"encoding/csv"
	"os"
	"testing"

	"github.com/inclusiekaart/inclusiekaart/internal/fixture"
)

// gemeenten2025 reads code → name of the 2025 municipalities from the
// fixture gemeenten_2025.csv.
func gemeenten2025(t *testing.T) map[string]string {
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
	m := map[string]string{}
	for _, r := range rows[1:] {
		m[r[0]] = r[1]
	}
	return m
}

func TestKoplopers(t *testing.T) {
	gm := gemeenten2025(t)
	ks, err := Koplopers()
	if err != nil {
		t.Fatal(err)
	}
	if len(ks) != 25 {
		t.Fatalf("%d koplopers, want 25", len(ks))
	}
	seen := map[string]bool{}
	for _, k := range ks {
		if seen[k.Code] {
			t.Errorf("duplicate code %s", k.Code)
		}
		seen[k.Code] = true
		if got, ok := gm[k.Code]; !ok || got != k.Name {
			t.Errorf("%s: code %s is %q in CBS 2025, file says %q", k.Name2018, k.Code, got, k.Name)
		}
	}
	for code, name := range map[string]string{"GM0518": "'s-Gravenhage", "GM1960": "West Betuwe"} {
		if !seen[code] {
			t.Errorf("%s (%s) missing", name, code)
		}
	}
}

func TestMerges(t *testing.T) {
	gm := gemeenten2025(t)
	ms, err := Merges()
	if err != nil {
		t.Fatal(err)
	}
	old := map[string]string{}
	for _, m := range ms {
		if got, ok := gm[m.NewCode]; !ok || got != m.NewName {
			t.Errorf("%s → %s: successor is %q in CBS 2025, file says %q", m.OldCode, m.NewCode, got, m.NewName)
		}
		if _, ok := gm[m.OldCode]; ok {
			t.Errorf("old code %s (%s) still exists in 2025", m.OldCode, m.OldName)
		}
		if prev, dup := old[m.OldCode]; dup {
			t.Errorf("old code %s listed twice (%s, %s)", m.OldCode, prev, m.NewCode)
		}
		old[m.OldCode] = m.NewCode
		if m.Year < 2000 || m.Year > 2025 {
			t.Errorf("%s: year %d", m.OldCode, m.Year)
		}
	}
	want := map[string]string{"GM0236": "GM1960", "GM0733": "GM1960", "GM0304": "GM1960",
		"GM0501": "GM1992", "GM0530": "GM1992", "GM0614": "GM1992"}
	for o, n := range want {
		if old[o] != n {
			t.Errorf("%s → %q, want %s", o, old[o], n)
		}
	}
}

// TestSplitsNameTheirSuccessorsAsCBS2025Does protects the split
// municipalities the search finds: each part is a 2025 municipality with the
// same name, the old code is gone and is not also a merger.
func TestSplitsNameTheirSuccessorsAsCBS2025Does(t *testing.T) {
	gm := gemeenten2025(t)
	splits, err := Splits()
	if err != nil {
		t.Fatal(err)
	}
	ms, err := Merges()
	if err != nil {
		t.Fatal(err)
	}
	merged := map[string]bool{}
	for _, m := range ms {
		merged[m.OldCode] = true
	}
	want := map[string]int{"GM0140": 3, "GM0053": 2, "GM0788": 4} // Littenseradiel, Winsum, Haaren
	for _, s := range splits {
		if _, ok := gm[s.OldCode]; ok || merged[s.OldCode] {
			t.Errorf("%s (%s) still exists in 2025 or is also a merger", s.OldCode, s.OldName)
		}
		if len(s.Parts) != want[s.OldCode] {
			t.Errorf("%s (%s): %d parts, want %d", s.OldCode, s.OldName, len(s.Parts), want[s.OldCode])
		}
		delete(want, s.OldCode)
		for _, p := range s.Parts {
			if got := gm[p.Code]; got != p.Name {
				t.Errorf("%s → %s: CBS 2025 says %q, file says %q", s.OldCode, p.Code, got, p.Name)
			}
		}
	}
	if len(want) > 0 {
		t.Errorf("splits missing: %v", want)
	}
}

func TestEmbedsFramework(t *testing.T) {
	if _, err := FS.Open("framework.json"); err != nil {
		t.Fatal(err)
	}
}
