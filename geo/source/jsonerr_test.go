package source

import (
	"strings"
	"testing"
)

// goTypeWords are what encoding/json says about Go types; no message may
// contain them.
var goTypeWords = []string{"Go value", "Go struct", "map[string]", "json.RawMessage", "float64", "interface {}", "[]"}

func TestReadMessages(t *testing.T) {
	feature := func(geom string) string {
		return `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"statcode":"GM0001"},"geometry":` + geom + `}]}`
	}
	poly := func(coords string) string { return feature(`{"type":"Polygon","coordinates":` + coords + `}`) }
	topo := func(arcs string) string {
		return `{"type":"Topology","arcs":` + arcs + `,"objects":{"o":{"type":"Polygon","arcs":[[0]]}}}`
	}
	tests := []struct{ name, doc, want string }{
		{"empty", "", "empty file"},
		{"whitespace", " \r\n\t ", "empty file"},
		{"only a BOM", "\ufeff\n", "empty file"},
		{"truncated", `{"type":"FeatureCollection","features":[`, "unexpected end"},
		{"strings", poly(`[[[5,52],[5.1,52],[5.1,52.1],["5","52.0"]]]`), "feature 0: geometry: coordinates: ring 0 position 3: coordinate is a string, need a number"},
		{"strings in a MultiPolygon", feature(`{"type":"MultiPolygon","coordinates":[[[[5,52],[5.1,52],[5.1,52.1],[5,52]]],[[[5,52],["5.1",52],[5.1,52.1],[5,52]]]]}`), "polygon 1 ring 0 position 1: coordinate is a string, need a number"},
		{"null coordinate", poly(`[[[5,52],[5.1,null],[5.1,52.1],[5,52]]]`), "ring 0 position 1: coordinate 1 is null, need a number"},
		{"object position", poly(`[[[5,52],{"x":1},[5.1,52.1],[5,52]]]`), "ring 0 position 1: an object, need an array of 2 numbers"},
		{"ring not an array", poly(`[5]`), "ring 0: the number 5, need an array"},
		{"coordinates not an array", poly(`"x"`), "coordinates: a string, need an array"},
		{"number out of range", poly(`[[[1e999,52],[5.1,52],[5.1,52.1],[5,52]]]`), "ring 0 position 0: coordinate 1e999 is out of range"},
		{"geometry type a number", feature(`{"type":5}`), `"type": want a string, got a number`},
		{"feature not an object", `{"type":"FeatureCollection","features":[5]}`, "feature 0: want an object, got a number"},
		{"properties an array", `{"type":"FeatureCollection","features":[{"type":"Feature","properties":[1],"geometry":null}]}`, "properties: want an object, got an array"},
		{"crs a string", `{"type":"FeatureCollection","crs":"EPSG:28992","features":[]}`, "crs member: want an object, got a string"},
		{"point with strings", feature(`{"type":"Point","coordinates":["5","52"]}`), "feature 0: geometry"},
		{"null arc", topo(`[null]`), "arc 0 is null, need an array of positions"},
		{"arc a number", topo(`[[[4,52],[5,52],[5,53],[4,52]],7]`), "arc 1 is the number 7, need an array of positions"},
		{"arc with a string", topo(`[[[4,52],[5,"52"],[5,53],[4,52]]]`), "arc 0: coordinates: position 1: coordinate is a string, need a number"},
		{"arcs an object", topo(`{}`), `"arcs": want an array, got an object`},
		{"arc reference a fraction", `{"type":"Topology","arcs":[[[4,52],[5,52],[5,53],[4,52]]],"objects":{"o":{"type":"Polygon","arcs":[[0.5]]}}}`, "arcs: want a whole number, got number 0.5"},
		{"transform with strings", `{"type":"Topology","transform":{"scale":["1",1],"translate":[0,0]},"arcs":[],"objects":{}}`, "want a number, got a string"},
		{"topology object not an object", `{"type":"Topology","arcs":[],"objects":{"o":5}}`, `object "o": want an object, got a number`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Read(strings.NewReader(tt.doc))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want an error containing %q", err, tt.want)
			}
			for _, w := range goTypeWords {
				if strings.Contains(err.Error(), w) {
					t.Errorf("message %q contains %q", err, w)
				}
			}
		})
	}
}
