package server

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/gorilla/mux"

	"github.com/inclusiekaart/inclusiekaart/internal/assessment"
	"github.com/inclusiekaart/inclusiekaart/internal/importer"
	"github.com/inclusiekaart/inclusiekaart/internal/store"
)

// maxAssessmentBody bounds a PUT body; a full assessment with every evidence URL and
// note at their limits stays well below it.
const maxAssessmentBody = 512 << 10

// authenticate returns the token's name, or an error answered with 401.
func (s *Server) authenticate(r *http.Request) (string, error) {
	h := r.Header.Get("Authorization")
	scheme, token, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
		return "", &apiError{Status: http.StatusUnauthorized, Code: "unauthorized", Message: "missing API token: send Authorization: Bearer TOKEN"}
	}
	name, err := s.store.TokenName(r.Context(), strings.TrimSpace(token))
	if errors.Is(err, store.ErrUnauthorized) {
		return "", &apiError{Status: http.StatusUnauthorized, Code: "unauthorized", Message: "invalid API token"}
	}
	return name, err
}

// knownCode reports whether code is a municipality of some boundary year, or an
// old code in the merger crosswalk (history may be recorded under it).
func (s *Server) knownCode(r *http.Request, code string) (bool, error) {
	if _, ok := s.facts.Successor(code); ok {
		return true, nil
	}
	return s.store.MunicipalityCodeKnown(r.Context(), code)
}

func (s *Server) handlePutAssessment(w http.ResponseWriter, r *http.Request) {
	name, err := s.authenticate(r)
	if err != nil {
		w.Header().Set("WWW-Authenticate", `Bearer realm="inclusiekaart"`)
		s.writeError(w, r, err)
		return
	}
	code, err := ParseMunicipalityCode(mux.Vars(r)["code"])
	if err != nil {
		s.writeError(w, r, badRequest(err.Error()))
		return
	}
	if ct := r.Header.Get("Content-Type"); ct != "" {
		if mt, _, err := mime.ParseMediaType(ct); err != nil || mt != "application/json" {
			s.writeError(w, r, &apiError{Status: http.StatusUnsupportedMediaType, Code: "unsupported_media_type", Message: "Content-Type must be application/json"})
			return
		}
	}
	known, err := s.knownCode(r, code)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if !known {
		s.writeError(w, r, notFound(fmt.Sprintf("no municipality with code %s", code)))
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxAssessmentBody))
	if err != nil {
		s.writeError(w, r, bodyError(err, maxAssessmentBody))
		return
	}
	a, err := assessment.ParseJSON(bytes.NewReader(body), s.fw, s.now())
	if err != nil {
		var fe *assessment.FieldError
		switch {
		case errors.As(err, &fe):
			s.writeError(w, r, &apiError{Status: http.StatusBadRequest, Code: "invalid_field", Message: fe.Error()})
		default:
			s.writeError(w, r, err) // not the sender's fault: logged, answered 500
		}
		return
	}
	// ParseJSON upper-cases a lower-case code, as ParseMunicipalityCode does
	// the path's, so "gm0344" in the body matches GM0344 in the path.
	if a.Code != "" && a.Code != code {
		s.writeError(w, r, &apiError{Status: http.StatusBadRequest, Code: "invalid_field", Message: fmt.Sprintf("code: %s in the body differs from %s in the path", a.Code, code)})
		return
	}
	a.Code, a.Demo = code, false
	if problem, err := importer.AssessmentCodeProblem(r.Context(), s.store, s.facts, a); err != nil {
		s.writeError(w, r, err)
		return
	} else if problem != "" { // e.g. a merged-away code assessed after its merger
		s.writeError(w, r, &apiError{Status: http.StatusBadRequest, Code: "invalid_field", Message: "code: " + problem})
		return
	}
	ids, err := s.store.AddAssessments(r.Context(), []assessment.Assessment{a}, "token:"+name)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.layers.invalidate()
	loc := "/api/municipalities/" + code
	w.Header().Set("Location", loc)
	writeJSONStatus(w, http.StatusCreated, map[string]any{"code": code, "version": ids[0], "recorded_by": "token:" + name, "location": loc})
}

// bodyError maps a failed body read: too large is 413, anything else 400.
func bodyError(err error, limit int64) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return &apiError{Status: http.StatusRequestEntityTooLarge, Code: "too_large", Message: fmt.Sprintf("body larger than %d bytes", limit)}
	}
	return badRequest("body: could not be read")
}
