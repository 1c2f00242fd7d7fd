package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/inclusiekaart/inclusiekaart/internal/assessment"
	"github.com/inclusiekaart/inclusiekaart/internal/atlas"
	"github.com/inclusiekaart/inclusiekaart/internal/scoring"
	"github.com/inclusiekaart/inclusiekaart/internal/server"
	"github.com/inclusiekaart/inclusiekaart/internal/store"
	"github.com/inclusiekaart/inclusiekaart/internal/testutil"
)

var fixedNow = func() time.Time { return time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC) }

func editServer(t *testing.T, demo bool) (*httptest.Server, *store.Store, string) {
	t.Helper()
	st, _ := testutil.Store2025(t)
	ts := serve(t, st, atlas.Config{Demo: demo, Now: fixedNow}, server.Config{})
	tok, err := st.CreateToken(context.Background(), "coordinator")
	if err != nil {
		t.Fatal(err)
	}
	return ts, st, tok
}

func put(t *testing.T, url, token, body string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPut, url, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var v map[string]any
	json.NewDecoder(resp.Body).Decode(&v)
	return resp.StatusCode, v
}

func countAssessments(t *testing.T, st *store.Store) int {
	t.Helper()
	var n int
	if err := st.DB().QueryRow(`SELECT COUNT(*) FROM assessments`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

const goodBody = `{"assessed_on":"2026-10-01","source":"LIA document","assessor":"Netwerk","values":{
	"stage":{"value":4,"evidence":"https://example.org/lia.pdf","note":"vastgesteld door de raad"},
	"domain.work":{"value":2},"lived_experience":{"value":3}}}`

func TestPutAssessmentAuthAndValidation(t *testing.T) {
	ts, st, tok := editServer(t, false)
	url := ts.URL + "/api/municipalities/GM0344/assessment"
	cases := []struct {
		name, token, body string
		status            int
		mention           string
	}{
		{"no token", "", goodBody, 401, "token"},
		{"wrong token", "ik_nope", goodBody, 401, "token"},
		{"not json", tok, `{"assessed_on":`, 400, ""},
		{"unknown indicator", tok, `{"assessed_on":"2026-10-01","source":"x","values":{"domain.cooking":{"value":1}}}`, 400, "domain.cooking"},
		{"out of range", tok, `{"assessed_on":"2026-10-01","source":"x","values":{"stage":{"value":9}}}`, 400, "values.stage.value"},
		{"bad url", tok, `{"assessed_on":"2026-10-01","source":"x","values":{"stage":{"value":3,"evidence":"javascript:alert(1)"}}}`, 400, "evidence"},
		{"future date", tok, `{"assessed_on":"2027-01-01","source":"x","values":{"stage":{"value":3}}}`, 400, "assessed_on"},
		{"code mismatch", tok, `{"code":"GM0363","assessed_on":"2026-10-01","source":"x","values":{"stage":{"value":3}}}`, 400, "GM0363"},
	}
	for _, c := range cases {
		status, body := put(t, url, c.token, c.body)
		msg, _ := body["error"].(string)
		if status != c.status || !strings.Contains(msg, c.mention) {
			t.Errorf("%s: got %d %v, want %d mentioning %q", c.name, status, body, c.status, c.mention)
		}
	}
	if n := countAssessments(t, st); n != 0 {
		t.Fatalf("rejected requests stored %d assessments", n)
	}
	big := `{"assessed_on":"2026-10-01","source":"x","values":{"stage":{"value":3,"note":"` + strings.Repeat("a", 600<<10) + `"}}}`
	if status, _ := put(t, url, tok, big); status != 413 {
		t.Errorf("oversized body: %d, want 413", status)
	}
	if status, _ := put(t, ts.URL+"/api/municipalities/GM9999/assessment", tok, goodBody); status != 404 {
		t.Errorf("unknown municipality: %d, want 404", status)
	}
}

func TestPutAssessmentVersionsAndHistory(t *testing.T) {
	ts, st, tok := editServer(t, false)
	url := ts.URL + "/api/municipalities/GM0344/assessment"
	status, body := put(t, url, tok, goodBody)
	if status != 201 || body["recorded_by"] != "token:coordinator" {
		t.Fatalf("first PUT: %d %v", status, body)
	}
	second := strings.Replace(goodBody, `"value":4`, `"value":5`, 1)
	second = strings.Replace(second, "2026-10-01", "2026-11-01", 1)
	if status, _ := put(t, url, tok, second); status != 201 {
		t.Fatalf("second PUT: %d", status)
	}
	r := get(t, ts.URL+"/api/municipalities/GM0344")
	var d struct {
		Stage      *int     `json:"stage"`
		Score      *float64 `json:"score"`
		Demo       bool     `json:"demo"`
		Indicators []struct {
			ID, Evidence, Note, Source string
			AssessedOn                 string `json:"assessed_on"`
			Value                      *int
		} `json:"indicators"`
		History []struct {
			Version    int
			AssessedOn string `json:"assessed_on"`
			RecordedBy string `json:"recorded_by"`
			Values     map[string]struct{ Value int }
		} `json:"history"`
	}
	if err := json.Unmarshal(r.body, &d); err != nil {
		t.Fatal(err)
	}
	if d.Stage == nil || *d.Stage != 5 || d.Score == nil || d.Demo {
		t.Errorf("current: stage %v score %v demo %v", d.Stage, d.Score, d.Demo)
	}
	if len(d.History) != 2 || d.History[0].AssessedOn != "2026-11-01" || d.History[1].Values["stage"].Value != 4 {
		t.Fatalf("history (newest first, old version kept): %+v", d.History)
	}
	var stage struct{ Evidence, Note, Source, AssessedOn string }
	for _, in := range d.Indicators {
		if in.ID == "stage" {
			stage = struct{ Evidence, Note, Source, AssessedOn string }{in.Evidence, in.Note, in.Source, in.AssessedOn}
		}
	}
	if stage.Evidence != "https://example.org/lia.pdf" || stage.Source != "LIA document" || stage.AssessedOn != "2026-11-01" {
		t.Errorf("stage evidence: %+v", stage)
	}
	// The list and the layer carry the score too.
	var list []map[string]any
	json.Unmarshal(get(t, ts.URL+"/api/municipalities?province=PV26").body, &list)
	for _, m := range list {
		if m["code"] == "GM0344" && (m["stage"] != float64(5) || m["stage_label"] == nil || m["koploper"] != true) {
			t.Errorf("list entry: %v", m)
		}
	}
	log, err := st.AuditLog(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	edits := 0
	for _, e := range log {
		if e.Action == "add assessment" && e.Target == "GM0344" && e.Actor == "token:coordinator" {
			edits++
		}
	}
	if edits != 2 {
		t.Errorf("audit log has %d edits of GM0344, want 2: %+v", edits, log)
	}
	// The database refuses to overwrite or delete a version.
	if _, err := st.DB().Exec(`UPDATE assessments SET source = 'x'`); err == nil {
		t.Error("an assessment was updated in place")
	}
	if _, err := st.DB().Exec(`DELETE FROM assessments`); err == nil {
		t.Error("an assessment was deleted")
	}
}

func TestMergedCodeRedirects(t *testing.T) {
	ts, _, tok := editServer(t, false)
	// History recorded under Geldermalsen (merged into West Betuwe in 2019).
	if status, b := put(t, ts.URL+"/api/municipalities/GM0236/assessment", tok, strings.Replace(goodBody, "2026-10-01", "2018-04-01", 1)); status != 201 {
		t.Fatalf("PUT under old code: %d %v", status, b)
	}
	r := get(t, ts.URL+"/api/municipalities/GM0236?year=2025")
	if r.status != 301 || r.header.Get("Location") != "/api/municipalities/GM1960?year=2025" {
		t.Fatalf("merged code: %d Location %q", r.status, r.header.Get("Location"))
	}
	var d struct {
		Koploper bool `json:"koploper"`
		History  []struct {
			MergedFrom string `json:"merged_from"`
		}
	}
	json.Unmarshal(get(t, ts.URL+"/api/municipalities/GM1960").body, &d)
	if !d.Koploper || len(d.History) != 1 || d.History[0].MergedFrom != "GM0236" {
		t.Errorf("West Betuwe: koploper %v, history %+v", d.Koploper, d.History)
	}
	if r := get(t, ts.URL+"/api/municipalities/GM0236/peers"); r.status != 301 {
		t.Errorf("peers of merged code: %d", r.status)
	}
}

func TestDemoOnlyWithDemoFlag(t *testing.T) {
	ts, st, _ := editServer(t, false)
	demoA := assessment.Assessment{Code: "GM0363", AssessedOn: "2026-01-01", Source: "Voorbeeldgegevens (demo)", Demo: true,
		Values: map[string]assessment.Value{"stage": {Value: 5}}}
	if ok, err := st.LoadDemo(context.Background(), []assessment.Assessment{demoA}); err != nil || !ok {
		t.Fatalf("LoadDemo: %v %v", ok, err)
	}
	var m map[string]any
	json.Unmarshal(get(t, ts.URL+"/api/municipalities/GM0363").body, &m)
	if m["stage"] != nil || m["demo"] != false {
		t.Errorf("without --demo a demo value is shown: %v %v", m["stage"], m["demo"])
	}
	ts2 := serve(t, st, atlas.Config{Demo: true, Now: fixedNow}, server.Config{})
	json.Unmarshal(get(t, ts2.URL+"/api/municipalities/GM0363").body, &m)
	if m["stage"] != float64(5) || m["demo"] != true {
		t.Errorf("with --demo: stage %v demo %v", m["stage"], m["demo"])
	}
	// Never exported as if real.
	if body := get(t, ts2.URL+"/api/assessments.csv").body; bytes.Contains(body, []byte("GM0363")) {
		t.Errorf("demo assessment exported in assessments.csv")
	}
}

func TestAssessmentsCSVRoundTrip(t *testing.T) {
	ts, st, tok := editServer(t, false)
	for _, code := range []string{"GM0344", "GM0363", "GM0014"} {
		if status, _ := put(t, ts.URL+"/api/municipalities/"+code+"/assessment", tok, goodBody); status != 201 {
			t.Fatalf("PUT %s: %d", code, status)
		}
	}
	first := get(t, ts.URL+"/api/assessments.csv")
	if first.status != 200 || !strings.HasPrefix(first.header.Get("Content-Type"), "text/csv") {
		t.Fatalf("assessments.csv: %d %s", first.status, first.header.Get("Content-Type"))
	}
	fw, _ := scoring.Default()
	as, err := assessment.ReadCSV(bytes.NewReader(first.body), fw, fixedNow())
	if err != nil || len(as) != 3 {
		t.Fatalf("re-read: %d rows, %v", len(as), err)
	}
	if _, err := st.AddAssessments(context.Background(), as, "test import"); err != nil {
		t.Fatal(err)
	}
	second := get(t, ts.URL+"/api/assessments.csv")
	if !bytes.Equal(first.body, second.body) {
		t.Errorf("export → import → export differs:\n%s\n---\n%s", first.body, second.body)
	}
}

func TestCompareAndPeers(t *testing.T) {
	ts, _, tok := editServer(t, false)
	bodies := map[string]string{
		"GM0344": `{"assessed_on":"2026-10-01","source":"x","values":{"stage":{"value":2},"domain.housing":{"value":1}}}`,
		"GM0307": `{"assessed_on":"2026-10-01","source":"x","values":{"stage":{"value":3},"domain.housing":{"value":3}}}`, // Amersfoort, same province
		"GM0356": `{"assessed_on":"2026-10-01","source":"x","values":{"stage":{"value":3},"domain.housing":{"value":1}}}`, // Nieuwegein, neighbour
		"GM0363": `{"assessed_on":"2026-10-01","source":"x","values":{"stage":{"value":6}}}`,
	}
	for code, b := range bodies {
		if status, _ := put(t, ts.URL+"/api/municipalities/"+code+"/assessment", tok, b); status != 201 {
			t.Fatalf("PUT %s: %d", code, status)
		}
	}
	var cmp struct {
		Municipalities []struct {
			Code  string
			Parts map[string]*float64
		}
		Medians struct {
			National  struct{ N int }
			Provinces map[string]struct{ N int }
		}
	}
	r := get(t, ts.URL+"/api/compare?codes=GM0344,GM0363,GM0307")
	if err := json.Unmarshal(r.body, &cmp); err != nil || r.status != 200 {
		t.Fatalf("compare: %d %s", r.status, r.body)
	}
	if len(cmp.Municipalities) != 3 || cmp.Municipalities[0].Code != "GM0344" || cmp.Municipalities[0].Parts["stage"] == nil {
		t.Errorf("compare municipalities: %+v", cmp.Municipalities)
	}
	if _, ok := cmp.Medians.Provinces["PV26"]; !ok {
		t.Errorf("province medians: %+v", cmp.Medians)
	}
	for _, bad := range []string{"", "?codes=GM0344", "?codes=GM0344,XX", "?codes=GM1,GM2,GM3,GM4,GM5,GM6,GM7"} {
		if r := get(t, ts.URL+"/api/compare"+bad); r.status != 400 {
			t.Errorf("compare %q: %d, want 400", bad, r.status)
		}
	}
	var peers []struct {
		Code, Reason string
		Neighbour    bool
	}
	json.Unmarshal(get(t, ts.URL+"/api/municipalities/GM0344/peers").body, &peers)
	if len(peers) < 2 || peers[0].Code != "GM0356" || !peers[0].Neighbour || peers[0].Reason == "" {
		t.Fatalf("peers of Utrecht: %+v", peers)
	}
	json.Unmarshal(get(t, ts.URL+"/api/municipalities/GM0344/peers?domain=domain.housing").body, &peers)
	if len(peers) == 0 || peers[0].Code != "GM0307" {
		t.Errorf("housing peers of Utrecht: %+v", peers)
	}
	if r := get(t, ts.URL+"/api/municipalities/GM0344/peers?domain=cooking"); r.status != 400 {
		t.Errorf("unknown domain: %d", r.status)
	}
}

func TestMergedCodesInCompareAndOGC(t *testing.T) {
	ts, _, _ := editServer(t, false)
	var cmp struct {
		Municipalities []struct{ Code string }
		Replaced       map[string]string
	}
	r := get(t, ts.URL+"/api/compare?codes=GM0363,GM0236")
	if err := json.Unmarshal(r.body, &cmp); err != nil || r.status != 200 {
		t.Fatalf("compare with a merged code: %d %s", r.status, r.body)
	}
	if len(cmp.Municipalities) != 2 || cmp.Municipalities[1].Code != "GM1960" || cmp.Replaced["GM0236"] != "GM1960" {
		t.Errorf("compare GM0363,GM0236: %+v", cmp)
	}
	r = get(t, ts.URL+"/ogc/collections/municipalities/items/GM0236?f=json")
	if r.status != 301 || r.header.Get("Location") != "/ogc/collections/municipalities/items/GM1960?f=json" {
		t.Errorf("OGC item of a merged code: %d Location %q", r.status, r.header.Get("Location"))
	}
}
