package server_test

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"strings"
	"testing"
)

// TestWritesExplainBrokenBodies: a body an editor would send by mistake to
// either write (the assessment PUT and the stakeholder map PUT) is refused
// with a message a person can act on — a syntax error names its line and
// column in words, a compressed body is a 415 that says so — and nothing is
// stored.
func TestWritesExplainBrokenBodies(t *testing.T) {
	ts, st, tok := editServer(t, false)
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(`{"assessed_on":"2026-10-01","source":"x","values":{"stage":{"value":4}}}`))
	zw.Close()
	for _, path := range []string{"/api/municipalities/GM0344/assessment", "/api/stakeholders"} {
		cases := []struct {
			name, body string
			headers    []string
			status     int
			code       string
			mention    []string
		}{
			{"missing colon on line 3", "{\n  \"assessed_on\": \"2026-10-01\",\n  \"source\" \"x\"\n}", nil, 400, "invalid_field", []string{"line 3, column 12", "expected ':'"}},
			{"single quotes", "{'source':'x'}", nil, 400, "invalid_field", []string{"line 1, column 2", "unexpected"}},
			{"trailing comma", "{\"source\":\"x\",\n}", nil, 400, "invalid_field", []string{"line 2, column 1", "where a key should begin"}},
			{"cut off", "{\"source\":\n\"x\",", nil, 400, "invalid_field", []string{"ends at line 2, column 5"}},
			{"bare word", "{\"source\": none}", nil, 400, "invalid_field", []string{"source", "line 1, column 12", "double quotes"}},
			{"gzip", gz.String(), []string{"Content-Encoding", "gzip"}, 415, "unsupported_media_type", []string{"Content-Encoding", "uncompressed"}},
			{"multipart", "--x--", []string{"Content-Type", "multipart/form-data; boundary=x"}, 415, "unsupported_media_type", []string{"application/json"}},
			{"unparsable type", "{}", []string{"Content-Type", "application/json;;"}, 415, "unsupported_media_type", []string{"application/json"}},
		}
		for _, c := range cases {
			h := append(jsonHeaders(tok), c.headers...)
			r := do(t, http.MethodPut, ts.URL+path, strings.NewReader(c.body), h...)
			wantJSONError(t, path+" "+c.name, r, c.status, c.code, c.mention...)
			for _, goWords := range []string{"invalid character", "looking for beginning", "object key"} {
				if strings.Contains(string(r.body), goWords) {
					t.Errorf("%s %s: %s has encoding/json's wording", path, c.name, r.body)
				}
			}
			if c.name == "gzip" && r.header.Get("Accept-Encoding") != "identity" {
				t.Errorf("%s gzip: Accept-Encoding %q, want identity (RFC 7694)", path, r.header.Get("Accept-Encoding"))
			}
		}
	}
	if n := countRows(t, st, "assessments"); n != 0 {
		t.Errorf("refused bodies stored %d assessments", n)
	}
	// A byte-order mark in front of a good body is no reason to refuse it.
	r := send(t, http.MethodPut, ts.URL+"/api/municipalities/GM0344/assessment", tok,
		"\ufeff"+`{"assessed_on":"2026-10-01","source":"x","values":{"stage":{"value":4}}}`)
	if r.status != 201 {
		t.Errorf("body with a BOM: %d %s", r.status, r.body)
	}
}
