// Package scoring holds the assessment framework (data/framework.json) and
// the pure functions that turn a municipality's indicator values into a
// score, a completeness share and per-part results.
//
// The framework file is the single source of the model: stages, scales,
// indicators, labels, weights and the completeness threshold all come from
// it, so changing a weight or a label needs no code change. See
// docs/methodology.md for the reasoning.
package scoring

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"regexp"
	"strings"

	"github.com/inclusiekaart/inclusiekaart/data"
)

// FileName is the name of the framework file inside the file system passed
// to Load.
const FileName = "framework.json"

// Part ids used by the code. Everything else about a part (label, weight,
// whether it counts for completeness) comes from the framework file.
const (
	PartStage           = "stage"
	PartRoute           = "route"
	PartDomains         = "domains"
	PartLivedExperience = "lived_experience"
	PartStakeholders    = "stakeholders"
)

// StageID is the indicator id of the stage of the local inclusion agenda.
const StageID = "stage"

// StakeholderPrefix starts every stakeholder indicator id.
const StakeholderPrefix = "stakeholder."

// Text is a label in Dutch and English.
type Text struct {
	NL string `json:"nl"`
	EN string `json:"en"`
}

// In returns the text in lang ("nl" or "en"); any other language gets Dutch,
// the product's primary language.
func (t Text) In(lang string) string {
	if strings.EqualFold(lang, "en") && t.EN != "" {
		return t.EN
	}
	return t.NL
}

// Source is a reference that framework elements point to by id.
type Source struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	URL  string `json:"url,omitempty"`
}

// Level is one labelled value on a scale.
type Level struct {
	Value int  `json:"value"`
	Label Text `json:"label"`
}

// Scale is an integer range with a label for every value.
type Scale struct {
	ID     string  `json:"id"`
	Min    int     `json:"min"`
	Max    int     `json:"max"`
	Source string  `json:"source"`
	Levels []Level `json:"levels"`
}

// Part is a group of indicators that is averaged into one sub-score.
type Part struct {
	ID    string `json:"id"`
	Label Text   `json:"label"`
	// Weight is the part's weight in the composite score. A weight of 0 shows
	// the part (e.g. stakeholder coverage) without letting it move the score.
	Weight float64 `json:"weight"`
	// CountsForCompleteness says whether the part's indicators make up the
	// completeness share.
	CountsForCompleteness bool   `json:"counts_for_completeness"`
	Source                string `json:"source"`
}

// Indicator is one thing that is assessed, e.g. "domain.work".
type Indicator struct {
	ID    string `json:"id"`
	Part  string `json:"part"`
	Scale string `json:"scale"`
	Label Text   `json:"label"`
	// Short is a lower-case label for use inside a sentence ("wonen").
	Short        Text   `json:"short"`
	Source       string `json:"source"`
	CRPDArticles []int  `json:"crpd_articles,omitempty"`

	// Filled in from the scale and part by Load.
	Min                   int     `json:"-"`
	Max                   int     `json:"-"`
	Levels                []Level `json:"-"`
	CountsForCompleteness bool    `json:"-"`
}

// LevelLabel returns the label of value v on the indicator's scale, or ""
// when v is not on the scale.
func (in Indicator) LevelLabel(v int, lang string) string {
	for _, l := range in.Levels {
		if l.Value == v {
			return l.Label.In(lang)
		}
	}
	return ""
}

// Framework is the validated scoring model. It is read-only after Load and
// safe for concurrent use.
type Framework struct {
	Version               string   `json:"version"`
	Title                 Text     `json:"title"`
	CompletenessThreshold float64  `json:"completeness_threshold"`
	UnknownLabel          Text     `json:"unknown_label"`
	Sources               []Source `json:"sources"`
	Scales                []Scale  `json:"scales"`
	Parts                 []Part   `json:"parts"`
	Notes                 Text     `json:"notes"`

	raw        []Indicator // as read from the file
	indicators []Indicator // in the documented order, see Indicators
	byID       map[string]int
	parts      map[string]Part
	stage      Scale
}

// Default loads the framework embedded from data/framework.json.
func Default() (*Framework, error) {
	return Load(data.FS)
}

// Load reads framework.json from fsys and validates it.
func Load(fsys fs.FS) (*Framework, error) {
	b, err := fs.ReadFile(fsys, FileName)
	if err != nil {
		return nil, fmt.Errorf("scoring: read framework: %w", err)
	}
	return Parse(b)
}

// ErrInvalidFramework is wrapped by every validation error of Parse and Load.
var ErrInvalidFramework = errors.New("invalid framework")

// Parse decodes and validates a framework document.
func Parse(b []byte) (*Framework, error) {
	var file struct {
		Framework
		Indicators []Indicator `json:"indicators"`
	}
	if err := json.Unmarshal(b, &file); err != nil {
		return nil, fmt.Errorf("scoring: %w: %v", ErrInvalidFramework, err)
	}
	f := file.Framework
	f.raw = file.Indicators
	if err := f.init(); err != nil {
		return nil, fmt.Errorf("scoring: %w: %v", ErrInvalidFramework, err)
	}
	return &f, nil
}

var idPattern = regexp.MustCompile(`^[a-z][a-z0-9_]*(\.[a-z0-9_]+)?$`)

func (f *Framework) init() error {
	if math.IsNaN(f.CompletenessThreshold) || f.CompletenessThreshold < 0 || f.CompletenessThreshold > 1 {
		return fmt.Errorf("completeness_threshold %v not within 0..1", f.CompletenessThreshold)
	}
	sources := map[string]bool{}
	for _, s := range f.Sources {
		if s.ID == "" || s.Name == "" {
			return fmt.Errorf("source %q: id and name are required", s.ID)
		}
		if sources[s.ID] {
			return fmt.Errorf("duplicate source id %q", s.ID)
		}
		sources[s.ID] = true
	}
	checkSource := func(what, id string) error {
		if !sources[id] {
			return fmt.Errorf("%s: unknown source %q", what, id)
		}
		return nil
	}
	scales := map[string]Scale{}
	for _, s := range f.Scales {
		if s.ID == "" {
			return errors.New("scale without id")
		}
		if _, dup := scales[s.ID]; dup {
			return fmt.Errorf("duplicate scale id %q", s.ID)
		}
		if s.Min < 0 || s.Max <= s.Min || s.Max > 100 {
			return fmt.Errorf("scale %q: range %d..%d not sane (need 0 <= min < max <= 100)", s.ID, s.Min, s.Max)
		}
		if len(s.Levels) != s.Max-s.Min+1 {
			return fmt.Errorf("scale %q: %d levels for range %d..%d", s.ID, len(s.Levels), s.Min, s.Max)
		}
		for i, l := range s.Levels {
			if l.Value != s.Min+i {
				return fmt.Errorf("scale %q: level %d has value %d, want %d", s.ID, i, l.Value, s.Min+i)
			}
			if l.Label.NL == "" || l.Label.EN == "" {
				return fmt.Errorf("scale %q: level %d needs nl and en labels", s.ID, l.Value)
			}
		}
		if err := checkSource("scale "+s.ID, s.Source); err != nil {
			return err
		}
		scales[s.ID] = s
	}
	f.parts = map[string]Part{}
	var weights float64
	for _, p := range f.Parts {
		if !idPattern.MatchString(p.ID) {
			return fmt.Errorf("part id %q not valid", p.ID)
		}
		if _, dup := f.parts[p.ID]; dup {
			return fmt.Errorf("duplicate part id %q", p.ID)
		}
		if math.IsNaN(p.Weight) || math.IsInf(p.Weight, 0) || p.Weight < 0 {
			return fmt.Errorf("part %q: weight %v must be a non-negative number", p.ID, p.Weight)
		}
		if p.Label.NL == "" || p.Label.EN == "" {
			return fmt.Errorf("part %q needs nl and en labels", p.ID)
		}
		if err := checkSource("part "+p.ID, p.Source); err != nil {
			return err
		}
		weights += p.Weight
		f.parts[p.ID] = p
	}
	if weights <= 0 {
		return errors.New("all part weights are zero")
	}
	for _, id := range []string{PartStage, PartRoute, PartDomains, PartLivedExperience, PartStakeholders} {
		if _, ok := f.parts[id]; !ok {
			return fmt.Errorf("missing part %q", id)
		}
	}
	f.byID = map[string]int{}
	count := map[string]int{}
	for _, in := range f.raw {
		if !idPattern.MatchString(in.ID) {
			return fmt.Errorf("indicator id %q not valid", in.ID)
		}
		if _, dup := f.byID[in.ID]; dup {
			return fmt.Errorf("duplicate indicator id %q", in.ID)
		}
		if _, ok := f.parts[in.Part]; !ok {
			return fmt.Errorf("indicator %q: unknown part %q", in.ID, in.Part)
		}
		if _, ok := scales[in.Scale]; !ok {
			return fmt.Errorf("indicator %q: unknown scale %q", in.ID, in.Scale)
		}
		if in.Label.NL == "" || in.Label.EN == "" {
			return fmt.Errorf("indicator %q needs nl and en labels", in.ID)
		}
		if err := checkSource("indicator "+in.ID, in.Source); err != nil {
			return err
		}
		if (in.ID == StageID) != (in.Part == PartStage) {
			return fmt.Errorf("indicator %q: only the indicator %q belongs to part %q", in.ID, StageID, PartStage)
		}
		if in.Part == PartStakeholders && !strings.HasPrefix(in.ID, StakeholderPrefix) {
			return fmt.Errorf("indicator %q: stakeholder indicators start with %q", in.ID, StakeholderPrefix)
		}
		f.byID[in.ID] = -1
		count[in.Part]++
	}
	if count[PartStage] != 1 {
		return fmt.Errorf("need exactly one indicator %q", StageID)
	}
	for _, p := range f.Parts {
		if count[p.ID] == 0 {
			return fmt.Errorf("part %q has no indicators", p.ID)
		}
	}
	// Documented order: parts in file order, indicators in file order within
	// their part.
	f.indicators = f.indicators[:0]
	for _, p := range f.Parts {
		for _, in := range f.raw {
			if in.Part != p.ID {
				continue
			}
			s := scales[in.Scale]
			in.Min, in.Max, in.Levels = s.Min, s.Max, s.Levels
			in.CountsForCompleteness = p.CountsForCompleteness
			if in.Short.NL == "" {
				in.Short.NL = in.Label.NL
			}
			if in.Short.EN == "" {
				in.Short.EN = in.Label.EN
			}
			if in.ID == StageID {
				f.stage = s
			}
			f.byID[in.ID] = len(f.indicators)
			f.indicators = append(f.indicators, in)
		}
	}
	n := 0
	for _, in := range f.indicators {
		if in.CountsForCompleteness {
			n++
		}
	}
	if n == 0 {
		return errors.New("no indicator counts for completeness")
	}
	return nil
}

// Indicators returns every indicator in a fixed order: the parts in the order
// of framework.json (stage, route, domains, lived_experience, stakeholders),
// and within a part the order of the file (route.1 … route.11; the domains
// education, work, housing, public_space, information, buildings, mobility,
// care_support, participation, public_services; stakeholder groups). CSV
// columns and API listings use this order. The slice is a copy.
func (f *Framework) Indicators() []Indicator {
	return append([]Indicator(nil), f.indicators...)
}

// Indicator looks an indicator up by id.
func (f *Framework) Indicator(id string) (Indicator, bool) {
	i, ok := f.byID[id]
	if !ok {
		return Indicator{}, false
	}
	return f.indicators[i], true
}

// Part looks a part up by id.
func (f *Framework) Part(id string) (Part, bool) {
	p, ok := f.parts[id]
	return p, ok
}

// PartList returns the parts in framework order (a copy).
func (f *Framework) PartList() []Part {
	return append([]Part(nil), f.Parts...)
}

// StageLabel returns the label of a stage in lang ("nl" or "en"), or the
// "unknown" label when stage is not a valid stage (unknown is not stage 0).
func (f *Framework) StageLabel(stage int, lang string) string {
	for _, l := range f.stage.Levels {
		if l.Value == stage {
			return l.Label.In(lang)
		}
	}
	return f.UnknownLabel.In(lang)
}

// StageRange returns the lowest and highest stage.
func (f *Framework) StageRange() (lo, hi int) {
	return f.stage.Min, f.stage.Max
}

// CheckValue reports whether v is allowed for indicator id. The error text is
// meant for users ("7 out of range 1–6").
func (f *Framework) CheckValue(id string, v int) error {
	in, ok := f.Indicator(id)
	if !ok {
		return fmt.Errorf("unknown indicator %q", id)
	}
	if v < in.Min || v > in.Max {
		return fmt.Errorf("value %d out of range %d–%d", v, in.Min, in.Max)
	}
	return nil
}

// PublishedIndicator is an indicator as the page reads it from /api/framework:
// the file's fields plus its scale's range and level labels.
type PublishedIndicator struct {
	Indicator
	Min    int     `json:"min"`
	Max    int     `json:"max"`
	Levels []Level `json:"levels"`
}

// Published is the framework as served by /api/framework: the file's content
// with every indicator in the documented order and its scale resolved, so the
// page needs no copy of ids, ranges or labels.
type Published struct {
	*Framework
	Indicators []PublishedIndicator `json:"indicators"`
}

// Publish returns the framework in its published form.
func (f *Framework) Publish() Published {
	p := Published{Framework: f}
	for _, in := range f.indicators {
		p.Indicators = append(p.Indicators, PublishedIndicator{Indicator: in, Min: in.Min, Max: in.Max, Levels: in.Levels})
	}
	return p
}
