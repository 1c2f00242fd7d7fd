// Package gpkg writes an OGC GeoPackage (1.4) feature table in pure Go: a
// SQLite file with the GeoPackage core tables and geometries as
// GeoPackage binary (a small header with the envelope, then WKB), so a release
// can be written without GDAL. Only what a release needs: one feature layer
// of (multi)polygons in WGS 84 (EPSG:4326) with plain attribute columns.
package gpkg

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"regexp"
	"strings"
	"time"

	_ "github.com/mattn/go-sqlite3" // the "sqlite3" driver
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"
)

// ColumnType is the GeoPackage type of an attribute column.
type ColumnType string

// The attribute column types.
const (
	Text    ColumnType = "TEXT"
	Integer ColumnType = "INTEGER"
	Real    ColumnType = "REAL"
	Boolean ColumnType = "BOOLEAN"
	Date    ColumnType = "DATE"
)

// Column is an attribute column of the layer.
type Column struct {
	Name string
	Type ColumnType
}

// Feature is one row: a polygon or multipolygon and one value per column
// (nil for NULL; bool, int, float64 or string otherwise).
type Feature struct {
	Geometry orb.Geometry
	Values   []any
}

// Layer is a feature table.
type Layer struct {
	Name        string // table name: letters, digits and _
	Title       string
	Description string // carries the attribution and licence
	Columns     []Column
	Features    []Feature
	LastChange  time.Time
}

var identRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// Write writes layer as a new GeoPackage at path (which must not exist).
func Write(ctx context.Context, path string, layer Layer) error {
	if !identRE.MatchString(layer.Name) {
		return fmt.Errorf("gpkg: table name %q", layer.Name)
	}
	for _, c := range layer.Columns {
		if !identRE.MatchString(c.Name) || strings.EqualFold(c.Name, "fid") || strings.EqualFold(c.Name, "geom") {
			return fmt.Errorf("gpkg: column name %q", c.Name)
		}
	}
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("gpkg: %s exists", path)
	}
	db, err := sql.Open("sqlite3", "file:"+path+"?_journal_mode=DELETE")
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var bound orb.Bound
	for i, f := range layer.Features {
		if i == 0 {
			bound = f.Geometry.Bound()
		} else {
			bound = bound.Union(f.Geometry.Bound())
		}
	}
	cols := make([]string, len(layer.Columns))
	marks := make([]string, len(layer.Columns))
	for i, c := range layer.Columns {
		cols[i] = `"` + c.Name + `" ` + string(c.Type)
		marks[i] = "?"
	}
	last := layer.LastChange.UTC().Format("2006-01-02T15:04:05.000Z")
	stmts := []struct {
		q    string
		args []any
	}{
		{`PRAGMA application_id = 1196444487`, nil}, // "GPKG"
		{`PRAGMA user_version = 10400`, nil},        // GeoPackage 1.4.0
		{`CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY, organization TEXT NOT NULL,
			organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT)`, nil},
		{`INSERT INTO gpkg_spatial_ref_sys VALUES ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system'),
			('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system'),
			('WGS 84 geodetic', 4326, 'EPSG', 4326, ?, 'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid')`, []any{wgs84WKT}},
		{`CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
			description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
			min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
			CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id))`, nil},
		{`CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
			srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
			CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
			CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
			CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id))`, nil},
		{`CREATE TABLE "` + layer.Name + `" (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, geom MULTIPOLYGON` +
			prefixComma(cols) + `)`, nil},
		{`INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change, min_x, min_y, max_x, max_y, srs_id)
			VALUES (?, 'features', ?, ?, ?, ?, ?, ?, ?, 4326)`,
			[]any{layer.Name, layer.Title, layer.Description, last, bound.Min[0], bound.Min[1], bound.Max[0], bound.Max[1]}},
		{`INSERT INTO gpkg_geometry_columns VALUES (?, 'geom', 'MULTIPOLYGON', 4326, 0, 0)`, []any{layer.Name}},
	}
	for _, s := range stmts {
		if _, err := tx.ExecContext(ctx, s.q, s.args...); err != nil {
			return fmt.Errorf("gpkg: %w", err)
		}
	}
	ins, err := tx.PrepareContext(ctx, `INSERT INTO "`+layer.Name+`" (geom`+prefixComma(quoted(layer.Columns))+`) VALUES (?`+prefixComma(marks)+`)`)
	if err != nil {
		return fmt.Errorf("gpkg: %w", err)
	}
	defer ins.Close()
	for i, f := range layer.Features {
		if len(f.Values) != len(layer.Columns) {
			return fmt.Errorf("gpkg: feature %d has %d values for %d columns", i, len(f.Values), len(layer.Columns))
		}
		blob, err := Geometry(f.Geometry)
		if err != nil {
			return fmt.Errorf("gpkg: feature %d: %w", i, err)
		}
		if _, err := ins.ExecContext(ctx, append([]any{blob}, f.Values...)...); err != nil {
			return fmt.Errorf("gpkg: feature %d: %w", i, err)
		}
	}
	return tx.Commit()
}

func prefixComma(parts []string) string {
	if len(parts) == 0 {
		return ""
	}
	return ", " + strings.Join(parts, ", ")
}

func quoted(cols []Column) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = `"` + c.Name + `"`
	}
	return out
}

// Geometry encodes g as GeoPackage binary: magic "GP", version 0, flags
// (little endian, xy envelope), srs id 4326, the envelope (minx, maxx, miny,
// maxy), then little-endian WKB. A Polygon is stored as a MultiPolygon, the
// column's declared type.
func Geometry(g orb.Geometry) ([]byte, error) {
	switch v := g.(type) {
	case orb.Polygon:
		g = orb.MultiPolygon{v}
	case orb.MultiPolygon:
	default:
		return nil, fmt.Errorf("geometry type %s: only polygons", g.GeoJSONType())
	}
	body, err := wkb.Marshal(g, binary.LittleEndian)
	if err != nil {
		return nil, err
	}
	b := g.Bound()
	var buf bytes.Buffer
	buf.Write([]byte{'G', 'P', 0, 0x03})
	binary.Write(&buf, binary.LittleEndian, int32(4326))
	for _, v := range []float64{b.Min[0], b.Max[0], b.Min[1], b.Max[1]} {
		binary.Write(&buf, binary.LittleEndian, math.Float64bits(v))
	}
	buf.Write(body)
	return buf.Bytes(), nil
}

const wgs84WKT = `GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]`
