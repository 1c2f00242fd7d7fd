package site

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/gorilla/mux"

	"github.com/inclusiekaart/inclusiekaart/internal/atlas"
	"github.com/inclusiekaart/inclusiekaart/internal/cbs"
	"github.com/inclusiekaart/inclusiekaart/internal/web"
)

// The inclusiestage: /inclusiestage (browse and match), /inclusiestage/{id}
// (a place and the response form), the candidate's delete link, and the
// publisher's pages under /inclusiestage/beheer (publish, change, withdraw,
// read the responses). Responses are never on a public page.

func (s *Site) registerInternships(page func(string, web.HandlerFunc, ...string), get, both []string) {
	addDomainLabels(s.svc.Framework())
	page("/inclusiestage", s.internshipsPage, get...)
	page("/inclusiestage/{id:[0-9]{1,18}}", s.internshipPage, both...)
	page("/inclusiestage/reactie-verwijderen/{secret}", s.deleteResponsePage, both...)
	page("/inclusiestage/beheer", s.manageInternships, both...)
	page("/inclusiestage/beheer/nieuw", s.editInternship, both...)
	page("/inclusiestage/beheer/{id:[0-9]{1,18}}", s.editInternship, both...)
	page("/inclusiestage/beheer/{id:[0-9]{1,18}}/reacties", s.responsesPage, get...)
}

// distanceChoices are the kilometres of the search form's distance select.
var distanceChoices = []string{"10", "25", "50", "100"}

type internshipsData struct {
	Query          atlas.InternshipQuery
	Results        atlas.InternshipResults
	Searched       bool
	Provinces      []atlas.Province
	Municipalities []atlas.MunicipalityRef
	Domains        []string
	Features       []string
	Distances      []string
}

func (s *Site) internshipsPage(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	d := internshipsData{Query: atlas.InternshipQuery{Province: q.Get("provincie"), Domain: q.Get("domein"), From: q.Get("vanaf"), Km: q.Get("km"), Needs: q["nodig"]},
		Domains: s.svc.DomainIDs(), Features: atlas.AccessFeatures, Distances: distanceChoices}
	// Codes typed into the address (gm0363, pv27) are read as the codes
	// they are; the service checks what they name.
	if c, err := cbs.ParseMunicipalityCode(d.Query.From); err == nil {
		d.Query.From = string(c)
	}
	if c, err := cbs.ParseProvinceCode(d.Query.Province); err == nil {
		d.Query.Province = string(c)
	}
	d.Searched = d.Query.Province != "" || d.Query.Domain != "" || d.Query.From != "" || len(d.Query.Needs) > 0
	ctx := r.Context()
	var err error
	if d.Results, err = s.svc.Internships(ctx, d.Query); err != nil {
		return err
	}
	if d.Provinces, err = s.svc.Provinces(ctx); err != nil {
		return err
	}
	if d.Municipalities, err = s.svc.MunicipalityChoices(ctx); err != nil {
		return err
	}
	v := s.view(r, "internshipsTitle")
	v.Actor = s.optionalActor(r)
	return s.render(w, r, http.StatusOK, "internships.html", withData(v, d))
}

type internshipData struct {
	P         atlas.Internship
	Form      atlas.ResponseForm
	Result    *atlas.ResponseResult
	DeleteURL string
}

// internshipPage shows an open place and takes a candidate's response.
func (s *Site) internshipPage(w http.ResponseWriter, r *http.Request) error {
	p, err := s.svc.Internship(r.Context(), pathID(r))
	if err != nil {
		return err
	}
	v := s.view(r, "internshipsTitle")
	v.Title, v.Actor = p.Department+" – "+p.Municipality, s.optionalActor(r)
	d := internshipData{P: p}
	status := http.StatusOK
	if r.Method == http.MethodPost {
		var res atlas.ResponseResult
		ok, err := s.publicSubmit(w, r, &v, func(f url.Values, robot bool) (err error) {
			d.Form = atlas.ResponseForm{Name: f.Get("name"), Email: f.Get("email"), Message: f.Get("message"), AccessNeeds: f.Get("access_needs"), Consent: f.Get("consent") == "yes"}
			if !robot {
				res, err = s.svc.Respond(r.Context(), p.ID, d.Form)
			}
			return err
		})
		if err != nil {
			return err
		}
		if ok {
			d.Result, d.Form = &res, atlas.ResponseForm{}
			if res.Secret != "" {
				d.DeleteURL = s.baseURL(r) + "/inclusiestage/reactie-verwijderen/" + res.Secret
			}
			return s.render(w, r, http.StatusOK, "internship.html", withData(v, d))
		}
		status = http.StatusBadRequest
	}
	v.CSRF = formToken(w, r)
	return s.render(w, r, status, "internship.html", withData(v, d))
}

// deleteResponsePage asks to confirm (GET) and deletes (POST) a response by
// its personal link; a link preview never deletes.
func (s *Site) deleteResponsePage(w http.ResponseWriter, r *http.Request) error {
	secret := mux.Vars(r)["secret"]
	v := s.view(r, "deleteResponseTitle")
	if r.Method == http.MethodPost {
		if err := anonymousPost(w, r); err != nil {
			return err
		}
		if err := s.svc.DeleteResponse(r.Context(), secret); err != nil {
			return err
		}
		v.Notice = v.T["noticeResponseDeleted"]
		return s.render(w, r, http.StatusOK, "response-delete.html", withData(v, true))
	}
	if err := s.svc.CheckResponseLink(r.Context(), secret); err != nil {
		return err
	}
	v.CSRF = formToken(w, r)
	return s.render(w, r, http.StatusOK, "response-delete.html", withData(v, false))
}

// manageInternships lists the places the account manages; POST withdraws one.
func (s *Site) manageInternships(w http.ResponseWriter, r *http.Request) error {
	var a atlas.Actor
	var err error
	if r.Method == http.MethodPost {
		if a, err = s.sessionPost(w, r); err != nil {
			return err
		}
		id, _ := strconv.ParseInt(r.PostForm.Get("id"), 10, 64)
		if err := s.svc.WithdrawInternship(r.Context(), a, id); err != nil {
			return err
		}
		http.Redirect(w, r, "/inclusiestage/beheer?ingetrokken=1", http.StatusSeeOther)
		return nil
	}
	if a, _, err = s.actor(r); err != nil {
		return err
	}
	ps, err := s.svc.ManagedInternships(r.Context(), a)
	if err != nil {
		return err
	}
	v := s.view(r, "manageInternshipsTitle")
	v.Actor, v.CSRF = &a, a.CSRF
	switch {
	case r.URL.Query().Get("klaar") != "":
		v.Notice = v.T["noticeInternshipSaved"]
	case r.URL.Query().Get("ingetrokken") != "":
		v.Notice = v.T["noticeInternshipWithdrawn"]
	}
	return s.render(w, r, http.StatusOK, "internships-manage.html", withData(v, ps))
}

type internshipEditData struct {
	ID             int64
	Form           atlas.InternshipSpec
	Municipalities []atlas.MunicipalityRef
	Domains        []string
	Features       []string
}

// editInternship is the publisher's form: a new place (/nieuw) or a change.
func (s *Site) editInternship(w http.ResponseWriter, r *http.Request) error {
	id := pathID(r)
	var a atlas.Actor
	var err error
	status := http.StatusOK
	var problems []atlas.Problem
	d := internshipEditData{ID: id, Domains: s.svc.DomainIDs(), Features: atlas.AccessFeatures}
	if r.Method == http.MethodPost {
		if a, err = s.sessionPost(w, r); err != nil {
			return err
		}
		f := r.PostForm
		d.Form = atlas.InternshipSpec{Code: f.Get("code"), Department: f.Get("department"), Domain: f.Get("domain"), Hours: f.Get("hours"), Access: f["access"],
			AccessNote: f.Get("access_note"), Description: f.Get("description"), Contact: f.Get("contact_route"), ClosesOn: f.Get("closes_on")}
		newID, err := s.svc.SaveInternship(r.Context(), a, id, d.Form)
		if err == nil {
			http.Redirect(w, r, "/inclusiestage/beheer?klaar="+strconv.FormatInt(newID, 10), http.StatusSeeOther)
			return nil
		}
		if problems, err = formProblems(err); err != nil {
			return err
		}
		status = http.StatusBadRequest
	} else {
		if a, _, err = s.actor(r); err != nil {
			return err
		}
		if id != 0 {
			p, err := s.svc.ManagedInternship(r.Context(), a, id)
			if err != nil {
				return err
			}
			d.Form = atlas.SpecOfInternship(p)
		} else if len(a.Codes) == 1 {
			d.Form.Code = a.Codes[0]
		}
	}
	all, err := s.svc.MunicipalityChoices(r.Context())
	if err != nil {
		return err
	}
	for _, m := range all {
		if a.IsCoordinator() || has(a.Codes, m.Code) {
			d.Municipalities = append(d.Municipalities, m)
		}
	}
	v := s.view(r, "publishInternship")
	if id != 0 {
		v = s.view(r, "editInternship")
	}
	v.Actor, v.CSRF, v.Problems = &a, a.CSRF, problems
	return s.render(w, r, status, "internship-edit.html", withData(v, d))
}

func has(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// responsesPage shows the responses to a place: its publisher's side only.
func (s *Site) responsesPage(w http.ResponseWriter, r *http.Request) error {
	a, _, err := s.actor(r)
	if err != nil {
		return err
	}
	p, rs, err := s.svc.InternshipResponses(r.Context(), a, pathID(r))
	if err != nil {
		return err
	}
	v := s.view(r, "responsesTitle")
	v.Actor, v.CSRF = &a, a.CSRF
	return s.render(w, r, http.StatusOK, "internship-responses.html", withData(v, map[string]any{"P": p, "Responses": rs}))
}
