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
		body, err = atlas.MunicipalitiesCSV(ms)
	}
	return s.serveCSV(w, r, body, err, "inclusiekaart-gemeenten-"+strconv.Itoa(year)+".csv", "public, max-age=60")
}

// handleAssessmentsCSV exports the current real assessments in the import
// format (never demo).
func (s *Server) handleAssessmentsCSV(w http.ResponseWriter, r *http.Request) error {
	body, err := s.svc.AssessmentsCSV(r.Context())
	return s.serveCSV(w, r, body, err, "inclusiekaart-assessments.csv", "no-cache")
}

// serveCSV answers with a CSV attachment (gzip, ETag, 304) or the error.
func (s *Server) serveCSV(w http.ResponseWriter, r *http.Request, body []byte, err error, filename, cacheControl string) error {
	var e *web.Encoded
	if err == nil {
		e, err = web.Encode(body)
	}
	if err != nil {
		return err
	}
	w.Header().Set("Content-Disposition", `attachment; filename="`+filename+`"`)
	web.ServeEncoded(w, r, e, web.TypeCSV, cacheControl)
	return nil
}
