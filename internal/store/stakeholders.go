package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// StakeholderMapVersion is one stored version of the stakeholder map. Document
// is the validated JSON document as the API received it (re-encoded).
type StakeholderMapVersion struct {
	ID         int64           `json:"version"`
	RecordedAt string          `json:"recorded_at"`
	RecordedBy string          `json:"recorded_by"`
	Document   json.RawMessage `json:"document"`
}

// AddStakeholderMap stores doc as a new version of the stakeholder map, with an
// audit entry, in one transaction. The caller validates doc; the store only
// insists that it is JSON. Nothing is ever updated in place.
func (s *Store) AddStakeholderMap(ctx context.Context, doc []byte, actor string) (StakeholderMapVersion, error) {
	if !json.Valid(doc) {
		return StakeholderMapVersion{}, fmt.Errorf("%w: stakeholder map is not JSON", ErrInvalid)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return StakeholderMapVersion{}, err
	}
	defer tx.Rollback()
	now := s.now()
	at := now.Format(time.RFC3339)
	res, err := tx.ExecContext(ctx, `INSERT INTO stakeholder_maps (document, recorded_at, recorded_by) VALUES (?, ?, ?)`, string(doc), at, actor)
	if err != nil {
		return StakeholderMapVersion{}, fmt.Errorf("add stakeholder map: %w", err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return StakeholderMapVersion{}, err
	}
	if err := audit(ctx, tx, now, actor, "add stakeholder map", "stakeholders", fmt.Sprintf("version=%d bytes=%d", id, len(doc))); err != nil {
		return StakeholderMapVersion{}, err
	}
	if err := tx.Commit(); err != nil {
		return StakeholderMapVersion{}, err
	}
	return StakeholderMapVersion{ID: id, RecordedAt: at, RecordedBy: actor, Document: append(json.RawMessage(nil), doc...)}, nil
}

// LatestStakeholderMap returns the newest stored version, or ErrNotFound when
// none was stored (the reviewed default then applies).
func (s *Store) LatestStakeholderMap(ctx context.Context) (StakeholderMapVersion, error) {
	var v StakeholderMapVersion
	var doc string
	err := s.db.QueryRowContext(ctx, `SELECT id, recorded_at, recorded_by, document FROM stakeholder_maps ORDER BY id DESC LIMIT 1`).
		Scan(&v.ID, &v.RecordedAt, &v.RecordedBy, &doc)
	if errors.Is(err, sql.ErrNoRows) {
		return v, fmt.Errorf("%w: no stored stakeholder map", ErrNotFound)
	}
	if err != nil {
		return v, err
	}
	v.Document = json.RawMessage(doc)
	return v, nil
}

// StakeholderMapHistory returns every stored version, newest first.
func (s *Store) StakeholderMapHistory(ctx context.Context) ([]StakeholderMapVersion, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, recorded_at, recorded_by, document FROM stakeholder_maps ORDER BY id DESC`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []StakeholderMapVersion{}
	for rows.Next() {
		var v StakeholderMapVersion
		var doc string
		if err := rows.Scan(&v.ID, &v.RecordedAt, &v.RecordedBy, &doc); err != nil {
			return nil, err
		}
		v.Document = json.RawMessage(doc)
		out = append(out, v)
	}
	return out, rows.Err()
}
