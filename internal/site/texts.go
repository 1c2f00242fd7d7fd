package site

import (
	"bytes"
	"html/template"
	"net/http"

	"github.com/yuin/goldmark"

	"github.com/inclusiekaart/inclusiekaart/internal/atlas"
	"github.com/inclusiekaart/inclusiekaart/internal/web"
)

// markdown renders the coordinator's Markdown. goldmark's defaults are the
// sanitising: raw HTML is dropped (no html.WithUnsafe) and links with
// dangerous schemes (javascript:, data: ...) are emptied.
var markdown = goldmark.New()

// registerTexts adds the explanation, the plan and the party-programme text.
func (s *Site) registerTexts(page func(string, web.HandlerFunc, ...string), get, both []string) {
	page("/wat-is-een-inclusieve-gemeente", s.whatPage, get...)
	page("/toekomstplanning", s.planPage, get...)
	page("/toekomstplanning/bewerken", s.editPlan, both...)
}

func (s *Site) whatPage(w http.ResponseWriter, r *http.Request) error {
	v := s.view(r, "navWhat")
	v.Actor = s.optionalActor(r)
	v.Data = explainFramework(s.svc.Framework(), v.Lang) // stages and route steps as the framework names them
	return s.render(w, r, http.StatusOK, "what.html", v)
}

type planData struct {
	HTML      template.HTML
	Markdown  string
	UpdatedAt string
}

func (s *Site) plan(r *http.Request) (planData, error) {
	md, at, err := s.svc.Page(r.Context(), atlas.PlanSlug)
	if err != nil {
		return planData{}, err
	}
	var b bytes.Buffer
	if err := markdown.Convert([]byte(md), &b); err != nil {
		return planData{}, err
	}
	return planData{HTML: template.HTML(b.String()), Markdown: md, UpdatedAt: at}, nil
}

func (s *Site) planPage(w http.ResponseWriter, r *http.Request) error {
	d, err := s.plan(r)
	if err != nil {
		return err
	}
	v := s.view(r, "navPlan")
	v.Actor = s.optionalActor(r)
	return s.render(w, r, http.StatusOK, "plan.html", withData(v, d))
}

// editPlan is the coordinator's Markdown editor of the plan.
func (s *Site) editPlan(w http.ResponseWriter, r *http.Request) error {
	var a atlas.Actor
	var err error
	status := http.StatusOK
	var problems []atlas.Problem
	if r.Method == http.MethodPost {
		if a, err = s.sessionPost(w, r); err != nil {
			return err
		}
		err = s.svc.SavePage(r.Context(), a, atlas.PlanSlug, r.PostForm.Get("markdown"))
		if err == nil {
			http.Redirect(w, r, "/toekomstplanning", http.StatusSeeOther)
			return nil
		}
		if problems, err = formProblems(err); err != nil {
			return err
		}
		status = http.StatusBadRequest
	} else if a, err = s.coordinator(r); err != nil {
		return err
	}
	d, err := s.plan(r)
	if err != nil {
		return err
	}
	if r.Method == http.MethodPost {
		d.Markdown = r.PostForm.Get("markdown")
	}
	v := s.view(r, "editPlan")
	v.Actor, v.CSRF, v.Problems = &a, a.CSRF, problems
	return s.render(w, r, status, "plan-edit.html", withData(v, d))
}
