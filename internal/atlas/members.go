package atlas

import (
	"context"
	"errors"
	"slices"

	"github.com/inclusiekaart/inclusiekaart/internal/store"
)

// MemberRoles are the roles a member chooses from, in the form's order.
var MemberRoles = []string{"resident", "council_member", "civil_servant", "organisation", "researcher"}

// JoinForm is what a person gives to join the theme network.
type JoinForm struct {
	Name, Email, Role, Code string
	Consent                 bool
}

// JoinResult tells how joining went; Secret is the personal leave link's
// secret, given once (empty when the address had joined before).
type JoinResult struct {
	Existed bool
	Secret  string
}

// Join records a new member. Without e-mail confirmation (no SMTP) the
// member waits for the coordinator; the same address twice keeps one record.
func (s *Service) Join(ctx context.Context, f JoinForm) (JoinResult, error) {
	name, email, code, problems, err := s.checkPerson(ctx, f.Name, f.Email, f.Code, f.Consent)
	if err != nil {
		return JoinResult{}, err
	}
	if !slices.Contains(MemberRoles, f.Role) {
		problems = append(problems, Problem{"role", "choose one of the listed roles"})
	}
	if err := invalid(problems); err != nil {
		return JoinResult{}, err
	}
	secret, hash, err := store.NewSecret()
	if err != nil {
		return JoinResult{}, err
	}
	_, existed, err := s.store.AddMember(ctx, store.Member{Name: name, Email: email, Role: f.Role, Code: code}, hash)
	if err != nil {
		return JoinResult{}, err
	}
	if existed {
		secret = ""
	}
	return JoinResult{Existed: existed, Secret: secret}, nil
}

var errLeaveLink = &Error{Kind: NotFound, Message: "this link is not (or no longer) valid: the membership was ended or removed"}

// CheckLeaveLink reports whether a leave link is valid (NotFound).
func (s *Service) CheckLeaveLink(ctx context.Context, secret string) error {
	if _, err := s.store.MemberByHash(ctx, store.HashSecret(secret)); err != nil {
		return errLeaveLink
	}
	return nil
}

// Leave deletes the member of a leave link.
func (s *Service) Leave(ctx context.Context, secret string) error {
	err := s.store.DeleteMember(ctx, store.HashSecret(secret))
	if errors.Is(err, store.ErrNotFound) {
		return errLeaveLink
	}
	return err
}

// MemberInfo is a member as the coordinator sees it.
type MemberInfo = store.Member

// Members lists the members (queued first): coordinators only.
func (s *Service) Members(ctx context.Context, by Actor) ([]MemberInfo, error) {
	if err := s.requireCoordinator(by); err != nil {
		return nil, err
	}
	all, err := s.store.Members(ctx, "")
	slices.SortStableFunc(all, func(a, b store.Member) int {
		if a.Status == b.Status {
			return 0
		}
		if a.Status == "queued" {
			return -1
		}
		return 1
	})
	return all, err
}

// ReviewMember confirms (accept) or removes a member: coordinators only.
func (s *Service) ReviewMember(ctx context.Context, by Actor, id int64, accept bool) error {
	if err := s.requireCoordinator(by); err != nil {
		return err
	}
	return fromStore(s.store.ReviewMember(ctx, id, accept, by.id()))
}

// Network is what the map's detail panel shows of the network for one
// municipality: the number of confirmed members (never names) and the
// upcoming meetings near it.
type Network struct {
	Code     string    `json:"code"`
	Members  int       `json:"members"`
	Meetings []Meeting `json:"meetings"`
}

// NetworkOf returns the network near a municipality.
func (s *Service) NetworkOf(ctx context.Context, code string) (Network, error) {
	ms, err := s.MeetingsNear(ctx, code)
	if err != nil {
		return Network{}, err
	}
	counts, err := s.store.MemberCounts(ctx)
	return Network{Code: code, Members: counts[code], Meetings: ms}, err
}
