package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/inclusiekaart/inclusiekaart/internal/assessment"
)

// ErrUnauthorized is returned for an unknown API token.
var ErrUnauthorized = errors.New("unauthorized")

// Version is one stored version of an assessment.
type Version struct {
	ID int64 `json:"version"`
	assessment.Assessment
	RecordedAt string `json:"recorded_at"`
	RecordedBy string `json:"recorded_by"`
}

// AddAssessments stores new versions in one transaction (all or nothing), with an
// audit entry each. Nothing is ever updated in place.
func (s *Store) AddAssessments(ctx context.Context, as []assessment.Assessment, actor string) ([]int64, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	now := s.now()
	ids, err := addAssessmentsTx(ctx, tx, as, actor, now)
	if err != nil {
		return nil, err
	}
	if err := bumpGeneration(ctx, tx); err != nil {
		return nil, err
	}
	return ids, tx.Commit()
}

func addAssessmentsTx(ctx context.Context, tx *sql.Tx, as []assessment.Assessment, actor string, now time.Time) ([]int64, error) {
	insA, err := tx.PrepareContext(ctx, `INSERT INTO assessments (code, assessed_on, source, assessor, demo, recorded_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return nil, err
	}
	defer insA.Close()
	insV, err := tx.PrepareContext(ctx, `INSERT INTO assessment_values (assessment_id, indicator, value, evidence, note) VALUES (?, ?, ?, ?, ?)`)
	if err != nil {
		return nil, err
	}
	defer insV.Close()
	at := now.Format(time.RFC3339)
	ids := make([]int64, 0, len(as))
	for i, a := range as {
		res, err := insA.ExecContext(ctx, a.Code, a.AssessedOn, a.Source, a.Assessor, a.Demo, at, actor)
		if err != nil {
			return nil, fmt.Errorf("assessment %d (%s): %w", i+1, a.Code, err)
		}
		id, err := res.LastInsertId()
		if err != nil {
			return nil, err
		}
		for ind, v := range a.Values {
			if _, err := insV.ExecContext(ctx, id, ind, v.Value, v.Evidence, v.Note); err != nil {
				return nil, fmt.Errorf("assessment %d (%s) %s: %w", i+1, a.Code, ind, err)
			}
		}
		if !a.Demo { // demo loads are one audit line, not 800
			if err := audit(ctx, tx, now, actor, "add assessment", a.Code, fmt.Sprintf("version=%d assessed_on=%s source=%s values=%d", id, a.AssessedOn, a.Source, len(a.Values))); err != nil {
				return nil, err
			}
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// LoadDemo stores generated demo assessments unless demo assessments exist already.
// It reports whether it stored anything.
func (s *Store) LoadDemo(ctx context.Context, as []assessment.Assessment) (bool, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM assessments WHERE demo = 1`).Scan(&n); err != nil {
		return false, err
	}
	if n > 0 {
		return false, nil
	}
	for _, a := range as {
		if !a.Demo {
			return false, fmt.Errorf("%w: LoadDemo given a non-demo assessment for %s", ErrInvalid, a.Code)
		}
	}
	now := s.now()
	if _, err := addAssessmentsTx(ctx, tx, as, "demo", now); err != nil {
		return false, err
	}
	if err := audit(ctx, tx, now, "demo", "load demo assessments", "", fmt.Sprintf("%d generated demo versions", len(as))); err != nil {
		return false, err
	}
	if err := bumpGeneration(ctx, tx); err != nil {
		return false, err
	}
	return true, tx.Commit()
}

// versionOrder puts real assessments before demo ones, then the newest assessment
// date, then the newest recording: the first row per code is its current version.
const versionOrder = `a.demo, a.assessed_on DESC, a.id DESC`

// History returns all versions for the given codes (e.g. a municipality and the
// codes merged into it), current first. Demo versions only when includeDemo.
func (s *Store) History(ctx context.Context, codes []string, includeDemo bool) ([]Version, error) {
	if len(codes) == 0 {
		return nil, nil
	}
	ph := strings.TrimSuffix(strings.Repeat("?,", len(codes)), ",")
	args := make([]any, 0, len(codes))
	for _, c := range codes {
		args = append(args, c)
	}
	where := `a.code IN (` + ph + `)`
	if !includeDemo {
		where += ` AND a.demo = 0`
	}
	return s.versions(ctx, `SELECT a.id FROM assessments a WHERE `+where+` ORDER BY `+versionOrder, args...)
}

// Current returns the current version per code, ordered by code.
func (s *Store) Current(ctx context.Context, includeDemo bool) ([]Version, error) {
	where := ""
	if !includeDemo {
		where = `WHERE a.demo = 0`
	}
	return s.versions(ctx, `SELECT id FROM (SELECT a.id, a.code, ROW_NUMBER() OVER (PARTITION BY a.code ORDER BY `+versionOrder+`) AS rn
		FROM assessments a `+where+`) WHERE rn = 1 ORDER BY code`)
}

// versions loads the versions whose ids idQuery selects, in its order.
func (s *Store) versions(ctx context.Context, idQuery string, args ...any) ([]Version, error) {
	rows, err := s.db.QueryContext(ctx, idQuery, args...)
	if err != nil {
		return nil, err
	}
	var ids []any
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(ids) == 0 {
		return nil, err
	}
	ph := strings.TrimSuffix(strings.Repeat("?,", len(ids)), ",")
	rows, err = s.db.QueryContext(ctx, `SELECT a.id, a.code, a.assessed_on, a.source, a.assessor, a.demo, a.recorded_at, a.recorded_by,
		       v.indicator, v.value, v.evidence, v.note
		FROM assessments a LEFT JOIN assessment_values v ON v.assessment_id = a.id
		WHERE a.id IN (`+ph+`)`, ids...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	byID := make(map[int64]*Version, len(ids))
	for rows.Next() {
		var v Version
		var ind sql.NullString
		var val sql.NullInt64
		var ev, note sql.NullString
		if err := rows.Scan(&v.ID, &v.Code, &v.AssessedOn, &v.Source, &v.Assessor, &v.Demo, &v.RecordedAt, &v.RecordedBy, &ind, &val, &ev, &note); err != nil {
			return nil, err
		}
		cur, ok := byID[v.ID]
		if !ok {
			v.Values = map[string]assessment.Value{}
			cur = &v
			byID[v.ID] = cur
		}
		if ind.Valid {
			cur.Values[ind.String] = assessment.Value{Value: int(val.Int64), Evidence: ev.String, Note: note.String}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]Version, 0, len(ids))
	for _, id := range ids {
		out = append(out, *byID[id.(int64)])
	}
	return out, nil
}

// MunicipalityCodeKnown reports whether code is a municipality in any boundary year.
func (s *Store) MunicipalityCodeKnown(ctx context.Context, code string) (bool, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM areas WHERE level = 'municipality' AND code = ?`, code).Scan(&n)
	return n > 0, err
}

// CreateToken creates an API token named name and returns it; only its hash is stored.
func (s *Store) CreateToken(ctx context.Context, name string) (string, error) {
	name = strings.TrimSpace(name)
	if n := utf8.RuneCountInString(name); name == "" || n > 100 || !utf8.ValidString(name) {
		return "", fmt.Errorf("%w: token name must be 1 to 100 characters of UTF-8 text", ErrInvalid)
	}
	// The name is written into every version it records and into the audit
	// log: no line breaks or other control characters that could forge lines.
	if i := strings.IndexFunc(name, func(r rune) bool { return unicode.IsControl(r) || r == '\u2028' || r == '\u2029' }); i >= 0 {
		return "", fmt.Errorf("%w: token name contains a control character or line break at byte %d", ErrInvalid, i)
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", err
	}
	token := "ik_" + base64.RawURLEncoding.EncodeToString(raw)
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return "", err
	}
	defer tx.Rollback()
	now := s.now()
	if _, err := tx.ExecContext(ctx, `INSERT INTO tokens (name, hash, created_at) VALUES (?, ?, ?)`, name, hashToken(token), now.Format(time.RFC3339)); err != nil {
		return "", err
	}
	if err := audit(ctx, tx, now, "cli", "create token", name, ""); err != nil {
		return "", err
	}
	return token, tx.Commit()
}

// TokenName returns the name of the token, or ErrUnauthorized.
func (s *Store) TokenName(ctx context.Context, token string) (string, error) {
	if token == "" || len(token) > 200 {
		return "", ErrUnauthorized
	}
	var name string
	err := s.db.QueryRowContext(ctx, `SELECT name FROM tokens WHERE hash = ?`, hashToken(token)).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		return "", ErrUnauthorized
	}
	return name, err
}

func hashToken(t string) string {
	sum := sha256.Sum256([]byte(t))
	return hex.EncodeToString(sum[:])
}
