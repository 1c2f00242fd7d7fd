package atlas

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"

	"github.com/inclusiekaart/inclusiekaart/internal/stakeholders"
	"github.com/inclusiekaart/inclusiekaart/internal/store"
)

// Stakeholder statuses of a municipality's group.
const (
	StatusInvolved    = "involved"
	StatusNotInvolved = "not_involved"
	StatusUnknown     = "unknown"
)

// StakeholderMapVersion is one stored version of the stakeholder map.
type StakeholderMapVersion = store.StakeholderMapVersion

// StakeholderMap returns the newest stored map, else the reviewed default. A
// stored version that no longer validates (e.g. the framework changed its
// groups) is logged and skipped in favour of the default rather than served.
func (s *Service) StakeholderMap(ctx context.Context) (*stakeholders.Map, error) {
	v, err := s.store.LatestStakeholderMap(ctx)
	switch {
	case errors.Is(err, store.ErrNotFound):
	case err != nil:
		return nil, err
	default:
		m, perr := stakeholders.Parse(bytes.NewReader(v.Document), stakeholders.GroupIDs(s.fw))
		if perr == nil {
			m.Revision = &stakeholders.Revision{Version: v.ID, RecordedAt: v.RecordedAt, RecordedBy: s.publicRecorder(ctx, v.RecordedBy, map[string]string{})}
			return m, nil
		}
		s.log.Warn("stored stakeholder map is invalid; serving the default", "version", v.ID, "err", perr)
	}
	return stakeholders.Default(s.fw)
}

// StakeholderHistory lists the stored versions of the map, newest first,
// each with the public label of who recorded it.
func (s *Service) StakeholderHistory(ctx context.Context) ([]StakeholderMapVersion, error) {
	h, err := s.store.StakeholderMapHistory(ctx)
	labels := map[string]string{}
	for i := range h {
		h[i].RecordedBy = s.publicRecorder(ctx, h[i].RecordedBy, labels)
	}
	return h, err
}

// RecordStakeholderMap validates the JSON document body and stores it as a new
// version (the canonical encoding of what was validated, without a revision).
func (s *Service) RecordStakeholderMap(ctx context.Context, actor string, body []byte) (StakeholderMapVersion, error) {
	m, err := stakeholders.Parse(bytes.NewReader(body), stakeholders.GroupIDs(s.fw))
	if err != nil {
		var fe *stakeholders.FieldError
		if errors.As(err, &fe) {
			return StakeholderMapVersion{}, &Error{Kind: InvalidField, Field: fe.Field, Message: fe.Error()}
		}
		return StakeholderMapVersion{}, err // not the sender's fault
	}
	doc, err := json.Marshal(m)
	if err != nil {
		return StakeholderMapVersion{}, err
	}
	return s.store.AddStakeholderMap(ctx, doc, actor)
}

// MunicipalityGroup is a group of the map with one municipality's status.
type MunicipalityGroup struct {
	stakeholders.Group
	Status   string `json:"status"`
	Evidence string `json:"evidence,omitempty"`
	Note     string `json:"note,omitempty"`
}

// MunicipalityStakeholders is the map laid over a municipality's current
// assessment: every field of the map, its groups with a status each, and the
// counts. Involved counts groups recorded as involved, Known those with any
// value; the rest are unknown (never counted as "not involved"). With no
// group known Involved is null: unknown, not zero.
type MunicipalityStakeholders struct {
	*stakeholders.Map
	Groups       []MunicipalityGroup `json:"groups"`
	Code         string              `json:"code"`
	Name         string              `json:"name"`
	ProvinceName string              `json:"province_name"`
	Involved     *int                `json:"involved"`
	Known        int                 `json:"known"`
	Total        int                 `json:"total"`
	Demo         bool                `json:"demo"`
	AssessedOn   *string             `json:"assessed_on"`
	Source       *string             `json:"source"`
	Assessment   *int64              `json:"assessment_version"`
}

// StakeholderCoverage lays the map over code's current assessment (newest
// boundary year).
func (s *Service) StakeholderCoverage(ctx context.Context, code string) (MunicipalityStakeholders, error) {
	year, err := s.ResolveYear(ctx, LevelMunicipality, 0)
	if err != nil {
		return MunicipalityStakeholders{}, err
	}
	a, err := s.store.Area(ctx, year, LevelMunicipality, code)
	if err != nil {
		return MunicipalityStakeholders{}, s.orMoved(ctx, code, err)
	}
	m, err := s.StakeholderMap(ctx)
	if err != nil {
		return MunicipalityStakeholders{}, err
	}
	versions, err := s.store.History(ctx, []string{code}, s.cfg.Demo)
	if err != nil {
		return MunicipalityStakeholders{}, err
	}
	out := MunicipalityStakeholders{Map: m, Code: a.Code, Name: a.Name, ProvinceName: a.ProvinceName, Total: len(m.Groups)}
	var current *Version
	if len(versions) > 0 {
		current = &versions[0]
		out.Demo = current.Demo
		on, src, id := current.AssessedOn, current.Source, current.ID
		out.AssessedOn, out.Source, out.Assessment = &on, &src, &id
	}
	involved := 0
	out.Groups = make([]MunicipalityGroup, 0, len(m.Groups))
	for _, g := range m.Groups {
		mg := MunicipalityGroup{Group: g, Status: StatusUnknown}
		if current != nil {
			id := stakeholders.IndicatorID(g.ID)
			if v, ok := current.Values[id]; ok {
				in, _ := s.fw.Indicator(id)
				mg.Status = StatusNotInvolved
				if v.Value == in.Max {
					mg.Status = StatusInvolved
					involved++
				}
				out.Known++
				mg.Evidence, mg.Note = v.Evidence, v.Note
			}
		}
		out.Groups = append(out.Groups, mg)
	}
	if out.Known > 0 {
		out.Involved = &involved
	}
	return out, nil
}
