// Package demo generates clearly labelled example assessments so the product
// can be tried before real data is entered. Every generated assessment has
// Demo true, Source "Voorbeeldgegevens (demo)" and Assessor "demo"; evidence
// URLs are always empty, because a made-up link would look like a fact.
//
// The stage shares follow the 2023 Movisie/VNG flitspeiling: about 41% of
// municipalities did not answer (unknown stage), and of those that did, about
// 30% carry out an LIA (stage 5, some 6), 8% adopted one (4), 15% are
// developing one (3) and the rest have not started (1–2). Other values are
// correlated with the stage. Output is a pure function of the codes, the
// framework and asOf: the randomness comes from a hash of the code.
package demo

import (
	"hash/fnv"
	"math"
	"sort"
	"time"

	"github.com/inclusiekaart/inclusiekaart/internal/assessment"
	"github.com/inclusiekaart/inclusiekaart/internal/scoring"
)

// Labels put on every demo assessment.
const (
	Source   = "Voorbeeldgegevens (demo)"
	Assessor = "demo"
)

// Shares used by Generate, documented in docs/methodology.md.
const (
	ShareUnknown = 141.0 / 342.0 // did not answer the 2023 flitspeiling
	// Among municipalities with a known stage:
	ShareCarryingOut = 0.30 // stage 5 or 6
	ShareAdopted     = 0.08 // stage 4
	ShareDeveloping  = 0.15 // stage 3
)

// Generate returns demo assessments for codes: per municipality 1 to 3
// versions, oldest first, the newest dated at most 180 days before asOf.
// Municipalities are returned in the order of codes. Some municipalities
// with an unknown stage get only a few values, below the completeness
// threshold, as in reality.
func Generate(codes []string, f *scoring.Framework, asOf time.Time) []assessment.Assessment {
	var out []assessment.Assessment
	for _, code := range codes {
		out = append(out, generate(code, f, asOf)...)
	}
	return out
}

// rng is a small deterministic generator (splitmix64) seeded per code.
type rng struct{ s uint64 }

func newRNG(code string) *rng {
	h := fnv.New64a()
	_, _ = h.Write([]byte("inclusiekaart-demo:" + code))
	return &rng{s: h.Sum64()}
}

func (r *rng) next() uint64 {
	r.s += 0x9E3779B97F4A7C15
	z := r.s
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
	z = (z ^ (z >> 27)) * 0x94D049BB133111EB
	return z ^ (z >> 31)
}

// float returns a number in [0, 1).
func (r *rng) float() float64 { return float64(r.next()>>11) / (1 << 53) }

func (r *rng) intn(n int) int { return int(r.next() % uint64(n)) }

// pickStage draws a stage, 0 meaning unknown.
func pickStage(r *rng) int {
	if r.float() < ShareUnknown {
		return 0
	}
	x := r.float()
	switch {
	case x < ShareCarryingOut:
		if r.float() < 0.2 {
			return 6
		}
		return 5
	case x < ShareCarryingOut+ShareAdopted:
		return 4
	case x < ShareCarryingOut+ShareAdopted+ShareDeveloping:
		return 3
	default:
		if r.float() < 0.55 {
			return 2
		}
		return 1
	}
}

func generate(code string, f *scoring.Framework, asOf time.Time) []assessment.Assessment {
	r := newRNG(code)
	stage := pickStage(r)
	versions := 1 + r.intn(3) // 0–2 earlier versions
	latest := asOf.AddDate(0, 0, -r.intn(181))
	// Sparse data: most municipalities without a known stage have only a few
	// values; a few have a fuller picture without a stage.
	coverage := 0.55 + 0.45*r.float()
	if stage == 0 {
		coverage = 0.05 + 0.3*r.float()
		if r.float() < 0.15 {
			coverage = 0.6
		}
		versions = 1
	}
	seed := r.next()
	var out []assessment.Assessment
	for v := versions - 1; v >= 0; v-- {
		s := stage
		if s > 0 && v > 0 {
			s = max(1, stage-v*r.intn(2)-(v-1))
		}
		date := latest.AddDate(-v, -r.intn(3), 0)
		// Each version draws from the same per-code stream so that
		// indicators present earlier tend to stay present.
		vr := &rng{s: seed}
		out = append(out, assessment.Assessment{
			Code:       code,
			AssessedOn: date.Format(assessment.DateLayout),
			Source:     Source,
			Assessor:   Assessor,
			Values:     values(f, vr, s, coverage, v),
			Demo:       true,
		})
	}
	return out
}

// values draws indicator values for one version. progress 0..1 follows the
// stage; unknown stage gets a low, uncertain progress.
func values(f *scoring.Framework, r *rng, stage int, coverage float64, age int) map[string]assessment.Value {
	lo, hi := f.StageRange()
	progress := 0.15 + 0.2*r.float()
	if stage > 0 {
		progress = float64(stage-lo) / float64(hi-lo)
	}
	progress = math.Max(0, progress-0.1*float64(age))
	m := map[string]assessment.Value{}
	ins := f.Indicators()
	for _, in := range ins {
		present := r.float()
		noise := r.float()
		switch {
		case in.ID == scoring.StageID:
			if stage > 0 {
				m[in.ID] = assessment.Value{Value: stage}
			}
			continue
		case in.Part == scoring.PartStakeholders:
			// A few groups, more as the agenda progresses; the groups near
			// the top of the checklist (experts by experience, residents,
			// council) are involved first.
			if present < coverage*0.8 {
				p := progress*0.9 + 0.15
				v := 0
				if noise < p-0.02*float64(stakeholderRank(in.ID, ins)) {
					v = 1
				}
				m[in.ID] = assessment.Value{Value: v}
			}
			continue
		}
		if present >= coverage {
			continue
		}
		// Values scatter around progress on the indicator's scale.
		span := float64(in.Max - in.Min)
		x := progress*span + (noise-0.5)*span*0.7
		v := in.Min + int(math.Round(math.Max(0, math.Min(span, x))))
		m[in.ID] = assessment.Value{Value: v}
	}
	if len(m) == 0 {
		// Keep every assessment valid: at least one value.
		for _, in := range ins {
			if in.ID != scoring.StageID {
				m[in.ID] = assessment.Value{Value: in.Min}
				break
			}
		}
	}
	return m
}

func stakeholderRank(id string, ins []scoring.Indicator) int {
	n := 0
	for _, in := range ins {
		if in.ID == id {
			return n
		}
		if in.Part == scoring.PartStakeholders {
			n++
		}
	}
	return n
}

// Codes returns the distinct codes in as, sorted; a helper for tests and
// callers that need to know who has demo data.
func Codes(as []assessment.Assessment) []string {
	seen := map[string]bool{}
	var out []string
	for _, a := range as {
		if !seen[a.Code] {
			seen[a.Code] = true
			out = append(out, a.Code)
		}
	}
	sort.Strings(out)
	return out
}
