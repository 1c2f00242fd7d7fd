package server

import (
	"fmt"
	"math"
	"strconv"

	"github.com/inclusiekaart/inclusiekaart/internal/atlas"
)

// The map's colours, as on the page (static/metrics.js: SEQ5, SEQ4, STAGE6,
// STROKE, the hatch of unknown data); TestMapSVGUsesThePagePalettes checks
// they are the same.
var (
	seq5Colours  = []string{"#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0"}
	seq4Colours  = []string{"#ffffcc", "#a1dab4", "#41b6c4", "#1d91c0"}
	stageColours = []string{"#ffffd4", "#fee391", "#fec44f", "#fe9929", "#ec7014", "#cc4c02"}
	strokeColour = "#1b1f24"
	hatchLine    = "#5f6b76"
)

// mapClass is one colour class of a metric: the values from Lo to Hi
// (Lo itself only when LoIn).
type mapClass struct {
	Colour, Label string
	Lo, Hi        float64
	LoIn          bool
}

func (c mapClass) holds(v float64) bool {
	return (v > c.Lo || c.LoIn && v == c.Lo) && v <= c.Hi
}

// mapScale is how the map colours one metric: the legend's heading, its
// classes and how a value reads in a tooltip. It mirrors metric(id) of
// static/metrics.js, class for class and label for label.
type mapScale struct {
	Metric  string
	Title   string // the legend's heading, e.g. "Totaalscore (0–100)"
	Classes []mapClass
	Unknown string // the legend's row for unknown or insufficient data (hatched)
	format  func(v float64) string
}

// classOf is the index of v's class, or -1 for unknown (nil, or off every class).
func (sc mapScale) classOf(v *float64) int {
	if v == nil || math.IsNaN(*v) {
		return -1
	}
	for i, c := range sc.Classes {
		if c.holds(*v) {
			return i
		}
	}
	return -1
}

// text is v as the tooltip and the embed's selection write it: "4 LIA
// vastgesteld", "64", or unknown.
func (sc mapScale) text(v *float64, unknown string) string {
	if sc.classOf(v) < 0 {
		return unknown
	}
	return sc.format(*v)
}

// mapWords are the scale headings the page takes from static/i18n.js.
var mapWords = map[string]map[string]string{
	"nl": {"score": "Totaalscore (0–100)", "stakeholders": "Betrokken belanghebbendengroepen (aantal)", "partScore": "%s samen (0–100)",
		"domainPrefix": "Leefdomein: ", "unknown": "Onbekend of onvoldoende gegevens (gearceerd)", "per": "per gemeente"},
	"en": {"score": "Overall score (0–100)", "stakeholders": "Stakeholder groups involved (number)", "partScore": "%s combined (0–100)",
		"domainPrefix": "Life domain: ", "unknown": "Unknown or insufficient data (hatched)", "per": "per municipality"},
}

// mapScale returns the scale of metric (an id of MapMetrics) in lang.
func (s *Server) mapScale(metric, lang string) mapScale {
	fw := s.svc.Framework()
	words := mapWords[lang]
	sc := mapScale{Metric: metric, Unknown: words["unknown"]}
	rounded := func(v float64) string { return strconv.FormatFloat(math.Round(v), 'f', 0, 64) }
	scoreClasses := func() []mapClass {
		var out []mapClass
		for i, c := range seq5Colours {
			lo, hi := float64(20*i), float64(20*(i+1))
			out = append(out, mapClass{Colour: c, Label: fmt.Sprintf("%g–%g", lo, hi), Lo: lo, Hi: hi, LoIn: i == 0})
		}
		return out
	}
	partLabel := func(id string) string {
		if p, ok := fw.Part(id); ok {
			return p.Label.In(lang)
		}
		return id
	}
	switch metric {
	case atlas.MetricScore:
		sc.Title, sc.Classes, sc.format = words["score"], scoreClasses(), rounded
		return sc
	case atlas.MetricDomains:
		sc.Title, sc.Classes, sc.format = fmt.Sprintf(words["partScore"], partLabel(metric)), scoreClasses(), rounded
		return sc
	case atlas.MetricStakeholders:
		sc.Title, sc.format = words["stakeholders"], rounded
		for i, b := range [][2]float64{{0, 0}, {1, 3}, {4, 7}, {8, 11}, {12, 99}} {
			label := fmt.Sprintf("%g–%g", b[0], b[1])
			if b[0] == b[1] {
				label = fmt.Sprintf("%g", b[0])
			} else if b[1] == 99 {
				label = fmt.Sprintf("%g +", b[0])
			}
			sc.Classes = append(sc.Classes, mapClass{Colour: seq5Colours[i], Label: label, Lo: b[0], Hi: b[1], LoIn: true})
		}
		return sc
	}
	// An indicator: one class per level of its scale.
	in, _ := fw.Indicator(metric)
	colours := seq4Colours
	switch {
	case metric == atlas.MetricStage:
		colours, sc.Title = stageColours, partLabel(in.Part)
	case in.Part == atlas.DomainsPart: // a life domain
		sc.Title = words["domainPrefix"] + in.Label.In(lang)
	default:
		sc.Title = partLabel(in.Part)
	}
	for i, l := range in.Levels {
		if i >= len(colours) {
			break
		}
		label := fmt.Sprintf("%d %s", l.Value, l.Label.In(lang))
		v := float64(l.Value)
		sc.Classes = append(sc.Classes, mapClass{Colour: colours[i], Label: label, Lo: v, Hi: v, LoIn: true})
	}
	sc.format = func(v float64) string {
		return fmt.Sprintf("%d %s", int(v), in.LevelLabel(int(v), lang))
	}
	return sc
}
