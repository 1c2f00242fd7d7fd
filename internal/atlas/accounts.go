package atlas

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/inclusiekaart/inclusiekaart/internal/cbs"
	"github.com/inclusiekaart/inclusiekaart/internal/importer"
	"github.com/inclusiekaart/inclusiekaart/internal/store"
)

// Roles of accounts.
const (
	Coordinator = "coordinator"
	Contributor = "contributor"
)

// Access rules: an invitation link is valid for InviteDays, a session ends
// after SessionIdle without use, and MaxLoginFailures wrong passphrases in a
// row lock an account for LockFor.
const (
	InviteDays       = 14
	SessionIdle      = 30 * time.Minute
	MaxLoginFailures = 10
	LockFor          = 15 * time.Minute
	MinPassphrase    = 12
)

// Actor is who asks: an account (coordinator or contributor), an API token
// (the scripts of the network: full editing rights, as before accounts
// existed) or the command line (the operator).
type Actor struct {
	AccountID    int64
	Role         string
	Codes        []string // a contributor's municipalities
	Organisation string
	Position     string
	Token        string // name of the API token
	CLI          bool
	// CSRF is the session's form token (accounts signed in through the site).
	CSRF string
}

// CommandLine is the operator at the command line.
var CommandLine = Actor{CLI: true}

// id is the actor as the audit log names it (never published).
func (a Actor) id() string {
	switch {
	case a.AccountID > 0:
		return fmt.Sprintf("account:%d", a.AccountID)
	case a.Token != "":
		return "token:" + a.Token
	}
	return "cli"
}

// coordinates reports whether a may review, publish and manage access.
func (a Actor) coordinates() bool {
	return a.CLI || a.Token != "" || a.Role == Coordinator
}

// mayContribute reports whether a may supply data for code.
func (a Actor) mayContribute(code string) bool {
	return a.coordinates() || (a.Role == Contributor && slices.Contains(a.Codes, code))
}

// IsCoordinator reports whether a is a coordinator account.
func (a Actor) IsCoordinator() bool { return a.Role == Coordinator }

func (s *Service) requireCoordinator(a Actor) error {
	if !a.coordinates() {
		return &Error{Kind: Forbidden, Message: "only a coordinator may do this"}
	}
	return nil
}

// AccountSpec describes an account to create.
type AccountSpec struct {
	Name         string // login name, unique, never public
	Role         string
	Organisation string // public: "gemeente Zwolle"
	Position     string // public: "beleidsmedewerker"
	Codes        []string
	ExpiresOn    string // YYYY-MM-DD, "" = no end
}

// AccountInfo is an account as the coordinator's page lists it.
type AccountInfo struct {
	ID           int64    `json:"id"`
	Name         string   `json:"name"`
	Role         string   `json:"role"`
	Organisation string   `json:"organisation"`
	Position     string   `json:"position"`
	Codes        []string `json:"codes"`
	ExpiresAt    string   `json:"expires_at"`
	Revoked      bool     `json:"revoked"`
	Active       bool     `json:"active"` // has set a passphrase
	Locked       bool     `json:"locked"`
}

func (s *Service) info(a store.Account) AccountInfo {
	return AccountInfo{ID: a.ID, Name: a.Name, Role: a.Role, Organisation: a.Organisation, Position: a.Position,
		Codes: append([]string{}, a.Codes...), ExpiresAt: a.ExpiresAt, Revoked: a.RevokedAt != "", Active: a.PassphraseHash != "",
		Locked: a.LockedUntil > s.now().UTC().Format(time.RFC3339)}
}

// checkText validates a one-line text field: 1 to max characters (0 allowed
// when optional), no control characters.
func checkText(field, v string, max int, optional bool) (string, *Problem) {
	v = strings.TrimSpace(v)
	switch {
	case v == "" && !optional:
		return v, &Problem{field, "required"}
	case !utf8.ValidString(v):
		return v, &Problem{field, "not valid UTF-8 text"}
	case utf8.RuneCountInString(v) > max:
		return v, &Problem{field, fmt.Sprintf("at most %d characters", max)}
	case strings.IndexFunc(v, func(r rune) bool { return unicode.IsControl(r) || r == '\u2028' || r == '\u2029' }) >= 0:
		return v, &Problem{field, "contains a control character or line break"}
	}
	return v, nil
}

// invalid turns problems into one InvalidField error (nil when none).
func invalid(problems []Problem) error {
	if len(problems) == 0 {
		return nil
	}
	return &Error{Kind: InvalidField, Field: problems[0].Field, Message: problems[0].Field + ": " + problems[0].Message, Problems: problems}
}

// parseScope parses municipality codes that must be known.
func (s *Service) parseScope(ctx context.Context, field string, codes []string) ([]string, *Problem, error) {
	var out []string
	for _, c := range codes {
		if strings.TrimSpace(c) == "" {
			continue
		}
		code, err := cbs.ParseMunicipalityCode(c)
		if err != nil {
			return nil, &Problem{field, err.Error()}, nil
		}
		known, err := importer.CodeKnown(ctx, s.store, s.facts, string(code))
		if err != nil {
			return nil, nil, err
		}
		if !known {
			return nil, &Problem{field, fmt.Sprintf("%s is not a municipality of any imported year", code)}, nil
		}
		if !slices.Contains(out, string(code)) {
			out = append(out, string(code))
		}
	}
	return out, nil, nil
}

func parseEndDate(field, v string) (string, *Problem) {
	if v == "" {
		return "", nil
	}
	d, err := time.Parse("2006-01-02", v)
	if err != nil {
		return "", &Problem{field, "a date written YYYY-MM-DD"}
	}
	return d.AddDate(0, 0, 1).UTC().Format(time.RFC3339), nil // valid through that day
}

// CreateAccount creates an account and its invitation link (valid for
// InviteDays): only a coordinator (or the command line) may. The secret of
// the link is returned once; only its hash is stored.
func (s *Service) CreateAccount(ctx context.Context, by Actor, spec AccountSpec) (AccountInfo, string, error) {
	if err := s.requireCoordinator(by); err != nil {
		return AccountInfo{}, "", err
	}
	var problems []Problem
	add := func(p *Problem) {
		if p != nil {
			problems = append(problems, *p)
		}
	}
	var p *Problem
	a := store.Account{Role: spec.Role}
	a.Name, p = checkText("name", spec.Name, 100, false)
	add(p)
	a.Organisation, p = checkText("organisation", spec.Organisation, 200, false)
	add(p)
	a.Position, p = checkText("position", spec.Position, 100, true)
	add(p)
	if a.Role != Coordinator && a.Role != Contributor {
		add(&Problem{"role", "coordinator or contributor"})
	}
	codes, p, err := s.parseScope(ctx, "codes", spec.Codes)
	if err != nil {
		return AccountInfo{}, "", err
	}
	add(p)
	if a.Role == Contributor && len(codes) == 0 && p == nil {
		add(&Problem{"codes", "a contributor needs at least one municipality"})
	}
	a.Codes = codes
	a.ExpiresAt, p = parseEndDate("expires_on", spec.ExpiresOn)
	add(p)
	if err := invalid(problems); err != nil {
		return AccountInfo{}, "", err
	}
	created, secret, err := s.store.CreateAccount(ctx, a, s.now().AddDate(0, 0, InviteDays), by.id())
	if err != nil {
		return AccountInfo{}, "", fromStore(err)
	}
	return s.info(created), secret, nil
}

// Invitation returns the account an invitation link is for; a used or
// expired link is a NotFound.
func (s *Service) Invitation(ctx context.Context, secret string) (AccountInfo, error) {
	a, err := s.store.Invite(ctx, secret)
	if errors.Is(err, store.ErrNotFound) {
		return AccountInfo{}, &Error{Kind: NotFound, Message: "this invitation link is used or has expired; ask the coordinator for a new one"}
	}
	return s.info(a), err
}

// AcceptInvite sets the passphrase of the invited account (the link then is
// used up) and ends every earlier session of it.
func (s *Service) AcceptInvite(ctx context.Context, secret, passphrase, confirm string) (AccountInfo, error) {
	a, err := s.Invitation(ctx, secret)
	if err != nil {
		return AccountInfo{}, err
	}
	var problems []Problem
	switch n := utf8.RuneCountInString(passphrase); {
	case n < MinPassphrase:
		problems = append(problems, Problem{"passphrase", fmt.Sprintf("at least %d characters (a few words make a good passphrase)", MinPassphrase)})
	case n > 200:
		problems = append(problems, Problem{"passphrase", "at most 200 characters"})
	case strings.EqualFold(strings.TrimSpace(passphrase), a.Name):
		problems = append(problems, Problem{"passphrase", "must differ from the account name"})
	}
	if passphrase != confirm {
		problems = append(problems, Problem{"confirm", "does not match the passphrase"})
	}
	if err := invalid(problems); err != nil {
		return AccountInfo{}, err
	}
	hash, err := hashPassphrase(passphrase)
	if err != nil {
		return AccountInfo{}, err
	}
	acc, err := s.store.UseInvite(ctx, secret, hash)
	if errors.Is(err, store.ErrNotFound) {
		return AccountInfo{}, &Error{Kind: NotFound, Message: "this invitation link is used or has expired; ask the coordinator for a new one"}
	}
	if err != nil {
		return AccountInfo{}, err
	}
	return s.info(acc), nil
}

// Session is a signed-in account's session: its secret (for the cookie)
// and its form token.
type Session struct {
	Secret string
	CSRF   string
}

// loginRefused is the one answer to a wrong name, passphrase or ended access,
// so the page does not tell which names exist.
var loginRefused = &Error{Kind: Unauthorized, Field: "passphrase", Message: "name or passphrase is wrong, or this access has ended"}

// usable reports whether the account may sign in or act now.
func (s *Service) usable(a store.Account) bool {
	now := s.now().UTC().Format(time.RFC3339)
	return a.PassphraseHash != "" && a.RevokedAt == "" && (a.ExpiresAt == "" || a.ExpiresAt > now)
}

// Login checks a name and passphrase and starts a session. After
// MaxLoginFailures wrong passphrases in a row the account is locked for
// LockFor (TooManyRequests, also for the right passphrase).
func (s *Service) Login(ctx context.Context, name, passphrase string) (Session, error) {
	a, err := s.store.AccountByName(ctx, strings.TrimSpace(name))
	if errors.Is(err, store.ErrNotFound) || (err == nil && a.PassphraseHash == "") {
		checkPassphrase(passphrase, dummyHash) // same time as a known name
		return Session{}, loginRefused
	}
	if err != nil {
		return Session{}, err
	}
	now := s.now().UTC()
	if a.LockedUntil > now.Format(time.RFC3339) {
		until, _ := time.Parse(time.RFC3339, a.LockedUntil)
		return Session{}, &Error{Kind: TooManyRequests, Message: "too many wrong passphrases: this account is locked for a while", RetryAfter: int(until.Sub(now).Seconds()) + 1}
	}
	if !checkPassphrase(passphrase, a.PassphraseHash) {
		n, err := s.store.LoginFailed(ctx, a.ID, MaxLoginFailures, now.Add(LockFor))
		if err != nil {
			return Session{}, err
		}
		if n >= MaxLoginFailures {
			return Session{}, &Error{Kind: TooManyRequests, Message: "too many wrong passphrases: this account is locked for a while", RetryAfter: int(LockFor.Seconds())}
		}
		return Session{}, loginRefused
	}
	if !s.usable(a) {
		return Session{}, loginRefused
	}
	secret, csrf, err := s.store.NewSession(ctx, a.ID)
	return Session{Secret: secret, CSRF: csrf}, err
}

// SessionActor returns the actor of a session; an unknown, idle, revoked or
// expired one is Unauthorized at once.
func (s *Service) SessionActor(ctx context.Context, secret string) (Actor, error) {
	a, csrf, err := s.store.Session(ctx, secret, s.now().Add(-SessionIdle))
	if err != nil {
		if errors.Is(err, store.ErrUnauthorized) {
			return Actor{}, &Error{Kind: Unauthorized, Message: "not signed in, or the session has ended"}
		}
		return Actor{}, err
	}
	if !s.usable(a) {
		s.store.EndSession(ctx, secret)
		return Actor{}, &Error{Kind: Unauthorized, Message: "this access has ended"}
	}
	return Actor{AccountID: a.ID, Role: a.Role, Codes: a.Codes, Organisation: a.Organisation, Position: a.Position, CSRF: csrf}, nil
}

// Logout ends a session.
func (s *Service) Logout(ctx context.Context, secret string) error {
	return s.store.EndSession(ctx, secret)
}

// TokenActor returns the actor of an API token.
func (s *Service) TokenActor(ctx context.Context, token string) (Actor, error) {
	actor, err := s.Authenticate(ctx, token)
	if err != nil {
		return Actor{}, err
	}
	return Actor{Token: strings.TrimPrefix(actor, "token:")}, nil
}

// Accounts lists every account (coordinators only).
func (s *Service) Accounts(ctx context.Context, by Actor) ([]AccountInfo, error) {
	if err := s.requireCoordinator(by); err != nil {
		return nil, err
	}
	as, err := s.store.Accounts(ctx)
	out := make([]AccountInfo, 0, len(as))
	for _, a := range as {
		out = append(out, s.info(a))
	}
	return out, err
}

// AccountEdit is a coordinator's change to an account; nil fields stay.
type AccountEdit struct {
	Name         *string
	Organisation *string
	Position     *string
	Codes        *[]string
	ExpiresOn    *string // YYYY-MM-DD; "" = no end
	Revoke       bool
}

// UpdateAccount renames, changes the scope or expiry of, or revokes an
// account (coordinators only). Revoking, or an expiry in the past, refuses
// the account at once: its sessions end.
func (s *Service) UpdateAccount(ctx context.Context, by Actor, id int64, e AccountEdit) error {
	if err := s.requireCoordinator(by); err != nil {
		return err
	}
	if _, err := s.store.Account(ctx, id); err != nil {
		return fromStore(err)
	}
	if e.Revoke && by.AccountID == id {
		return &Error{Kind: Conflict, Message: "you cannot revoke your own access; ask another coordinator"}
	}
	var ch store.AccountChange
	var problems []Problem
	text := func(field string, v *string, max int, optional bool) *string {
		if v == nil {
			return nil
		}
		t, p := checkText(field, *v, max, optional)
		if p != nil {
			problems = append(problems, *p)
		}
		return &t
	}
	ch.Name = text("name", e.Name, 100, false)
	ch.Organisation = text("organisation", e.Organisation, 200, false)
	ch.Position = text("position", e.Position, 100, true)
	if e.Codes != nil {
		codes, p, err := s.parseScope(ctx, "codes", *e.Codes)
		if err != nil {
			return err
		}
		if p != nil {
			problems = append(problems, *p)
		}
		ch.Codes = &codes
	}
	if e.ExpiresOn != nil {
		exp, p := parseEndDate("expires_on", *e.ExpiresOn)
		if p != nil {
			problems = append(problems, *p)
		}
		ch.ExpiresAt = &exp
	}
	ch.Revoke = e.Revoke
	if err := invalid(problems); err != nil {
		return err
	}
	err := fromStore(s.store.UpdateAccount(ctx, id, ch, by.id()))
	s.invalidate() // the public labels of what the account recorded may change
	return err
}

// Reinvite makes a new invitation link for an account (coordinators only).
func (s *Service) Reinvite(ctx context.Context, by Actor, id int64) (string, error) {
	if err := s.requireCoordinator(by); err != nil {
		return "", err
	}
	if _, err := s.store.Account(ctx, id); err != nil {
		return "", fromStore(err)
	}
	return s.store.NewInvite(ctx, id, s.now().AddDate(0, 0, InviteDays), by.id())
}

// AccountByName finds an account by its login name (coordinators only; the
// command line manages accounts by name).
func (s *Service) AccountByName(ctx context.Context, by Actor, name string) (AccountInfo, error) {
	if err := s.requireCoordinator(by); err != nil {
		return AccountInfo{}, err
	}
	a, err := s.store.AccountByName(ctx, name)
	if errors.Is(err, store.ErrNotFound) {
		return AccountInfo{}, &Error{Kind: NotFound, Field: "name", Message: fmt.Sprintf("no account named %q", Clip(name))}
	}
	return s.info(a), err
}

// Tokens lists the API tokens (name and creation time) for the operator.
func (s *Service) Tokens(ctx context.Context) ([][2]string, error) { return s.store.Tokens(ctx) }

// RevokeToken deletes the API tokens named name.
func (s *Service) RevokeToken(ctx context.Context, name string) error {
	return fromStore(s.store.RevokeToken(ctx, name, "cli"))
}

// publicRecorder is the public label of who recorded a version: the
// organisation and position of an account, else the network itself. Token
// names, account names and e-mail addresses are never published.
func (s *Service) publicRecorder(ctx context.Context, recordedBy string, cache map[string]string) string {
	if v, ok := cache[recordedBy]; ok {
		return v
	}
	label := "Netwerk Inclusieve Gemeenten"
	var id int64
	if _, err := fmt.Sscanf(recordedBy, "account:%d", &id); err == nil {
		if a, err := s.store.Account(ctx, id); err == nil {
			label = a.Organisation
			if a.Position != "" {
				label += ", " + a.Position
			}
		}
	}
	cache[recordedBy] = label
	return label
}
