package atlas

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/inclusiekaart/inclusiekaart/geo"
	"github.com/inclusiekaart/inclusiekaart/internal/cql2"
	"github.com/inclusiekaart/inclusiekaart/internal/store"
)

// FullDetail is the zoom level of the unsimplified geometry.
var FullDetail = len(geo.ZoomLevels) - 1

// Query selects features of one boundary year.
type Query struct {
	Year     int // 0 = the newest
	Province string
	Date     string     // YYYY-MM-DD: the statuses of that day and, without Year, its boundaries (timeline.go)
	BBox     *orb.Bound // lon/lat; features whose geometry intersects it
	Filter   PropertyFilter
	// Where, when set, further selects features by properties and geometry,
	// evaluated in Go (what SQL cannot express).
	Where Predicate
	// CQL2 (OGC items: filter) and Days (datetime on the temporal property)
	// narrow it further; FeaturePage runs them in SQL where it can.
	CQL2 *cql2.Expr
	Days *DayRange
	// NoSQL makes FeaturePage evaluate every filter in Go: the reference the
	// SQL translation is tested against.
	NoSQL bool
}

// Unfiltered reports whether q selects a whole layer (which adapters may cache).
func (q Query) Unfiltered() bool {
	return q.BBox == nil && q.Province == "" && q.Filter.Empty() && q.Where == nil && q.CQL2 == nil && q.Days == nil
}

func (q Query) storeFilter() store.Filter {
	return store.Filter{BBox: q.BBox, Province: q.Province}
}

func (s *Service) municipalityOf(a store.AreaInfo, st map[string]Status) Municipality {
	m := Municipality{Code: a.Code, Name: a.Name, ProvinceCode: a.ProvinceCode, ProvinceName: a.ProvinceName, Year: a.Year}
	m.Status = s.statusOf(st, a.Code)
	if m.SourceDate != nil {
		stale := *m.SourceDate < s.staleBefore()
		m.SourceStale = &stale
	}
	return m
}

// Municipalities lists the municipalities of q's year (resolved: 0 = newest)
// that match q, ordered by code, and the year used. The whole list of a year
// is built once per state of the data (allMunicipalities); a bbox or
// province narrows it in the store.
func (s *Service) Municipalities(ctx context.Context, q Query) ([]Municipality, int, error) {
	if q.Date != "" {
		return s.municipalitiesOn(ctx, q)
	}
	year, err := s.ResolveYear(ctx, LevelMunicipality, q.Year)
	if err != nil {
		return nil, 0, err
	}
	if q.Where != nil || q.CQL2 != nil || q.Days != nil { // these read geometries: only Features applies them
		return nil, 0, fmt.Errorf("atlas: Municipalities does not take Where, CQL2 or Days")
	}
	var all []Municipality
	if q.BBox == nil && q.Province == "" {
		shared, _, err := s.allMunicipalities(ctx, year)
		if err != nil {
			return nil, 0, err
		}
		all = slices.Clone(shared)
	} else {
		areas, err := s.store.Areas(ctx, year, LevelMunicipality, q.storeFilter())
		if err != nil {
			return nil, 0, err
		}
		st, err := s.statuses(ctx)
		if err != nil {
			return nil, 0, err
		}
		for _, a := range areas {
			all = append(all, s.municipalityOf(a, st))
		}
	}
	if q.Filter.Empty() {
		return all, year, nil
	}
	out := make([]Municipality, 0, len(all))
	for i := range all {
		if q.Filter.Match(Properties(MunicipalityFields, &all[i])) {
			out = append(out, all[i])
		}
	}
	return out, year, nil
}

// allMunicipalities is every municipality of year with its status, built once
// per snapshot. The slice is shared: callers must not change it.
func (s *Service) allMunicipalities(ctx context.Context, year int) ([]Municipality, *snapshot, error) {
	st, err := s.statuses(ctx) // moves to the current snapshot
	if err != nil {
		return nil, nil, err
	}
	s.mu.Lock()
	snap := s.snap
	var list []Municipality
	ok := false
	if snap != nil {
		list, ok = snap.lists[year]
	}
	s.mu.Unlock()
	if ok {
		return list, snap, nil
	}
	areas, err := s.store.Areas(ctx, year, LevelMunicipality, store.Filter{})
	if err != nil {
		return nil, nil, err
	}
	list = make([]Municipality, 0, len(areas))
	for _, a := range areas {
		list = append(list, s.municipalityOf(a, st))
	}
	s.mu.Lock()
	if snap != nil && s.snap == snap {
		if snap.lists == nil {
			snap.lists = map[int][]Municipality{}
		}
		snap.lists[year] = list
	}
	s.mu.Unlock()
	return list, snap, nil
}

// FeatureSet is a selection of features with the year they are of and their
// combined bound (empty for none).
type FeatureSet struct {
	Year     int
	Date     string // the day whose statuses the features carry ("" = today)
	Level    string
	Features []*geojson.Feature
	Bound    orb.Bound
}

// Features returns the features of level matching q at zoomLevel (an index
// into geo.ZoomLevels; FullDetail for unsimplified), with the contract's
// properties, ordered by code.
func (s *Service) Features(ctx context.Context, level string, q Query, zoomLevel int) (FeatureSet, error) {
	year, err := s.QueryYear(ctx, level, q)
	if err != nil {
		return FeatureSet{}, err
	}
	set := FeatureSet{Year: year, Date: q.Date, Level: level}
	shapes, err := s.store.Shapes(ctx, year, level, zoomLevel, q.storeFilter())
	if err != nil {
		return set, err
	}
	st, err := s.layerStatuses(ctx, level, q.Date)
	if err != nil {
		return set, err
	}
	set.Features = make([]*geojson.Feature, 0, len(shapes))
	for _, sh := range shapes {
		var g orb.Geometry = sh.Geometry
		if len(sh.Geometry) == 1 { // RFC 7946 allows either; a Polygon is what readers expect for one part
			g = sh.Geometry[0]
		}
		f := geojson.NewFeature(g)
		f.ID = sh.Code
		f.Properties = s.areaProperties(level, sh.AreaInfo, st)
		if !q.Filter.Empty() && !q.Filter.Match(f.Properties) {
			continue
		}
		if q.Where != nil && !q.Where(f.Properties, f.Geometry) {
			continue
		}
		if len(set.Features) == 0 {
			set.Bound = sh.Bound
		} else {
			set.Bound = set.Bound.Union(sh.Bound)
		}
		set.Features = append(set.Features, f)
	}
	return set, nil
}

// layerStatuses are the statuses on date ("" today) a layer of level shows:
// none for provinces.
func (s *Service) layerStatuses(ctx context.Context, level, date string) (map[string]Status, error) {
	if level != LevelMunicipality {
		return nil, nil
	}
	return s.statusesOn(ctx, date)
}

// areaProperties are the published properties of area a of level, st its
// layer's statuses (layerStatuses).
func (s *Service) areaProperties(level string, a store.AreaInfo, st map[string]Status) geojson.Properties {
	if level == LevelMunicipality {
		m := s.municipalityOf(a, st)
		return Properties(MunicipalityFields, &m)
	}
	return Properties(ProvinceFields, &Province{Code: a.Code, Name: a.Name, Year: a.Year})
}

// Feature returns the feature of level with code (any case) at full detail.
// A municipality code merged away is a Moved error naming its successor.
func (s *Service) Feature(ctx context.Context, level string, year int, code string) (*geojson.Feature, int, error) {
	set, err := s.Features(ctx, level, Query{Year: year}, FullDetail)
	if err != nil {
		return nil, 0, err
	}
	id := strings.ToUpper(code)
	for _, f := range set.Features {
		if fmt.Sprint(f.ID) == id {
			return f, set.Year, nil
		}
	}
	if level == LevelMunicipality {
		if err := s.moved(ctx, id); err != nil {
			return nil, 0, err
		}
	}
	return nil, 0, notFound("no feature %q in %s for year %d", Clip(code), collectionOf(level), set.Year)
}

func collectionOf(level string) string {
	if level == LevelProvince {
		return "provinces"
	}
	return "municipalities"
}

// FeatureCollection returns set as a GeoJSON FeatureCollection with the
// top-level members every collection carries (ExtraMembers) and its bbox.
func (s *Service) FeatureCollection(set FeatureSet) *geojson.FeatureCollection {
	fc := geojson.NewFeatureCollection()
	fc.ExtraMembers = s.ExtraMembers(set.Level, set.Year)
	fc.Features = set.Features
	if len(set.Features) > 0 {
		fc.BBox = geojson.NewBBox(set.Bound)
	}
	return fc
}

// ExtraMembers are the top-level members every FeatureCollection carries:
// attribution and licence, the boundary year, and a demo notice when it applies.
func (s *Service) ExtraMembers(level string, year int) geojson.Properties {
	m := geojson.Properties{"attribution": Attribution, "license": License, "year": year}
	if s.cfg.Demo && level == LevelMunicipality {
		m["demo_notice"] = "Contains generated demo assessments (demo: true), not real data"
	}
	return m
}

// moved returns a Moved error when code was merged into a municipality that
// exists in some boundary year, else nil.
func (s *Service) moved(ctx context.Context, code string) error {
	m, ok := s.facts.Successor(code)
	if !ok {
		return nil
	}
	known, err := s.store.MunicipalityCodeKnown(ctx, m.NewCode)
	if err != nil {
		return err
	}
	if !known {
		return nil
	}
	return &Error{Kind: Moved, From: code, Successor: m.NewCode,
		Message: fmt.Sprintf("%s %s merged into %s %s in %d", code, m.OldName, m.NewCode, m.NewName, m.Year)}
}

// orMoved returns the Moved error for code when err is a not-found and code
// was merged away; else err (store errors translated).
func (s *Service) orMoved(ctx context.Context, code string, err error) error {
	err = fromStore(err)
	if !IsKind(err, NotFound) {
		return err
	}
	if merr := s.moved(ctx, code); merr != nil {
		return merr
	}
	return err
}

// Successor returns the code that code was merged into, when that exists in
// some boundary year.
func (s *Service) Successor(ctx context.Context, code string) (string, bool) {
	e, ok := As(s.moved(ctx, code))
	if !ok {
		return "", false
	}
	return e.Successor, true
}

// Extent returns the bound of all areas of level in year (0 = newest), and
// false when there are none.
func (s *Service) Extent(ctx context.Context, level string, year int) (orb.Bound, bool, error) {
	year, err := s.ResolveYear(ctx, level, year)
	if err != nil {
		if IsKind(err, NotFound) {
			return orb.Bound{}, false, nil
		}
		return orb.Bound{}, false, err
	}
	areas, err := s.store.Areas(ctx, year, level, store.Filter{})
	if err != nil || len(areas) == 0 {
		return orb.Bound{}, false, err
	}
	b := areas[0].Bound
	for _, a := range areas[1:] {
		b = b.Union(a.Bound)
	}
	return b, true, nil
}
