package stakeholders_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"strings"
	"testing"

	"github.com/inclusiekaart/inclusiekaart/data"
	"github.com/inclusiekaart/inclusiekaart/internal/stakeholders"
)

var leakWords = []string{"Go value", "Go struct", "map[", "json:", "RawMessage", "float64", "[]int", "[]string", "int64", "reflect", "unmarshal", "jsonstrict", "stakeholders."}

func leak(msg string) string {
	for _, w := range leakWords {
		if strings.Contains(msg, w) {
			return w
		}
	}
	return ""
}

// defaultBytes is data/stakeholders.json as stored.
func defaultBytes(t *testing.T) []byte {
	t.Helper()
	b, err := fs.ReadFile(data.FS, stakeholders.FileName)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseStrict(t *testing.T) {
	group := func(v map[string]any, i int) map[string]any { return v["groups"].([]any)[i].(map[string]any) }
	edit := func(f func(v map[string]any)) func(t *testing.T) string {
		return func(t *testing.T) string {
			v := defaultJSON(t)
			f(v)
			b, _ := json.Marshal(v)
			return string(b)
		}
	}
	raw := func(s string) func(*testing.T) string { return func(*testing.T) string { return s } }
	// withKey inserts text right after the opening brace of the default map.
	withKey := func(s string) func(t *testing.T) string {
		return func(t *testing.T) string { return "{" + s + "," + string(bytes.TrimSpace(defaultBytes(t)))[1:] }
	}
	tests := []struct {
		name  string
		body  func(*testing.T) string
		field string
		msg   string
	}{
		{"null body", raw("null"), "body", "must be a JSON object, not null"},
		{"array body", raw("[]"), "body", "must be a JSON object, not an array"},
		{"empty body", raw(""), "body", "empty; send a JSON object"},
		{"truncated", raw(`{"title":`), "body", "not a complete JSON object"},
		{"trailing", raw(`{} {}`), "body", "unexpected data after the JSON object"},
		{"duplicate top-level key", withKey(`"title":{"nl":"X","en":"Y"}`), "title", "duplicate key"},
		{"duplicate key in a group", raw(`{"groups":[{"id":"a"},{"ring":"core","ring":"core"}]}`), "groups[1].ring", "duplicate key"},
		{"NUL in a group name", edit(func(v map[string]any) { group(v, 2)["name"].(map[string]any)["nl"] = "a\x00b" }), "groups[2].name.nl", "contains a control character (U+0000)"},
		{"ESC in the title", edit(func(v map[string]any) { v["title"].(map[string]any)["en"] = "\x1b[31mred" }), "title.en", "contains a control character (U+001B)"},
		{"line break in a label", edit(func(v map[string]any) { group(v, 1)["short"].(map[string]any)["en"] = "a\nb" }), "groups[1].short.en", "contains a control character (U+000A)"},
		{"carriage return in a long text", edit(func(v map[string]any) { group(v, 1)["why"].(map[string]any)["en"] = "a\r\nb" }), "groups[1].why.en", "contains a control character (U+000D)"},
		{"DEL in a ring description", edit(func(v map[string]any) {
			v["rings"].([]any)[0].(map[string]any)["description"].(map[string]any)["nl"] = "a\x7f"
		}), "rings[0].description.nl", "U+007F"},
		{"C1 control in a source label", edit(func(v map[string]any) {
			v["sources"].([]any)[0].(map[string]any)["label"].(map[string]any)["nl"] = "a\u0085"
		}), "sources[0].label.nl", "U+0085"},
		{"invalid UTF-8", func(t *testing.T) string {
			return strings.Replace(edit(func(v map[string]any) { group(v, 3)["how"].(map[string]any)["en"] = "MARK" })(t), "MARK", "caf\xe9", 1)
		}, "groups[3].how.en", "is not valid UTF-8"},
		{"fractional route step", edit(func(v map[string]any) { group(v, 0)["route_steps"] = []any{1.5} }), "groups[0].route_steps[0]", "must be a whole number 1–11, not 1.5"},
		{"route step a string", edit(func(v map[string]any) { group(v, 3)["route_steps"] = []any{2, "3"} }), "groups[3].route_steps[1]", "must be a whole number 1–11, not a string"},
		{"route step null", edit(func(v map[string]any) { group(v, 3)["route_steps"] = []any{nil} }), "groups[3].route_steps[0]", "must be a whole number 1–11, not null"},
		{"map route step a fraction", edit(func(v map[string]any) { v["route_steps"].([]any)[4].(map[string]any)["step"] = 5.5 }), "route_steps[4].step", "must be a whole number 1–11, not 5.5"},
		{"power a string", edit(func(v map[string]any) { group(v, 6)["power"] = "high" }), "groups[6].power", "must be a number, not a string"},
		{"power too large", raw(`{"groups":[{"power":1e400}]}`), "groups[0].power", "1e400 is out of range"},
		{"name null", edit(func(v map[string]any) { group(v, 4)["name"] = nil }), "groups[4].name", "must be an object, not null"},
		{"sources an object", edit(func(v map[string]any) { group(v, 4)["sources"] = map[string]any{} }), "groups[4].sources", "must be an array, not an object"},
		{"source id a number", edit(func(v map[string]any) { group(v, 4)["sources"] = []any{3} }), "groups[4].sources[0]", "must be a string, not 3"},
		{"unknown field in a group", edit(func(v map[string]any) { group(v, 9)["weight"] = 1 }), "groups[9].weight", "unknown field"},
		{"field name case", edit(func(v map[string]any) { v["Title"] = v["title"]; delete(v, "title") }), "Title", "unknown field"},
		{"too deep", raw(strings.Repeat(`{"title":`, 100) + "1" + strings.Repeat("}", 100)), strings.TrimSuffix(strings.Repeat("title.", 64), "."), "nested deeper than 64 levels"},
		{"source url with a space", edit(func(v map[string]any) { v["sources"].([]any)[0].(map[string]any)["url"] = "https://a.example/ b" }), "sources[0].url", "without spaces"},
		{"source url javascript", edit(func(v map[string]any) { v["sources"].([]any)[0].(map[string]any)["url"] = "javascript:alert(1)" }), "sources[0].url", "must be an http(s) URL"},
		{"source url without host", edit(func(v map[string]any) { v["sources"].([]any)[0].(map[string]any)["url"] = "https://" }), "sources[0].url", "must be an http(s) URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := stakeholders.Parse(strings.NewReader(tt.body(t)), frameworkGroups)
			var fe *stakeholders.FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("got %v, want a *FieldError", err)
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

func TestParseAllowsLineBreaksInLongTexts(t *testing.T) {
	v := defaultJSON(t)
	g := v["groups"].([]any)[1].(map[string]any)
	g["why"].(map[string]any)["en"] = "First line.\nSecond line."
	g["name"].(map[string]any)["en"] = "Tab\tseparated"
	b, _ := json.Marshal(v)
	m, err := stakeholders.Parse(bytes.NewReader(b), frameworkGroups)
	if err != nil {
		t.Fatal(err)
	}
	if got := m.Groups[1].Why.EN; got != "First line.\nSecond line." {
		t.Errorf("why.en = %q", got)
	}
}

// TestParseErrorsNeverLeakGoWording sends many malformed documents: every
// answer is a *FieldError in the sender's terms.
func TestParseErrorsNeverLeakGoWording(t *testing.T) {
	bodies := []string{
		``, `[]`, `"x"`, `1`, `true`, `null`, `{`, `{"title"}`, `{"title":}`, `{"title":1,}`,
		`{"title":1}`, `{"title":"x"}`, `{"title":[]}`, `{"title":{"nl":1}}`, `{"title":{"nl":null}}`,
		`{"sources":{}}`, `{"sources":[1]}`, `{"sources":[{"url":1}]}`, `{"route_steps":[{"step":"1"}]}`,
		`{"route_steps":[{"step":1.5}]}`, `{"route_steps":[{"step":1e99}]}`, `{"rings":"core"}`, `{"rings":[null]}`,
		`{"categories":[{"color":0}]}`, `{"groups":[{"power":"x"}]}`, `{"groups":[{"power":true}]}`, `{"groups":[{"interest":[]}]}`,
		`{"groups":[{"route_steps":"1"}]}`, `{"groups":[{"route_steps":[true]}]}`, `{"groups":[{"route_steps":[99999999999999999999]}]}`,
		`{"groups":[{"sources":[{}]}]}`, `{"groups":[{"name":"x"}]}`, `{"revision":1}`, `{"revision":{"version":"1"}}`,
		`{"revision":{"version":1.5}}`, `{"revision":{"recorded_at":5}}`, `{"a":1,"a":1}`, "{\"title\":\"\xff\"}", "{\"\xff\":1}",
		"\xef\xbb\xbf{}", `{} x`, `{}]`, strings.Repeat("[", 10000), strings.Repeat(`{"groups":[`, 50),
	}
	for _, b := range bodies {
		_, err := stakeholders.Parse(strings.NewReader(b), frameworkGroups)
		var fe *stakeholders.FieldError
		if !errors.As(err, &fe) {
			t.Errorf("%.40q: got %v, want a *FieldError", b, err)
			continue
		}
		if w := leak(err.Error()); w != "" {
			t.Errorf("%.40q: message %q leaks %q", b, err, w)
		}
	}
}

// failingReader fails after its data, like a body over its limit.
type failingReader struct{ err error }

func (r failingReader) Read([]byte) (int, error) { return 0, r.err }

func TestParseReadErrorIsWrapped(t *testing.T) {
	sentinel := errors.New("body too large")
	_, err := stakeholders.Parse(failingReader{sentinel}, frameworkGroups)
	var fe *stakeholders.FieldError
	if !errors.As(err, &fe) || !errors.Is(err, sentinel) || fe.Error() != "body: could not be read" {
		t.Errorf("got %v, want a *FieldError wrapping the read error", err)
	}
}
