package server

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/inclusiekaart/inclusiekaart/internal/atlas"
	"github.com/inclusiekaart/inclusiekaart/internal/web"
)

func (s *Server) handleCompare(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	raw, ok, err := web.Single(q, "codes")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if !ok || strings.TrimSpace(raw) == "" {
		s.writeError(w, r, atlas.ParamError("codes", "required, 2 to 6 comma-separated municipality codes"))
		return
	}
	var codes []string
	for _, c := range strings.Split(raw, ",") {
		code, err := web.ParseMunicipalityCode("codes", c)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		codes = append(codes, code)
	}
	lq, err := parseLayerQuery(q, false, false)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out, err := s.svc.Compare(r.Context(), lq.Year, codes)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, r, http.StatusOK, out)
}

func (s *Server) handlePeers(w http.ResponseWriter, r *http.Request) {
	code, err := municipalityCode(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	q := r.URL.Query()
	domain, _, err := web.Single(q, "domain")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	limit := atlas.DefaultPeerLimit
	if v, ok, err := web.Single(q, "limit"); err != nil {
		s.writeError(w, r, err)
		return
	} else if ok {
		if limit, err = strconv.Atoi(v); err != nil {
			limit = -1 // the service names the allowed range
		}
	}
	lq, err := parseLayerQuery(q, false, false)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	peers, err := s.svc.Peers(r.Context(), lq.Year, code, domain, limit)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, r, http.StatusOK, peers)
}
