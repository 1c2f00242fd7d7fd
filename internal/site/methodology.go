package site

import (
	"bytes"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/inclusiekaart/inclusiekaart/docs"
	"github.com/inclusiekaart/inclusiekaart/internal/scoring"
)

// methodologyPage (/methode) explains how the map scores a municipality. The
// tables (parts and weights, scales, indicators, threshold, sources) are
// generated from the framework in use (data/framework.json), never copied by
// hand; the explanation below them is docs/methodology.md rendered with
// goldmark (already a dependency), raw HTML dropped.
func (s *Site) methodologyPage(w http.ResponseWriter, r *http.Request) error {
	v := s.view(r, "methodTitle")
	v.Actor = s.optionalActor(r)
	doc, err := methodologyHTML()
	if err != nil {
		return err
	}
	v.Data = methodData(s.svc.Framework(), v.Lang, doc)
	return s.render(w, r, http.StatusOK, "methodology.html", v)
}

// methodView is what the methodology template shows.
type methodView struct {
	Version       string
	Threshold     string // "50 %"
	Counting      int    // indicators that count for completeness
	MinAnswers    int    // fewest of them needed for a score on the map
	Parts         []methodPart
	Scales        []methodScale
	Indicators    []methodIndicator
	Sources       []scoring.Source
	Explanation   template.HTML
	ExplainedLang string
}

type methodPart struct {
	ID, Label, Weight, Source string
	Counts                    bool
	Indicators                int
}

type methodScale struct {
	ID, Label string
	Levels    []scoring.Level
}

type methodIndicator struct {
	ID, Label, Part, Range, Source, Articles string
}

// methodData builds the page's tables from fw in lang.
func methodData(fw *scoring.Framework, lang string, doc template.HTML) methodView {
	m := methodView{Version: fw.Version, Threshold: percent(fw.CompletenessThreshold), Sources: fw.Sources, Explanation: doc, ExplainedLang: "en"}
	source := map[string]string{}
	for _, src := range fw.Sources {
		source[src.ID] = src.Name
	}
	perPart := map[string]int{}
	for _, in := range fw.Indicators() {
		perPart[in.Part]++
		if in.CountsForCompleteness {
			m.Counting++
		}
		p, _ := fw.Part(in.Part)
		mi := methodIndicator{ID: in.ID, Label: in.Label.In(lang), Part: p.Label.In(lang), Source: source[in.Source],
			Range: strconv.Itoa(in.Min) + "–" + strconv.Itoa(in.Max)}
		if len(in.CRPDArticles) > 0 {
			a := make([]string, len(in.CRPDArticles))
			for i, n := range in.CRPDArticles {
				a[i] = strconv.Itoa(n)
			}
			mi.Articles = strings.Join(a, ", ")
		}
		m.Indicators = append(m.Indicators, mi)
	}
	// The fewest answers with which completeness reaches the threshold.
	for m.MinAnswers < m.Counting && float64(m.MinAnswers) < fw.CompletenessThreshold*float64(m.Counting)-1e-9 {
		m.MinAnswers++
	}
	var total float64
	for _, p := range fw.PartList() {
		total += p.Weight
	}
	for _, p := range fw.PartList() {
		m.Parts = append(m.Parts, methodPart{ID: p.ID, Label: p.Label.In(lang), Weight: percent(p.Weight / total),
			Source: source[p.Source], Counts: p.CountsForCompleteness, Indicators: perPart[p.ID]})
	}
	for _, sc := range fw.Scales {
		label := sc.ID
		if p, ok := fw.Part(sc.ID); ok {
			label = p.Label.In(lang)
		} else if in, ok := fw.Indicator(sc.ID); ok {
			label = in.Label.In(lang)
		}
		m.Scales = append(m.Scales, methodScale{ID: sc.ID, Label: label, Levels: sc.Levels})
	}
	return m
}

// frameworkText is what the framework page (/wat-is-een-inclusieve-gemeente)
// takes from the framework: the stages and the route steps.
type frameworkText struct {
	Stages []scoring.Level
	Steps  []string
}

func explainFramework(fw *scoring.Framework, lang string) frameworkText {
	in, _ := fw.Indicator("stage")
	f := frameworkText{Stages: in.Levels}
	for _, ind := range fw.Indicators() {
		if ind.Part == scoring.PartRoute {
			label := ind.Label.In(lang)
			if _, after, ok := strings.Cut(label, ": "); ok { // "Stap 1: Zet …": the list numbers them
				label = after
			}
			f.Steps = append(f.Steps, label)
		}
	}
	return f
}

// percent writes a share of 0..1 as a whole percentage ("25 %"), or with
// one decimal when it is not whole.
func percent(f float64) string {
	p := f * 100
	if r := float64(int64(p*10+0.5)) / 10; r == float64(int64(r)) {
		return strconv.FormatInt(int64(r), 10) + " %"
	} else {
		return strconv.FormatFloat(r, 'f', 1, 64) + " %"
	}
}

// methodologyHTML is docs/methodology.md as HTML, rendered once: tables
// (GFM), the title dropped and headings one level down (they sit under the
// page's h2), and links that
// only work inside the repository pointed at the site or dropped.
var methodologyHTML = sync.OnceValues(func() (template.HTML, error) {
	md := goldmark.New(goldmark.WithExtensions(extension.Table),
		goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(siteLinks{}, 100))))
	var b bytes.Buffer
	if err := md.Convert([]byte(docs.Methodology), &b); err != nil {
		return "", err
	}
	// Wide tables scroll in their own box (reachable by keyboard, named) so
	// the page never scrolls sideways on a phone.
	out, n := b.String(), 0
	for strings.Contains(out, "<table>") {
		n++
		out = strings.Replace(out, "<table>", `<div class="table-wrap" role="region" tabindex="0" aria-label="Table `+strconv.Itoa(n)+`"><table class="table">`, 1)
	}
	out = strings.ReplaceAll(out, "</table>", "</table></div>")
	return template.HTML(out), nil // goldmark's default renderer drops raw HTML and unsafe links
})

// repoLinks maps the repository paths the document links to onto the site.
var repoLinks = map[string]string{"../data/framework.json": "/api/framework"}

// siteLinks shifts headings one level down and rewrites relative links.
type siteLinks struct{}

func (siteLinks) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	var drop []*ast.Link
	var title []ast.Node
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			if n.Level == 1 { // the document's title: the page has its own
				title = append(title, n)
			}
			n.Level = min(n.Level+1, 6)
		case *ast.Link:
			dest := string(n.Destination)
			if to, ok := repoLinks[dest]; ok {
				n.Destination = []byte(to)
			} else if !strings.HasPrefix(dest, "https://") && !strings.HasPrefix(dest, "http://") && !strings.HasPrefix(dest, "/") && !strings.HasPrefix(dest, "#") {
				drop = append(drop, n)
			}
		}
		return ast.WalkContinue, nil
	})
	for _, n := range title {
		n.Parent().RemoveChild(n.Parent(), n)
	}
	for _, l := range drop { // keep the link's text, drop the link
		parent := l.Parent()
		for c := l.FirstChild(); c != nil; {
			next := c.NextSibling()
			parent.InsertBefore(parent, l, c)
			c = next
		}
		parent.RemoveChild(parent, l)
	}
}

func init() {
	addMessages(map[string]map[string]string{
		"nl": {"methodTitle": "Methode: zo werkt de score", "navMethod": "Methode",
			"methodIntro":      "Op deze pagina staat hoe de kaart elke gemeente beoordeelt. De tabellen komen rechtstreeks uit het beoordelingskader dat de kaart gebruikt (versie %s). Verandert het kader, dan verandert deze pagina mee.",
			"methodParts":      "Onderdelen en gewichten",
			"methodPartsIntro": "De score (0 tot 100) is een gewogen gemiddelde van deze onderdelen. Een onderdeel zonder antwoorden telt niet mee; het telt nooit als nul.",
			"methodPart":       "Onderdeel", "methodWeight": "Gewicht", "methodCounts": "Telt mee voor volledigheid", "methodCount": "Aantal vragen", "methodSource": "Bron",
			"methodYes": "ja", "methodNo": "nee",
			"methodThreshold":     "Genoeg gegevens?",
			"methodThresholdText": "Een score staat alleen in kleur op de kaart als minstens %s van de vragen een antwoord heeft: %d van de %d. Anders toont de kaart ‘onvoldoende gegevens’ (gearceerd).",
			"methodScales":        "Schalen: wat betekent elk antwoord?", "methodValue": "Waarde", "methodMeaning": "Betekenis",
			"methodIndicators": "Alle vragen", "methodId": "Code", "methodRange": "Schaal", "methodArticles": "Artikelen VN-verdrag",
			"methodSources": "Bronnen van het kader", "methodFramework": "Het kader als JSON-bestand",
			"methodExplained":     "Uitgebreide uitleg",
			"methodExplainedNote": "De uitgebreide uitleg is (nog) alleen in het Engels beschikbaar. De tabellen hierboven zijn in het Nederlands.",
		},
		"en": {"methodTitle": "Method: how the score works", "navMethod": "Method",
			"methodIntro":      "This page shows how the map assesses every municipality. The tables come straight from the assessment framework the map uses (version %s). When the framework changes, this page changes with it.",
			"methodParts":      "Parts and weights",
			"methodPartsIntro": "The score (0 to 100) is a weighted mean of these parts. A part without answers is left out; it never counts as zero.",
			"methodPart":       "Part", "methodWeight": "Weight", "methodCounts": "Counts for completeness", "methodCount": "Number of questions", "methodSource": "Source",
			"methodYes": "yes", "methodNo": "no",
			"methodThreshold":     "Enough data?",
			"methodThresholdText": "A score is coloured on the map only when at least %s of the questions have an answer: %d of the %d. Otherwise the map shows ‘insufficient data’ (hatched).",
			"methodScales":        "Scales: what does each answer mean?", "methodValue": "Value", "methodMeaning": "Meaning",
			"methodIndicators": "All questions", "methodId": "Code", "methodRange": "Scale", "methodArticles": "UN Convention articles",
			"methodSources": "Sources of the framework", "methodFramework": "The framework as a JSON file",
			"methodExplained":     "Detailed explanation",
			"methodExplainedNote": "",
		},
	})
}
