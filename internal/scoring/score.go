package scoring

import (
	"math"
	"sort"
	"strings"
)

// Result is the outcome of scoring one municipality's values.
type Result struct {
	// Score is the composite 0..100, rounded to one decimal; nil when no
	// weighted part has a value.
	Score *float64
	// Completeness is the share (0..1) of the indicators that count for
	// completeness which have a value.
	Completeness float64
	// InsufficientData is true when Completeness is below the framework's
	// threshold: the map then shows "insufficient data", not a colour.
	InsufficientData bool
	// Parts holds every part's sub-score 0..100 (one decimal), nil when the
	// part has no value. Every part of the framework is a key.
	Parts map[string]*float64
	// Stage is the stage value, nil when unknown.
	Stage *int
	// StakeholdersInvolved counts the stakeholder groups recorded as
	// involved; nil when no stakeholder indicator is recorded at all.
	StakeholdersInvolved *int
}

// Score combines values (indicator id → value) into a Result.
//
// values holds only the indicators that have a value: a missing indicator is
// unknown and never counts as zero. Each part is the mean of its present
// indicators, each normalised to 0..1 over its scale ((v-min)/(max-min), so
// stage is (v-1)/5). The composite is the weighted mean of the parts that
// have a value (weights from the framework; parts with weight 0 are shown but
// do not count), times 100.
//
// Score expects values validated against the framework (see the assessment
// package). It ignores ids it does not know and values outside their scale
// rather than guessing what they mean.
func (f *Framework) Score(values map[string]int) Result {
	type acc struct {
		sum float64
		n   int
	}
	parts := make(map[string]*acc, len(f.Parts))
	var counted, present int
	var res Result
	res.Parts = make(map[string]*float64, len(f.Parts))
	for _, in := range f.indicators {
		if in.CountsForCompleteness {
			counted++
		}
		v, ok := values[in.ID]
		if !ok || v < in.Min || v > in.Max {
			continue
		}
		if in.CountsForCompleteness {
			present++
		}
		a := parts[in.Part]
		if a == nil {
			a = &acc{}
			parts[in.Part] = a
		}
		a.sum += float64(v-in.Min) / float64(in.Max-in.Min)
		a.n++
		if in.ID == StageID {
			s := v
			res.Stage = &s
		}
		if in.Part == PartStakeholders {
			if res.StakeholdersInvolved == nil {
				res.StakeholdersInvolved = new(int)
			}
			if v == in.Max {
				*res.StakeholdersInvolved++
			}
		}
	}
	var wsum, wtotal float64
	for _, p := range f.Parts {
		a := parts[p.ID]
		if a == nil {
			res.Parts[p.ID] = nil
			continue
		}
		mean := a.sum / float64(a.n)
		res.Parts[p.ID] = ptr(round1(mean * 100))
		if p.Weight > 0 {
			wsum += p.Weight * mean
			wtotal += p.Weight
		}
	}
	if wtotal > 0 {
		res.Score = ptr(clamp(round1(wsum/wtotal*100), 0, 100))
	}
	if counted > 0 {
		res.Completeness = float64(present) / float64(counted)
	}
	res.InsufficientData = res.Completeness < f.CompletenessThreshold
	return res
}

// Median returns the median of xs, ignoring NaN; nil when nothing is left.
// xs is not modified.
func Median(xs []float64) *float64 {
	s := make([]float64, 0, len(xs))
	for _, x := range xs {
		if !math.IsNaN(x) {
			s = append(s, x)
		}
	}
	if len(s) == 0 {
		return nil
	}
	sort.Float64s(s)
	m := s[len(s)/2]
	if len(s)%2 == 0 {
		m = (s[len(s)/2-1] + m) / 2
	}
	return &m
}

// IsStakeholder reports whether id is a stakeholder indicator id.
func IsStakeholder(id string) bool { return strings.HasPrefix(id, StakeholderPrefix) }

func round1(x float64) float64 { return math.Round(x*10) / 10 }

func clamp(x, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, x)) }

func ptr[T any](v T) *T { return &v }
