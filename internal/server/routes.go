package server

import (
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/gorilla/mux"

	"github.com/inclusiekaart/inclusiekaart/internal/ogc"
	"github.com/inclusiekaart/inclusiekaart/static"
)

// routes is the one place where URLs map to handlers.
func (s *Server) routes() *mux.Router {
	r := mux.NewRouter()
	r.Use(recordRoute)
	get := func(p string, h http.HandlerFunc) { r.HandleFunc(p, h).Methods(http.MethodGet, http.MethodHead) }

	get("/healthz", s.handleHealth)
	get("/api/config", s.handleConfig)
	get("/api/municipalities", s.handleMunicipalities)
	get("/api/municipalities.geojson", s.handleMunicipalitiesGeoJSON)
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

// page serves one HTML file of the embedded page.
func (s *Server) page(name string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		b, err := fs.ReadFile(static.FS, name)
		if err != nil {
			s.writeError(w, r, notFound("page not found"))
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-cache")
		w.Write(b)
	}
}

// staticFiles serves the embedded static files; unknown paths get a JSON 404.
func (s *Server) staticFiles() http.Handler {
	files := http.FileServer(http.FS(static.FS))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(path.Clean(r.URL.Path), "/")
		if st, err := fs.Stat(static.FS, name); name == "" || err != nil || st.IsDir() || strings.HasSuffix(name, ".go") {
			s.writeError(w, r, notFound("no such path"))
			return
		}
		w.Header().Set("Cache-Control", "public, max-age=300")
		files.ServeHTTP(w, r)
	})
}
