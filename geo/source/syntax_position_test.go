package source

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestSyntaxErrorsInAFileNameLineAndColumn: a boundary file that is not
// valid JSON is refused with the line and column of the first break and
// what was expected there, in words (not encoding/json's "invalid character
// ... after object key:value pair", whose byte offset inside a streamed
// feature is only near the break).
func TestSyntaxErrorsInAFileNameLineAndColumn(t *testing.T) {
	feature := `{"type":"Feature","properties":{"statcode":"GM0344","statnaam":"Utrecht"},"geometry":null}`
	cases := []struct{ name, body, want string }{
		{"missing comma between members, line 3", "{\"type\":\"FeatureCollection\",\"features\":[\n" + feature + "\n,{\"type\":\"Feature\" \"properties\":{}}]}",
			"line 3, column 20: geojson: feature 1: invalid JSON: unexpected '\"' after a value; expected ',' or '}'"},
		{"missing comma between positions", "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\n  \"geometry\":{\"type\":\"Polygon\",\n   \"coordinates\":[[[5.0,52.0] [5.1,52.0]]]}}]}",
			"line 3, column 31: geojson: feature 0: invalid JSON: unexpected '[' after an element; expected ',' or ']'"},
		{"after a byte-order mark and CRLF", "\ufeff{\"type\":\"FeatureCollection\",\r\n\"features\":[" + feature + ",]}",
			"line 2, column " + strconv.Itoa(len("\"features\":[")+len(feature)+2) + ": geojson: feature 1: invalid JSON: unexpected ']' where a value should begin"},
	}
	for _, c := range cases {
		path := filepath.Join(t.TempDir(), "b.geojson")
		if err := os.WriteFile(path, []byte(c.body), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := Open(context.Background(), path, FetchOptions{})
		if err == nil || !strings.Contains(err.Error(), path+", "+c.want) {
			t.Errorf("%s:\n got %v\nwant it to contain %q", c.name, err, c.want)
		}
		if err != nil && strings.Contains(err.Error(), "invalid character") {
			t.Errorf("%s: %v has encoding/json's wording", c.name, err)
		}
	}
}
