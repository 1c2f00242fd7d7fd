package atlas

import (
	"context"
	"math"

	"github.com/inclusiekaart/inclusiekaart/internal/assessment"
)

// sourcesOf returns the newest date and the number of distinct sources behind
// the values of v: the dated public sources where there are any, else the
// evidence links, dated by the assessment. No evidence: no date, count 0.
func sourcesOf(v assessment.Assessment) (newest string, count int) {
	urls := map[string]bool{}
	for _, val := range v.Values {
		for _, src := range val.Sources {
			urls[src.URL] = true
			newest = max(newest, src.Date)
		}
		if len(val.Sources) == 0 && val.Evidence != "" {
			urls[val.Evidence] = true
			newest = max(newest, v.AssessedOn)
		}
	}
	return newest, len(urls)
}

// round3 rounds a share to 3 decimals: 1 of 23 indicators is 0.043.
func round3(v float64) float64 { return math.Round(v*1000) / 1000 }

func (s *Service) scoreVersion(v assessment.Assessment) Status {
	r := s.fw.Score(v.Ints())
	st := Status{Score: r.Score, Parts: r.Parts, Stage: r.Stage, StakeholdersInvolved: r.StakeholdersInvolved, Values: v.Ints(), Demo: v.Demo}
	c, insufficient, on := round3(r.Completeness), r.InsufficientData, v.AssessedOn
	st.Completeness, st.InsufficientData, st.AssessedOn = &c, &insufficient, &on
	if r.Stage != nil {
		l := s.fw.StageLabel(*r.Stage, "nl")
		st.StageLabel = &l
	}
	basis := v.BasisOrDefault()
	st.Basis = &basis
	if newest, n := sourcesOf(v); n > 0 {
		st.SourceDate, st.SourceCount = &newest, n
	}
	return st
}

// statuses returns the scored current assessment per municipality code, built
// once per snapshot. Demo versions count only when the service serves demo.
func (s *Service) statuses(ctx context.Context) (map[string]Status, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	snap, err := s.current(ctx, true)
	if err != nil {
		return nil, err
	}
	if snap.statuses != nil {
		return snap.statuses, nil
	}
	cur, err := s.store.Current(ctx, s.cfg.Demo)
	if err != nil {
		return nil, err
	}
	out := make(map[string]Status, len(cur))
	for _, v := range cur {
		out[v.Code] = s.scoreVersion(v.Assessment)
	}
	snap.statuses = out
	return out, nil
}

// statusOf is the status of code; every koploper is marked, assessed or not,
// and the maps are never nil.
func (s *Service) statusOf(m map[string]Status, code string) Status {
	st := m[code]
	st.Koploper = s.facts.Koploper(code)
	if st.Parts == nil {
		st.Parts = map[string]*float64{}
	}
	if st.Values == nil {
		st.Values = map[string]int{}
	}
	return st
}

// staleBefore is the source date (YYYY-MM-DD) before which information is
// marked possibly out of date.
func (s *Service) staleBefore() string {
	return s.now().AddDate(0, -s.cfg.StaleAfterMonths, 0).Format("2006-01-02")
}
