package server

import (
	"os"
	"regexp"
	"strconv"
	"testing"
)

// TestFirstViewLinesUpWithTheMapOfThePage keeps the bound the first view's
// drawing is fitted to equal to the one the page's map fits (NL_BOUNDS in
// static/api.js): with another, the drawing would not lie where the map
// draws the same municipalities.
func TestFirstViewLinesUpWithTheMapOfThePage(t *testing.T) {
	js, err := os.ReadFile("../../static/api.js")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`export const NL_BOUNDS = \[\[([\d.]+), ([\d.]+)\], \[([\d.]+), ([\d.]+)\]\];`).FindSubmatch(js)
	if m == nil {
		t.Fatal("NL_BOUNDS not found in static/api.js")
	}
	var v [4]float64
	for i := range v {
		if v[i], err = strconv.ParseFloat(string(m[i+1]), 64); err != nil {
			t.Fatal(err)
		}
	}
	// NL_BOUNDS is [[south, west], [north, east]].
	if got := [4]float64{nlBound.Min[1], nlBound.Min[0], nlBound.Max[1], nlBound.Max[0]}; got != v {
		t.Errorf("nlBound %v, static/api.js NL_BOUNDS %v", got, v)
	}
}
