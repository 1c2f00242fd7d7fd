package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/paulmach/orb"

	"github.com/inclusiekaart/inclusiekaart/geo"
	"github.com/inclusiekaart/inclusiekaart/internal/cql2"
)

// Select narrows a feature query in SQL, so that a request reads only the
// rows it returns: the filters become a WHERE clause, the page LIMIT/OFFSET
// (or a keyset on the code), the count COUNT(*).
type Select struct {
	Filter // bbox (R*Tree, then the exact test) and province
	// View is the status view joined to municipalities (ViewReal, ViewWithDemo).
	View int
	// Code selects one feature by its code (an indexed lookup).
	Code string
	// Equal conditions must all hold; each holds when the field has one of
	// its values (nil: null).
	Equal []Equal
	// CQL2 is a filter expression, run as SQL (ErrNotSQL when it cannot be).
	CQL2 *cql2.Expr
	// Days selects the features whose Temporal field (a day) lies in it.
	Days     *DayRange
	Temporal string
	// Koplopers are the codes whose koploper field is true; StaleBefore the
	// source date before which source_stale is true.
	Koplopers   []string
	StaleBefore string
	// After selects codes after this one (keyset paging); Offset skips rows.
	After  string
	Offset int
	// Limit bounds the rows returned; 0 returns none (a count only), -1 all.
	Limit int
	// Count asks for the number of all matching rows (before paging).
	Count bool
}

// Equal is one property filter: the field equals one of Values (nil, bool,
// int64 or string; nil means null).
type Equal struct {
	Field  string
	Values []any
}

// DayRange is [From, Before) over YYYY-MM-DD days; "" is open.
type DayRange struct{ From, Before string }

// ErrNotSQL is returned by SelectFeatures when a filter has a part SQL
// cannot express; the caller evaluates it another way.
var ErrNotSQL = errors.New("filter not expressible in SQL")

// FeatureRow is one selected area with its stored status (nil: none).
type FeatureRow struct {
	ID int64 // the area's row id: keys its geometry (ShapeGeometry)
	AreaInfo
	Status *StatusRow
}

// featureColumns are the SQL expressions of the published fields that SQL
// can read, per level. koploper and source_stale are computed by the service
// (from its facts and the date) and written as expressions over these.
var featureColumns = map[string]map[string]string{
	LevelMunicipality: {
		"code": "a.code", "name": "a.name", "province_code": "a.province_code", "province_name": "COALESCE(p.name, '')",
		"year": "a.year", "stage": "st.stage", "stage_label": "st.stage_label", "score": "st.score",
		"completeness": "st.completeness", "insufficient_data": "st.insufficient_data", "assessed_on": "st.assessed_on",
		"demo": "COALESCE(st.demo, 0)", "stakeholders_involved": "st.stakeholders_involved", "basis": "st.basis",
		"source_date": "st.source_date", "source_count": "COALESCE(st.source_count, 0)",
	},
	LevelProvince: {"code": "a.code", "name": "a.name", "year": "a.year"},
}

// FeatureColumn returns the SQL expression of the published field name of
// level, ok false when it has none.
func FeatureColumn(level, name string) (string, bool) {
	e, ok := featureColumns[level][name]
	return e, ok
}

// SelectFeatures returns the areas of year and level that sel selects,
// ordered by code, with their status, and (when sel.Count) how many match in
// all. A bbox takes candidates from the R*Tree and keeps those whose full
// geometry shares a point with it before paging, so counts and pages agree.
func (s *Store) SelectFeatures(ctx context.Context, year int, level string, sel Select) ([]FeatureRow, int, error) {
	from := ` FROM areas a` + provinceJoin
	cols := areaCols + `, a.id`
	muni := level == LevelMunicipality
	if muni {
		from += ` LEFT JOIN municipality_status st ON st.view = ` + strconv.Itoa(sel.View) + ` AND st.code = a.code`
		cols += `, st.code IS NOT NULL, ` + statusCols
	}
	where := ` WHERE a.year = ? AND a.level = ?`
	args := []any{year, level}
	if sel.BBox != nil {
		ids, err := s.IntersectingIDs(ctx, year, level, *sel.BBox, func(mp orb.MultiPolygon) bool { return geo.IntersectsBound(mp, *sel.BBox) })
		if err != nil {
			return nil, 0, err
		}
		if len(ids) == 0 {
			return nil, 0, nil
		}
		where += ` AND a.id IN (` + placeholders(len(ids)) + `)`
		args = append(args, ids...)
	}
	if sel.Province != "" {
		where += ` AND (a.province_code = ? OR (a.level = 'province' AND a.code = ?))`
		args = append(args, sel.Province, sel.Province)
	}
	if sel.Code != "" {
		where += ` AND a.code = ?`
		args = append(args, sel.Code)
	}
	cond, cargs, err := s.whereOf(ctx, year, level, sel)
	if err != nil {
		return nil, 0, err
	}
	if cond != "" {
		where += ` AND (` + cond + `)`
		args = append(args, cargs...)
	}
	matched := -1
	if sel.Count {
		if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*)`+from+where, args...).Scan(&matched); err != nil {
			return nil, 0, fmt.Errorf("count features: %w", err)
		}
	}
	if sel.Limit == 0 {
		return nil, matched, nil
	}
	page := where
	pargs := append([]any{}, args...)
	if sel.After != "" {
		page += ` AND a.code > ?`
		pargs = append(pargs, sel.After)
	}
	page += ` ORDER BY a.code LIMIT ? OFFSET ?`
	pargs = append(pargs, sel.Limit, sel.Offset)
	rows, err := s.db.QueryContext(ctx, `SELECT `+cols+from+page, pargs...)
	if err != nil {
		return nil, 0, fmt.Errorf("select features: %w", err)
	}
	defer rows.Close()
	var out []FeatureRow
	for rows.Next() {
		var fr FeatureRow
		var has bool
		var st StatusRow
		var dst []any
		dst = append(dst, &fr.ID)
		if muni {
			dst = append(dst, &has, &st.Code, &st.VersionID, &st.Stage, &st.StageLabel, &st.Score, &st.Completeness, &st.InsufficientData,
				&st.AssessedOn, &st.Demo, &st.StakeholdersInvolved, &st.Basis, &st.SourceDate, &st.SourceCount, &st.Detail)
		}
		a, err := scanFeature(rows, dst)
		if err != nil {
			return nil, 0, err
		}
		fr.AreaInfo = a
		if muni && has {
			fr.Status = &st
		}
		out = append(out, fr)
	}
	return out, matched, rows.Err()
}

// scanFeature scans an area and the extra columns (the row id, then for a
// municipality whether it has a status and the status columns).
func scanFeature(rows interface{ Scan(...any) error }, extra []any) (AreaInfo, error) {
	var a AreaInfo
	dst := []any{&a.Code, &a.Name, &a.Level, &a.Year, &a.ProvinceCode, &a.ProvinceName,
		&a.Bound.Min[0], &a.Bound.Min[1], &a.Bound.Max[0], &a.Bound.Max[1], &a.Point[0], &a.Point[1]}
	if len(extra) <= 2 {
		err := rows.Scan(append(dst, extra...)...)
		return a, err
	}
	// Status columns: code, version_id, detail, demo and source_count are NOT
	// NULL in the table but NULL after the LEFT JOIN when there is no row.
	var code, detail nullString
	var version, count nullInt
	var demo nullBool
	holders := append([]any{}, extra...)
	holders[2], holders[3], holders[10], holders[14], holders[15] = &code, &version, &demo, &count, &detail
	if err := rows.Scan(append(dst, holders...)...); err != nil {
		return a, err
	}
	*extra[2].(*string), *extra[3].(*int64), *extra[10].(*bool), *extra[14].(*int), *extra[15].(*string) = code.s, version.n, demo.b, int(count.n), detail.s
	return a, nil
}

// IntersectingIDs returns the row ids of the areas of year and level whose
// full geometry passes exact, taking candidates from the R*Tree by b (the
// bound of what they must meet).
func (s *Store) IntersectingIDs(ctx context.Context, year int, level string, b orb.Bound, exact func(orb.MultiPolygon) bool) ([]any, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT a.id, a.min_lon, a.min_lat, a.max_lon, a.max_lat, a.geom FROM areas a
		WHERE a.year = ? AND a.level = ? AND a.id IN (SELECT id FROM areas_rtree WHERE max_lon >= ? AND min_lon <= ? AND max_lat >= ? AND min_lat <= ?)`,
		year, level, b.Min[0], b.Max[0], b.Min[1], b.Max[1])
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	ids := []any{}
	for rows.Next() {
		var id int64
		var ab orb.Bound
		var blob []byte
		if err := rows.Scan(&id, &ab.Min[0], &ab.Min[1], &ab.Max[0], &ab.Max[1], &blob); err != nil {
			return nil, err
		}
		if !ab.Intersects(b) {
			continue
		}
		mp, err := decodeMulti(blob)
		if err != nil {
			return nil, fmt.Errorf("area %d: %w", id, err)
		}
		if exact(mp) {
			ids = append(ids, id)
		}
	}
	return ids, rows.Err()
}

// ShapeGeometry returns the geometry of the area with row id at zoomLevel
// (an index into geo.ZoomLevels).
func (s *Store) ShapeGeometry(ctx context.Context, id int64, zoomLevel int) (orb.MultiPolygon, error) {
	var blob []byte
	if err := s.db.QueryRowContext(ctx, `SELECT geom FROM area_shapes WHERE area_id = ? AND zoom_level = ?`, id, zoomLevel).Scan(&blob); err != nil {
		return nil, fmt.Errorf("area %d zoom level %d: %w", id, zoomLevel, err)
	}
	return decodeMulti(blob)
}

type nullString struct{ s string }

func (n *nullString) Scan(v any) error {
	switch x := v.(type) {
	case string:
		n.s = x
	case []byte:
		n.s = string(x)
	}
	return nil
}

type nullInt struct{ n int64 }

func (n *nullInt) Scan(v any) error {
	if x, ok := v.(int64); ok {
		n.n = x
	}
	return nil
}

type nullBool struct{ b bool }

func (n *nullBool) Scan(v any) error {
	switch x := v.(type) {
	case int64:
		n.b = x != 0
	case bool:
		n.b = x
	}
	return nil
}
