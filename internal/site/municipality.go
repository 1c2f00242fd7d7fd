package site

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"github.com/gorilla/mux"

	"github.com/inclusiekaart/inclusiekaart/internal/atlas"
	"github.com/inclusiekaart/inclusiekaart/internal/cbs"
	"github.com/inclusiekaart/inclusiekaart/internal/web"
)

// factsheet is what /gemeente/{code} shows: the published state of one
// municipality with every indicator and its evidence, the history, what
// changed in the last year, peers to learn from, stakeholder coverage and
// the sources, printable as an A4 factsheet.
type factsheet struct {
	atlas.Detail
	StageText  string
	BasisText  string
	ScoreText  string
	Complete   string
	Rows       []factRow
	History    []historyRow
	Chart      historyChart
	Changes    []string
	Peers      []atlas.Peer
	Coverage   *atlas.MunicipalityStakeholders
	Shape      string // SVG path of the outline, in a 200×200 box
	DataDate   string
	Citation   string
	Canonical  string
	Descriptor string
}

type factRow struct {
	Part, Label, Value, Evidence, Note, Date string
	Known                                    bool
}

type historyRow struct {
	Date, Stage, Score, Basis, RecordedBy string
}

// historyChart is the stage over time as points of a small SVG line.
type historyChart struct {
	Points string
	Dots   []chartDot
	Show   bool
}

type chartDot struct {
	X, Y  float64
	Label string
}

var basisText = map[string]map[string]string{
	"nl": {"public_record": "Openbare bron", "self_assessment": "Zelfevaluatie", "network_review": "Netwerkbeoordeling", "demo": "Voorbeeldgegevens (demo)"},
	"en": {"public_record": "Public source", "self_assessment": "Self-assessment", "network_review": "Network review", "demo": "Sample data (demo)"},
}

// municipalityPage renders /gemeente/{code} on the server: it works without
// JavaScript and has one canonical URL.
func (s *Site) municipalityPage(w http.ResponseWriter, r *http.Request) error {
	code, err := cbs.ParseMunicipalityCode(mux.Vars(r)["code"])
	if err != nil {
		return &atlas.Error{Kind: atlas.NotFound, Message: err.Error()}
	}
	if string(code) != mux.Vars(r)["code"] {
		http.Redirect(w, r, "/gemeente/"+string(code), http.StatusMovedPermanently)
		return nil
	}
	ctx := r.Context()
	d, err := s.svc.Detail(ctx, 0, string(code))
	if err != nil {
		return err
	}
	v := s.view(r, "")
	lang := v.Lang
	fw := s.svc.Framework()
	f := factsheet{Detail: d, Canonical: s.baseURL(r) + "/gemeente/" + d.Code}
	unknown := fw.UnknownLabel.In(lang)
	f.StageText = unknown
	if d.Stage != nil {
		f.StageText = fmt.Sprintf("%d · %s", *d.Stage, fw.StageLabel(*d.Stage, lang))
	}
	f.ScoreText, f.Complete = unknown, "0 %"
	if d.Score != nil {
		f.ScoreText = strconv.FormatFloat(*d.Score, 'f', 0, 64) + " / 100"
	}
	if d.Completeness != nil {
		f.Complete = strconv.FormatFloat(*d.Completeness*100, 'f', 0, 64) + " %"
	}
	if d.Basis != nil {
		f.BasisText = basisText[lang][*d.Basis]
	}
	for _, in := range d.Indicators {
		label := in.Label
		if lang == "en" {
			label = in.LabelEN
		}
		row := factRow{Part: in.Part, Label: label, Value: unknown, Evidence: in.Evidence, Note: in.Note, Date: in.AssessedOn}
		if in.Value != nil {
			ind, _ := fw.Indicator(in.ID)
			row.Value, row.Known = fmt.Sprintf("%d · %s", *in.Value, ind.LevelLabel(*in.Value, lang)), true
		}
		if row.Evidence == "" && len(in.Sources) > 0 {
			row.Evidence = in.Sources[0].URL
		}
		f.Rows = append(f.Rows, row)
	}
	for _, h := range d.History {
		hr := historyRow{Date: h.AssessedOn, Stage: "–", Score: "–", Basis: basisText[lang][h.BasisOrDefault()], RecordedBy: h.RecordedBy}
		if h.Stage != nil {
			hr.Stage = strconv.Itoa(*h.Stage)
		}
		if h.Score != nil {
			hr.Score = strconv.FormatFloat(*h.Score, 'f', 0, 64)
		}
		f.History = append(f.History, hr)
	}
	f.Chart = stageChart(d.History)
	f.Changes = changesInLastYear(d, s.svc.Now(), lang)
	f.DataDate = d.DataDate()
	if f.Peers, err = s.svc.Peers(ctx, 0, d.Code, "", 5); err != nil {
		return err
	}
	if cov, err := s.svc.StakeholderCoverage(ctx, d.Code); err == nil {
		f.Coverage = &cov
	}
	if ft, _, err := s.svc.Feature(ctx, atlas.LevelMunicipality, 0, d.Code); err == nil {
		f.Shape = outline(ft.Geometry)
	}
	f.Citation = s.citation(d, f.DataDate, s.baseURL(r)+"/gemeente/"+d.Code, lang, v.T)
	v.Title = d.Name
	v.Data = f
	return s.render(w, r, http.StatusOK, "municipality.html", v)
}

// stageChart draws the stages of the history (oldest left) in a 300×80 box.
func stageChart(hist []atlas.HistoryEntry) historyChart {
	var pts []string
	var c historyChart
	n := 0
	for i := len(hist) - 1; i >= 0; i-- {
		if hist[i].Stage != nil {
			n++
		}
	}
	if n < 2 {
		return c
	}
	k := 0
	for i := len(hist) - 1; i >= 0; i-- {
		h := hist[i]
		if h.Stage == nil {
			continue
		}
		x := 10 + 280*float64(k)/float64(n-1)
		y := 70 - 12*float64(*h.Stage-1)
		pts = append(pts, fmt.Sprintf("%.0f,%.0f", x, y))
		c.Dots = append(c.Dots, chartDot{x, y, fmt.Sprintf("%s: %d", h.AssessedOn, *h.Stage)})
		k++
	}
	c.Points, c.Show = strings.Join(pts, " "), true
	return c
}

// changesInLastYear lists the indicators whose value differs between the
// current version and the newest version of a year or more ago.
func changesInLastYear(d atlas.Detail, now time.Time, lang string) []string {
	if d.Current == nil {
		return nil
	}
	cutoff := now.AddDate(-1, 0, 0).Format("2006-01-02")
	var old *atlas.HistoryEntry
	for i := range d.History {
		if d.History[i].AssessedOn <= cutoff && d.History[i].MergedFrom == "" {
			old = &d.History[i]
			break
		}
	}
	var out []string
	for _, in := range d.Indicators {
		now := d.Current.Values[in.ID]
		_, hadNow := d.Current.Values[in.ID]
		var before int
		hadBefore := false
		if old != nil {
			v, ok := old.Values[in.ID]
			before, hadBefore = v.Value, ok
		}
		if hadNow == hadBefore && (!hadNow || now.Value == before) {
			continue
		}
		label := in.Label
		if lang == "en" {
			label = in.LabelEN
		}
		switch {
		case !hadBefore:
			out = append(out, fmt.Sprintf("%s: → %d", label, now.Value))
		case !hadNow:
			out = append(out, fmt.Sprintf("%s: %d → ?", label, before))
		default:
			out = append(out, fmt.Sprintf("%s: %d → %d", label, before, now.Value))
		}
	}
	return out
}

// outline is the SVG path of a municipality's outline in a 200×200 box.
func outline(g orb.Geometry) string {
	return web.Fit(g.Bound(), 200, 200, 5).Path(g)
}
