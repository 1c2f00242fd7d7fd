package jsonstrict

import (
	"errors"
	"strings"
	"testing"
)

// TestSyntaxErrorsNameLineAndColumn: a person fixing a body in an editor is
// told the line and column of the problem, in words rather than
// encoding/json's ("invalid character ... looking for beginning of value").
func TestSyntaxErrorsNameLineAndColumn(t *testing.T) {
	tests := []struct{ name, in, path, msg string }{
		{"missing colon on line 3", "{\n  \"title\": \"x\",\n  \"items\" []\n}", "items", "line 3, column 11 (byte 28): unexpected '[' after a key; expected ':'"},
		{"single quotes", "{'title':1}", "", "line 1, column 2 (byte 1): unexpected '\\''"},
		{"trailing comma", "{\"title\":\"x\",\n}", "", "line 2, column 1 (byte 14): unexpected '}' where a key should begin"},
		{"missing comma", "{\"title\":\"x\"\n \"items\":[]}", "", "line 2, column 2 (byte 14): unexpected '\"' after a value; expected ',' or '}'"},
		{"bare word", "{\"title\":\n\tnone}", "title", "line 2, column 2 (byte 11): unexpected 'o' in null"},
		{"control character in a string", "{\"title\":\"a\tb\"}", "title", "unexpected '\\t' inside a string"},
		{"column counts characters", "{\"title\":\"é😀\" \"x\"}", "", "line 1, column 15 (byte 18)"},
		{"truncated on line 2", "{\"items\":[\n", "", "the input ends at line 2, column 1 (byte 11)"},
		{"bad number", "{\"items\":[{\"weight\":1.}]}", "items[0].weight", "unexpected '}' after a decimal point"},
	}
	for _, tt := range tests {
		var d doc
		err := Unmarshal([]byte(tt.in), &d)
		var e *Error
		if !errors.As(err, &e) {
			t.Fatalf("%s: err = %v, want an *Error", tt.name, err)
		}
		if e.Path != tt.path || !strings.Contains(e.Message, tt.msg) {
			t.Errorf("%s: got path %q message %q, want path %q message containing %q", tt.name, e.Path, e.Message, tt.path, tt.msg)
		}
		for _, goWords := range []string{"invalid character", "looking for beginning", "object key", "numeric literal", "string literal"} {
			if strings.Contains(e.Message, goWords) {
				t.Errorf("%s: message %q has encoding/json's wording %q", tt.name, e.Message, goWords)
			}
		}
	}
}

// TestByteOrderMarkIsIgnored: a body saved by an editor that writes a UTF-8
// byte-order mark is read (RFC 8259 8.1), and positions stay those of the
// input as sent.
func TestByteOrderMarkIsIgnored(t *testing.T) {
	var d doc
	if err := Unmarshal([]byte("\xef\xbb\xbf{\"title\":\"x\"}"), &d); err != nil || d.Title != "x" {
		t.Fatalf("with a BOM: %v %+v", err, d)
	}
	err := Unmarshal([]byte("\xef\xbb\xbf{\"title\" 1}"), &d)
	if err == nil || !strings.Contains(err.Error(), "(byte 12)") {
		t.Errorf("offset after a BOM: %v, want byte 12", err)
	}
}
