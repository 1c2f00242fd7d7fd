package atlas

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"
)

// TestLayerPartsAreTheLayerDocument protects the layer built from encoded
// parts: joined, the parts are byte for byte the document the feature set
// marshals to, for both levels, every zoom level, with the public record,
// a write and demo data, on a past date and after the write, so the cheap
// rebuild serves what the full one would.
func TestLayerPartsAreTheLayerDocument(t *testing.T) {
	ctx := context.Background()
	_, real, demo := realAndDemo(t)
	check := func(when string, s *Service, q Query) {
		t.Helper()
		for _, level := range []string{LevelMunicipality, LevelProvince} {
			for zl := 0; zl <= FullDetail; zl++ {
				set, err := s.Features(ctx, level, q, zl)
				if err != nil {
					t.Fatal(err)
				}
				want, err := json.Marshal(s.FeatureCollection(set))
				if err != nil {
					t.Fatal(err)
				}
				parts, err := s.LayerParts(ctx, level, q, zl)
				if err != nil {
					t.Fatal(err)
				}
				if got := bytes.Join(parts, nil); !bytes.Equal(got, want) {
					i := 0
					for i < len(got) && i < len(want) && got[i] == want[i] {
						i++
					}
					t.Fatalf("%s, %s zoom %d: parts differ from the document at byte %d:\n got  …%s…\n want …%s…",
						when, level, zl, i, got[max(0, i-80):min(len(got), i+80)], want[max(0, i-80):min(len(want), i+80)])
				}
				if len(parts) != len(set.Features)+2 {
					t.Errorf("%s, %s zoom %d: %d parts for %d features, want one per feature plus head and tail", when, level, zl, len(parts), len(set.Features))
				}
			}
		}
	}
	check("no assessments", real, Query{})
	importPublicRecord(t, real)
	check("public record", real, Query{})
	if _, err := real.RecordAssessment(ctx, "test", "GM0363", []byte(`{"assessed_on":"2026-01-02","source":"test & <check>","values":{"stage":{"value":4},"domain.work":{"value":2}}}`)); err != nil {
		t.Fatal(err)
	}
	check("after a write", real, Query{})
	check("on a date", real, Query{Date: "2026-01-01"})
	if _, _, _, err := demo.LoadDemo(ctx); err != nil {
		t.Fatal(err)
	}
	check("demo", demo, Query{})
	check("demo, year 2025", demo, Query{Year: 2025})
}
