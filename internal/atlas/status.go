package atlas

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"math"

	"github.com/inclusiekaart/inclusiekaart/internal/assessment"
	"github.com/inclusiekaart/inclusiekaart/internal/store"
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

// statusFingerprint identifies the scoring behind the stored statuses: the
// framework as published and the version of scoreVersion's rules. Bump the
// version when scoreVersion changes what it stores.
func (s *Service) statusFingerprint() string {
	b, _ := json.Marshal(s.fw.Publish())
	sum := sha256.Sum256(append([]byte("status-v1|"), b...))
	return hex.EncodeToString(sum[:])
}

// statusDetail is what a stored status keeps beyond its columns.
type statusDetail struct {
	Parts  map[string]*float64 `json:"parts"`
	Values map[string]int      `json:"values"`
}

// statusRow scores v into the row the store keeps (at write time).
func (s *Service) statusRow(v store.Version) store.StatusRow {
	st := s.scoreVersion(v.Assessment)
	detail, _ := json.Marshal(statusDetail{Parts: st.Parts, Values: st.Values})
	return store.StatusRow{Code: v.Code, VersionID: v.ID, Stage: st.Stage, StageLabel: st.StageLabel, Score: st.Score,
		Completeness: st.Completeness, InsufficientData: st.InsufficientData, AssessedOn: st.AssessedOn, Demo: st.Demo,
		StakeholdersInvolved: st.StakeholdersInvolved, Basis: st.Basis, SourceDate: st.SourceDate, SourceCount: st.SourceCount,
		Detail: string(detail)}
}

// statusOfRow is the published status a stored row holds; withDetail decodes
// the parts and values too (the list and detail forms show them).
func statusOfRow(r *store.StatusRow, withDetail bool) Status {
	st := Status{Stage: r.Stage, StageLabel: r.StageLabel, Score: r.Score, Completeness: r.Completeness, InsufficientData: r.InsufficientData,
		AssessedOn: r.AssessedOn, Demo: r.Demo, StakeholdersInvolved: r.StakeholdersInvolved, Basis: r.Basis, SourceDate: r.SourceDate, SourceCount: r.SourceCount}
	if withDetail {
		var d statusDetail
		if json.Unmarshal([]byte(r.Detail), &d) == nil {
			st.Parts, st.Values = d.Parts, d.Values
		}
	}
	return st
}

// view is the status view the service serves.
func (s *Service) view() int {
	if s.cfg.Demo {
		return store.ViewWithDemo
	}
	return store.ViewReal
}

// statuses returns the status per municipality code, read once per snapshot
// from the statuses the store keeps (computed at write time). Demo versions
// count only when the service serves demo.
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
	rows, err := s.store.Statuses(ctx, s.view())
	if err != nil {
		return nil, err
	}
	out := make(map[string]Status, len(rows))
	for code, r := range rows {
		out[code] = statusOfRow(&r, true)
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
