package server

import (
	"net/http"

	"github.com/gorilla/mux"
)

// registerStakeholders adds the stakeholder-map routes: the page, the generic map,
// a municipality's coverage and the versioned editing endpoint.
func (s *Server) registerStakeholders(r *mux.Router) {
	get := func(p string, h http.HandlerFunc) { r.HandleFunc(p, h).Methods(http.MethodGet, http.MethodHead) }
	get("/stakeholders", s.page("stakeholders.html"))
	get("/api/stakeholders", s.handleStakeholders)
	get("/api/stakeholders/history", s.handleStakeholderHistory)
	r.HandleFunc("/api/stakeholders", s.handlePutStakeholders).Methods(http.MethodPut)
	get("/api/municipalities/{code}/stakeholders", s.handleMunicipalityStakeholders)
}

// writeFresh answers v with Cache-Control: no-cache (edits show at once).
func (s *Server) writeFresh(w http.ResponseWriter, r *http.Request, v any, err error) {
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-cache")
	writeJSON(w, r, http.StatusOK, v)
}

func (s *Server) handleStakeholders(w http.ResponseWriter, r *http.Request) {
	m, err := s.svc.StakeholderMap(r.Context())
	s.writeFresh(w, r, m, err)
}

func (s *Server) handleStakeholderHistory(w http.ResponseWriter, r *http.Request) {
	h, err := s.svc.StakeholderHistory(r.Context())
	s.writeFresh(w, r, h, err)
}

func (s *Server) handleMunicipalityStakeholders(w http.ResponseWriter, r *http.Request) {
	code, err := municipalityCode(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out, err := s.svc.StakeholderCoverage(r.Context(), code)
	s.writeFresh(w, r, out, err)
}

func (s *Server) handlePutStakeholders(w http.ResponseWriter, r *http.Request) {
	actor, err := s.authenticate(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	body, err := readJSONBody(w, r, maxStakeholderBody)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	v, err := s.svc.RecordStakeholderMap(r.Context(), actor, body)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	const loc = "/api/stakeholders"
	w.Header().Set("Location", loc)
	writeJSON(w, r, http.StatusCreated, map[string]any{"version": v.ID, "recorded_at": v.RecordedAt, "recorded_by": actor, "location": loc})
}
