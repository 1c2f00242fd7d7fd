package store

import (
	"context"
	"strings"

	"github.com/paulmach/orb"

	"github.com/inclusiekaart/inclusiekaart/geo"
	"github.com/inclusiekaart/inclusiekaart/internal/cql2"
)

// whereOf translates the property filters, the CQL2 filter and the day range
// of sel into one parameterised condition: column expressions come from
// featureColumns only, every value is an argument. ErrNotSQL when a part
// cannot be translated.
func (s *Store) whereOf(ctx context.Context, year int, level string, sel Select) (string, []any, error) {
	var conds []string
	var args []any
	col := sel.column(level)
	for _, c := range sel.Equal {
		expr, cargs, ok := col(c.Field)
		if !ok {
			return "", nil, ErrNotSQL
		}
		var alts []string
		for _, v := range c.Values {
			switch x := v.(type) {
			case nil:
				alts = append(alts, "("+expr+" IS NULL)")
				args = append(args, cargs...)
			case bool:
				alts = append(alts, "("+expr+" = ?)")
				args = append(append(args, cargs...), boolInt(x))
			case int64, string:
				alts = append(alts, "("+expr+" = ?)")
				args = append(append(args, cargs...), x)
			default:
				return "", nil, ErrNotSQL
			}
		}
		if len(alts) == 0 {
			return "", nil, ErrNotSQL
		}
		conds = append(conds, "("+strings.Join(alts, " OR ")+")")
	}
	if d := sel.Days; d != nil {
		expr, cargs, ok := col(sel.Temporal)
		if sel.Temporal == "" || !ok {
			return "", nil, ErrNotSQL
		}
		if d.From != "" {
			conds = append(conds, "("+expr+" >= ?)")
			args = append(append(args, cargs...), d.From)
		}
		if d.Before != "" {
			conds = append(conds, "("+expr+" < ?)")
			args = append(append(args, cargs...), d.Before)
		}
		conds = append(conds, "("+expr+" IS NOT NULL)")
		args = append(args, cargs...)
	}
	if sel.CQL2 != nil {
		var spatialErr error
		cond, cargs, ok := sel.CQL2.SQL(cql2.SQLSchema{Column: col, Intersects: func(b *orb.Bound, p *orb.Point) (string, []any, bool) {
			box := orb.Bound{}
			if p != nil {
				box = p.Bound()
			} else {
				box = *b
			}
			ids, err := s.IntersectingIDs(ctx, year, level, box, func(mp orb.MultiPolygon) bool {
				if p != nil {
					return geo.Contains(mp, *p)
				}
				return geo.IntersectsBound(mp, *b)
			})
			if err != nil {
				spatialErr = err
				return "", nil, false
			}
			if len(ids) == 0 {
				return "0", nil, true
			}
			return "a.id IN (" + placeholders(len(ids)) + ")", ids, true
		}})
		if spatialErr != nil {
			return "", nil, spatialErr
		}
		if !ok {
			return "", nil, ErrNotSQL
		}
		conds = append(conds, "("+cond+")")
		args = append(args, cargs...)
	}
	return strings.Join(conds, " AND "), args, nil
}

// column reads the published fields of level in SQL: the feature columns,
// koploper from sel.Koplopers, source_stale from sel.StaleBefore.
func (sel Select) column(level string) func(name string) (string, []any, bool) {
	return func(name string) (string, []any, bool) {
		if level == LevelMunicipality {
			switch name {
			case "koploper":
				if len(sel.Koplopers) == 0 {
					return "0", nil, true
				}
				args := make([]any, len(sel.Koplopers))
				for i, c := range sel.Koplopers {
					args[i] = c
				}
				return "(a.code IN (" + placeholders(len(args)) + "))", args, true
			case "source_stale":
				if sel.StaleBefore == "" {
					return "", nil, false
				}
				return "(" + featureColumns[level]["source_date"] + " < ?)", []any{sel.StaleBefore}, true
			}
		}
		expr, ok := FeatureColumn(level, name)
		return expr, nil, ok
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
