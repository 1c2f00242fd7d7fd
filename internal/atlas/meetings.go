package atlas

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/mail"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // Europe/Amsterdam on machines without a zone database

	"github.com/inclusiekaart/inclusiekaart/internal/assessment"
	"github.com/inclusiekaart/inclusiekaart/internal/store"
)

// Amsterdam is the time zone of every meeting.
var Amsterdam = mustZone("Europe/Amsterdam")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// Meeting scopes and audiences.
const (
	National = "national"
	Regional = "regional"
)

// Audiences are the groups a meeting is for, in the order forms list them.
var Audiences = []string{"council_members", "residents", "civil_servants"}

// Limits of the meeting and sign-up forms.
const (
	MaxTitle                   = 200
	MaxName                    = 200
	MaxEmail                   = 254
	MaxLongText                = 2000
	MaxCapacity                = 10000
	NearKm                     = 25 // a meeting this close to a municipality's point is "near" it
	DefaultSignupRetentionDays = 90
)

// Meeting is a meeting as the pages, feeds and calendars show it.
type Meeting struct {
	ID          int64    `json:"id"`
	Title       string   `json:"title"`
	Scope       string   `json:"scope"`
	Date        string   `json:"date"`
	StartTime   string   `json:"start_time,omitempty"`
	EndTime     string   `json:"end_time,omitempty"`
	Online      bool     `json:"online"`
	Place       string   `json:"place,omitempty"`
	Lat         *float64 `json:"lat,omitempty"`
	Lon         *float64 `json:"lon,omitempty"`
	Region      string   `json:"region,omitempty"`
	RegionName  string   `json:"region_name,omitempty"`
	Audience    []string `json:"audience"`
	Description string   `json:"description,omitempty"`
	Capacity    int      `json:"capacity"`
	Confirmed   int      `json:"confirmed"`
	Waiting     int      `json:"waiting"`
	History     bool     `json:"history"`
	Source      string   `json:"source,omitempty"`
	Cancelled   bool     `json:"cancelled"`
	Upcoming    bool     `json:"upcoming"`
	UpdatedAt   string   `json:"updated_at"`
}

// Start is the meeting's start (midnight in Amsterdam when the time is unknown).
func (m Meeting) Start() time.Time { return localTime(m.Date, m.StartTime) }

// End is the meeting's end, zero when unknown.
func (m Meeting) End() time.Time {
	if m.EndTime == "" {
		return time.Time{}
	}
	return localTime(m.Date, m.EndTime)
}

func localTime(date, hm string) time.Time {
	if hm == "" {
		hm = "00:00"
	}
	t, _ := time.ParseInLocation("2006-01-02 15:04", date+" "+hm, Amsterdam)
	return t
}

// Full reports whether every place is taken (new sign-ups wait).
func (m Meeting) Full() bool { return m.Capacity > 0 && m.Confirmed >= m.Capacity }

// Left is the number of free places.
func (m Meeting) Left() int { return max(m.Capacity-m.Confirmed, 0) }

// Open reports whether people can sign up.
func (m Meeting) Open() bool { return m.Upcoming && !m.Cancelled && !m.History && m.Capacity > 0 }

// HasPoint reports whether the meeting has a place on the map.
func (m Meeting) HasPoint() bool { return m.Lat != nil && m.Lon != nil }

// Meetings are the upcoming meetings (soonest first) and the archive (newest first).
type Meetings struct {
	Upcoming []Meeting
	Past     []Meeting
}

func (s *Service) today() string { return s.now().In(Amsterdam).Format("2006-01-02") }

func (s *Service) provinceNames(ctx context.Context) (map[string]string, error) {
	out := map[string]string{}
	years, err := s.store.Years(ctx, LevelProvince)
	if err != nil || len(years) == 0 {
		return out, err
	}
	areas, err := s.store.Areas(ctx, years[len(years)-1], LevelProvince, store.Filter{})
	for _, a := range areas {
		out[a.Code] = a.Name
	}
	return out, err
}

func (s *Service) meeting(m store.Meeting, provinces map[string]string) Meeting {
	out := Meeting{ID: m.ID, Title: m.Title, Scope: m.Scope, Date: m.Date, StartTime: m.StartTime, EndTime: m.EndTime, Online: m.Online,
		Place: m.Place, Lat: m.Lat, Lon: m.Lon, Region: m.Region, RegionName: provinces[m.Region], Description: m.Description,
		Capacity: m.Capacity, Confirmed: m.Confirmed, Waiting: m.Waiting, History: m.History, Source: m.Source,
		Cancelled: m.CancelledAt != "", Upcoming: m.Date >= s.today(), UpdatedAt: m.UpdatedAt, Audience: []string{}}
	for _, a := range strings.Split(m.Audience, ",") {
		if a != "" {
			out.Audience = append(out.Audience, a)
		}
	}
	return out
}

// Meetings lists every meeting: the upcoming ones and the archive.
func (s *Service) Meetings(ctx context.Context) (Meetings, error) {
	all, err := s.store.Meetings(ctx)
	if err != nil {
		return Meetings{}, err
	}
	prov, err := s.provinceNames(ctx)
	if err != nil {
		return Meetings{}, err
	}
	var out Meetings
	for _, m := range all {
		if mm := s.meeting(m, prov); mm.Upcoming {
			out.Upcoming = append(out.Upcoming, mm)
		} else {
			out.Past = append([]Meeting{mm}, out.Past...)
		}
	}
	return out, nil
}

// Meeting returns one meeting (NotFound).
func (s *Service) Meeting(ctx context.Context, id int64) (Meeting, error) {
	m, err := s.store.Meeting(ctx, id)
	if err != nil {
		return Meeting{}, fromStore(err)
	}
	prov, err := s.provinceNames(ctx)
	return s.meeting(m, prov), err
}

// MeetingSpec is a meeting as the coordinator's form gives it; numbers are
// text so that a wrong one is reported with its field.
type MeetingSpec struct {
	Title, Scope, Date, StartTime, EndTime string
	Online                                 bool
	Place, Lat, Lon, Region                string
	Audience                               []string
	Description, Capacity                  string
}

// SpecOf returns the form of an existing meeting.
func SpecOf(m Meeting) MeetingSpec {
	sp := MeetingSpec{Title: m.Title, Scope: m.Scope, Date: m.Date, StartTime: m.StartTime, EndTime: m.EndTime, Online: m.Online,
		Place: m.Place, Region: m.Region, Audience: m.Audience, Description: m.Description, Capacity: strconv.Itoa(m.Capacity)}
	if m.HasPoint() {
		sp.Lat, sp.Lon = strconv.FormatFloat(*m.Lat, 'f', -1, 64), strconv.FormatFloat(*m.Lon, 'f', -1, 64)
	}
	return sp
}

// checkChoices keeps the distinct values of got, in order, joined by commas;
// a value not in allowed is field's problem (with msg).
func checkChoices(field string, got, allowed []string, msg string) (string, *Problem) {
	var keep []string
	for _, v := range got {
		if !slices.Contains(allowed, v) {
			return strings.Join(keep, ","), &Problem{field, msg}
		}
		if !slices.Contains(keep, v) {
			keep = append(keep, v)
		}
	}
	return strings.Join(keep, ","), nil
}

// checkLong validates a free text of several lines.
func checkLong(field, v string, max int) (string, *Problem) {
	v = strings.TrimSpace(strings.ReplaceAll(v, "\r\n", "\n"))
	if msg := assessment.CheckText(v, max, true); msg != "" {
		return v, &Problem{field, msg}
	}
	return v, nil
}

func parseCoord(field, v string, min, max float64) (*float64, *Problem) {
	f, err := strconv.ParseFloat(strings.TrimSpace(strings.ReplaceAll(v, ",", ".")), 64)
	if err != nil || math.IsNaN(f) || f < min || f > max {
		return nil, &Problem{field, fmt.Sprintf("a number from %g to %g (WGS84 degrees)", min, max)}
	}
	return &f, nil
}

// checkMeeting validates a spec into a stored meeting; isNew refuses past dates.
func (s *Service) checkMeeting(ctx context.Context, sp MeetingSpec, isNew bool) (store.Meeting, error) {
	var problems []Problem
	add := func(p *Problem) {
		if p != nil {
			problems = append(problems, *p)
		}
	}
	m := store.Meeting{Online: sp.Online}
	var p *Problem
	m.Title, p = checkText("title", sp.Title, MaxTitle, false)
	add(p)
	if m.Scope = sp.Scope; m.Scope != National && m.Scope != Regional {
		add(&Problem{"scope", "choose national or regional"})
	}
	d, err := time.ParseInLocation("2006-01-02", strings.TrimSpace(sp.Date), Amsterdam)
	switch {
	case err != nil:
		add(&Problem{"date", "a date written YYYY-MM-DD"})
	case isNew && d.Format("2006-01-02") < s.today():
		add(&Problem{"date", "lies in the past: a new meeting needs a date from today on"})
	default:
		m.Date = d.Format("2006-01-02")
	}
	for _, f := range []struct {
		field string
		in    string
		out   *string
	}{{"start_time", sp.StartTime, &m.StartTime}, {"end_time", sp.EndTime, &m.EndTime}} {
		v := strings.TrimSpace(f.in)
		if v == "" {
			continue
		}
		if t, err := time.Parse("15:04", v); err != nil {
			add(&Problem{f.field, "a time written HH:MM (24 hours)"})
		} else {
			*f.out = t.Format("15:04")
		}
	}
	if m.EndTime != "" && (m.StartTime == "" || m.EndTime <= m.StartTime) {
		add(&Problem{"end_time", "must be after the start time"})
	}
	m.Place, p = checkText("place", sp.Place, 300, true)
	add(p)
	if strings.TrimSpace(sp.Lat) != "" || strings.TrimSpace(sp.Lon) != "" {
		var p1, p2 *Problem
		m.Lat, p1 = parseCoord("lat", sp.Lat, 50.5, 53.8)
		m.Lon, p2 = parseCoord("lon", sp.Lon, 3.2, 7.3)
		add(p1)
		add(p2)
	}
	if m.Place == "" && !m.Online {
		add(&Problem{"place", "required: give an address, or tick online"})
	}
	if sp.Region != "" {
		prov, err := s.provinceNames(ctx)
		if err != nil {
			return m, err
		}
		if _, ok := prov[sp.Region]; !ok {
			add(&Problem{"region", "choose one of the provinces"})
		}
		m.Region = sp.Region
	}
	m.Audience, p = checkChoices("audience", sp.Audience, Audiences, "choose from the listed groups")
	add(p)
	m.Description, p = checkLong("description", sp.Description, MaxLongText)
	add(p)
	c, err := strconv.Atoi(strings.TrimSpace(sp.Capacity))
	switch {
	case err != nil:
		add(&Problem{"capacity", "a whole number of places, at least 1"})
	case c < 1:
		add(&Problem{"capacity", "at least 1 place"})
	case c > MaxCapacity:
		add(&Problem{"capacity", fmt.Sprintf("at most %d places", MaxCapacity)})
	default:
		m.Capacity = c
	}
	return m, invalid(problems)
}

// SaveMeeting creates (id 0) or changes a meeting: coordinators only. A new
// meeting cannot lie in the past; the history is not edited.
func (s *Service) SaveMeeting(ctx context.Context, by Actor, id int64, sp MeetingSpec) (int64, error) {
	if err := s.requireCoordinator(by); err != nil {
		return 0, err
	}
	if id != 0 {
		old, err := s.Meeting(ctx, id)
		if err != nil {
			return 0, err
		}
		if old.History {
			return 0, &Error{Kind: Forbidden, Message: "the network's history is not edited"}
		}
	}
	m, err := s.checkMeeting(ctx, sp, id == 0)
	if err != nil {
		return 0, err
	}
	m.ID = id
	return s.store.SaveMeeting(ctx, m, by.id())
}

// CancelMeeting cancels a meeting: coordinators only. It stays listed as cancelled.
func (s *Service) CancelMeeting(ctx context.Context, by Actor, id int64) error {
	if err := s.requireCoordinator(by); err != nil {
		return err
	}
	return fromStore(s.store.CancelMeeting(ctx, id, by.id()))
}

// SignupForm is what a person gives to sign up.
type SignupForm struct {
	Name, Email, Code, AccessNeeds string
	Consent                        bool
}

// SignupResult tells how a sign-up went. Secret is the personal cancel link's
// secret, given once (empty when the address had signed up before).
type SignupResult struct {
	Status  string // confirmed or waiting
	Existed bool
	Secret  string
}

// checkEmail validates an e-mail address: one plain address with a domain
// that has a dot.
func checkEmail(field, v string) (string, *Problem) {
	v = strings.TrimSpace(v)
	if v == "" {
		return v, &Problem{field, "required"}
	}
	if len(v) > MaxEmail {
		return v, &Problem{field, fmt.Sprintf("at most %d characters", MaxEmail)}
	}
	a, err := mail.ParseAddress(v)
	at := strings.LastIndexByte(v, '@')
	if err != nil || a.Address != v || a.Name != "" || at < 1 || !strings.Contains(v[at+1:], ".") || strings.HasSuffix(v, ".") {
		return v, &Problem{field, "not an e-mail address like naam@voorbeeld.nl"}
	}
	return v, nil
}

// checkPerson validates the fields a sign-up and a membership share.
func (s *Service) checkPerson(ctx context.Context, name, email, code string, consent bool) (string, string, string, []Problem, error) {
	var problems []Problem
	name, p := checkText("name", name, MaxName, false)
	if p != nil {
		problems = append(problems, *p)
	}
	email, p = checkEmail("email", email)
	if p != nil {
		problems = append(problems, *p)
	}
	codes, p, err := s.parseScope(ctx, "code", []string{code})
	if err != nil {
		return "", "", "", nil, err
	}
	if p != nil {
		problems = append(problems, *p)
	}
	if !consent {
		problems = append(problems, Problem{"consent", "required: tick that we may keep these details for this purpose"})
	}
	if len(codes) == 1 {
		code = codes[0]
	}
	return name, email, code, problems, nil
}

// SignUp signs a person up for a meeting: confirmed while there is room, else
// on the waiting list. The same address twice keeps one record.
func (s *Service) SignUp(ctx context.Context, id int64, f SignupForm) (SignupResult, error) {
	m, err := s.Meeting(ctx, id)
	if err != nil {
		return SignupResult{}, err
	}
	if !m.Open() {
		return SignupResult{}, &Error{Kind: Conflict, Message: "this meeting takes no sign-ups (past, cancelled or history)"}
	}
	name, email, code, problems, err := s.checkPerson(ctx, f.Name, f.Email, f.Code, f.Consent)
	if err != nil {
		return SignupResult{}, err
	}
	needs, p := checkLong("access_needs", f.AccessNeeds, MaxLongText)
	if p != nil {
		problems = append(problems, *p)
	}
	if err := invalid(problems); err != nil {
		return SignupResult{}, err
	}
	secret, hash, err := store.NewSecret()
	if err != nil {
		return SignupResult{}, err
	}
	su, existed, err := s.store.AddSignup(ctx, store.Signup{MeetingID: id, Name: name, Email: email, Code: code, AccessNeeds: needs}, hash)
	if err != nil {
		return SignupResult{}, err
	}
	if existed {
		secret = ""
	}
	return SignupResult{Status: su.Status, Existed: existed, Secret: secret}, nil
}

// SignupByLink returns the meeting and status of a cancel link (NotFound).
func (s *Service) SignupByLink(ctx context.Context, secret string) (Meeting, string, error) {
	su, err := s.store.SignupByHash(ctx, store.HashSecret(secret))
	if err != nil {
		return Meeting{}, "", &Error{Kind: NotFound, Message: "this link is not (or no longer) valid: the sign-up was cancelled or removed"}
	}
	m, err := s.Meeting(ctx, su.MeetingID)
	return m, su.Status, err
}

// CancelSignup deletes the sign-up of a cancel link; the first on the
// waiting list takes the freed place.
func (s *Service) CancelSignup(ctx context.Context, secret string) error {
	if err := s.store.CancelSignup(ctx, store.HashSecret(secret)); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return &Error{Kind: NotFound, Message: "this link is not (or no longer) valid: the sign-up was cancelled or removed"}
		}
		return err
	}
	return nil
}

// Attendee is one line of the coordinator's attendee list.
type Attendee struct {
	Name, Email, Code, Municipality, AccessNeeds, Status, SignedUpAt string
}

// Attendees returns the sign-ups of a meeting with their access needs:
// coordinators only (the one export that holds personal data).
func (s *Service) Attendees(ctx context.Context, by Actor, id int64) (Meeting, []Attendee, error) {
	if err := s.requireCoordinator(by); err != nil {
		return Meeting{}, nil, err
	}
	m, err := s.Meeting(ctx, id)
	if err != nil {
		return m, nil, err
	}
	sus, err := s.store.Signups(ctx, id)
	if err != nil {
		return m, nil, err
	}
	out := make([]Attendee, 0, len(sus))
	for _, su := range sus {
		a := Attendee{Name: su.Name, Email: su.Email, Code: su.Code, AccessNeeds: su.AccessNeeds, Status: su.Status, SignedUpAt: su.CreatedAt}
		if su.Code != "" {
			a.Municipality, _ = s.municipalityName(ctx, su.Code)
		}
		out = append(out, a)
	}
	return m, out, nil
}

// MeetingsNear returns the upcoming, not cancelled meetings near a
// municipality: held within NearKm of its point, or regional meetings of its
// province.
func (s *Service) MeetingsNear(ctx context.Context, code string) ([]Meeting, error) {
	year, err := s.ResolveYear(ctx, LevelMunicipality, 0)
	if err != nil {
		return nil, err
	}
	a, err := s.store.Area(ctx, year, LevelMunicipality, code)
	if err != nil {
		return nil, s.orMoved(ctx, code, err)
	}
	all, err := s.Meetings(ctx)
	if err != nil {
		return nil, err
	}
	out := []Meeting{}
	for _, m := range all.Upcoming {
		if m.Cancelled {
			continue
		}
		near := m.HasPoint() && distanceKm(a.Point[1], a.Point[0], *m.Lat, *m.Lon) <= NearKm
		if near || (m.Region != "" && m.Region == a.ProvinceCode) {
			out = append(out, m)
		}
	}
	return out, nil
}

// Provinces lists the provinces of the newest year by name.
func (s *Service) Provinces(ctx context.Context) ([]Province, error) {
	year, err := s.ResolveYear(ctx, LevelProvince, 0)
	if err != nil {
		return nil, err
	}
	names, err := s.provinceNames(ctx)
	out := make([]Province, 0, len(names))
	for c, n := range names {
		out = append(out, Province{Code: c, Name: n, Year: year})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, err
}

// MunicipalityChoices lists the municipalities of the newest year by name
// (the optional municipality of the forms).
func (s *Service) MunicipalityChoices(ctx context.Context) ([]MunicipalityRef, error) {
	year, err := s.ResolveYear(ctx, LevelMunicipality, 0)
	if err != nil {
		return nil, err
	}
	areas, err := s.store.Areas(ctx, year, LevelMunicipality, store.Filter{})
	out := make([]MunicipalityRef, 0, len(areas))
	for _, a := range areas {
		out = append(out, MunicipalityRef{a.Code, a.Name})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, err
}

// DeleteOldSignups applies the retention of sign-ups: those of meetings more
// than days in the past are deleted.
func (s *Service) DeleteOldSignups(ctx context.Context, days int) (int64, error) {
	if days <= 0 {
		days = DefaultSignupRetentionDays
	}
	return s.store.DeleteOldSignups(ctx, s.now().In(Amsterdam).AddDate(0, 0, -days).Format("2006-01-02"))
}
