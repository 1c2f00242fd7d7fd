package server

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/inclusiekaart/inclusiekaart/internal/atlas"
	"github.com/inclusiekaart/inclusiekaart/internal/web"
)

// The time view's routes: the range of dates a view may take
// (/api/timeline) and the changes of stage between two dates
// (/api/changes, /api/changes.csv). The date of a layer (?date= on the
// list, GeoJSON, CSV and map.svg) is parsed by parseFilteredLayerQuery.
func (s *Server) registerTimeline(get func(string, web.HandlerFunc)) {
	get("/api/timeline", s.handleTimeline)
	get("/api/changes", s.handleChanges)
	get("/api/changes.csv", s.handleChangesCSV)
}

// Unfiltered reports whether lq selects a whole layer of today, which the
// body cache may keep; a dated layer is built per request (any day may be asked).
func (lq layerQuery) Unfiltered() bool {
	return lq.Query.Unfiltered() && lq.Date == ""
}

// parseDate parses the optional date parameter name: a calendar day written
// YYYY-MM-DD ("" when absent). Whether the day lies in the range the data
// covers is the service's rule (atlas.Service.QueryYear, Changes).
func parseDate(q url.Values, name string) (string, error) {
	v, ok, err := web.Single(q, name)
	if err != nil || !ok {
		return "", err
	}
	if _, err := time.Parse("2006-01-02", v); err != nil || len(v) != len("2006-01-02") {
		return "", atlas.ParamError(name, "%q is not a date (YYYY-MM-DD, e.g. 2024-06-30)", atlas.Clip(v))
	}
	return v, nil
}

// handleTimeline serves what the page's date control needs: the first and
// last day a view may show and the boundary years there are.
func (s *Server) handleTimeline(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	dates, err := s.svc.Dates(ctx)
	if err != nil {
		return err
	}
	years, err := s.svc.Years(ctx, atlas.LevelMunicipality)
	if err != nil {
		return err
	}
	body := struct {
		atlas.DateRange
		Years []int `json:"years"`
	}{dates, years}
	return serveJSONBody(w, r, body)
}

// serveJSONBody answers with v as JSON, gzip, ETag and 304 like the layers
// (built per request: the answers depend on the day and the period asked).
func serveJSONBody(w http.ResponseWriter, r *http.Request, v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	e, err := web.Encode(raw)
	if err != nil {
		return err
	}
	web.ServeEncoded(w, r, e, "application/json; charset=utf-8", layerCacheControl)
	return nil
}

// changesQuery parses since and until (both optional).
func changesQuery(r *http.Request) (since, until string, err error) {
	q := r.URL.Query()
	if since, err = parseDate(q, "since"); err != nil {
		return
	}
	until, err = parseDate(q, "until")
	return
}

// handleChanges lists the changes of stage from since to until (default:
// the last twelve months), newest first, with the attribution.
func (s *Server) handleChanges(w http.ResponseWriter, r *http.Request) error {
	since, until, err := changesQuery(r)
	if err != nil {
		return err
	}
	c, err := s.svc.Changes(r.Context(), since, until)
	if err != nil {
		return err
	}
	body := struct {
		atlas.Changes
		Attribution string `json:"attribution"`
		License     string `json:"license"`
	}{c, atlas.Attribution, atlas.License}
	return serveJSONBody(w, r, body)
}

// handleChangesCSV is handleChanges as CSV, in the dialect of the other CSVs.
func (s *Server) handleChangesCSV(w http.ResponseWriter, r *http.Request) error {
	since, until, err := changesQuery(r)
	if err != nil {
		return err
	}
	c, err := s.svc.Changes(r.Context(), since, until)
	var body []byte
	if err == nil {
		body, err = atlas.ChangesCSV(c)
	}
	return s.serveCSV(w, r, body, err, "inclusiekaart-veranderingen-"+c.Since+"-"+c.Until+".csv", "public, max-age=60")
}

var (
	monthsNL = []string{"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"}
	monthsEN = []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
)

// longDate writes an ISO day as text: "3 december 2026" in Dutch, "3 December 2026" in English.
func longDate(iso, lang string) string {
	t, err := time.Parse("2006-01-02", iso)
	if err != nil {
		return iso
	}
	months := monthsNL
	if lang == "en" {
		months = monthsEN
	}
	return strconv.Itoa(t.Day()) + " " + months[t.Month()-1] + " " + strconv.Itoa(t.Year())
}

// onDay names the day a drawn map shows the statuses of, after its title
// (" op 3 december 2024"); "" for today.
func onDay(date, lang string) string {
	switch {
	case date == "":
		return ""
	case lang == "en":
		return " on " + longDate(date, lang)
	}
	return " op " + longDate(date, lang)
}
