package site

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/gorilla/mux"

	"github.com/inclusiekaart/inclusiekaart/internal/atlas"
	"github.com/inclusiekaart/inclusiekaart/internal/cbs"
	"github.com/inclusiekaart/inclusiekaart/internal/scoring"
	"github.com/inclusiekaart/inclusiekaart/internal/web"
)

// contributeHome lists the municipalities an account may supply data for
// and its submissions with their status (and a coordinator's reason).
func (s *Site) contributeHome(w http.ResponseWriter, r *http.Request) error {
	a, _, err := s.actor(r)
	if err != nil {
		return err
	}
	subs, err := s.svc.MySubmissions(r.Context(), a)
	if err != nil {
		return err
	}
	v := s.view(r, "contributeTitle")
	v.Actor = &a
	v.CSRF = a.CSRF
	if r.URL.Query().Get("welkom") != "" {
		v.Notice = v.T["noticeWelcome"]
	}
	v.Data = struct {
		Codes       []string
		Submissions []atlas.SubmissionInfo
	}{a.Codes, subs}
	return s.render(w, r, http.StatusOK, "contribute.html", v)
}

// questionnaireCode returns the code of a /bijdragen/{code} path.
func questionnaireCode(path string) (string, bool) {
	rest, ok := strings.CutPrefix(path, "/bijdragen/")
	if !ok {
		return "", false
	}
	c, err := cbs.ParseMunicipalityCode(rest)
	return string(c), err == nil
}

func resumeAnswers(raw string) atlas.Answers {
	var a atlas.Answers
	if len(raw) > maxFormBody || json.Unmarshal([]byte(raw), &a) != nil {
		return nil
	}
	return a
}

// questionnaire shows and saves the form of one municipality.
func (s *Site) questionnaire(w http.ResponseWriter, r *http.Request) error {
	code, err := cbs.ParseMunicipalityCode(mux.Vars(r)["code"])
	if err != nil {
		return &atlas.Error{Kind: atlas.NotFound, Message: err.Error()}
	}
	if r.Method != http.MethodPost {
		a, _, err := s.actor(r)
		if err != nil {
			return err
		}
		notice := ""
		switch r.URL.Query().Get("opgeslagen") {
		case "concept":
			notice = "noticeDraftSaved"
		case "ingediend":
			notice = "noticeSubmitted"
		}
		return s.showQuestionnaire(w, r, a, string(code), nil, nil, notice, http.StatusOK)
	}
	a, err := s.sessionPost(w, r)
	if err != nil {
		if e, ok := atlas.As(err); ok && e.Kind == atlas.Unauthorized {
			if err := parseForm(w, r); err != nil {
				return err
			}
			// The session ended while the form was open: nothing is lost. The
			// sign-in page carries the answers and shows them again after it.
			answers, _ := s.answersFromForm(r.PostForm)
			raw, _ := json.Marshal(answers)
			v := s.view(r, "loginTitle")
			v.CSRF = formToken(w, r)
			v.Notice = v.T["noticeSessionEnded"]
			v.Data = loginData{Next: "/bijdragen/" + string(code), Resume: string(raw)}
			return s.render(w, r, http.StatusUnauthorized, "login.html", v)
		}
		return err
	}
	if err := s.saves.Take(itoa(int(a.AccountID))); err != nil {
		return err
	}
	answers, problems := s.answersFromForm(r.PostForm)
	submit := r.PostForm.Get("action") == "submit"
	if submit {
		if err := s.sends.Take(web.ClientIP(r)); err != nil {
			return err
		}
	}
	if len(problems) == 0 {
		_, err = s.svc.SaveAnswers(r.Context(), a, string(code), answers, submit)
		if err == nil {
			state := "concept"
			if submit {
				state = "ingediend"
			}
			http.Redirect(w, r, "/bijdragen/"+string(code)+"?opgeslagen="+state, http.StatusSeeOther)
			return nil
		}
		e, ok := atlas.As(err)
		if !ok || e.Kind != atlas.InvalidField {
			return err
		}
		problems = e.Problems
	}
	return s.showQuestionnaire(w, r, a, string(code), answers, problems, "", http.StatusBadRequest)
}

// answersFromForm reads the answers of the indicators from a posted form:
// "ID.value" (empty = unknown), "ID.evidence" and "ID.note".
func (s *Site) answersFromForm(f map[string][]string) (atlas.Answers, []atlas.Problem) {
	get := func(k string) string {
		if v := f[k]; len(v) > 0 {
			return v[0]
		}
		return ""
	}
	out := atlas.Answers{}
	var problems []atlas.Problem
	for _, in := range s.svc.Framework().Indicators() {
		raw := strings.TrimSpace(get(in.ID + ".value"))
		a := atlas.Answer{Evidence: strings.TrimSpace(get(in.ID + ".evidence")), Note: strings.ReplaceAll(get(in.ID+".note"), "\r\n", "\n")}
		if raw != "" {
			n, err := strconv.Atoi(raw)
			if err != nil {
				problems = append(problems, atlas.Problem{Field: in.ID + ".value", Message: "not one of the choices"})
				continue
			}
			a.Value = &n
		}
		if a.Value != nil || a.Evidence != "" || a.Note != "" {
			out[in.ID] = a
		}
	}
	return out, problems
}

// formIndicator is one question of the form.
type formIndicator struct {
	scoring.PublishedIndicator
	Label, Short string
	Levels       []formLevel
	Answer       atlas.Answer
	Published    *int
	PublishedTxt string
}

type formLevel struct {
	Value int
	Label string
}

// formPart is a part of the framework with its questions.
type formPart struct {
	ID, Label  string
	Indicators []formIndicator
}

type questionnaireData struct {
	Code, Name string
	Parts      []formPart
	Open       *atlas.SubmissionInfo
	Waiting    *atlas.SubmissionInfo
}

// showQuestionnaire renders the form of code, filled with answers when given
// (a failed save or a resumed session), else the open draft, else the
// published values.
func (s *Site) showQuestionnaire(w http.ResponseWriter, r *http.Request, a atlas.Actor, code string, answers atlas.Answers, problems []atlas.Problem, notice string, status int) error {
	q, err := s.svc.Questionnaire(r.Context(), a, code)
	if err != nil {
		return err
	}
	v := s.view(r, "questionnaireTitle")
	v.Actor, v.CSRF, v.Problems = &a, a.CSRF, problems
	v.Title = v.T["questionnaireTitle"] + " " + q.Name
	if notice != "" {
		v.Notice = v.T[notice]
	}
	if answers == nil {
		answers = q.Published
		if q.Open != nil {
			answers = q.Open.Answers
		}
	}
	pub := s.svc.Framework().Publish()
	lang := v.Lang
	d := questionnaireData{Code: q.Code, Name: q.Name, Open: q.Open, Waiting: q.Waiting}
	for _, p := range pub.Parts {
		fp := formPart{ID: p.ID, Label: p.Label.In(lang)}
		for _, in := range pub.Indicators {
			if in.Part != p.ID {
				continue
			}
			fi := formIndicator{PublishedIndicator: in, Label: in.Label.In(lang), Short: in.Short.In(lang), Answer: answers[in.ID], Published: q.Published[in.ID].Value}
			for _, l := range in.Levels {
				fi.Levels = append(fi.Levels, formLevel{l.Value, l.Label.In(lang)})
				if fi.Published != nil && *fi.Published == l.Value {
					fi.PublishedTxt = l.Label.In(lang)
				}
			}
			fp.Indicators = append(fp.Indicators, fi)
		}
		if len(fp.Indicators) > 0 {
			d.Parts = append(d.Parts, fp)
		}
	}
	v.Data = d
	return s.render(w, r, status, "questionnaire.html", v)
}
