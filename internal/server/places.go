package server

import (
	"encoding/json"
	"net/http"

	"github.com/inclusiekaart/inclusiekaart/internal/atlas"
)

// handlePlaces serves the places the search finds besides municipalities
// (the CBS districts, with source and attribution). The map page loads them
// only when the search is first used; gzip, ETag and 304 like the layers.
func (s *Server) handlePlaces(w http.ResponseWriter, r *http.Request) error {
	build := func() ([]byte, error) {
		places, err := s.svc.SearchPlaces(r.Context())
		if err != nil {
			return nil, err
		}
		return json.Marshal(places)
	}
	return s.serveBuilt(w, r, true, atlas.LevelMunicipality, "places", build, "application/json; charset=utf-8")
}
