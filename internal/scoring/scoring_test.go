package scoring

import (
	"encoding/json"
	"errors"
	"math"
	"math/rand"
	"os"
	"strings"
	"testing"
	"testing/fstest"
)

func mustDefault(t testing.TB) *Framework {
	t.Helper()
	f, err := Default()
	if err != nil {
		t.Fatalf("Default: %v", err)
	}
	return f
}

func TestDefaultFramework(t *testing.T) {
	f := mustDefault(t)
	ins := f.Indicators()
	if got, want := len(ins), 1+11+10+1+16; got != want {
		t.Fatalf("got %d indicators, want %d", got, want)
	}
	var ids []string
	for _, in := range ins {
		ids = append(ids, in.ID)
	}
	want := "stage,route.1,route.2,route.3,route.4,route.5,route.6,route.7,route.8,route.9,route.10,route.11," +
		"domain.education,domain.work,domain.housing,domain.public_space,domain.information,domain.buildings," +
		"domain.mobility,domain.care_support,domain.participation,domain.public_services,lived_experience," +
		"stakeholder.lived_experience_experts,stakeholder.residents,stakeholder.council,stakeholder.executive," +
		"stakeholder.civil_servants,stakeholder.advisory_council,stakeholder.researchers,stakeholder.employers," +
		"stakeholder.schools,stakeholder.sports_culture,stakeholder.care_welfare,stakeholder.housing_corporations," +
		"stakeholder.transport,stakeholder.neighbourhood_initiatives,stakeholder.social_partners,stakeholder.media"
	if got := strings.Join(ids, ","); got != want {
		t.Errorf("order:\n got %s\nwant %s", got, want)
	}
	ranges := map[string][2]int{"stage": {1, 6}, "route.7": {0, 2}, "domain.work": {0, 3}, "lived_experience": {0, 3}, "stakeholder.media": {0, 1}}
	for id, r := range ranges {
		in, ok := f.Indicator(id)
		if !ok || in.Min != r[0] || in.Max != r[1] {
			t.Errorf("Indicator(%q) = %+v, %v; want range %v", id, in, ok, r)
		}
		if in.Label.NL == "" || in.Label.EN == "" || in.Short.NL == "" {
			t.Errorf("Indicator(%q) lacks labels", id)
		}
	}
	if _, ok := f.Indicator("domain.unknown"); ok {
		t.Error("unknown indicator found")
	}
	for _, in := range ins {
		if strings.HasPrefix(in.ID, "domain.") && len(in.CRPDArticles) == 0 {
			t.Errorf("%s has no CRPD articles", in.ID)
		}
	}
	tests := []struct {
		stage int
		lang  string
		want  string
	}{
		{1, "nl", "Niet gestart"},
		{4, "en", "LIA adopted"},
		{5, "nl", "LIA in uitvoering"},
		{6, "en", "Monitored and adjusted"},
		{0, "nl", "Onbekend"},
		{7, "en", "Unknown"},
	}
	for _, tt := range tests {
		if got := f.StageLabel(tt.stage, tt.lang); got != tt.want {
			t.Errorf("StageLabel(%d, %q) = %q, want %q", tt.stage, tt.lang, got, tt.want)
		}
	}
}

func fp(x float64) *float64 { return &x }

func TestScoreTable(t *testing.T) {
	f := mustDefault(t)
	all := func(v int) map[string]int {
		m := map[string]int{}
		for _, in := range f.Indicators() {
			if in.Part != PartStakeholders {
				m[in.ID] = max(in.Min, min(v, in.Max))
			}
		}
		return m
	}
	maxAll := map[string]int{}
	for _, in := range f.Indicators() {
		maxAll[in.ID] = in.Max
	}
	tests := []struct {
		name         string
		values       map[string]int
		score        *float64
		completeness float64
		insufficient bool
		parts        map[string]*float64
	}{
		{"empty", nil, nil, 0, true, map[string]*float64{"stage": nil, "domains": nil}},
		{"stage only", map[string]int{"stage": 4}, fp(60), 1.0 / 23, true, map[string]*float64{"stage": fp(60), "route": nil}},
		{"one domain at top is 100 not 10", map[string]int{"domain.housing": 3}, fp(100), 1.0 / 23, true, map[string]*float64{"domains": fp(100)}},
		{"all max", maxAll, fp(100), 1, false, map[string]*float64{"stakeholders": fp(100)}},
		{"all at zero/min", all(0), fp(0), 1, false, nil},
		{"stakeholders only: no score", map[string]int{"stakeholder.media": 1}, nil, 0, true, map[string]*float64{"stakeholders": fp(100)}},
		{"stage 6 and lived experience 0", map[string]int{"stage": 6, "lived_experience": 0}, fp(60), 2.0 / 23, true, nil},
		{"unknown id ignored", map[string]int{"stage": 1, "bogus": 3}, fp(0), 1.0 / 23, true, nil},
		{"out of range ignored", map[string]int{"stage": 9}, nil, 0, true, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := f.Score(tt.values)
			if !eqp(got.Score, tt.score) {
				t.Errorf("score = %v, want %v", deref(got.Score), deref(tt.score))
			}
			if math.Abs(got.Completeness-tt.completeness) > 1e-9 {
				t.Errorf("completeness = %v, want %v", got.Completeness, tt.completeness)
			}
			if got.InsufficientData != tt.insufficient {
				t.Errorf("insufficient = %v, want %v", got.InsufficientData, tt.insufficient)
			}
			for p, want := range tt.parts {
				if !eqp(got.Parts[p], want) {
					t.Errorf("part %s = %v, want %v", p, deref(got.Parts[p]), deref(want))
				}
			}
			if len(got.Parts) != len(f.Parts) {
				t.Errorf("parts has %d keys, want %d", len(got.Parts), len(f.Parts))
			}
		})
	}
}

func TestScoreWeighted(t *testing.T) {
	f := mustDefault(t)
	// stage 5 → 0.8; route all done for 2 steps → 1; work 1 → 1/3.
	v := map[string]int{"stage": 5, "route.1": 2, "route.2": 2, "domain.work": 1,
		"stakeholder.council": 1, "stakeholder.media": 0}
	got := f.Score(v)
	ws, wr, wd := f.parts["stage"].Weight, f.parts["route"].Weight, f.parts["domains"].Weight
	want := math.Round((ws*0.8+wr*1+wd/3)/(ws+wr+wd)*1000) / 10
	if got.Score == nil || *got.Score != want {
		t.Errorf("score = %v, want %v", deref(got.Score), want)
	}
	if got.Stage == nil || *got.Stage != 5 {
		t.Errorf("stage = %v", got.Stage)
	}
	if got.StakeholdersInvolved == nil || *got.StakeholdersInvolved != 1 {
		t.Errorf("stakeholders involved = %v, want 1", got.StakeholdersInvolved)
	}
	if r := f.Score(map[string]int{"stage": 2}); r.StakeholdersInvolved != nil {
		t.Errorf("no stakeholders recorded: got %v, want nil", *r.StakeholdersInvolved)
	}
}

func TestThresholdBoundary(t *testing.T) {
	f := mustDefault(t)
	var counting []string
	for _, in := range f.Indicators() {
		if in.CountsForCompleteness {
			counting = append(counting, in.ID)
		}
	}
	need := int(math.Ceil(f.CompletenessThreshold * float64(len(counting))))
	v := map[string]int{}
	for _, id := range counting[:need-1] {
		v[id] = 1
	}
	if r := f.Score(v); !r.InsufficientData {
		t.Errorf("%d of %d present: want insufficient", need-1, len(counting))
	}
	v[counting[need-1]] = 1
	if r := f.Score(v); r.InsufficientData {
		t.Errorf("%d of %d present (%.3f): want sufficient at threshold %v", need, len(counting), r.Completeness, f.CompletenessThreshold)
	}
}

func randomValues(f *Framework, rng *rand.Rand) map[string]int {
	v := map[string]int{}
	p := rng.Float64()
	for _, in := range f.Indicators() {
		if rng.Float64() < p {
			v[in.ID] = in.Min + rng.Intn(in.Max-in.Min+1)
		}
	}
	return v
}

func TestScoreProperties(t *testing.T) {
	f := mustDefault(t)
	rng := rand.New(rand.NewSource(42))
	ins := f.Indicators()
	differ := 0
	for i := 0; i < 5000; i++ {
		v := randomValues(f, rng)
		r := f.Score(v)
		if r.Score != nil && (math.IsNaN(*r.Score) || *r.Score < 0 || *r.Score > 100) {
			t.Fatalf("score %v out of range for %v", *r.Score, v)
		}
		if r.Completeness < 0 || r.Completeness > 1 || math.IsNaN(r.Completeness) {
			t.Fatalf("completeness %v for %v", r.Completeness, v)
		}
		for id, x := range v {
			in, _ := f.Indicator(id)
			// Raising a present value never lowers the score.
			if x < in.Max {
				up := clone(v)
				up[id] = x + 1
				if ru := f.Score(up); r.Score != nil && *ru.Score < *r.Score {
					t.Fatalf("raising %s %d→%d lowered score %v→%v (%v)", id, x, x+1, *r.Score, *ru.Score, v)
				}
			}
			// Removing a value is not the same as setting it to the minimum.
			gone := clone(v)
			delete(gone, id)
			atMin := clone(v)
			atMin[id] = in.Min
			rg, rm := f.Score(gone), f.Score(atMin)
			if rg.Completeness >= rm.Completeness && in.CountsForCompleteness {
				t.Fatalf("removing %s did not lower completeness", id)
			}
			if !eqp(rg.Score, rm.Score) {
				differ++
			}
		}
		// Each part is the mean of its present values only.
		for _, p := range f.Parts {
			var sum float64
			var n int
			for _, in := range ins {
				if x, ok := v[in.ID]; ok && in.Part == p.ID {
					sum += float64(x-in.Min) / float64(in.Max-in.Min)
					n++
				}
			}
			got := r.Parts[p.ID]
			if n == 0 {
				if got != nil {
					t.Fatalf("part %s = %v with no values", p.ID, *got)
				}
				continue
			}
			if want := round1(sum / float64(n) * 100); got == nil || *got != want {
				t.Fatalf("part %s = %v, want %v for %v", p.ID, deref(got), want, v)
			}
		}
	}
	if differ == 0 {
		t.Error("removing a value always scored like the minimum: missing is treated as zero")
	}
}

func TestMedian(t *testing.T) {
	tests := []struct {
		xs   []float64
		want *float64
	}{
		{nil, nil},
		{[]float64{math.NaN()}, nil},
		{[]float64{3}, fp(3)},
		{[]float64{5, 1, 3}, fp(3)},
		{[]float64{4, 1, 3, 2}, fp(2.5)},
		{[]float64{1, math.NaN(), 2}, fp(1.5)},
	}
	for _, tt := range tests {
		if got := Median(tt.xs); !eqp(got, tt.want) {
			t.Errorf("Median(%v) = %v, want %v", tt.xs, deref(got), deref(tt.want))
		}
	}
	xs := []float64{3, 1, 2}
	Median(xs)
	if xs[0] != 3 {
		t.Error("Median modified its input")
	}
}

func TestLoadRejectsBrokenFrameworks(t *testing.T) {
	good, err := os.ReadFile("../../data/framework.json")
	if err != nil {
		t.Fatal(err)
	}
	mutate := func(fn func(m map[string]any)) []byte {
		var m map[string]any
		if err := json.Unmarshal(good, &m); err != nil {
			t.Fatal(err)
		}
		fn(m)
		b, _ := json.Marshal(m)
		return b
	}
	part := func(m map[string]any, i int) map[string]any { return m["parts"].([]any)[i].(map[string]any) }
	ind := func(m map[string]any, i int) map[string]any { return m["indicators"].([]any)[i].(map[string]any) }
	scale := func(m map[string]any, i int) map[string]any { return m["scales"].([]any)[i].(map[string]any) }
	tests := []struct {
		name string
		doc  []byte
	}{
		{"not json", []byte("{")},
		{"negative weight", mutate(func(m map[string]any) { part(m, 1)["weight"] = -0.1 })},
		{"all weights zero", mutate(func(m map[string]any) {
			for i := range m["parts"].([]any) {
				part(m, i)["weight"] = 0
			}
		})},
		{"duplicate indicator id", mutate(func(m map[string]any) { ind(m, 2)["id"] = "route.1" })},
		{"duplicate part id", mutate(func(m map[string]any) { part(m, 1)["id"] = "stage" })},
		{"unknown part", mutate(func(m map[string]any) { ind(m, 3)["part"] = "nope" })},
		{"unknown scale", mutate(func(m map[string]any) { ind(m, 3)["scale"] = "nope" })},
		{"unknown source", mutate(func(m map[string]any) { ind(m, 3)["source"] = "nope" })},
		{"missing english label", mutate(func(m map[string]any) { ind(m, 3)["label"] = map[string]any{"nl": "x"} })},
		{"scale max below min", mutate(func(m map[string]any) { scale(m, 1)["max"] = -1 })},
		{"scale levels missing", mutate(func(m map[string]any) { scale(m, 2)["levels"] = []any{} })},
		{"threshold above 1", mutate(func(m map[string]any) { m["completeness_threshold"] = 1.5 })},
		{"threshold negative", mutate(func(m map[string]any) { m["completeness_threshold"] = -0.5 })},
		{"no stage indicator", mutate(func(m map[string]any) { m["indicators"] = m["indicators"].([]any)[1:] })},
		{"stakeholder without prefix", mutate(func(m map[string]any) {
			l := m["indicators"].([]any)
			l[len(l)-1].(map[string]any)["id"] = "media"
		})},
		{"bad id", mutate(func(m map[string]any) { ind(m, 3)["id"] = "Route 3" })},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(fstest.MapFS{FileName: {Data: tt.doc}})
			if err == nil {
				t.Fatal("Load accepted a broken framework")
			}
			if tt.name != "not json" && !errors.Is(err, ErrInvalidFramework) {
				t.Errorf("error %v does not wrap ErrInvalidFramework", err)
			}
		})
	}
	if _, err := Load(fstest.MapFS{FileName: {Data: mutate(func(map[string]any) {})}}); err != nil {
		t.Fatalf("round-tripped framework rejected: %v", err)
	}
	if _, err := Load(fstest.MapFS{}); err == nil {
		t.Error("Load without a file succeeded")
	}
}

// TestWeightsComeFromFile shows that a weight change needs no code change.
func TestWeightsComeFromFile(t *testing.T) {
	good, _ := os.ReadFile("../../data/framework.json")
	var m map[string]any
	_ = json.Unmarshal(good, &m)
	for _, p := range m["parts"].([]any) {
		pm := p.(map[string]any)
		pm["weight"] = 0.0
		if pm["id"] == "domains" {
			pm["weight"] = 1.0
		}
	}
	b, _ := json.Marshal(m)
	f, err := Load(fstest.MapFS{FileName: {Data: b}})
	if err != nil {
		t.Fatal(err)
	}
	r := f.Score(map[string]int{"stage": 6, "domain.work": 0})
	if r.Score == nil || *r.Score != 0 {
		t.Errorf("only domains weighted: score = %v, want 0", deref(r.Score))
	}
}

func clone(m map[string]int) map[string]int {
	c := make(map[string]int, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

func eqp(a, b *float64) bool {
	if a == nil || b == nil {
		return a == b
	}
	return math.Abs(*a-*b) < 1e-9
}

func deref(p *float64) any {
	if p == nil {
		return "nil"
	}
	return *p
}
