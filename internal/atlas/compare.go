package atlas

import (
	"context"
	"math"

	"github.com/inclusiekaart/inclusiekaart/internal/scoring"
)

// MedianSet holds medians of the score and of each part over the scored
// municipalities (those with enough data).
type MedianSet struct {
	N     int                 `json:"n"`
	Score *float64            `json:"score"`
	Parts map[string]*float64 `json:"parts"`
}

// Comparison is 2 to 6 municipalities side by side with the national medians
// and those of their provinces.
type Comparison struct {
	Year           int               `json:"year"`
	Municipalities []Municipality    `json:"municipalities"`
	Replaced       map[string]string `json:"replaced"`
	Medians        ComparisonMedians `json:"medians"`
}

// ComparisonMedians are the national and per-province medians of a comparison.
type ComparisonMedians struct {
	National  MedianSet            `json:"national"`
	Provinces map[string]MedianSet `json:"provinces"`
}

// Compare compares the municipalities with codes (already in canonical form)
// in year (0 = newest). A code merged away is replaced by its successor
// (listed in Replaced); duplicates count once; 2 to 6 distinct codes are
// needed.
func (s *Service) Compare(ctx context.Context, year int, codes []string) (Comparison, error) {
	var distinct []string
	seen := map[string]bool{}
	replaced := map[string]string{}
	for _, code := range codes {
		if next, merged := s.Successor(ctx, code); merged { // compare what the old code became
			replaced[code] = next
			code = next
		}
		if !seen[code] {
			seen[code] = true
			distinct = append(distinct, code)
		}
	}
	if len(distinct) < 2 || len(distinct) > 6 {
		return Comparison{}, ParamError("codes", "give 2 to 6 different municipality codes (%d given)", len(distinct))
	}
	all, year, err := s.Municipalities(ctx, Query{Year: year})
	if err != nil {
		return Comparison{}, err
	}
	byCode := map[string]Municipality{}
	byProvince := map[string][]Municipality{}
	for _, m := range all {
		byCode[m.Code] = m
		byProvince[m.ProvinceCode] = append(byProvince[m.ProvinceCode], m)
	}
	out := Comparison{Year: year, Replaced: replaced, Municipalities: make([]Municipality, 0, len(distinct)),
		Medians: ComparisonMedians{National: s.medians(all), Provinces: map[string]MedianSet{}}}
	for _, c := range distinct {
		m, ok := byCode[c]
		if !ok {
			return Comparison{}, &Error{Kind: NotFound, Field: "codes", Message: "parameter codes: no municipality " + c + " in " + joinInts([]int{year})}
		}
		out.Municipalities = append(out.Municipalities, m)
		if _, done := out.Medians.Provinces[m.ProvinceCode]; !done {
			out.Medians.Provinces[m.ProvinceCode] = s.medians(byProvince[m.ProvinceCode])
		}
	}
	return out, nil
}

func (s *Service) medians(ms []Municipality) MedianSet {
	var scores []float64
	parts := map[string][]float64{}
	n := 0
	for _, m := range ms {
		if m.Score == nil || (m.InsufficientData != nil && *m.InsufficientData) {
			continue
		}
		n++
		scores = append(scores, *m.Score)
		for id, v := range m.Parts {
			if v != nil {
				parts[id] = append(parts[id], *v)
			}
		}
	}
	out := MedianSet{N: n, Score: round1(scoring.Median(scores)), Parts: map[string]*float64{}}
	for _, p := range s.fw.PartList() {
		out.Parts[p.ID] = round1(scoring.Median(parts[p.ID]))
	}
	return out
}

func round1(p *float64) *float64 {
	if p == nil {
		return nil
	}
	v := math.Round(*p*10) / 10
	return &v
}
