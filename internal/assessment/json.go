package assessment

import (
	"errors"
	"fmt"
	"io"
	"sort"
	"time"

	"github.com/inclusiekaart/inclusiekaart/internal/jsonstrict"
	"github.com/inclusiekaart/inclusiekaart/internal/scoring"
)

// DemoRejected is the message for "demo": true in an Assessment JSON body.
// Demo data is made by the program itself (serve --demo) and always labelled
// as such; an assessment someone sends is a real one. "demo": false (what a
// client reading the API sees on real data) is accepted and has no effect.
const DemoRejected = "assessments stored through the API are real; demo data is generated only by serve --demo"

// wireValue and wire are the Assessment JSON as sent. Pointers tell a field
// that is absent or null from one that is given.
type wireValue struct {
	Value    *int    `json:"value"`
	Evidence *string `json:"evidence"`
	Note     *string `json:"note"`
}

type wire struct {
	Code       *string               `json:"code"`
	AssessedOn *string               `json:"assessed_on"`
	Source     *string               `json:"source"`
	Assessor   *string               `json:"assessor"`
	Values     map[string]*wireValue `json:"values"`
	Demo       *bool                 `json:"demo"`
	Basis      *string               `json:"basis"`
}

// PutBases are the bases an assessment sent to the API may have; the public
// record comes only from its cited file, demo only from serve --demo.
var PutBases = []string{BasisNetworkReview, BasisSelfAssessment}

// ParseJSON reads one assessment object from r and validates it. It is
// strict: unknown fields, duplicate keys, invalid UTF-8, unknown indicator
// ids, values that are not whole numbers and trailing data after the object
// are errors, and so is "demo": true (see DemoRejected); the result never has
// Demo set. A code in the body may be lower-case, like the path; it is
// returned upper-cased. Errors are *FieldError with a JSON path ("body" for
// the document as a whole); a read error from r is wrapped in one. Callers
// limit the size of r.
func ParseJSON(r io.Reader, f *scoring.Framework, today time.Time) (Assessment, error) {
	var a Assessment
	data, err := io.ReadAll(r)
	if err != nil {
		return a, &FieldError{Field: "body", Message: "could not be read", Err: err}
	}
	var w wire
	if err := jsonstrict.Unmarshal(data, &w); err != nil {
		var je *jsonstrict.Error
		if !errors.As(err, &je) {
			return a, fmt.Errorf("assessment: %w", err) // wire does not fit jsonstrict: a bug here
		}
		msg := je.Message
		if je.Path == "demo" {
			msg = "must be false or left out: " + DemoRejected
		}
		return a, &FieldError{Field: jsonstrict.Field(je.Path), Message: msg}
	}
	if w.Demo != nil && *w.Demo {
		return a, &FieldError{Field: "demo", Message: DemoRejected}
	}
	str := func(p *string) string {
		if p == nil {
			return ""
		}
		return *p
	}
	if w.Basis != nil {
		ok := false
		for _, b := range PutBases {
			ok = ok || *w.Basis == b
		}
		if !ok {
			return a, &FieldError{Field: "basis", Message: fmt.Sprintf("%q is not allowed here: use network_review (the default) or self_assessment; the public record is loaded from its cited file", truncate(*w.Basis, 40))}
		}
		a.Basis = *w.Basis
	}
	a.Code = normalizeCode(str(w.Code))
	a.AssessedOn, a.Source, a.Assessor = str(w.AssessedOn), str(w.Source), str(w.Assessor)
	ids := make([]string, 0, len(w.Values))
	for id := range w.Values {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	a.Values = make(map[string]Value, len(w.Values))
	for _, id := range ids {
		field := "values." + id
		if _, ok := f.Indicator(id); !ok {
			return a, &FieldError{Field: field, Message: fmt.Sprintf("unknown indicator %q", id)}
		}
		wv := w.Values[id]
		if wv == nil {
			return a, &FieldError{Field: field, Message: `must be an object like {"value": 2}, not null`}
		}
		if wv.Value == nil {
			return a, &FieldError{Field: field + ".value", Message: "is required"}
		}
		a.Values[id] = Value{Value: *wv.Value, Evidence: str(wv.Evidence), Note: str(wv.Note)}
	}
	if err := a.Validate(f, today); err != nil {
		return a, err
	}
	return a, nil
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
