package server_test

import (
	"encoding/json"
	"regexp"
	"testing"

	"github.com/inclusiekaart/inclusiekaart/internal/server"
)

// goLike matches what reads as Go rather than a sentence: a printed slice or
// map ("[2025]", "map["), a wrapped error ("x: not found"), a test-style
// "want"/"got", or a broken format verb ("%!d").
var goLike = regexp.MustCompile(`\[[0-9 ,]*\]|map\[|: not found|: want |, got |%!|&\{|<nil>`)

// TestErrorMessagesReadAsSentences: what an API client reads in "error" is
// plain language, never Go syntax such as "available: [2025]".
func TestErrorMessagesReadAsSentences(t *testing.T) {
	ts, _ := newServer(t, server.Config{})
	exact := map[string]string{
		"/api/municipalities?year=2019":               "there are no municipality boundaries for 2019; available years: 2025",
		"/api/provinces.geojson?year=2019":            "there are no province boundaries for 2019; available years: 2025",
		"/api/municipalities/GM9999":                  "municipality GM9999 in 2025 was not found",
		"/api/compare?codes=GM0363":                   "parameter codes: give 2 to 6 different municipality codes (1 given)",
		"/api/municipalities.geojson?zoom=99":         "parameter zoom: 99 is not between 0 and 22",
		"/api/municipalities.geojson?bbox=200,2,3,4":  "parameter bbox: minLon 200 is not between -180 and 180",
		"/ogc/collections/x":                          `there is no collection "x"; the collections are municipalities, provinces`,
		"/api/municipalities.csv?dialect=excel":       `parameter dialect: "excel" is not a CSV dialect; the dialects are standard, excel-nl`,
		"/ogc/collections/municipalities/items?f=xml": `parameter f: "xml" is not a format here; use json or html`,
		"/embed?metric=colour":                        `parameter metric: "colour" is not a metric of the map; the metrics are score, stage, domains, domain.education, domain.work, domain.housing, domain.public_space, domain.information, domain.buildings, domain.mobility, domain.care_support, domain.participation, domain.public_services, lived_experience, stakeholders`,
	}
	others := []string{
		"/api/municipalities?year=abc", "/api/municipalities.geojson?bbox=1,2,3", "/api/municipalities.geojson?zoom=x",
		"/api/municipalities/XX", "/api/compare?codes=", "/api/compare?codes=GM0363,XX", "/api/municipalities/GM0363/peers?domain=x",
		"/api/map.svg?year=2019", "/ogc/collections/municipalities/items?limit=x", "/ogc/collections/municipalities/items?offset=-1",
		"/ogc/collections/municipalities/items?datetime=x", "/ogc/collections/municipalities/items?filter-lang=sql",
		"/ogc/collections/municipalities/items?stage=9", "/api/municipalities.csv?koploper=x", "/api/municipalities.csv?insufficient_data=x",
		"/ogc/collections/municipalities/items/GM9999", "/api/municipalities/GM0363?year=2019",
	}
	check := func(u string) string {
		r := get(t, ts.URL+u)
		var e struct {
			Error string `json:"error"`
		}
		if err := json.Unmarshal(r.body, &e); err != nil || e.Error == "" || r.status < 400 {
			t.Errorf("%s: %d %.200s, want a JSON error", u, r.status, r.body)
			return ""
		}
		if goLike.MatchString(e.Error) {
			t.Errorf("%s: %q reads like Go", u, e.Error)
		}
		return e.Error
	}
	for u, want := range exact {
		if got := check(u); got != want {
			t.Errorf("%s:\n got %q\nwant %q", u, got, want)
		}
	}
	for _, u := range others {
		check(u)
	}
}
