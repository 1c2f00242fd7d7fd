package server_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/inclusiekaart/inclusiekaart/internal/atlas"
	"github.com/inclusiekaart/inclusiekaart/internal/server"
	"github.com/inclusiekaart/inclusiekaart/internal/testutil"
)

var (
	firstViewBlock = regexp.MustCompile(`(?s)<div class="map-first" id="map-first" aria-hidden="true"><svg viewBox="0 0 (\d+) (\d+)" focusable="false">(.*?)</svg></div>`)
	firstViewFill  = regexp.MustCompile(`<path fill="([^"]+)" vector-effect="non-scaling-stroke" d="([^"]+)"/>`)
)

// firstViewFills is the drawing's fills with the number of shapes (subpaths
// that start with M) in each, or nil when / has no drawing.
func firstViewFills(t *testing.T, body []byte) map[string]int {
	t.Helper()
	m := firstViewBlock.FindSubmatch(body)
	if m == nil {
		return nil
	}
	out := map[string]int{}
	for _, p := range firstViewFill.FindAllSubmatch(m[3], -1) {
		out[string(p[1])] += strings.Count(string(p[2]), "M")
	}
	return out
}

// TestTheMapPageCarriesTodaysMapAsItsFirstView protects the first view of /:
// the page itself carries a drawing of every municipality in the colour of
// its stage today (unknown hatched), which follows a new assessment, and a
// page whose address asks for another view does not.
func TestTheMapPageCarriesTodaysMapAsItsFirstView(t *testing.T) {
	ts, _, tok := editServer(t, false)
	page := get(t, ts.URL+"/")
	if page.status != 200 || page.header.Get("Cache-Control") != "no-cache" {
		t.Fatalf("/: %d, Cache-Control %q", page.status, page.header.Get("Cache-Control"))
	}
	fills := firstViewFills(t, page.body)
	if fills == nil {
		t.Fatal("/ has no drawing of the map")
	}
	shapes := 0
	for _, n := range fills {
		shapes += n
	}
	// 342 municipalities, some in more than one part (islands).
	if shapes < 342 || len(fills) != 1 || fills["url(#first-hatch)"] == 0 {
		t.Errorf("before any assessment: fills %v (%d shapes), want all 342 hatched", fills, shapes)
	}
	if !strings.Contains(string(page.body), `<pattern id="first-hatch"`) {
		t.Error("the hatching of unknown is not defined in the drawing")
	}
	// Its legend for readers without JavaScript: the six stages and unknown.
	legend := regexp.MustCompile(`(?s)<noscript><p class="legend-noscript">[^<]+</p><ul class="legend">(.*?)</ul></noscript>`).FindSubmatch(page.body)
	if legend == nil || strings.Count(string(legend[1]), "<li>") != 7 || !strings.Contains(string(legend[1]), "url(#first-hatch)") {
		t.Errorf("legend of the drawing: %q", legend)
	}

	if status, body := put(t, ts.URL+"/api/municipalities/GM0344/assessment", tok, goodBody); status != 201 && status != 200 {
		t.Fatalf("PUT: %d %v", status, body)
	}
	after := get(t, ts.URL+"/")
	if after.header.Get("ETag") == page.header.Get("ETag") {
		t.Error("the page kept its ETag after an assessment changed the map")
	}
	// The colour the map gives Utrecht (stage 4) is the colour of the drawing's one coloured shape.
	svg := get(t, ts.URL+"/api/map.svg")
	want := regexp.MustCompile(`<path id="GM0344" fill="(#[0-9a-f]{6})"`).FindSubmatch(svg.body)
	if want == nil {
		t.Fatal("/api/map.svg does not colour GM0344")
	}
	fills = firstViewFills(t, after.body)
	if fills[string(want[1])] != 1 || len(fills) != 2 {
		t.Errorf("after Utrecht's assessment: fills %v, want one shape in %s", fills, want[1])
	}

	if en := get(t, ts.URL+"/?lang=en"); firstViewFills(t, en.body) == nil {
		t.Error("/?lang=en has no drawing (it has no words, so it fits every language)")
	}
	for _, u := range []string{"/?metric=score", "/?sel=GM0344", "/?date=2020-01-01", "/?view=table", "/?lang=en&map=9/52.1/5.1"} {
		r := get(t, ts.URL+u)
		if r.status != 200 || firstViewFills(t, r.body) != nil || strings.Contains(string(r.body), "map-first") || strings.Contains(string(r.body), "legend-noscript") || strings.Contains(string(r.body), "<!-- first view") {
			t.Errorf("%s: %d, drawing or its place on the page", u, r.status)
		}
		if !strings.Contains(string(r.body), `id="map"`) {
			t.Errorf("%s: not the map page", u)
		}
	}
}

// TestTheMapPageWithoutBoundariesStillServes protects a fresh installation:
// with no boundaries imported, / is the map page without a drawing.
func TestTheMapPageWithoutBoundariesStillServes(t *testing.T) {
	st, _ := testutil.OpenStore(t)
	ts := serve(t, st, atlas.Config{}, server.Config{})
	r := get(t, ts.URL+"/")
	if r.status != 200 || !strings.Contains(string(r.body), `id="map"`) || firstViewFills(t, r.body) != nil {
		t.Errorf("/ without boundaries: %d, drawing %v", r.status, firstViewFills(t, r.body) != nil)
	}
}
