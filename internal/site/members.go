package site

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/inclusiekaart/inclusiekaart/internal/atlas"
	"github.com/inclusiekaart/inclusiekaart/internal/web"
)

func (s *Site) registerMembers(page func(string, web.HandlerFunc, ...string), get, both []string) {
	page("/meedoen", s.joinPage, both...)
	page("/meedoen/opzeggen/{secret}", s.leavePage, both...)
	page("/beheer/leden", s.membersPage, both...)
}

type joinData struct {
	Form           atlas.JoinForm
	Roles          []string
	Municipalities []atlas.MunicipalityRef
	Result         *atlas.JoinResult
	LeaveURL       string
}

// joinPage is the form to join the theme network. Without e-mail (SMTP) a
// new member waits for the coordinator, who confirms on /beheer/leden.
func (s *Site) joinPage(w http.ResponseWriter, r *http.Request) error {
	v := s.view(r, "joinTitle")
	v.Actor = s.optionalActor(r)
	d := joinData{Roles: atlas.MemberRoles}
	status := http.StatusOK
	if r.Method == http.MethodPost {
		var res atlas.JoinResult
		ok, err := s.publicSubmit(w, r, &v, func(f url.Values, robot bool) (err error) {
			d.Form = atlas.JoinForm{Name: f.Get("name"), Email: f.Get("email"), Role: f.Get("role"), Code: f.Get("code"), Consent: f.Get("consent") == "yes"}
			if !robot {
				res, err = s.svc.Join(r.Context(), d.Form)
			}
			return err
		})
		if err != nil {
			return err
		}
		if ok {
			d.Result, d.Form = &res, atlas.JoinForm{}
			if res.Secret != "" {
				d.LeaveURL = s.baseURL(r) + "/meedoen/opzeggen/" + res.Secret
			}
			return s.render(w, r, http.StatusOK, "join.html", withData(v, d))
		}
		status = http.StatusBadRequest
	}
	v.CSRF = formToken(w, r)
	var err error
	if d.Municipalities, err = s.svc.MunicipalityChoices(r.Context()); err != nil {
		return err
	}
	return s.render(w, r, status, "join.html", withData(v, d))
}

// leavePage asks to confirm (GET) and deletes (POST) a membership by its personal link.
func (s *Site) leavePage(w http.ResponseWriter, r *http.Request) error {
	return s.personalLinkPage(w, r, "leaveTitle", "leave.html", "noticeLeft", s.svc.Leave, true,
		func(ctx context.Context, secret string) (any, error) { return false, s.svc.CheckLeaveLink(ctx, secret) })
}

// membersPage lists the members for the coordinator, who confirms or removes them.
func (s *Site) membersPage(w http.ResponseWriter, r *http.Request) error {
	var a atlas.Actor
	var err error
	if r.Method == http.MethodPost {
		if a, err = s.sessionPost(w, r); err != nil {
			return err
		}
		id, _ := strconv.ParseInt(r.PostForm.Get("id"), 10, 64)
		if err := s.svc.ReviewMember(r.Context(), a, id, r.PostForm.Get("action") == "confirm"); err != nil {
			return err
		}
		http.Redirect(w, r, "/beheer/leden?klaar=1", http.StatusSeeOther)
		return nil
	}
	if a, err = s.coordinator(r); err != nil {
		return err
	}
	ms, err := s.svc.Members(r.Context(), a)
	if err != nil {
		return err
	}
	v := s.view(r, "membersTitle")
	v.Actor, v.CSRF = &a, a.CSRF
	if r.URL.Query().Get("klaar") != "" {
		v.Notice = v.T["noticeReviewed"]
	}
	return s.render(w, r, http.StatusOK, "members.html", withData(v, ms))
}
