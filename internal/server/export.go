package server

import (
	"net/http"
	"strconv"

	"github.com/inclusiekaart/inclusiekaart/internal/atlas"
	"github.com/inclusiekaart/inclusiekaart/internal/web"
)

func (s *Server) handleMunicipalitiesCSV(w http.ResponseWriter, r *http.Request) error {
	lq, err := parseFilteredLayerQuery(r.URL.Query(), atlas.MunicipalityFields, false)
	if err != nil {
		return err
	}
	ms, year, err := s.svc.Municipalities(r.Context(), lq.Query)
	var body []byte
	if err == nil {
		body, err = s.svc.MunicipalitiesCSV(ms)
	}
	return s.serveCSV(w, r, body, err, "inclusiekaart-gemeenten-"+strconv.Itoa(year)+".csv", "public, max-age=60")
}

// handleMunicipalityCSV serves one municipality's row with the evidence of
// each indicator (/api/municipalities/{code}.csv).
func (s *Server) handleMunicipalityCSV(w http.ResponseWriter, r *http.Request) error {
	code, err := municipalityCode(r)
	if err != nil {
		return err
	}
	lq, err := parseLayerQuery(r.URL.Query(), false, false)
	if err != nil {
		return err
	}
	body, code, err := s.svc.DetailCSV(r.Context(), lq.Year, code)
	return s.serveCSV(w, r, body, err, "inclusiekaart-"+code+".csv", "public, max-age=60")
}

// handleAssessmentsCSV exports the current real assessments in the import
// format (never demo).
func (s *Server) handleAssessmentsCSV(w http.ResponseWriter, r *http.Request) error {
	body, err := s.svc.AssessmentsCSV(r.Context())
	return s.serveCSV(w, r, body, err, "inclusiekaart-assessments.csv", "no-cache")
}

// serveCSV answers with a CSV attachment in the asked dialect (see
// web.ServeCSV) or the error; a wrong dialect is a 400 even when the body
// could not be made.
func (s *Server) serveCSV(w http.ResponseWriter, r *http.Request, body []byte, err error, filename, cacheControl string) error {
	if _, derr := web.CSVDialect(r.URL.Query()); derr != nil {
		return derr
	}
	if err != nil {
		return err
	}
	return web.ServeCSV(w, r, body, filename, cacheControl)
}
