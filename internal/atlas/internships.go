package atlas

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/inclusiekaart/inclusiekaart/internal/cbs"
	"github.com/inclusiekaart/inclusiekaart/internal/store"
)

// The inclusiestage: internship places within or with a municipality for
// people with a disability. Coordinators publish places for any
// municipality, contributors for their own; candidates browse the open
// places and respond through a form that only the publisher's side sees.

// AccessFeatures are the accessibility features of a workplace a publisher
// ticks, in the form's order.
var AccessFeatures = []string{"step_free", "accessible_toilet", "quiet_room", "sign_language", "easy_read"}

// Limits of the internship forms.
const (
	MaxHours       = 40
	MaxDepartment  = 200
	MaxContact     = 500
	MaxDistanceKm  = 300
	domainIDPrefix = "domain."
)

// Internship is a place as the pages show it.
type Internship struct {
	ID           int64
	Code         string
	Municipality string
	ProvinceCode string
	ProvinceName string
	Department   string
	Domain       string // a framework indicator id of the life domains, e.g. domain.work
	Hours        int
	Access       []string
	AccessNote   string
	Description  string
	Contact      string
	ClosesOn     string
	Withdrawn    bool
	// Open: not withdrawn and the closing date not past.
	Open bool
	// Responses counts the responses (the publisher's pages only).
	Responses int
	// DistanceKm is the distance from the candidate's municipality, when given.
	DistanceKm *float64
	// Reasons explain why the place suits the candidate's search.
	Reasons []MatchReason
	Score   int
}

// MatchReason is one reason a place suits a search: Kind is same_province,
// domain, needs_met or needs_missing; Values the province name, the domain
// id or the feature ids.
type MatchReason struct {
	Kind   string
	Values []string
}

// InternshipSpec is a place as the publisher's form gives it.
type InternshipSpec struct {
	Code, Department, Domain, Hours string
	Access                          []string
	AccessNote, Description         string
	Contact, ClosesOn               string
}

// SpecOfInternship returns the form of an existing place.
func SpecOfInternship(in Internship) InternshipSpec {
	return InternshipSpec{Code: in.Code, Department: in.Department, Domain: in.Domain, Hours: strconv.Itoa(in.Hours), Access: in.Access,
		AccessNote: in.AccessNote, Description: in.Description, Contact: in.Contact, ClosesOn: in.ClosesOn}
}

// InternshipQuery is a candidate's search; every part is optional. Km needs From.
type InternshipQuery struct {
	Province, Domain, From, Km string
	Needs                      []string
}

// InternshipResults are the open places of a search, best match first.
type InternshipResults struct {
	Places []Internship
	// FromName is the name of the candidate's municipality.
	FromName string
}

// DomainIDs are the framework's life-domain indicator ids, in its order.
func (s *Service) DomainIDs() []string {
	var out []string
	for _, in := range s.fw.Indicators() {
		if strings.HasPrefix(in.ID, domainIDPrefix) {
			out = append(out, in.ID)
		}
	}
	return out
}

// places are the municipalities of the newest year with their province and point.
type place struct {
	name, province, provinceName string
	lat, lon                     float64
}

func (s *Service) places(ctx context.Context) (map[string]place, error) {
	year, err := s.ResolveYear(ctx, LevelMunicipality, 0)
	if err != nil {
		return nil, err
	}
	areas, err := s.store.Areas(ctx, year, LevelMunicipality, store.Filter{})
	out := make(map[string]place, len(areas))
	for _, a := range areas {
		out[a.Code] = place{a.Name, a.ProvinceCode, a.ProvinceName, a.Point[1], a.Point[0]}
	}
	return out, err
}

func (s *Service) internship(in store.Internship, ps map[string]place) Internship {
	p := ps[in.Code]
	out := Internship{ID: in.ID, Code: in.Code, Municipality: p.name, ProvinceCode: p.province, ProvinceName: p.provinceName,
		Department: in.Department, Domain: in.Domain, Hours: in.Hours, AccessNote: in.AccessNote, Description: in.Description,
		Contact: in.Contact, ClosesOn: in.ClosesOn, Withdrawn: in.WithdrawnAt != "", Responses: in.Responses, Access: []string{}}
	if out.Municipality == "" {
		out.Municipality = in.Code
	}
	out.Open = !out.Withdrawn && in.ClosesOn >= s.today()
	for _, a := range strings.Split(in.Access, ",") {
		if a != "" {
			out.Access = append(out.Access, a)
		}
	}
	return out
}

// checkInternship validates a spec into a stored place.
func (s *Service) checkInternship(ctx context.Context, sp InternshipSpec) (store.Internship, error) {
	var problems []Problem
	add := func(p *Problem) {
		if p != nil {
			problems = append(problems, *p)
		}
	}
	var in store.Internship
	if strings.TrimSpace(sp.Code) == "" {
		add(&Problem{"code", "required"})
	} else {
		codes, p, err := s.parseScope(ctx, "code", []string{sp.Code})
		if err != nil {
			return in, err
		}
		add(p)
		if len(codes) == 1 {
			in.Code = codes[0]
		}
	}
	var p *Problem
	in.Department, p = checkText("department", sp.Department, MaxDepartment, false)
	add(p)
	if in.Domain = strings.TrimSpace(sp.Domain); !slices.Contains(s.DomainIDs(), in.Domain) {
		add(&Problem{"domain", "choose one of the life domains"})
	}
	h, err := strconv.Atoi(strings.TrimSpace(sp.Hours))
	switch {
	case err != nil:
		add(&Problem{"hours", fmt.Sprintf("a whole number of hours per week, from 1 to %d", MaxHours)})
	case h < 1 || h > MaxHours:
		add(&Problem{"hours", fmt.Sprintf("from 1 to %d hours per week", MaxHours)})
	default:
		in.Hours = h
	}
	in.Access, p = checkChoices("access", sp.Access, AccessFeatures, "choose from the listed features")
	add(p)
	in.AccessNote, p = checkLong("access_note", sp.AccessNote, MaxLongText)
	add(p)
	in.Description, p = checkLong("description", sp.Description, MaxLongText)
	add(p)
	in.Contact, p = checkLong("contact_route", sp.Contact, MaxContact)
	if p == nil && in.Contact == "" {
		p = &Problem{"contact_route", "required: say how candidates reach you (an organisational address, not a person's private one)"}
	}
	add(p)
	d, err := time.ParseInLocation("2006-01-02", strings.TrimSpace(sp.ClosesOn), Amsterdam)
	switch {
	case err != nil:
		add(&Problem{"closes_on", "a date written YYYY-MM-DD"})
	case d.Format("2006-01-02") < s.today():
		add(&Problem{"closes_on", "lies in the past: the closing date is today or later"})
	default:
		in.ClosesOn = d.Format("2006-01-02")
	}
	return in, invalid(problems)
}

// SaveInternship publishes (id 0) or changes a place: a coordinator for any
// municipality, a contributor for their own.
func (s *Service) SaveInternship(ctx context.Context, by Actor, id int64, sp InternshipSpec) (int64, error) {
	if !by.coordinates() && by.Role != Contributor {
		return 0, &Error{Kind: Forbidden, Message: "only a coordinator or contributor may publish internship places"}
	}
	if id != 0 {
		old, err := s.store.Internship(ctx, id)
		if err != nil {
			return 0, fromStore(err)
		}
		if err := s.requireScope(by, old.Code); err != nil {
			return 0, err
		}
	}
	in, err := s.checkInternship(ctx, sp)
	if err != nil {
		return 0, err
	}
	if err := s.requireScope(by, in.Code); err != nil {
		return 0, err
	}
	in.ID, in.PublishedBy = id, by.AccountID
	return s.store.SaveInternship(ctx, in, by.id())
}

// WithdrawInternship takes a place off the list (its responses stay for the
// publisher until the retention removes them).
func (s *Service) WithdrawInternship(ctx context.Context, by Actor, id int64) error {
	old, err := s.store.Internship(ctx, id)
	if err != nil {
		return fromStore(err)
	}
	if err := s.requireScope(by, old.Code); err != nil {
		return err
	}
	return fromStore(s.store.WithdrawInternship(ctx, id, by.id()))
}

var errPlaceClosed = &Error{Kind: NotFound, Message: "this internship place is closed or was withdrawn"}

// Internship returns an open place (NotFound once closed or withdrawn).
func (s *Service) Internship(ctx context.Context, id int64) (Internship, error) {
	in, err := s.store.Internship(ctx, id)
	if err != nil {
		return Internship{}, fromStore(err)
	}
	ps, err := s.places(ctx)
	if err != nil {
		return Internship{}, err
	}
	out := s.internship(in, ps)
	if !out.Open {
		return Internship{}, errPlaceClosed
	}
	out.Responses = 0
	return out, nil
}

// parseQuery checks a search: each wrong parameter is a BadRequest naming it.
func (s *Service) parseQuery(ctx context.Context, q InternshipQuery, ps map[string]place) (km float64, err error) {
	if q.Province != "" {
		prov, err := s.provinceNames(ctx)
		if err != nil {
			return 0, err
		}
		if _, ok := prov[q.Province]; !ok {
			return 0, ParamError("provincie", "not one of the provinces")
		}
	}
	if q.Domain != "" && !slices.Contains(s.DomainIDs(), q.Domain) {
		return 0, ParamError("domein", "not one of the life domains")
	}
	if q.From != "" {
		code, err := cbs.ParseMunicipalityCode(q.From)
		if _, ok := ps[string(code)]; err != nil || !ok || string(code) != q.From {
			return 0, ParamError("vanaf", "not a municipality on the map")
		}
	}
	for _, n := range q.Needs {
		if !slices.Contains(AccessFeatures, n) {
			return 0, ParamError("nodig", "choose from the listed features")
		}
	}
	if q.Km != "" {
		k, err := strconv.Atoi(q.Km)
		if err != nil || k < 1 || k > MaxDistanceKm {
			return 0, ParamError("km", "a whole number of kilometres from 1 to %d", MaxDistanceKm)
		}
		if q.From == "" {
			return 0, ParamError("km", "needs a municipality to measure from (vanaf)")
		}
		km = float64(k)
	}
	return km, nil
}

// Internships returns the open places of a search: filtered by province,
// domain and distance from the candidate's municipality, each with the
// reasons it suits the search, best match first (then nearest, then soonest
// closing).
func (s *Service) Internships(ctx context.Context, q InternshipQuery) (InternshipResults, error) {
	ps, err := s.places(ctx)
	if err != nil {
		return InternshipResults{}, err
	}
	km, err := s.parseQuery(ctx, q, ps)
	if err != nil {
		return InternshipResults{}, err
	}
	all, err := s.store.Internships(ctx, s.today(), false)
	if err != nil {
		return InternshipResults{}, err
	}
	from, hasFrom := ps[q.From]
	res := InternshipResults{Places: []Internship{}}
	if hasFrom {
		res.FromName = from.name
	}
	for _, st := range all {
		in := s.internship(st, ps)
		in.Responses = 0
		if (q.Province != "" && in.ProvinceCode != q.Province) || (q.Domain != "" && in.Domain != q.Domain) {
			continue
		}
		if p, ok := ps[in.Code]; hasFrom && ok {
			d := distanceKm(from.lat, from.lon, p.lat, p.lon)
			if km > 0 && d > km {
				continue
			}
			in.DistanceKm = &d
		}
		if hasFrom && in.ProvinceCode == from.province {
			in.Reasons = append(in.Reasons, MatchReason{"same_province", []string{in.ProvinceName}})
			in.Score++
		}
		if q.Domain != "" {
			in.Reasons = append(in.Reasons, MatchReason{"domain", []string{in.Domain}})
			in.Score++
		}
		if len(q.Needs) > 0 {
			var met, missing []string
			for _, n := range q.Needs {
				if slices.Contains(in.Access, n) {
					met = append(met, n)
				} else {
					missing = append(missing, n)
				}
			}
			if len(met) > 0 {
				in.Reasons = append(in.Reasons, MatchReason{"needs_met", met})
			}
			if len(missing) > 0 {
				in.Reasons = append(in.Reasons, MatchReason{"needs_missing", missing})
			} else {
				in.Score += 2
			}
		}
		res.Places = append(res.Places, in)
	}
	sort.SliceStable(res.Places, func(i, j int) bool {
		a, b := res.Places[i], res.Places[j]
		if a.Score != b.Score {
			return a.Score > b.Score
		}
		if a.DistanceKm != nil && b.DistanceKm != nil && *a.DistanceKm != *b.DistanceKm {
			return *a.DistanceKm < *b.DistanceKm
		}
		return a.ClosesOn < b.ClosesOn
	})
	return res, nil
}

// ResponseForm is what a candidate gives to respond to a place.
type ResponseForm struct {
	Name, Email, Message, AccessNeeds string
	Consent                           bool
}

// ResponseResult tells how responding went; Secret is the personal delete
// link's secret, given once (empty when the address had responded before).
type ResponseResult struct {
	Existed bool
	Secret  string
}

// Respond stores a candidate's response to an open place for its publisher.
// The same address twice keeps one record.
func (s *Service) Respond(ctx context.Context, id int64, f ResponseForm) (ResponseResult, error) {
	if _, err := s.Internship(ctx, id); err != nil {
		return ResponseResult{}, err
	}
	var problems []Problem
	add := func(p *Problem) {
		if p != nil {
			problems = append(problems, *p)
		}
	}
	name, p := checkText("name", f.Name, MaxName, false)
	add(p)
	email, p := checkEmail("email", f.Email)
	add(p)
	msg, p := checkLong("message", f.Message, MaxLongText)
	add(p)
	needs, p := checkLong("access_needs", f.AccessNeeds, MaxLongText)
	add(p)
	if !f.Consent {
		add(&Problem{"consent", "required: tick that we may keep these details for this purpose"})
	}
	if err := invalid(problems); err != nil {
		return ResponseResult{}, err
	}
	secret, hash, err := store.NewSecret()
	if err != nil {
		return ResponseResult{}, err
	}
	existed, err := s.store.AddResponse(ctx, store.Response{InternshipID: id, Name: name, Email: email, Message: msg, AccessNeeds: needs}, hash)
	if err != nil {
		return ResponseResult{}, err
	}
	if existed {
		secret = ""
	}
	return ResponseResult{Existed: existed, Secret: secret}, nil
}

var errResponseLink = &Error{Kind: NotFound, Message: "this link is not (or no longer) valid: the response was deleted"}

// CheckResponseLink reports whether a delete link is valid (NotFound).
func (s *Service) CheckResponseLink(ctx context.Context, secret string) error {
	if _, err := s.store.ResponseByHash(ctx, store.HashSecret(secret)); err != nil {
		return errResponseLink
	}
	return nil
}

// DeleteResponse deletes the response of a delete link.
func (s *Service) DeleteResponse(ctx context.Context, secret string) error {
	err := s.store.DeleteResponse(ctx, store.HashSecret(secret))
	if errors.Is(err, store.ErrNotFound) {
		return errResponseLink
	}
	return err
}

// ManagedInternships lists the places an account manages (open and
// closed): all for a coordinator, those of their municipalities for a
// contributor.
func (s *Service) ManagedInternships(ctx context.Context, by Actor) ([]Internship, error) {
	if !by.coordinates() && by.Role != Contributor {
		return nil, &Error{Kind: Forbidden, Message: "only a coordinator or contributor manages internship places"}
	}
	all, err := s.store.Internships(ctx, "", true)
	if err != nil {
		return nil, err
	}
	ps, err := s.places(ctx)
	if err != nil {
		return nil, err
	}
	out := []Internship{}
	for _, in := range all {
		if by.mayContribute(in.Code) {
			out = append(out, s.internship(in, ps))
		}
	}
	slices.Reverse(out) // newest closing date first
	return out, nil
}

// InternshipResponse is a response as its publisher sees it.
type InternshipResponse = store.Response

// InternshipResponses returns a place with its responses: the coordinator
// and the contributors of its municipality only.
func (s *Service) InternshipResponses(ctx context.Context, by Actor, id int64) (Internship, []InternshipResponse, error) {
	st, err := s.store.Internship(ctx, id)
	if err != nil {
		return Internship{}, nil, fromStore(err)
	}
	if err := s.requireScope(by, st.Code); err != nil {
		return Internship{}, nil, err
	}
	ps, err := s.places(ctx)
	if err != nil {
		return Internship{}, nil, err
	}
	rs, err := s.store.Responses(ctx, id)
	return s.internship(st, ps), rs, err
}

// ManagedInternship returns a place for its publisher's edit form.
func (s *Service) ManagedInternship(ctx context.Context, by Actor, id int64) (Internship, error) {
	in, _, err := s.InternshipResponses(ctx, by, id)
	return in, err
}

// DeleteOldResponses applies the retention of sign-ups to responses: those
// of places closed more than days ago are deleted.
func (s *Service) DeleteOldResponses(ctx context.Context, days int) (int64, error) {
	if days <= 0 {
		days = DefaultSignupRetentionDays
	}
	return s.store.DeleteOldResponses(ctx, s.now().In(Amsterdam).AddDate(0, 0, -days).Format("2006-01-02"))
}
