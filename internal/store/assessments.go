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
	"io"
	"sort"
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
	// RecordedBy is the internal actor (token:NAME, account:ID, cli …):
	// never published; the service publishes a public label instead.
	RecordedBy string `json:"-"`
}

// AddAssessments stores new versions in one transaction (all or nothing), with an
// audit entry each. Nothing is ever updated in place.
func (s *Store) AddAssessments(ctx context.Context, as []assessment.Assessment, actor string) ([]int64, error) {
	ids := make([]int64, 0, len(as))
	i := 0
	next := func() (assessment.Assessment, error) {
		if i == len(as) {
			return assessment.Assessment{}, io.EOF
		}
		i++
		return as[i-1], nil
	}
	if err := s.addAssessments(ctx, next, actor, func(id int64) { ids = append(ids, id) }); err != nil {
		return nil, err
	}
	return ids, nil
}

// AddAssessmentsFrom stores the assessments next returns, until it returns
// io.EOF, as new versions in one transaction with an audit entry each: all
// or nothing, like AddAssessments, but holding one assessment in memory at a
// time (a large CSV import). An error from next rolls everything back and is
// returned as it is. It returns how many it stored.
func (s *Store) AddAssessmentsFrom(ctx context.Context, next func() (assessment.Assessment, error), actor string) (int, error) {
	n := 0
	if err := s.addAssessments(ctx, next, actor, func(int64) { n++ }); err != nil {
		return 0, err
	}
	return n, nil
}

// addAssessments is the one write of assessment versions (not public-record
// editions or demo loads): every assessment next returns, in one transaction;
// stored is told each new version id. codes holds the municipalities written,
// for what a write must update beside the versions.
func (s *Store) addAssessments(ctx context.Context, next func() (assessment.Assessment, error), actor string, stored func(int64)) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	w, err := newAssessmentWriter(ctx, tx, actor, s.now(), 0)
	if err != nil {
		return err
	}
	defer w.close()
	codes := map[string]bool{}
	for i := 0; ; i++ {
		a, err := next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		id, err := w.add(ctx, i, a)
		if err != nil {
			return err
		}
		codes[a.Code] = true
		stored(id)
	}
	if len(codes) == 0 {
		return tx.Commit() // nothing written: the published state is the same
	}
	written := make([]string, 0, len(codes))
	for c := range codes {
		written = append(written, c)
	}
	sort.Strings(written)
	if err := s.refreshStatus(ctx, tx, written); err != nil {
		return err
	}
	if err := bumpGeneration(ctx, tx, LevelMunicipality); err != nil {
		return err
	}
	return tx.Commit()
}

// codesOf lists the distinct codes of as: the statuses a write changes.
func codesOf(as []assessment.Assessment) []string {
	seen := map[string]bool{}
	out := []string{}
	for _, a := range as {
		if !seen[a.Code] {
			seen[a.Code] = true
			out = append(out, a.Code)
		}
	}
	return out
}

// addAssessmentsTx inserts as; edition is the public-record edition they
// belong to (0 for none).
func addAssessmentsTx(ctx context.Context, tx *sql.Tx, as []assessment.Assessment, actor string, now time.Time, edition int64) ([]int64, error) {
	w, err := newAssessmentWriter(ctx, tx, actor, now, edition)
	if err != nil {
		return nil, err
	}
	defer w.close()
	ids := make([]int64, 0, len(as))
	for i, a := range as {
		id, err := w.add(ctx, i, a)
		if err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// assessmentWriter inserts assessment versions with their values, sources
// and audit lines through statements prepared once in a transaction.
type assessmentWriter struct {
	tx               *sql.Tx
	insA, insV, insS *sql.Stmt
	actor, at        string
	now              time.Time
	edition          int64
	ed               any
}

func newAssessmentWriter(ctx context.Context, tx *sql.Tx, actor string, now time.Time, edition int64) (*assessmentWriter, error) {
	w := &assessmentWriter{tx: tx, actor: actor, now: now, at: now.Format(time.RFC3339), edition: edition}
	if edition > 0 {
		w.ed = edition
	}
	var err error
	if w.insA, err = tx.PrepareContext(ctx, `INSERT INTO assessments (code, assessed_on, source, assessor, demo, recorded_at, recorded_by, basis, edition) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`); err != nil {
		return nil, err
	}
	if w.insV, err = tx.PrepareContext(ctx, `INSERT INTO assessment_values (assessment_id, indicator, value, evidence, note) VALUES (?, ?, ?, ?, ?)`); err != nil {
		w.close()
		return nil, err
	}
	if w.insS, err = tx.PrepareContext(ctx, `INSERT INTO value_sources (assessment_id, indicator, position, url, publisher, source_date, read_on, summary) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`); err != nil {
		w.close()
		return nil, err
	}
	return w, nil
}

func (w *assessmentWriter) close() {
	for _, st := range []*sql.Stmt{w.insA, w.insV, w.insS} {
		if st != nil {
			st.Close()
		}
	}
}

// add inserts a, the i-th (0-based) of its batch, and returns its version id.
func (w *assessmentWriter) add(ctx context.Context, i int, a assessment.Assessment) (int64, error) {
	res, err := w.insA.ExecContext(ctx, a.Code, a.AssessedOn, a.Source, a.Assessor, a.Demo, w.at, w.actor, a.BasisOrDefault(), w.ed)
	if err != nil {
		return 0, fmt.Errorf("assessment %d (%s): %w", i+1, a.Code, err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, err
	}
	for ind, v := range a.Values {
		if _, err := w.insV.ExecContext(ctx, id, ind, v.Value, v.Evidence, v.Note); err != nil {
			return 0, fmt.Errorf("assessment %d (%s) %s: %w", i+1, a.Code, ind, err)
		}
		for pos, src := range v.Sources {
			if _, err := w.insS.ExecContext(ctx, id, ind, pos, src.URL, src.Publisher, src.Date, src.ReadOn, src.Summary); err != nil {
				return 0, fmt.Errorf("assessment %d (%s) %s source %d: %w", i+1, a.Code, ind, pos+1, err)
			}
		}
	}
	if !a.Demo && w.edition == 0 { // demo and public-record loads are one audit line, not hundreds
		if err := audit(ctx, w.tx, w.now, w.actor, "add assessment", a.Code, fmt.Sprintf("version=%d assessed_on=%s source=%s values=%d", id, a.AssessedOn, a.Source, len(a.Values))); err != nil {
			return 0, err
		}
	}
	return id, nil
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
	if _, err := addAssessmentsTx(ctx, tx, as, "demo", now, 0); err != nil {
		return false, err
	}
	if err := audit(ctx, tx, now, "demo", "load demo assessments", "", fmt.Sprintf("%d generated demo versions", len(as))); err != nil {
		return false, err
	}
	if err := s.refreshStatus(ctx, tx, codesOf(as)); err != nil {
		return false, err
	}
	if err := bumpGeneration(ctx, tx, LevelMunicipality); err != nil {
		return false, err
	}
	return true, tx.Commit()
}

// ErrNoChange is returned by LoadRecordEdition when the newest edition has the
// same checksum: the public record is loaded already.
var ErrNoChange = errors.New("no change")

// RecordEdition describes one loaded edition of the public record.
type RecordEdition struct {
	ID       int64  `json:"edition"`
	Checksum string `json:"checksum"`
	Source   string `json:"source"`
	Facts    int    `json:"facts"`
	LoadedAt string `json:"loaded_at"`
}

// LoadRecordEdition stores the versions made from one edition of the public
// record in one transaction, unless the newest stored edition has the same
// checksum (then ErrNoChange). The versions of earlier editions are kept but
// no longer served: a corrected or removed row takes effect at once.
func (s *Store) LoadRecordEdition(ctx context.Context, ed RecordEdition, as []assessment.Assessment, actor string) (RecordEdition, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return ed, err
	}
	defer tx.Rollback()
	var last sql.NullString
	if err := tx.QueryRowContext(ctx, `SELECT checksum FROM record_editions ORDER BY id DESC LIMIT 1`).Scan(&last); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return ed, err
	}
	if last.Valid && last.String == ed.Checksum {
		return ed, ErrNoChange
	}
	for _, a := range as {
		if a.Basis != assessment.BasisPublicRecord || a.Demo {
			return ed, fmt.Errorf("%w: a public-record edition holds only public_record assessments (%s has %q)", ErrInvalid, a.Code, a.Basis)
		}
	}
	now := s.now()
	ed.LoadedAt = now.Format(time.RFC3339)
	res, err := tx.ExecContext(ctx, `INSERT INTO record_editions (checksum, source, facts, loaded_at, loaded_by) VALUES (?, ?, ?, ?, ?)`, ed.Checksum, ed.Source, ed.Facts, ed.LoadedAt, actor)
	if err != nil {
		return ed, err
	}
	if ed.ID, err = res.LastInsertId(); err != nil {
		return ed, err
	}
	if _, err := addAssessmentsTx(ctx, tx, as, actor, now, ed.ID); err != nil {
		return ed, err
	}
	// A new edition supersedes every public-record version of the last one.
	if err := s.refreshStatus(ctx, tx, nil); err != nil {
		return ed, err
	}
	if err := audit(ctx, tx, now, actor, "load public record", ed.Source, fmt.Sprintf("edition=%d checksum=%s facts=%d versions=%d", ed.ID, ed.Checksum, ed.Facts, len(as))); err != nil {
		return ed, err
	}
	if err := bumpGeneration(ctx, tx, LevelMunicipality); err != nil {
		return ed, err
	}
	return ed, tx.Commit()
}

// RecordEditionNow returns the newest loaded edition of the public record, or
// ok false when none was loaded.
func (s *Store) RecordEditionNow(ctx context.Context) (RecordEdition, bool, error) {
	var ed RecordEdition
	err := s.db.QueryRowContext(ctx, `SELECT id, checksum, source, facts, loaded_at FROM record_editions ORDER BY id DESC LIMIT 1`).
		Scan(&ed.ID, &ed.Checksum, &ed.Source, &ed.Facts, &ed.LoadedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return ed, false, nil
	}
	return ed, err == nil, err
}

// published keeps the versions that are served: everything but the
// public-record versions of superseded editions.
const published = `(a.basis <> 'public_record' OR a.edition = (SELECT MAX(id) FROM record_editions))`

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
	where := `a.code IN (` + ph + `) AND ` + published
	if !includeDemo {
		where += ` AND a.demo = 0`
	}
	return s.versions(ctx, `SELECT a.id FROM assessments a WHERE `+where+` ORDER BY `+versionOrder, args...)
}

// Current returns the current version per code, ordered by code.
func (s *Store) Current(ctx context.Context, includeDemo bool) ([]Version, error) {
	return s.versions(ctx, currentQuery(includeDemo, ""))
}

// currentQuery selects the id of the current version per code, ordered by
// code; extra narrows the versions (e.g. " AND a.code IN (?)").
func currentQuery(includeDemo bool, extra string) string {
	where := `WHERE ` + published + extra
	if !includeDemo {
		where += ` AND a.demo = 0`
	}
	return `SELECT id FROM (SELECT a.id, a.code, ROW_NUMBER() OVER (PARTITION BY a.code ORDER BY ` + versionOrder + `) AS rn
		FROM assessments a ` + where + `) WHERE rn = 1 ORDER BY code`
}

// versions loads the versions whose ids idQuery selects, in its order.
func (s *Store) versions(ctx context.Context, idQuery string, args ...any) ([]Version, error) {
	return versionsOf(ctx, s.db, idQuery, args...)
}

// versionsOf is versions read through q (the database or a transaction).
func versionsOf(ctx context.Context, q queryer, idQuery string, args ...any) ([]Version, error) {
	rows, err := q.QueryContext(ctx, idQuery, args...)
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
	return loadVersions(ctx, q, ids)
}

// versionColumns are the columns scanVersionRow reads: a version (a) and at
// most one of its values (v, from a LEFT JOIN of assessment_values).
const versionColumns = `a.id, a.code, a.assessed_on, a.source, a.assessor, a.demo, a.recorded_at, a.recorded_by, a.basis,
		       v.indicator, v.value, v.evidence, v.note`

// scanVersionRow reads one row of versionColumns: the version (without
// values) and the indicator and value of the row ("" when it has none).
func scanVersionRow(rows *sql.Rows) (Version, string, assessment.Value, error) {
	var v Version
	var ind, ev, note sql.NullString
	var val sql.NullInt64
	if err := rows.Scan(&v.ID, &v.Code, &v.AssessedOn, &v.Source, &v.Assessor, &v.Demo, &v.RecordedAt, &v.RecordedBy, &v.Basis, &ind, &val, &ev, &note); err != nil {
		return v, "", assessment.Value{}, err
	}
	if !ind.Valid {
		return v, "", assessment.Value{}, nil
	}
	return v, ind.String, assessment.Value{Value: int(val.Int64), Evidence: ev.String, Note: note.String}, nil
}

// loadVersions reads the versions with ids (in that order), values and sources included.
func loadVersions(ctx context.Context, q queryer, ids []any) ([]Version, error) {
	ph := placeholders(len(ids))
	rows, err := q.QueryContext(ctx, `SELECT `+versionColumns+`
		FROM assessments a LEFT JOIN assessment_values v ON v.assessment_id = a.id
		WHERE a.id IN (`+ph+`)`, ids...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	byID := make(map[int64]*Version, len(ids))
	for rows.Next() {
		v, ind, val, err := scanVersionRow(rows)
		if err != nil {
			return nil, err
		}
		cur, ok := byID[v.ID]
		if !ok {
			v.Values = map[string]assessment.Value{}
			cur = &v
			byID[v.ID] = cur
		}
		if ind != "" {
			cur.Values[ind] = val
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if err := addSources(ctx, q, byID, ids, ph); err != nil {
		return nil, err
	}
	out := make([]Version, 0, len(ids))
	for _, id := range ids {
		out = append(out, *byID[id.(int64)])
	}
	return out, nil
}

// addSources attaches the dated sources of the versions in byID.
func addSources(ctx context.Context, q queryer, byID map[int64]*Version, ids []any, ph string) error {
	rows, err := q.QueryContext(ctx, `SELECT assessment_id, indicator, url, publisher, source_date, read_on, summary
		FROM value_sources WHERE assessment_id IN (`+ph+`) ORDER BY assessment_id, indicator, position`, ids...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var ind string
		var src assessment.Source
		if err := rows.Scan(&id, &ind, &src.URL, &src.Publisher, &src.Date, &src.ReadOn, &src.Summary); err != nil {
			return err
		}
		if v, ok := byID[id]; ok {
			val := v.Values[ind]
			val.Sources = append(val.Sources, src)
			v.Values[ind] = val
		}
	}
	return rows.Err()
}

// MunicipalityNames returns every name a municipality code has had in the
// imported boundary years.
func (s *Store) MunicipalityNames(ctx context.Context) (map[string][]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT code, name FROM areas WHERE level = 'municipality' ORDER BY code, name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]string{}
	for rows.Next() {
		var code, name string
		if err := rows.Scan(&code, &name); err != nil {
			return nil, err
		}
		out[code] = append(out[code], name)
	}
	return out, rows.Err()
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
