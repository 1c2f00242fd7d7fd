package server

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/inclusiekaart/inclusiekaart/internal/atlas"
)

// Body limits: a full assessment with every evidence URL and note at their
// limits stays well below maxAssessmentBody; the reviewed stakeholder map is
// about 30 kB and every text field is capped.
const (
	maxAssessmentBody  = 512 << 10
	maxStakeholderBody = 256 << 10
)

// authenticate returns the actor of the request's bearer token.
func (s *Server) authenticate(r *http.Request) (string, error) {
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		token = ""
	}
	return s.svc.Authenticate(r.Context(), token)
}

// readJSONBody checks the Content-Type (JSON or none) and reads at most limit
// bytes. A compressed body (Content-Encoding) is refused with a 415 that says
// so, rather than read as JSON and reported as broken.
func readJSONBody(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, error) {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		if mt, _, err := mime.ParseMediaType(ct); err != nil || mt != "application/json" {
			return nil, &atlas.Error{Kind: atlas.UnsupportedMediaType, Message: "Content-Type must be application/json"}
		}
	}
	if ce := strings.TrimSpace(r.Header.Get("Content-Encoding")); ce != "" && !strings.EqualFold(ce, "identity") {
		w.Header().Set("Accept-Encoding", "identity") // RFC 7694
		return nil, &atlas.Error{Kind: atlas.UnsupportedMediaType, Message: fmt.Sprintf("Content-Encoding %q is not accepted; send the body uncompressed", atlas.Clip(ce))}
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, &atlas.Error{Kind: atlas.TooLarge, Message: fmt.Sprintf("body larger than %d bytes", limit)}
		}
		return nil, &atlas.Error{Kind: atlas.BadRequest, Field: "body", Message: "body: could not be read"}
	}
	return body, nil
}

func (s *Server) handlePutAssessment(w http.ResponseWriter, r *http.Request) error {
	actor, err := s.authenticate(r)
	if err != nil {
		return err
	}
	code, err := municipalityCode(r)
	if err != nil {
		return err
	}
	body, err := readJSONBody(w, r, maxAssessmentBody)
	if err != nil {
		return err
	}
	rec, err := s.svc.RecordAssessment(r.Context(), actor, code, body)
	if err != nil {
		return err
	}
	loc := "/api/municipalities/" + code
	w.Header().Set("Location", loc)
	return writeJSON(w, r, http.StatusCreated, map[string]any{"code": rec.Code, "version": rec.Version, "recorded_by": rec.RecordedBy, "location": loc})
}
