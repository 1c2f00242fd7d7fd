package server_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

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
	if n := countRows(t, st, "assessments"); n != 0 {
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

func TestPutAssessmentRejectsBadBodies(t *testing.T) {
	ts, st, tok := editServer(t, false)
	u := ts.URL + "/api/municipalities/GM0344/assessment"
	body := func(date, valueExtra, topExtra string) string {
		return `{"assessed_on":"` + date + `","source":"x","values":{"stage":{"value":4` + valueExtra + `}}` + topExtra + `}`
	}
	ok := body("2026-10-01", "", "")
	bearer := "Bearer " + tok
	jsonCT := "application/json"
	cases := []struct {
		name, auth, ct, body string
		status               int
		code                 string
		mention              []string
	}{
		{"no auth", "", jsonCT, ok, 401, "unauthorized", []string{"token"}},
		{"basic auth", "Basic dXNlcjpwYXNz", jsonCT, ok, 401, "unauthorized", []string{"Bearer"}},
		{"bearer without token", "Bearer ", jsonCT, ok, 401, "unauthorized", nil},
		{"wrong token", "Bearer ik_wrong", jsonCT, ok, 401, "unauthorized", nil},
		{"token as basic", "Basic " + tok, jsonCT, ok, 401, "unauthorized", nil},
		{"text/plain", bearer, "text/plain", ok, 415, "unsupported_media_type", []string{"application/json"}},
		{"form", bearer, "application/x-www-form-urlencoded", ok, 415, "unsupported_media_type", nil},
		{"empty body", bearer, jsonCT, "", 400, "invalid_field", []string{"body"}},
		{"null", bearer, jsonCT, "null", 400, "invalid_field", []string{"body"}},
		{"deep nesting", bearer, jsonCT, strings.Repeat(`{"a":`, 10000) + "1" + strings.Repeat("}", 10000), 400, "invalid_field", nil},
		{"deep array in note", bearer, jsonCT, body("2026-10-01", `,"note":`+strings.Repeat("[", 10000)+strings.Repeat("]", 10000), ""), 400, "invalid_field", nil},
		{"duplicate key, last out of range", bearer, jsonCT, `{"assessed_on":"2026-10-01","source":"x","values":{"stage":{"value":4,"value":9}}}`, 400, "invalid_field", []string{"values.stage.value"}},
		{"4.0", bearer, jsonCT, `{"assessed_on":"2026-10-01","source":"x","values":{"stage":{"value":4.0}}}`, 400, "invalid_field", []string{"values.stage.value"}},
		{"4e0", bearer, jsonCT, `{"assessed_on":"2026-10-01","source":"x","values":{"stage":{"value":4e0}}}`, 400, "invalid_field", []string{"values.stage.value"}},
		{`"4"`, bearer, jsonCT, `{"assessed_on":"2026-10-01","source":"x","values":{"stage":{"value":"4"}}}`, 400, "invalid_field", []string{"values.stage.value"}},
		{"1e400", bearer, jsonCT, `{"assessed_on":"2026-10-01","source":"x","values":{"stage":{"value":1e400}}}`, 400, "invalid_field", []string{"values.stage.value"}},
		{"-0", bearer, jsonCT, `{"assessed_on":"2026-10-01","source":"x","values":{"stage":{"value":-0}}}`, 400, "invalid_field", []string{"values.stage.value"}},
		{"true", bearer, jsonCT, `{"assessed_on":"2026-10-01","source":"x","values":{"stage":{"value":true}}}`, 400, "invalid_field", []string{"values.stage.value"}},
		{"null value", bearer, jsonCT, `{"assessed_on":"2026-10-01","source":"x","values":{"stage":{"value":null}}}`, 400, "invalid_field", []string{"values.stage.value"}},
		{"null indicator", bearer, jsonCT, `{"assessed_on":"2026-10-01","source":"x","values":{"stage":null}}`, 400, "invalid_field", []string{"values.stage"}},
		{"domain 4", bearer, jsonCT, `{"assessed_on":"2026-10-01","source":"x","values":{"domain.work":{"value":4}}}`, 400, "invalid_field", []string{"values.domain.work.value"}},
		{"route 3", bearer, jsonCT, `{"assessed_on":"2026-10-01","source":"x","values":{"route.1":{"value":3}}}`, 400, "invalid_field", []string{"values.route.1.value"}},
		{"route.12", bearer, jsonCT, `{"assessed_on":"2026-10-01","source":"x","values":{"route.12":{"value":1}}}`, 400, "invalid_field", []string{"route.12"}},
		{"unknown top-level field", bearer, jsonCT, body("2026-10-01", "", `,"colour":"red"`), 400, "invalid_field", []string{"colour"}},
		{"recorded_by forged", bearer, jsonCT, body("2026-10-01", "", `,"recorded_by":"admin"`), 400, "invalid_field", []string{"recorded_by"}},
		{"unknown value field", bearer, jsonCT, body("2026-10-01", `,"colour":1`, ""), 400, "invalid_field", []string{"values.stage.colour"}},
		{"NUL in note", bearer, jsonCT, body("2026-10-01", `,"note":"a\u0000b"`, ""), 400, "invalid_field", []string{"values.stage.note"}},
		{"ESC in source", bearer, jsonCT, `{"assessed_on":"2026-10-01","source":"x\u001b[31m","values":{"stage":{"value":4}}}`, 400, "invalid_field", []string{"source"}},
		{"javascript: evidence", bearer, jsonCT, body("2026-10-01", `,"evidence":"javascript:alert(1)"`, ""), 400, "invalid_field", []string{"values.stage.evidence"}},
		{"JavaScript: evidence", bearer, jsonCT, body("2026-10-01", `,"evidence":"JaVaScRiPt:alert(1)"`, ""), 400, "invalid_field", []string{"values.stage.evidence"}},
		{"space javascript: evidence", bearer, jsonCT, body("2026-10-01", `,"evidence":" javascript:alert(1)"`, ""), 400, "invalid_field", []string{"values.stage.evidence"}},
		{"tab in scheme", bearer, jsonCT, body("2026-10-01", `,"evidence":"java\tscript:alert(1)"`, ""), 400, "invalid_field", []string{"values.stage.evidence"}},
		{"data: evidence", bearer, jsonCT, body("2026-10-01", `,"evidence":"data:text/html,<b>x</b>"`, ""), 400, "invalid_field", []string{"values.stage.evidence"}},
		{"file: evidence", bearer, jsonCT, body("2026-10-01", `,"evidence":"file:///etc/passwd"`, ""), 400, "invalid_field", []string{"values.stage.evidence"}},
		{"protocol-relative evidence", bearer, jsonCT, body("2026-10-01", `,"evidence":"//evil.example/x"`, ""), 400, "invalid_field", []string{"values.stage.evidence"}},
		{"evidence without host", bearer, jsonCT, body("2026-10-01", `,"evidence":"http://"`, ""), 400, "invalid_field", []string{"values.stage.evidence"}},
		{"2026-02-30", bearer, jsonCT, body("2026-02-30", "", ""), 400, "invalid_field", []string{"assessed_on"}},
		{"2026-13-01", bearer, jsonCT, body("2026-13-01", "", ""), 400, "invalid_field", []string{"assessed_on"}},
		{"2026-2-3", bearer, jsonCT, body("2026-2-3", "", ""), 400, "invalid_field", []string{"assessed_on"}},
		{"timestamp", bearer, jsonCT, body("2026-10-01T00:00:00Z", "", ""), 400, "invalid_field", []string{"assessed_on"}},
		{"future (tomorrow)", bearer, jsonCT, body("2026-11-29", "", ""), 400, "invalid_field", []string{"assessed_on"}},
		{"no date", bearer, jsonCT, `{"source":"x","values":{"stage":{"value":4}}}`, 400, "invalid_field", []string{"assessed_on"}},
		{"no source", bearer, jsonCT, `{"assessed_on":"2026-10-01","values":{"stage":{"value":4}}}`, 400, "invalid_field", []string{"source"}},
		{"source not a string", bearer, jsonCT, `{"assessed_on":"2026-10-01","source":5,"values":{"stage":{"value":4}}}`, 400, "invalid_field", []string{"source"}},
		{"source too long", bearer, jsonCT, `{"assessed_on":"2026-10-01","source":"` + strings.Repeat("a", 100000) + `","values":{"stage":{"value":4}}}`, 400, "invalid_field", []string{"source"}},
		{"no values", bearer, jsonCT, `{"assessed_on":"2026-10-01","source":"x"}`, 400, "invalid_field", []string{"values"}},
		{"values null", bearer, jsonCT, `{"assessed_on":"2026-10-01","source":"x","values":null}`, 400, "invalid_field", []string{"values"}},
		{"trailing data", bearer, jsonCT, ok + "xyz", 400, "invalid_field", nil},
		{"two objects", bearer, jsonCT, ok + ok, 400, "invalid_field", nil},
		{"10 MB", bearer, jsonCT, body("2026-10-01", `,"note":"`+strings.Repeat("a", 10<<20)+`"`, ""), 413, "too_large", nil},
	}
	for _, c := range cases {
		r := do(t, http.MethodPut, u, strings.NewReader(c.body), "Authorization", c.auth, "Content-Type", c.ct)
		wantJSONError(t, c.name, r, c.status, c.code, c.mention...)
		if c.status == 401 && r.header.Get("WWW-Authenticate") == "" {
			t.Errorf("%s: 401 without WWW-Authenticate", c.name)
		}
	}
	if n := countRows(t, st, "assessments"); n != 0 {
		t.Fatalf("rejected requests stored %d assessments", n)
	}
	// Paths: bad and unknown codes.
	wantJSONError(t, "code XX", do(t, http.MethodPut, ts.URL+"/api/municipalities/XX/assessment", strings.NewReader(ok), "Authorization", bearer, "Content-Type", jsonCT), 400, "bad_request", "code")
	wantJSONError(t, "GM9999", do(t, http.MethodPut, ts.URL+"/api/municipalities/GM9999/assessment", strings.NewReader(ok), "Authorization", bearer, "Content-Type", jsonCT), 404, "not_found", "GM9999")
	if n := countRows(t, st, "assessments"); n != 0 {
		t.Fatalf("rejected requests stored %d assessments", n)
	}
}

func TestPutAssessmentAcceptsEdgeBodies(t *testing.T) {
	ts, st, tok := editServer(t, false)
	u := ts.URL + "/api/municipalities/gm0344/assessment" // lower-case path code
	note := "Súdwest-Fryslân 😀 ‮rtl «quotes» \"escaped\" <b>tags</b>"
	nb, _ := json.Marshal(note)
	b := `{"assessed_on":"2026-11-28","source":"LIA","values":{"stage":{"value":4,"evidence":"http://example.org/a?b=<c>","note":` + string(nb) + `}}}`
	for _, auth := range []string{"Bearer " + tok, "bearer " + tok} {
		r := do(t, http.MethodPut, u, strings.NewReader(b), "Authorization", auth, "Content-Type", "application/json; charset=utf-8")
		if r.status != 201 {
			t.Fatalf("%s: %d %s", auth[:6], r.status, r.body)
		}
	}
	if n := countRows(t, st, "assessments"); n != 2 {
		t.Fatalf("%d stored, want 2", n)
	}
	var d struct {
		Indicators []struct{ ID, Note, Evidence string }
	}
	json.Unmarshal(get(t, ts.URL+"/api/municipalities/GM0344").body, &d)
	for _, in := range d.Indicators {
		if in.ID == "stage" && (in.Note != note || in.Evidence != "http://example.org/a?b=<c>") {
			t.Errorf("unicode note does not round-trip: %q %q", in.Note, in.Evidence)
		}
	}
}

func TestPutAssessmentNonObjectBodyLeaksNoGoTypes(t *testing.T) {
	ts, _, tok := editServer(t, false)
	for _, b := range []string{`[]`, `"x"`, `42`} {
		r := do(t, http.MethodPut, ts.URL+"/api/municipalities/GM0344/assessment", strings.NewReader(b), "Authorization", "Bearer "+tok, "Content-Type", "application/json")
		wantJSONError(t, b, r, 400, "invalid_field", "body")
	}
}

func TestPutAssessmentDuplicateKeysRefused(t *testing.T) {
	ts, st, tok := editServer(t, false)
	for name, b := range map[string]string{
		"indicator twice":   `{"assessed_on":"2026-10-01","source":"x","values":{"stage":{"value":4},"stage":{"value":2}}}`,
		"assessed_on twice": `{"assessed_on":"2026-10-01","assessed_on":"2026-10-02","source":"x","values":{"stage":{"value":4}}}`,
	} {
		r := do(t, http.MethodPut, ts.URL+"/api/municipalities/GM0344/assessment", strings.NewReader(b), "Authorization", "Bearer "+tok, "Content-Type", "application/json")
		wantJSONError(t, name, r, 400, "invalid_field", "duplicate")
	}
	if n := countRows(t, st, "assessments"); n != 0 {
		t.Errorf("%d stored", n)
	}
}

func TestPutAssessmentDemoFieldIgnored(t *testing.T) {
	ts, st, tok := editServer(t, false)
	r := do(t, http.MethodPut, ts.URL+"/api/municipalities/GM0344/assessment",
		strings.NewReader(`{"assessed_on":"2026-10-01","source":"x","demo":true,"values":{"stage":{"value":4}}}`), "Authorization", "Bearer "+tok, "Content-Type", "application/json")
	wantJSONError(t, "demo:true", r, 400, "invalid_field", "demo")
	if n := countRows(t, st, "assessments"); n != 0 {
		t.Errorf("%d stored", n)
	}
}

func TestPutAssessmentInvalidUTF8Refused(t *testing.T) {
	ts, st, tok := editServer(t, false)
	b := "{\"assessed_on\":\"2026-10-01\",\"source\":\"\xff\xfe\",\"values\":{\"stage\":{\"value\":4}}}"
	r := do(t, http.MethodPut, ts.URL+"/api/municipalities/GM0344/assessment", strings.NewReader(b), "Authorization", "Bearer "+tok, "Content-Type", "application/json")
	wantJSONError(t, "invalid UTF-8", r, 400, "invalid_field", "source")
	if n := countRows(t, st, "assessments"); n != 0 {
		t.Errorf("%d stored", n)
	}
}

func TestPutAssessmentYearZeroRefused(t *testing.T) {
	ts, st, tok := editServer(t, false)
	r := do(t, http.MethodPut, ts.URL+"/api/municipalities/GM0344/assessment",
		strings.NewReader(`{"assessed_on":"0000-01-01","source":"x","values":{"stage":{"value":4}}}`), "Authorization", "Bearer "+tok, "Content-Type", "application/json")
	wantJSONError(t, "0000-01-01", r, 400, "invalid_field", "assessed_on")
	if n := countRows(t, st, "assessments"); n != 0 {
		t.Errorf("%d stored", n)
	}
}
