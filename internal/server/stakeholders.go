package server

import (
	"net/http"

	"github.com/gorilla/mux"
	"github.com/inclusiekaart/inclusiekaart/internal/web"
)

// registerStakeholders adds the stakeholder-map routes: the page, the generic map,
// a municipality's coverage and the versioned editing endpoint.
func (s *Server) registerStakeholders(r *mux.Router, get func(string, web.HandlerFunc)) {
	get("/stakeholders", s.page("stakeholders.html"))
	get("/api/stakeholders", s.handleStakeholders)
	get("/api/stakeholders/history", s.handleStakeholderHistory)
	r.HandleFunc("/api/stakeholders", s.handle(s.handlePutStakeholders)).Methods(http.MethodPut)
	get("/api/municipalities/{code}/stakeholders", s.handleMunicipalityStakeholders)
}

// writeFresh answers v with Cache-Control: no-cache (edits show at once).
func (s *Server) writeFresh(w http.ResponseWriter, r *http.Request, v any, err error) error {
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-cache")
	return writeJSON(w, r, http.StatusOK, v)
}

func (s *Server) handleStakeholders(w http.ResponseWriter, r *http.Request) error {
	m, err := s.svc.StakeholderMap(r.Context())
	return s.writeFresh(w, r, m, err)
}

func (s *Server) handleStakeholderHistory(w http.ResponseWriter, r *http.Request) error {
	h, err := s.svc.StakeholderHistory(r.Context())
	return s.writeFresh(w, r, h, err)
}

func (s *Server) handleMunicipalityStakeholders(w http.ResponseWriter, r *http.Request) error {
	code, err := municipalityCode(r)
	if err != nil {
		return err
	}
	out, err := s.svc.StakeholderCoverage(r.Context(), code)
	return s.writeFresh(w, r, out, err)
}

func (s *Server) handlePutStakeholders(w http.ResponseWriter, r *http.Request) error {
	actor, err := s.authenticate(r)
	if err != nil {
		return err
	}
	body, err := readJSONBody(w, r, maxStakeholderBody)
	if err != nil {
		return err
	}
	v, err := s.svc.RecordStakeholderMap(r.Context(), actor, body)
	if err != nil {
		return err
	}
	const loc = "/api/stakeholders"
	w.Header().Set("Location", loc)
	return writeJSON(w, r, http.StatusCreated, map[string]any{"version": v.ID, "recorded_at": v.RecordedAt, "recorded_by": actor, "location": loc})
}
