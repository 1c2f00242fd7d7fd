package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Account is a person's access: a coordinator, or a contributor scoped to
// municipalities. PassphraseHash is the argon2id encoding (never the passphrase).
type Account struct {
	ID             int64
	Name           string
	Role           string
	Organisation   string
	Position       string
	PassphraseHash string
	CreatedAt      string
	ExpiresAt      string // RFC 3339, "" = no expiry
	RevokedAt      string
	FailedLogins   int
	LockedUntil    string
	Codes          []string // scope of a contributor
}

// ErrConflict is returned when a unique name is taken.
var ErrConflict = errors.New("conflict")

// NewSecret returns a random 256-bit secret (URL-safe) and its stored hash.
func NewSecret() (secret, hash string, err error) {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", "", err
	}
	secret = base64.RawURLEncoding.EncodeToString(raw)
	return secret, HashSecret(secret), nil
}

// HashSecret is the stored form of a random secret (token, link, session).
func HashSecret(s string) string { return hashToken(s) }

const accountCols = `id, name, role, organisation, position, passphrase_hash, created_at, expires_at, revoked_at, failed_logins, locked_until`

func scanAccount(row interface{ Scan(...any) error }) (Account, error) {
	var a Account
	err := row.Scan(&a.ID, &a.Name, &a.Role, &a.Organisation, &a.Position, &a.PassphraseHash, &a.CreatedAt, &a.ExpiresAt, &a.RevokedAt, &a.FailedLogins, &a.LockedUntil)
	return a, err
}

func (s *Store) withScopes(ctx context.Context, q queryer, a *Account) error {
	rows, err := q.QueryContext(ctx, `SELECT code FROM account_scopes WHERE account_id = ? ORDER BY code`, a.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	a.Codes = nil
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return err
		}
		a.Codes = append(a.Codes, c)
	}
	return rows.Err()
}

// CreateAccount stores a new account with an invitation link valid until
// expires, and returns the account and the link's secret (shown once).
func (s *Store) CreateAccount(ctx context.Context, a Account, inviteExpires time.Time, actor string) (Account, string, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return Account{}, "", err
	}
	defer tx.Rollback()
	now := s.now().UTC().Format(time.RFC3339)
	res, err := tx.ExecContext(ctx, `INSERT INTO accounts (name, role, organisation, position, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)`,
		a.Name, a.Role, a.Organisation, a.Position, now, a.ExpiresAt)
	if err != nil {
		if strings.Contains(err.Error(), "UNIQUE") {
			return Account{}, "", fmt.Errorf("%w: an account named %q exists", ErrConflict, a.Name)
		}
		return Account{}, "", err
	}
	a.ID, _ = res.LastInsertId()
	a.CreatedAt = now
	if err := setScopes(ctx, tx, a.ID, a.Codes); err != nil {
		return Account{}, "", err
	}
	secret, err := newInvite(ctx, tx, a.ID, now, inviteExpires)
	if err != nil {
		return Account{}, "", err
	}
	if err := audit(ctx, tx, s.now(), actor, "create account", fmt.Sprintf("account:%d", a.ID), a.Role); err != nil {
		return Account{}, "", err
	}
	return a, secret, tx.Commit()
}

func setScopes(ctx context.Context, tx *sql.Tx, id int64, codes []string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM account_scopes WHERE account_id = ?`, id); err != nil {
		return err
	}
	for _, c := range codes {
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO account_scopes (account_id, code) VALUES (?, ?)`, id, c); err != nil {
			return err
		}
	}
	return nil
}

func newInvite(ctx context.Context, tx *sql.Tx, id int64, now string, expires time.Time) (string, error) {
	secret, hash, err := NewSecret()
	if err != nil {
		return "", err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO invites (hash, account_id, created_at, expires_at) VALUES (?, ?, ?, ?)`,
		hash, id, now, expires.UTC().Format(time.RFC3339))
	return secret, err
}

// NewInvite makes a new invitation link for an account (e.g. a lost one).
func (s *Store) NewInvite(ctx context.Context, id int64, expires time.Time, actor string) (string, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return "", err
	}
	defer tx.Rollback()
	secret, err := newInvite(ctx, tx, id, s.now().UTC().Format(time.RFC3339), expires)
	if err != nil {
		return "", err
	}
	if err := audit(ctx, tx, s.now(), actor, "invite", fmt.Sprintf("account:%d", id), ""); err != nil {
		return "", err
	}
	return secret, tx.Commit()
}

// Invite looks up an unused, unexpired invitation and returns its account.
func (s *Store) Invite(ctx context.Context, secret string) (Account, error) {
	row := s.db.QueryRowContext(ctx, `SELECT `+prefixed("a.", accountCols)+` FROM invites i JOIN accounts a ON a.id = i.account_id
		WHERE i.hash = ? AND i.used_at = '' AND i.expires_at > ?`, HashSecret(secret), s.now().UTC().Format(time.RFC3339))
	a, err := scanAccount(row)
	if errors.Is(err, sql.ErrNoRows) {
		return Account{}, ErrNotFound
	}
	return a, err
}

// UseInvite marks the invitation used and sets the account's passphrase
// hash, in one transaction; a used or expired invitation is ErrNotFound.
func (s *Store) UseInvite(ctx context.Context, secret, passphraseHash string) (Account, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return Account{}, err
	}
	defer tx.Rollback()
	now := s.now().UTC().Format(time.RFC3339)
	var id int64
	err = tx.QueryRowContext(ctx, `UPDATE invites SET used_at = ? WHERE hash = ? AND used_at = '' AND expires_at > ? RETURNING account_id`,
		now, HashSecret(secret), now).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return Account{}, ErrNotFound
	}
	if err != nil {
		return Account{}, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE accounts SET passphrase_hash = ?, failed_logins = 0, locked_until = '' WHERE id = ?`, passphraseHash, id); err != nil {
		return Account{}, err
	}
	// A new passphrase ends every earlier session.
	if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE account_id = ?`, id); err != nil {
		return Account{}, err
	}
	if err := audit(ctx, tx, s.now(), fmt.Sprintf("account:%d", id), "set passphrase", fmt.Sprintf("account:%d", id), ""); err != nil {
		return Account{}, err
	}
	a, err := scanAccount(tx.QueryRowContext(ctx, `SELECT `+accountCols+` FROM accounts WHERE id = ?`, id))
	if err != nil {
		return Account{}, err
	}
	return a, tx.Commit()
}

func prefixed(p, cols string) string {
	parts := strings.Split(cols, ", ")
	for i := range parts {
		parts[i] = p + parts[i]
	}
	return strings.Join(parts, ", ")
}

// AccountByName returns the account with name (case-insensitive).
func (s *Store) AccountByName(ctx context.Context, name string) (Account, error) {
	return s.account(ctx, `name = ?`, name)
}

// Account returns the account with id, with its scope.
func (s *Store) Account(ctx context.Context, id int64) (Account, error) {
	return s.account(ctx, `id = ?`, id)
}

func (s *Store) account(ctx context.Context, where string, arg any) (Account, error) {
	a, err := scanAccount(s.db.QueryRowContext(ctx, `SELECT `+accountCols+` FROM accounts WHERE `+where, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return Account{}, ErrNotFound
	}
	if err != nil {
		return Account{}, err
	}
	return a, s.withScopes(ctx, s.db, &a)
}

// Accounts lists every account, by name.
func (s *Store) Accounts(ctx context.Context) ([]Account, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+accountCols+` FROM accounts ORDER BY name COLLATE NOCASE`)
	if err != nil {
		return nil, err
	}
	var out []Account
	for rows.Next() {
		a, err := scanAccount(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, a)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if err := s.withScopes(ctx, s.db, &out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// AccountChange is an edit of an account; nil fields stay as they are.
type AccountChange struct {
	Name         *string
	Organisation *string
	Position     *string
	Codes        *[]string
	ExpiresAt    *string
	Revoke       bool
}

// UpdateAccount applies ch; revoking (or expiring in the past) ends every
// session of the account at once.
func (s *Store) UpdateAccount(ctx context.Context, id int64, ch AccountChange, actor string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	set := func(col string, v any) error {
		_, err := tx.ExecContext(ctx, `UPDATE accounts SET `+col+` = ? WHERE id = ?`, v, id)
		if err != nil && strings.Contains(err.Error(), "UNIQUE") {
			return fmt.Errorf("%w: the name is taken", ErrConflict)
		}
		return err
	}
	var what []string
	if ch.Name != nil {
		if err := set("name", *ch.Name); err != nil {
			return err
		}
		what = append(what, "name")
	}
	if ch.Organisation != nil {
		if err := set("organisation", *ch.Organisation); err != nil {
			return err
		}
		what = append(what, "organisation")
	}
	if ch.Position != nil {
		if err := set("position", *ch.Position); err != nil {
			return err
		}
		what = append(what, "position")
	}
	if ch.ExpiresAt != nil {
		if err := set("expires_at", *ch.ExpiresAt); err != nil {
			return err
		}
		what = append(what, "expiry")
	}
	if ch.Codes != nil {
		if err := setScopes(ctx, tx, id, *ch.Codes); err != nil {
			return err
		}
		what = append(what, "scope")
	}
	if ch.Revoke {
		if err := set("revoked_at", s.now().UTC().Format(time.RFC3339)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE account_id = ?`, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM invites WHERE account_id = ?`, id); err != nil {
			return err
		}
		what = append(what, "revoked")
	}
	if err := audit(ctx, tx, s.now(), actor, "update account", fmt.Sprintf("account:%d", id), strings.Join(what, ",")); err != nil {
		return err
	}
	// The organisation and position label the versions an account recorded
	// (the detail's history): the municipalities' layer changes.
	if err := bumpGeneration(ctx, tx, LevelMunicipality); err != nil {
		return err
	}
	return tx.Commit()
}

// LoginFailed counts a failed login and locks the account until lockUntil
// once it reaches max failures; it returns the count.
func (s *Store) LoginFailed(ctx context.Context, id int64, max int, lockUntil time.Time) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `UPDATE accounts SET failed_logins = failed_logins + 1,
		locked_until = CASE WHEN failed_logins + 1 >= ? THEN ? ELSE locked_until END WHERE id = ? RETURNING failed_logins`,
		max, lockUntil.UTC().Format(time.RFC3339), id).Scan(&n)
	return n, err
}

// NewSession starts a session for account id after a good login, resetting
// the failure count; it returns the session secret and its CSRF token.
func (s *Store) NewSession(ctx context.Context, id int64) (secret, csrf string, err error) {
	secret, hash, err := NewSecret()
	if err != nil {
		return "", "", err
	}
	csrf, _, err = NewSecret()
	if err != nil {
		return "", "", err
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return "", "", err
	}
	defer tx.Rollback()
	now := s.now().UTC().Format(time.RFC3339)
	if _, err := tx.ExecContext(ctx, `INSERT INTO sessions (hash, account_id, csrf, created_at, last_seen) VALUES (?, ?, ?, ?, ?)`, hash, id, csrf, now, now); err != nil {
		return "", "", err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE accounts SET failed_logins = 0, locked_until = '' WHERE id = ?`, id); err != nil {
		return "", "", err
	}
	if err := audit(ctx, tx, s.now(), fmt.Sprintf("account:%d", id), "log in", "", ""); err != nil {
		return "", "", err
	}
	return secret, csrf, tx.Commit()
}

// Session returns the account and CSRF token of a session last seen after
// idleSince, touching it; an unknown or idle session is ErrUnauthorized (and
// an idle one is deleted).
func (s *Store) Session(ctx context.Context, secret string, idleSince time.Time) (Account, string, error) {
	if secret == "" || len(secret) > 200 {
		return Account{}, "", ErrUnauthorized
	}
	hash := HashSecret(secret)
	var id int64
	var csrf, lastSeen string
	err := s.db.QueryRowContext(ctx, `SELECT account_id, csrf, last_seen FROM sessions WHERE hash = ?`, hash).Scan(&id, &csrf, &lastSeen)
	if errors.Is(err, sql.ErrNoRows) {
		return Account{}, "", ErrUnauthorized
	}
	if err != nil {
		return Account{}, "", err
	}
	if lastSeen < idleSince.UTC().Format(time.RFC3339) {
		s.db.ExecContext(ctx, `DELETE FROM sessions WHERE hash = ?`, hash)
		return Account{}, "", ErrUnauthorized
	}
	now := s.now().UTC().Format(time.RFC3339)
	if now != lastSeen {
		if _, err := s.db.ExecContext(ctx, `UPDATE sessions SET last_seen = ? WHERE hash = ?`, now, hash); err != nil {
			return Account{}, "", err
		}
	}
	a, err := s.Account(ctx, id)
	return a, csrf, err
}

// EndSession deletes a session.
func (s *Store) EndSession(ctx context.Context, secret string) error {
	_, err := s.db.ExecContext(ctx, `DELETE FROM sessions WHERE hash = ?`, HashSecret(secret))
	return err
}

// FeedToken returns a new feed token for the account, replacing any earlier one.
func (s *Store) FeedToken(ctx context.Context, id int64) (string, error) {
	secret, hash, err := NewSecret()
	if err != nil {
		return "", err
	}
	_, err = s.db.ExecContext(ctx, `INSERT INTO feed_tokens (hash, account_id) VALUES (?, ?)
		ON CONFLICT (account_id) DO UPDATE SET hash = excluded.hash`, hash, id)
	return secret, err
}

// FeedAccount returns the account of a feed token, or ErrUnauthorized.
func (s *Store) FeedAccount(ctx context.Context, secret string) (Account, error) {
	var id int64
	err := s.db.QueryRowContext(ctx, `SELECT account_id FROM feed_tokens WHERE hash = ?`, HashSecret(secret)).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return Account{}, ErrUnauthorized
	}
	if err != nil {
		return Account{}, err
	}
	return s.Account(ctx, id)
}

// Tokens lists the API tokens' names and creation dates.
func (s *Store) Tokens(ctx context.Context) ([][2]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT name, created_at FROM tokens ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out [][2]string
	for rows.Next() {
		var n, c string
		if err := rows.Scan(&n, &c); err != nil {
			return nil, err
		}
		out = append(out, [2]string{n, c})
	}
	return out, rows.Err()
}

// RevokeToken deletes the API tokens named name; ErrNotFound when none.
func (s *Store) RevokeToken(ctx context.Context, name, actor string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `DELETE FROM tokens WHERE name = ?`, name)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("no token named %q: %w", name, ErrNotFound)
	}
	if err := audit(ctx, tx, s.now(), actor, "revoke token", name, ""); err != nil {
		return err
	}
	return tx.Commit()
}

// DeleteIdleSessions deletes sessions last seen before idleSince and
// invitations that expired before it, returning how many rows went.
func (s *Store) DeleteIdleSessions(ctx context.Context, idleSince time.Time) (int64, error) {
	t := idleSince.UTC().Format(time.RFC3339)
	r1, err := s.db.ExecContext(ctx, `DELETE FROM sessions WHERE last_seen < ?`, t)
	if err != nil {
		return 0, err
	}
	r2, err := s.db.ExecContext(ctx, `DELETE FROM invites WHERE expires_at < ?`, t)
	if err != nil {
		return 0, err
	}
	n1, _ := r1.RowsAffected()
	n2, _ := r2.RowsAffected()
	return n1 + n2, nil
}
