package atlas

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"sort"
	"strconv"
	"sync"
	"time"

	"github.com/inclusiekaart/inclusiekaart/internal/assessment"
	"github.com/inclusiekaart/inclusiekaart/internal/csvsafe"
	"github.com/inclusiekaart/inclusiekaart/internal/store"
)

// The time view: the published status of every municipality as it was on a
// past date, and the changes of stage between two dates.
//
// The status of a municipality on date D is its newest published version
// dated (assessed_on) on or before D, chosen exactly as today's status is
// (real before demo, then newest date, then newest recording): a correction
// recorded later for an earlier date counts from that date on. The view shows
// what is known now about the past, from the versions published now (a
// superseded edition of the public record is not served, neither today nor
// for a past date). It is not "what the site showed on D": the public record
// is recorded when a database is made, so that view would be empty for every
// past date.

// dateLayout is the form of every date of the time view.
const dateLayout = assessment.DateLayout

// maxCachedDates bounds the statuses kept per store generation (the play
// control steps through a dozen dates; the date control can ask for any).
const maxCachedDates = 64

// timelineCache keeps what the time view derives from one generation of the
// store on one day: the published versions per code and the statuses of the
// dates asked for.
type timelineCache struct {
	mu       sync.Mutex
	key      string
	versions map[string][]store.Version // per code, current first (store order)
	codes    []string                   // sorted
	byDate   map[string]map[string]Status
	changes  []Change // every change up to today, unnamed, by code then date (nil until asked)
}

// timeline returns the cache of the store's current generation; callers hold c.mu.
func (s *Service) timeline(ctx context.Context) (*timelineCache, error) {
	c := &s.tl
	gen, err := s.store.Generation(ctx)
	if err != nil {
		return nil, err
	}
	key := fmt.Sprintf("%d|%s|%t", gen, s.today(), s.cfg.Demo)
	if c.key == key {
		return c, nil
	}
	vs, err := s.store.PublishedVersions(ctx, s.cfg.Demo)
	if err != nil {
		return nil, err
	}
	c.key, c.versions, c.codes, c.byDate, c.changes = key, map[string][]store.Version{}, nil, map[string]map[string]Status{}, nil
	for _, v := range vs {
		if _, ok := c.versions[v.Code]; !ok {
			c.codes = append(c.codes, v.Code)
		}
		c.versions[v.Code] = append(c.versions[v.Code], v)
	}
	sort.Strings(c.codes)
	return c, nil
}

// versionOn returns the version of vs (store order: current first) in force
// on date, and false when none is dated on or before it.
func versionOn(vs []store.Version, date string) (store.Version, bool) {
	for _, v := range vs {
		if v.AssessedOn <= date {
			return v, true
		}
	}
	return store.Version{}, false
}

// DateRange is the range of dates the time view accepts: from the first
// published assessment (empty when there is none) to today.
type DateRange struct {
	First string `json:"first_date"`
	Today string `json:"today"`
}

// Dates returns the range of dates the time view accepts. It asks the store
// for the first date only (the page asks for it on every first view).
func (s *Service) Dates(ctx context.Context) (DateRange, error) {
	first, err := s.store.FirstAssessedOn(ctx, s.cfg.Demo)
	return DateRange{First: first, Today: s.today()}, err
}

// checkDate accepts date (YYYY-MM-DD, a real day) when it lies from the first
// published assessment to today; else a BadRequest naming param and the range.
func (s *Service) checkDate(ctx context.Context, param, date string) error {
	if _, err := time.Parse(dateLayout, date); err != nil || len(date) != len(dateLayout) {
		return ParamError(param, "%q is not a date (YYYY-MM-DD, e.g. 2024-06-30)", Clip(date))
	}
	r, err := s.Dates(ctx)
	if err != nil {
		return err
	}
	switch {
	case date > r.Today:
		return ParamError(param, "%s is in the future; the newest date is today, %s", date, r.Today)
	case r.First == "":
		return ParamError(param, "no assessments are recorded yet, so there is no status on %s", date)
	case date < r.First:
		return ParamError(param, "%s is before the first assessment (%s); choose a date from %s to %s", date, r.First, r.First, r.Today)
	}
	return nil
}

// QueryYear returns the boundary year q selects for level: q.Year when
// given (0 = the newest), else for a date the year of its boundaries — the
// newest imported year not after the date's year, or the oldest imported
// year when the date is older than every one. A date out of range is a
// BadRequest naming "date".
func (s *Service) QueryYear(ctx context.Context, level string, q Query) (int, error) {
	if q.Date == "" {
		return s.ResolveYear(ctx, level, q.Year)
	}
	if err := s.checkDate(ctx, "date", q.Date); err != nil {
		return 0, err
	}
	if q.Year != 0 {
		return s.ResolveYear(ctx, level, q.Year)
	}
	years, err := s.Years(ctx, level)
	if err != nil {
		return 0, err
	}
	if len(years) == 0 {
		return s.ResolveYear(ctx, level, 0) // the NotFound naming the level
	}
	var dateYear int
	fmt.Sscanf(q.Date[:4], "%d", &dateYear)
	for _, y := range years { // newest first
		if y <= dateYear {
			return y, nil
		}
	}
	return years[len(years)-1], nil
}

// statusesOn returns the scored status per code on date ("" = today's
// statuses, the same as every other view uses).
func (s *Service) statusesOn(ctx context.Context, date string) (map[string]Status, error) {
	if date == "" {
		return s.statuses(ctx)
	}
	if err := s.checkDate(ctx, "date", date); err != nil {
		return nil, err
	}
	c := &s.tl
	c.mu.Lock()
	defer c.mu.Unlock()
	tl, err := s.timeline(ctx)
	if err != nil {
		return nil, err
	}
	if st, ok := tl.byDate[date]; ok {
		return st, nil
	}
	out := make(map[string]Status, len(tl.codes))
	for _, code := range tl.codes {
		if v, ok := versionOn(tl.versions[code], date); ok {
			out[code] = s.scoreVersion(v.Assessment)
		}
	}
	if len(tl.byDate) >= maxCachedDates {
		tl.byDate = map[string]map[string]Status{}
	}
	tl.byDate[date] = out
	return out, nil
}

// municipalitiesOn is Municipalities for a query with a Date: the
// municipalities of the day's boundary year with the day's statuses.
func (s *Service) municipalitiesOn(ctx context.Context, q Query) ([]Municipality, int, error) {
	year, err := s.QueryYear(ctx, LevelMunicipality, q)
	if err != nil {
		return nil, 0, err
	}
	if q.Where != nil { // Where reads geometries: only Features applies it
		return nil, 0, fmt.Errorf("atlas: Municipalities does not take Where")
	}
	areas, err := s.store.Areas(ctx, year, LevelMunicipality, q.storeFilter())
	if err != nil {
		return nil, 0, err
	}
	st, err := s.statusesOn(ctx, q.Date)
	if err != nil {
		return nil, 0, err
	}
	out := make([]Municipality, 0, len(areas))
	for _, a := range areas {
		m := s.municipalityOf(a, st)
		if q.Filter.Empty() || q.Filter.Match(Properties(MunicipalityFields, &m)) {
			out = append(out, m)
		}
	}
	return out, year, nil
}

// Change is one move of a municipality's stage: on Date its published
// status went from stage From to stage To, by the version from Source.
type Change struct {
	Code         string  `json:"code"`
	Name         string  `json:"name"`
	ProvinceCode *string `json:"province_code"` // null for a municipality merged away since
	ProvinceName *string `json:"province_name"`
	Date         string  `json:"date"`
	From         int     `json:"from_stage"`
	FromLabel    string  `json:"from_label"`
	To           int     `json:"to_stage"`
	ToLabel      string  `json:"to_label"`
	Direction    string  `json:"direction"` // "up" or "down"
	Source       string  `json:"source"`
	// Evidence is the link behind the new stage ("" when the version has none).
	Evidence string `json:"evidence"`
	Basis    string `json:"basis"`
	Demo     bool   `json:"demo"`
	// SuccessorCode names the municipality a merged-away code is now part of.
	SuccessorCode string `json:"successor_code,omitempty"`
}

// Changes lists the changes of stage from Since to Until (both included),
// newest first, and the boundary year whose names they carry.
type Changes struct {
	Since   string   `json:"since"`
	Until   string   `json:"until"`
	Year    int      `json:"year"`
	Changes []Change `json:"changes"`
}

// Changes returns every change of a municipality's published stage dated
// from since to until (YYYY-MM-DD, both included; "" = today for until and
// twelve months before until for since). A change is a move up or down
// between two known stages; a first stage is not a change. until may not lie
// in the future, since not after until (BadRequest naming the parameter).
func (s *Service) Changes(ctx context.Context, since, until string) (Changes, error) {
	today := s.today()
	if until == "" {
		until = today
	}
	if _, err := time.Parse(dateLayout, until); err != nil || len(until) != len(dateLayout) {
		return Changes{}, ParamError("until", "%q is not a date (YYYY-MM-DD, e.g. 2026-06-30)", Clip(until))
	}
	if until > today {
		return Changes{}, ParamError("until", "%s is in the future; the newest date is today, %s", until, today)
	}
	if since == "" {
		u, _ := time.Parse(dateLayout, until)
		since = u.AddDate(-1, 0, 0).Format(dateLayout)
	}
	if _, err := time.Parse(dateLayout, since); err != nil || len(since) != len(dateLayout) {
		return Changes{}, ParamError("since", "%q is not a date (YYYY-MM-DD, e.g. 2025-06-30)", Clip(since))
	}
	if since > until {
		return Changes{}, ParamError("since", "%s is after until (%s)", since, until)
	}
	out := Changes{Since: since, Until: until, Changes: []Change{}}
	var err error
	if out.Year, err = s.ResolveYear(ctx, LevelMunicipality, 0); err != nil {
		return out, err
	}
	names, err := s.changeNames(ctx, out.Year)
	if err != nil {
		return out, err
	}
	c := &s.tl
	c.mu.Lock()
	defer c.mu.Unlock()
	tl, err := s.timeline(ctx)
	if err != nil {
		return out, err
	}
	if tl.changes == nil {
		tl.changes = []Change{}
		for _, code := range tl.codes {
			tl.changes = append(tl.changes, s.stageChanges(tl.versions[code], "", today)...)
		}
	}
	for _, ch := range tl.changes {
		if ch.Date >= since && ch.Date <= until {
			names.fill(&ch, s)
			out.Changes = append(out.Changes, ch)
		}
	}
	sort.SliceStable(out.Changes, func(i, j int) bool {
		a, b := out.Changes[i], out.Changes[j]
		if a.Date != b.Date {
			return a.Date > b.Date
		}
		return a.Name < b.Name
	})
	return out, nil
}

// stageChanges walks one municipality's versions (store order) through
// their dates, oldest first, and returns the moves of its stage dated from
// since to until.
func (s *Service) stageChanges(vs []store.Version, since, until string) []Change {
	dates := make([]string, 0, len(vs))
	for _, v := range vs {
		dates = append(dates, v.AssessedOn)
	}
	sort.Strings(dates)
	var out []Change
	var prev store.Version
	var prevStage *int
	have := false
	for i, d := range dates {
		if i > 0 && d == dates[i-1] {
			continue
		}
		if d > until {
			break
		}
		v, _ := versionOn(vs, d)
		if have && v.ID == prev.ID {
			continue
		}
		stage := s.fw.Score(v.Ints()).Stage
		if have && prevStage != nil && stage != nil && *prevStage != *stage && d >= since {
			ch := Change{Code: v.Code, Date: d, From: *prevStage, To: *stage, Direction: "up",
				FromLabel: s.fw.StageLabel(*prevStage, "nl"), ToLabel: s.fw.StageLabel(*stage, "nl"),
				Source: v.Source, Evidence: v.Values["stage"].Evidence, Basis: v.BasisOrDefault(), Demo: v.Demo}
			if *stage < *prevStage {
				ch.Direction = "down"
			}
			out = append(out, ch)
		}
		prev, prevStage, have = v, stage, true
	}
	return out
}

// changeNames names the codes of changes: from the boundaries of year, else
// (a municipality merged away since) from the merger crosswalk or any
// boundary year.
type changeNames struct {
	areas map[string]store.AreaInfo
	any   map[string][]string
}

func (s *Service) changeNames(ctx context.Context, year int) (changeNames, error) {
	areas, err := s.store.Areas(ctx, year, LevelMunicipality, store.Filter{})
	if err != nil {
		return changeNames{}, err
	}
	n := changeNames{areas: make(map[string]store.AreaInfo, len(areas))}
	for _, a := range areas {
		n.areas[a.Code] = a
	}
	if n.any, err = s.store.MunicipalityNames(ctx); err != nil {
		return n, err
	}
	return n, nil
}

func (n changeNames) fill(ch *Change, s *Service) {
	if a, ok := n.areas[ch.Code]; ok {
		ch.Name = a.Name
		pc, pn := a.ProvinceCode, a.ProvinceName
		ch.ProvinceCode, ch.ProvinceName = &pc, &pn
		return
	}
	ch.Name = ch.Code
	if m, ok := s.facts.Successor(ch.Code); ok {
		ch.Name, ch.SuccessorCode = m.OldName, m.NewCode
	} else if ns := n.any[ch.Code]; len(ns) > 0 {
		ch.Name = ns[len(ns)-1]
	}
}

// ChangesColumns are the columns of the changes as CSV (then AttributionColumn).
var ChangesColumns = []string{"code", "name", "province_code", "province_name", "date", "from_stage", "from_label", "to_stage", "to_label", "direction", "source", "evidence", "basis", "demo"}

// ChangesCSV writes c in the dialect of every CSV of the API (WriteCSV):
// UTF-8 without BOM, comma, a header row, text cells neutralised against
// formulas, null as an empty cell, the attribution on every row.
func ChangesCSV(c Changes) ([]byte, error) {
	var buf bytes.Buffer
	cw := csv.NewWriter(&buf)
	if err := cw.Write(append(append([]string{}, ChangesColumns...), AttributionColumn)); err != nil {
		return nil, err
	}
	opt := func(p *string) string {
		if p == nil {
			return ""
		}
		return *p
	}
	for _, ch := range c.Changes {
		row := []string{ch.Code, csvsafe.Cell(ch.Name), opt(ch.ProvinceCode), csvsafe.Cell(opt(ch.ProvinceName)), ch.Date,
			strconv.Itoa(ch.From), csvsafe.Cell(ch.FromLabel), strconv.Itoa(ch.To), csvsafe.Cell(ch.ToLabel), ch.Direction,
			csvsafe.Cell(ch.Source), csvsafe.Cell(ch.Evidence), ch.Basis, strconv.FormatBool(ch.Demo), Attribution}
		if err := cw.Write(row); err != nil {
			return nil, err
		}
	}
	cw.Flush()
	return buf.Bytes(), cw.Error()
}
