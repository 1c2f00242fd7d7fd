package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/inclusiekaart/inclusiekaart/internal/server"
)

func TestPutStakeholdersRejectsBadRequests(t *testing.T) {
	ts, st := newServer(t, server.Config{})
	tok := token(t, st)
	orig := get(t, ts.URL+"/api/stakeholders").body
	edit := func(f func(v map[string]any)) string {
		var v map[string]any
		if err := json.Unmarshal(orig, &v); err != nil {
			t.Fatal(err)
		}
		f(v)
		b, _ := json.Marshal(v)
		return string(b)
	}
	group0 := func(v map[string]any) map[string]any { return v["groups"].([]any)[0].(map[string]any) }
	cases := []struct {
		name, auth, body string
		status           int
		mention          string
	}{
		{"no token", "", string(orig), 401, "token"},
		{"basic", "Basic dXNlcjpwYXNz", string(orig), 401, ""},
		{"empty", "Bearer " + tok, "", 400, "JSON"},
		{"array", "Bearer " + tok, "[]", 400, "object"},
		{"deep array", "Bearer " + tok, strings.Repeat("[", 10000) + strings.Repeat("]", 10000), 400, ""},
		{"deep object", "Bearer " + tok, strings.Repeat(`{"title":`, 10000) + "1" + strings.Repeat("}", 10000), 400, "title"},
		{"duplicate group", "Bearer " + tok, edit(func(v map[string]any) {
			v["groups"] = append(v["groups"].([]any), v["groups"].([]any)[0])
		}), 400, "duplicate"},
		{"duplicate route step", "Bearer " + tok, edit(func(v map[string]any) { group0(v)["route_steps"] = []any{1, 1} }), 400, "groups[0].route_steps[1]"},
		{"unknown ring", "Bearer " + tok, edit(func(v map[string]any) { group0(v)["ring"] = "nope" }), 400, "groups[0].ring"},
		{"javascript source", "Bearer " + tok, edit(func(v map[string]any) { group0(v)["sources"] = []any{"javascript:alert(1)"} }), 400, "groups[0].sources[0]"},
	}
	for _, c := range cases {
		r := do(t, http.MethodPut, ts.URL+"/api/stakeholders", strings.NewReader(c.body), "Authorization", c.auth, "Content-Type", "application/json")
		code := "invalid_field"
		if c.status == 401 {
			code = "unauthorized"
		}
		if c.mention == "" {
			wantJSONError(t, c.name, r, c.status, code)
		} else {
			wantJSONError(t, c.name, r, c.status, code, c.mention)
		}
	}
	wantJSONError(t, "text/plain", do(t, http.MethodPut, ts.URL+"/api/stakeholders", bytes.NewReader(orig), "Authorization", "Bearer "+tok, "Content-Type", "text/plain"), 415, "unsupported_media_type")
	big := `{"title":{"nl":"` + strings.Repeat("x", 10<<20) + `"}}`
	wantJSONError(t, "10 MB", do(t, http.MethodPut, ts.URL+"/api/stakeholders", strings.NewReader(big), "Authorization", "Bearer "+tok, "Content-Type", "application/json"), 413, "too_large")
	if n := countRows(t, st, "stakeholder_maps"); n != 0 {
		t.Fatalf("rejected requests stored %d stakeholder maps", n)
	}
}

func TestPutStakeholdersRejectsMalformedMaps(t *testing.T) {
	ts, st := newServer(t, server.Config{})
	tok := token(t, st)
	orig := get(t, ts.URL+"/api/stakeholders").body
	edit := func(f func(v map[string]any)) string {
		var v map[string]any
		json.Unmarshal(orig, &v)
		f(v)
		b, _ := json.Marshal(v)
		return string(b)
	}
	group0 := func(v map[string]any) map[string]any { return v["groups"].([]any)[0].(map[string]any) }
	cases := []struct{ name, body, mention string }{
		{"NUL in name", edit(func(v map[string]any) { group0(v)["name"].(map[string]any)["nl"] = "a\x00b" }), "groups[0].name.nl"},
		{"duplicate key", string(orig[:len(bytes.TrimSpace(orig))-1]) + `,"title":{"nl":"X","en":"Y"}}`, "title"},
		{"fractional route step", edit(func(v map[string]any) { group0(v)["route_steps"] = []any{1.5} }), "groups[0].route_steps[0]"},
		{"null", "null", "object"},
	}
	for _, c := range cases {
		r := do(t, http.MethodPut, ts.URL+"/api/stakeholders", strings.NewReader(c.body), "Authorization", "Bearer "+tok, "Content-Type", "application/json")
		wantJSONError(t, c.name, r, 400, "invalid_field", c.mention)
	}
	if n := countRows(t, st, "stakeholder_maps"); n != 0 {
		t.Errorf("%d stored", n)
	}
}

type stakeholderGroup struct {
	ID         string            `json:"id"`
	Category   string            `json:"category"`
	Ring       string            `json:"ring"`
	Quadrant   string            `json:"quadrant"`
	Name       map[string]string `json:"name"`
	Why        map[string]string `json:"why"`
	How        map[string]string `json:"how"`
	RouteSteps []int             `json:"route_steps"`
	Sources    []string          `json:"sources"`
	Status     string            `json:"status"`
	Evidence   string            `json:"evidence"`
	Note       string            `json:"note"`
}

type stakeholderMap struct {
	Title      map[string]string  `json:"title"`
	Provenance map[string]string  `json:"provenance"`
	Rings      []map[string]any   `json:"rings"`
	Quadrants  []map[string]any   `json:"quadrants"`
	Groups     []stakeholderGroup `json:"groups"`
	Revision   *struct {
		Version    int64  `json:"version"`
		RecordedBy string `json:"recorded_by"`
	} `json:"revision"`
	Code     string `json:"code"`
	Name     string `json:"name"`
	Involved *int   `json:"involved"`
	Known    int    `json:"known"`
	Total    int    `json:"total"`
	Demo     bool   `json:"demo"`
}

func decodeMap(t *testing.T, r response) stakeholderMap {
	t.Helper()
	if r.status != http.StatusOK {
		t.Fatalf("status %d: %s", r.status, r.body)
	}
	var m stakeholderMap
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("decode: %v\n%s", err, r.body)
	}
	return m
}

func TestStakeholdersGeneric(t *testing.T) {
	ts, _ := newServer(t, server.Config{})
	r := get(t, ts.URL+"/api/stakeholders")
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type %q", ct)
	}
	m := decodeMap(t, r)
	if len(m.Groups) != 16 || len(m.Rings) != 4 || len(m.Quadrants) != 4 {
		t.Fatalf("%d groups, %d rings, %d quadrants; want 16, 4, 4", len(m.Groups), len(m.Rings), len(m.Quadrants))
	}
	if m.Revision != nil {
		t.Errorf("default map carries a revision: %+v", m.Revision)
	}
	for _, g := range m.Groups {
		if g.Name["nl"] == "" || g.Name["en"] == "" || g.Why["en"] == "" || g.How["nl"] == "" || g.Ring == "" || g.Quadrant == "" || len(g.Sources) == 0 || len(g.RouteSteps) == 0 {
			t.Errorf("group %s incomplete: %+v", g.ID, g)
		}
		if g.Status != "" {
			t.Errorf("generic map has a status for %s", g.ID)
		}
	}
	if !strings.Contains(m.Provenance["en"], "reconstruction") {
		t.Errorf("provenance does not say reconstruction: %q", m.Provenance["en"])
	}
	if h := get(t, ts.URL+"/api/stakeholders/history"); h.status != 200 || strings.TrimSpace(string(h.body)) != "[]" {
		t.Errorf("empty history: %d %s", h.status, h.body)
	}
}

func TestStakeholdersPut(t *testing.T) {
	ts, st := newServer(t, server.Config{})
	tok := token(t, st)
	orig := get(t, ts.URL+"/api/stakeholders").body

	edit := func(f func(v map[string]any)) string {
		var v map[string]any
		if err := json.Unmarshal(orig, &v); err != nil {
			t.Fatal(err)
		}
		f(v)
		b, _ := json.Marshal(v)
		return string(b)
	}
	group := func(v map[string]any, i int) map[string]any { return v["groups"].([]any)[i].(map[string]any) }

	// Without a token, or with a wrong one: 401, nothing stored.
	for _, tk := range []string{"", "ik_wrong"} {
		r := send(t, http.MethodPut, ts.URL+"/api/stakeholders", tk, string(orig))
		if r.status != http.StatusUnauthorized || r.header.Get("WWW-Authenticate") == "" {
			t.Errorf("token %q: status %d %s", tk, r.status, r.body)
		}
	}

	bad := []struct {
		name, body, wantError string
	}{
		{"empty english name", edit(func(v map[string]any) { group(v, 3)["name"].(map[string]any)["en"] = "" }), "groups[3].name.en: empty"},
		{"unknown field", edit(func(v map[string]any) { v["extra"] = 1 }), "extra: unknown field"},
		{"group not in framework", edit(func(v map[string]any) { group(v, 0)["id"] = "bakers" }), "groups[0].id"},
		{"group removed", edit(func(v map[string]any) { v["groups"] = v["groups"].([]any)[1:] }), `groups: missing "lived_experience_experts"`},
		{"route step 12", edit(func(v map[string]any) { group(v, 2)["route_steps"] = []any{12} }), "groups[2].route_steps[0]"},
		{"not JSON", `{"title":`, "not a complete JSON object"},
	}
	for _, c := range bad {
		r := send(t, http.MethodPut, ts.URL+"/api/stakeholders", tok, c.body)
		var e struct{ Error, Code string }
		json.Unmarshal(r.body, &e)
		if r.status != http.StatusBadRequest || e.Code != "invalid_field" || !strings.Contains(e.Error, c.wantError) {
			t.Errorf("%s: %d %s, want 400 invalid_field naming %q", c.name, r.status, r.body, c.wantError)
		}
	}
	if r := send(t, http.MethodPut, ts.URL+"/api/stakeholders", tok, `{"title":"`+strings.Repeat("x", 300<<10)+`"}`); r.status != http.StatusRequestEntityTooLarge {
		t.Errorf("huge body: %d %s", r.status, r.body)
	}
	if h := get(t, ts.URL+"/api/stakeholders/history"); strings.TrimSpace(string(h.body)) != "[]" {
		t.Fatalf("rejected PUTs stored something: %s", h.body)
	}

	// A valid edit (the fetched map, revision and all, with one change) is stored.
	body := edit(func(v map[string]any) {
		v["revision"] = map[string]any{"version": 99}
		group(v, 6)["ring"] = "consulted"
	})
	r := send(t, http.MethodPut, ts.URL+"/api/stakeholders", tok, body)
	if r.status != http.StatusCreated || r.header.Get("Location") != "/api/stakeholders" {
		t.Fatalf("PUT: %d %s", r.status, r.body)
	}
	var created struct {
		Version    int64  `json:"version"`
		RecordedBy string `json:"recorded_by"`
	}
	json.Unmarshal(r.body, &created)
	if created.Version == 0 || created.RecordedBy != "token:editor" {
		t.Errorf("created: %s", r.body)
	}
	m := decodeMap(t, get(t, ts.URL+"/api/stakeholders"))
	if m.Groups[6].Ring != "consulted" || m.Revision == nil || m.Revision.Version != created.Version || m.Revision.RecordedBy != "Netwerk Inclusieve Gemeenten" {
		t.Errorf("after PUT: group 6 ring %q, revision %+v", m.Groups[6].Ring, m.Revision)
	}

	// A second version; history lists both, newest first; the audit log has both.
	send(t, http.MethodPut, ts.URL+"/api/stakeholders", tok, string(orig))
	var hist []struct {
		Version  int64           `json:"version"`
		Document json.RawMessage `json:"document"`
	}
	if err := json.Unmarshal(get(t, ts.URL+"/api/stakeholders/history").body, &hist); err != nil {
		t.Fatal(err)
	}
	if len(hist) != 2 || hist[0].Version <= hist[1].Version || !strings.Contains(string(hist[1].Document), `"consulted"`) {
		t.Errorf("history: %+v", hist)
	}
	if m := decodeMap(t, get(t, ts.URL+"/api/stakeholders")); m.Groups[6].Ring != "informed" {
		t.Errorf("newest version not served: researchers ring %q", m.Groups[6].Ring)
	}
	log, _ := st.AuditLog(context.Background())
	n := 0
	for _, e := range log {
		if e.Action == "add stakeholder map" && e.Actor == "token:editor" {
			n++
		}
	}
	if n != 2 {
		t.Errorf("%d audit entries, want 2", n)
	}
}

func TestMunicipalityStakeholders(t *testing.T) {
	ts, st := newServer(t, server.Config{})
	tok := token(t, st)

	// No assessment: every group unknown.
	m := decodeMap(t, get(t, ts.URL+"/api/municipalities/GM0363/stakeholders"))
	if m.Code != "GM0363" || m.Name != "Amsterdam" || m.Total != 16 || m.Known != 0 || m.Involved != nil || len(m.Groups) != 16 {
		t.Fatalf("unassessed: %+v", m)
	}
	for _, g := range m.Groups {
		if g.Status != "unknown" {
			t.Errorf("%s: status %q, want unknown", g.ID, g.Status)
		}
	}

	body := `{"assessed_on":"2025-06-01","source":"LIA document","values":{
		"stage":{"value":4},
		"stakeholder.lived_experience_experts":{"value":1,"evidence":"https://example.org/panel","note":"paid panel"},
		"stakeholder.council":{"value":1},
		"stakeholder.executive":{"value":1},
		"stakeholder.media":{"value":0,"note":"not yet"}}}`
	if r := send(t, http.MethodPut, ts.URL+"/api/municipalities/GM0363/assessment", tok, body); r.status != http.StatusCreated {
		t.Fatalf("assessment PUT: %d %s", r.status, r.body)
	}
	m = decodeMap(t, get(t, ts.URL+"/api/municipalities/GM0363/stakeholders"))
	if m.Involved == nil || *m.Involved != 3 || m.Known != 4 || m.Total != 16 || m.Demo {
		t.Errorf("counts: involved %v known %d total %d demo %v; want 3, 4, 16, false", m.Involved, m.Known, m.Total, m.Demo)
	}
	want := map[string]string{"lived_experience_experts": "involved", "council": "involved", "executive": "involved", "media": "not_involved", "residents": "unknown", "schools": "unknown"}
	for _, g := range m.Groups {
		if w, ok := want[g.ID]; ok && g.Status != w {
			t.Errorf("%s: %q, want %q", g.ID, g.Status, w)
		}
		if g.Ring == "" || g.Name["nl"] == "" {
			t.Errorf("%s: the map's fields are missing: %+v", g.ID, g)
		}
		if g.ID == "lived_experience_experts" && (g.Evidence != "https://example.org/panel" || g.Note != "paid panel") {
			t.Errorf("evidence/note not carried: %+v", g)
		}
	}
	if m.Title["nl"] == "" || len(m.Rings) != 4 {
		t.Errorf("map fields missing from the municipality view")
	}
}

func TestMunicipalityStakeholdersErrors(t *testing.T) {
	ts, _ := newServer(t, server.Config{})
	cases := []struct {
		path   string
		status int
		code   string
	}{
		{"/api/municipalities/Amsterdam/stakeholders", 400, "bad_request"},
		{"/api/municipalities/GM9999/stakeholders", 404, "not_found"},
		// Geldermalsen merged into West Betuwe (GM1960) in 2019.
		{"/api/municipalities/GM0236/stakeholders", 301, "moved"},
	}
	for _, c := range cases {
		r := get(t, ts.URL+c.path)
		var e struct{ Error, Code string }
		json.Unmarshal(r.body, &e)
		if r.status != c.status || e.Code != c.code {
			t.Errorf("%s: %d %s, want %d %s", c.path, r.status, r.body, c.status, c.code)
		}
		if c.status == 301 && r.header.Get("Location") != "/api/municipalities/GM1960/stakeholders" {
			t.Errorf("%s: Location %q", c.path, r.header.Get("Location"))
		}
	}
	// Lower case is accepted like everywhere else.
	if r := get(t, ts.URL+"/api/municipalities/gm0363/stakeholders"); r.status != 200 {
		t.Errorf("lower-case code: %d", r.status)
	}
}

func TestStakeholdersPage(t *testing.T) {
	ts, _ := newServer(t, server.Config{})
	r := get(t, ts.URL+"/stakeholders")
	if r.status != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "text/html") {
		t.Fatalf("page: %d %s", r.status, r.header.Get("Content-Type"))
	}
	for _, want := range []string{`src="/stakeholders.js"`, `href="/stakeholders.css"`, `href="/"`} {
		if !strings.Contains(string(r.body), want) {
			t.Errorf("page lacks %s", want)
		}
	}
	if strings.Contains(string(r.body), "<script>") || strings.Contains(string(r.body), " style=") {
		t.Error("page has inline script or style, which the CSP forbids")
	}
}
