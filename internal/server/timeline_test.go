package server_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/inclusiekaart/inclusiekaart/geo/source"
	"github.com/inclusiekaart/inclusiekaart/internal/assessment"
	"github.com/inclusiekaart/inclusiekaart/internal/atlas"
	"github.com/inclusiekaart/inclusiekaart/internal/fixture"
	"github.com/inclusiekaart/inclusiekaart/internal/server"
	"github.com/inclusiekaart/inclusiekaart/internal/store"
	"github.com/inclusiekaart/inclusiekaart/internal/testutil"
)

// stageVersion is an assessment of code dated on with only a stage.
func stageVersion(code, on, src string, stage int) assessment.Assessment {
	return assessment.Assessment{Code: code, AssessedOn: on, Source: src, Assessor: "test", Basis: assessment.BasisNetworkReview,
		Values: map[string]assessment.Value{"stage": {Value: stage, Evidence: "https://example.org/" + strings.ToLower(code) + "/" + on}}}
}

// timelineServer serves the 2025 boundaries and the 21 municipalities of the
// 2024 fixture at fixedNow, with a history of versions:
//
//	GM0363 Amsterdam  2020-03-01 stage 2; 2023-06-01 stage 4, corrected
//	                  (recorded later, same date) to 3; 2026-02-01 stage 5
//	GM0344 Utrecht    2021-01-01 stage 4; 2026-05-01 stage 3
//	GM0014 Groningen  2026-03-01 stage 2 (a first stage, not a change)
func timelineServer(t *testing.T) (*testURL, *store.Store) {
	t.Helper()
	st, _ := testutil.Store2025(t)
	testutil.Import(t, st, fixture.Boundaries(t, "gemeente_2024.geojson"), source.LevelMunicipality, 2024)
	ctx := context.Background()
	recorded := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	st.SetClock(func() time.Time { return recorded })
	if _, err := st.AddAssessments(ctx, []assessment.Assessment{
		stageVersion("GM0363", "2020-03-01", "Raadsbrief 2020", 2),
		stageVersion("GM0363", "2023-06-01", "Persbericht LIA", 4),
		stageVersion("GM0344", "2021-01-01", "LIA Utrecht", 4),
		stageVersion("GM0363", "2026-02-01", "Uitvoeringsrapport", 5),
		stageVersion("GM0344", "2026-05-01", "Raadsvoorstel herziening", 3),
		stageVersion("GM0014", "2026-03-01", "Raadsbrief Groningen", 2),
	}, "test"); err != nil {
		t.Fatal(err)
	}
	recorded = recorded.Add(24 * time.Hour)
	if _, err := st.AddAssessments(ctx, []assessment.Assessment{stageVersion("GM0363", "2023-06-01", "Correctie", 3)}, "test"); err != nil {
		t.Fatal(err)
	}
	ts := serve(t, st, atlas.Config{Now: fixedNow}, server.Config{})
	return &testURL{ts.URL}, st
}

type testURL struct{ base string }

func (u *testURL) of(path string, kv ...string) string {
	q := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		q.Add(kv[i], kv[i+1])
	}
	if len(q) == 0 {
		return u.base + path
	}
	return u.base + path + "?" + q.Encode()
}

// listOn fetches /api/municipalities with query kv and returns code -> item.
func listOn(t *testing.T, u string) map[string]map[string]any {
	t.Helper()
	r := get(t, u)
	if r.status != 200 {
		t.Fatalf("%s: %d %s", u, r.status, r.body)
	}
	var list []map[string]any
	if err := json.Unmarshal(r.body, &list); err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]any{}
	for _, m := range list {
		out[m["code"].(string)] = m
	}
	return out
}

func stageOf(m map[string]any) any {
	if m == nil {
		return "absent"
	}
	if s, ok := m["stage"].(float64); ok {
		return int(s)
	}
	return m["stage"]
}

func TestDateShowsEachStatusAsItWasOnThatDay(t *testing.T) {
	u, _ := timelineServer(t)
	for _, c := range []struct {
		date, year string
		wantYear   int
		wantCount  int
		want       map[string]any // code -> stage (nil = unknown)
	}{
		// Older than every boundary year: the oldest boundaries (2024, 21 municipalities).
		{"2020-03-01", "", 2024, 21, map[string]any{"GM0363": 2}},
		{"2021-06-30", "", 2024, 21, map[string]any{"GM0363": 2}},
		// The correction recorded later for the same day wins.
		{"2023-07-01", "", 2024, 21, map[string]any{"GM0363": 3}},
		{"2024-05-01", "", 2024, 21, map[string]any{"GM0363": 3}},
		// A year asked for explicitly gives its boundaries with the date's statuses.
		{"2021-06-30", "2025", 2025, 342, map[string]any{"GM0363": 2, "GM0344": 4, "GM0014": nil}},
		{"2026-02-01", "", 2025, 342, map[string]any{"GM0363": 5, "GM0344": 4, "GM0014": nil}},
		{"2026-06-01", "", 2025, 342, map[string]any{"GM0363": 5, "GM0344": 3, "GM0014": 2}},
		// Today is the same as no date.
		{"2026-11-28", "", 2025, 342, map[string]any{"GM0363": 5, "GM0344": 3, "GM0014": 2}},
		{"", "", 2025, 342, map[string]any{"GM0363": 5, "GM0344": 3, "GM0014": 2}},
	} {
		kv := []string{}
		if c.date != "" {
			kv = append(kv, "date", c.date)
		}
		if c.year != "" {
			kv = append(kv, "year", c.year)
		}
		got := listOn(t, u.of("/api/municipalities", kv...))
		if len(got) != c.wantCount {
			t.Errorf("date=%s year=%s: %d municipalities, want %d (boundaries of %d)", c.date, c.year, len(got), c.wantCount, c.wantYear)
		}
		for code, want := range c.want {
			m := got[code]
			if m == nil {
				t.Errorf("date=%s year=%s: %s missing", c.date, c.year, code)
				continue
			}
			if g := stageOf(m); g != want {
				t.Errorf("date=%s year=%s: %s stage %v, want %v", c.date, c.year, code, g, want)
			}
			if y := m["year"].(float64); int(y) != c.wantYear {
				t.Errorf("date=%s year=%s: %s of boundary year %v, want %d", c.date, c.year, code, y, c.wantYear)
			}
		}
	}
	// The date's status carries that version's date and basis.
	ams := listOn(t, u.of("/api/municipalities", "date", "2023-07-01"))["GM0363"]
	if ams["assessed_on"] != "2023-06-01" || ams["basis"] != "network_review" {
		t.Errorf("GM0363 on 2023-07-01: assessed_on %v basis %v, want 2023-06-01 network_review", ams["assessed_on"], ams["basis"])
	}
}

func TestDateAppliesToLayerCSVAndMapImage(t *testing.T) {
	u, _ := timelineServer(t)

	r := get(t, u.of("/api/municipalities.geojson", "date", "2023-07-01"))
	var fc struct {
		Year     int `json:"year"`
		Features []struct {
			ID         string         `json:"id"`
			Properties map[string]any `json:"properties"`
		} `json:"features"`
	}
	if r.status != 200 || json.Unmarshal(r.body, &fc) != nil {
		t.Fatalf("geojson: %d %.200s", r.status, r.body)
	}
	if fc.Year != 2024 || len(fc.Features) != 21 {
		t.Errorf("geojson on 2023-07-01: year %d with %d features, want the 21 of 2024", fc.Year, len(fc.Features))
	}
	for _, f := range fc.Features {
		if f.ID == "GM0363" && stageOf(f.Properties) != 3 {
			t.Errorf("geojson GM0363 on 2023-07-01: stage %v, want 3", f.Properties["stage"])
		}
	}
	// The layer of today is still today's (the date's layer is not cached in its place).
	r = get(t, u.of("/api/municipalities.geojson"))
	if !strings.Contains(string(r.body), `"year":2025`) {
		t.Errorf("geojson without date after a dated one: not the 2025 layer")
	}

	r = get(t, u.of("/api/municipalities.csv", "date", "2021-06-30", "year", "2025"))
	rows, err := csv.NewReader(strings.NewReader(string(r.body))).ReadAll()
	if r.status != 200 || err != nil {
		t.Fatalf("csv: %d %v", r.status, err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	found := false
	for _, row := range rows[1:] {
		if row[col["code"]] == "GM0363" {
			found = true
			if row[col["stage"]] != "2" || row[col["assessed_on"]] != "2020-03-01" {
				t.Errorf("csv GM0363 on 2021-06-30: stage %q assessed_on %q, want 2 and 2020-03-01", row[col["stage"]], row[col["assessed_on"]])
			}
		}
	}
	if !found || len(rows) != 343 {
		t.Errorf("csv on 2021-06-30 (2025): %d rows, GM0363 found %v", len(rows), found)
	}

	r = get(t, u.of("/api/map.svg", "date", "2021-06-30", "year", "2025"))
	svg := string(r.body)
	if r.status != 200 || !strings.Contains(svg, "per gemeente op 30 juni 2021 (2025)") {
		t.Errorf("map.svg on 2021-06-30: %d, title without the date: %.300s", r.status, svg)
	}
	if !strings.Contains(svg, `<path id="GM0363" fill="#fee391"`) { // stage 2's colour
		t.Errorf("map.svg on 2021-06-30: GM0363 not in the colour of stage 2")
	}
	r = get(t, u.of("/api/map.svg", "date", "2026-06-01", "lang", "en"))
	if !strings.Contains(string(r.body), "per municipality on 1 June 2026 (2025)") || !strings.Contains(string(r.body), `<path id="GM0363" fill="#ec7014"`) {
		t.Errorf("map.svg on 2026-06-01 in English: no date in the title or GM0363 not in stage 5's colour")
	}
}

func TestDateRejectsMalformedFutureAndTooEarlyDays(t *testing.T) {
	u, _ := timelineServer(t)
	for _, path := range []string{"/api/municipalities", "/api/municipalities.geojson", "/api/municipalities.csv", "/api/map.svg"} {
		for _, c := range []struct {
			date    string
			mention []string
		}{
			{"2024-13-01", []string{"date", "YYYY-MM-DD"}},
			{"2024-02-30", []string{"date", "YYYY-MM-DD"}},
			{"2024-2-3", []string{"date", "YYYY-MM-DD"}},
			{"yesterday", []string{"date", "yesterday"}},
			{"", []string{"date"}},
			{"2026-11-29", []string{"date", "future", "2026-11-28"}},
			{"2020-02-29", []string{"date", "before the first assessment", "2020-03-01"}},
		} {
			wantJSONError(t, path+"?date="+c.date, get(t, u.of(path, "date", c.date)), 400, "bad_request", c.mention...)
		}
		wantJSONError(t, path+" with two dates", get(t, u.of(path, "date", "2024-01-01", "date", "2025-01-01")), 400, "bad_request", "date")
		if r := get(t, u.of(path, "date", "2020-03-01")); r.status != 200 {
			t.Errorf("%s?date= the first assessment's day: %d %.200s", path, r.status, r.body)
		}
	}
	// Without any assessment no date can be chosen, and the error says why.
	empty, _ := newServer(t, server.Config{}, atlas.Config{Now: fixedNow})
	wantJSONError(t, "date without assessments", get(t, empty.URL+"/api/municipalities?date=2025-01-01"), 400, "bad_request", "date", "no assessments")
}

func TestDateViewFollowsANewVersion(t *testing.T) {
	u, st := timelineServer(t)
	if g := stageOf(listOn(t, u.of("/api/municipalities", "date", "2022-01-01", "year", "2025"))["GM0344"]); g != 4 {
		t.Fatalf("GM0344 on 2022-01-01: %v, want 4", g)
	}
	if _, err := st.AddAssessments(context.Background(), []assessment.Assessment{stageVersion("GM0344", "2021-12-01", "Nagekomen besluit", 5)}, "test"); err != nil {
		t.Fatal(err)
	}
	if g := stageOf(listOn(t, u.of("/api/municipalities", "date", "2022-01-01", "year", "2025"))["GM0344"]); g != 5 {
		t.Errorf("GM0344 on 2022-01-01 after a version dated 2021-12-01 was recorded: %v, want 5", g)
	}
}

type changesBody struct {
	Since       string         `json:"since"`
	Until       string         `json:"until"`
	Year        int            `json:"year"`
	Attribution string         `json:"attribution"`
	Changes     []atlas.Change `json:"changes"`
}

func changesOf(t *testing.T, u string) changesBody {
	t.Helper()
	r := get(t, u)
	var b changesBody
	if r.status != 200 || json.Unmarshal(r.body, &b) != nil {
		t.Fatalf("%s: %d %.300s", u, r.status, r.body)
	}
	return b
}

func TestChangesListsMovesUpAndDownWithDateAndSource(t *testing.T) {
	u, _ := timelineServer(t)
	// Default: the last twelve months up to today.
	b := changesOf(t, u.of("/api/changes"))
	if b.Since != "2025-11-28" || b.Until != "2026-11-28" || b.Attribution == "" {
		t.Errorf("default period %s – %s (attribution %q), want 2025-11-28 – 2026-11-28 with attribution", b.Since, b.Until, b.Attribution)
	}
	type move struct {
		code, date, dir, source string
		from, to                int
	}
	var got []move
	for _, c := range b.Changes {
		got = append(got, move{c.Code, c.Date, c.Direction, c.Source, c.From, c.To})
	}
	want := []move{
		{"GM0344", "2026-05-01", "down", "Raadsvoorstel herziening", 4, 3},
		{"GM0363", "2026-02-01", "up", "Uitvoeringsrapport", 3, 5},
	}
	if len(got) != len(want) {
		t.Fatalf("changes of the last 12 months: %+v, want %+v (a first stage, GM0014, is no change)", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("change %d: %+v, want %+v", i, got[i], want[i])
		}
	}
	ch := b.Changes[0]
	if ch.Name != "Utrecht" || ch.ProvinceName == nil || *ch.ProvinceName != "Utrecht" || ch.FromLabel == "" || ch.ToLabel == "" ||
		ch.Evidence != "https://example.org/gm0344/2026-05-01" || ch.Basis != "network_review" {
		t.Errorf("change GM0344: %+v", ch)
	}

	// Between two dates: the corrected version is the move, the superseded one is not.
	b = changesOf(t, u.of("/api/changes", "since", "2020-01-01", "until", "2023-12-31"))
	if len(b.Changes) != 1 || b.Changes[0].Code != "GM0363" || b.Changes[0].From != 2 || b.Changes[0].To != 3 || b.Changes[0].Source != "Correctie" {
		t.Errorf("changes 2020–2023: %+v, want GM0363 2 → 3 from Correctie", b.Changes)
	}
	// Both ends are included.
	b = changesOf(t, u.of("/api/changes", "since", "2026-02-01", "until", "2026-05-01"))
	if len(b.Changes) != 2 {
		t.Errorf("changes 2026-02-01 – 2026-05-01 (both included): %d, want 2", len(b.Changes))
	}
	b = changesOf(t, u.of("/api/changes", "since", "2016-01-01", "until", "2019-12-31"))
	if b.Changes == nil || len(b.Changes) != 0 {
		t.Errorf("changes before any assessment: %+v, want an empty list", b.Changes)
	}

	for _, c := range []struct {
		q       []string
		mention []string
	}{
		{[]string{"until", "2026-11-29"}, []string{"until", "future"}},
		{[]string{"since", "2026-06-01", "until", "2026-01-01"}, []string{"since", "after"}},
		{[]string{"since", "01-01-2026"}, []string{"since", "YYYY-MM-DD"}},
		{[]string{"until", "2026-02-31"}, []string{"until"}},
	} {
		wantJSONError(t, "changes "+strings.Join(c.q, "="), get(t, u.of("/api/changes", c.q...)), 400, "bad_request", c.mention...)
	}
}

func TestChangesCSVHasOneRowPerMove(t *testing.T) {
	u, _ := timelineServer(t)
	r := get(t, u.of("/api/changes.csv", "since", "2020-01-01"))
	if r.status != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "text/csv") {
		t.Fatalf("changes.csv: %d %s", r.status, r.header.Get("Content-Type"))
	}
	if strings.HasPrefix(string(r.body), "\ufeff") {
		t.Error("changes.csv starts with a BOM; the API's CSVs do not")
	}
	rows, err := csv.NewReader(strings.NewReader(string(r.body))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := append(append([]string{}, atlas.ChangesColumns...), "attribution")
	if strings.Join(rows[0], ",") != strings.Join(want, ",") {
		t.Errorf("header %v, want %v", rows[0], want)
	}
	if len(rows) != 4 { // header + 2026 down, 2026 up, 2023 up
		t.Fatalf("changes.csv since 2020: %d rows, want 4: %v", len(rows), rows)
	}
	if rows[3][0] != "GM0363" || rows[3][4] != "2023-06-01" || rows[3][5] != "2" || rows[3][7] != "3" || rows[3][len(rows[3])-1] != atlas.Attribution {
		t.Errorf("oldest change row: %v", rows[3])
	}
	if cd := r.header.Get("Content-Disposition"); !strings.Contains(cd, "2020-01-01-2026-11-28") {
		t.Errorf("Content-Disposition %q does not name the period", cd)
	}
}

func TestTimelineGivesTheRangeOfDatesAndYears(t *testing.T) {
	u, _ := timelineServer(t)
	r := get(t, u.of("/api/timeline"))
	var b struct {
		First string `json:"first_date"`
		Today string `json:"today"`
		Years []int  `json:"years"`
	}
	if r.status != 200 || json.Unmarshal(r.body, &b) != nil {
		t.Fatalf("timeline: %d %s", r.status, r.body)
	}
	if b.First != "2020-03-01" || b.Today != "2026-11-28" || len(b.Years) != 2 || b.Years[0] != 2025 || b.Years[1] != 2024 {
		t.Errorf("timeline %+v, want first 2020-03-01, today 2026-11-28, years [2025 2024]", b)
	}
}

func TestDateIgnoresSupersededEditionsOfThePublicRecord(t *testing.T) {
	st, _ := testutil.Store2025(t)
	svc, err := atlas.New(st, atlas.Config{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	const head = "code,name,indicator,value,basis,source_url,publisher,source_date,read_on,summary\n"
	row := func(stage, day string) string {
		return "GM0363,Amsterdam,stage," + stage + ",public_record,https://example.org/amsterdam-lia-" + day + ",Gemeente Amsterdam," + day + ",2026-11-01,De gemeente meldt de stand van haar inclusieagenda.\n"
	}
	// The second edition replaces the first's source of 1 June (stage 4) by one of 1 May (stage 3).
	for _, body := range []string{row("4", "2019-06-01"), row("3", "2019-05-01")} {
		if _, err := svc.ImportRecord(ctx, strings.NewReader(head+body), "record.csv", "test"); err != nil {
			t.Fatal(err)
		}
	}
	ts := serve(t, st, atlas.Config{Now: fixedNow}, server.Config{})
	u := &testURL{ts.URL}
	if g := stageOf(listOn(t, u.of("/api/municipalities", "date", "2020-01-01"))["GM0363"]); g != 3 {
		t.Errorf("GM0363 on 2020-01-01 after a corrected edition: stage %v, want 3 (the superseded edition's 4 is not served)", g)
	}
	if b := changesOf(t, u.of("/api/changes", "since", "2019-01-01")); len(b.Changes) != 0 {
		t.Errorf("a corrected edition is not a change of stage: %+v", b.Changes)
	}
}
