package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"

	"github.com/gorilla/mux"

	"github.com/inclusiekaart/inclusiekaart/internal/stakeholders"
	"github.com/inclusiekaart/inclusiekaart/internal/store"
)

// maxStakeholderBody bounds a PUT of the stakeholder map; the reviewed map is
// about 30 kB and every text field is capped.
const maxStakeholderBody = 256 << 10

// Stakeholder statuses of a municipality's group.
const (
	statusInvolved    = "involved"
	statusNotInvolved = "not_involved"
	statusUnknown     = "unknown"
)

// registerStakeholders adds the stakeholder-map routes: the page, the generic map,
// a municipality's coverage and the versioned editing endpoint.
func (s *Server) registerStakeholders(r *mux.Router) {
	get := func(p string, h http.HandlerFunc) { r.HandleFunc(p, h).Methods(http.MethodGet, http.MethodHead) }
	get("/stakeholders", s.page("stakeholders.html"))
	get("/api/stakeholders", s.handleStakeholders)
	get("/api/stakeholders/history", s.handleStakeholderHistory)
	r.HandleFunc("/api/stakeholders", s.handlePutStakeholders).Methods(http.MethodPut)
	get("/api/municipalities/{code}/stakeholders", s.handleMunicipalityStakeholders)
}

// stakeholderGroupIDs are the groups every map must hold: the framework's.
func (s *Server) stakeholderGroupIDs() []string { return stakeholders.GroupIDs(s.fw) }

// stakeholderMap returns the newest stored map, else the reviewed default. A
// stored version that no longer validates (e.g. the framework changed its
// groups) is logged and skipped in favour of the default rather than served.
func (s *Server) stakeholderMap(r *http.Request) (*stakeholders.Map, error) {
	v, err := s.store.LatestStakeholderMap(r.Context())
	switch {
	case errors.Is(err, store.ErrNotFound):
	case err != nil:
		return nil, err
	default:
		m, perr := stakeholders.Parse(bytes.NewReader(v.Document), s.stakeholderGroupIDs())
		if perr == nil {
			m.Revision = &stakeholders.Revision{Version: v.ID, RecordedAt: v.RecordedAt, RecordedBy: v.RecordedBy}
			return m, nil
		}
		s.log.Warn("stored stakeholder map is invalid; serving the default", "version", v.ID, "err", perr)
	}
	return stakeholders.Default(s.fw)
}

func (s *Server) handleStakeholders(w http.ResponseWriter, r *http.Request) {
	m, err := s.stakeholderMap(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-cache")
	writeJSONStatus(w, http.StatusOK, m)
}

func (s *Server) handleStakeholderHistory(w http.ResponseWriter, r *http.Request) {
	h, err := s.store.StakeholderMapHistory(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-cache")
	writeJSONStatus(w, http.StatusOK, h)
}

func (s *Server) handlePutStakeholders(w http.ResponseWriter, r *http.Request) {
	name, err := s.authenticate(r)
	if err != nil {
		w.Header().Set("WWW-Authenticate", `Bearer realm="inclusiekaart"`)
		s.writeError(w, r, err)
		return
	}
	if ct := r.Header.Get("Content-Type"); ct != "" {
		if mt, _, err := mime.ParseMediaType(ct); err != nil || mt != "application/json" {
			s.writeError(w, r, &apiError{Status: http.StatusUnsupportedMediaType, Code: "unsupported_media_type", Message: "Content-Type must be application/json"})
			return
		}
	}
	m, err := stakeholders.Parse(http.MaxBytesReader(w, r.Body, maxStakeholderBody), s.stakeholderGroupIDs())
	if err != nil {
		var mbe *http.MaxBytesError
		var fe *stakeholders.FieldError
		switch {
		case errors.As(err, &mbe):
			s.writeError(w, r, &apiError{Status: http.StatusRequestEntityTooLarge, Code: "too_large", Message: fmt.Sprintf("body larger than %d bytes", maxStakeholderBody)})
		case errors.As(err, &fe):
			s.writeError(w, r, &apiError{Status: http.StatusBadRequest, Code: "invalid_field", Message: fe.Error()})
		default:
			s.writeError(w, r, err) // not the sender's fault: logged, answered 500
		}
		return
	}
	// Store the canonical encoding of what was validated, without a revision.
	doc, err := json.Marshal(m)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	actor := "token:" + name
	v, err := s.store.AddStakeholderMap(r.Context(), doc, actor)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	const loc = "/api/stakeholders"
	w.Header().Set("Location", loc)
	writeJSONStatus(w, http.StatusCreated, map[string]any{"version": v.ID, "recorded_at": v.RecordedAt, "recorded_by": actor, "location": loc})
}

// municipalityGroup is a group of the map with one municipality's status.
type municipalityGroup struct {
	stakeholders.Group
	Status   string `json:"status"`
	Evidence string `json:"evidence,omitempty"`
	Note     string `json:"note,omitempty"`
}

// municipalityStakeholders is the map laid over a municipality's current
// assessment: every field of the map, its groups with a status each, and the
// counts. Involved counts groups recorded as involved, Known those with any
// value; the rest are unknown (never counted as "not involved").
type municipalityStakeholders struct {
	*stakeholders.Map
	Groups       []municipalityGroup `json:"groups"`
	Code         string              `json:"code"`
	Name         string              `json:"name"`
	ProvinceName string              `json:"province_name"`
	Involved     int                 `json:"involved"`
	Known        int                 `json:"known"`
	Total        int                 `json:"total"`
	Demo         bool                `json:"demo"`
	AssessedOn   *string             `json:"assessed_on"`
	Source       *string             `json:"source"`
	Assessment   *int64              `json:"assessment_version"`
}

func (s *Server) handleMunicipalityStakeholders(w http.ResponseWriter, r *http.Request) {
	code, err := ParseMunicipalityCode(mux.Vars(r)["code"])
	if err != nil {
		s.writeError(w, r, badRequest(err.Error()))
		return
	}
	ctx := r.Context()
	year, err := s.resolveYear(ctx, 0, store.LevelMunicipality)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	a, err := s.store.Area(ctx, year, store.LevelMunicipality, code)
	if err != nil {
		if s.redirectMerged(w, r, code, err) {
			return
		}
		s.writeError(w, r, err)
		return
	}
	m, err := s.stakeholderMap(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	versions, err := s.store.History(ctx, []string{code}, s.cfg.Demo)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := municipalityStakeholders{Map: m, Code: a.Code, Name: a.Name, ProvinceName: a.ProvinceName, Total: len(m.Groups)}
	var current *store.Version
	if len(versions) > 0 {
		current = &versions[0]
		out.Demo = current.Demo
		on, src, id := current.AssessedOn, current.Source, current.ID
		out.AssessedOn, out.Source, out.Assessment = &on, &src, &id
	}
	out.Groups = make([]municipalityGroup, 0, len(m.Groups))
	for _, g := range m.Groups {
		mg := municipalityGroup{Group: g, Status: statusUnknown}
		if current != nil {
			id := stakeholders.IndicatorID(g.ID)
			if v, ok := current.Values[id]; ok {
				in, _ := s.fw.Indicator(id)
				mg.Status = statusNotInvolved
				if v.Value == in.Max {
					mg.Status = statusInvolved
					out.Involved++
				}
				out.Known++
				mg.Evidence, mg.Note = v.Evidence, v.Note
			}
		}
		out.Groups = append(out.Groups, mg)
	}
	w.Header().Set("Cache-Control", "no-cache")
	writeJSONStatus(w, http.StatusOK, out)
}
