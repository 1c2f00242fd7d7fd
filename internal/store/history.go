package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/inclusiekaart/inclusiekaart/internal/assessment"
)

// HistoryCursor marks where a page of history ends: the sort key of its last
// version (demo, assessed_on, id), written as text for a URL.
type HistoryCursor struct {
	Demo       bool
	AssessedOn string
	ID         int64
}

// String is the cursor's text form: 0~2025-06-01~123.
func (c HistoryCursor) String() string {
	d := "0"
	if c.Demo {
		d = "1"
	}
	return d + "~" + c.AssessedOn + "~" + strconv.FormatInt(c.ID, 10)
}

// ParseHistoryCursor reads a cursor's text form.
func ParseHistoryCursor(s string) (HistoryCursor, error) {
	parts := strings.Split(s, "~")
	if len(parts) != 3 || (parts[0] != "0" && parts[0] != "1") || len(parts[1]) != 10 {
		return HistoryCursor{}, fmt.Errorf("%w: cursor %q", ErrInvalid, s)
	}
	id, err := strconv.ParseInt(parts[2], 10, 64)
	if err != nil || id < 1 {
		return HistoryCursor{}, fmt.Errorf("%w: cursor %q", ErrInvalid, s)
	}
	return HistoryCursor{Demo: parts[0] == "1", AssessedOn: parts[1], ID: id}, nil
}

// historyWhere selects the published versions of codes (and demo ones only
// when includeDemo).
func historyWhere(codes []string, includeDemo bool) (string, []any) {
	args := make([]any, 0, len(codes))
	for _, c := range codes {
		args = append(args, c)
	}
	where := `a.code IN (` + placeholders(len(codes)) + `) AND ` + published
	if !includeDemo {
		where += ` AND a.demo = 0`
	}
	return where, args
}

// HistoryPage returns at most limit versions of codes, current first, after
// the cursor (nil: from the start), the cursor of the next page (nil when
// this is the last) and how many versions there are in all. It reads only
// the page's versions.
func (s *Store) HistoryPage(ctx context.Context, codes []string, includeDemo bool, limit int, after *HistoryCursor) ([]Version, *HistoryCursor, int, error) {
	if len(codes) == 0 {
		return nil, nil, 0, nil
	}
	where, args := historyWhere(codes, includeDemo)
	var total int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM assessments a WHERE `+where, args...).Scan(&total); err != nil {
		return nil, nil, 0, err
	}
	if after != nil {
		// The rows after the cursor in versionOrder (demo, assessed_on DESC, id DESC).
		where += ` AND (a.demo > ? OR (a.demo = ? AND (a.assessed_on < ? OR (a.assessed_on = ? AND a.id < ?))))`
		args = append(args, after.Demo, after.Demo, after.AssessedOn, after.AssessedOn, after.ID)
	}
	vs, err := s.versions(ctx, `SELECT a.id FROM assessments a WHERE `+where+` ORDER BY `+versionOrder+` LIMIT ?`, append(args, limit+1)...)
	if err != nil {
		return nil, nil, 0, err
	}
	var next *HistoryCursor
	if len(vs) > limit {
		vs = vs[:limit]
		last := vs[limit-1]
		next = &HistoryCursor{Demo: last.Demo, AssessedOn: last.AssessedOn, ID: last.ID}
	}
	return vs, next, total, nil
}

// CurrentOf returns the current version of code itself, ok false when it has none.
func (s *Store) CurrentOf(ctx context.Context, code string, includeDemo bool) (Version, bool, error) {
	where, args := historyWhere([]string{code}, includeDemo)
	vs, err := s.versions(ctx, `SELECT a.id FROM assessments a WHERE `+where+` ORDER BY `+versionOrder+` LIMIT 1`, args...)
	if err != nil || len(vs) == 0 {
		return Version{}, false, err
	}
	return vs[0], true, nil
}

// SourceUse is one dated source of one indicator of one version.
type SourceUse struct {
	Code      string
	Indicator string
	assessment.Source
}

// HistorySources returns the dated sources of every published version of
// codes, in history order (current first), then by indicator and position,
// without reading the versions themselves.
func (s *Store) HistorySources(ctx context.Context, codes []string, includeDemo bool) ([]SourceUse, error) {
	if len(codes) == 0 {
		return nil, nil
	}
	where, args := historyWhere(codes, includeDemo)
	rows, err := s.db.QueryContext(ctx, `SELECT a.code, vs.indicator, vs.url, vs.publisher, vs.source_date, vs.read_on, vs.summary
		FROM assessments a JOIN value_sources vs ON vs.assessment_id = a.id
		WHERE `+where+` ORDER BY `+versionOrder+`, vs.indicator, vs.position`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []SourceUse
	for rows.Next() {
		var u SourceUse
		if err := rows.Scan(&u.Code, &u.Indicator, &u.URL, &u.Publisher, &u.Date, &u.ReadOn, &u.Summary); err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}
