package ogc_test

import (
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
)

// codesOf returns the sorted feature ids of every municipality the items
// query q (without limit) selects, or the error response.
func codesOf(t *testing.T, base, q string) ([]string, response) {
	t.Helper()
	r := get(t, base+"?limit=1000&properties=code&"+q)
	if r.status != 200 {
		return nil, r
	}
	var fc struct {
		NumberMatched int
		Features      []struct{ ID string }
	}
	if err := json.Unmarshal(r.body, &fc); err != nil {
		t.Fatal(err)
	}
	out := []string{}
	for _, f := range fc.Features {
		out = append(out, f.ID)
	}
	if fc.NumberMatched != len(out) {
		t.Errorf("%s: numberMatched %d, %d features", q, fc.NumberMatched, len(out))
	}
	slices.Sort(out)
	return out, r
}

// cql2Case is one filter with its known answer: the same selection as the
// property-filter query sameAs, the codes in want, a count, or an error that
// names errToken.
type cql2Case struct {
	lang     string // "" = cql2-text (default)
	filter   string
	sameAs   string   // items query with property filters or bbox selecting the same
	want     []string // exact codes
	count    int      // exact number of features, when > 0 (or -1 for none)
	errToken string   // a 400 whose message contains this
}

// TestCQL2FiltersAgainstKnownAnswers runs CQL2 filters (text and JSON, valid
// and invalid) over the real 2025 boundaries with the test assessments and
// compares each with the same selection made by the property filters or the
// bbox parameter, or with the known codes.
func TestCQL2FiltersAgainstKnownAnswers(t *testing.T) {
	ts, _, _ := newServer(t)
	base := ts.URL + "/ogc/collections/municipalities/items"
	assessed := []string{"GM0014", "GM0034", "GM0363"}
	amsterdamBox := "4.7,52.3,5.1,52.45"
	js := "cql2-json"
	cases := []cql2Case{
		// Basic CQL2, text.
		{filter: "stage >= 4", sameAs: "stage=4,5,6", want: assessed},
		{filter: "stage > 4", want: []string{"GM0363"}},
		{filter: "stage = 5", sameAs: "stage=5"},
		{filter: "stage <> 4", want: []string{"GM0363"}}, // null is unknown, never selected
		{filter: "stage < 5", sameAs: "stage=1,2,3,4"},
		{filter: "stage <= 4", sameAs: "stage=1,2,3,4"},
		{filter: "4 <= stage", sameAs: "stage=4,5,6"},
		{filter: "koploper = true", sameAs: "koploper=true"},
		{filter: "koploper = 1", sameAs: "koploper=1"},
		{filter: "koploper = 0", sameAs: "koploper=false"},
		{filter: "KOPLOPER = TRUE", errToken: "KOPLOPER"}, // property names are case-sensitive
		{filter: "koploper = TRUE", sameAs: "koploper=true"},
		{filter: "koploper <> true", sameAs: "koploper=false"},
		{filter: "NOT koploper = true", sameAs: "koploper=0"},
		{filter: "stage IS NULL", sameAs: "stage=null"},
		{filter: "stage IS NOT NULL", sameAs: "stage=1,2,3,4,5,6"},
		{filter: "NOT (stage IS NULL)", sameAs: "stage=1,2,3,4,5,6"},
		{filter: "basis = 'network_review' AND stage IS NOT NULL", sameAs: "basis=network_review&stage=1,2,3,4,5,6"},
		{filter: "stage >= 4 AND koploper = true", sameAs: "stage=4,5,6&koploper=true"},
		{filter: "stage = 5 OR code = 'GM0034'", want: []string{"GM0034", "GM0363"}},
		{filter: "(stage = 5 OR stage = 4) AND NOT code = 'GM0014'", want: []string{"GM0034", "GM0363"}},
		{filter: "province_code = 'PV26'", sameAs: "province_code=PV26", count: 26},
		{filter: "name = 'Súdwest-Fryslân'", want: []string{"GM1900"}},
		{filter: "name = 'Land van Cuijk'", want: []string{"GM1982"}},
		{filter: `"name" = 'Amsterdam'`, want: []string{"GM0363"}},
		{filter: "score > 0 AND completeness >= 0", sameAs: "stage=1,2,3,4,5,6"},
		{filter: "assessed_on >= DATE('2025-05-01')", want: []string{"GM0014", "GM0363"}},
		{filter: "assessed_on < TIMESTAMP('2025-04-01T00:00:00Z')", want: []string{"GM0034"}},
		{filter: "assessed_on < timestamp('2025-04-01t00:00:00.000z')", want: []string{"GM0034"}},
		{filter: "assessed_on = '2025-06-01'", want: []string{"GM0363"}},
		{filter: "year = 2025 AND demo = false", count: 342},
		{filter: "TRUE", count: 342},
		{filter: "false", count: -1},
		{filter: "S_INTERSECTS(geometry, BBOX(4.7,52.3,5.1,52.45))", sameAs: "bbox=" + amsterdamBox},
		{filter: "s_intersects(BBOX(4.7, 52.3, 5.1, 52.45), geometry)", sameAs: "bbox=" + amsterdamBox},
		{filter: "S_INTERSECTS(geometry, POINT(4.9 52.37))", want: []string{"GM0363"}},
		{filter: "S_INTERSECTS(geometry, BBOX(4.7,52.3,5.1,52.45)) AND stage IS NOT NULL", sameAs: "bbox=" + amsterdamBox + "&stage=1,2,3,4,5,6"},
		{filter: "S_INTERSECTS(geometry, POINT(0 0))", count: -1},
		{filter: "geometry IS NULL", count: -1}, // every municipality has its boundary
		{filter: "geometry IS NOT NULL AND code = 'GM0363'", want: []string{"GM0363"}},
		{lang: js, filter: `{"op":"isNull","args":[{"property":"geometry"}]}`, count: -1},
		// Basic CQL2, JSON.
		{lang: js, filter: `{"op":">=","args":[{"property":"stage"},4]}`, want: assessed},
		{lang: js, filter: `{"op":"=","args":[{"property":"koploper"},true]}`, sameAs: "koploper=true"},
		{lang: js, filter: `{"op":"=","args":[{"property":"koploper"},1]}`, sameAs: "koploper=true"},
		{lang: js, filter: `{"op":"and","args":[{"op":"=","args":[{"property":"basis"},"network_review"]},{"op":"not","args":[{"op":"isNull","args":[{"property":"stage"}]}]}]}`, sameAs: "basis=network_review&stage=1,2,3,4,5,6"},
		{lang: js, filter: `{"op":"or","args":[{"op":"=","args":[{"property":"stage"},5]},{"op":"=","args":[{"property":"code"},"GM0034"]}]}`, want: []string{"GM0034", "GM0363"}},
		{lang: js, filter: `{"op":"isNull","args":[{"property":"stage"}]}`, sameAs: "stage=null"},
		{lang: js, filter: `{"op":"s_intersects","args":[{"property":"geometry"},{"bbox":[4.7,52.3,5.1,52.45]}]}`, sameAs: "bbox=" + amsterdamBox},
		{lang: js, filter: `{"op":"s_intersects","args":[{"property":"geometry"},{"type":"Point","coordinates":[4.9,52.37]}]}`, want: []string{"GM0363"}},
		{lang: js, filter: `{"op":">","args":[{"property":"assessed_on"},{"date":"2025-05-01"}]}`, want: []string{"GM0363"}},
		{lang: js, filter: `true`, count: 342},
		{lang: "cql-text", filter: "stage >= 4", want: assessed}, // GDAL 3.6's name of cql2-text
		// Advanced comparison operators.
		{filter: "name LIKE 'Amster%'", want: []string{"GM0363"}},
		{filter: "name LIKE 'amster%'", count: -1}, // case-sensitive
		{filter: "name LIKE '_msterdam'", want: []string{"GM0363"}},
		{filter: `name LIKE '\'s-%'`, want: []string{"GM0518", "GM0796"}}, // CQL2's two escapes of a quote: \' and ''
		{filter: "name like '''s-%'", want: []string{"GM0518", "GM0796"}}, // 's-Gravenhage, 's-Hertogenbosch
		{filter: "stage IN (4, 5)", sameAs: "stage=4,5"},
		{filter: "stage NOT IN (4, 6)", sameAs: "stage=5"}, // null is unknown, never selected
		{filter: "code IN ('GM0363', 'GM0014', 'GM9999')", want: []string{"GM0014", "GM0363"}},
		{filter: "stage BETWEEN 4 AND 5 AND koploper = true", sameAs: "stage=4,5&koploper=true"},
		{filter: "stage NOT BETWEEN 1 AND 4", sameAs: "stage=5,6"},
		{lang: js, filter: `{"op":"like","args":[{"property":"name"},"Amster%"]}`, want: []string{"GM0363"}},
		{lang: js, filter: `{"op":"in","args":[{"property":"stage"},[4,5]]}`, sameAs: "stage=4,5"},
		{lang: js, filter: `{"op":"between","args":[{"property":"stage"},4,5]}`, sameAs: "stage=4,5"},
		// Errors: a 400 naming the token at fault.
		{filter: "colour = 'red'", errToken: "colour"},
		{filter: "stage >= 'four'", errToken: "'four'"},
		{filter: "koploper = 2", errToken: "2"},
		{filter: "stage >=", errToken: "end of filter"},
		{filter: "stage >= 4 AND", errToken: "end of filter"},
		{filter: "stage >= 4 koploper = true", errToken: "koploper"},
		{filter: "(stage >= 4", errToken: "end of filter"},
		{filter: "stage >= 4)", errToken: ")"},
		{filter: "name = 'Amsterdam", errToken: "'Amsterdam"},
		{filter: "stage == 4", errToken: "="},
		{filter: "stage ! 4", errToken: "!"},
		{filter: "stage IS 4", errToken: "4"},
		{filter: "stage LIKE 4", errToken: "LIKE"},
		{filter: "stage = code", errToken: "code"},
		{filter: "geometry = 4", errToken: "4"},
		{filter: "assessed_on = DATE('2025-13-01')", errToken: "2025-13-01"},
		{filter: "S_INTERSECTS(geometry, BBOX(4.7,52.3,5.1))", errToken: "BBOX"},
		{filter: "S_INTERSECTS(geometry, BBOX(5.1,52.3,4.7,52.45))", errToken: "BBOX"},
		{filter: "S_INTERSECTS(stage, BBOX(4.7,52.3,5.1,52.45))", errToken: "stage"},
		{filter: "S_INTERSECTS(geometry, POLYGON((4 52, 5 52, 5 53, 4 52)))", errToken: "POLYGON"},
		{filter: "S_WITHIN(geometry, POINT(4.9 52.37))", errToken: "S_WITHIN"},
		{filter: "", errToken: "empty"},
		{filter: `{"op":"=","args":[{"property":"stage"},4]}`, errToken: "cql2-json"}, // JSON without filter-lang
		{lang: js, filter: `{"op":"like","args":[{"property":"stage"},"4%"]}`, errToken: "not text"},
		{lang: js, filter: `{"op":"=","args":[{"property":"colour"},"red"]}`, errToken: "colour"},
		{lang: js, filter: `{"op":"=","args":[{"property":"stage"},"four"]}`, errToken: "args[1]"},
		{lang: js, filter: `{"op":"and","args":[{"op":"=","args":[{"property":"stage"},4]}]}`, errToken: "at least 2"},
		{lang: js, filter: `{"op":"s_intersects","args":[{"property":"geometry"},{"bbox":[4.7,52.3]}]}`, errToken: "BBOX"},
		{lang: js, filter: `{"op":">=","args":[{"property":"stage"},4]`, errToken: "not JSON"},
		{lang: js, filter: `stage >= 4`, errToken: "not JSON"},
	}
	if len(cases) < 40 {
		t.Fatalf("only %d cases", len(cases))
	}
	for _, tc := range cases {
		q := url.Values{"filter": {tc.filter}}
		if tc.lang != "" {
			q.Set("filter-lang", tc.lang)
		}
		name := fmt.Sprintf("%s %s", tc.lang, tc.filter)
		got, r := codesOf(t, base, q.Encode())
		if tc.errToken != "" {
			var e struct{ Error, Code string }
			if r.status != 400 || json.Unmarshal(r.body, &e) != nil || e.Code != "bad_request" || !strings.Contains(e.Error, "filter") || !strings.Contains(e.Error, tc.errToken) {
				t.Errorf("%s: want a 400 naming %q, got %d %.300s", name, tc.errToken, r.status, r.body)
			}
			continue
		}
		if got == nil {
			t.Errorf("%s: %d %.300s", name, r.status, r.body)
			continue
		}
		if tc.sameAs != "" {
			want, wr := codesOf(t, base, tc.sameAs)
			if want == nil {
				t.Fatalf("%s: the comparison query %s: %d %s", name, tc.sameAs, wr.status, wr.body)
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s: %d features %v; ?%s gives %d %v", name, len(got), clipList(got), tc.sameAs, len(want), clipList(want))
			}
			if len(want) == 0 {
				t.Errorf("%s: the comparison ?%s selects nothing: a weak test", name, tc.sameAs)
			}
		}
		if tc.want != nil && !slices.Equal(got, tc.want) {
			t.Errorf("%s: %v, want %v", name, clipList(got), tc.want)
		}
		if (tc.count > 0 && len(got) != tc.count) || (tc.count < 0 && len(got) != 0) {
			t.Errorf("%s: %d features, want %d", name, len(got), max(tc.count, 0))
		}
	}
}

func clipList(s []string) []string {
	if len(s) > 8 {
		return append(s[:8:8], "…")
	}
	return s
}

// TestFilterParametersAreStrict: filter-lang and filter-crs take only what
// is implemented, and need a filter; CRS84 is accepted; paging keeps the
// filter in next links.
func TestFilterParametersAreStrict(t *testing.T) {
	ts, _, _ := newServer(t)
	base := ts.URL + "/ogc/collections/municipalities/items?"
	for q, param := range map[string]string{
		"filter=stage>4&filter-lang=ecql":                                       "filter-lang",
		"filter=stage>4&filter-crs=http://www.opengis.net/def/crs/EPSG/0/28992": "filter-crs",
		"filter-lang=cql2-text":                                                 "filter-lang",
		"filter-crs=http://www.opengis.net/def/crs/OGC/1.3/CRS84":               "filter-crs",
		"filter=stage>4&filter=stage<2":                                         "filter",
	} {
		r := get(t, base+q)
		var e struct{ Error, Code string }
		if r.status != 400 || json.Unmarshal(r.body, &e) != nil || !strings.Contains(e.Error, param) {
			t.Errorf("%s: want a 400 naming %s, got %d %s", q, param, r.status, r.body)
		}
	}
	r := get(t, base+"filter="+url.QueryEscape("S_INTERSECTS(geometry, BBOX(4.7,52.3,5.1,52.45))")+"&filter-crs="+url.QueryEscape("http://www.opengis.net/def/crs/OGC/1.3/CRS84"))
	if r.status != 200 {
		t.Errorf("filter-crs CRS84: %d %s", r.status, r.body)
	}
	// Paging under a filter: next links keep it, pages add up.
	seen := 0
	u := base + "limit=5&filter=" + url.QueryEscape("province_code = 'PV26'")
	for i := 0; u != "" && i < 20; i++ {
		p, _ := fetchPage(t, u)
		seen += len(p.Features)
		u = p.Links.href("next")
		if u != "" && !strings.Contains(u, "filter=") {
			t.Errorf("next link lost the filter: %s", u)
		}
	}
	if seen != 26 {
		t.Errorf("paging under a filter: %d features, want 26", seen)
	}
}
