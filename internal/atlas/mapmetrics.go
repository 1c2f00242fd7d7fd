package atlas

import (
	"context"
	"strings"
)

// The map can be coloured by several metrics (the page's menu in
// static/metrics.js, /api/map.svg and /embed take the same ids): the
// composite score, the stage, the life domains together, each life-domain
// indicator, the involvement of people with lived experience and the number
// of stakeholder groups involved. The list follows the framework: a domain
// added to data/framework.json is a metric without a change here.

// Metric ids that are not an indicator of the framework.
const (
	MetricScore        = "score"
	MetricDomains      = "domains"      // the part score of the life domains
	MetricStakeholders = "stakeholders" // the number of stakeholder groups involved
	MetricStage        = "stage"        // the default
)

// DomainsPart is the framework's part of the life domains; livedExperience
// the indicator of the involvement of people with lived experience.
const (
	DomainsPart     = "domains"
	livedExperience = "lived_experience"
)

// MapMetrics lists the ids of the metrics in the page's menu order: score,
// stage, domains, every indicator of the part "domains", lived_experience,
// stakeholders.
func (s *Service) MapMetrics() []string {
	ids := []string{MetricScore, MetricStage, MetricDomains}
	for _, in := range s.fw.Indicators() {
		if in.Part == DomainsPart {
			ids = append(ids, in.ID)
		}
	}
	return append(ids, livedExperience, MetricStakeholders)
}

// ParseMapMetric checks a metric parameter: "" is the stage; anything off
// the list is a ParamError of param that names what is accepted.
func (s *Service) ParseMapMetric(param, v string) (string, error) {
	if v == "" {
		return MetricStage, nil
	}
	ids := s.MapMetrics()
	for _, id := range ids {
		if id == v {
			return id, nil
		}
	}
	return "", ParamError(param, "%q is not a metric of the map; the metrics are %s", Clip(v), strings.Join(ids, ", "))
}

// MetricValue is a municipality's value of metric (from ParseMapMetric), or
// nil when it is unknown: not assessed, or, for the score and the domains
// together, too little data to score (the map hatches these, as the page
// does). An indicator without a recorded value is unknown, never 0.
func (st Status) MetricValue(metric string) *float64 {
	insufficient := st.InsufficientData != nil && *st.InsufficientData
	switch metric {
	case MetricStage:
		return intValue(st.Stage)
	case MetricScore:
		if insufficient {
			return nil
		}
		return st.Score
	case MetricDomains:
		if insufficient {
			return nil
		}
		return st.Parts[DomainsPart]
	case MetricStakeholders:
		return intValue(st.StakeholdersInvolved)
	}
	if v, ok := st.Values[metric]; ok {
		f := float64(v)
		return &f
	}
	return nil
}

func intValue(p *int) *float64 {
	if p == nil {
		return nil
	}
	f := float64(*p)
	return &f
}

// MetricValues returns every municipality's value of metric on date ("" =
// today), by code; a code that is absent, or nil, is unknown. The values
// come from the same statuses as Features for that date.
func (s *Service) MetricValues(ctx context.Context, date, metric string) (map[string]*float64, error) {
	st, err := s.statusesOn(ctx, date)
	if err != nil {
		return nil, err
	}
	out := make(map[string]*float64, len(st))
	for code, status := range st {
		if v := status.MetricValue(metric); v != nil {
			out[code] = v
		}
	}
	return out, nil
}
