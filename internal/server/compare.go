package server

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/inclusiekaart/inclusiekaart/internal/atlas"
	"github.com/inclusiekaart/inclusiekaart/internal/web"
)

func (s *Server) handleCompare(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	raw, ok, err := web.Single(q, "codes")
	if err != nil {
		return err
	}
	if !ok || strings.TrimSpace(raw) == "" {
		return atlas.ParamError("codes", "required, 2 to 6 comma-separated municipality codes")
	}
	var codes []string
	for _, c := range strings.Split(raw, ",") {
		if strings.TrimSpace(c) == "" {
			return atlas.ParamError("codes", "an empty place in the list (two commas together, or one at an end); give codes like GM0363,GM0344")
		}
		code, err := web.ParseMunicipalityCode("codes", c)
		if err != nil {
			return err
		}
		codes = append(codes, code)
	}
	lq, err := parseLayerQuery(q, false, false)
	if err != nil {
		return err
	}
	out, err := s.svc.Compare(r.Context(), lq.Year, codes)
	if err != nil {
		return err
	}
	return writeJSON(w, r, http.StatusOK, out)
}

func (s *Server) handlePeers(w http.ResponseWriter, r *http.Request) error {
	code, err := municipalityCode(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	domain, _, err := web.Single(q, "domain")
	if err != nil {
		return err
	}
	limit := atlas.DefaultPeerLimit
	if v, ok, err := web.Single(q, "limit"); err != nil {
		return err
	} else if ok {
		if limit, err = strconv.Atoi(v); err != nil {
			limit = -1 // the service names the allowed range
		}
	}
	lq, err := parseLayerQuery(q, false, false)
	if err != nil {
		return err
	}
	peers, err := s.svc.Peers(r.Context(), lq.Year, code, domain, limit)
	if err != nil {
		return err
	}
	return writeJSON(w, r, http.StatusOK, peers)
}
