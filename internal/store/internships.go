package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Internship is a place of the inclusiestage. Access is a comma-separated
// list of feature ids; ClosesOn is YYYY-MM-DD.
type Internship struct {
	ID                   int64
	Code                 string
	Department           string
	Domain               string
	Hours                int
	Access, AccessNote   string
	Description, Contact string
	ClosesOn             string
	PublishedBy          int64
	WithdrawnAt          string
	CreatedAt, UpdatedAt string
	Responses            int
}

const internshipCols = `i.id, i.code, i.department, i.domain, i.hours, i.access, i.access_note, i.description, i.contact, i.closes_on,
	COALESCE(i.published_by, 0), i.withdrawn_at, i.created_at, i.updated_at,
	(SELECT COUNT(*) FROM internship_responses r WHERE r.internship_id = i.id)`

func scanInternship(row interface{ Scan(...any) error }) (Internship, error) {
	var in Internship
	err := row.Scan(&in.ID, &in.Code, &in.Department, &in.Domain, &in.Hours, &in.Access, &in.AccessNote, &in.Description, &in.Contact,
		&in.ClosesOn, &in.PublishedBy, &in.WithdrawnAt, &in.CreatedAt, &in.UpdatedAt, &in.Responses)
	return in, err
}

// Internships lists the places that close on or after from ("" = all),
// withdrawn ones left out unless all is set, by closing date.
func (s *Store) Internships(ctx context.Context, from string, all bool) ([]Internship, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+internshipCols+` FROM internships i
		WHERE i.closes_on >= ? AND (? OR i.withdrawn_at = '') ORDER BY i.closes_on, i.id`, from, all)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Internship
	for rows.Next() {
		in, err := scanInternship(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, in)
	}
	return out, rows.Err()
}

// Internship returns one place (ErrNotFound).
func (s *Store) Internship(ctx context.Context, id int64) (Internship, error) {
	in, err := scanInternship(s.db.QueryRowContext(ctx, `SELECT `+internshipCols+` FROM internships i WHERE i.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return in, fmt.Errorf("internship %d: %w", id, ErrNotFound)
	}
	return in, err
}

// SaveInternship inserts (ID 0) or updates a place.
func (s *Store) SaveInternship(ctx context.Context, in Internship, actor string) (int64, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	now := s.stamp()
	var publisher any
	if in.PublishedBy > 0 {
		publisher = in.PublishedBy
	}
	if in.ID == 0 {
		res, err := tx.ExecContext(ctx, `INSERT INTO internships (code, department, domain, hours, access, access_note, description, contact, closes_on, published_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, in.Code, in.Department, in.Domain, in.Hours, in.Access, in.AccessNote, in.Description, in.Contact, in.ClosesOn, publisher, now, now)
		if err != nil {
			return 0, err
		}
		in.ID, _ = res.LastInsertId()
	} else {
		res, err := tx.ExecContext(ctx, `UPDATE internships SET code = ?, department = ?, domain = ?, hours = ?, access = ?, access_note = ?, description = ?, contact = ?, closes_on = ?, updated_at = ?
			WHERE id = ?`, in.Code, in.Department, in.Domain, in.Hours, in.Access, in.AccessNote, in.Description, in.Contact, in.ClosesOn, now, in.ID)
		if err != nil {
			return 0, err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return 0, fmt.Errorf("internship %d: %w", in.ID, ErrNotFound)
		}
	}
	if err := audit(ctx, tx, s.now(), actor, "save internship", in.Code, fmt.Sprintf("internship=%d closes_on=%s", in.ID, in.ClosesOn)); err != nil {
		return 0, err
	}
	return in.ID, tx.Commit()
}

// WithdrawInternship takes a place off the list.
func (s *Store) WithdrawInternship(ctx context.Context, id int64, actor string) error {
	res, err := s.db.ExecContext(ctx, `UPDATE internships SET withdrawn_at = ?, updated_at = ? WHERE id = ? AND withdrawn_at = ''`, s.stamp(), s.stamp(), id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("internship %d: %w", id, ErrNotFound)
	}
	return nil
}

// Response is a candidate's response to a place (personal data).
type Response struct {
	ID           int64
	InternshipID int64
	Name, Email  string
	Message      string
	AccessNeeds  string
	CreatedAt    string
}

// AddResponse stores a response; the same e-mail address for the same
// place again changes nothing and returns existed true.
func (s *Store) AddResponse(ctx context.Context, r Response, deleteHash string) (bool, error) {
	r.CreatedAt = s.now().UTC().Format(time.RFC3339Nano)
	res, err := s.db.ExecContext(ctx, `INSERT INTO internship_responses (internship_id, name, email, message, access_needs, delete_hash, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (internship_id, email) DO NOTHING`, r.InternshipID, r.Name, r.Email, r.Message, r.AccessNeeds, deleteHash, r.CreatedAt)
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n == 0, nil
}

// ResponseByHash returns the place of a delete link's hash (ErrNotFound).
func (s *Store) ResponseByHash(ctx context.Context, hash string) (int64, error) {
	var id int64
	err := s.db.QueryRowContext(ctx, `SELECT internship_id FROM internship_responses WHERE delete_hash = ?`, hash).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("response: %w", ErrNotFound)
	}
	return id, err
}

// DeleteResponse deletes the response of a delete link's hash.
func (s *Store) DeleteResponse(ctx context.Context, hash string) error {
	res, err := s.db.ExecContext(ctx, `DELETE FROM internship_responses WHERE delete_hash = ?`, hash)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("response: %w", ErrNotFound)
	}
	return nil
}

// Responses lists the responses to a place in order of arrival.
func (s *Store) Responses(ctx context.Context, internship int64) ([]Response, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, internship_id, name, email, message, access_needs, created_at FROM internship_responses
		WHERE internship_id = ? ORDER BY created_at, id`, internship)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Response
	for rows.Next() {
		var r Response
		if err := rows.Scan(&r.ID, &r.InternshipID, &r.Name, &r.Email, &r.Message, &r.AccessNeeds, &r.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// DeleteOldResponses deletes the responses to places that closed before the
// given day (YYYY-MM-DD), returning how many.
func (s *Store) DeleteOldResponses(ctx context.Context, before string) (int64, error) {
	res, err := s.db.ExecContext(ctx, `DELETE FROM internship_responses WHERE internship_id IN (SELECT id FROM internships WHERE closes_on < ?)`, before)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
