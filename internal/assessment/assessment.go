// Package assessment defines one recorded assessment of a municipality and
// its two outside formats: the JSON body of the PUT endpoint (and history
// entries) and the batch CSV. The parsers are pure and strict: anything they
// accept passes Validate and survives a CSV round trip unchanged.
package assessment

import (
	"github.com/inclusiekaart/inclusiekaart/internal/cbs"

	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/inclusiekaart/inclusiekaart/internal/scoring"
)

// Limits on free text, in characters.
const (
	MaxSource   = 200
	MaxAssessor = 200
	MaxEvidence = 2000
	MaxNote     = 2000
)

// DateLayout is the layout of AssessedOn.
const DateLayout = "2006-01-02"

// EarliestDate is the earliest AssessedOn accepted. The UN convention and the
// local inclusion agendas it led to are later; an older date is a typo (such
// as 0000-01-01 or 1899-12-31 from a spreadsheet), not an assessment.
const EarliestDate = "2000-01-01"

// Value is one indicator value with its optional evidence URL and note.
// Sources are the dated public sources that support it (public record only);
// Evidence is then the newest source's URL and Note its summary.
type Value struct {
	Value    int      `json:"value"`
	Evidence string   `json:"evidence,omitempty"`
	Note     string   `json:"note,omitempty"`
	Sources  []Source `json:"sources,omitempty"`
}

// Source is one dated public source: where it is, who published it, the
// source's own date, the day it was read, and a one-sentence summary in the
// researcher's own words.
type Source struct {
	URL       string `json:"url"`
	Publisher string `json:"publisher"`
	Date      string `json:"date"`    // YYYY-MM-DD, the source's own date
	ReadOn    string `json:"read_on"` // YYYY-MM-DD
	Summary   string `json:"summary"`
}

// Basis says where an assessment comes from (DESIGN.md).
const (
	BasisPublicRecord   = "public_record"   // cited desk research (data/public-record.csv)
	BasisSelfAssessment = "self_assessment" // supplied by the municipality
	BasisNetworkReview  = "network_review"  // recorded or reviewed by the network
	BasisDemo           = "demo"            // generated for trying the product
)

// Bases lists every basis, in the order of how much the network vouches for it.
var Bases = []string{BasisNetworkReview, BasisSelfAssessment, BasisPublicRecord, BasisDemo}

// ValidBasis reports whether b is one of Bases.
func ValidBasis(b string) bool {
	for _, x := range Bases {
		if b == x {
			return true
		}
	}
	return false
}

// Assessment is one version of a municipality's assessment. Versions are
// never overwritten: a new assessment is a new version.
type Assessment struct {
	Code       string           `json:"code,omitempty"`
	AssessedOn string           `json:"assessed_on"` // YYYY-MM-DD
	Source     string           `json:"source"`
	Assessor   string           `json:"assessor,omitempty"`
	Values     map[string]Value `json:"values"`
	Demo       bool             `json:"demo"`
	// Basis is one of Bases; empty reads as network_review (or demo when Demo).
	Basis string `json:"basis"`
}

// BasisOrDefault returns a.Basis, or the basis an assessment without one has.
func (a Assessment) BasisOrDefault() string {
	switch {
	case a.Demo:
		return BasisDemo
	case a.Basis == "":
		return BasisNetworkReview
	}
	return a.Basis
}

// Ints returns the bare values, as scoring.Framework.Score expects them.
func (a Assessment) Ints() map[string]int {
	m := make(map[string]int, len(a.Values))
	for id, v := range a.Values {
		m[id] = v.Value
	}
	return m
}

// FieldError says which field of an input is wrong and why. Line is the
// 1-based CSV line, 0 for JSON input. Field is a JSON path such as
// "values.domain.work.value" or "assessed_on", or a CSV column name.
type FieldError struct {
	Line    int
	Field   string
	Message string
	// Err is the underlying read error, if any (e.g. a body limit); it is
	// not part of Error(), which is safe to show to the sender.
	Err error
}

// Unwrap returns the underlying error, so callers can match e.g. a body limit.
func (e *FieldError) Unwrap() error { return e.Err }

func (e *FieldError) Error() string {
	switch {
	case e.Line > 0 && e.Field != "":
		return fmt.Sprintf("line %d, column %s: %s", e.Line, e.Field, e.Message)
	case e.Line > 0:
		return fmt.Sprintf("line %d: %s", e.Line, e.Message)
	case e.Field != "":
		return fmt.Sprintf("%s: %s", e.Field, e.Message)
	}
	return e.Message
}

// ValidCode reports whether code looks like a CBS municipality code in
// canonical form (cbs.IsMunicipalityCode). Whether it exists is for the store to say.
func ValidCode(code string) bool { return cbs.IsMunicipalityCode(code) }

// normalizeCode upper-cases a code that is valid but for its case ("gm0363"),
// as the API does with a code in a path; anything else is returned as given,
// for Validate to reject with the text the sender wrote.
func normalizeCode(code string) string {
	if c := strings.ToUpper(code); len(c) == len(code) && ValidCode(c) {
		return c
	}
	return code
}

// Validate checks a against the framework. today is the latest allowed
// assessment date (callers pass time.Now() in the service's time zone).
// The error is a *FieldError naming the first problem in a fixed order:
// code, assessed_on, source, assessor, values in framework order.
func (a Assessment) Validate(f *scoring.Framework, today time.Time) error {
	return a.validate(f, today, jsonField)
}

// fieldNamer names the field of indicator id; sub is "value", "evidence" or
// "note". An empty id names a top-level field (sub).
type fieldNamer func(id, sub string) string

func jsonField(id, sub string) string {
	if id == "" {
		return sub
	}
	return "values." + id + "." + sub
}

func csvField(id, sub string) string {
	switch {
	case id == "":
		return sub
	case sub == "value":
		return id
	}
	return id + "." + sub
}

func (a Assessment) validate(f *scoring.Framework, today time.Time, name fieldNamer) error {
	fail := func(id, sub, format string, args ...any) error {
		return &FieldError{Field: name(id, sub), Message: fmt.Sprintf(format, args...)}
	}
	if a.Code != "" && !ValidCode(a.Code) {
		return fail("", "code", "%q is not a municipality code like GM0363", truncate(a.Code, 40))
	}
	d, err := time.Parse(DateLayout, a.AssessedOn)
	if err != nil {
		return fail("", "assessed_on", "%q is not a date like 2025-10-01", truncate(a.AssessedOn, 40))
	}
	on, last := d.Format(DateLayout), today.Format(DateLayout)
	if on < EarliestDate {
		return fail("", "assessed_on", "%s is too early: must be from %s up to today (%s)", on, EarliestDate, last)
	}
	if on > last {
		return fail("", "assessed_on", "%s is in the future: must be from %s up to today (%s)", on, EarliestDate, last)
	}
	if msg := CheckText(a.Source, MaxSource, false); msg != "" {
		return fail("", "source", "%s", msg)
	}
	if strings.TrimSpace(a.Source) == "" {
		return fail("", "source", "is required")
	}
	if msg := CheckText(a.Assessor, MaxAssessor, false); msg != "" {
		return fail("", "assessor", "%s", msg)
	}
	if len(a.Values) == 0 {
		return fail("", "values", "at least one indicator value is required")
	}
	known := 0
	for _, in := range f.Indicators() {
		v, ok := a.Values[in.ID]
		if !ok {
			continue
		}
		known++
		if err := f.CheckValue(in.ID, v.Value); err != nil {
			return fail(in.ID, "value", "%v", err)
		}
		if v.Evidence != "" {
			if msg := CheckURL(v.Evidence); msg != "" {
				return fail(in.ID, "evidence", "%s", msg)
			}
		}
		if msg := CheckText(v.Note, MaxNote, true); msg != "" {
			return fail(in.ID, "note", "%s", msg)
		}
	}
	if known != len(a.Values) {
		var unknown []string
		for id := range a.Values {
			if _, ok := f.Indicator(id); !ok {
				unknown = append(unknown, id)
			}
		}
		first := unknown[0]
		for _, id := range unknown {
			first = min(first, id)
		}
		return &FieldError{Field: name(first, "value"), Message: fmt.Sprintf("unknown indicator %q", first)}
	}
	return nil
}

// CheckText returns a problem with s or "". Line breaks are allowed only in
// multiline text; carriage returns and other control characters never, as
// they do not survive a CSV round trip.
func CheckText(s string, maxLen int, multiline bool) string {
	if !utf8.ValidString(s) {
		return "is not valid UTF-8"
	}
	if n := utf8.RuneCountInString(s); n > maxLen {
		return fmt.Sprintf("is %d characters, at most %d allowed", n, maxLen)
	}
	for _, r := range s {
		if r == '\n' && multiline || r == '\t' {
			continue
		}
		if unicode.IsControl(r) || r == '\uFEFF' {
			return fmt.Sprintf("contains a control character (%U)", r)
		}
	}
	// Text exported to CSV that starts like a formula runs as one when a
	// researcher opens the file in a spreadsheet (CSV injection): refuse it.
	if t := strings.TrimLeft(s, " "); t != "" && strings.ContainsRune("=+-@", rune(t[0])) {
		return fmt.Sprintf("must not start with %q: a spreadsheet would run it as a formula; start with a letter or a digit", t[:1])
	}
	return ""
}

// CheckURL returns a problem with s as an evidence link (absolute http(s)
// URL, at most MaxEvidence bytes) or "".
func CheckURL(s string) string {
	if len(s) > MaxEvidence {
		return fmt.Sprintf("is %d characters, at most %d allowed", len(s), MaxEvidence)
	}
	if !utf8.ValidString(s) || strings.IndexFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0 {
		return "is not a valid URL (contains spaces or control characters)"
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Opaque != "" {
		return fmt.Sprintf("%q is not an absolute http(s) URL", s)
	}
	if !strings.HasPrefix(s, u.Scheme+"://") {
		return fmt.Sprintf("%q is not an absolute http(s) URL", s)
	}
	return ""
}
