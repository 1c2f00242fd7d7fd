// Package matching is the match centre (matchcentrum): for a municipality it
// finds others that are further along, overall or on one life domain, and
// close by, so a councillor knows whom to call.
package matching

import (
	"fmt"
	"math"
	"sort"

	"github.com/inclusiekaart/inclusiekaart/internal/scoring"
)

// Candidate is a municipality that could be a peer. The caller fills in
// Neighbour (shares a border with the target) and DistanceKm (e.g. between
// centroids) relative to the target.
type Candidate struct {
	Code, Name, ProvinceCode string
	Neighbour                bool
	DistanceKm               float64
	Stage                    *int
	Score                    *float64
	Values                   map[string]int
}

// Peer is a suggested municipality to learn from, with a one-line reason.
type Peer struct {
	Code, Name  string
	Reason      string // Dutch, one line
	ReasonEN    string
	Neighbour   bool
	DistanceKm  float64
	Stage       *int
	Score       *float64
	DomainValue *int // the candidate's value on the requested indicator
}

// Nearness classes, nearest first.
const (
	nearNeighbour = iota
	nearProvince
	nearFar
)

type ranked struct {
	c     Candidate
	class int
	gap   float64 // how far ahead; smaller is more similar
	peer  Peer
}

// Peers returns up to limit candidates that are further along than target
// (limit <= 0: all of them).
//
// Overall (domain ""): a candidate is further along with a higher stage, or
// the same stage and a higher score. A target with unknown stage is compared
// as if it had not started. With domain (an indicator id such as
// "domain.work"): a candidate is further along with a higher value on it; if
// the target has no value there, any value above the scale's minimum counts.
// An unknown indicator id gives no peers (callers reject it first).
//
// Ranking: neighbours first, then the same province, then the rest. Among
// neighbours and within the province the most similar (smallest step ahead)
// comes first, then the nearest; among the rest the nearest comes first,
// then the most similar. Ties go to the lower code, so the order is
// deterministic.
func Peers(target Candidate, cands []Candidate, domain string, f *scoring.Framework, limit int) []Peer {
	var in scoring.Indicator
	if domain != "" {
		var ok bool
		if in, ok = f.Indicator(domain); !ok {
			return nil
		}
	}
	var rs []ranked
	for _, c := range cands {
		if c.Code == target.Code {
			continue
		}
		r := ranked{c: c, class: nearFar}
		switch {
		case c.Neighbour:
			r.class = nearNeighbour
		case c.ProvinceCode != "" && c.ProvinceCode == target.ProvinceCode:
			r.class = nearProvince
		}
		var nl, en string
		if domain == "" {
			gap, ok := stageGap(target, c)
			if !ok {
				continue
			}
			r.gap = gap
			nl, en = overallReason(target, c, f)
		} else {
			cv, ok := c.Values[domain]
			if !ok {
				continue
			}
			tv, has := target.Values[domain]
			if !has {
				tv = in.Min
			}
			if cv <= tv {
				continue
			}
			r.gap = float64(cv - tv)
			v := cv
			r.peer.DomainValue = &v
			tvs := fmt.Sprint(tv)
			tvsEN := tvs
			if !has {
				tvs, tvsEN = "onbekend", "unknown"
			}
			nl = fmt.Sprintf("%s %d vs %s", in.Short.NL, cv, tvs)
			en = fmt.Sprintf("%s %d vs %s", in.Short.EN, cv, tvsEN)
		}
		pnl, pen := nearness(r.class, c.DistanceKm)
		r.peer.Code, r.peer.Name = c.Code, c.Name
		r.peer.Reason, r.peer.ReasonEN = pnl+", "+nl, pen+", "+en
		r.peer.Neighbour, r.peer.DistanceKm = c.Neighbour, c.DistanceKm
		r.peer.Stage, r.peer.Score = c.Stage, c.Score
		rs = append(rs, r)
	}
	sort.Slice(rs, func(i, j int) bool {
		a, b := rs[i], rs[j]
		if a.class != b.class {
			return a.class < b.class
		}
		if a.class == nearFar {
			if a.c.DistanceKm != b.c.DistanceKm {
				return a.c.DistanceKm < b.c.DistanceKm
			}
		}
		if a.gap != b.gap {
			return a.gap < b.gap
		}
		if a.c.DistanceKm != b.c.DistanceKm {
			return a.c.DistanceKm < b.c.DistanceKm
		}
		return a.c.Code < b.c.Code
	})
	if limit > 0 && len(rs) > limit {
		rs = rs[:limit]
	}
	out := make([]Peer, len(rs))
	for i, r := range rs {
		out[i] = r.peer
	}
	return out
}

// stageGap says whether c is further along than t overall, and by how much:
// whole stages, or a fraction below one for the same stage and a higher score.
func stageGap(t, c Candidate) (float64, bool) {
	if c.Stage == nil {
		return 0, false
	}
	ts := 0 // unknown: compare as not started
	if t.Stage != nil {
		ts = *t.Stage
	}
	cs := *c.Stage
	if t.Stage == nil && cs <= 1 {
		return 0, false
	}
	if cs > ts {
		return float64(cs - ts), true
	}
	if cs == ts && c.Score != nil && (t.Score == nil || *c.Score > *t.Score) {
		d := *c.Score
		if t.Score != nil {
			d -= *t.Score
		}
		return d / 1000, true // below one stage
	}
	return 0, false
}

var numberNL = []string{"nul", "één", "twee", "drie", "vier", "vijf"}
var numberEN = []string{"zero", "one", "two", "three", "four", "five"}

func overallReason(t, c Candidate, f *scoring.Framework) (nl, en string) {
	cs := *c.Stage
	if t.Stage == nil {
		return fmt.Sprintf("fase %d (%s), eigen fase onbekend", cs, f.StageLabel(cs, "nl")),
			fmt.Sprintf("stage %d (%s), own stage unknown", cs, f.StageLabel(cs, "en"))
	}
	d := cs - *t.Stage
	if d == 0 {
		ts := "onbekend"
		tsEN := "unknown"
		if t.Score != nil {
			ts = fmt.Sprintf("%.0f", *t.Score)
			tsEN = ts
		}
		return fmt.Sprintf("zelfde fase, score %.0f vs %s", *c.Score, ts),
			fmt.Sprintf("same stage, score %.0f vs %s", *c.Score, tsEN)
	}
	if d == 1 {
		return "één fase verder", "one stage ahead"
	}
	if d < len(numberNL) {
		return fmt.Sprintf("%s fasen verder", numberNL[d]), fmt.Sprintf("%s stages ahead", numberEN[d])
	}
	return fmt.Sprintf("%d fasen verder", d), fmt.Sprintf("%d stages ahead", d)
}

func nearness(class int, km float64) (nl, en string) {
	switch class {
	case nearNeighbour:
		return "buur", "neighbour"
	case nearProvince:
		return "zelfde provincie", "same province"
	}
	k := fmt.Sprintf("%.0f km", math.Round(km))
	return k, k
}
