package atlas

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

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
	year, err := s.ResolveYear(ctx, LevelMunicipality, year)
	if err != nil {
		return Comparison{}, err
	}
	all, snap, err := s.allMunicipalities(ctx, year)
	if err != nil {
		return Comparison{}, err
	}
	out := Comparison{Year: year, Replaced: replaced, Municipalities: make([]Municipality, 0, len(distinct)),
		Medians: ComparisonMedians{National: s.mediansOf(snap, all, year, ""), Provinces: map[string]MedianSet{}}}
	for _, c := range distinct {
		i, ok := slices.BinarySearchFunc(all, c, func(m Municipality, code string) int { return strings.Compare(m.Code, code) })
		if !ok {
			return Comparison{}, &Error{Kind: NotFound, Field: "codes", Message: "parameter codes: no municipality " + c + " in " + joinInts([]int{year})}
		}
		m := all[i]
		out.Municipalities = append(out.Municipalities, m)
		if _, done := out.Medians.Provinces[m.ProvinceCode]; !done {
			out.Medians.Provinces[m.ProvinceCode] = s.mediansOf(snap, all, year, m.ProvinceCode)
		}
	}
	return out, nil
}

// mediansOf returns the medians of the municipalities of year (all, ordered
// by code, of snap) in province ("" for all), computed once per snapshot.
func (s *Service) mediansOf(snap *snapshot, all []Municipality, year int, province string) MedianSet {
	key := fmt.Sprint(year, "|", province)
	var m MedianSet
	ok := false
	s.mu.Lock()
	if snap != nil {
		m, ok = snap.medians[key]
	}
	s.mu.Unlock()
	if ok {
		return m
	}
	ms := all
	if province != "" {
		ms = nil
		for _, x := range all {
			if x.ProvinceCode == province {
				ms = append(ms, x)
			}
		}
	}
	m = s.medians(ms)
	s.mu.Lock()
	if snap != nil && s.snap == snap {
		if snap.medians == nil {
			snap.medians = map[string]MedianSet{}
		}
		snap.medians[key] = m
	}
	s.mu.Unlock()
	return m
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
