// Package ogc serves OGC API - Features (Part 1 Core + GeoJSON, Part 2 CRS) over
// the municipality and province boundaries with their assessment fields.
package ogc

import (
	"context"
	"net/http"

	"github.com/gorilla/mux"
	"github.com/paulmach/orb/geojson"

	"github.com/inclusiekaart/inclusiekaart/internal/store"
)

// Source provides features with the same properties as the JSON/GeoJSON API.
// *server.Server implements it.
type Source interface {
	// Features returns the features of level ("municipality" or "province") and year
	// (0 = newest) matching f at full detail, and the year used.
	Features(ctx context.Context, level string, year int, f store.Filter) ([]*geojson.Feature, int, error)
	// ExtraMembers are the top-level members (attribution, licence, year, demo notice).
	ExtraMembers(level string, year int) geojson.Properties
}

// API is the OGC API - Features endpoint.
type API struct {
	src   Source
	store *store.Store
}

// New returns the API over src.
func New(src Source, st *store.Store) *API { return &API{src: src, store: st} }

// Register adds the /ogc routes to r.
func (a *API) Register(r *mux.Router) {
	r.HandleFunc("/ogc", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, `{"error":"not implemented yet","code":"not_implemented"}`, http.StatusNotImplemented)
	})
}
