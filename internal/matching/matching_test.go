package matching

import (
	"reflect"
	"testing"

	"github.com/inclusiekaart/inclusiekaart/internal/scoring"
)

func ip(i int) *int         { return &i }
func fp(f float64) *float64 { return &f }

func TestPeers(t *testing.T) {
	f, err := scoring.Default()
	if err != nil {
		t.Fatal(err)
	}
	target := Candidate{Code: "GM0001", Name: "Doel", ProvinceCode: "PV25", Stage: ip(3), Score: fp(40),
		Values: map[string]int{"domain.housing": 1}}
	cands := []Candidate{
		target,
		{Code: "GM0010", Name: "Buur Vooruit", ProvinceCode: "PV25", Neighbour: true, DistanceKm: 8, Stage: ip(4), Score: fp(55), Values: map[string]int{"domain.housing": 3}},
		{Code: "GM0011", Name: "Buur Achter", ProvinceCode: "PV25", Neighbour: true, DistanceKm: 6, Stage: ip(2), Score: fp(70), Values: map[string]int{"domain.housing": 0}},
		{Code: "GM0012", Name: "Buur Ver Vooruit", ProvinceCode: "PV25", Neighbour: true, DistanceKm: 5, Stage: ip(6), Score: fp(90)},
		{Code: "GM0013", Name: "Buur Zelfde", ProvinceCode: "PV25", Neighbour: true, DistanceKm: 7, Stage: ip(3), Score: fp(45), Values: map[string]int{"domain.housing": 2}},
		{Code: "GM0020", Name: "Provincie", ProvinceCode: "PV25", DistanceKm: 30, Stage: ip(5), Score: fp(60), Values: map[string]int{"domain.housing": 2}},
		{Code: "GM0021", Name: "Provincie Onbekend", ProvinceCode: "PV25", DistanceKm: 20},
		{Code: "GM0031", Name: "Ver B", ProvinceCode: "PV26", DistanceKm: 42, Stage: ip(5), Score: fp(50)},
		{Code: "GM0030", Name: "Ver A", ProvinceCode: "PV26", DistanceKm: 42, Stage: ip(5), Score: fp(50), Values: map[string]int{"domain.housing": 3}},
		{Code: "GM0032", Name: "Ver dichtbij", ProvinceCode: "PV27", DistanceKm: 35.4, Stage: ip(3), Score: fp(41)},
	}
	tests := []struct {
		name    string
		target  Candidate
		domain  string
		limit   int
		codes   []string
		reasons []string
		en      []string
	}{
		{
			name: "overall", target: target, limit: 0,
			codes:   []string{"GM0013", "GM0010", "GM0012", "GM0020", "GM0032", "GM0030", "GM0031"},
			reasons: []string{"buur, zelfde fase, score 45 vs 40", "buur, één fase verder", "buur, drie fasen verder", "zelfde provincie, twee fasen verder", "35 km, zelfde fase, score 41 vs 40", "42 km, twee fasen verder", "42 km, twee fasen verder"},
			en:      []string{"neighbour, same stage, score 45 vs 40", "neighbour, one stage ahead", "neighbour, three stages ahead", "same province, two stages ahead", "35 km, same stage, score 41 vs 40", "42 km, two stages ahead", "42 km, two stages ahead"},
		},
		{
			name: "limit", target: target, limit: 2,
			codes:   []string{"GM0013", "GM0010"},
			reasons: []string{"buur, zelfde fase, score 45 vs 40", "buur, één fase verder"},
			en:      []string{"neighbour, same stage, score 45 vs 40", "neighbour, one stage ahead"},
		},
		{
			name: "domain housing", target: target, domain: "domain.housing",
			codes:   []string{"GM0013", "GM0010", "GM0020", "GM0030"},
			reasons: []string{"buur, wonen 2 vs 1", "buur, wonen 3 vs 1", "zelfde provincie, wonen 2 vs 1", "42 km, wonen 3 vs 1"},
			en:      []string{"neighbour, housing 2 vs 1", "neighbour, housing 3 vs 1", "same province, housing 2 vs 1", "42 km, housing 3 vs 1"},
		},
		{
			name: "target without domain value", target: Candidate{Code: "GM0001", ProvinceCode: "PV25"}, domain: "domain.housing", limit: 1,
			codes:   []string{"GM0013"},
			reasons: []string{"buur, wonen 2 vs onbekend"},
			en:      []string{"neighbour, housing 2 vs unknown"},
		},
		{
			name: "unknown target stage", target: Candidate{Code: "GM0001", ProvinceCode: "PV25"}, limit: 1,
			codes:   []string{"GM0011"},
			reasons: []string{"buur, fase 2 (Verkennend / op de agenda), eigen fase onbekend"},
			en:      []string{"neighbour, stage 2 (Exploring / on the agenda), own stage unknown"},
		},
		{name: "unknown domain", target: target, domain: "domain.sport"},
		{name: "top of the class", target: Candidate{Code: "GM0012", ProvinceCode: "PV25", Stage: ip(6), Score: fp(100)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Peers(tt.target, cands, tt.domain, f, tt.limit)
			var codes, reasons, en []string
			for _, p := range got {
				codes, reasons, en = append(codes, p.Code), append(reasons, p.Reason), append(en, p.ReasonEN)
				if p.Code == tt.target.Code {
					t.Errorf("target suggested as its own peer")
				}
				if (tt.domain != "") != (p.DomainValue != nil) {
					t.Errorf("%s DomainValue = %v with domain %q", p.Code, p.DomainValue, tt.domain)
				}
			}
			if !reflect.DeepEqual(codes, tt.codes) {
				t.Errorf("codes = %v, want %v", codes, tt.codes)
			}
			if !reflect.DeepEqual(reasons, tt.reasons) {
				t.Errorf("reasons = %q, want %q", reasons, tt.reasons)
			}
			if !reflect.DeepEqual(en, tt.en) {
				t.Errorf("reasons EN = %q, want %q", en, tt.en)
			}
		})
	}
	// Order does not depend on input order.
	rev := append([]Candidate(nil), cands...)
	for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
		rev[i], rev[j] = rev[j], rev[i]
	}
	if a, b := Peers(target, cands, "", f, 0), Peers(target, rev, "", f, 0); !reflect.DeepEqual(a, b) {
		t.Error("result depends on the order of candidates")
	}
}
