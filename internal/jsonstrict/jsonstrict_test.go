package jsonstrict

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

type text struct {
	NL string `json:"nl"`
	EN string `json:"en"`
}

type item struct {
	Name   text      `json:"name"`
	Steps  []int     `json:"steps"`
	Weight float64   `json:"weight"`
	Note   *string   `json:"note"`
	Tags   []string  `json:"tags"`
	On     bool      `json:"on"`
	Small  int8      `json:"small"`
	Count  uint      `json:"count"`
	Ptrs   []*string `json:"ptrs"`
	hidden int
	Skip   int `json:"-"`
}

type doc struct {
	Title string          `json:"title"`
	Items []item          `json:"items"`
	Meta  map[string]item `json:"meta"`
	Rev   *struct {
		Version int64 `json:"version"`
	} `json:"rev"`
}

func TestUnmarshalGood(t *testing.T) {
	in := `{"title":"Kaart \u00e9 \ud83d\ude00","items":[{"name":{"nl":"a","en":"b"},"steps":[1,-0,11],"weight":0.5e0,
	 "note":null,"tags":[],"on":true,"small":-128,"count":7,"ptrs":[null,"x"]}],"meta":{"k":{"weight":1}},"rev":{"version":3}}`
	var got doc
	if err := Unmarshal([]byte(in), &got); err != nil {
		t.Fatal(err)
	}
	x := "x"
	want := doc{
		Title: "Kaart é 😀",
		Items: []item{{Name: text{"a", "b"}, Steps: []int{1, 0, 11}, Weight: 0.5, Tags: []string{}, On: true, Small: -128, Count: 7, Ptrs: []*string{nil, &x}}},
		Meta:  map[string]item{"k": {Weight: 1}},
		Rev: &struct {
			Version int64 `json:"version"`
		}{3},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
}

func TestUnmarshalErrors(t *testing.T) {
	deep := strings.Repeat(`{"title":`, MaxDepth+1) + `"x"` + strings.Repeat("}", MaxDepth+1)
	okDeep := `{"meta":{"k":{"name":{"nl":"x"}}},"items":[{"steps":[]}]}`
	tests := []struct {
		name, in, path, msg string
	}{
		{"empty", "", "", "empty; send a JSON object"},
		{"spaces", " \n\t", "", "empty; send a JSON object"},
		{"null", "null", "", "must be a JSON object, not null"},
		{"array", "[]", "", "must be a JSON object, not an array"},
		{"string", `"x"`, "", "must be a JSON object, not a string"},
		{"number", "42", "", "must be a JSON object, not 42"},
		{"true", "true", "", "must be a JSON object, not true"},
		{"truncated", `{"title":`, "", "not a complete JSON object: the input ends at line 1, column 10 (byte 9) inside title"},
		{"truncated in array", `{"items":[1,`, "", "not a complete JSON object: the input ends at line 1, column 13 (byte 12) inside items[1]"},
		{"truncated at the top", `{`, "", "not a complete JSON object: the input ends at line 1, column 2 (byte 1)"},
		{"syntax", `{"title" "x"}`, "title", "not valid JSON at line 1, column 10 (byte 9): unexpected '\"' after a key; expected ':'"},
		{"syntax in array", `{"items":[1 2]}`, "items[1]", "not valid JSON at line 1, column 13 (byte 12): unexpected '2' after an element; expected ',' or ']'"},
		{"trailing object", `{} {}`, "", "unexpected data after the JSON object at line 1, column 4 (byte 3)"},
		{"trailing garbage", `{}x`, "", "unexpected data after the JSON object at line 1, column 3 (byte 2)"},
		{"duplicate top-level key", `{"title":"a","title":"b"}`, "title", "duplicate key"},
		{"duplicate nested key", `{"items":[{"name":{"nl":"a","en":"b","nl":"c"}}]}`, "items[0].name.nl", "duplicate key"},
		{"duplicate map key", `{"meta":{"k":{},"k":{}}}`, "meta.k", "duplicate key"},
		{"duplicate key in skipped type error", `{"title":1,"title":2}`, "title", "duplicate key"},
		{"too deep", deep, strings.TrimSuffix(strings.Repeat("title.", MaxDepth), "."), "nested deeper than 64 levels"},
		{"invalid UTF-8 in value", "{\"title\":\"a\xffb\"}", "title", "is not valid UTF-8 at line 1, column 12 (byte 11)"},
		{"invalid UTF-8 in nested value", "{\"items\":[{\"tags\":[\"ok\",\"\xc3\"]}]}", "items[0].tags[1]", "is not valid UTF-8"},
		{"invalid UTF-8 in key", "{\"items\":[{\"n\xe9\":1}]}", "items[0]", "has a key that is not valid UTF-8 at line 1, column 14 (byte 13)"},
		{"invalid UTF-8 outside strings", "{\"title\":\xff}", "title", "not valid UTF-8 at line 1, column 10 (byte 9)"},
		{"invalid UTF-8 after the object", "{}\xff", "", "not valid UTF-8 at line 1, column 3 (byte 2)"},
		{"invalid UTF-8 in root string", "\"\xff\"", "", "is not valid UTF-8 at line 1, column 2 (byte 1)"},
		{"unknown field", `{"colour":"red"}`, "colour", "unknown field"},
		{"field names are case-sensitive", `{"Title":"x"}`, "Title", "unknown field"},
		{"unexported field", `{"items":[{"hidden":1}]}`, "items[0].hidden", "unknown field"},
		{"json:\"-\" field", `{"items":[{"Skip":1}]}`, "items[0].Skip", "unknown field"},
		{"string wanted", `{"title":3}`, "title", "must be a string, not 3"},
		{"null string", `{"title":null}`, "title", "must be a string, not null"},
		{"whole number wanted", `{"items":[{"steps":[1,1.5]}]}`, "items[0].steps[1]", "must be a whole number, not 1.5"},
		{"exponent is not whole", `{"items":[{"steps":[4e0]}]}`, "items[0].steps[0]", "must be a whole number, not 4e0"},
		{"string is not a number", `{"items":[{"steps":["2"]}]}`, "items[0].steps[0]", "must be a whole number, not a string"},
		{"null in int array", `{"items":[{"steps":[null]}]}`, "items[0].steps[0]", "must be a whole number, not null"},
		{"int overflow", `{"items":[{"small":128}]}`, "items[0].small", "128 is out of range"},
		{"negative uint", `{"items":[{"count":-1}]}`, "items[0].count", "-1 is out of range"},
		{"float overflow", `{"items":[{"weight":1e400}]}`, "items[0].weight", "1e400 is out of range"},
		{"number wanted", `{"items":[{"weight":"high"}]}`, "items[0].weight", "must be a number, not a string"},
		{"bool wanted", `{"items":[{"on":1}]}`, "items[0].on", "must be true or false, not 1"},
		{"array wanted", `{"items":{}}`, "items", "must be an array, not an object"},
		{"object wanted", `{"items":[[]]}`, "items[0]", "must be an object, not an array"},
		{"object wanted for map", `{"meta":[]}`, "meta", "must be an object, not an array"},
		{"null struct", `{"items":[{"name":null}]}`, "items[0].name", "must be an object, not null"},
		{"long number clipped", `{"title":` + strings.Repeat("9", 100) + `}`, "title", "must be a string, not " + strings.Repeat("9", 40) + "…"},
		{"deep but fine then type error", okDeep[:len(okDeep)-1] + `,"rev":{"version":"1"}}`, "rev.version", "must be a whole number, not a string"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var d doc
			err := Unmarshal([]byte(tt.in), &d)
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("err = %v, want an *Error", err)
			}
			if e.Path != tt.path || !strings.Contains(e.Message, tt.msg) {
				t.Errorf("got path %q message %q, want path %q message containing %q", e.Path, e.Message, tt.path, tt.msg)
			}
			if got, want := e.Error(), Field(tt.path)+": "+e.Message; got != want {
				t.Errorf("Error() = %q, want %q", got, want)
			}
			if leak := leaks(e.Error()); leak != "" {
				t.Errorf("message %q leaks %q", e.Error(), leak)
			}
		})
	}
}

// leaks returns the first piece of Go-internal wording in msg, or "".
func leaks(msg string) string {
	for _, s := range []string{"Go value", "Go struct", "map[", "json:", "RawMessage", "float64", "[]int", "reflect", "unmarshal", "jsonstrict"} {
		if strings.Contains(msg, s) {
			return s
		}
	}
	return ""
}

func TestMaxDepthIsAllowed(t *testing.T) {
	// MaxDepth levels in all (the top object is level 1) are fine.
	in := `{"meta":` + strings.Repeat("[", MaxDepth-1) + strings.Repeat("]", MaxDepth-1) + `}`
	var v map[string]any
	err := Unmarshal([]byte(in), &v)
	if err == nil || !strings.Contains(err.Error(), "not supported") {
		// any is not a supported type: the depth check passed and decoding
		// reached the destination, which is what this test is about.
		t.Fatalf("got %v", err)
	}
	if err := Check([]byte(in)); err != nil {
		t.Errorf("Check at depth %d: %v", MaxDepth, err)
	}
	in = `{"meta":` + strings.Repeat("[", MaxDepth) + strings.Repeat("]", MaxDepth) + `}`
	if err := Check([]byte(in)); err == nil || !strings.Contains(err.Error(), "nested deeper") {
		t.Errorf("Check at depth %d: %v, want too deep", MaxDepth+1, err)
	}
}

func TestUnmarshalNeedsPointer(t *testing.T) {
	var d doc
	if err := Unmarshal([]byte(`{}`), d); err == nil {
		t.Error("accepted a non-pointer")
	}
	var e *Error
	if err := Unmarshal([]byte(`{}`), (*doc)(nil)); err == nil || errors.As(err, &e) {
		t.Errorf("nil pointer: %v, want a plain error", err)
	}
}

func FuzzUnmarshal(f *testing.F) {
	for _, s := range []string{
		`{"title":"x","items":[{"name":{"nl":"a","en":"b"},"steps":[1,2],"weight":0.5,"note":"n","tags":["t"],"on":true}]}`,
		`{"meta":{"k":{"weight":1e3}}}`, `{"title":"a","title":"b"}`, "{\"title\":\"\xff\"}", `[]`, `null`, `{} x`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var d doc
		err := Unmarshal(b, &d)
		if err == nil {
			return
		}
		var e *Error
		if !errors.As(err, &e) {
			t.Fatalf("error %v is not an *Error", err)
		}
		if leak := leaks(e.Error()); leak != "" {
			t.Fatalf("message %q leaks %q", e.Error(), leak)
		}
	})
}
