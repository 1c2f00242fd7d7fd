package site

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"

	"github.com/gorilla/mux"

	"github.com/inclusiekaart/inclusiekaart/internal/atlas"
	"github.com/inclusiekaart/inclusiekaart/internal/csvsafe"
	"github.com/inclusiekaart/inclusiekaart/internal/web"
)

// Limit of the network's public forms (meeting sign-ups, joining).
const networkPostsPer10Minutes = 10

// registerNetwork adds the network's pages: meetings, joining, the party
// programme text, the explanation and the plan.
func (s *Site) registerNetwork(r *mux.Router) {
	page := func(p string, h web.HandlerFunc, methods ...string) {
		r.HandleFunc(p, s.handle(h)).Methods(methods...)
	}
	get, both := []string{http.MethodGet, http.MethodHead}, []string{http.MethodGet, http.MethodHead, http.MethodPost}
	page("/bijeenkomsten", s.meetingsPage, get...)
	page("/bijeenkomsten.ics", s.meetingsCalendar, get...)
	page("/bijeenkomsten.atom", s.meetingsFeed, get...)
	page("/bijeenkomsten/{id:[0-9]{1,18}}", s.meetingPage, both...)
	page("/bijeenkomsten/{id:[0-9]{1,18}}.ics", s.meetingCalendar, get...)
	page("/bijeenkomsten/afmelden/{secret}", s.cancelSignupPage, both...)
	page("/beheer/bijeenkomsten", s.manageMeetings, both...)
	page("/beheer/bijeenkomsten/{id:[0-9]{1,18}}", s.editMeeting, both...)
	page("/beheer/bijeenkomsten/{id:[0-9]{1,18}}/deelnemers.csv", s.attendeesCSV, get...)
	s.registerMembers(page, get, both)
	s.registerTexts(page, get, both)
	s.registerElections(page, get)
	s.registerInternships(page, get, both)
}

// formProblems turns an InvalidField error into the problems of a form;
// any other error is returned.
func formProblems(err error) ([]atlas.Problem, error) {
	e, ok := atlas.As(err)
	if !ok || e.Kind != atlas.InvalidField {
		return nil, err
	}
	if len(e.Problems) == 0 {
		return []atlas.Problem{{Field: e.Field, Message: e.Message}}, nil
	}
	return e.Problems, nil
}

// publicPost checks a posted public form: CSRF, the per-IP limit, and the
// honeypot (true: a robot filled it; answer as if all went well).
func (s *Site) publicPost(w http.ResponseWriter, r *http.Request) (robot bool, err error) {
	if err := anonymousPost(w, r); err != nil {
		return false, err
	}
	if err := s.network.Take(web.ClientIP(r)); err != nil {
		return false, err
	}
	return r.PostForm.Get("website") != "", nil
}

// publicSubmit runs a posted public form: the checks of publicPost, then
// submit (told whether a robot filled the honeypot: a robot gets the thanks
// without anything stored). ok reports success; on invalid input the
// problems are set on v.
func (s *Site) publicSubmit(w http.ResponseWriter, r *http.Request, v *view, submit func(form url.Values, robot bool) error) (ok bool, err error) {
	robot, err := s.publicPost(w, r)
	if err != nil {
		return false, err
	}
	if err := submit(r.PostForm, robot); err != nil {
		v.Problems, err = formProblems(err)
		return false, err
	}
	return true, nil
}

func (s *Site) meetingsPage(w http.ResponseWriter, r *http.Request) error {
	ms, err := s.svc.Meetings(r.Context())
	if err != nil {
		return err
	}
	v := s.view(r, "meetingsTitle")
	v.Actor = s.optionalActor(r)
	v.Data = ms
	return s.render(w, r, http.StatusOK, "meetings.html", v)
}

// optionalActor is the signed-in account, if any (for the navigation).
func (s *Site) optionalActor(r *http.Request) *atlas.Actor {
	if a, _, err := s.actor(r); err == nil {
		return &a
	}
	return nil
}

type meetingData struct {
	M              atlas.Meeting
	Form           atlas.SignupForm
	Result         *atlas.SignupResult
	CancelURL      string
	Municipalities []atlas.MunicipalityRef
}

// meetingPage shows one meeting and takes sign-ups.
func (s *Site) meetingPage(w http.ResponseWriter, r *http.Request) error {
	m, err := s.svc.Meeting(r.Context(), pathID(r))
	if err != nil {
		return err
	}
	v := s.view(r, "meetingsTitle")
	v.Title, v.Actor = m.Title, s.optionalActor(r)
	d := meetingData{M: m}
	status := http.StatusOK
	if r.Method == http.MethodPost {
		var res atlas.SignupResult
		ok, err := s.publicSubmit(w, r, &v, func(f url.Values, robot bool) (err error) {
			d.Form = atlas.SignupForm{Name: f.Get("name"), Email: f.Get("email"), Code: f.Get("code"), AccessNeeds: f.Get("access_needs"), Consent: f.Get("consent") == "yes"}
			res = atlas.SignupResult{Status: "confirmed"}
			if !robot {
				res, err = s.svc.SignUp(r.Context(), m.ID, d.Form)
			}
			return err
		})
		if err != nil {
			return err
		}
		if ok {
			d.Result, d.Form = &res, atlas.SignupForm{}
			if res.Secret != "" {
				d.CancelURL = s.baseURL(r) + "/bijeenkomsten/afmelden/" + res.Secret
			}
			if d.M, err = s.svc.Meeting(r.Context(), m.ID); err != nil {
				return err
			}
			return s.render(w, r, http.StatusOK, "meeting.html", withData(v, d))
		}
		status = http.StatusBadRequest
	}
	if d.M.Open() {
		v.CSRF = formToken(w, r)
		if d.Municipalities, err = s.svc.MunicipalityChoices(r.Context()); err != nil {
			return err
		}
	}
	return s.render(w, r, status, "meeting.html", withData(v, d))
}

func withData(v view, d any) view { v.Data = d; return v }

// cancelSignupPage asks to confirm (GET) and cancels (POST) a sign-up by its
// personal link; a link preview never cancels.
func (s *Site) cancelSignupPage(w http.ResponseWriter, r *http.Request) error {
	return s.personalLinkPage(w, r, "cancelTitle", "cancel.html", "noticeCancelled", s.svc.CancelSignup, map[string]any{"Done": true},
		func(ctx context.Context, secret string) (any, error) {
			m, status, err := s.svc.SignupByLink(ctx, secret)
			return map[string]any{"M": m, "Status": status}, err
		})
}

// personalLinkPage asks to confirm (GET) and carries out (POST) what a
// personal link does (cancel a sign-up, leave the network): GET only shows
// (a link preview never acts), POST acts and shows done.
func (s *Site) personalLinkPage(w http.ResponseWriter, r *http.Request, title, tmpl, notice string,
	act func(context.Context, string) error, done any, show func(context.Context, string) (any, error)) error {
	secret := mux.Vars(r)["secret"]
	v := s.view(r, title)
	if r.Method == http.MethodPost {
		if err := anonymousPost(w, r); err != nil {
			return err
		}
		if err := act(r.Context(), secret); err != nil {
			return err
		}
		v.Notice = v.T[notice]
		return s.render(w, r, http.StatusOK, tmpl, withData(v, done))
	}
	d, err := show(r.Context(), secret)
	if err != nil {
		return err
	}
	v.CSRF = formToken(w, r)
	return s.render(w, r, http.StatusOK, tmpl, withData(v, d))
}

func (s *Site) meetingsCalendar(w http.ResponseWriter, r *http.Request) error {
	ms, err := s.svc.Meetings(r.Context())
	if err != nil {
		return err
	}
	return s.writeCalendar(w, r, "Bijeenkomsten Netwerk Inclusieve Gemeenten", "bijeenkomsten.ics", append(ms.Upcoming, ms.Past...))
}

func (s *Site) meetingCalendar(w http.ResponseWriter, r *http.Request) error {
	m, err := s.svc.Meeting(r.Context(), pathID(r))
	if err != nil {
		return err
	}
	return s.writeCalendar(w, r, m.Title, fmt.Sprintf("bijeenkomst-%d.ics", m.ID), []atlas.Meeting{m})
}

func (s *Site) writeCalendar(w http.ResponseWriter, r *http.Request, name, file string, ms []atlas.Meeting) error {
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+file+`"`)
	if r.Method != http.MethodHead {
		w.Write([]byte(calendar(name, s.baseURL(r), ms, s.svc.Now())))
	}
	return nil
}

// meetingsFeed is the Atom feed of meetings, newest change first.
func (s *Site) meetingsFeed(w http.ResponseWriter, r *http.Request) error {
	ms, err := s.svc.Meetings(r.Context())
	if err != nil {
		return err
	}
	base := s.baseURL(r)
	f := atom{Title: "Bijeenkomsten Netwerk Inclusieve Gemeenten", ID: base + "/bijeenkomsten", Link: atomLink{Href: base + "/bijeenkomsten"}, Updated: atomTime("")}
	for _, m := range append(ms.Upcoming, ms.Past...) {
		u := fmt.Sprintf("%s/bijeenkomsten/%d", base, m.ID)
		sum := longDate("nl", m.Date) + ". " + m.Description
		if m.Cancelled {
			sum = "Geannuleerd. " + sum
		}
		e := atomEntry{Title: m.Title, ID: u, Updated: atomTime(m.UpdatedAt), Link: atomLink{Href: u}, Summary: sum}
		f.Entries = append(f.Entries, e)
		f.Updated = max(f.Updated, e.Updated)
	}
	return writeAtom(w, f)
}

type manageMeetingsData struct {
	ID        int64
	Form      atlas.MeetingSpec
	Meetings  atlas.Meetings
	Provinces []atlas.Province
	Saved     bool
}

// manageMeetings lists the meetings for the coordinator and creates one.
func (s *Site) manageMeetings(w http.ResponseWriter, r *http.Request) error {
	return s.meetingForm(w, r, 0)
}

// editMeeting changes or cancels a meeting.
func (s *Site) editMeeting(w http.ResponseWriter, r *http.Request) error {
	return s.meetingForm(w, r, pathID(r))
}

func meetingSpec(r *http.Request) atlas.MeetingSpec {
	f := r.PostForm
	return atlas.MeetingSpec{Title: f.Get("title"), Scope: f.Get("scope"), Date: f.Get("date"), StartTime: f.Get("start_time"), EndTime: f.Get("end_time"),
		Online: f.Get("online") == "yes", Place: f.Get("place"), Lat: f.Get("lat"), Lon: f.Get("lon"), Region: f.Get("region"),
		Audience: f["audience"], Description: f.Get("description"), Capacity: f.Get("capacity")}
}

func (s *Site) meetingForm(w http.ResponseWriter, r *http.Request, id int64) error {
	var a atlas.Actor
	var err error
	d := manageMeetingsData{ID: id, Form: atlas.MeetingSpec{Scope: atlas.Regional, Capacity: "30"}}
	status := http.StatusOK
	var problems []atlas.Problem
	if r.Method == http.MethodPost {
		if a, err = s.sessionPost(w, r); err != nil {
			return err
		}
		if r.PostForm.Get("action") == "cancel" {
			if err := s.svc.CancelMeeting(r.Context(), a, id); err != nil {
				return err
			}
			http.Redirect(w, r, "/beheer/bijeenkomsten?klaar=1", http.StatusSeeOther)
			return nil
		}
		d.Form = meetingSpec(r)
		saved, err := s.svc.SaveMeeting(r.Context(), a, id, d.Form)
		if err == nil {
			http.Redirect(w, r, fmt.Sprintf("/beheer/bijeenkomsten/%d?klaar=1", saved), http.StatusSeeOther)
			return nil
		}
		if problems, err = formProblems(err); err != nil {
			return err
		}
		status = http.StatusBadRequest
	} else {
		if a, err = s.coordinator(r); err != nil {
			return err
		}
		if id != 0 {
			m, err := s.svc.Meeting(r.Context(), id)
			if err != nil {
				return err
			}
			d.Form = atlas.SpecOf(m)
		}
	}
	if d.Meetings, err = s.svc.Meetings(r.Context()); err != nil {
		return err
	}
	if d.Provinces, err = s.svc.Provinces(r.Context()); err != nil {
		return err
	}
	v := s.view(r, "manageMeetingsTitle")
	if id != 0 {
		v.Title = v.T["editMeeting"] + ": " + d.Form.Title
	}
	v.Actor, v.CSRF, v.Problems = &a, a.CSRF, problems
	if r.URL.Query().Get("klaar") != "" {
		v.Notice = v.T["noticeAccountSaved"]
	}
	return s.render(w, r, status, "meetings-manage.html", withData(v, d))
}

// attendeesCSV is the coordinator's attendee list with access needs: the one
// download that holds personal data (so no licence or attribution columns:
// it is not published). Same dialects as every CSV (?dialect=excel-nl).
func (s *Site) attendeesCSV(w http.ResponseWriter, r *http.Request) error {
	a, err := s.coordinator(r)
	if err != nil {
		return err
	}
	if _, err := web.CSVDialect(r.URL.Query()); err != nil {
		return err
	}
	m, list, err := s.svc.Attendees(r.Context(), a, pathID(r))
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	cw := csv.NewWriter(&buf)
	cw.Write([]string{"status", "name", "email", "municipality_code", "municipality", "access_needs", "signed_up_at"})
	for _, at := range list {
		row := []string{at.Status, at.Name, at.Email, at.Code, at.Municipality, at.AccessNeeds, at.SignedUpAt}
		for i := range row {
			row[i] = csvsafe.Cell(row[i])
		}
		cw.Write(row)
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return web.ServeCSV(w, r, buf.Bytes(), fmt.Sprintf("deelnemers-%d.csv", m.ID), "no-store")
}
