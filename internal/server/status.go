package server

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"slices"
	"sort"
	"strings"

	"github.com/inclusiekaart/inclusiekaart/internal/assessment"
	"github.com/inclusiekaart/inclusiekaart/internal/store"
)

// status is the scored current assessment of one municipality.
type status struct {
	Stage            *int
	StageLabel       *string
	Score            *float64
	Completeness     *float64
	InsufficientData *bool
	AssessedOn       *string
	Koploper         bool
	Demo             bool
	Parts            map[string]*float64
	Stakeholders     *int
	Values           map[string]int
	Basis            *string
	SourceDate       *string
	SourceCount      int
}

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

func (x status) apply(m *municipality) {
	m.Stage, m.StageLabel, m.Score, m.Completeness = x.Stage, x.StageLabel, x.Score, x.Completeness
	m.InsufficientData, m.AssessedOn, m.Koploper, m.Demo = x.InsufficientData, x.AssessedOn, x.Koploper, x.Demo
	m.StakeholdersInvolved = x.Stakeholders
	m.Basis, m.SourceDate, m.SourceCount = x.Basis, x.SourceDate, x.SourceCount
	m.Parts, m.Values = x.Parts, x.Values
	if m.Parts == nil {
		m.Parts = map[string]*float64{}
	}
	if m.Values == nil {
		m.Values = map[string]int{}
	}
}

func (s *Server) scoreVersion(v assessment.Assessment) status {
	r := s.fw.Score(v.Ints())
	st := status{Score: r.Score, Parts: r.Parts, Stage: r.Stage, Stakeholders: r.StakeholdersInvolved, Values: v.Ints(), Demo: v.Demo}
	c, insufficient, on := math.Round(r.Completeness*1000)/1000, r.InsufficientData, v.AssessedOn // 3 decimals: 1 of 23 indicators is 0.043
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

// statuses returns the scored current assessment per municipality code; every
// koploper is marked even without an assessment. Demo versions count only when
// the server runs with --demo.
func (s *Server) statuses(ctx context.Context) (map[string]status, error) {
	cur, err := s.store.Current(ctx, s.cfg.Demo)
	if err != nil {
		return nil, err
	}
	out := make(map[string]status, len(cur))
	for _, v := range cur {
		st := s.scoreVersion(v.Assessment)
		st.Koploper = s.facts.Koploper(v.Code)
		out[v.Code] = st
	}
	return out, nil
}

func (s *Server) municipalityStatus(m map[string]status, code string) status {
	if st, ok := m[code]; ok {
		return st
	}
	return status{Koploper: s.facts.Koploper(code)}
}

// indicatorValue is one indicator in the detail view, with its evidence.
type indicatorValue struct {
	ID         string  `json:"id"`
	Part       string  `json:"part"`
	Label      string  `json:"label"`
	LabelEN    string  `json:"label_en"`
	Value      *int    `json:"value"`
	ValueLabel *string `json:"value_label"`
	Min        int     `json:"min"`
	Max        int     `json:"max"`
	Evidence   string  `json:"evidence,omitempty"`
	Note       string  `json:"note,omitempty"`
	Source     string  `json:"source,omitempty"`
	AssessedOn string  `json:"assessed_on,omitempty"`
	// Sources are the dated public sources of the value, newest first.
	Sources []assessment.Source `json:"sources,omitempty"`
}

// citedSource is one dated public source in the detail's source list, with
// the indicators it supports and, for a merged predecessor, its code.
type citedSource struct {
	assessment.Source
	Indicators []string `json:"indicators"`
	Code       string   `json:"code"`
}

// citedSources lists every distinct public source behind the versions (newest
// first, then by URL), each with the indicators it supports.
func citedSources(versions []store.Version) []citedSource {
	out := []citedSource{}
	at := map[string]int{}
	for _, v := range versions {
		ids := make([]string, 0, len(v.Values))
		for id := range v.Values {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		for _, id := range ids {
			for _, src := range v.Values[id].Sources {
				key := v.Code + "|" + src.URL
				i, ok := at[key]
				if !ok {
					i = len(out)
					at[key] = i
					out = append(out, citedSource{Source: src, Code: v.Code})
				}
				if !slices.Contains(out[i].Indicators, id) {
					out[i].Indicators = append(out[i].Indicators, id)
				}
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Date != out[j].Date {
			return out[i].Date > out[j].Date
		}
		return out[i].URL < out[j].URL
	})
	return out
}

// historyEntry is one version in the detail's history, newest first.
type historyEntry struct {
	store.Version
	Score            *float64 `json:"score"`
	Completeness     float64  `json:"completeness"`
	InsufficientData bool     `json:"insufficient_data"`
	Stage            *int     `json:"stage"`
	MergedFrom       string   `json:"merged_from,omitempty"`
}

func (s *Server) addAssessmentDetail(ctx context.Context, code string, out map[string]any) error {
	codes := []string{code}
	preds := s.facts.Predecessors(code)
	for _, p := range preds {
		codes = append(codes, p.OldCode)
	}
	versions, err := s.store.History(ctx, codes, s.cfg.Demo)
	if err != nil {
		return err
	}
	history := make([]historyEntry, 0, len(versions))
	var current *store.Version
	for i, v := range versions {
		r := s.fw.Score(v.Ints())
		h := historyEntry{Version: v, Score: r.Score, Completeness: math.Round(r.Completeness*1000) / 1000, InsufficientData: r.InsufficientData, Stage: r.Stage}
		if v.Code != code {
			h.MergedFrom = v.Code
		} else if current == nil {
			current = &versions[i]
		}
		history = append(history, h)
	}
	inds := make([]indicatorValue, 0, len(s.fw.Indicators()))
	for _, in := range s.fw.Indicators() {
		iv := indicatorValue{ID: in.ID, Part: in.Part, Label: in.Label.In("nl"), LabelEN: in.Label.In("en"), Min: in.Min, Max: in.Max}
		if current != nil {
			if v, ok := current.Values[in.ID]; ok {
				val, lbl := v.Value, in.LevelLabel(v.Value, "nl")
				iv.Value, iv.ValueLabel = &val, &lbl
				iv.Evidence, iv.Note, iv.Source, iv.AssessedOn = v.Evidence, v.Note, current.Source, current.AssessedOn
				if len(v.Sources) > 0 {
					iv.Sources, iv.AssessedOn = v.Sources, v.Sources[0].Date
				}
			}
		}
		inds = append(inds, iv)
	}
	out["indicators"] = inds
	out["history"] = history
	out["sources"] = citedSources(versions)
	if current != nil {
		r := s.fw.Score(current.Ints())
		out["parts"] = r.Parts
		out["source"] = current.Source
		out["assessor"] = current.Assessor
		out["version"] = current.ID
	} else {
		out["parts"] = map[string]*float64{}
	}
	if len(preds) > 0 {
		out["merged_from"] = preds
	}
	return nil
}

// redirectMerged answers 301 to the successor when code was merged away.
func (s *Server) redirectMerged(w http.ResponseWriter, r *http.Request, code string, err error) bool {
	m, ok := s.facts.Successor(code)
	if !ok {
		return false
	}
	if known, kerr := s.store.MunicipalityCodeKnown(r.Context(), m.NewCode); kerr != nil || !known {
		return false
	}
	parts := strings.Split(r.URL.Path, "/")
	for i, p := range parts {
		if strings.EqualFold(p, code) {
			parts[i] = m.NewCode
			break
		}
	}
	target := strings.Join(parts, "/")
	if r.URL.RawQuery != "" {
		target += "?" + r.URL.RawQuery
	}
	w.Header().Set("Location", target)
	writeJSONStatus(w, http.StatusMovedPermanently, map[string]string{
		"error": fmt.Sprintf("%s %s merged into %s %s in %d", code, m.OldName, m.NewCode, m.NewName, m.Year),
		"code":  "moved", "location": target,
	})
	return true
}

// Successor returns the municipality that code was merged into, when it exists
// in some boundary year (the OGC API redirects with it).
func (s *Server) Successor(code string) (string, bool) {
	m, ok := s.facts.Successor(code)
	if !ok {
		return "", false
	}
	known, err := s.store.MunicipalityCodeKnown(context.Background(), m.NewCode)
	return m.NewCode, err == nil && known
}
