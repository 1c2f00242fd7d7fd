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

// DefaultMaxImportRows is the default of Config.MaxImportRows.
const DefaultMaxImportRows = 100_000

// ImportAssessmentsCSV stores every row of an assessment CSV as a new version,
// all or nothing; name is the file's name for the messages and the audit log.
// It streams: each row is read, checked and written into one transaction in
// turn, so memory does not grow with the file (only a set of code and date
// pairs does, 24 bytes a row). A file of more than Config.MaxImportRows rows
// is refused (TooLarge) when the row after the limit is read, before the rest
// of the file, and nothing is stored.
func (s *Service) ImportAssessmentsCSV(ctx context.Context, r io.Reader, name string) (_ int, err error) {
	done := s.timed("assessments")
	defer func() { done(err) }()
	cr, err := assessment.NewCSVReader(r, s.fw, s.now())
	if err != nil {
		return 0, err
	}
	max := s.cfg.MaxImportRows
	if max <= 0 {
		max = DefaultMaxImportRows
	}
	known := map[string]bool{} // code -> can carry assessments (a few hundred codes)
	rows := 0
	next := func() (assessment.Assessment, error) {
		a, line, err := cr.Next()
		if err != nil {
			return a, err // io.EOF ends the import
		}
		if rows++; rows > max {
			return a, &Error{Kind: TooLarge, Message: fmt.Sprintf("line %d: more than %d rows, the most one import takes; split the file (or raise --max-rows)", line, max)}
		}
		if _, merged := s.facts.Successor(a.Code); known[a.Code] && !merged {
			return a, nil
		}
		problem, err := importer.AssessmentCodeProblem(ctx, s.store, s.facts, a)
		if err != nil {
			return a, err
		}
		if problem != "" {
			return a, &Error{Kind: InvalidField, Field: "code", Message: fmt.Sprintf("line %d, column code: %s", line, problem)}
		}
		known[a.Code] = true
		return a, nil
	}
	n, err := s.store.AddAssessmentsFrom(ctx, next, "cli import "+name)
	if err != nil {
		return 0, fromStore(err) // the reader's and next's errors pass unchanged
	}
	s.invalidate()
	return n, nil
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
