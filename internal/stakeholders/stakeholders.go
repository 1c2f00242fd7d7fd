// Package stakeholders holds the stakeholder map: who to involve when working
// on an inclusive municipality, drawn as rings around people with lived
// experience and as a power/interest grid.
//
// The reviewed default is data/stakeholders.json. Editors may store newer
// versions through the API; every version passes Parse, which checks the
// document field by field and requires exactly the stakeholder groups of the
// scoring framework (the stakeholder.<group> indicators), so a municipality's
// assessment can always be laid over the map.
package stakeholders

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"net/url"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/inclusiekaart/inclusiekaart/data"
	"github.com/inclusiekaart/inclusiekaart/internal/jsonstrict"
	"github.com/inclusiekaart/inclusiekaart/internal/scoring"
)

// FileName is the name of the default map inside data.FS.
const FileName = "stakeholders.json"

// Ring ids, from the centre outwards.
const (
	RingCore             = "core"
	RingDirectlyInvolved = "directly_involved"
	RingConsulted        = "consulted"
	RingInformed         = "informed"
)

// Quadrant ids of the power/interest grid.
const (
	QuadrantManageClosely = "manage_closely"
	QuadrantKeepSatisfied = "keep_satisfied"
	QuadrantKeepInformed  = "keep_informed"
	QuadrantMonitor       = "monitor"
)

// RingIDs lists the rings from the centre outwards; a map has exactly these.
var RingIDs = []string{RingCore, RingDirectlyInvolved, RingConsulted, RingInformed}

// QuadrantIDs lists the quadrants; a map has exactly these.
var QuadrantIDs = []string{QuadrantManageClosely, QuadrantKeepSatisfied, QuadrantKeepInformed, QuadrantMonitor}

// Shapes are the marker shapes the page can draw.
var Shapes = []string{"circle", "square", "diamond", "triangle", "hexagon", "star"}

// HighThreshold separates low from high power or interest: a group's
// quadrant must agree with its numbers.
const HighThreshold = 0.5

// Route steps of the VNG route map.
const (
	MinRouteStep = 1
	MaxRouteStep = 11
)

// Limits on text, in characters.
const (
	MaxLabel = 200
	MaxText  = 2000
	MaxItems = 100
)

// Text is a text in Dutch and English.
type Text struct {
	NL string `json:"nl"`
	EN string `json:"en"`
}

// Source is a reference that groups name by id, e.g. "documented by the network".
type Source struct {
	ID     string `json:"id"`
	Label  Text   `json:"label"`
	Detail Text   `json:"detail"`
	URL    string `json:"url,omitempty"`
}

// RouteStep labels one step of the VNG route map.
type RouteStep struct {
	Step  int  `json:"step"`
	Label Text `json:"label"`
}

// Ring is one ring of the concentric drawing.
type Ring struct {
	ID          string `json:"id"`
	Label       Text   `json:"label"`
	Description Text   `json:"description"`
}

// Quadrant is one cell of the power/interest grid.
type Quadrant struct {
	ID          string `json:"id"`
	Label       Text   `json:"label"`
	Description Text   `json:"description"`
}

// Category groups stakeholders for the legend; the page draws each category
// with its own colour and shape, so colour is never the only cue.
type Category struct {
	ID    string `json:"id"`
	Label Text   `json:"label"`
	Color string `json:"color"`
	Shape string `json:"shape"`
}

// Group is one stakeholder group. Its id is the part after "stakeholder." of
// the framework indicator that records whether a municipality involves it.
type Group struct {
	ID       string  `json:"id"`
	Category string  `json:"category"`
	Ring     string  `json:"ring"`
	Quadrant string  `json:"quadrant"`
	Power    float64 `json:"power"`
	Interest float64 `json:"interest"`
	Name     Text    `json:"name"`
	// Short is the label drawn next to the marker.
	Short      Text     `json:"short"`
	Why        Text     `json:"why"`
	How        Text     `json:"how"`
	RouteSteps []int    `json:"route_steps"`
	Sources    []string `json:"sources"`
}

// Map is a whole stakeholder-map document.
type Map struct {
	Title      Text        `json:"title"`
	Question   Text        `json:"question"`
	Provenance Text        `json:"provenance"`
	Sources    []Source    `json:"sources"`
	RouteSteps []RouteStep `json:"route_steps"`
	Rings      []Ring      `json:"rings"`
	Quadrants  []Quadrant  `json:"quadrants"`
	Categories []Category  `json:"categories"`
	Groups     []Group     `json:"groups"`
	// Revision describes the stored version the map came from. It is set by
	// the server, ignored on input so a fetched map can be sent back as is,
	// and nil for the reviewed default.
	Revision *Revision `json:"revision"`
}

// Revision identifies a stored version of the map.
type Revision struct {
	Version    int64  `json:"version"`
	RecordedAt string `json:"recorded_at"`
	RecordedBy string `json:"recorded_by"`
}

// FieldError names the field of a document that is wrong, as a JSON path
// such as "groups[3].name.en".
type FieldError struct {
	Field   string
	Message string
	// Err is the underlying read or decode error, if any (e.g. a body limit).
	Err error
}

func (e *FieldError) Error() string {
	if e.Field == "" {
		return e.Message
	}
	return e.Field + ": " + e.Message
}

// Unwrap returns the underlying error, so callers can match e.g. a body limit.
func (e *FieldError) Unwrap() error { return e.Err }

// GroupIDs returns the stakeholder group ids of the framework in framework
// order: the indicator ids with the "stakeholder." prefix removed.
func GroupIDs(fw *scoring.Framework) []string {
	var ids []string
	for _, in := range fw.Indicators() {
		if in.Part == scoring.PartStakeholders && strings.HasPrefix(in.ID, scoring.StakeholderPrefix) {
			ids = append(ids, strings.TrimPrefix(in.ID, scoring.StakeholderPrefix))
		}
	}
	return ids
}

// Default reads and validates the reviewed map in data/stakeholders.json
// against the group ids of fw.
func Default(fw *scoring.Framework) (*Map, error) {
	b, err := fs.ReadFile(data.FS, FileName)
	if err != nil {
		return nil, fmt.Errorf("stakeholders: %w", err)
	}
	m, err := Parse(bytes.NewReader(b), GroupIDs(fw))
	if err != nil {
		return nil, fmt.Errorf("stakeholders: %s: %w", FileName, err)
	}
	return m, nil
}

// Parse decodes one JSON document strictly and validates it; groupIDs are
// the ids the map must hold, each exactly once. The document must be one JSON
// object in valid UTF-8, without unknown fields, duplicate keys or trailing
// data, nested at most jsonstrict.MaxDepth deep. Errors are *FieldError
// naming the field with its indices ("groups[3].route_steps[0]"); a read
// error (such as a body limit) is wrapped in one. Callers limit the size of r.
func Parse(r io.Reader, groupIDs []string) (*Map, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, &FieldError{Field: "body", Message: "could not be read", Err: err}
	}
	var m Map
	if err := jsonstrict.Unmarshal(b, &m); err != nil {
		return nil, decodeError(err)
	}
	m.Revision = nil
	if err := m.Validate(groupIDs); err != nil {
		return nil, err
	}
	return &m, nil
}

// stepRE matches the paths of route step numbers, whose type errors say the
// range too.
var stepRE = regexp.MustCompile(`(^|\.)route_steps\[\d+\](\.step)?$`)

func decodeError(err error) error {
	var je *jsonstrict.Error
	if !errors.As(err, &je) {
		return fmt.Errorf("stakeholders: %w", err) // Map does not fit jsonstrict: a bug here
	}
	msg := je.Message
	if stepRE.MatchString(je.Path) && strings.HasPrefix(msg, "must be a whole number") {
		msg = strings.Replace(msg, "must be a whole number", fmt.Sprintf("must be a whole number %d–%d", MinRouteStep, MaxRouteStep), 1)
	}
	return &FieldError{Field: jsonstrict.Field(je.Path), Message: msg}
}

var (
	idRE    = regexp.MustCompile(`^[a-z][a-z0-9_]{0,63}$`)
	colorRE = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)
)

func fieldErr(field, format string, args ...any) *FieldError {
	return &FieldError{Field: field, Message: fmt.Sprintf(format, args...)}
}

// checkText checks both languages of t: present, valid UTF-8, at most max
// characters, and free of control characters. Line breaks are allowed only in
// multiline (long) texts and tabs everywhere, as in assessment notes.
func checkText(field string, t Text, max int, multiline bool) error {
	for _, l := range []struct{ lang, s string }{{"nl", t.NL}, {"en", t.EN}} {
		f := field + "." + l.lang
		switch {
		case strings.TrimSpace(l.s) == "":
			return fieldErr(f, "empty")
		case !utf8.ValidString(l.s):
			return fieldErr(f, "not valid UTF-8")
		case utf8.RuneCountInString(l.s) > max:
			return fieldErr(f, "longer than %d characters", max)
		}
		if r, ok := controlChar(l.s, multiline); ok {
			return fieldErr(f, "contains a control character (%U)", r)
		}
	}
	return nil
}

// controlChar returns the first control character in s that is not allowed.
// U+FEFF (a byte order mark) counts as one: it is invisible and breaks CSV.
func controlChar(s string, multiline bool) (rune, bool) {
	for _, r := range s {
		if r == '\t' || r == '\n' && multiline {
			continue
		}
		if unicode.IsControl(r) || r == '\uFEFF' {
			return r, true
		}
	}
	return 0, false
}

// checkURL requires an absolute http(s) URL with a host and without spaces or
// control characters.
func checkURL(s string) string {
	if utf8.RuneCountInString(s) > MaxText {
		return fmt.Sprintf("longer than %d characters", MaxText)
	}
	if strings.IndexFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0 {
		return "must be an http(s) URL without spaces or control characters"
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || !strings.HasPrefix(s, u.Scheme+"://") {
		return "must be an http(s) URL"
	}
	return ""
}

// checkIDs requires got to hold exactly the ids in want (any order).
func checkIDs(field string, got []string, want []string) error {
	seen := map[string]bool{}
	allowed := map[string]bool{}
	for _, id := range want {
		allowed[id] = true
	}
	for i, id := range got {
		f := fmt.Sprintf("%s[%d].id", field, i)
		if !allowed[id] {
			return fieldErr(f, "%q is not one of %s", id, strings.Join(want, ", "))
		}
		if seen[id] {
			return fieldErr(f, "duplicate %q", id)
		}
		seen[id] = true
	}
	for _, id := range want {
		if !seen[id] {
			return fieldErr(field, "missing %q", id)
		}
	}
	return nil
}

// Validate checks every field; groupIDs are the ids the map must hold.
func (m *Map) Validate(groupIDs []string) error {
	for _, t := range []struct {
		field string
		text  Text
		max   int
	}{{"title", m.Title, MaxLabel}, {"question", m.Question, MaxLabel}, {"provenance", m.Provenance, MaxText}} {
		if err := checkText(t.field, t.text, t.max, t.max == MaxText); err != nil {
			return err
		}
	}

	if len(m.Sources) == 0 || len(m.Sources) > MaxItems {
		return fieldErr("sources", "need 1 to %d sources", MaxItems)
	}
	sources := map[string]bool{}
	for i, s := range m.Sources {
		f := fmt.Sprintf("sources[%d]", i)
		if !idRE.MatchString(s.ID) {
			return fieldErr(f+".id", "%q is not an id (lower-case letters, digits, _)", s.ID)
		}
		if sources[s.ID] {
			return fieldErr(f+".id", "duplicate %q", s.ID)
		}
		sources[s.ID] = true
		if err := checkText(f+".label", s.Label, MaxLabel, false); err != nil {
			return err
		}
		if err := checkText(f+".detail", s.Detail, MaxText, true); err != nil {
			return err
		}
		if s.URL != "" {
			if msg := checkURL(s.URL); msg != "" {
				return fieldErr(f+".url", "%s", msg)
			}
		}
	}

	if len(m.RouteSteps) != MaxRouteStep-MinRouteStep+1 {
		return fieldErr("route_steps", "need the %d steps of the VNG route map, got %d", MaxRouteStep-MinRouteStep+1, len(m.RouteSteps))
	}
	for i, s := range m.RouteSteps {
		f := fmt.Sprintf("route_steps[%d]", i)
		if s.Step != MinRouteStep+i {
			return fieldErr(f+".step", "is %d, want %d (steps in order)", s.Step, MinRouteStep+i)
		}
		if err := checkText(f+".label", s.Label, MaxLabel, false); err != nil {
			return err
		}
	}

	ringIDs := make([]string, len(m.Rings))
	for i, r := range m.Rings {
		ringIDs[i] = r.ID
	}
	if err := checkIDs("rings", ringIDs, RingIDs); err != nil {
		return err
	}
	for i, r := range m.Rings {
		if r.ID != RingIDs[i] {
			return fieldErr(fmt.Sprintf("rings[%d].id", i), "is %q, want %q (rings from the centre outwards)", r.ID, RingIDs[i])
		}
		f := fmt.Sprintf("rings[%d]", i)
		if err := checkText(f+".label", r.Label, MaxLabel, false); err != nil {
			return err
		}
		if err := checkText(f+".description", r.Description, MaxText, true); err != nil {
			return err
		}
	}

	quadIDs := make([]string, len(m.Quadrants))
	for i, q := range m.Quadrants {
		quadIDs[i] = q.ID
	}
	if err := checkIDs("quadrants", quadIDs, QuadrantIDs); err != nil {
		return err
	}
	for i, q := range m.Quadrants {
		f := fmt.Sprintf("quadrants[%d]", i)
		if err := checkText(f+".label", q.Label, MaxLabel, false); err != nil {
			return err
		}
		if err := checkText(f+".description", q.Description, MaxText, true); err != nil {
			return err
		}
	}

	if len(m.Categories) == 0 || len(m.Categories) > len(Shapes) {
		return fieldErr("categories", "need 1 to %d categories", len(Shapes))
	}
	categories := map[string]bool{}
	looks := map[string]string{}
	for i, c := range m.Categories {
		f := fmt.Sprintf("categories[%d]", i)
		if !idRE.MatchString(c.ID) {
			return fieldErr(f+".id", "%q is not an id (lower-case letters, digits, _)", c.ID)
		}
		if categories[c.ID] {
			return fieldErr(f+".id", "duplicate %q", c.ID)
		}
		categories[c.ID] = true
		if err := checkText(f+".label", c.Label, MaxLabel, false); err != nil {
			return err
		}
		if !colorRE.MatchString(c.Color) {
			return fieldErr(f+".color", "%q is not a colour like #0072b2", c.Color)
		}
		if !contains(Shapes, c.Shape) {
			return fieldErr(f+".shape", "%q is not one of %s", c.Shape, strings.Join(Shapes, ", "))
		}
		// Shape alone must tell categories apart: colour is never the only cue.
		if other, dup := looks[c.Shape]; dup {
			return fieldErr(f+".shape", "%q is already used by category %q", c.Shape, other)
		}
		looks[c.Shape] = c.ID
	}

	ids := make([]string, len(m.Groups))
	for i, g := range m.Groups {
		ids[i] = g.ID
	}
	if err := checkIDs("groups", ids, groupIDs); err != nil {
		return err
	}
	for i := range m.Groups {
		if err := m.checkGroup(i, sources, categories); err != nil {
			return err
		}
	}
	return nil
}

func (m *Map) checkGroup(i int, sources, categories map[string]bool) error {
	g := m.Groups[i]
	f := fmt.Sprintf("groups[%d]", i)
	if !categories[g.Category] {
		return fieldErr(f+".category", "unknown category %q", g.Category)
	}
	if !contains(RingIDs, g.Ring) {
		return fieldErr(f+".ring", "%q is not one of %s", g.Ring, strings.Join(RingIDs, ", "))
	}
	if !contains(QuadrantIDs, g.Quadrant) {
		return fieldErr(f+".quadrant", "%q is not one of %s", g.Quadrant, strings.Join(QuadrantIDs, ", "))
	}
	for _, n := range []struct {
		name string
		v    float64
	}{{"power", g.Power}, {"interest", g.Interest}} {
		if math.IsNaN(n.v) || n.v < 0 || n.v > 1 {
			return fieldErr(f+"."+n.name, "%v not within 0..1", n.v)
		}
	}
	if want := QuadrantOf(g.Power, g.Interest); g.Quadrant != want {
		return fieldErr(f+".quadrant", "%q disagrees with power %v and interest %v (that is %q; high means >= %v)", g.Quadrant, g.Power, g.Interest, want, HighThreshold)
	}
	for _, t := range []struct {
		name string
		text Text
		max  int
	}{{"name", g.Name, MaxLabel}, {"short", g.Short, 40}, {"why", g.Why, MaxText}, {"how", g.How, MaxText}} {
		if err := checkText(f+"."+t.name, t.text, t.max, t.max == MaxText); err != nil {
			return err
		}
	}
	if len(g.RouteSteps) == 0 {
		return fieldErr(f+".route_steps", "empty: name at least one VNG route step (1–11)")
	}
	steps := map[int]bool{}
	for j, s := range g.RouteSteps {
		sf := fmt.Sprintf("%s.route_steps[%d]", f, j)
		if s < MinRouteStep || s > MaxRouteStep {
			return fieldErr(sf, "%d out of range %d–%d", s, MinRouteStep, MaxRouteStep)
		}
		if steps[s] {
			return fieldErr(sf, "duplicate step %d", s)
		}
		steps[s] = true
	}
	if len(g.Sources) == 0 {
		return fieldErr(f+".sources", "empty: name at least one source")
	}
	seen := map[string]bool{}
	for j, s := range g.Sources {
		sf := fmt.Sprintf("%s.sources[%d]", f, j)
		if !sources[s] {
			return fieldErr(sf, "unknown source %q", s)
		}
		if seen[s] {
			return fieldErr(sf, "duplicate source %q", s)
		}
		seen[s] = true
	}
	return nil
}

// QuadrantOf places power and interest (0..1) on the grid.
func QuadrantOf(power, interest float64) string {
	hp, hi := power >= HighThreshold, interest >= HighThreshold
	switch {
	case hp && hi:
		return QuadrantManageClosely
	case hp:
		return QuadrantKeepSatisfied
	case hi:
		return QuadrantKeepInformed
	}
	return QuadrantMonitor
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Group returns the group with id, if any.
func (m *Map) Group(id string) (Group, bool) {
	for _, g := range m.Groups {
		if g.ID == id {
			return g, true
		}
	}
	return Group{}, false
}

// IndicatorID returns the framework indicator that records whether a
// municipality involves group id.
func IndicatorID(id string) string { return scoring.StakeholderPrefix + id }
