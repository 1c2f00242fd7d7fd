package store

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
)

// StatusRow is the published status of one municipality as stored in
// municipality_status: the scored current version. The store does not know
// the scoring framework; the service supplies the Scorer that makes rows.
type StatusRow struct {
	Code                 string
	VersionID            int64
	Stage                *int
	StageLabel           *string
	Score                *float64
	Completeness         *float64
	InsufficientData     *bool
	AssessedOn           *string
	Demo                 bool
	StakeholdersInvolved *int
	Basis                *string
	SourceDate           *string
	SourceCount          int
	// Detail is JSON with what only the list and detail forms show (parts, values).
	Detail string
}

// Scorer turns a current version into its status row. Fingerprint
// identifies the scoring (framework and code): rows made by another one are
// rebuilt.
type Scorer struct {
	Fingerprint string
	Score       func(Version) StatusRow
}

// Status views: which versions count as current.
const (
	ViewReal     = 0 // demo versions left out
	ViewWithDemo = 1 // demo versions count (serve --demo)
)

type scorerSlot struct {
	mu sync.RWMutex
	sc *Scorer
}

// SetScorer installs the scorer used to maintain municipality_status on every
// write, and rebuilds the table in one transaction when it was made by
// another scorer (or by a write without one).
func (s *Store) SetScorer(ctx context.Context, sc Scorer) error {
	s.scorer.mu.Lock()
	s.scorer.sc = &sc
	s.scorer.mu.Unlock()
	var fp string
	if err := s.db.QueryRowContext(ctx, `SELECT fingerprint FROM status_scorer WHERE id = 1`).Scan(&fp); err != nil {
		return fmt.Errorf("status scorer: %w", err)
	}
	if fp == sc.Fingerprint {
		return nil
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := s.refreshStatus(ctx, tx, nil); err != nil {
		return err
	}
	return tx.Commit()
}

// refreshStatus recomputes the status rows of codes (nil: every code) in both
// views, inside tx. Without a scorer the table is marked stale instead, so
// that the next SetScorer rebuilds it.
func (s *Store) refreshStatus(ctx context.Context, tx *sql.Tx, codes []string) error {
	s.scorer.mu.RLock()
	sc := s.scorer.sc
	s.scorer.mu.RUnlock()
	if sc == nil {
		_, err := tx.ExecContext(ctx, `UPDATE status_scorer SET fingerprint = '' WHERE id = 1`)
		return err
	}
	var codeWhere string
	var args []any
	if codes != nil {
		if len(codes) == 0 {
			return nil
		}
		codeWhere = ` AND a.code IN (` + placeholders(len(codes)) + `)`
		for _, c := range codes {
			args = append(args, c)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM municipality_status WHERE code IN (`+placeholders(len(codes))+`)`, args...); err != nil {
			return err
		}
	} else if _, err := tx.ExecContext(ctx, `DELETE FROM municipality_status`); err != nil {
		return err
	}
	ins, err := tx.PrepareContext(ctx, `INSERT INTO municipality_status (view, code, version_id, stage, stage_label, score, completeness,
		insufficient_data, assessed_on, demo, stakeholders_involved, basis, source_date, source_count, detail)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer ins.Close()
	for _, view := range []int{ViewReal, ViewWithDemo} {
		vs, err := versionsOf(ctx, tx, currentQuery(view == ViewWithDemo, codeWhere), args...)
		if err != nil {
			return err
		}
		for _, v := range vs {
			r := sc.Score(v)
			if _, err := ins.ExecContext(ctx, view, v.Code, v.ID, r.Stage, r.StageLabel, r.Score, r.Completeness, r.InsufficientData,
				r.AssessedOn, r.Demo, r.StakeholdersInvolved, r.Basis, r.SourceDate, r.SourceCount, r.Detail); err != nil {
				return fmt.Errorf("status %s: %w", v.Code, err)
			}
		}
	}
	_, err = tx.ExecContext(ctx, `UPDATE status_scorer SET fingerprint = ? WHERE id = 1`, sc.Fingerprint)
	return err
}

// statusCols are the columns of municipality_status read into a StatusRow.
const statusCols = `st.code, st.version_id, st.stage, st.stage_label, st.score, st.completeness, st.insufficient_data, st.assessed_on,
	st.demo, st.stakeholders_involved, st.basis, st.source_date, st.source_count, st.detail`

func scanStatus(sc interface{ Scan(...any) error }) (StatusRow, error) {
	var r StatusRow
	err := sc.Scan(&r.Code, &r.VersionID, &r.Stage, &r.StageLabel, &r.Score, &r.Completeness, &r.InsufficientData, &r.AssessedOn,
		&r.Demo, &r.StakeholdersInvolved, &r.Basis, &r.SourceDate, &r.SourceCount, &r.Detail)
	return r, err
}

// Statuses returns the stored status rows of view, by code.
func (s *Store) Statuses(ctx context.Context, view int) (map[string]StatusRow, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+statusCols+` FROM municipality_status st WHERE st.view = ?`, view)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]StatusRow{}
	for rows.Next() {
		r, err := scanStatus(rows)
		if err != nil {
			return nil, err
		}
		out[r.Code] = r
	}
	return out, rows.Err()
}
