package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/inclusiekaart/inclusiekaart/internal/assessment"
)

// Submission is one contributor's answers for one municipality.
type Submission struct {
	ID          int64
	Code        string
	AccountID   int64
	Status      string // draft, submitted, sent_back, approved, rejected
	Document    []byte // JSON of the answers
	Reason      string
	CreatedAt   string
	UpdatedAt   string
	SubmittedAt string
	ReviewedAt  string
	ReviewedBy  sql.NullInt64
	Version     sql.NullInt64
}

const submissionCols = `id, code, account_id, status, document, reason, created_at, updated_at, submitted_at, reviewed_at, reviewed_by, version`

func scanSubmission(row interface{ Scan(...any) error }) (Submission, error) {
	var s Submission
	var doc string
	err := row.Scan(&s.ID, &s.Code, &s.AccountID, &s.Status, &doc, &s.Reason, &s.CreatedAt, &s.UpdatedAt, &s.SubmittedAt, &s.ReviewedAt, &s.ReviewedBy, &s.Version)
	s.Document = []byte(doc)
	return s, err
}

// OpenSubmission returns the account's open submission (draft or sent back)
// for code, or ErrNotFound.
func (s *Store) OpenSubmission(ctx context.Context, accountID int64, code string) (Submission, error) {
	sub, err := scanSubmission(s.db.QueryRowContext(ctx, `SELECT `+submissionCols+` FROM submissions
		WHERE account_id = ? AND code = ? AND status IN ('draft', 'sent_back') ORDER BY id DESC LIMIT 1`, accountID, code))
	if errors.Is(err, sql.ErrNoRows) {
		return Submission{}, ErrNotFound
	}
	return sub, err
}

// Submission returns the submission with id.
func (s *Store) Submission(ctx context.Context, id int64) (Submission, error) {
	sub, err := scanSubmission(s.db.QueryRowContext(ctx, `SELECT `+submissionCols+` FROM submissions WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Submission{}, fmt.Errorf("submission %d: %w", id, ErrNotFound)
	}
	return sub, err
}

// SaveSubmission stores the account's answers for code: it updates its open
// submission (draft or sent back) or starts one; submit moves it to the
// queue. It returns the submission.
func (s *Store) SaveSubmission(ctx context.Context, accountID int64, code string, doc []byte, submit bool) (Submission, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return Submission{}, err
	}
	defer tx.Rollback()
	now := s.now().UTC().Format(time.RFC3339Nano)
	status, submittedAt := "draft", ""
	if submit {
		status, submittedAt = "submitted", now
	}
	var id int64
	err = tx.QueryRowContext(ctx, `SELECT id FROM submissions WHERE account_id = ? AND code = ? AND status IN ('draft', 'sent_back') ORDER BY id DESC LIMIT 1`,
		accountID, code).Scan(&id)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		res, err := tx.ExecContext(ctx, `INSERT INTO submissions (code, account_id, status, document, created_at, updated_at, submitted_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			code, accountID, status, string(doc), now, now, submittedAt)
		if err != nil {
			return Submission{}, err
		}
		id, _ = res.LastInsertId()
	case err != nil:
		return Submission{}, err
	default:
		keepStatus := status
		if !submit {
			// A sent-back submission stays sent back (with its reason) while it is edited.
			if err := tx.QueryRowContext(ctx, `SELECT status FROM submissions WHERE id = ?`, id).Scan(&keepStatus); err != nil {
				return Submission{}, err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE submissions SET document = ?, status = ?, updated_at = ?, submitted_at = ? WHERE id = ?`,
			string(doc), keepStatus, now, submittedAt, id); err != nil {
			return Submission{}, err
		}
	}
	if submit {
		if err := audit(ctx, tx, s.now(), fmt.Sprintf("account:%d", accountID), "submit", code, fmt.Sprintf("submission:%d", id)); err != nil {
			return Submission{}, err
		}
	}
	sub, err := scanSubmission(tx.QueryRowContext(ctx, `SELECT `+submissionCols+` FROM submissions WHERE id = ?`, id))
	if err != nil {
		return Submission{}, err
	}
	return sub, tx.Commit()
}

// Submissions lists submissions with one of the statuses (all when none),
// of one account when accountID > 0, newest first.
func (s *Store) Submissions(ctx context.Context, accountID int64, statuses ...string) ([]Submission, error) {
	q := `SELECT ` + submissionCols + ` FROM submissions WHERE (? = 0 OR account_id = ?)`
	args := []any{accountID, accountID}
	if len(statuses) > 0 {
		q += ` AND status IN (` + placeholders(len(statuses)) + `)`
		for _, st := range statuses {
			args = append(args, st)
		}
	}
	rows, err := s.db.QueryContext(ctx, q+` ORDER BY id DESC`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Submission
	for rows.Next() {
		sub, err := scanSubmission(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, sub)
	}
	return out, rows.Err()
}

func placeholders(n int) string {
	b := make([]byte, 0, 2*n)
	for i := 0; i < n; i++ {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '?')
	}
	return string(b)
}

// ErrStale is returned when a submission is no longer in the state a review expects.
var ErrStale = errors.New("the submission has changed state")

// ReviewSubmission moves a submitted submission to status (sent_back or
// rejected) with reason, or approves it: then publish is stored as a new
// assessment version in the same transaction. The audit log gets one line.
func (s *Store) ReviewSubmission(ctx context.Context, id, reviewer int64, status, reason string, publish *assessment.Assessment) (Submission, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return Submission{}, err
	}
	defer tx.Rollback()
	now := s.now().UTC().Format(time.RFC3339Nano)
	actor := fmt.Sprintf("account:%d", reviewer)
	var version any
	if publish != nil {
		// The version is recorded as the contributor's; the approval is the reviewer's (audit log).
		var contributor int64
		if err := tx.QueryRowContext(ctx, `SELECT account_id FROM submissions WHERE id = ?`, id).Scan(&contributor); err != nil {
			return Submission{}, err
		}
		ids, err := addAssessmentsTx(ctx, tx, []assessment.Assessment{*publish}, fmt.Sprintf("account:%d", contributor), s.now(), 0)
		if err != nil {
			return Submission{}, err
		}
		version = ids[0]
		if err := s.refreshStatus(ctx, tx, []string{publish.Code}); err != nil {
			return Submission{}, err
		}
		if err := bumpGeneration(ctx, tx, LevelMunicipality); err != nil {
			return Submission{}, err
		}
	}
	res, err := tx.ExecContext(ctx, `UPDATE submissions SET status = ?, reason = ?, reviewed_at = ?, reviewed_by = ?, version = ?, updated_at = ?
		WHERE id = ? AND status = 'submitted'`, status, reason, now, reviewer, version, now, id)
	if err != nil {
		return Submission{}, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return Submission{}, ErrStale
	}
	if err := audit(ctx, tx, s.now(), actor, "review "+status, fmt.Sprintf("submission:%d", id), reason); err != nil {
		return Submission{}, err
	}
	sub, err := scanSubmission(tx.QueryRowContext(ctx, `SELECT `+submissionCols+` FROM submissions WHERE id = ?`, id))
	if err != nil {
		return Submission{}, err
	}
	return sub, tx.Commit()
}

// Correction is a report from the public that something published is wrong.
type Correction struct {
	ID        int64
	Code      string
	What      string
	SourceURL string
	Contact   string
	Status    string
	CreatedAt string
	ClosedAt  string
}

// AddCorrection stores a report.
func (s *Store) AddCorrection(ctx context.Context, c Correction) (int64, error) {
	res, err := s.db.ExecContext(ctx, `INSERT INTO corrections (code, what, source_url, contact, created_at) VALUES (?, ?, ?, ?, ?)`,
		c.Code, c.What, c.SourceURL, c.Contact, s.now().UTC().Format(time.RFC3339Nano))
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

// Corrections lists reports with status ("" = all), newest first.
func (s *Store) Corrections(ctx context.Context, status string) ([]Correction, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, code, what, source_url, contact, status, created_at, closed_at FROM corrections
		WHERE ? = '' OR status = ? ORDER BY id DESC`, status, status)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Correction
	for rows.Next() {
		var c Correction
		if err := rows.Scan(&c.ID, &c.Code, &c.What, &c.SourceURL, &c.Contact, &c.Status, &c.CreatedAt, &c.ClosedAt); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// CloseCorrection closes a report and erases its contact details.
func (s *Store) CloseCorrection(ctx context.Context, id, by int64) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `UPDATE corrections SET status = 'closed', contact = '', closed_at = ?, closed_by = ? WHERE id = ? AND status = 'open'`,
		s.now().UTC().Format(time.RFC3339Nano), by, id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("correction %d: %w", id, ErrNotFound)
	}
	if err := audit(ctx, tx, s.now(), fmt.Sprintf("account:%d", by), "close correction", fmt.Sprintf("correction:%d", id), ""); err != nil {
		return err
	}
	return tx.Commit()
}

// EraseOldContacts erases the contact details of reports older than before
// (the retention schedule), returning how many were erased.
func (s *Store) EraseOldContacts(ctx context.Context, before time.Time) (int64, error) {
	res, err := s.db.ExecContext(ctx, `UPDATE corrections SET contact = '' WHERE contact <> '' AND created_at < ?`, before.UTC().Format(time.RFC3339Nano))
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
