package atlas

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/inclusiekaart/inclusiekaart/internal/store"
)

// Page asks for part of a selection ordered by code: at most Limit features
// (-1: all) after skipping Offset, or those after the code After (a keyset
// cursor, which stays cheap however deep the page).
type Page struct {
	Limit  int
	Offset int
	After  string
}

// FeaturePage is one page of a selection: its features with their properties
// and how many match in all.
type FeaturePage struct {
	Year    int
	Level   string
	Matched int
	Items   []PageItem
	// InSQL says the selection ran in SQL (false: evaluated in Go).
	InSQL bool
}

// PageItem is one feature of a page. Its geometry is read (and encoded once)
// on demand: GeometryJSON, Geometry.
type PageItem struct {
	Code       string
	Properties geojson.Properties
	Bound      orb.Bound
	id         int64            // the area's row id; 0 on the Go path
	gen        int64            // the store's generation it was read in
	geom       orb.MultiPolygon // full detail, on the Go path
}

// DayRange selects features whose temporal property (a YYYY-MM-DD day) lies
// in [From, Before): both YYYY-MM-DD, "" for open. Adapters turn their
// intervals into it (a day overlaps an interval when it starts before the
// interval's end and ends after its start).
type DayRange struct{ From, Before string }

// FeaturePage returns one page of the features of level matching q, with the
// number matched. Filters, bbox, paging and the count run in the store's SQL
// where they can (store.SelectFeatures), so a request reads the rows it
// returns; a filter SQL cannot express (q.Where, or a CQL2 part without a
// translation) is evaluated in Go over the selection instead, with the same
// answer.
func (s *Service) FeaturePage(ctx context.Context, level string, q Query, p Page) (FeaturePage, error) {
	year, err := s.ResolveYear(ctx, level, q.Year)
	if err != nil {
		return FeaturePage{}, err
	}
	out := FeaturePage{Year: year, Level: level}
	if q.Where != nil || q.NoSQL {
		return s.featurePageInGo(ctx, level, q, p, out)
	}
	gen, err := s.store.Generation(ctx)
	if err != nil {
		return out, err
	}
	sel := s.storeSelect(level, q)
	sel.After, sel.Offset, sel.Limit, sel.Count = p.After, p.Offset, p.Limit, true
	rows, matched, err := s.store.SelectFeatures(ctx, year, level, sel)
	if errors.Is(err, store.ErrNotSQL) {
		return s.featurePageInGo(ctx, level, q, p, out)
	}
	if err != nil {
		return out, err
	}
	out.Matched, out.InSQL = matched, true
	out.Items = make([]PageItem, 0, len(rows))
	for _, r := range rows {
		out.Items = append(out.Items, PageItem{Code: r.Code, Properties: s.rowProperties(level, r), Bound: r.Bound, id: r.ID, gen: gen})
	}
	return out, nil
}

// rowProperties are the contract properties of a selected row.
func (s *Service) rowProperties(level string, r store.FeatureRow) geojson.Properties {
	if level != LevelMunicipality {
		return Properties(ProvinceFields, &Province{Code: r.Code, Name: r.Name, Year: r.Year})
	}
	var st Status
	if r.Status != nil {
		st = statusOfRow(r.Status, false)
	}
	m := s.municipalityOf(r.AreaInfo, map[string]Status{r.Code: st})
	return Properties(MunicipalityFields, &m)
}

// featurePageInGo is FeaturePage by evaluating every filter in Go over the
// whole selection: the reference the SQL path is tested against, and the
// fallback for filters SQL cannot express.
func (s *Service) featurePageInGo(ctx context.Context, level string, q Query, p Page, out FeaturePage) (FeaturePage, error) {
	q.Year = out.Year
	if pred := q.goPredicate(level); pred != nil {
		q.Where = pred
	}
	set, err := s.Features(ctx, level, q, FullDetail)
	if err != nil {
		return out, err
	}
	feats := set.Features
	if p.After != "" {
		i := 0
		for i < len(feats) && fmt.Sprint(feats[i].ID) <= p.After {
			i++
		}
		feats = feats[i:]
	}
	out.Matched = len(set.Features)
	start := min(p.Offset, len(feats))
	end := len(feats)
	if p.Limit >= 0 {
		end = min(start+p.Limit, len(feats))
	}
	for _, f := range feats[start:end] {
		mp := asMulti(f.Geometry)
		out.Items = append(out.Items, PageItem{Code: fmt.Sprint(f.ID), Properties: f.Properties, Bound: mp.Bound(), geom: mp})
	}
	return out, nil
}

// goPredicate combines Where, the CQL2 filter and the day range into one
// predicate evaluated in Go; nil when there is none.
func (q Query) goPredicate(level string) Predicate {
	if q.CQL2 == nil && q.Days == nil {
		return q.Where
	}
	temporal := TemporalField(FieldsOf(level))
	where, expr, days := q.Where, q.CQL2, q.Days
	return func(p geojson.Properties, g orb.Geometry) bool {
		if days != nil {
			d, ok := Normalise(p[temporal]).(string)
			if !ok || (days.From != "" && d < days.From) || (days.Before != "" && d >= days.Before) {
				return false
			}
		}
		if expr != nil && !expr.Match(func(name string) any { return Normalise(p[name]) }, g) {
			return false
		}
		return where == nil || where(p, g)
	}
}

func asMulti(g orb.Geometry) orb.MultiPolygon {
	switch x := g.(type) {
	case orb.Polygon:
		return orb.MultiPolygon{x}
	case orb.MultiPolygon:
		return x
	}
	return nil
}

// storeSelect is q as a store selection: the property filters, CQL2 filter
// and day range, with what the service knows of koploper and source_stale.
func (s *Service) storeSelect(level string, q Query) store.Select {
	sel := store.Select{Filter: q.storeFilter(), View: s.view(), CQL2: q.CQL2, Temporal: TemporalField(FieldsOf(level))}
	for _, c := range q.Filter.conds {
		sel.Equal = append(sel.Equal, store.Equal{Field: c.prop, Values: c.values})
	}
	if q.Days != nil {
		sel.Days = &store.DayRange{From: q.Days.From, Before: q.Days.Before}
	}
	if level == LevelMunicipality {
		sel.Koplopers, sel.StaleBefore = s.facts.KoploperCodes(), s.staleBefore()
	}
	return sel
}

// Item returns the feature of level with code (any case) in year (0 =
// newest) as a page item: one indexed row. A municipality code merged away is
// a Moved error naming its successor.
func (s *Service) Item(ctx context.Context, level string, year int, code string) (PageItem, int, error) {
	year, err := s.ResolveYear(ctx, level, year)
	if err != nil {
		return PageItem{}, 0, err
	}
	id := strings.ToUpper(code)
	gen, err := s.store.Generation(ctx)
	if err != nil {
		return PageItem{}, 0, err
	}
	rows, _, err := s.store.SelectFeatures(ctx, year, level, store.Select{View: s.view(), Code: id, Limit: 1})
	if err != nil {
		return PageItem{}, 0, err
	}
	if len(rows) == 0 {
		if level == LevelMunicipality {
			if err := s.moved(ctx, id); err != nil {
				return PageItem{}, 0, err
			}
		}
		return PageItem{}, 0, notFound("no feature %q in %s for year %d", Clip(code), collectionOf(level), year)
	}
	r := rows[0]
	return PageItem{Code: r.Code, Properties: s.rowProperties(level, r), Bound: r.Bound, id: r.ID, gen: gen}, year, nil
}

// Geometry returns the full-detail geometry of it.
func (s *Service) Geometry(ctx context.Context, it PageItem) (orb.MultiPolygon, error) {
	if it.geom != nil {
		return it.geom, nil
	}
	return s.store.ShapeGeometry(ctx, it.id, FullDetail)
}

// ItemOf is a page item made from a feature selected in Go (its geometry a
// Polygon or MultiPolygon in lon/lat).
func ItemOf(f *geojson.Feature) PageItem {
	mp := asMulti(f.Geometry)
	return PageItem{Code: fmt.Sprint(f.ID), Properties: f.Properties, Bound: mp.Bound(), geom: mp}
}
