// Package importer turns a boundary source (file or URL) into a stored boundary set:
// read, validate and repair (geo/source), precompute simplification levels, neighbours and
// interior points, then replace the year's set in one store transaction.
package importer

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"

	"github.com/inclusiekaart/inclusiekaart/geo"
	"github.com/inclusiekaart/inclusiekaart/geo/source"
	"github.com/inclusiekaart/inclusiekaart/internal/store"
)

// DefaultYear is used when neither the flag nor the data gives a year.
const DefaultYear = 2025

// Options controls one boundary import.
type Options struct {
	Year  int // 0: from the data (jaarcode / jrstatcode), else DefaultYear
	Level source.Level
	Fetch source.FetchOptions
	Actor string
}

// Result reports what an import stored.
type Result struct {
	Year     int
	Level    source.Level
	Count    int
	Checksum string
	Warnings []string
}

// Boundaries imports the boundary source src (a file path or URL) into st. On any error nothing is changed.
func Boundaries(ctx context.Context, st *store.Store, src string, opt Options) (Result, error) {
	if opt.Level == "" {
		opt.Level = source.LevelMunicipality
	}
	features, err := source.Open(ctx, src, opt.Fetch)
	if err != nil {
		return Result{}, err
	}
	var warnings []string
	if opt.Year == 0 {
		// A source holding several years (PDOK's collections without jaarcode) would
		// only fail later as duplicate codes; say what is wrong and what to do.
		years := map[int]int{}
		first := map[int]source.Feature{} // the first feature of each year, to name it
		for _, f := range features {
			if y, _ := source.FeatureYear(f.Properties); y != 0 {
				if years[y] == 0 {
					first[y] = f
				}
				years[y]++
			}
		}
		if len(years) > 1 {
			var list []string
			for y, n := range years {
				f := first[y]
				list = append(list, fmt.Sprintf("%d (%d features, first: feature %d (%s))", y, n, f.Index, featureCode(f)))
			}
			sort.Strings(list)
			return Result{}, fmt.Errorf("%s holds boundaries of several years: %s; choose one with --year (or add jaarcode=YEAR to a PDOK URL)", src, strings.Join(list, ", "))
		}
	}
	if opt.Year != 0 {
		// A source may hold several years (PDOK's collections do): keep the requested one.
		kept := features[:0:0]
		for _, f := range features {
			if y, _ := source.FeatureYear(f.Properties); y == 0 || y == opt.Year {
				kept = append(kept, f)
			}
		}
		if len(kept) == 0 {
			return Result{}, fmt.Errorf("%s: no features for year %d", src, opt.Year)
		}
		if skipped := len(features) - len(kept); skipped > 0 {
			warnings = append(warnings, fmt.Sprintf("skipped %d features of other years than %d", skipped, opt.Year))
		}
		features = kept
	}
	bounds, warns, err := source.Normalize(features, opt.Level)
	if err != nil {
		return Result{}, err
	}
	for _, w := range warns {
		warnings = append(warnings, w.String())
	}
	year := opt.Year
	if year == 0 {
		for _, b := range bounds {
			if b.Year == 0 {
				continue
			}
			if year != 0 && b.Year != year {
				return Result{}, fmt.Errorf("feature %d (%s): year %d differs from %d; choose one with --year", b.Index, b.Code, b.Year, year)
			}
			year = b.Year
		}
		if year == 0 {
			year = DefaultYear
			warnings = append(warnings, fmt.Sprintf("no year in the data, stored as %d (use --year to choose)", year))
		}
	}
	set := Build(bounds)
	set.Year = year
	set.Level = string(opt.Level)
	set.Source = src
	storeWarnings, err := st.ReplaceBoundaries(ctx, set, actorOr(opt.Actor))
	if err != nil {
		return Result{}, err
	}
	warnings = append(warnings, storeWarnings...)
	return Result{Year: year, Level: opt.Level, Count: len(set.Areas), Checksum: set.Checksum, Warnings: warnings}, nil
}

func actorOr(a string) string {
	if a == "" {
		return "cli"
	}
	return a
}

// Build derives everything stored with a set from validated boundaries: simplified
// shapes per zoom level (topology-preserving across the whole set), interior
// points, neighbour pairs and a checksum of the content.
func Build(bounds []source.Boundary) store.BoundarySet {
	geoms := make([]orb.MultiPolygon, len(bounds))
	for i, b := range bounds {
		geoms[i] = b.Geometry
	}
	levels := make([][]orb.MultiPolygon, len(geo.ZoomLevels))
	for i, zl := range geo.ZoomLevels {
		levels[i] = geo.SimplifyShared(geoms, zl.Tolerance, zl.Decimals)
	}
	h := sha256.New()
	set := store.BoundarySet{Areas: make([]store.Area, len(bounds))}
	for i, b := range bounds {
		shapes := make([]orb.MultiPolygon, len(levels))
		for l := range levels {
			shapes[l] = levels[l][i]
		}
		set.Areas[i] = store.Area{Code: b.Code, Name: b.Name, Geometry: b.Geometry, Shapes: shapes, Point: geo.InteriorPoint(b.Geometry)}
		fmt.Fprintf(h, "%s\x00%s\x00", b.Code, b.Name)
		blob, _ := wkb.Marshal(b.Geometry) // a valid MultiPolygon always encodes
		h.Write(blob)
	}
	set.Neighbours = geo.Neighbours(geoms)
	set.Checksum = "sha256:" + hex.EncodeToString(h.Sum(nil))
	return set
}

// featureCode is the code a feature carries (statcode, code or its id), for messages.
func featureCode(f source.Feature) string {
	for _, k := range []string{"statcode", "code"} {
		if v, ok := f.Properties[k].(string); ok && v != "" {
			return v
		}
	}
	if f.ID != "" {
		return f.ID
	}
	return "no code"
}
