package site

import (
	"encoding/xml"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gorilla/mux"

	"github.com/inclusiekaart/inclusiekaart/internal/atlas"
	"github.com/inclusiekaart/inclusiekaart/internal/cbs"
	"github.com/inclusiekaart/inclusiekaart/internal/web"
)

// coordinator returns the signed-in coordinator, or Forbidden for anyone else.
func (s *Site) coordinator(r *http.Request) (atlas.Actor, error) {
	a, _, err := s.actor(r)
	if err != nil {
		return a, err
	}
	if !a.IsCoordinator() {
		return a, &atlas.Error{Kind: atlas.Forbidden, Message: "only a coordinator may open this page"}
	}
	return a, nil
}

// queuePage is the coordinator's start: how many items wait, the
// submissions to review and the corrections from the public.
func (s *Site) queuePage(w http.ResponseWriter, r *http.Request) error {
	a, err := s.coordinator(r)
	if err != nil {
		return err
	}
	return s.showQueue(w, r, a, func(t map[string]string) string {
		switch {
		case r.URL.Query().Get("welkom") != "":
			return t["noticeWelcome"]
		case r.URL.Query().Get("klaar") != "":
			return t["noticeReviewed"]
		}
		return ""
	})
}

// showQueue renders the queue page for a with the notice its texts give.
func (s *Site) showQueue(w http.ResponseWriter, r *http.Request, a atlas.Actor, notice func(map[string]string) string) error {
	q, err := s.svc.Queue(r.Context(), a)
	if err != nil {
		return err
	}
	v := s.view(r, "queueTitle")
	v.Actor, v.CSRF, v.Data = &a, a.CSRF, q
	v.Notice = notice(v.T)
	return s.render(w, r, http.StatusOK, "queue.html", v)
}

// pathID is the {id} of the path; the routes take 1 to 18 digits, so it
// always fits an int64.
func pathID(r *http.Request) int64 {
	id, _ := strconv.ParseInt(mux.Vars(r)["id"], 10, 64)
	return id
}

// reviewPage shows a submission against the published values and takes the
// coordinator's decision: approve (with a basis), send back or reject (with
// a reason).
func (s *Site) reviewPage(w http.ResponseWriter, r *http.Request) error {
	var a atlas.Actor
	var err error
	id := pathID(r)
	var problems []atlas.Problem
	if r.Method == http.MethodPost {
		if a, err = s.sessionPost(w, r); err != nil {
			return err
		}
		if !a.IsCoordinator() {
			return &atlas.Error{Kind: atlas.Forbidden, Message: "only a coordinator may review"}
		}
		reason := r.PostForm.Get("reason")
		switch r.PostForm.Get("action") {
		case "approve":
			_, err = s.svc.Approve(r.Context(), a, id, r.PostForm.Get("basis"))
		case "send_back":
			_, err = s.svc.SendBack(r.Context(), a, id, reason)
		case "reject":
			_, err = s.svc.Reject(r.Context(), a, id, reason)
		default:
			err = &atlas.Error{Kind: atlas.InvalidField, Field: "action", Message: "action: approve, send_back or reject", Problems: []atlas.Problem{{Field: "action", Message: "choose what to do"}}}
		}
		if err == nil {
			http.Redirect(w, r, "/beheer?klaar=1", http.StatusSeeOther)
			return nil
		}
		e, ok := atlas.As(err)
		if !ok || e.Kind != atlas.InvalidField {
			return err
		}
		problems = e.Problems
		if len(problems) == 0 {
			problems = []atlas.Problem{{Field: e.Field, Message: e.Message}}
		}
	} else if a, err = s.coordinator(r); err != nil {
		return err
	}
	rev, err := s.svc.Review(r.Context(), a, id)
	if err != nil {
		return err
	}
	v := s.view(r, "reviewTitle")
	v.Title = v.T["reviewTitle"] + " " + rev.Name
	v.Actor, v.CSRF, v.Problems = &a, a.CSRF, problems
	v.Data = rev
	status := http.StatusOK
	if problems != nil {
		status = http.StatusBadRequest
	}
	return s.render(w, r, status, "review.html", v)
}

func (s *Site) closeCorrection(w http.ResponseWriter, r *http.Request) error {
	a, err := s.sessionPost(w, r)
	if err != nil {
		return err
	}
	if err := s.svc.CloseCorrection(r.Context(), a, pathID(r)); err != nil {
		return err
	}
	http.Redirect(w, r, "/beheer?klaar=1", http.StatusSeeOther)
	return nil
}

// accountsData is what the accounts page shows; Invite is a new link, shown once.
type accountsData struct {
	Accounts []atlas.AccountInfo
	Invite   string
	For      string
	Form     atlas.AccountSpec
}

func splitCodes(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == '\r' || r == '\t' })
}

// accountsPage lists accounts and creates one (with its invitation link).
func (s *Site) accountsPage(w http.ResponseWriter, r *http.Request) error {
	var a atlas.Actor
	var err error
	d := accountsData{Form: atlas.AccountSpec{Role: atlas.Contributor}}
	var problems []atlas.Problem
	status := http.StatusOK
	if r.Method == http.MethodPost {
		if a, err = s.sessionPost(w, r); err != nil {
			return err
		}
		f := r.PostForm
		d.Form = atlas.AccountSpec{Name: f.Get("name"), Role: f.Get("role"), Organisation: f.Get("organisation"), Position: f.Get("position"),
			Codes: splitCodes(f.Get("codes")), ExpiresOn: f.Get("expires_on")}
		acc, secret, err := s.svc.CreateAccount(r.Context(), a, d.Form)
		switch e, ok := atlas.As(err); {
		case err == nil:
			d.Invite, d.For = s.baseURL(r)+"/uitnodiging/"+secret, acc.Name
			d.Form = atlas.AccountSpec{Role: atlas.Contributor}
		case ok && (e.Kind == atlas.InvalidField || e.Kind == atlas.Conflict):
			problems, status = e.Problems, http.StatusBadRequest
			if len(problems) == 0 {
				problems = []atlas.Problem{{Field: "name", Message: e.Message}}
			}
		default:
			return err
		}
	} else if a, err = s.coordinator(r); err != nil {
		return err
	}
	if d.Accounts, err = s.svc.Accounts(r.Context(), a); err != nil {
		return err
	}
	v := s.view(r, "accountsTitle")
	v.Actor, v.CSRF, v.Problems = &a, a.CSRF, problems
	if q := r.URL.Query().Get("klaar"); q != "" {
		v.Notice = v.T["noticeAccountSaved"]
	}
	v.Data = d
	return s.render(w, r, status, "accounts.html", v)
}

// editAccount renames, rescopes, changes the expiry of or revokes an
// account, or makes a new invitation link for it.
func (s *Site) editAccount(w http.ResponseWriter, r *http.Request) error {
	a, err := s.sessionPost(w, r)
	if err != nil {
		return err
	}
	id := pathID(r)
	f := r.PostForm
	if f.Get("action") == "invite" {
		secret, err := s.svc.Reinvite(r.Context(), a, id)
		if err != nil {
			return err
		}
		accs, err := s.svc.Accounts(r.Context(), a)
		if err != nil {
			return err
		}
		d := accountsData{Accounts: accs, Invite: s.baseURL(r) + "/uitnodiging/" + secret, Form: atlas.AccountSpec{Role: atlas.Contributor}}
		for _, acc := range accs {
			if acc.ID == id {
				d.For = acc.Name
			}
		}
		v := s.view(r, "accountsTitle")
		v.Actor, v.CSRF, v.Data = &a, a.CSRF, d
		return s.render(w, r, http.StatusOK, "accounts.html", v)
	}
	var e atlas.AccountEdit
	if f.Get("action") == "revoke" {
		e.Revoke = true
	} else {
		name, org, pos, exp := f.Get("name"), f.Get("organisation"), f.Get("position"), f.Get("expires_on")
		codes := splitCodes(f.Get("codes"))
		e = atlas.AccountEdit{Name: &name, Organisation: &org, Position: &pos, ExpiresOn: &exp, Codes: &codes}
	}
	if err := s.svc.UpdateAccount(r.Context(), a, id, e); err != nil {
		return err
	}
	http.Redirect(w, r, "/beheer/accounts?klaar=1", http.StatusSeeOther)
	return nil
}

// makeFeed gives the coordinator a (new) feed address.
func (s *Site) makeFeed(w http.ResponseWriter, r *http.Request) error {
	a, err := s.sessionPost(w, r)
	if err != nil {
		return err
	}
	tok, err := s.svc.FeedToken(r.Context(), a)
	if err != nil {
		return err
	}
	return s.showQueue(w, r, a, func(t map[string]string) string {
		return t["noticeFeed"] + " " + s.baseURL(r) + "/beheer/feed.atom?token=" + tok
	})
}

// atom is an Atom 1.0 feed (RFC 4287) of the queue.
type atom struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Title   string      `xml:"title"`
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Link    atomLink    `xml:"link"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr,omitempty"`
}

type atomEntry struct {
	Title   string   `xml:"title"`
	ID      string   `xml:"id"`
	Updated string   `xml:"updated"`
	Link    atomLink `xml:"link"`
	Summary string   `xml:"summary"`
}

// writeAtom answers with the feed f.
func writeAtom(w http.ResponseWriter, f any) error {
	b, err := xml.MarshalIndent(f, "", "  ")
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	w.Write([]byte(xml.Header))
	w.Write(b)
	return nil
}

func atomTime(s string) string {
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.UTC().Format(time.RFC3339)
	}
	return time.Unix(0, 0).UTC().Format(time.RFC3339)
}

// feed is the coordinator's Atom feed of waiting items, authenticated by the
// feed token (no personal data of the public in it).
func (s *Site) feed(w http.ResponseWriter, r *http.Request) error {
	q, err := s.svc.FeedQueue(r.Context(), r.URL.Query().Get("token"))
	if err != nil {
		return err
	}
	base := s.baseURL(r)
	f := atom{Title: "Inclusiekaart: wachtrij", ID: base + "/beheer", Link: atomLink{Href: base + "/beheer"}, Updated: atomTime("")}
	for _, sub := range q.Submissions {
		e := atomEntry{Title: "Inzending voor " + sub.Name, ID: "urn:inclusiekaart:submission:" + strconv.FormatInt(sub.ID, 10),
			Updated: atomTime(sub.SubmittedAt), Link: atomLink{Href: base + "/beheer/inzendingen/" + strconv.FormatInt(sub.ID, 10)},
			Summary: "Ingediend door " + strings.TrimSuffix(sub.Organisation+", "+sub.Position, ", ")}
		f.Entries = append(f.Entries, e)
		f.Updated = max(f.Updated, e.Updated)
	}
	for _, c := range q.Corrections {
		e := atomEntry{Title: "Melding: klopt dit niet? (" + c.Code + ")", ID: "urn:inclusiekaart:correction:" + strconv.FormatInt(c.ID, 10),
			Updated: atomTime(c.CreatedAt), Link: atomLink{Href: base + "/beheer"}, Summary: "Een melding van het publiek wacht."}
		f.Entries = append(f.Entries, e)
		f.Updated = max(f.Updated, e.Updated)
	}
	return writeAtom(w, f)
}

// correctionData is what the correction form shows.
type correctionData struct {
	Code, Name string
	Report     atlas.CorrectionReport
	Done       bool
}

// correctionPage is the public "klopt dit niet?" form of a municipality: no
// account, a honeypot field, a rate limit per client, and a stated purpose
// for the optional contact.
func (s *Site) correctionPage(w http.ResponseWriter, r *http.Request) error {
	raw := mux.Vars(r)["code"]
	code, err := cbs.ParseMunicipalityCode(raw)
	if err != nil {
		return &atlas.Error{Kind: atlas.NotFound, Message: err.Error()}
	}
	if string(code) != raw && r.Method != http.MethodPost {
		// One URL per form, as /gemeente/{code}; a posted form keeps its body.
		http.Redirect(w, r, "/klopt-dit-niet/"+string(code), http.StatusMovedPermanently)
		return nil
	}
	q, err := s.svc.PublicMunicipality(r.Context(), string(code))
	if err != nil {
		return err
	}
	v := s.view(r, "correctionTitle")
	v.Title = v.T["correctionTitle"] + " " + q.Name
	rep := atlas.CorrectionReport{Code: q.Code}
	status := http.StatusOK
	if r.Method == http.MethodPost {
		if err := anonymousPost(w, r); err != nil {
			return err
		}
		if err := s.posts.Take(web.ClientIP(r)); err != nil {
			return err
		}
		f := r.PostForm
		rep = atlas.CorrectionReport{Code: q.Code, What: f.Get("what"), SourceURL: f.Get("source_url"), Contact: f.Get("contact")}
		done := func(status int) error {
			v.Notice = v.T["noticeReported"]
			v.Data = correctionData{q.Code, q.Name, atlas.CorrectionReport{}, true}
			return s.render(w, r, status, "correction.html", v)
		}
		if f.Get("website") != "" { // the honeypot: only robots fill it; answer as if stored
			return done(http.StatusOK)
		}
		_, err := s.svc.ReportCorrection(r.Context(), rep)
		if err == nil {
			return done(http.StatusCreated)
		}
		e, ok := atlas.As(err)
		if !ok || e.Kind != atlas.InvalidField {
			return err
		}
		v.Problems, status = e.Problems, http.StatusBadRequest
	}
	v.CSRF = formToken(w, r)
	v.Data = correctionData{q.Code, q.Name, rep, false}
	return s.render(w, r, status, "correction.html", v)
}
