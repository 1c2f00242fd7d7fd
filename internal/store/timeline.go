package store

import (
	"context"
	"database/sql"

	"github.com/inclusiekaart/inclusiekaart/internal/assessment"
)

// PublishedVersions returns every published version of every municipality
// (demo ones only when includeDemo), with values and sources, ordered by
// code and then as History orders them: the first version of a code that is
// dated on or before a day is its status on that day. The time view (status
// on a past date, what changed) is derived from it.
func (s *Store) PublishedVersions(ctx context.Context, includeDemo bool) ([]Version, error) {
	where := published
	if !includeDemo {
		where += ` AND a.demo = 0`
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+versionColumns+`
		FROM assessments a LEFT JOIN assessment_values v ON v.assessment_id = a.id
		WHERE `+where+` ORDER BY a.code, `+versionOrder)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Version
	at := map[int64]int{} // version id -> index in out
	for rows.Next() {
		v, ind, val, err := scanVersionRow(rows)
		if err != nil {
			return nil, err
		}
		i, ok := at[v.ID]
		if !ok {
			v.Values = map[string]assessment.Value{}
			out = append(out, v)
			i = len(out) - 1
			at[v.ID] = i
		}
		if ind != "" {
			out[i].Values[ind] = val
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	src, err := s.db.QueryContext(ctx, `SELECT s.assessment_id, s.indicator, s.url, s.publisher, s.source_date, s.read_on, s.summary
		FROM value_sources s JOIN assessments a ON a.id = s.assessment_id
		WHERE `+where+` ORDER BY s.assessment_id, s.indicator, s.position`)
	if err != nil {
		return nil, err
	}
	defer src.Close()
	for src.Next() {
		var id int64
		var ind string
		var so assessment.Source
		if err := src.Scan(&id, &ind, &so.URL, &so.Publisher, &so.Date, &so.ReadOn, &so.Summary); err != nil {
			return nil, err
		}
		if i, ok := at[id]; ok {
			val := out[i].Values[ind]
			val.Sources = append(val.Sources, so)
			out[i].Values[ind] = val
		}
	}
	return out, src.Err()
}

// FirstAssessedOn returns the earliest date of a published version (demo
// ones only when includeDemo), "" when there is none.
func (s *Store) FirstAssessedOn(ctx context.Context, includeDemo bool) (string, error) {
	where := published
	if !includeDemo {
		where += ` AND a.demo = 0`
	}
	var first sql.NullString
	err := s.db.QueryRowContext(ctx, `SELECT MIN(a.assessed_on) FROM assessments a WHERE `+where).Scan(&first)
	return first.String, err
}
