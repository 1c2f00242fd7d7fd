package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Meeting is a national or regional meeting of the network. Date is
// YYYY-MM-DD, StartTime and EndTime HH:MM in Europe/Amsterdam or "" when
// unknown; Lat/Lon are nil when the place has no point.
type Meeting struct {
	ID          int64
	Title       string
	Scope       string // national or regional
	Date        string
	StartTime   string
	EndTime     string
	Online      bool
	Place       string
	Lat, Lon    *float64
	Region      string // a province code, or ""
	Audience    string // comma-separated audience ids
	Description string
	Capacity    int // 0: no sign-up (history)
	History     bool
	Source      string
	CancelledAt string
	CreatedAt   string
	UpdatedAt   string
	// Confirmed and Waiting count the sign-ups.
	Confirmed, Waiting int
}

const meetingCols = `m.id, m.title, m.scope, m.date, m.start_time, m.end_time, m.online, m.place, m.lat, m.lon, m.region, m.audience,
	m.description, m.capacity, m.history, m.source, m.cancelled_at, m.created_at, m.updated_at,
	(SELECT COUNT(*) FROM meeting_signups s WHERE s.meeting_id = m.id AND s.status = 'confirmed'),
	(SELECT COUNT(*) FROM meeting_signups s WHERE s.meeting_id = m.id AND s.status = 'waiting')`

func scanMeeting(row interface{ Scan(...any) error }) (Meeting, error) {
	var m Meeting
	var lat, lon sql.NullFloat64
	err := row.Scan(&m.ID, &m.Title, &m.Scope, &m.Date, &m.StartTime, &m.EndTime, &m.Online, &m.Place, &lat, &lon, &m.Region, &m.Audience,
		&m.Description, &m.Capacity, &m.History, &m.Source, &m.CancelledAt, &m.CreatedAt, &m.UpdatedAt, &m.Confirmed, &m.Waiting)
	if lat.Valid && lon.Valid {
		m.Lat, m.Lon = &lat.Float64, &lon.Float64
	}
	return m, err
}

// Meetings lists every meeting by date, then id.
func (s *Store) Meetings(ctx context.Context) ([]Meeting, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+meetingCols+` FROM meetings m ORDER BY m.date, m.start_time, m.id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Meeting
	for rows.Next() {
		m, err := scanMeeting(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// Meeting returns one meeting, or ErrNotFound.
func (s *Store) Meeting(ctx context.Context, id int64) (Meeting, error) {
	m, err := scanMeeting(s.db.QueryRowContext(ctx, `SELECT `+meetingCols+` FROM meetings m WHERE m.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return m, fmt.Errorf("meeting %d: %w", id, ErrNotFound)
	}
	return m, err
}

func (s *Store) stamp() string { return s.now().UTC().Format(time.RFC3339) }

// SaveMeeting creates (ID 0) or updates a meeting, returning its id.
func (s *Store) SaveMeeting(ctx context.Context, m Meeting, actor string) (int64, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	now := s.stamp()
	args := []any{m.Title, m.Scope, m.Date, m.StartTime, m.EndTime, m.Online, m.Place, m.Lat, m.Lon, m.Region, m.Audience, m.Description, m.Capacity, now}
	id := m.ID
	if id == 0 {
		res, err := tx.ExecContext(ctx, `INSERT INTO meetings (title, scope, date, start_time, end_time, online, place, lat, lon, region, audience, description, capacity, updated_at, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, append(args, now)...)
		if err != nil {
			return 0, err
		}
		id, _ = res.LastInsertId()
	} else {
		res, err := tx.ExecContext(ctx, `UPDATE meetings SET title = ?, scope = ?, date = ?, start_time = ?, end_time = ?, online = ?, place = ?, lat = ?, lon = ?,
			region = ?, audience = ?, description = ?, capacity = ?, updated_at = ? WHERE id = ? AND history = 0`, append(args, id)...)
		if err != nil {
			return 0, err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return 0, fmt.Errorf("meeting %d: %w", id, ErrNotFound)
		}
	}
	if err := audit(ctx, tx, s.now(), actor, "save meeting", fmt.Sprintf("meeting:%d", id), ""); err != nil {
		return 0, err
	}
	return id, tx.Commit()
}

// CancelMeeting marks a meeting cancelled.
func (s *Store) CancelMeeting(ctx context.Context, id int64, actor string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `UPDATE meetings SET cancelled_at = ?, updated_at = ? WHERE id = ? AND cancelled_at = '' AND history = 0`, s.stamp(), s.stamp(), id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("meeting %d: %w", id, ErrNotFound)
	}
	if err := audit(ctx, tx, s.now(), actor, "cancel meeting", fmt.Sprintf("meeting:%d", id), ""); err != nil {
		return err
	}
	return tx.Commit()
}

// Signup is one person's sign-up for a meeting (personal data: coordinator only).
type Signup struct {
	ID          int64
	MeetingID   int64
	Name        string
	Email       string
	Code        string
	AccessNeeds string
	Status      string // confirmed or waiting
	CreatedAt   string
}

// AddSignup signs a person up: confirmed while the meeting has room, else
// on the waiting list. A second sign-up with the same e-mail address
// changes nothing and returns the first with existed true.
func (s *Store) AddSignup(ctx context.Context, su Signup, cancelHash string) (Signup, bool, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return su, false, err
	}
	defer tx.Rollback()
	var prev Signup
	err = tx.QueryRowContext(ctx, `SELECT id, status FROM meeting_signups WHERE meeting_id = ? AND email = ?`, su.MeetingID, su.Email).Scan(&prev.ID, &prev.Status)
	switch {
	case err == nil:
		return prev, true, nil
	case !errors.Is(err, sql.ErrNoRows):
		return su, false, err
	}
	var capacity, confirmed int
	if err := tx.QueryRowContext(ctx, `SELECT capacity, (SELECT COUNT(*) FROM meeting_signups WHERE meeting_id = ? AND status = 'confirmed') FROM meetings WHERE id = ?`,
		su.MeetingID, su.MeetingID).Scan(&capacity, &confirmed); err != nil {
		return su, false, err
	}
	su.Status = "waiting"
	if confirmed < capacity {
		su.Status = "confirmed"
	}
	su.CreatedAt = s.now().UTC().Format(time.RFC3339Nano)
	res, err := tx.ExecContext(ctx, `INSERT INTO meeting_signups (meeting_id, name, email, code, access_needs, status, cancel_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		su.MeetingID, su.Name, su.Email, su.Code, su.AccessNeeds, su.Status, cancelHash, su.CreatedAt)
	if err != nil {
		return su, false, err
	}
	su.ID, _ = res.LastInsertId()
	return su, false, tx.Commit()
}

// SignupByHash returns the sign-up of a cancel link's hash (ErrNotFound).
func (s *Store) SignupByHash(ctx context.Context, hash string) (Signup, error) {
	var su Signup
	err := s.db.QueryRowContext(ctx, `SELECT id, meeting_id, status FROM meeting_signups WHERE cancel_hash = ?`, hash).Scan(&su.ID, &su.MeetingID, &su.Status)
	if errors.Is(err, sql.ErrNoRows) {
		return su, fmt.Errorf("sign-up: %w", ErrNotFound)
	}
	return su, err
}

// CancelSignup deletes the sign-up of a cancel link's hash; a freed place
// goes to the first on the waiting list.
func (s *Store) CancelSignup(ctx context.Context, hash string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var meeting int64
	var status string
	err = tx.QueryRowContext(ctx, `DELETE FROM meeting_signups WHERE cancel_hash = ? RETURNING meeting_id, status`, hash).Scan(&meeting, &status)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("sign-up: %w", ErrNotFound)
	}
	if err != nil {
		return err
	}
	if status == "confirmed" {
		if _, err := tx.ExecContext(ctx, `UPDATE meeting_signups SET status = 'confirmed' WHERE id = (
			SELECT id FROM meeting_signups WHERE meeting_id = ? AND status = 'waiting' ORDER BY created_at, id LIMIT 1)
			AND (SELECT COUNT(*) FROM meeting_signups WHERE meeting_id = ? AND status = 'confirmed') < (SELECT capacity FROM meetings WHERE id = ?)`,
			meeting, meeting, meeting); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// Signups lists the sign-ups of a meeting: confirmed first, then the
// waiting list, each in order of sign-up.
func (s *Store) Signups(ctx context.Context, meeting int64) ([]Signup, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, meeting_id, name, email, code, access_needs, status, created_at FROM meeting_signups
		WHERE meeting_id = ? ORDER BY status = 'waiting', created_at, id`, meeting)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Signup
	for rows.Next() {
		var su Signup
		if err := rows.Scan(&su.ID, &su.MeetingID, &su.Name, &su.Email, &su.Code, &su.AccessNeeds, &su.Status, &su.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, su)
	}
	return out, rows.Err()
}

// DeleteOldSignups deletes the sign-ups of meetings dated before the given
// day (YYYY-MM-DD), returning how many.
func (s *Store) DeleteOldSignups(ctx context.Context, before string) (int64, error) {
	res, err := s.db.ExecContext(ctx, `DELETE FROM meeting_signups WHERE meeting_id IN (SELECT id FROM meetings WHERE date < ?)`, before)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// Member is a member of the theme network (personal data: coordinator only).
type Member struct {
	ID        int64
	Name      string
	Email     string
	Role      string
	Code      string
	Status    string // queued or confirmed
	CreatedAt string
}

// AddMember queues a new member; the same e-mail address again changes
// nothing and returns the first with existed true.
func (s *Store) AddMember(ctx context.Context, m Member, leaveHash string) (Member, bool, error) {
	m.Status, m.CreatedAt = "queued", s.now().UTC().Format(time.RFC3339Nano)
	res, err := s.db.ExecContext(ctx, `INSERT INTO members (name, email, role, code, status, leave_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (email) DO NOTHING`, m.Name, m.Email, m.Role, m.Code, m.Status, leaveHash, m.CreatedAt)
	if err != nil {
		return m, false, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return m, true, nil
	}
	m.ID, _ = res.LastInsertId()
	return m, false, nil
}

// MemberByHash reports whether a leave link's hash belongs to a member.
func (s *Store) MemberByHash(ctx context.Context, hash string) (Member, error) {
	var m Member
	err := s.db.QueryRowContext(ctx, `SELECT id, role, status FROM members WHERE leave_hash = ?`, hash).Scan(&m.ID, &m.Role, &m.Status)
	if errors.Is(err, sql.ErrNoRows) {
		return m, fmt.Errorf("member: %w", ErrNotFound)
	}
	return m, err
}

// DeleteMember deletes the member of a leave link's hash.
func (s *Store) DeleteMember(ctx context.Context, hash string) error {
	res, err := s.db.ExecContext(ctx, `DELETE FROM members WHERE leave_hash = ?`, hash)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("member: %w", ErrNotFound)
	}
	return nil
}

// Members lists members with status ("" = all), oldest first.
func (s *Store) Members(ctx context.Context, status string) ([]Member, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, name, email, role, code, status, created_at FROM members WHERE ? = '' OR status = ? ORDER BY id`, status, status)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Member
	for rows.Next() {
		var m Member
		if err := rows.Scan(&m.ID, &m.Name, &m.Email, &m.Role, &m.Code, &m.Status, &m.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// ReviewMember confirms (accept) or deletes a queued member.
func (s *Store) ReviewMember(ctx context.Context, id int64, accept bool, actor string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	q, action := `UPDATE members SET status = 'confirmed' WHERE id = ? AND status = 'queued'`, "confirm member"
	if !accept {
		q, action = `DELETE FROM members WHERE id = ?`, "remove member"
	}
	res, err := tx.ExecContext(ctx, q, id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("member %d: %w", id, ErrNotFound)
	}
	if err := audit(ctx, tx, s.now(), actor, action, fmt.Sprintf("member:%d", id), ""); err != nil {
		return err
	}
	return tx.Commit()
}

// MemberCounts returns the number of confirmed members per municipality code.
func (s *Store) MemberCounts(ctx context.Context) (map[string]int, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT code, COUNT(*) FROM members WHERE status = 'confirmed' AND code <> '' GROUP BY code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var code string
		var n int
		if err := rows.Scan(&code, &n); err != nil {
			return nil, err
		}
		out[code] = n
	}
	return out, rows.Err()
}

// Page returns the Markdown of a coordinator's page ("" when never written).
func (s *Store) Page(ctx context.Context, slug string) (markdown, updatedAt string, err error) {
	err = s.db.QueryRowContext(ctx, `SELECT markdown, updated_at FROM pages WHERE slug = ?`, slug).Scan(&markdown, &updatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", nil
	}
	return markdown, updatedAt, err
}

// SavePage stores a page's Markdown.
func (s *Store) SavePage(ctx context.Context, slug, markdown string, by int64, actor string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var who any
	if by > 0 {
		who = by
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO pages (slug, markdown, updated_at, updated_by) VALUES (?, ?, ?, ?)
		ON CONFLICT (slug) DO UPDATE SET markdown = excluded.markdown, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
		slug, markdown, s.stamp(), who); err != nil {
		return err
	}
	if err := audit(ctx, tx, s.now(), actor, "save page", "page:"+slug, ""); err != nil {
		return err
	}
	return tx.Commit()
}
