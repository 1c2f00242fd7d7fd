// Package site is the adapter of the pages people use to supply and review
// data: signing in, the invitation to set a passphrase, the questionnaire
// (/bijdragen/{code}), the coordinator's pages (/beheer) and the public
// correction form (/klopt-dit-niet/{code}). Pages are rendered on the server
// (they work without JavaScript), in Dutch with an English switch. Every rule
// (roles, scope, validation) is the service's; this package parses forms,
// keeps sessions in cookies, checks CSRF (Origin and a form token), limits
// the rate of logins and public forms, and renders.
package site

import (
	"crypto/subtle"
	"embed"
	"errors"
	"html/template"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gorilla/mux"

	"github.com/inclusiekaart/inclusiekaart/internal/atlas"
	"github.com/inclusiekaart/inclusiekaart/internal/web"
)

//go:embed templates/*.html
var templateFS embed.FS

// Cookie names.
const (
	sessionCookie = "ik_session"
	formCookie    = "ik_form" // double-submit token of the forms used before signing in
	langCookie    = "ik_lang"
)

// Limits of the public and sign-in forms.
const (
	loginFailuresPerMinute = 10 // per client IP; the 11th failure within a minute is a 429
	savesPerMinute         = 60 // questionnaire saves (drafts and submits) per account
	submitsPerMinute       = 30 // questionnaire submits per client IP
	reportsPer10Minutes    = 5  // corrections per client IP
	maxFormBody            = 512 << 10
)

// Site serves the pages.
type Site struct {
	svc   *atlas.Service
	log   *slog.Logger
	tmpl  *template.Template
	login *web.Limiter
	saves *web.Limiter
	sends *web.Limiter
	posts *web.Limiter
	// network limits the network's public forms (sign-ups, joining) per IP.
	network *web.Limiter
	// PublicURL, when set, is the base of the invitation links; else the
	// request's own scheme and host are used.
	PublicURL string
	// Releases is the directory of the dataset releases (serve --releases);
	// the newest one's version goes into citations.
	Releases string
	// Contact is the address (serve --corrections-mailto) for reports about
	// the site, such as accessibility problems; empty: none is shown.
	Contact string
}

// New returns the site over svc.
func New(svc *atlas.Service, log *slog.Logger) (*Site, error) {
	t, err := template.New("").Funcs(funcs).ParseFS(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	return &Site{svc: svc, log: log, tmpl: t,
		login:   web.NewLimiter(loginFailuresPerMinute, time.Minute),
		saves:   web.NewLimiter(savesPerMinute, time.Minute),
		sends:   web.NewLimiter(submitsPerMinute, time.Minute),
		posts:   web.NewLimiter(reportsPer10Minutes, 10*time.Minute),
		network: web.NewLimiter(networkPostsPer10Minutes, 10*time.Minute)}, nil
}

// Register adds the pages to r.
func (s *Site) Register(r *mux.Router) {
	page := func(p string, h web.HandlerFunc, methods ...string) {
		r.HandleFunc(p, s.handle(h)).Methods(methods...)
	}
	get, both := []string{http.MethodGet, http.MethodHead}, []string{http.MethodGet, http.MethodHead, http.MethodPost}
	page("/inloggen", s.loginPage, both...)
	page("/uitloggen", s.logout, http.MethodPost)
	page("/uitnodiging/{secret}", s.invitePage, both...)
	page("/bijdragen", s.contributeHome, get...)
	page("/bijdragen/{code}", s.questionnaire, both...)
	page("/beheer", s.queuePage, get...)
	page("/beheer/inzendingen/{id:[0-9]{1,18}}", s.reviewPage, both...)
	page("/beheer/meldingen/{id:[0-9]{1,18}}", s.closeCorrection, http.MethodPost)
	page("/beheer/accounts", s.accountsPage, both...)
	page("/beheer/accounts/{id:[0-9]{1,18}}", s.editAccount, http.MethodPost)
	page("/beheer/feed", s.makeFeed, http.MethodPost)
	page("/beheer/feed.atom", s.feed, get...)
	page("/klopt-dit-niet/{code}", s.correctionPage, both...)
	page("/gemeente/{code}", s.municipalityPage, get...)
	page("/colofon", s.colophonPage, get...)
	s.registerNetwork(r)
	s.registerAbout(r)
}

// handle runs a page handler: no caching of personal pages, and errors the
// page did not render itself answered as a page (or as JSON for the feed).
func (s *Site) handle(h web.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		if err := h(w, r); err != nil {
			s.errorPage(w, r, err)
		}
	}
}

// view is what every template gets.
type view struct {
	Lang  string
	T     map[string]string
	Title string
	Path  string // this page, for the language switch
	// SwitchURL is this page in the other language, keeping its query.
	SwitchURL string
	Actor     *atlas.Actor
	CSRF      string
	Problems  []atlas.Problem
	// Shown are the problems with their labels and messages in Lang (render fills it).
	Shown  []shownProblem
	Notice string
	Data   any
	// PrintURL and PrintDate are printed under every page: where it came
	// from and when.
	PrintURL, PrintDate string
}

// ProblemFor returns the message of field's problem, or "".
func (v view) ProblemFor(field string) string {
	for _, p := range v.Shown {
		if p.Field == field {
			return p.Message
		}
	}
	return ""
}

func (s *Site) view(r *http.Request, title string) view {
	lang := language(r)
	v := view{Lang: lang, T: messages[lang], Path: r.URL.Path}
	q := r.URL.Query()
	q.Set("lang", v.T["switchLangCode"])
	v.SwitchURL = r.URL.Path + "?" + q.Encode()
	v.PrintURL, v.PrintDate = s.baseURL(r)+r.URL.RequestURI(), web.WrittenDate(s.svc.Now(), lang)
	v.Title = v.T[title]
	if v.Title == "" {
		v.Title = title
	}
	return v
}

// language is the page's language: ?lang= (remembered in a cookie), else the
// cookie, else Dutch.
func language(r *http.Request) string {
	if l := r.URL.Query().Get("lang"); l == "en" || l == "nl" {
		return l
	}
	if c, err := r.Cookie(langCookie); err == nil && c.Value == "en" {
		return "en"
	}
	return "nl"
}

func (s *Site) render(w http.ResponseWriter, r *http.Request, status int, name string, v view) error {
	if l := r.URL.Query().Get("lang"); l == "en" || l == "nl" {
		http.SetCookie(w, &http.Cookie{Name: langCookie, Value: l, Path: "/", MaxAge: 365 * 24 * 3600, SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil, HttpOnly: true})
	}
	v.Shown = s.explain(v.Problems, v.Lang)
	var b strings.Builder
	if err := s.tmpl.ExecuteTemplate(&b, name, v); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write([]byte(b.String()))
	}
	return nil
}

// ErrorPage answers err as a page of the site (in the visitor's language,
// with the status of err's kind), for the paths no page of the site serves:
// a browser that follows a wrong link gets a page, not JSON.
func (s *Site) ErrorPage(w http.ResponseWriter, r *http.Request, err error) {
	w.Header().Set("Cache-Control", "no-store")
	s.errorPage(w, r, err)
}

// errorPage answers err as a page with the status of its kind; a request
// that needs signing in goes to the sign-in page.
func (s *Site) errorPage(w http.ResponseWriter, r *http.Request, err error) {
	e, ok := atlas.As(err)
	if !ok {
		s.log.Error("page failed", "method", r.Method, "route", web.Route(r), "err", err)
		e = &atlas.Error{Kind: "internal", Message: ""}
	}
	if e.Kind == atlas.Unauthorized && r.Method != http.MethodPost && !strings.HasSuffix(r.URL.Path, ".atom") {
		http.Redirect(w, r, "/inloggen?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	if e.Kind == atlas.Moved {
		http.Redirect(w, r, web.MovedPath(r, e.From, e.Successor), http.StatusMovedPermanently)
		return
	}
	if e.Kind == atlas.TooManyRequests {
		w.Header().Set("Retry-After", itoa(max(e.RetryAfter, 1)))
	}
	status := web.Status(err)
	v := s.view(r, "errorTitle")
	v.Data = e
	if rerr := s.render(w, r, status, "error.html", v); rerr != nil {
		s.log.Error("error page failed", "err", rerr)
	}
}

// actor returns the signed-in account of the request, or Unauthorized.
func (s *Site) actor(r *http.Request) (atlas.Actor, string, error) {
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return atlas.Actor{}, "", &atlas.Error{Kind: atlas.Unauthorized, Message: "not signed in"}
	}
	a, err := s.svc.SessionActor(r.Context(), c.Value)
	return a, c.Value, err
}

// checkOrigin refuses a form posted from another site: an Origin (or, without
// one, a Referer) that is not this host.
func checkOrigin(r *http.Request) error {
	src := r.Header.Get("Origin")
	if src == "" {
		src = r.Header.Get("Referer")
	}
	if src == "" {
		return nil // the form token still has to match
	}
	u, err := url.Parse(src)
	if err != nil || u.Host != r.Host {
		return &atlas.Error{Kind: atlas.Forbidden, Message: "this form was sent from another site"}
	}
	return nil
}

// checkToken compares a form's token with the expected one in constant time.
func checkToken(got, want string) error {
	if want == "" || subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
		return &atlas.Error{Kind: atlas.Forbidden, Message: "the form has expired or was not sent from this site; reload the page and try again"}
	}
	return nil
}

// parseForm reads a posted form of at most maxFormBody bytes. The forms of
// these pages are sent as application/x-www-form-urlencoded; any other body
// is a 415 (rather than a form that seems empty and so fails its token
// check), a form larger than the limit a 413, and one that does not decode
// (broken percent-encoding, ';' between fields) a 400 saying so.
func parseForm(w http.ResponseWriter, r *http.Request) error {
	if r.PostForm != nil {
		return nil // already read (a handler that looked before deciding)
	}
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != formType {
		return &atlas.Error{Kind: atlas.UnsupportedMediaType, Message: "send the form as " + formType}
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBody)
	if err := r.ParseForm(); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return &atlas.Error{Kind: atlas.TooLarge, Message: "the form is too large"}
		}
		return &atlas.Error{Kind: atlas.BadRequest, Message: "the form could not be read: its fields are not validly encoded (percent-encoding, '&' between fields)"}
	}
	return nil
}

// formType is the media type of the posted forms.
const formType = "application/x-www-form-urlencoded"

// sessionPost is the actor of a posted form of a signed-in account, after
// the CSRF checks.
func (s *Site) sessionPost(w http.ResponseWriter, r *http.Request) (atlas.Actor, error) {
	if err := checkOrigin(r); err != nil {
		return atlas.Actor{}, err
	}
	a, _, err := s.actor(r)
	if err != nil {
		return atlas.Actor{}, err
	}
	if err := parseForm(w, r); err != nil {
		return atlas.Actor{}, err
	}
	return a, checkToken(r.PostForm.Get("csrf"), a.CSRF)
}

// formToken returns the double-submit token of the anonymous forms, setting
// its cookie when missing.
func formToken(w http.ResponseWriter, r *http.Request) string {
	if c, err := r.Cookie(formCookie); err == nil && len(c.Value) >= 32 {
		return c.Value
	}
	tok := newToken()
	http.SetCookie(w, &http.Cookie{Name: formCookie, Value: tok, Path: "/", HttpOnly: true, Secure: r.TLS != nil, SameSite: http.SameSiteStrictMode})
	return tok
}

// anonymousPost checks a posted anonymous form: Origin and the double-submit token.
func anonymousPost(w http.ResponseWriter, r *http.Request) error {
	if err := checkOrigin(r); err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	c, err := r.Cookie(formCookie)
	if err != nil {
		return checkToken("", "")
	}
	return checkToken(r.PostForm.Get("csrf"), c.Value)
}

func setSession(w http.ResponseWriter, r *http.Request, secret string) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: secret, Path: "/", HttpOnly: true, Secure: r.TLS != nil,
		SameSite: http.SameSiteStrictMode, MaxAge: int(atlas.SessionIdle.Seconds()) * 16})
}

func clearSession(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", HttpOnly: true, Secure: r.TLS != nil, SameSite: http.SameSiteStrictMode, MaxAge: -1})
}

// baseURL is the absolute base of links given out (invitations, feeds).
func (s *Site) baseURL(r *http.Request) string {
	if s.PublicURL != "" {
		return strings.TrimSuffix(s.PublicURL, "/")
	}
	return web.BaseURL(r)
}

// safeNext keeps a post-login destination on this site.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n") {
		return "/bijdragen"
	}
	return next
}
