package server

import (
	"net/http"

	"github.com/gorilla/mux"

	"github.com/inclusiekaart/inclusiekaart/internal/ogc"
)

// routes is the one place where URLs map to handlers.
func (s *Server) routes() *mux.Router {
	r := mux.NewRouter()
	r.Use(recordRoute)
	get := func(p string, h http.HandlerFunc) { r.HandleFunc(p, h).Methods(http.MethodGet, http.MethodHead) }

	// The map layer is the hottest route: mux tries routes in order.
	get("/api/municipalities.geojson", s.handleMunicipalitiesGeoJSON)
	get("/healthz", s.handleHealth)
	get("/api/config", s.handleConfig)
	get("/api/municipalities", s.handleMunicipalities)
	get("/api/municipalities/{code}", s.handleMunicipality)
	get("/api/municipalities.csv", s.handleMunicipalitiesCSV)
	get("/api/municipalities/{code}/peers", s.handlePeers)
	r.HandleFunc("/api/municipalities/{code}/assessment", s.handlePutAssessment).Methods(http.MethodPut)
	get("/api/provinces.geojson", s.handleProvincesGeoJSON)
	get("/api/compare", s.handleCompare)
	get("/api/assessments.csv", s.handleAssessmentsCSV)

	ogc.New(s, s.store).Register(r)
	s.registerStakeholders(r)

	get("/", s.page("index.html"))
	r.PathPrefix("/").Methods(http.MethodGet, http.MethodHead).Handler(s.staticFiles())

	r.NotFoundHandler = recordRoute(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.writeError(w, r, notFound("no such path"))
	}))
	r.MethodNotAllowedHandler = recordRoute(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.writeError(w, r, &apiError{Status: http.StatusMethodNotAllowed, Code: "method_not_allowed", Message: "method " + r.Method + " not allowed here"})
	}))
	return r
}
