package site

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gorilla/mux"

	"github.com/inclusiekaart/inclusiekaart/internal/atlas"
	"github.com/inclusiekaart/inclusiekaart/internal/cbs"
	"github.com/inclusiekaart/inclusiekaart/internal/web"
)

// The party-programme text: /verkiezingen (national), /verkiezingen/{code}
// (with the municipality's published state and open route steps, printable
// on A4) and /verkiezingen/{code}.md (the same as Markdown).

const (
	routeDone      = 2 // the route scale's "done"
	routeSteps     = 11
	nextStepsShown = 3
	sourcesShown   = 6
)

// electionPoints are the message keys of the national points, in order.
var electionPoints = []string{"ep1", "ep2", "ep3", "ep4", "ep5", "ep6", "ep7"}

type electionPoint struct{ Heading, Text string }

// electionText is the document both the page and the Markdown render.
type electionText struct {
	Title, Intro, Why, PointsHeading, Basis string
	Points                                  []electionPoint
	Local                                   *localState
	Municipalities                          []atlas.MunicipalityRef
	Licence                                 string
}

// localState is one municipality's part of the text.
type localState struct {
	Code, Name, Heading, StageLine, BasisLine, DateLine, MadeOn string
	StepsHeading                                                string
	Steps                                                       []string // the next open steps, one sentence each
	MoreSteps, StepsNote                                        string
	SourcesHeading, NoSources                                   string
	Sources                                                     []localSource
	AllSources, PageURL                                         string
}

type localSource struct{ Publisher, Date, URL string }

func (s *Site) registerElections(page func(string, web.HandlerFunc, ...string), get []string) {
	page("/verkiezingen", s.electionsPage, get...)
	page("/verkiezingen/{code:[^/.]+}.md", s.electionsMarkdown, get...)
	page("/verkiezingen/{code:[^/.]+}", s.electionsLocalPage, get...)
}

func (s *Site) electionText(lang string) electionText {
	t := messages[lang]
	et := electionText{Title: t["electionsTitle"], Intro: t["electionsIntro"], Why: t["electionsWhy"], PointsHeading: t["electionsPointsH"],
		Basis: t["electionsBasis"], Licence: t["electionsLicence"]}
	for _, k := range electionPoints {
		et.Points = append(et.Points, electionPoint{t[k+"H"], t[k]})
	}
	return et
}

func (s *Site) electionsPage(w http.ResponseWriter, r *http.Request) error {
	v := s.view(r, "electionsTitle")
	v.Actor = s.optionalActor(r)
	et := s.electionText(v.Lang)
	var err error
	if et.Municipalities, err = s.svc.MunicipalityChoices(r.Context()); err != nil {
		return err
	}
	if c := r.URL.Query().Get("code"); c != "" {
		if code, err := cbs.ParseMunicipalityCode(c); err == nil {
			http.Redirect(w, r, "/verkiezingen/"+string(code), http.StatusSeeOther)
			return nil
		}
	}
	return s.render(w, r, http.StatusOK, "elections.html", withData(v, et))
}

// localCode parses the code of a local text; a spelling other than the
// canonical one is answered with a 301 (and "" returned).
func localCode(w http.ResponseWriter, r *http.Request, suffix string) (string, error) {
	raw := mux.Vars(r)["code"]
	code, err := cbs.ParseMunicipalityCode(raw)
	if err != nil {
		return "", &atlas.Error{Kind: atlas.NotFound, Message: err.Error()}
	}
	if string(code) != raw {
		http.Redirect(w, r, "/verkiezingen/"+string(code)+suffix, http.StatusMovedPermanently)
		return "", nil
	}
	return string(code), nil
}

// localText builds the text of one municipality. A merged code is a Moved
// error that the callers turn into a 301 to the successor.
func (s *Site) localText(r *http.Request, lang, code string) (electionText, error) {
	d, err := s.svc.Detail(r.Context(), 0, code)
	if err != nil {
		return electionText{}, err
	}
	t := messages[lang]
	fw := s.svc.Framework()
	et := s.electionText(lang)
	et.Title = fmt.Sprintf(t["electionsLocal"], d.Name)
	page := s.baseURL(r) + "/gemeente/" + d.Code
	l := &localState{Code: d.Code, Name: d.Name, Heading: fmt.Sprintf(t["electionsState"], d.Name), PageURL: page,
		StepsHeading: t["electionsStepsH"], StepsNote: t["electionsStepsNote"], SourcesHeading: t["electionsSourcesH"],
		AllSources: fmt.Sprintf(t["electionsAllSources"], page)}
	unknown := fw.UnknownLabel.In(lang)
	stage := unknown
	if d.Stage != nil {
		stage = fmt.Sprintf("%d · %s", *d.Stage, fw.StageLabel(*d.Stage, lang))
	}
	l.StageLine = t["muniStage"] + ": " + stage
	if d.Basis != nil {
		l.BasisLine = t["muniBasis"] + ": " + basisText[lang][*d.Basis]
	}
	if date := d.DataDate(); date != "" {
		l.DateLine = fmt.Sprintf(t["electionsDataDate"], textDate(lang, date))
	} else {
		l.DateLine = fmt.Sprintf(t["electionsNoData"], d.Name)
	}
	today := s.svc.Now().In(atlas.Amsterdam).Format("2006-01-02")
	l.MadeOn = fmt.Sprintf(t["electionsMadeOn"], textDate(lang, today))
	var more []string
	for n := 1; n <= routeSteps; n++ {
		id := "route." + strconv.Itoa(n)
		in, ok := fw.Indicator(id)
		if !ok {
			continue
		}
		val, known := d.Values[id]
		if known && val >= routeDone {
			continue
		}
		if len(l.Steps) == nextStepsShown {
			more = append(more, strconv.Itoa(n))
			continue
		}
		now := unknown
		if known {
			now = in.LevelLabel(val, lang)
		}
		label := in.Label.In(lang)
		if _, after, ok := strings.Cut(label, ": "); ok {
			label = after
		}
		l.Steps = append(l.Steps, fmt.Sprintf(t["electionsStepOpen"], d.Name, n, label, strings.ToLower(now)))
	}
	switch {
	case len(l.Steps) == 0:
		l.Steps = []string{fmt.Sprintf(t["electionsAllDone"], d.Name)}
	case len(more) > 0:
		l.MoreSteps = fmt.Sprintf(t["electionsMoreOpen"], strings.Join(more, ", "))
	}
	l.Sources = localSources(d)
	for i := range l.Sources {
		l.Sources[i].Date = textDate(lang, l.Sources[i].Date)
	}
	if len(l.Sources) == 0 {
		l.NoSources = t["electionsNoSources"]
	}
	et.Local = l
	return et, nil
}

func (s *Site) electionsLocalPage(w http.ResponseWriter, r *http.Request) error {
	code, err := localCode(w, r, "")
	if code == "" {
		return err
	}
	v := s.view(r, "")
	v.Actor = s.optionalActor(r)
	et, err := s.localText(r, v.Lang, code)
	if err != nil {
		return err
	}
	v.Title = et.Title
	return s.render(w, r, http.StatusOK, "elections.html", withData(v, et))
}

func (s *Site) electionsMarkdown(w http.ResponseWriter, r *http.Request) error {
	code, err := localCode(w, r, ".md")
	if code == "" {
		return err
	}
	et, err := s.localText(r, language(r), code)
	if e, ok := atlas.As(err); ok && e.Kind == atlas.Moved {
		http.Redirect(w, r, "/verkiezingen/"+e.Successor+".md", http.StatusMovedPermanently)
		return nil
	}
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/markdown; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="verkiezingen-`+code+`.md"`)
	if r.Method != http.MethodHead {
		w.Write([]byte(et.Markdown()))
	}
	return nil
}

// mdEscaper escapes the characters that Markdown would read as markup in
// text that comes from data (names, publishers).
var mdEscaper = strings.NewReplacer(`\`, `\\`, "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`, "<", `\<`, ">", `\>`, "`", "\\`", "#", `\#`, "|", `\|`)

// Markdown is the text as a Markdown document.
func (et electionText) Markdown() string {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	p("# %s\n\n%s\n\n%s\n\n## %s\n\n", mdEscaper.Replace(et.Title), et.Intro, et.Why, et.PointsHeading)
	for i, pt := range et.Points {
		p("%d. **%s** %s\n", i+1, pt.Heading, pt.Text)
	}
	p("\n%s\n", et.Basis)
	if l := et.Local; l != nil {
		p("\n## %s\n\n", mdEscaper.Replace(l.Heading))
		for _, line := range []string{l.DateLine, l.StageLine, l.BasisLine} {
			if line != "" {
				p("- %s\n", mdEscaper.Replace(line))
			}
		}
		p("\n%s\n\n### %s\n\n", l.MadeOn, l.StepsHeading)
		for _, st := range l.Steps {
			p("- %s\n", mdEscaper.Replace(st))
		}
		if l.MoreSteps != "" {
			p("\n%s\n", l.MoreSteps)
		}
		p("\n%s\n\n### %s\n\n", l.StepsNote, l.SourcesHeading)
		for _, src := range l.Sources {
			var parts []string
			if src.Publisher != "" {
				parts = append(parts, mdEscaper.Replace(src.Publisher))
			}
			if src.Date != "" {
				parts = append(parts, "("+src.Date+")")
			}
			if src.URL != "" {
				parts = append(parts, "<"+strings.NewReplacer("<", "%3C", ">", "%3E", " ", "%20").Replace(src.URL)+">")
			}
			p("- %s\n", strings.Join(parts, " "))
		}
		if l.NoSources != "" {
			p("%s\n", l.NoSources)
		}
		p("\n%s\n", mdEscaper.Replace(l.AllSources))
	}
	p("\n---\n\n%s\n", et.Licence)
	return b.String()
}

// localSources are the sources of a municipality's state: the assessment's
// own source, its dated public sources, then the evidence links of its
// indicators; at most sourcesShown, each URL once.
func localSources(d atlas.Detail) []localSource {
	var out []localSource
	seen := map[string]bool{}
	add := func(src localSource) {
		if len(out) == sourcesShown || (src.URL != "" && seen[src.URL]) || (src.URL == "" && src.Publisher == "") {
			return
		}
		if src.URL != "" && !strings.HasPrefix(src.URL, "https://") && !strings.HasPrefix(src.URL, "http://") {
			src.URL = ""
		}
		seen[src.URL] = src.URL != ""
		out = append(out, src)
	}
	if d.Current != nil && d.Current.Source != "" {
		add(localSource{Publisher: d.Current.Source, Date: d.Current.AssessedOn})
	}
	for _, src := range d.Sources {
		add(localSource{Publisher: src.Publisher, Date: src.Date, URL: src.URL})
	}
	for _, in := range d.Indicators {
		if in.Evidence != "" && (strings.HasPrefix(in.Evidence, "https://") || strings.HasPrefix(in.Evidence, "http://")) {
			add(localSource{URL: in.Evidence, Date: in.AssessedOn})
		}
	}
	return out
}
