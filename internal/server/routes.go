package server

import (
	"net/http"
	"net/url"
	"path"
	"strings"

	"github.com/gorilla/mux"

	"github.com/inclusiekaart/inclusiekaart/internal/atlas"
	"github.com/inclusiekaart/inclusiekaart/internal/ogc"
	"github.com/inclusiekaart/inclusiekaart/internal/web"
)

// routes is the one place where URLs map to handlers.
func (s *Server) routes() *mux.Router {
	r := mux.NewRouter()
	r.Use(recordRoute)
	get := func(p string, h web.HandlerFunc) {
		r.HandleFunc(p, s.handle(h)).Methods(http.MethodGet, http.MethodHead)
	}

	// The map layer is the hottest route: mux tries routes in order.
	get("/api/municipalities.geojson", s.handleMunicipalitiesGeoJSON)
	get("/healthz", s.handleHealth)
	get("/readyz", s.handleReady)
	r.Handle("/metrics", s.cfg.Metrics.handler()).Methods(http.MethodGet, http.MethodHead)
	get("/api/config", s.handleConfig)
	get("/api/framework", s.handleFramework)
	get("/api/municipalities", s.handleMunicipalities)
	get("/api/municipalities/{code}.csv", s.handleMunicipalityCSV)
	get("/api/municipalities/{code}", s.handleMunicipality)
	get("/api/municipalities.csv", s.handleMunicipalitiesCSV)
	get("/api/municipalities/{code}/peers", s.handlePeers)
	r.HandleFunc("/api/municipalities/{code}/assessment", s.handle(s.handlePutAssessment)).Methods(http.MethodPut)
	get("/api/provinces.geojson", s.handleProvincesGeoJSON)
	get("/api/map.svg", s.handleMapSVG)
	get(embedPath, s.handleEmbed)
	get("/api/names", s.handleNames)
	get("/api/places", s.handlePlaces)
	get("/api/compare", s.handleCompare)
	get("/api/assessments.csv", s.handleAssessmentsCSV)

	s.registerReleases(r, get)
	s.registerTimeline(get)
	s.ogc = ogc.New(s.svc, s.log)
	s.ogc.Register(r)
	s.site.Register(r)
	s.registerStakeholders(r, get)
	s.registerNetwork(r, get)

	get("/", s.handleMapPage)
	// Only the embedded files match here, so other paths reach the JSON 404 and a
	// GET on a PUT-only path is a 405, not a missing file.
	r.MatcherFunc(func(req *http.Request, _ *mux.RouteMatch) bool {
		_, ok := s.assets[strings.TrimPrefix(path.Clean(req.URL.Path), "/")]
		return ok
	}).Methods(http.MethodGet, http.MethodHead).Handler(s.staticFiles())

	r.NotFoundHandler = recordRoute(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		s.notFoundPath(w, req, r)
	}))
	r.MethodNotAllowedHandler = recordRoute(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		allow := allowedMethods(r, req)
		w.Header().Set("Allow", strings.Join(allow, ", "))
		s.writeError(w, req, &atlas.Error{Kind: atlas.MethodNotAllowed,
			Message: "method " + atlas.Clip(req.Method) + " not allowed here; allowed: " + strings.Join(allow, ", ")})
	}))
	return r
}

// allowedMethods lists the methods some route accepts for req's path (the Allow
// header every 405 must carry).
func allowedMethods(r *mux.Router, req *http.Request) []string {
	var allow []string
	for _, m := range []string{http.MethodGet, http.MethodHead, http.MethodPut, http.MethodPost} {
		probe := req.Clone(req.Context())
		probe.Method = m
		var match mux.RouteMatch
		if r.Match(probe, &match) && match.MatchErr == nil {
			allow = append(allow, m)
		}
	}
	return allow
}

// notFoundPath answers a path no route serves. A page's path with a trailing
// slash ("/gemeente/GM0363/", "/methode/") is sent to the page (301); on the
// API, whose clients should use the exact path, the 404 says which path
// would have answered. Outside the API a browser (Accept: text/html) gets
// the site's error page rather than JSON.
func (s *Server) notFoundPath(w http.ResponseWriter, req *http.Request, r *mux.Router) {
	p := req.URL.Path
	api := strings.HasPrefix(p, "/api/") || p == "/ogc" || strings.HasPrefix(p, "/ogc/")
	msg := "no such path"
	if trimmed := strings.TrimRight(p, "/"); trimmed != "" && trimmed != p && !strings.HasPrefix(trimmed, "//") && (req.Method == http.MethodGet || req.Method == http.MethodHead) {
		probe := req.Clone(req.Context())
		probe.URL.Path, probe.URL.RawPath = trimmed, ""
		var match mux.RouteMatch
		if r.Match(probe, &match) && match.MatchErr == nil {
			target := (&url.URL{Path: trimmed, RawQuery: req.URL.RawQuery}).RequestURI()
			if !api {
				http.Redirect(w, req, target, http.StatusMovedPermanently)
				return
			}
			msg = "no such path; without the trailing slash: " + atlas.Clip(trimmed)
		}
	}
	if !api && wantsPage(req) {
		s.site.ErrorPage(w, req, notFound("there is no page at this address"))
		return
	}
	s.writeError(w, req, notFound(msg))
}

// wantsPage reports whether the client asks for HTML rather than JSON (a
// browser's navigation).
func wantsPage(r *http.Request) bool {
	acc := r.Header.Get("Accept")
	return strings.Contains(acc, "text/html") && !strings.Contains(acc, "json")
}
