package atlas

import (
	"context"
	"math"
	"strings"

	"github.com/inclusiekaart/inclusiekaart/internal/matching"
	"github.com/inclusiekaart/inclusiekaart/internal/store"
)

// Peer is a match-centre suggestion: a municipality to learn from, and why.
type Peer struct {
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

// PeerLimit bounds the number of peers asked for.
const (
	DefaultPeerLimit = 10
	MaxPeerLimit     = 50
)

// Peers suggests up to limit municipalities for code to learn from in year
// (0 = newest), optionally on one indicator (domain: "work" means
// "domain.work"; any indicator id works).
func (s *Service) Peers(ctx context.Context, year int, code, domain string, limit int) ([]Peer, error) {
	if domain != "" {
		if !strings.Contains(domain, ".") && domain != "stage" && domain != "lived_experience" {
			domain = "domain." + domain // accept "work" for "domain.work"
		}
		if _, ok := s.fw.Indicator(domain); !ok {
			return nil, ParamError("domain", "unknown indicator %q", Clip(domain))
		}
	}
	if limit < 1 || limit > MaxPeerLimit {
		return nil, ParamError("limit", "an integer from 1 to %d", MaxPeerLimit)
	}
	year, err := s.ResolveYear(ctx, LevelMunicipality, year)
	if err != nil {
		return nil, err
	}
	target, err := s.store.Area(ctx, year, LevelMunicipality, code)
	if err != nil {
		return nil, s.orMoved(ctx, code, err)
	}
	areas, err := s.store.Areas(ctx, year, LevelMunicipality, store.Filter{})
	if err != nil {
		return nil, err
	}
	ns, err := s.store.Neighbours(ctx, year, LevelMunicipality, code)
	if err != nil {
		return nil, err
	}
	isNeighbour := map[string]bool{}
	for _, n := range ns {
		isNeighbour[n.Code] = true
	}
	st, err := s.statuses(ctx)
	if err != nil {
		return nil, err
	}
	cand := func(a store.AreaInfo) matching.Candidate {
		x := s.statusOf(st, a.Code)
		return matching.Candidate{Code: a.Code, Name: a.Name, ProvinceCode: a.ProvinceCode, Neighbour: isNeighbour[a.Code],
			DistanceKm: distanceKm(target.Point[1], target.Point[0], a.Point[1], a.Point[0]), Stage: x.Stage, Score: x.Score, Values: x.Values}
	}
	cands := make([]matching.Candidate, 0, len(areas))
	for _, a := range areas {
		cands = append(cands, cand(a))
	}
	peers := matching.Peers(cand(target), cands, domain, s.fw, limit)
	out := make([]Peer, 0, len(peers))
	for _, p := range peers {
		out = append(out, Peer{Code: p.Code, Name: p.Name, Reason: p.Reason, ReasonEN: p.ReasonEN, Neighbour: p.Neighbour,
			DistanceKm: math.Round(p.DistanceKm*10) / 10, Stage: p.Stage, Score: p.Score, DomainValue: p.DomainValue})
	}
	return out, nil
}

// distanceKm is the great-circle distance between two WGS84 points.
func distanceKm(lat1, lon1, lat2, lon2 float64) float64 {
	const r = 6371.0088
	rad := math.Pi / 180
	dlat, dlon := (lat2-lat1)*rad, (lon2-lon1)*rad
	a := math.Sin(dlat/2)*math.Sin(dlat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dlon/2)*math.Sin(dlon/2)
	return 2 * r * math.Asin(math.Min(1, math.Sqrt(a)))
}
