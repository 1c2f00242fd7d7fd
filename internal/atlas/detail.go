package atlas

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"sort"

	"github.com/inclusiekaart/inclusiekaart/internal/assessment"
	"github.com/inclusiekaart/inclusiekaart/internal/facts"
	"github.com/inclusiekaart/inclusiekaart/internal/store"
)

// Version is one stored assessment version.
type Version = store.Version

// Neighbour is a short reference to a bordering municipality.
type Neighbour struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// IndicatorValue is one indicator in the detail view, with its evidence.
type IndicatorValue struct {
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

// CitedSource is one dated public source in the detail's source list, with
// the indicators it supports and, for a merged predecessor, its code.
type CitedSource struct {
	assessment.Source
	Indicators []string `json:"indicators"`
	Code       string   `json:"code"`
}

// HistoryEntry is one version in the detail's history, newest first.
type HistoryEntry struct {
	Version
	Score            *float64 `json:"score"`
	Completeness     float64  `json:"completeness"`
	InsufficientData bool     `json:"insufficient_data"`
	Stage            *int     `json:"stage"`
	MergedFrom       string   `json:"merged_from,omitempty"`
	// RecordedBy is the public label of who recorded it (organisation and
	// position of an account, else the network), never a token or login name.
	RecordedBy string `json:"recorded_by"`
}

// Detail is a municipality with everything the detail panel shows: the list
// fields, its place, neighbours, every indicator with evidence, the history
// of assessments (with those of merged predecessors) and the cited sources.
type Detail struct {
	Municipality
	BBox       []float64
	Point      []float64
	Neighbours []Neighbour
	Indicators []IndicatorValue
	History    []HistoryEntry
	Sources    []CitedSource
	// Current is the newest version of this code itself, nil when none.
	Current    *Version
	MergedFrom []facts.Merge
}

// MarshalJSON writes the list form's members, then the detail's.
func (d Detail) MarshalJSON() ([]byte, error) {
	return marshalOrdered(MunicipalityFields, &d.Municipality, func(buf *bytes.Buffer) error {
		parts := d.Parts
		if parts == nil {
			parts = map[string]*float64{}
		}
		values := d.Values
		if values == nil {
			values = map[string]int{}
		}
		kv := []any{"values", values, "parts", parts, "bbox", d.BBox, "point", d.Point, "neighbours", d.Neighbours,
			"indicators", d.Indicators, "history", d.History, "sources", d.Sources}
		if d.Current != nil {
			kv = append(kv, "source", d.Current.Source, "assessor", d.Current.Assessor, "version", d.Current.ID)
		}
		if len(d.MergedFrom) > 0 {
			kv = append(kv, "merged_from", d.MergedFrom)
		}
		return appendMembers(buf, kv...)
	})
}

// Detail returns the detail of code in year (0 = newest). An unknown code is a
// NotFound; a code merged away is a Moved naming its successor.
func (s *Service) Detail(ctx context.Context, year int, code string) (Detail, error) {
	year, err := s.ResolveYear(ctx, LevelMunicipality, year)
	if err != nil {
		return Detail{}, err
	}
	a, err := s.store.Area(ctx, year, LevelMunicipality, code)
	if err != nil {
		return Detail{}, s.orMoved(ctx, code, err)
	}
	st, err := s.statuses(ctx)
	if err != nil {
		return Detail{}, err
	}
	d := Detail{Municipality: s.municipalityOf(a, st)}
	ns, err := s.store.Neighbours(ctx, year, LevelMunicipality, code)
	if err != nil {
		return Detail{}, err
	}
	d.Neighbours = make([]Neighbour, 0, len(ns))
	for _, n := range ns {
		d.Neighbours = append(d.Neighbours, Neighbour{Code: n.Code, Name: n.Name})
	}
	d.BBox = []float64{a.Bound.Min[0], a.Bound.Min[1], a.Bound.Max[0], a.Bound.Max[1]}
	d.Point = []float64{a.Point[0], a.Point[1]}
	if err := s.addAssessments(ctx, code, &d); err != nil {
		return Detail{}, err
	}
	return d, nil
}

// addAssessments fills the history (with merged predecessors), the indicators
// of the current version and the cited sources.
func (s *Service) addAssessments(ctx context.Context, code string, d *Detail) error {
	codes := []string{code}
	d.MergedFrom = s.facts.Predecessors(code)
	for _, p := range d.MergedFrom {
		codes = append(codes, p.OldCode)
	}
	versions, err := s.store.History(ctx, codes, s.cfg.Demo)
	if err != nil {
		return err
	}
	d.History = make([]HistoryEntry, 0, len(versions))
	labels := map[string]string{}
	for i, v := range versions {
		r := s.fw.Score(v.Ints())
		h := HistoryEntry{Version: v, Score: r.Score, Completeness: round3(r.Completeness), InsufficientData: r.InsufficientData, Stage: r.Stage,
			RecordedBy: s.publicRecorder(ctx, v.RecordedBy, labels)}
		if v.Code != code {
			h.MergedFrom = v.Code
		} else if d.Current == nil {
			d.Current = &versions[i]
		}
		d.History = append(d.History, h)
	}
	d.Indicators = make([]IndicatorValue, 0, len(s.fw.Indicators()))
	for _, in := range s.fw.Indicators() {
		iv := IndicatorValue{ID: in.ID, Part: in.Part, Label: in.Label.In("nl"), LabelEN: in.Label.In("en"), Min: in.Min, Max: in.Max}
		if cur := d.Current; cur != nil {
			if v, ok := cur.Values[in.ID]; ok {
				val, lbl := v.Value, in.LevelLabel(v.Value, "nl")
				iv.Value, iv.ValueLabel = &val, &lbl
				iv.Evidence, iv.Note, iv.Source, iv.AssessedOn = v.Evidence, v.Note, cur.Source, cur.AssessedOn
				if len(v.Sources) > 0 {
					iv.Sources, iv.AssessedOn = v.Sources, v.Sources[0].Date
				}
			}
		}
		d.Indicators = append(d.Indicators, iv)
	}
	d.Sources = citedSources(versions)
	if d.Current != nil {
		d.Parts = s.fw.Score(d.Current.Ints()).Parts
	} else {
		d.Parts = map[string]*float64{}
	}
	return nil
}

// citedSources lists every distinct public source behind the versions (newest
// first, then by URL), each with the indicators it supports.
func citedSources(versions []Version) []CitedSource {
	out := []CitedSource{}
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
					out = append(out, CitedSource{Source: src, Code: v.Code})
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

var _ json.Marshaler = Detail{}

// DataDate is the date of the data shown: the newest source date, else the
// date of the current assessment, else "" (nothing known).
func (d Detail) DataDate() string {
	if d.SourceDate != nil {
		return *d.SourceDate
	}
	if d.AssessedOn != nil {
		return *d.AssessedOn
	}
	return ""
}
