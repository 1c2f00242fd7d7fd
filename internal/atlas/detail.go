package atlas

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
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
	// HistoryTotal counts the versions of the whole history; HistoryNext is
	// the cursor of the page after History ("" when it is the last).
	HistoryTotal int
	HistoryNext  string
}

// HistoryPage asks for part of a detail's history, newest first: at most
// Limit versions (0: DefaultHistoryLimit; more than MaxHistoryLimit are
// clamped) after the page whose cursor is Cursor ("": the first page).
type HistoryPage struct {
	Limit  int
	Cursor string
}

// History page sizes.
const (
	DefaultHistoryLimit = 100
	MaxHistoryLimit     = 1000
)

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
		var next any // null on the last page
		if d.HistoryNext != "" {
			next = d.HistoryNext
		}
		kv := []any{"values", values, "parts", parts, "bbox", d.BBox, "point", d.Point, "neighbours", d.Neighbours,
			"indicators", d.Indicators, "history", d.History, "history_total", d.HistoryTotal, "history_next", next, "sources", d.Sources}
		if d.Current != nil {
			kv = append(kv, "source", d.Current.Source, "assessor", d.Current.Assessor, "version", d.Current.ID)
		}
		if len(d.MergedFrom) > 0 {
			kv = append(kv, "merged_from", d.MergedFrom)
		}
		return appendMembers(buf, kv...)
	})
}

// Detail returns the detail of code in year (0 = newest) with the first page
// of its history. An unknown code is a NotFound; a code merged away is a
// Moved naming its successor.
func (s *Service) Detail(ctx context.Context, year int, code string) (Detail, error) {
	return s.DetailPage(ctx, year, code, HistoryPage{})
}

// DetailPage is Detail with the page hp of the history. A cursor that is not
// one is a BadRequest on the parameter cursor.
func (s *Service) DetailPage(ctx context.Context, year int, code string, hp HistoryPage) (Detail, error) {
	var after *store.HistoryCursor
	if hp.Cursor != "" {
		c, err := store.ParseHistoryCursor(hp.Cursor)
		if err != nil {
			return Detail{}, ParamError("cursor", "%q is not a history cursor (take it from history_next)", Clip(hp.Cursor))
		}
		after = &c
	}
	if hp.Limit <= 0 {
		hp.Limit = DefaultHistoryLimit
	}
	hp.Limit = min(hp.Limit, MaxHistoryLimit)
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
	if err := s.addAssessments(ctx, code, &d, hp.Limit, after); err != nil {
		return Detail{}, err
	}
	return d, nil
}

// addAssessments fills the page of the history (with merged predecessors),
// the indicators of the current version and the cited sources. The history
// part is read once per state of the data (historyOf); only the public
// labels of who recorded the versions are looked up per request.
func (s *Service) addAssessments(ctx context.Context, code string, d *Detail, limit int, after *store.HistoryCursor) error {
	d.MergedFrom = s.facts.Predecessors(code)
	h, err := s.historyOf(ctx, code, d.MergedFrom, limit, after)
	if err != nil {
		return err
	}
	d.History = make([]HistoryEntry, len(h.entries))
	labels := map[string]string{}
	for i, e := range h.entries {
		e.RecordedBy = s.publicRecorder(ctx, e.Version.RecordedBy, labels)
		d.History[i] = e
	}
	d.HistoryTotal, d.HistoryNext, d.Current, d.Sources = h.total, h.next, h.current, h.sources
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
	if d.Current != nil {
		d.Parts = s.fw.Score(d.Current.Ints()).Parts
	} else {
		d.Parts = map[string]*float64{}
	}
	return nil
}

// historyPart is what a detail shows of the assessments, for one page.
type historyPart struct {
	entries []HistoryEntry // RecordedBy: the internal actor, not yet its label
	total   int
	next    string
	current *Version
	sources []CitedSource
}

// maxHistoryParts bounds the history pages kept; past it the cache starts over.
const maxHistoryParts = 64

// historyOf returns the page of code's history (and its current version and
// cited sources), from the cache of the current generation when there.
func (s *Service) historyOf(ctx context.Context, code string, preds []facts.Merge, limit int, after *store.HistoryCursor) (*historyPart, error) {
	codes := []string{code}
	for _, p := range preds {
		codes = append(codes, p.OldCode)
	}
	key := fmt.Sprint(codes, s.cfg.Demo, limit)
	if after != nil {
		key += after.String()
	}
	s.mu.Lock()
	snap, err := s.current(ctx, true)
	if err != nil {
		s.mu.Unlock()
		return nil, err
	}
	h, ok := snap.histories[key]
	s.mu.Unlock()
	if ok {
		return h, nil
	}
	versions, next, total, err := s.store.HistoryPage(ctx, codes, s.cfg.Demo, limit, after)
	if err != nil {
		return nil, err
	}
	h = &historyPart{total: total, entries: make([]HistoryEntry, 0, len(versions))}
	if next != nil {
		h.next = next.String()
	}
	for _, v := range versions {
		r := s.fw.Score(v.Ints())
		e := HistoryEntry{Version: v, Score: r.Score, Completeness: round3(r.Completeness), InsufficientData: r.InsufficientData, Stage: r.Stage}
		if v.Code != code {
			e.MergedFrom = v.Code
		}
		h.entries = append(h.entries, e)
	}
	if cur, ok, err := s.store.CurrentOf(ctx, code, s.cfg.Demo); err != nil {
		return nil, err
	} else if ok {
		h.current = &cur
	}
	uses, err := s.store.HistorySources(ctx, codes, s.cfg.Demo)
	if err != nil {
		return nil, err
	}
	h.sources = citedSources(uses)
	s.mu.Lock()
	if s.snap == snap {
		if snap.histories == nil || len(snap.histories) >= maxHistoryParts {
			snap.histories = map[string]*historyPart{}
		}
		snap.histories[key] = h
	}
	s.mu.Unlock()
	return h, nil
}

// citedSources lists every distinct public source behind the versions (newest
// first, then by URL), each with the indicators it supports; uses are the
// sources of the versions in history order, then by indicator and position.
func citedSources(uses []store.SourceUse) []CitedSource {
	out := []CitedSource{}
	at := map[string]int{}
	for _, u := range uses {
		key := u.Code + "|" + u.URL
		i, ok := at[key]
		if !ok {
			i = len(out)
			at[key] = i
			out = append(out, CitedSource{Source: u.Source, Code: u.Code})
		}
		if !slices.Contains(out[i].Indicators, u.Indicator) {
			out[i].Indicators = append(out[i].Indicators, u.Indicator)
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
