package atlas

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/inclusiekaart/inclusiekaart/internal/assessment"
	"github.com/inclusiekaart/inclusiekaart/internal/importer"
)

// Authenticate returns the actor ("token:NAME") of an API token, or an
// Unauthorized error.
func (s *Service) Authenticate(ctx context.Context, token string) (string, error) {
	token = strings.TrimSpace(token)
	if token == "" {
		return "", &Error{Kind: Unauthorized, Message: "missing API token: send Authorization: Bearer TOKEN"}
	}
	name, err := s.store.TokenName(ctx, token)
	if err != nil {
		return "", fromStore(err)
	}
	return "token:" + name, nil
}

// Recorded is the outcome of recording an assessment.
type Recorded struct {
	Code       string `json:"code"`
	Version    int64  `json:"version"`
	RecordedBy string `json:"recorded_by"`
}

// RecordAssessment stores a new version of code's assessment from its JSON
// form (never overwriting). An unknown code is a NotFound (before the body is
// read); a wrong field, a code in the body that differs from code, or a code
// merged away assessed after its merger is an InvalidField.
func (s *Service) RecordAssessment(ctx context.Context, actor, code string, body []byte) (Recorded, error) {
	known, err := importer.CodeKnown(ctx, s.store, s.facts, code)
	if err != nil {
		return Recorded{}, err
	}
	if !known {
		return Recorded{}, notFound("no municipality with code %s", code)
	}
	a, err := assessment.ParseJSON(bytes.NewReader(body), s.fw, s.now())
	if err != nil {
		var fe *assessment.FieldError
		if errors.As(err, &fe) {
			return Recorded{}, &Error{Kind: InvalidField, Field: fe.Field, Message: fe.Error()}
		}
		return Recorded{}, err // not the sender's fault
	}
	// ParseJSON upper-cases a lower-case code, as the path's is, so "gm0344"
	// in the body matches GM0344 in the path.
	if a.Code != "" && a.Code != code {
		return Recorded{}, FieldError("code", "%s in the body differs from %s in the path", a.Code, code)
	}
	a.Code, a.Demo = code, false
	if problem, err := importer.AssessmentCodeProblem(ctx, s.store, s.facts, a); err != nil {
		return Recorded{}, err
	} else if problem != "" { // e.g. a merged-away code assessed after its merger
		return Recorded{}, FieldError("code", "%s", problem)
	}
	ids, err := s.store.AddAssessments(ctx, []assessment.Assessment{a}, actor)
	if err != nil {
		return Recorded{}, fromStore(err)
	}
	s.invalidate()
	return Recorded{Code: code, Version: ids[0], RecordedBy: actor}, nil
}

// ImportAssessmentsCSV stores every row of an assessment CSV as a new version,
// all or nothing; name is the file's name for the messages and the audit log.
func (s *Service) ImportAssessmentsCSV(ctx context.Context, r io.Reader, name string) (_ int, err error) {
	done := s.timed("assessments")
	defer func() { done(err) }()
	as, lines, err := assessment.ReadCSVLines(r, s.fw, s.now())
	if err != nil {
		return 0, err
	}
	for i, a := range as {
		problem, err := importer.AssessmentCodeProblem(ctx, s.store, s.facts, a)
		if err != nil {
			return 0, err
		}
		if problem != "" {
			return 0, &Error{Kind: InvalidField, Field: "code", Message: fmt.Sprintf("line %d, column code: %s", lines[i], problem)}
		}
	}
	ids, err := s.store.AddAssessments(ctx, as, "cli import "+name)
	if err != nil {
		return 0, fromStore(err)
	}
	s.invalidate()
	return len(ids), nil
}

// CurrentAssessments returns the current real assessments (never demo: a
// re-import would turn them into real-looking data), in the import format's
// order.
func (s *Service) CurrentAssessments(ctx context.Context) ([]assessment.Assessment, error) {
	cur, err := s.store.Current(ctx, false)
	if err != nil {
		return nil, err
	}
	as := make([]assessment.Assessment, len(cur))
	for i, v := range cur {
		as[i] = v.Assessment
	}
	return as, nil
}

// AssessmentsCSV is the body of /api/assessments.csv: the current real
// assessments in the import format, with the demo, basis, license and
// attribution columns an import ignores.
func (s *Service) AssessmentsCSV(ctx context.Context) ([]byte, error) {
	as, err := s.CurrentAssessments(ctx)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := assessment.WritePublishedCSV(&buf, s.fw, as, assessment.Notice{License: License, Attribution: Attribution}); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
