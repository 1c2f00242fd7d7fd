package ogc_test

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"
)

// TestHostileFiltersAreA400NamingTheFault sends filters no client should
// send — unknown names, wrong types, broken syntax, deep nesting, overlong
// text, control characters, SQL look-alikes, broken geometry — and
// checks each is a 400 JSON error naming the parameter and the token or
// position at fault: never a 500, never a crash, never a result.
func TestHostileFiltersAreA400NamingTheFault(t *testing.T) {
	ts, _, _ := newServer(t)
	base := ts.URL + "/ogc/collections/municipalities/items?"
	deepText := strings.Repeat("(", 10000) + "stage = 4" + strings.Repeat(")", 10000)
	deepNot := strings.Repeat("NOT ", 3000) + "stage = 4"
	deepJSON := strings.Repeat(`{"op":"not","args":[`, 5000) + `true` + strings.Repeat(`]}`, 5000)
	deepArrays := strings.Repeat("[", 20000) + strings.Repeat("]", 20000)
	longIn := "stage IN (" + strings.Repeat("1,", 5000) + "1)"
	for _, tc := range []struct {
		query string // filter (cql2-text), or a whole query when it starts with filter
		want  []string
	}{
		// Names and types.
		{"colour = 'red'", []string{"colour", "position 1"}},
		{`"Stage" = 4`, []string{"Stage"}},
		{"stage = 'vier'", []string{"'vier'", "position 9"}},
		{"stage = TRUE", []string{"TRUE"}},
		{"koploper = 'yes'", []string{"'yes'"}},
		{"assessed_on > 2025", []string{"2025"}},
		{"assessed_on > DATE('2025-02-30')", []string{"2025-02-30"}},
		{"assessed_on > TIMESTAMP('yesterday')", []string{"yesterday"}},
		{"name > 5", []string{"5"}},
		{"stage LIKE '4%'", []string{"LIKE"}},
		{"name LIKE 5", []string{"5"}},
		{"stage IN ()", []string{")"}},
		{"stage IN (1, 'twee')", []string{"'twee'"}},
		{"stage IN 1, 2", []string{"1"}},
		{"stage BETWEEN 1", []string{"end of filter"}},
		{"stage BETWEEN 1 OR 3", []string{"OR"}},
		{"stage NOT 4", []string{"NOT"}},
		{"'Amsterdam' LIKE name", []string{"'Amsterdam'"}},
		{"stage = stage", []string{"stage"}},
		{"stage = 1e999", []string{"1e999"}},
		{"stage = 4.5.6", []string{"4.5.6"}},
		{"stage = -", []string{"-"}},
		// Syntax.
		{"name = 'Amsterdam", []string{"'Amsterdam", "position 8"}},
		{`"name = 'x'`, []string{`"name`}},
		{"(stage = 4", []string{"end of filter"}},
		{"stage = 4)", []string{")", "position 10"}},
		{"((stage = 4)", []string{"end of filter"}},
		{"()", []string{")"}},
		{"stage = 4 AND", []string{"end of filter"}},
		{"AND stage = 4", []string{"AND", "position 1"}},
		{"stage = 4 OR OR stage = 5", []string{"OR", "position 14"}},
		{"NOT", []string{"end of filter"}},
		{"stage", []string{"end of filter"}},
		{"stage IS NOT", []string{"end of filter"}},
		{"stage = 4;", []string{";"}},
		{"stage = 4 -- comment", []string{"-"}},
		{"stage = 4 /* x */", []string{"/"}},
		{"filter=", []string{"empty"}},
		{"filter=%20%09%0A", []string{"empty"}},
		// Size and depth.
		{deepText, []string{"longer than"}},
		{strings.Repeat("(", 3900) + "stage = 4" + strings.Repeat(")", 3900), []string{"nested too deeply", "position"}},
		{deepNot, []string{"longer than"}},
		{strings.Repeat("NOT ", 1900) + "stage = 4", []string{"nested too deeply", "position"}},
		{strings.Repeat("stage = 4 AND ", 600) + "stage = 4", []string{"longer than"}},
		{longIn, []string{"longer than"}},
		{"filter-lang=cql2-json&filter=" + url.QueryEscape(deepJSON), []string{"longer than"}},
		{"filter-lang=cql2-json&filter=" + url.QueryEscape(strings.Repeat(`{"op":"not","args":[`, 300)+`true`+strings.Repeat(`]}`, 300)), []string{"nested too deeply"}},
		{"filter-lang=cql2-json&filter=" + url.QueryEscape(deepArrays[:3000]+deepArrays[len(deepArrays)-3000:]), []string{"filter"}},
		// Characters.
		{"name = 'Amsterdam'\x00", []string{`\x00`, "position 19"}},
		{"stage\x00= 4", []string{`\x00`, "position 6"}},
		{"filter=" + "name%20%3D%20%27%FF%27", []string{"UTF-8", "position 9"}},
		{"name = 'Súdwest-Fryslân' OR ☃ = 1", []string{"☃", "position 29"}},
		{"name = 'x' AND 名前 = 'y'", []string{"名前", "position 16"}},
		{"stage ≥ 4", []string{"≥", "position 7"}},
		{"name = ‘Amsterdam’", []string{"‘"}},
		// SQL look-alikes: a 400 at the first token that is not CQL2.
		{"name = 'x'; DROP TABLE areas; --", []string{";", "position 11"}},
		{"name = 'x' OR 1=1", []string{"1", "comparison needs a property"}},
		{"stage = 4 UNION SELECT * FROM accounts", []string{"UNION", "position 11"}},
		{"code = 'GM0363' OR code = (SELECT code FROM areas)", []string{"(", "position 27"}},
		{"stage = 4) OR (1 = 1", []string{")"}},
		{"name = \"x\" OR \"1\" = \"1\"", []string{"unknown property", "position 8"}},
		// Languages, CRS and geometry.
		{"filter-lang=cql2&filter=stage%3D4", []string{"filter-lang", `"cql2"`}},
		{"filter-lang=CQL2-TEXT&filter=stage%3D4", []string{"filter-lang"}},
		{"filter-lang=cql2-json&filter=stage%3D4", []string{"not JSON"}},
		{"filter-lang=cql2-json&filter=" + url.QueryEscape(`{"op":"=","args":[{"property":"stage"},4]}x`), []string{"after the JSON"}},
		{"filter-lang=cql2-json&filter=" + url.QueryEscape(`{"op":"in","args":[{"property":"stage"},[]]}`), []string{"args[1]"}},
		{"filter-lang=cql2-json&filter=" + url.QueryEscape(`{"op":"like","args":[{"property":"stage"},"4%"]}`), []string{"args[1]", "not text"}},
		{"filter-lang=cql2-json&filter=" + url.QueryEscape(`{"op":"between","args":[{"property":"stage"},1]}`), []string{"3 argument"}},
		{"filter-lang=cql2-json&filter=" + url.QueryEscape(`null`), []string{"$"}},
		{"filter-lang=cql2-json&filter=" + url.QueryEscape(`{"op":"=","args":[{"property":"stage"},null]}`), []string{"args[1]"}},
		{"filter-lang=cql2-json&filter=" + url.QueryEscape(`{"op":"=","args":[{"property":"name"},"x'); DROP TABLE areas; --"]}x`), []string{"after the JSON"}},
		{"filter-crs=EPSG:4326&filter=stage%3D4", []string{"filter-crs"}},
		{"S_INTERSECTS(geometry, POLYGON((4 52, 5 52, 5 53, 4 52)))", []string{"POLYGON"}},
		{"S_INTERSECTS(geometry, BBOX(4,52,5))", []string{"BBOX"}},
		{"S_INTERSECTS(geometry, BBOX(4,52,5,53,6,7,8))", []string{"BBOX", "4 numbers", "position 24"}},
		{"S_INTERSECTS(geometry, BBOX(5,52,4,53))", []string{"BBOX", "greater"}},
		{"S_INTERSECTS(geometry, BBOX(4,52,500,53))", []string{"BBOX", "outside"}},
		{"S_INTERSECTS(geometry, BBOX(4 52 5 53))", []string{"52"}},
		{"S_INTERSECTS(geometry, BBOX('4',52,5,53))", []string{"'4'"}},
		{"S_INTERSECTS(geometry, POINT(4.9))", []string{"POINT"}},
		{"S_INTERSECTS(geometry, POINT(4.9 52.3 7))", []string{"POINT", "two numbers"}},
		{"S_INTERSECTS(geometry, POINT(200 52))", []string{"outside"}},
		{"S_INTERSECTS(geometry)", []string{")"}},
		{"S_INTERSECTS(geometry, geometry)", []string{"S_INTERSECTS"}},
		{"S_INTERSECTS(BBOX(4,52,5,53), BBOX(4,52,5,53))", []string{"BBOX"}},
		{"S_INTERSECTS(geometry, BBOX(4,52,5,53)) = TRUE", []string{"="}},
		{"filter-lang=cql2-json&filter=" + url.QueryEscape(`{"op":"s_intersects","args":[{"property":"geometry"},{"type":"Polygon","coordinates":[[[4,52],[5,52],[5,53],[4,52]]]}]}`), []string{"args[1]"}},
		{"filter-lang=cql2-json&filter=" + url.QueryEscape(`{"op":"s_intersects","args":[{"property":"geometry"},{"bbox":[4,52,"5",53]}]}`), []string{"bbox[2]"}},
		{"filter-lang=cql2-json&filter=" + url.QueryEscape(`{"op":"s_intersects","args":[{"property":"geometry"},{"type":"Point","coordinates":[4.9]}]}`), []string{"coordinates"}},
	} {
		q := tc.query
		if !strings.HasPrefix(q, "filter") {
			q = "filter=" + url.QueryEscape(tc.query)
		}
		r := get(t, base+q)
		var e struct{ Error, Code string }
		err := json.Unmarshal(r.body, &e)
		ok := r.status == 400 && err == nil && e.Code == "bad_request" && strings.Contains(e.Error, "filter")
		for _, w := range tc.want {
			ok = ok && strings.Contains(e.Error, w)
		}
		if !ok {
			t.Errorf("%.80q: want a 400 naming %q, got %d %.400s", tc.query, tc.want, r.status, r.body)
		}
	}
}

// TestLongValidFiltersAnswerLikeTheirShortForms: filters at the length limit
// that SQL finds hard (an IN list of thousands, a chain of hundreds of ORs,
// a long LIKE pattern, many spatial tests) select what their short forms
// select; none is a 500 (SQLite refuses expressions deeper than 1000 and more
// than 32766 arguments).
func TestLongValidFiltersAnswerLikeTheirShortForms(t *testing.T) {
	ts, _, _ := newServer(t)
	base := ts.URL + "/ogc/collections/municipalities/items"
	for _, tc := range []struct{ long, short string }{
		{"stage IN (" + strings.Repeat("1,", 3900) + "4)", "stage IN (1, 4)"},
		{"stage NOT IN (" + strings.Repeat("1,", 3900) + "4)", "stage NOT IN (1, 4)"},
		{"koploper IN (" + strings.Repeat("true,", 1500) + "true)", "koploper = true"},
		{"koploper = true" + strings.Repeat(" OR koploper = true", 380), "koploper = true"},
		{strings.Repeat("year=1 OR ", 790) + "stage=4", "stage = 4"},
		{strings.Repeat("stage>1 AND ", 650) + "stage=4", "stage = 4"},
		{"code IN (" + strings.Repeat("'GM0363',", 880) + "'GM0014')", "code IN ('GM0014', 'GM0363')"},
		{"name LIKE '" + strings.Repeat("%_", 3000) + "'", "FALSE"},
		{"name LIKE '" + strings.Repeat("%", 7900) + "A'", "name LIKE '%A'"},
		{"S_INTERSECTS(geometry, POINT(6.57 53.22))" + strings.Repeat(" OR S_INTERSECTS(geometry,POINT(4.9 52.37))", 170),
			"S_INTERSECTS(geometry, POINT(6.57 53.22)) OR S_INTERSECTS(geometry, POINT(4.9 52.37))"},
	} {
		if len(tc.long) > 8000 {
			t.Fatalf("%.40s…: %d characters, over the limit", tc.long, len(tc.long))
		}
		long, r := codesOf(t, base, "filter="+url.QueryEscape(tc.long))
		if long == nil {
			t.Errorf("%.60s…: %d %.300s", tc.long, r.status, r.body)
			continue
		}
		short, r := codesOf(t, base, "filter="+url.QueryEscape(tc.short))
		if short == nil {
			t.Fatalf("%s: %d %.300s", tc.short, r.status, r.body)
		}
		if strings.Join(long, ",") != strings.Join(short, ",") {
			t.Errorf("%.60s…: %d features %v; %s gives %d %v", tc.long, len(long), clipList(long), tc.short, len(short), clipList(short))
		}
	}
}
