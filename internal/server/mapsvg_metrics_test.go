package server_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"io"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// pagePalette reads a palette (SEQ5, SEQ4, STAGE6) from static/metrics.js.
func pagePalette(t *testing.T, name string) []string {
	t.Helper()
	js, err := os.ReadFile("../../static/metrics.js")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`const ` + name + ` = \[([^\]]+)\]`).FindSubmatch(js)
	if m == nil {
		t.Fatalf("%s not found in static/metrics.js", name)
	}
	var out []string
	for _, c := range regexp.MustCompile(`#[0-9a-f]{6}`).FindAll(m[1], -1) {
		out = append(out, string(c))
	}
	return out
}

// drawing is what a test reads from a map SVG.
type drawing struct {
	fills         map[string]string // municipality code -> fill
	paths         int
	legend        []string // swatch fills, in order
	legendLabels  []string
	legendHeading string
	text          string // all character data
}

func readDrawing(t *testing.T, body []byte) drawing {
	t.Helper()
	d := drawing{fills: map[string]string{}}
	dec := xml.NewDecoder(bytes.NewReader(body))
	var stack []string
	inLegend, afterSwatch := false, false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v", err)
		}
		switch x := tok.(type) {
		case xml.StartElement:
			attr := func(name string) string {
				for _, a := range x.Attr {
					if a.Name.Local == name {
						return a.Value
					}
				}
				return ""
			}
			stack = append(stack, x.Name.Local)
			switch {
			case x.Name.Local == "path":
				d.paths++
				d.fills[attr("id")] = attr("fill")
			case x.Name.Local == "g" && attr("id") == "legend":
				inLegend = true
			case inLegend && x.Name.Local == "rect" && attr("class") == "swatch":
				d.legend = append(d.legend, attr("fill"))
				afterSwatch = true
			}
		case xml.EndElement:
			stack = stack[:len(stack)-1]
			if x.Name.Local == "g" && inLegend {
				inLegend = false
			}
		case xml.CharData:
			d.text += string(x)
			if inLegend && len(stack) > 0 && stack[len(stack)-1] == "text" {
				if afterSwatch {
					d.legendLabels = append(d.legendLabels, string(x))
					afterSwatch = false
				} else if d.legendHeading == "" {
					d.legendHeading = string(x)
				}
			}
		}
	}
	return d
}

// metricServer serves the 2025 boundaries with two assessments: Amsterdam
// scored on enough indicators for a score, Utrecht on three values with 0
// among them (too little data for a score); every other municipality is
// not assessed.
func metricServer(t *testing.T) string {
	t.Helper()
	ts, _, tok := editServer(t, false)
	amsterdam := `{"assessed_on":"2026-10-01","source":"LIA","values":{"stage":{"value":4},"route.1":{"value":2},"route.2":{"value":1},
		"domain.education":{"value":3},"domain.work":{"value":2},"domain.housing":{"value":1},"domain.public_space":{"value":2},
		"domain.information":{"value":3},"domain.buildings":{"value":2},"domain.mobility":{"value":1},"domain.care_support":{"value":2},
		"domain.participation":{"value":3},"domain.public_services":{"value":2},"lived_experience":{"value":3},
		"stakeholder.council":{"value":1},"stakeholder.residents":{"value":1},"stakeholder.media":{"value":1},"stakeholder.schools":{"value":1},"stakeholder.employers":{"value":1}}}`
	utrecht := `{"assessed_on":"2026-10-01","source":"LIA","values":{"stage":{"value":2},"domain.work":{"value":0},"lived_experience":{"value":0}}}`
	for code, body := range map[string]string{"GM0363": amsterdam, "GM0344": utrecht} {
		if status, v := put(t, ts.URL+"/api/municipalities/"+code+"/assessment", tok, body); status != 201 {
			t.Fatalf("PUT %s: %d %v", code, status, v)
		}
	}
	return ts.URL
}

// TestMapSVGColoursEveryMetricAsThePageDoes protects ?metric= on
// /api/map.svg: for one metric of each kind (a 0–100 score, the stage, an
// indicator's levels, the stakeholder count) the drawing has all 342
// municipalities, the attribution, the page's legend (heading, colours,
// labels, the hatched unknown class) and every fill is a legend colour;
// a recorded 0 is a colour, a missing value is hatched (never 0), and too
// little data hatches the score.
func TestMapSVGColoursEveryMetricAsThePageDoes(t *testing.T) {
	base := metricServer(t)
	seq5, seq4, stage6 := pagePalette(t, "SEQ5"), pagePalette(t, "SEQ4"), pagePalette(t, "STAGE6")
	const hatch = "url(#hatch)"
	cases := []struct {
		metric, heading string
		palette         []string
		labels          []string
		want            map[string]string // code -> fill
	}{
		{"stage", "Fase van de lokale inclusieagenda", stage6,
			[]string{"1 Niet gestart", "2 Verkennend / op de agenda", "3 LIA in ontwikkeling", "4 LIA vastgesteld", "5 LIA in uitvoering", "6 Gemonitord en bijgesteld"},
			map[string]string{"GM0363": stage6[3], "GM0344": stage6[1], "GM0014": hatch}},
		{"score", "Totaalscore (0–100)", seq5, []string{"0–20", "20–40", "40–60", "60–80", "80–100"},
			map[string]string{"GM0344": hatch, "GM0014": hatch}},
		{"domains", "Leefdomeinen samen (0–100)", seq5, []string{"0–20", "20–40", "40–60", "60–80", "80–100"},
			map[string]string{"GM0344": hatch, "GM0014": hatch}},
		{"domain.work", "Leefdomein: Werk", seq4, []string{"0 Geen aandacht", "1 In plan", "2 Maatregelen lopen", "3 Resultaten aangetoond"},
			map[string]string{"GM0363": seq4[2], "GM0344": seq4[0], "GM0014": hatch}},
		{"domain.housing", "Leefdomein: Wonen", seq4, nil, map[string]string{"GM0363": seq4[1], "GM0344": hatch}},
		{"lived_experience", "Betrokkenheid ervaringsdeskundigen", seq4, []string{"0 Niet betrokken", "1 Geraadpleegd", "2 Structureel betrokken", "3 Medebeslissend en betaald"},
			map[string]string{"GM0363": seq4[3], "GM0344": seq4[0], "GM0014": hatch}},
		{"stakeholders", "Betrokken belanghebbendengroepen (aantal)", seq5, []string{"0", "1–3", "4–7", "8–11", "12 +"},
			map[string]string{"GM0363": seq5[2], "GM0014": hatch}},
	}
	for _, c := range cases {
		t.Run(c.metric, func(t *testing.T) {
			r := get(t, base+"/api/map.svg?metric="+c.metric)
			if r.status != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "image/svg+xml") {
				t.Fatalf("status %d, type %q: %.300s", r.status, r.header.Get("Content-Type"), r.body)
			}
			d := readDrawing(t, r.body)
			if d.paths != 342 {
				t.Errorf("%d paths, want 342", d.paths)
			}
			if !strings.Contains(d.text, "Bron: CBS, Kadaster · CC BY 4.0") {
				t.Error("no attribution")
			}
			if d.legendHeading != c.heading {
				t.Errorf("legend heading %q, want %q", d.legendHeading, c.heading)
			}
			if want := append(slices.Clone(c.palette), hatch); !slices.Equal(d.legend, want) {
				t.Errorf("legend colours %v, want the page's %v", d.legend, want)
			}
			if c.labels != nil {
				if want := append(slices.Clone(c.labels), "Onbekend of onvoldoende gegevens (gearceerd)"); !slices.Equal(d.legendLabels, want) {
					t.Errorf("legend labels %q, want %q", d.legendLabels, want)
				}
			}
			for code, fill := range d.fills {
				if !slices.Contains(d.legend, fill) {
					t.Errorf("%s is filled %q, not a legend colour", code, fill)
				}
			}
			for code, want := range c.want {
				if d.fills[code] != want {
					t.Errorf("%s filled %q, want %q", code, d.fills[code], want)
				}
			}
			if c.metric == "score" || c.metric == "domains" {
				if f := d.fills["GM0363"]; f == hatch || f == "" {
					t.Errorf("Amsterdam (scored) is %q", f)
				}
			}
		})
	}
	en := readDrawing(t, get(t, base+"/api/map.svg?metric=domain.work&lang=en").body)
	if en.legendHeading != "Life domain: Work" || en.legendLabels[0] != "0 No attention" || en.legendLabels[4] != "Unknown or insufficient data (hatched)" {
		t.Errorf("English legend: %q %q", en.legendHeading, en.legendLabels)
	}
}

// TestMapSVGRefusesAnUnknownMetric protects the metric parameter of
// /api/map.svg and /embed: a metric off the page's list is a 400 whose
// sentence names the parameter and lists what is accepted.
func TestMapSVGRefusesAnUnknownMetric(t *testing.T) {
	base := metricServer(t)
	for _, u := range []string{"/api/map.svg?metric=colour", "/embed?metric=colour", "/api/map.svg?metric=route.1", "/api/map.svg?metric=score&metric=stage"} {
		r := get(t, base+u)
		wantJSONError(t, u, r, 400, "bad_request", "parameter metric")
	}
	var e struct{ Error string }
	json.Unmarshal(get(t, base+"/api/map.svg?metric=colour").body, &e)
	want := `parameter metric: "colour" is not a metric of the map; the metrics are score, stage, domains, domain.education, domain.work, domain.housing, domain.public_space, domain.information, domain.buildings, domain.mobility, domain.care_support, domain.participation, domain.public_services, lived_experience, stakeholders`
	if e.Error != want {
		t.Errorf("got  %s\nwant %s", e.Error, want)
	}
}

// TestEmbedShowsTheMetricOfTheView protects ?metric= on /embed: the heading,
// the legend and the selected municipality's value follow the metric, and
// the link back to the full map keeps it.
func TestEmbedShowsTheMetricOfTheView(t *testing.T) {
	base := metricServer(t)
	r := get(t, base+"/embed?metric=domain.work&sel=GM0344&province=PV26")
	if r.status != 200 {
		t.Fatalf("status %d: %s", r.status, r.body)
	}
	body := string(r.body)
	for _, want := range []string{"<h1>Leefdomein: Werk per gemeente, Utrecht (2025)</h1>", "Legenda: Leefdomein: Werk</h2>",
		"Leefdomein: Werk: 0 Geen aandacht.", "0 Geen aandacht <span class=\"count\">(1 gemeente)</span>", "?metric=domain.work&amp;province=PV26&amp;sel=GM0344",
		`<path id="GM0344" class="selected" fill="#ffffcc"`, "Onbekend of onvoldoende gegevens (gearceerd)"} {
		if !strings.Contains(body, want) {
			t.Errorf("/embed?metric=domain.work lacks %q", want)
		}
	}
}

// TestMapSVGShowsTheMetricOnAPastDay protects ?date= with ?metric=: the
// drawing of a past day colours by that day's values, today's by today's.
func TestMapSVGShowsTheMetricOnAPastDay(t *testing.T) {
	ts, _, tok := editServer(t, false)
	for _, body := range []string{
		`{"assessed_on":"2026-09-01","source":"LIA","values":{"domain.work":{"value":1},"lived_experience":{"value":1}}}`,
		`{"assessed_on":"2026-11-01","source":"Uitvoering","values":{"domain.work":{"value":3}}}`,
	} {
		if status, v := put(t, ts.URL+"/api/municipalities/GM0363/assessment", tok, body); status != 201 {
			t.Fatalf("PUT: %d %v", status, v)
		}
	}
	seq4 := pagePalette(t, "SEQ4")
	for _, c := range []struct{ query, want string }{
		{"metric=domain.work&date=2026-10-01", seq4[1]},
		{"metric=domain.work", seq4[3]},
		{"metric=lived_experience&date=2026-10-01", seq4[1]},
		{"metric=lived_experience", "url(#hatch)"}, // the newer version records no value: unknown, not 0
	} {
		r := get(t, ts.URL+"/api/map.svg?"+c.query)
		if r.status != 200 {
			t.Fatalf("%s: %d %s", c.query, r.status, r.body)
		}
		if got := readDrawing(t, r.body).fills["GM0363"]; got != c.want {
			t.Errorf("%s: Amsterdam filled %q, want %q", c.query, got, c.want)
		}
	}
}
