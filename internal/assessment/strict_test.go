package assessment

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

// leakWords are pieces of Go-internal wording that must never reach the
// person who sent a body or a file.
var leakWords = []string{"Go value", "Go struct", "map[", "json:", "RawMessage", "float64", "[]int", "int64", "reflect", "unmarshal", "jsonstrict", "*assessment"}

func leak(msg string) string {
	for _, w := range leakWords {
		if strings.Contains(msg, w) {
			return w
		}
	}
	return ""
}

func TestParseJSONStrict(t *testing.T) {
	f := framework(t)
	const v = `"values":{"stage":{"value":1}}`
	tests := []struct {
		name, body, field, msg string
	}{
		{"body number", `42`, "body", "must be a JSON object, not 42"},
		{"body string", `"x"`, "body", "must be a JSON object, not a string"},
		{"body null", `null`, "body", "must be a JSON object, not null"},
		{"duplicate top-level key", `{"assessed_on":"2025-01-01","assessed_on":"2025-01-02","source":"x",` + v + `}`, "assessed_on", "duplicate key"},
		{"duplicate indicator", `{"assessed_on":"2025-01-01","source":"x","values":{"stage":{"value":4},"stage":{"value":2}}}`, "values.stage", "duplicate key"},
		{"duplicate value field", `{"assessed_on":"2025-01-01","source":"x","values":{"stage":{"value":4,"value":9}}}`, "values.stage.value", "duplicate key"},
		{"duplicate after a type error", `{"source":1,"source":2}`, "source", "duplicate key"},
		{"demo true", `{"assessed_on":"2025-01-01","source":"x","demo":true,` + v + `}`, "demo", DemoRejected},
		{"demo not a bool", `{"assessed_on":"2025-01-01","source":"x","demo":"no",` + v + `}`, "demo", "must be false or left out"},
		{"invalid UTF-8 in source", "{\"assessed_on\":\"2025-01-01\",\"source\":\"\xff\xfe\"," + v + "}", "source", "is not valid UTF-8"},
		{"invalid UTF-8 in note", "{\"assessed_on\":\"2025-01-01\",\"source\":\"x\",\"values\":{\"stage\":{\"value\":1,\"note\":\"caf\xe9\"}}}", "values.stage.note", "is not valid UTF-8"},
		{"invalid UTF-8 in an indicator id", "{\"assessed_on\":\"2025-01-01\",\"source\":\"x\",\"values\":{\"st\xe4ge\":{\"value\":1}}}", "values", "key that is not valid UTF-8"},
		{"invalid UTF-8 between tokens", "{\"source\":\xff}", "source", "not valid UTF-8 at line 1, column 11 (byte 10)"},
		{"too deep", `{"assessed_on":"2025-01-01","source":"x",` + v + `,"assessor":` + strings.Repeat("[", 70) + strings.Repeat("]", 70) + `}`, "assessor" + strings.Repeat("[0]", 63), "nested deeper than 64 levels"},
		{"value a fraction", `{"assessed_on":"2025-01-01","source":"x","values":{"stage":{"value":4.0}}}`, "values.stage.value", "must be a whole number, not 4.0"},
		{"value an exponent", `{"assessed_on":"2025-01-01","source":"x","values":{"stage":{"value":4e0}}}`, "values.stage.value", "must be a whole number, not 4e0"},
		{"value true", `{"assessed_on":"2025-01-01","source":"x","values":{"stage":{"value":true}}}`, "values.stage.value", "must be a whole number, not true"},
		{"value huge", `{"assessed_on":"2025-01-01","source":"x","values":{"stage":{"value":99999999999999999999}}}`, "values.stage.value", "99999999999999999999 is out of range"},
		{"value null", `{"assessed_on":"2025-01-01","source":"x","values":{"stage":{"value":null}}}`, "values.stage.value", "is required"},
		{"indicator null", `{"assessed_on":"2025-01-01","source":"x","values":{"stage":null}}`, "values.stage", `must be an object like {"value": 2}, not null`},
		{"values an array", `{"assessed_on":"2025-01-01","source":"x","values":[]}`, "values", "must be an object, not an array"},
		{"note a number", `{"assessed_on":"2025-01-01","source":"x","values":{"stage":{"value":1,"note":5}}}`, "values.stage.note", "must be a string, not 5"},
		{"code a number", `{"code":363,"assessed_on":"2025-01-01","source":"x",` + v + `}`, "code", "must be a string, not 363"},
		{"field name case", `{"Source":"x","assessed_on":"2025-01-01",` + v + `}`, "Source", "unknown field"},
		{"year zero", `{"assessed_on":"0000-01-01","source":"x",` + v + `}`, "assessed_on", "0000-01-01 is too early: must be from 2000-01-01 up to today (2025-11-28)"},
		{"1899", `{"assessed_on":"1899-12-31","source":"x",` + v + `}`, "assessed_on", "too early"},
		{"day before 2000", `{"assessed_on":"1999-12-31","source":"x",` + v + `}`, "assessed_on", "too early"},
		{"tomorrow", `{"assessed_on":"2025-11-29","source":"x",` + v + `}`, "assessed_on", "2025-11-29 is in the future: must be from 2000-01-01 up to today (2025-11-28)"},
		{"code almost", `{"code":"gm363","assessed_on":"2025-01-01","source":"x",` + v + `}`, "code", `"gm363" is not a municipality code`},
		{"code with spaces", `{"code":" GM0363","assessed_on":"2025-01-01","source":"x",` + v + `}`, "code", "not a municipality code"},
		{"ESC in assessor", `{"assessed_on":"2025-01-01","source":"x","assessor":"a\u001b[31m",` + v + `}`, "assessor", "contains a control character (U+001B)"},
		{"BOM in source", `{"assessed_on":"2025-01-01","source":"\ufeffx",` + v + `}`, "source", "contains a control character (U+FEFF)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseJSON(strings.NewReader(tt.body), f, today)
			var fe *FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("err = %v, want a *FieldError", err)
			}
			if fe.Field != tt.field || !strings.Contains(fe.Message, tt.msg) {
				t.Errorf("got %q, want field %q message containing %q", err, tt.field, tt.msg)
			}
			if w := leak(err.Error()); w != "" {
				t.Errorf("message %q leaks %q", err, w)
			}
		})
	}
}

func TestParseJSONAccepts(t *testing.T) {
	f := framework(t)
	tests := []struct {
		name, body, code, on string
	}{
		{"lower-case code", `{"code":"gm0363","assessed_on":"2025-01-01","source":"x","values":{"stage":{"value":1}}}`, "GM0363", "2025-01-01"},
		{"mixed-case code", `{"code":"Gm0363","assessed_on":"2025-01-01","source":"x","values":{"stage":{"value":1}}}`, "GM0363", "2025-01-01"},
		{"demo false", `{"assessed_on":"2025-01-01","source":"x","demo":false,"values":{"stage":{"value":1}}}`, "", "2025-01-01"},
		{"demo null", `{"assessed_on":"2025-01-01","source":"x","demo":null,"values":{"stage":{"value":1}}}`, "", "2025-01-01"},
		{"earliest date", `{"assessed_on":"2000-01-01","source":"x","values":{"stage":{"value":1}}}`, "", "2000-01-01"},
		{"today", `{"assessed_on":"2025-11-28","source":"x","values":{"stage":{"value":1}}}`, "", "2025-11-28"},
		{"escapes, tabs, -0", `{"assessed_on":"2025-01-01","source":"a\tb \u00e9","values":{"domain.work":{"value":-0,"note":"a\nb"}}}`, "", "2025-01-01"},
		{"same key in different objects", `{"assessed_on":"2025-01-01","source":"x","values":{"stage":{"value":1,"note":"n"},"domain.work":{"value":1,"note":"n"}}}`, "", "2025-01-01"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := ParseJSON(strings.NewReader(tt.body), f, today)
			if err != nil {
				t.Fatal(err)
			}
			if a.Code != tt.code || a.AssessedOn != tt.on || a.Demo {
				t.Errorf("got code %q date %q demo %v, want %q %q false", a.Code, a.AssessedOn, a.Demo, tt.code, tt.on)
			}
			if tt.name == "escapes, tabs, -0" && (a.Source != "a\tb é" || !reflect.DeepEqual(a.Values["domain.work"], Value{Value: 0, Note: "a\nb"})) {
				t.Errorf("got %+v", a)
			}
		})
	}
}

func TestReadCSVStrict(t *testing.T) {
	f := framework(t)
	const h = "code,assessed_on,source,stage\n"
	tests := []struct {
		name, in string
		line     int
		field    string
		msg      string
	}{
		{"year zero", h + "GM0363,0000-01-01,x,3\n", 2, "assessed_on", "0000-01-01 is too early: must be from 2000-01-01 up to today (2025-11-28)"},
		{"1999", h + "GM0363,2025-01-01,x,3\nGM0344,1999-12-31,x,3\n", 3, "assessed_on", "too early"},
		{"future", h + "GM0363,2025-11-29,x,3\n", 2, "assessed_on", "in the future: must be from 2000-01-01"},
		{"invalid UTF-8", h + "GM0363,2025-01-01,\xff,3\n", 2, "source", "not valid UTF-8"},
		{"NUL", h + "GM0363,2025-01-01,a\x00b,3\n", 2, "source", "contains a control character (U+0000)"},
		{"duplicate row across case", h + "gm0363,2025-01-01,x,3\nGM0363,2025-01-01,x,3\n", 3, "code", "already on line 2"},
		{"bare quote", h + "GM0363,2025-01-01,a\"b,3\n", 2, "", "a quote (\") in a value that does not start with one, at character 20 of line 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadCSV(strings.NewReader(tt.in), f, today)
			var fe *FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("err = %v, want *FieldError", err)
			}
			if fe.Line != tt.line || fe.Field != tt.field || !strings.Contains(fe.Message, tt.msg) {
				t.Errorf("got %+v, want line %d field %q message containing %q", fe, tt.line, tt.field, tt.msg)
			}
			if w := leak(err.Error()); w != "" {
				t.Errorf("message %q leaks %q", err, w)
			}
		})
	}
	as, err := ReadCSV(strings.NewReader(h+"gm0363,2000-01-01,x,3\n"), f, today)
	if err != nil || len(as) != 1 || as[0].Code != "GM0363" {
		t.Errorf("lower-case code: %+v, %v; want GM0363", as, err)
	}
}

// TestErrorsNeverLeakGoWording runs many malformed inputs through both
// parsers: every message is a *FieldError in the sender's terms.
func TestErrorsNeverLeakGoWording(t *testing.T) {
	f := framework(t)
	bodies := []string{
		``, ` `, `[]`, `[1,2]`, `"x"`, `42`, `-1.5e3`, `true`, `null`, `{`, `}`, `{"a"}`, `{"a":}`, `{"a":1,}`, `{,}`,
		`{"values":[]}`, `{"values":"x"}`, `{"values":1}`, `{"values":true}`, `{"values":{"stage":[]}}`,
		`{"values":{"stage":"4"}}`, `{"values":{"stage":{"value":[]}}}`, `{"values":{"stage":{"value":{}}}}`,
		`{"values":{"stage":{"value":"4"}}}`, `{"values":{"stage":{"value":1.5}}}`, `{"values":{"stage":{"value":1e400}}}`,
		`{"values":{"stage":{"value":-1e400}}}`, `{"values":{"stage":{"value":1,"note":[]}}}`, `{"values":{"stage":{"value":1,"evidence":{}}}}`,
		`{"source":[]}`, `{"source":{}}`, `{"source":1}`, `{"source":true}`, `{"assessed_on":20250101}`, `{"code":["GM0363"]}`,
		`{"demo":"true"}`, `{"demo":1}`, `{"demo":[]}`, `{"demo":true}`, `{"a":1,"a":2}`, `{"values":{"x":{},"x":{}}}`,
		"{\"source\":\"\xc3\x28\"}", "{\"\xff\":1}", "\xef\xbb\xbf{}", "{\"source\":\"a\x00b\"}", `{"source":"\ud800"}`,
		`{"values":{"stage":{"value":1}}} {}`, `{"values":{"stage":{"value":1}}}]`, strings.Repeat(`{"a":`, 100),
		strings.Repeat("[", 100), `{"values":{"stage":{"value":01}}}`, `{"values":{"stage":{"value":+1}}}`, `{"values":{"stage":{"value":0x1}}}`,
		`{"values":{"stage":{"value":NaN}}}`, `{"values":{"stage":{"value":Infinity}}}`, `{'source':'x'}`, `{"source":"x"/*c*/}`,
	}
	for _, b := range bodies {
		_, err := ParseJSON(strings.NewReader(b), f, today)
		var fe *FieldError
		if !errors.As(err, &fe) {
			t.Errorf("%q: err = %v, want a *FieldError", b, err)
			continue
		}
		if w := leak(err.Error()); w != "" {
			t.Errorf("%q: message %q leaks %q", b, err, w)
		}
	}
	const h = "code,assessed_on,source,stage,stage.note\n"
	files := []string{
		"", "\n", "\xef\xbb\xbf", "code\n", "a,b\n", h + "GM0363\n", h + "GM0363,2025-01-01,x,1.5,\n", h + "GM0363,2025-01-01,x,1e3,\n",
		h + "GM0363,2025-01-01,x,99999999999999999999,\n", h + "GM0363,2025-01-01,x,\"3,\n", h + "GM0363,2025-01-01,x,3,\"a\"b\"\n",
		h + "GM0363,20250101,x,3,\n", h + "GM0363,2025-01-01,x,,n\n", h + "x,2025-01-01,x,3,\n", h + "GM0363,2025-01-01,\xff,3,\n",
	}
	for _, s := range files {
		_, err := ReadCSV(strings.NewReader(s), f, today)
		var fe *FieldError
		if !errors.As(err, &fe) {
			t.Errorf("%q: err = %v, want a *FieldError", s, err)
			continue
		}
		if w := leak(err.Error()); w != "" {
			t.Errorf("%q: message %q leaks %q", s, err, w)
		}
	}
}
