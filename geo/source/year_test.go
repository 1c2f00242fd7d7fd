package source

import (
	"testing"
)

func TestFeatureYear(t *testing.T) {
	cases := []struct {
		props map[string]any
		want  int
		ok    bool
	}{
		{map[string]any{"jaarcode": float64(2025)}, 2025, true},
		{map[string]any{"jaarcode": "2024"}, 2024, true},
		{map[string]any{"jaarcode": "twintig"}, 0, false},
		{map[string]any{"jrstatcode": "2025GM0363"}, 2025, true},
		{map[string]any{"jrstatcode": "GM"}, 0, false},
		{map[string]any{"year": float64(2023)}, 2023, true},
		{map[string]any{"year": "2019-2020"}, 0, true}, // a foreign "year" that is not ours is ignored
		{map[string]any{"jaarcode": float64(2025), "year": float64(1999)}, 2025, true},
		{map[string]any{}, 0, true},
	}
	for _, c := range cases {
		got, ok := FeatureYear(c.props)
		if got != c.want || ok != c.ok {
			t.Errorf("FeatureYear(%v) = %d, %v; want %d, %v", c.props, got, ok, c.want, c.ok)
		}
	}
}
