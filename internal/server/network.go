package server

import (
	"fmt"
	"net/http"

	"github.com/gorilla/mux"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/inclusiekaart/inclusiekaart/internal/web"
)

// registerNetwork adds the network's public JSON: meetings as GeoJSON points
// for the map and what the detail panel shows of the network per municipality.
func (s *Server) registerNetwork(_ *mux.Router, get func(string, web.HandlerFunc)) {
	get("/api/meetings.geojson", s.handleMeetingsGeoJSON)
	get("/api/municipalities/{code}/network", s.handleMunicipalityNetwork)
}

// handleMeetingsGeoJSON answers the upcoming meetings that have a place on
// the map (no personal data: counts of places only).
func (s *Server) handleMeetingsGeoJSON(w http.ResponseWriter, r *http.Request) error {
	ms, err := s.svc.Meetings(r.Context())
	if err != nil {
		return err
	}
	fc := geojson.NewFeatureCollection()
	for _, m := range ms.Upcoming {
		if !m.HasPoint() {
			continue
		}
		f := geojson.NewFeature(orb.Point{*m.Lon, *m.Lat})
		f.ID = m.ID
		f.Properties = geojson.Properties{"id": m.ID, "title": m.Title, "scope": m.Scope, "date": m.Date, "start_time": m.StartTime,
			"end_time": m.EndTime, "place": m.Place, "online": m.Online, "region": m.Region, "cancelled": m.Cancelled, "full": m.Full(),
			"url": fmt.Sprintf("/bijeenkomsten/%d", m.ID)}
		fc.Append(f)
	}
	w.Header().Set("Cache-Control", "no-cache")
	web.WriteJSON(w, r, http.StatusOK, "application/geo+json", fc)
	return nil
}

func (s *Server) handleMunicipalityNetwork(w http.ResponseWriter, r *http.Request) error {
	code, err := municipalityCode(r)
	if err != nil {
		return err
	}
	n, err := s.svc.NetworkOf(r.Context(), code)
	return s.writeFresh(w, r, n, err)
}
