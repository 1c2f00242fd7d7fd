package server

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/gorilla/mux"

	"github.com/inclusiekaart/inclusiekaart/internal/matching"
	"github.com/inclusiekaart/inclusiekaart/internal/scoring"
	"github.com/inclusiekaart/inclusiekaart/internal/store"
)

// compared is one municipality in a comparison: the list fields, which carry the
// part scores and indicator values.
type compared struct {
	municipality
}

// medianSet holds medians of the score and of each part over scored municipalities.
type medianSet struct {
	N     int                 `json:"n"`
	Score *float64            `json:"score"`
	Parts map[string]*float64 `json:"parts"`
}

func (s *Server) medians(ms []municipality, st map[string]status) medianSet {
	var scores []float64
	parts := map[string][]float64{}
	n := 0
	for _, m := range ms {
		x, ok := st[m.Code]
		if !ok || x.Score == nil || (x.InsufficientData != nil && *x.InsufficientData) {
			continue
		}
		n++
		scores = append(scores, *x.Score)
		for id, v := range x.Parts {
			if v != nil {
				parts[id] = append(parts[id], *v)
			}
		}
	}
	out := medianSet{N: n, Score: round1(scoring.Median(scores)), Parts: map[string]*float64{}}
	for _, p := range s.fw.PartList() {
		out.Parts[p.ID] = round1(scoring.Median(parts[p.ID]))
	}
	return out
}

func round1(p *float64) *float64 {
	if p == nil {
		return nil
	}
	v := math.Round(*p*10) / 10
	return &v
}

func (s *Server) handleCompare(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query()
	raw, ok, err := single(q, "codes")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if !ok || strings.TrimSpace(raw) == "" {
		s.writeError(w, r, badRequest("parameter codes: required, 2 to 6 comma-separated municipality codes"))
		return
	}
	var codes []string
	seen := map[string]bool{}
	replaced := map[string]string{}
	for _, c := range strings.Split(raw, ",") {
		code, err := ParseMunicipalityCode(c)
		if err != nil {
			s.writeError(w, r, badRequest("parameter codes: "+err.Error()))
			return
		}
		if next, merged := s.Successor(code); merged { // compare what the old code became
			replaced[code] = next
			code = next
		}
		if !seen[code] {
			seen[code] = true
			codes = append(codes, code)
		}
	}
	if len(codes) < 2 || len(codes) > 6 {
		s.writeError(w, r, badRequest(fmt.Sprintf("parameter codes: %d distinct codes given, need 2 to 6", len(codes))))
		return
	}
	lq, err := parseLayerQuery(q, false, false)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	all, err := s.listMunicipalities(ctx, &lq)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	st, err := s.statuses(ctx)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	byCode := map[string]municipality{}
	byProvince := map[string][]municipality{}
	for _, m := range all {
		byCode[m.Code] = m
		byProvince[m.ProvinceCode] = append(byProvince[m.ProvinceCode], m)
	}
	out := make([]compared, 0, len(codes))
	provMedians := map[string]medianSet{}
	for _, c := range codes {
		m, ok := byCode[c]
		if !ok {
			s.writeError(w, r, notFound(fmt.Sprintf("parameter codes: no municipality %s in %d", c, lq.Year)))
			return
		}
		out = append(out, compared{municipality: m})
		if _, done := provMedians[m.ProvinceCode]; !done {
			provMedians[m.ProvinceCode] = s.medians(byProvince[m.ProvinceCode], st)
		}
	}
	writeJSONStatus(w, http.StatusOK, map[string]any{
		"year":           lq.Year,
		"municipalities": out,
		"replaced":       replaced,
		"medians":        map[string]any{"national": s.medians(all, st), "provinces": provMedians},
	})
}

// peerOut is the JSON form of a match-centre suggestion.
type peerOut struct {
	Code        string   `json:"code"`
	Name        string   `json:"name"`
	Reason      string   `json:"reason"`
	ReasonEN    string   `json:"reason_en"`
	Neighbour   bool     `json:"neighbour"`
	DistanceKm  float64  `json:"distance_km"`
	Stage       *int     `json:"stage"`
	Score       *float64 `json:"score"`
	DomainValue *int     `json:"domain_value,omitempty"`
}

func (s *Server) handlePeers(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	code, err := ParseMunicipalityCode(mux.Vars(r)["code"])
	if err != nil {
		s.writeError(w, r, badRequest(err.Error()))
		return
	}
	q := r.URL.Query()
	domain, _, err := single(q, "domain")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if domain != "" {
		if !strings.Contains(domain, ".") && domain != "stage" && domain != "lived_experience" {
			domain = "domain." + domain // accept "work" for "domain.work"
		}
		if _, ok := s.fw.Indicator(domain); !ok {
			s.writeError(w, r, badRequest(fmt.Sprintf("parameter domain: unknown indicator %q", clip(domain))))
			return
		}
	}
	limit := 10
	if v, ok, err := single(q, "limit"); err != nil {
		s.writeError(w, r, err)
		return
	} else if ok {
		if limit, err = strconv.Atoi(v); err != nil || limit < 1 || limit > 50 {
			s.writeError(w, r, badRequest("parameter limit: an integer from 1 to 50"))
			return
		}
	}
	lq, err := parseLayerQuery(q, false, false)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	year, err := s.resolveYear(ctx, lq.Year, store.LevelMunicipality)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	target, err := s.store.Area(ctx, year, store.LevelMunicipality, code)
	if err != nil {
		if s.redirectMerged(w, r, code, err) {
			return
		}
		s.writeError(w, r, err)
		return
	}
	areas, err := s.store.Areas(ctx, year, store.LevelMunicipality, store.Filter{})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	ns, err := s.store.Neighbours(ctx, year, store.LevelMunicipality, code)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	isNeighbour := map[string]bool{}
	for _, n := range ns {
		isNeighbour[n.Code] = true
	}
	st, err := s.statuses(ctx)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	cand := func(a store.AreaInfo) matching.Candidate {
		x := s.municipalityStatus(st, a.Code)
		return matching.Candidate{Code: a.Code, Name: a.Name, ProvinceCode: a.ProvinceCode, Neighbour: isNeighbour[a.Code],
			DistanceKm: distanceKm(target.Point[1], target.Point[0], a.Point[1], a.Point[0]), Stage: x.Stage, Score: x.Score, Values: x.Values}
	}
	cands := make([]matching.Candidate, 0, len(areas))
	for _, a := range areas {
		cands = append(cands, cand(a))
	}
	peers := matching.Peers(cand(target), cands, domain, s.fw, limit)
	out := make([]peerOut, 0, len(peers))
	for _, p := range peers {
		out = append(out, peerOut{Code: p.Code, Name: p.Name, Reason: p.Reason, ReasonEN: p.ReasonEN, Neighbour: p.Neighbour,
			DistanceKm: math.Round(p.DistanceKm*10) / 10, Stage: p.Stage, Score: p.Score, DomainValue: p.DomainValue})
	}
	writeJSONStatus(w, http.StatusOK, out)
}

// distanceKm is the great-circle distance between two WGS84 points.
func distanceKm(lat1, lon1, lat2, lon2 float64) float64 {
	const r = 6371.0088
	rad := math.Pi / 180
	dlat, dlon := (lat2-lat1)*rad, (lon2-lon1)*rad
	a := math.Sin(dlat/2)*math.Sin(dlat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dlon/2)*math.Sin(dlon/2)
	return 2 * r * math.Asin(math.Min(1, math.Sqrt(a)))
}
