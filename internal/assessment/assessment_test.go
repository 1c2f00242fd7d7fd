package assessment

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/inclusiekaart/inclusiekaart/internal/scoring"
)

var today = time.Date(2025, 11, 28, 12, 0, 0, 0, time.UTC)

func framework(t testing.TB) *scoring.Framework {
	t.Helper()
	f, err := scoring.Default()
	if err != nil {
		t.Fatal(err)
	}
	return f
}

const goodJSON = `{"assessed_on":"2025-10-01","source":"LIA document","assessor":"Netwerk",
 "values":{"stage":{"value":4,"evidence":"https://example.org/lia.pdf","note":"vastgesteld door de raad"},
 "domain.work":{"value":2},"stakeholder.council":{"value":1}}}`

func TestParseJSONGood(t *testing.T) {
	f := framework(t)
	got, err := ParseJSON(strings.NewReader(goodJSON), f, today)
	if err != nil {
		t.Fatal(err)
	}
	want := Assessment{AssessedOn: "2025-10-01", Source: "LIA document", Assessor: "Netwerk", Values: map[string]Value{
		"stage":               {Value: 4, Evidence: "https://example.org/lia.pdf", Note: "vastgesteld door de raad"},
		"domain.work":         {Value: 2},
		"stakeholder.council": {Value: 1},
	}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
	if r := f.Score(got.Ints()); r.Stage == nil || *r.Stage != 4 {
		t.Errorf("Ints/Score stage = %v", r.Stage)
	}
}

func TestParseJSONErrors(t *testing.T) {
	f := framework(t)
	long := strings.Repeat("x", 201)
	tests := []struct {
		name, body, field, msg string
	}{
		{"not json", `{`, "body", "not a complete JSON object"},
		{"array", `[]`, "body", "must be a JSON object, not an array"},
		{"empty body", ``, "body", "empty"},
		{"trailing data", `{"assessed_on":"2025-01-01","source":"x","values":{"stage":{"value":1}}} {}`, "body", "after the JSON object"},
		{"unknown top-level field", `{"assessed_on":"2025-01-01","source":"x","colour":"red","values":{"stage":{"value":1}}}`, "colour", "unknown field"},
		{"unknown indicator", `{"assessed_on":"2025-01-01","source":"x","values":{"domain.sport":{"value":1}}}`, "values.domain.sport", "unknown indicator"},
		{"unknown value field", `{"assessed_on":"2025-01-01","source":"x","values":{"stage":{"value":1,"score":3}}}`, "values.stage.score", "unknown field"},
		{"value not integer", `{"assessed_on":"2025-01-01","source":"x","values":{"stage":{"value":2.5}}}`, "values.stage.value", "must be a whole number, not 2.5"},
		{"value string", `{"assessed_on":"2025-01-01","source":"x","values":{"stage":{"value":"2"}}}`, "values.stage.value", "must be a whole number, not a string"},
		{"value missing", `{"assessed_on":"2025-01-01","source":"x","values":{"stage":{"note":"n"}}}`, "values.stage.value", "required"},
		{"value bare number", `{"assessed_on":"2025-01-01","source":"x","values":{"stage":3}}`, "values.stage", "must be an object"},
		{"stage out of range", `{"assessed_on":"2025-01-01","source":"x","values":{"stage":{"value":7}}}`, "values.stage.value", "7 out of range 1–6"},
		{"stage zero is not unknown", `{"assessed_on":"2025-01-01","source":"x","values":{"stage":{"value":0}}}`, "values.stage.value", "out of range"},
		{"domain out of range", `{"assessed_on":"2025-01-01","source":"x","values":{"domain.work":{"value":5}}}`, "values.domain.work.value", "5 out of range 0–3"},
		{"evidence relative", `{"assessed_on":"2025-01-01","source":"x","values":{"stage":{"value":1,"evidence":"/lia.pdf"}}}`, "values.stage.evidence", "absolute http(s) URL"},
		{"evidence javascript", `{"assessed_on":"2025-01-01","source":"x","values":{"stage":{"value":1,"evidence":"javascript:alert(1)"}}}`, "values.stage.evidence", "absolute http(s) URL"},
		{"evidence too long", `{"assessed_on":"2025-01-01","source":"x","values":{"stage":{"value":1,"evidence":"https://e.org/` + strings.Repeat("a", 2000) + `"}}}`, "values.stage.evidence", "at most 2000"},
		{"note too long", `{"assessed_on":"2025-01-01","source":"x","values":{"stage":{"value":1,"note":"` + strings.Repeat("é", 2001) + `"}}}`, "values.stage.note", "at most 2000"},
		{"date invalid", `{"assessed_on":"2025-02-30","source":"x","values":{"stage":{"value":1}}}`, "assessed_on", "not a date"},
		{"date missing", `{"source":"x","values":{"stage":{"value":1}}}`, "assessed_on", "not a date"},
		{"date in future", `{"assessed_on":"2025-11-29","source":"x","values":{"stage":{"value":1}}}`, "assessed_on", "future"},
		{"source empty", `{"assessed_on":"2025-01-01","source":"  ","values":{"stage":{"value":1}}}`, "source", "required"},
		{"source too long", `{"assessed_on":"2025-01-01","source":"` + long + `","values":{"stage":{"value":1}}}`, "source", "at most 200"},
		{"assessor too long", `{"assessed_on":"2025-01-01","source":"x","assessor":"` + long + `","values":{"stage":{"value":1}}}`, "assessor", "at most 200"},
		{"values empty", `{"assessed_on":"2025-01-01","source":"x","values":{}}`, "values", "at least one"},
		{"values missing", `{"assessed_on":"2025-01-01","source":"x"}`, "values", "at least one"},
		{"bad code", `{"code":"0363","assessed_on":"2025-01-01","source":"x","values":{"stage":{"value":1}}}`, "code", "not a municipality code"},
		{"source not string", `{"assessed_on":"2025-01-01","source":3,"values":{"stage":{"value":1}}}`, "source", "must be a string"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseJSON(strings.NewReader(tt.body), f, today)
			var fe *FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("err = %v, want a *FieldError", err)
			}
			if fe.Field != tt.field || !strings.Contains(fe.Message, tt.msg) || fe.Line != 0 {
				t.Errorf("got %+v (%q), want field %q message containing %q", fe, err, tt.field, tt.msg)
			}
		})
	}
	_, err := ParseJSON(strings.NewReader(`{"assessed_on":"2025-01-01","source":"x","values":{"stage":{"value":7}}}`), f, today)
	if got, want := err.Error(), "values.stage.value: value 7 out of range 1–6"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func TestValidateTodayIsInclusive(t *testing.T) {
	f := framework(t)
	a := Assessment{AssessedOn: "2025-11-28", Source: "x", Values: map[string]Value{"stage": {Value: 2}}}
	if err := a.Validate(f, today); err != nil {
		t.Errorf("assessment dated today rejected: %v", err)
	}
}

const goodCSV = "\uFEFFcode,assessed_on,source,assessor,stage,stage.evidence,domain.work,domain.work.note\n" +
	"GM0363,2025-10-01,LIA document,Netwerk,5,https://example.org/lia,2,\"meerdere regels,\nmet komma\"\n" +
	"GM0518,2025-09-01,Flitspeiling 2023,,3,,,\n"

func TestReadCSVGood(t *testing.T) {
	f := framework(t)
	got, err := ReadCSV(strings.NewReader(goodCSV), f, today)
	if err != nil {
		t.Fatal(err)
	}
	want := []Assessment{
		{Code: "GM0363", AssessedOn: "2025-10-01", Source: "LIA document", Assessor: "Netwerk", Values: map[string]Value{
			"stage":       {Value: 5, Evidence: "https://example.org/lia"},
			"domain.work": {Value: 2, Note: "meerdere regels,\nmet komma"},
		}},
		{Code: "GM0518", AssessedOn: "2025-09-01", Source: "Flitspeiling 2023", Values: map[string]Value{"stage": {Value: 3}}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
}

func TestReadCSVErrors(t *testing.T) {
	f := framework(t)
	const h = "code,assessed_on,source,assessor,stage,domain.work,domain.work.evidence\n"
	tests := []struct {
		name, in string
		line     int
		field    string
		msg      string
	}{
		{"empty file", "", 1, "", "header"},
		{"unknown column", "code,assessed_on,source,colour\n", 1, "colour", "unknown column"},
		{"duplicate column", "code,assessed_on,source,stage,stage\n", 1, "stage", "duplicate column"},
		{"missing required column", "code,source,stage\n", 1, "assessed_on", "missing required column"},
		{"evidence without indicator column", "code,assessed_on,source,stage.evidence\n", 1, "stage.evidence", "without its indicator column"},
		{"value out of range", h + "GM0363,2025-01-01,x,,3,2,\nGM0344,2025-01-01,x,,3,\"\",\nGM0014,2025-01-01,x,,1,5,\n", 4, "domain.work", "value 5 out of range 0–3"},
		{"not an integer", h + "GM0363,2025-01-01,x,,drie,,\n", 2, "stage", "not an integer"},
		{"bad code", h + "0363,2025-01-01,x,,3,,\n", 2, "code", "not a municipality code"},
		{"empty code", h + ",2025-01-01,x,,3,,\n", 2, "code", "required"},
		{"bad date", h + "GM0363,1-10-2025,x,,3,,\n", 2, "assessed_on", "not a date"},
		{"future date", h + "GM0363,2026-01-01,x,,3,,\n", 2, "assessed_on", "future"},
		{"no source", h + "GM0363,2025-01-01,,,3,,\n", 2, "source", "required"},
		{"no values", h + "GM0363,2025-01-01,x,,,,\n", 2, "values", "at least one"},
		{"evidence without value", h + "GM0363,2025-01-01,x,,3,,https://e.org\n", 2, "domain.work.evidence", "without a value"},
		{"bad evidence", h + "GM0363,2025-01-01,x,,3,1,ftp://e.org\n", 2, "domain.work.evidence", "absolute http(s) URL"},
		{"duplicate row", h + "GM0363,2025-01-01,x,,3,,\nGM0363,2025-01-01,y,,4,,\n", 3, "code", "already on line 2"},
		{"wrong field count", h + "GM0363,2025-01-01,x\n", 2, "", "3 fields where the header has"},
		{"multiline cell keeps line numbers", "code,assessed_on,source,stage,stage.note\nGM0363,2025-01-01,x,3,\"a\nb\"\nGM0344,2025-01-01,x,9,\n", 4, "stage", "out of range"},
		{"line break in source", h + "GM0363,2025-01-01,\"a\nb\",,3,,\n", 2, "source", "control character"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadCSV(strings.NewReader(tt.in), f, today)
			var fe *FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("err = %v, want *FieldError", err)
			}
			if got != nil {
				t.Errorf("got %d assessments with an error; want none (all or nothing)", len(got))
			}
			if fe.Line != tt.line || fe.Field != tt.field || !strings.Contains(fe.Message, tt.msg) {
				t.Errorf("got %+v, want line %d field %q message containing %q", fe, tt.line, tt.field, tt.msg)
			}
		})
	}
	_, err := ReadCSV(strings.NewReader(h+"GM0363,2025-01-01,x,,3,2,\nGM0344,2025-01-01,x,,3,,\nGM0014,2025-01-01,x,,1,5,\n"), f, today)
	if got, want := err.Error(), "line 4, column domain.work: value 5 out of range 0–3"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func TestCSVRoundTrip(t *testing.T) {
	f := framework(t)
	as, err := ReadCSV(strings.NewReader(goodCSV), f, today)
	if err != nil {
		t.Fatal(err)
	}
	var first bytes.Buffer
	if err := WriteCSV(&first, f, as); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(first.String(), strings.Join(Header(f), ",")+"\n") {
		t.Errorf("export does not start with the full header")
	}
	back, err := ReadCSV(bytes.NewReader(first.Bytes()), f, today)
	if err != nil {
		t.Fatalf("re-import of export: %v\n%s", err, first.String())
	}
	if !reflect.DeepEqual(back, as) {
		t.Errorf("round trip changed assessments:\n got %+v\nwant %+v", back, as)
	}
	var second bytes.Buffer
	if err := WriteCSV(&second, f, back); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first.Bytes(), second.Bytes()) {
		t.Errorf("export → import → export not byte-identical:\n%s\n---\n%s", first.String(), second.String())
	}
	if err := WriteCSV(&bytes.Buffer{}, f, []Assessment{{Code: "x"}}); err == nil {
		t.Error("WriteCSV accepted an assessment without a valid code")
	}
	if got := len(Header(f)); got != 4+3*len(f.Indicators()) {
		t.Errorf("header has %d columns", got)
	}
}

// TestPublishedCSVReadsBackToTheSameAssessments: the download's demo, basis,
// license and attribution columns are for its readers; an import ignores them.
func TestPublishedCSVReadsBackToTheSameAssessments(t *testing.T) {
	f := framework(t)
	as, err := ReadCSV(strings.NewReader(goodCSV), f, today)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WritePublishedCSV(&buf, f, as, Notice{License: "CC BY 4.0", Attribution: "=Bron"}); err != nil {
		t.Fatal(err)
	}
	header, _, _ := strings.Cut(buf.String(), "\n")
	if !strings.HasSuffix(header, ",demo,basis,license,attribution") {
		t.Errorf("header ends %q", header[len(header)-40:])
	}
	if !strings.Contains(buf.String(), ",false,network_review,CC BY 4.0,'=Bron\n") {
		t.Errorf("rows lack demo, basis, licence or the neutralised attribution:\n%s", buf.String())
	}
	back, err := ReadCSV(&buf, f, today)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, as) {
		t.Errorf("published CSV read back differently:\n got %+v\nwant %+v", back, as)
	}
}
