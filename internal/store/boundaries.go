package store

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"

	"github.com/inclusiekaart/inclusiekaart/geo"
)

// Levels of boundary sets.
const (
	LevelMunicipality = "municipality"
	LevelProvince     = "province"
	// Shapes names the generation of the stored geometries (LayerGenerations):
	// it changes only when a boundary set is imported.
	Shapes = "shapes"
)

// Area is one boundary as stored by an import.
type Area struct {
	Code     string
	Name     string
	Geometry orb.MultiPolygon   // full detail, WGS84
	Shapes   []orb.MultiPolygon // per geo.ZoomLevels index
	Point    orb.Point          // a point inside the area (label, province membership)
}

// BoundarySet is a complete set of boundaries for one year and level.
type BoundarySet struct {
	Year       int
	Level      string
	Source     string
	Checksum   string
	Areas      []Area
	Neighbours [][2]int // index pairs into Areas
}

// SetInfo describes a stored boundary set.
type SetInfo struct {
	Year         int    `json:"year"`
	Level        string `json:"level"`
	Source       string `json:"source"`
	Checksum     string `json:"checksum"`
	FeatureCount int    `json:"feature_count"`
	ImportedAt   string `json:"imported_at"`
}

// ReplaceBoundaries stores set, replacing any set of the same year and level, in one
// transaction. Province membership of municipalities is recomputed in the same
// transaction. It returns warnings about memberships that needed a fallback.
func (s *Store) ReplaceBoundaries(ctx context.Context, set BoundarySet, actor string) ([]string, error) {
	if set.Level != LevelMunicipality && set.Level != LevelProvince {
		return nil, fmt.Errorf("%w: level %q", ErrInvalid, set.Level)
	}
	if set.Year < 1800 || set.Year > 2200 {
		return nil, fmt.Errorf("%w: year %d", ErrInvalid, set.Year)
	}
	if len(set.Areas) == 0 {
		return nil, fmt.Errorf("%w: no areas", ErrInvalid)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	now := s.now()
	// Deleting the set cascades to areas, shapes and neighbours; the trigger clears the R*Tree.
	if _, err := tx.ExecContext(ctx, `DELETE FROM boundary_sets WHERE year = ? AND level = ?`, set.Year, set.Level); err != nil {
		return nil, fmt.Errorf("delete old set: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO boundary_sets (year, level, source, checksum, feature_count, imported_at) VALUES (?, ?, ?, ?, ?, ?)`,
		set.Year, set.Level, set.Source, set.Checksum, len(set.Areas), now.Format("2006-01-02T15:04:05Z")); err != nil {
		return nil, fmt.Errorf("insert set: %w", err)
	}
	insArea, err := tx.PrepareContext(ctx, `INSERT INTO areas (year, level, code, name, min_lon, min_lat, max_lon, max_lat, point_lon, point_lat, geom) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return nil, err
	}
	defer insArea.Close()
	insTree, err := tx.PrepareContext(ctx, `INSERT INTO areas_rtree (id, min_lon, max_lon, min_lat, max_lat) VALUES (?, ?, ?, ?, ?)`)
	if err != nil {
		return nil, err
	}
	defer insTree.Close()
	insShape, err := tx.PrepareContext(ctx, `INSERT INTO area_shapes (area_id, zoom_level, geom) VALUES (?, ?, ?)`)
	if err != nil {
		return nil, err
	}
	defer insShape.Close()
	ids := make([]int64, len(set.Areas))
	for i, a := range set.Areas {
		b := a.Geometry.Bound()
		full, err := wkb.Marshal(a.Geometry)
		if err != nil {
			return nil, fmt.Errorf("area %s: encode: %w", a.Code, err)
		}
		res, err := insArea.ExecContext(ctx, set.Year, set.Level, a.Code, a.Name, b.Min[0], b.Min[1], b.Max[0], b.Max[1], a.Point[0], a.Point[1], full)
		if err != nil {
			return nil, fmt.Errorf("area %s: %w", a.Code, err)
		}
		id, err := res.LastInsertId()
		if err != nil {
			return nil, err
		}
		ids[i] = id
		// R*Tree stores 32-bit floats; widen outward so no boundary is lost by rounding.
		if _, err := insTree.ExecContext(ctx, id, down32(b.Min[0]), up32(b.Max[0]), down32(b.Min[1]), up32(b.Max[1])); err != nil {
			return nil, fmt.Errorf("area %s: index: %w", a.Code, err)
		}
		for lvl, shape := range a.Shapes {
			blob, err := wkb.Marshal(shape)
			if err != nil {
				return nil, fmt.Errorf("area %s level %d: encode: %w", a.Code, lvl, err)
			}
			if _, err := insShape.ExecContext(ctx, id, lvl, blob); err != nil {
				return nil, fmt.Errorf("area %s level %d: %w", a.Code, lvl, err)
			}
		}
	}
	for _, p := range set.Neighbours {
		if p[0] < 0 || p[1] < 0 || p[0] >= len(ids) || p[1] >= len(ids) || p[0] == p[1] {
			return nil, fmt.Errorf("%w: neighbour pair %v", ErrInvalid, p)
		}
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO neighbours (area_id, neighbour_id) VALUES (?, ?), (?, ?)`, ids[p[0]], ids[p[1]], ids[p[1]], ids[p[0]]); err != nil {
			return nil, err
		}
	}
	warnings, err := assignProvinces(ctx, tx)
	if err != nil {
		return nil, err
	}
	if err := audit(ctx, tx, now, actor, "import boundaries", fmt.Sprintf("%s %d", set.Level, set.Year),
		fmt.Sprintf("source=%s checksum=%s features=%d", set.Source, set.Checksum, len(set.Areas))); err != nil {
		return nil, err
	}
	// Provinces also change the municipalities (their province); municipalities only themselves.
	layers := []string{LevelMunicipality, Shapes}
	if set.Level == LevelProvince {
		layers = append(layers, LevelProvince)
	}
	if err := bumpGeneration(ctx, tx, layers...); err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	return warnings, nil
}

func down32(v float64) float64 { return float64(math.Nextafter32(float32(v), float32(math.Inf(-1)))) }
func up32(v float64) float64   { return float64(math.Nextafter32(float32(v), float32(math.Inf(1)))) }

type provinceShape struct {
	code string
	geom orb.MultiPolygon
}

// assignProvinces recomputes the province of every municipality of every year by
// point-in-polygon against the province set of the same year, or of the nearest
// year when that year has none.
func assignProvinces(ctx context.Context, tx *sql.Tx) ([]string, error) {
	provYears, err := yearsTx(ctx, tx, LevelProvince)
	if err != nil {
		return nil, err
	}
	munYears, err := yearsTx(ctx, tx, LevelMunicipality)
	if err != nil {
		return nil, err
	}
	var warnings []string
	cache := map[int][]provinceShape{}
	for _, y := range munYears {
		if len(provYears) == 0 {
			if _, err := tx.ExecContext(ctx, `UPDATE areas SET province_code = '' WHERE year = ? AND level = 'municipality'`, y); err != nil {
				return nil, err
			}
			warnings = append(warnings, fmt.Sprintf("municipalities %d: no province boundaries imported yet; province membership is computed when they are", y))
			continue
		}
		py := nearestYear(provYears, y)
		if py != y {
			warnings = append(warnings, fmt.Sprintf("municipalities %d: no provinces for %d, used provinces of %d", y, y, py))
		}
		provs, ok := cache[py]
		if !ok {
			provs, err = loadProvinces(ctx, tx, py)
			if err != nil {
				return nil, err
			}
			cache[py] = provs
		}
		rows, err := tx.QueryContext(ctx, `SELECT id, code, point_lon, point_lat, min_lon, min_lat, max_lon, max_lat FROM areas WHERE year = ? AND level = 'municipality'`, y)
		if err != nil {
			return nil, err
		}
		type upd struct {
			id   int64
			code string
		}
		var updates []upd
		for rows.Next() {
			var id int64
			var code string
			var p orb.Point
			var b orb.Bound
			if err := rows.Scan(&id, &code, &p[0], &p[1], &b.Min[0], &b.Min[1], &b.Max[0], &b.Max[1]); err != nil {
				rows.Close()
				return nil, err
			}
			pv, how := provinceOf(provs, p, b.Center())
			if how != "" {
				warnings = append(warnings, fmt.Sprintf("%s (%d): %s", code, y, how))
			}
			updates = append(updates, upd{id, pv})
		}
		if err := rows.Err(); err != nil {
			rows.Close()
			return nil, err
		}
		rows.Close()
		for _, u := range updates {
			if _, err := tx.ExecContext(ctx, `UPDATE areas SET province_code = ? WHERE id = ?`, u.code, u.id); err != nil {
				return nil, err
			}
		}
	}
	return warnings, nil
}

// provinceOf returns the province containing p; when none does (boundaries of
// different generalisations), the nearest province to p by vertex distance.
func provinceOf(provs []provinceShape, p, fallback orb.Point) (string, string) {
	var hits []string
	for _, pv := range provs {
		if geo.Contains(pv.geom, p) {
			hits = append(hits, pv.code)
		}
	}
	if len(hits) == 1 {
		return hits[0], ""
	}
	if len(hits) > 1 {
		sort.Strings(hits)
		return hits[0], fmt.Sprintf("inside several provinces (%s), chose %s", strings.Join(hits, ", "), hits[0])
	}
	best, bestD := "", math.Inf(1)
	for _, pv := range provs {
		for _, poly := range pv.geom {
			for _, ring := range poly {
				for _, q := range ring {
					dx, dy := q[0]-p[0], q[1]-p[1]
					if d := dx*dx + dy*dy; d < bestD {
						best, bestD = pv.code, d
					}
				}
			}
		}
	}
	if best == "" {
		return "", "no province found"
	}
	return best, fmt.Sprintf("interior point lies in no province, assigned the nearest (%s)", best)
}

func nearestYear(years []int, y int) int {
	best := years[0]
	for _, c := range years {
		d, bd := abs(c-y), abs(best-y)
		if d < bd || (d == bd && c > best) {
			best = c
		}
	}
	return best
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func loadProvinces(ctx context.Context, tx *sql.Tx, year int) ([]provinceShape, error) {
	rows, err := tx.QueryContext(ctx, `SELECT code, geom FROM areas WHERE year = ? AND level = 'province' ORDER BY code`, year)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []provinceShape
	for rows.Next() {
		var code string
		var blob []byte
		if err := rows.Scan(&code, &blob); err != nil {
			return nil, err
		}
		mp, err := decodeMulti(blob)
		if err != nil {
			return nil, fmt.Errorf("province %s: %w", code, err)
		}
		out = append(out, provinceShape{code, mp})
	}
	return out, rows.Err()
}

type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func yearsTx(ctx context.Context, q queryer, level string) ([]int, error) {
	rows, err := q.QueryContext(ctx, `SELECT year FROM boundary_sets WHERE level = ? ORDER BY year DESC`, level)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int
	for rows.Next() {
		var y int
		if err := rows.Scan(&y); err != nil {
			return nil, err
		}
		out = append(out, y)
	}
	return out, rows.Err()
}

// Years lists the years with boundaries of level, newest first.
func (s *Store) Years(ctx context.Context, level string) ([]int, error) {
	return yearsTx(ctx, s.db, level)
}

// Sets lists the stored boundary sets, newest first.
func (s *Store) Sets(ctx context.Context) ([]SetInfo, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT year, level, source, checksum, feature_count, imported_at FROM boundary_sets ORDER BY year DESC, level`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []SetInfo
	for rows.Next() {
		var si SetInfo
		if err := rows.Scan(&si.Year, &si.Level, &si.Source, &si.Checksum, &si.FeatureCount, &si.ImportedAt); err != nil {
			return nil, err
		}
		out = append(out, si)
	}
	return out, rows.Err()
}

func decodeMulti(blob []byte) (orb.MultiPolygon, error) {
	g, err := wkb.Unmarshal(blob)
	if err != nil {
		return nil, err
	}
	switch v := g.(type) {
	case orb.MultiPolygon:
		return v, nil
	case orb.Polygon:
		return orb.MultiPolygon{v}, nil
	}
	return nil, fmt.Errorf("unexpected geometry %s", g.GeoJSONType())
}

// AreaInfo is an area's attributes without geometry.
type AreaInfo struct {
	Code         string
	Name         string
	Level        string
	Year         int
	ProvinceCode string
	ProvinceName string
	Bound        orb.Bound
	Point        orb.Point
}

// Filter narrows area queries. Zero values mean no filter.
type Filter struct {
	BBox     *orb.Bound
	Province string
}

const areaCols = `a.code, a.name, a.level, a.year, a.province_code, COALESCE(p.name, ''), a.min_lon, a.min_lat, a.max_lon, a.max_lat, a.point_lon, a.point_lat`

// provinceJoin joins each municipality to the province of the nearest year that has one
// with its code; areas.province_code was computed against that same set.
const provinceJoin = ` LEFT JOIN areas p ON p.level = 'province' AND p.code = a.province_code AND p.year = (
	SELECT bs.year FROM boundary_sets bs WHERE bs.level = 'province' ORDER BY ABS(bs.year - a.year), bs.year DESC LIMIT 1)`

func scanArea(rows *sql.Rows, extra ...any) (AreaInfo, error) {
	var a AreaInfo
	dst := []any{&a.Code, &a.Name, &a.Level, &a.Year, &a.ProvinceCode, &a.ProvinceName,
		&a.Bound.Min[0], &a.Bound.Min[1], &a.Bound.Max[0], &a.Bound.Max[1], &a.Point[0], &a.Point[1]}
	err := rows.Scan(append(dst, extra...)...)
	return a, err
}

func filterSQL(f Filter) (string, []any) {
	var where string
	var args []any
	if f.BBox != nil {
		where += ` AND a.id IN (SELECT id FROM areas_rtree WHERE max_lon >= ? AND min_lon <= ? AND max_lat >= ? AND min_lat <= ?)`
		args = append(args, f.BBox.Min[0], f.BBox.Max[0], f.BBox.Min[1], f.BBox.Max[1])
	}
	if f.Province != "" {
		where += ` AND (a.province_code = ? OR (a.level = 'province' AND a.code = ?))`
		args = append(args, f.Province, f.Province)
	}
	return where, args
}

// Areas lists the areas of a year and level matching f, ordered by code.
func (s *Store) Areas(ctx context.Context, year int, level string, f Filter) ([]AreaInfo, error) {
	shapes, err := s.query(ctx, year, level, -1, f)
	if err != nil {
		return nil, err
	}
	out := make([]AreaInfo, len(shapes))
	for i, sh := range shapes {
		out[i] = sh.AreaInfo
	}
	return out, nil
}

// Shape is an area with the geometry of one zoom level.
type Shape struct {
	AreaInfo
	Geometry orb.MultiPolygon
}

// Shapes returns areas with their geometry at zoomLevel (an index into geo.ZoomLevels),
// ordered by code.
func (s *Store) Shapes(ctx context.Context, year int, level string, zoomLevel int, f Filter) ([]Shape, error) {
	if zoomLevel < 0 {
		return nil, fmt.Errorf("%w: zoom level %d", ErrInvalid, zoomLevel)
	}
	return s.query(ctx, year, level, zoomLevel, f)
}

// query selects areas matching f, with the geometry of zoomLevel (none for -1).
// A bbox filter takes candidates from the R*Tree, then keeps an area only when
// its full-detail geometry shares a point with the box (geo.IntersectsBound), so
// every endpoint and the OGC API answer a bbox the same way.
func (s *Store) query(ctx context.Context, year int, level string, zoomLevel int, f Filter) ([]Shape, error) {
	where, args := filterSQL(f)
	cols, from := areaCols, ` FROM areas a`
	var head []any
	if zoomLevel >= 0 {
		cols += `, sh.geom`
		from += ` JOIN area_shapes sh ON sh.area_id = a.id AND sh.zoom_level = ?`
		head = append(head, zoomLevel)
	}
	if f.BBox != nil {
		cols += `, a.geom`
	}
	head = append(head, year, level)
	rows, err := s.db.QueryContext(ctx, `SELECT `+cols+from+provinceJoin+` WHERE a.year = ? AND a.level = ?`+where+` ORDER BY a.code`,
		append(head, args...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Shape
	for rows.Next() {
		var shapeBlob, fullBlob []byte
		var extra []any
		if zoomLevel >= 0 {
			extra = append(extra, &shapeBlob)
		}
		if f.BBox != nil {
			extra = append(extra, &fullBlob)
		}
		a, err := scanArea(rows, extra...)
		if err != nil {
			return nil, err
		}
		if f.BBox != nil {
			if !a.Bound.Intersects(*f.BBox) {
				continue
			}
			full, err := decodeMulti(fullBlob)
			if err != nil {
				return nil, fmt.Errorf("area %s: %w", a.Code, err)
			}
			if !geo.IntersectsBound(full, *f.BBox) {
				continue
			}
		}
		sh := Shape{AreaInfo: a}
		if zoomLevel >= 0 {
			if sh.Geometry, err = decodeMulti(shapeBlob); err != nil {
				return nil, fmt.Errorf("area %s: %w", a.Code, err)
			}
		}
		out = append(out, sh)
	}
	return out, rows.Err()
}

// Area returns one area, or ErrNotFound.
func (s *Store) Area(ctx context.Context, year int, level, code string) (AreaInfo, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+areaCols+` FROM areas a`+provinceJoin+` WHERE a.year = ? AND a.level = ? AND a.code = ?`, year, level, code)
	if err != nil {
		return AreaInfo{}, err
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return AreaInfo{}, err
		}
		return AreaInfo{}, fmt.Errorf("%s %s in %d: %w", level, code, year, ErrNotFound)
	}
	a, err := scanArea(rows)
	if err != nil {
		return AreaInfo{}, err
	}
	return a, rows.Err()
}

// Neighbours returns the areas sharing a border with code in year, ordered by code.
func (s *Store) Neighbours(ctx context.Context, year int, level, code string) ([]AreaInfo, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+areaCols+` FROM areas o JOIN neighbours n ON n.area_id = o.id JOIN areas a ON a.id = n.neighbour_id`+provinceJoin+
		` WHERE o.year = ? AND o.level = ? AND o.code = ? ORDER BY a.code`, year, level, code)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []AreaInfo
	for rows.Next() {
		a, err := scanArea(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// NeighbourPairs returns all neighbour code pairs (a < b) of a year and level.
func (s *Store) NeighbourPairs(ctx context.Context, year int, level string) ([][2]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT o.code, a.code FROM areas o JOIN neighbours n ON n.area_id = o.id JOIN areas a ON a.id = n.neighbour_id
		WHERE o.year = ? AND o.level = ? AND o.code < a.code ORDER BY o.code, a.code`, year, level)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out [][2]string
	for rows.Next() {
		var p [2]string
		if err := rows.Scan(&p[0], &p[1]); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}
