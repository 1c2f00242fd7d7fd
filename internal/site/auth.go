package site

import (
	"crypto/rand"
	"encoding/base64"
	"net/http"
	"strconv"

	"github.com/gorilla/mux"

	"github.com/inclusiekaart/inclusiekaart/internal/atlas"
	"github.com/inclusiekaart/inclusiekaart/internal/web"
)

func itoa(n int) string { return strconv.Itoa(n) }

func newToken() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// loginData is what the sign-in page shows.
type loginData struct {
	Name   string
	Next   string
	Resume string // answers of a questionnaire posted after the session ended
}

// loginPage shows the sign-in form and signs in: a session cookie
// (HttpOnly, SameSite=Strict, Secure over TLS), then on to next.
func (s *Site) loginPage(w http.ResponseWriter, r *http.Request) error {
	v := s.view(r, "loginTitle")
	d := loginData{Next: safeNext(r.URL.Query().Get("next"))}
	if r.Method != http.MethodPost {
		v.CSRF = formToken(w, r)
		v.Data = d
		return s.render(w, r, http.StatusOK, "login.html", v)
	}
	if err := anonymousPost(w, r); err != nil {
		return err
	}
	ip := web.ClientIP(r)
	if err := s.login.Blocked(ip); err != nil {
		return err
	}
	d = loginData{Name: r.PostForm.Get("name"), Next: safeNext(r.PostForm.Get("next")), Resume: r.PostForm.Get("resume")}
	sess, err := s.svc.Login(r.Context(), d.Name, r.PostForm.Get("passphrase"))
	if err != nil {
		e, ok := atlas.As(err)
		if !ok || e.Kind == atlas.TooManyRequests {
			return err
		}
		s.login.Add(ip)
		v.CSRF = formToken(w, r)
		v.Problems = []atlas.Problem{{Field: "passphrase", Message: v.T["loginRefused"]}}
		v.Data = d
		return s.render(w, r, http.StatusUnauthorized, "login.html", v)
	}
	setSession(w, r, sess.Secret)
	if d.Resume != "" {
		if code, ok := questionnaireCode(d.Next); ok {
			// The answers posted when the session had ended: show them again, unsaved.
			a, err := s.svc.SessionActor(r.Context(), sess.Secret)
			if err != nil {
				return err
			}
			return s.showQuestionnaire(w, r, a, code, resumeAnswers(d.Resume), nil, "noticeResumed", http.StatusOK)
		}
	}
	http.Redirect(w, r, d.Next, http.StatusSeeOther)
	return nil
}

func (s *Site) logout(w http.ResponseWriter, r *http.Request) error {
	_, secret, err := s.actor(r)
	if err == nil {
		if err := checkOrigin(r); err != nil {
			return err
		}
		s.svc.Logout(r.Context(), secret)
	}
	clearSession(w, r)
	http.Redirect(w, r, "/inloggen", http.StatusSeeOther)
	return nil
}

// invitePage lets an invited person set a passphrase (the link is single-use).
func (s *Site) invitePage(w http.ResponseWriter, r *http.Request) error {
	secret := mux.Vars(r)["secret"]
	acc, err := s.svc.Invitation(r.Context(), secret)
	if err != nil {
		return err
	}
	v := s.view(r, "inviteTitle")
	v.Data = acc
	if r.Method != http.MethodPost {
		v.CSRF = formToken(w, r)
		return s.render(w, r, http.StatusOK, "invite.html", v)
	}
	if err := anonymousPost(w, r); err != nil {
		return err
	}
	ip := web.ClientIP(r)
	if err := s.login.Blocked(ip); err != nil {
		return err
	}
	if _, err := s.svc.AcceptInvite(r.Context(), secret, r.PostForm.Get("passphrase"), r.PostForm.Get("confirm")); err != nil {
		e, ok := atlas.As(err)
		if !ok || e.Kind != atlas.InvalidField {
			return err
		}
		s.login.Add(ip)
		v.CSRF = formToken(w, r)
		v.Problems = e.Problems
		return s.render(w, r, http.StatusBadRequest, "invite.html", v)
	}
	sess, err := s.svc.Login(r.Context(), acc.Name, r.PostForm.Get("passphrase"))
	if err != nil {
		return err
	}
	setSession(w, r, sess.Secret)
	next := "/bijdragen"
	if acc.Role == atlas.Coordinator {
		next = "/beheer"
	}
	http.Redirect(w, r, next+"?welkom=1", http.StatusSeeOther)
	return nil
}
