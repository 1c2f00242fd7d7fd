package assessment

import (
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/inclusiekaart/inclusiekaart/internal/scoring"
)

// The public-record CSV is the long form of the assessment CSV: one row per
// fact (municipality, indicator, source) instead of one row per assessment.
// docs/data-dictionary.md and data/README.md describe it.

// RecordColumns are the columns of the public-record CSV, all required, in
// the order the shipped file uses (a file may order them differently).
var RecordColumns = []string{"code", "name", "indicator", "value", "basis", "source_url", "publisher", "source_date", "read_on", "summary"}

// Limits of the public-record CSV, in characters.
const (
	MaxSummary   = 200
	MaxPublisher = 200
	MaxName      = 200
)

// RecordSource and RecordAssessor describe the assessments made from the
// public record (the Source and Assessor of each version).
const (
	RecordSource   = "Openbare bronnen (bureauonderzoek)"
	RecordAssessor = "Inclusiekaart, bureauonderzoek"
)

// Fact is one row of the public-record CSV: a dated public source supporting
// one indicator value of one municipality.
type Fact struct {
	Line      int // 1-based line in the file
	Code      string
	Name      string
	Indicator string
	Value     int
	Basis     string
	Source    Source
	// Start is the first day of Source.Date's period (the date itself when
	// it has a day): facts are ordered and versions dated by it.
	Start string
}

// SourceDateLayouts are the forms of a source date: ISO 8601 calendar dates,
// at reduced precision when the source gives only the month or the year.
var SourceDateLayouts = []string{"2006-01-02", "2006-01", "2006"}

// SourceDateStart parses a source date and returns the first day of its
// period (YYYY-MM-DD).
func SourceDateStart(s string) (string, bool) {
	for _, l := range SourceDateLayouts {
		if len(s) == len(l) {
			if d, err := time.Parse(l, s); err == nil {
				return d.Format(DateLayout), true
			}
		}
	}
	return "", false
}

// ReadRecord reads a public-record CSV (UTF-8, optional BOM, header row). It
// is all or nothing: the first problem is a *FieldError naming the line and
// the column. today is the latest allowed read date. Refused: unknown or
// missing columns, unknown codes forms, unknown indicators, values outside
// the scale, a basis other than public_record, non-http(s) URLs, dates that
// are malformed, before 2000, after the read date or in the future, a summary
// over 200 characters, a code with two names, the same (code, indicator,
// source URL) twice, and two sources of the same date that disagree.
func ReadRecord(r io.Reader, f *scoring.Framework, today time.Time) ([]Fact, error) {
	cr := newCSVReader(r)
	header, err := cr.Read()
	if err == io.EOF {
		return nil, &FieldError{Line: 1, Message: "empty file: a header row is required"}
	}
	if err != nil {
		return nil, csvErr(err, header, 0)
	}
	idx := map[string]int{}
	for i, name := range header {
		name = strings.TrimSpace(name) // " code" from a hand-edited header is still the code column
		if _, dup := idx[name]; dup {
			return nil, &FieldError{Line: 1, Field: name, Message: "duplicate column"}
		}
		known := false
		for _, c := range RecordColumns {
			known = known || c == name
		}
		if !known {
			if name == "" {
				return nil, &FieldError{Line: 1, Field: strconv.Itoa(i + 1), Message: "empty column name"}
			}
			return nil, &FieldError{Line: 1, Field: name, Message: "unknown column (columns: " + strings.Join(RecordColumns, ",") + ")"}
		}
		idx[name] = i
	}
	for _, c := range RecordColumns {
		if _, ok := idx[c]; !ok {
			return nil, &FieldError{Line: 1, Field: c, Message: "missing required column"}
		}
	}
	last := today.Format(DateLayout)
	var out []Fact
	names := map[string]int{}   // code -> line of its first name
	seen := map[string]int{}    // code|indicator|url -> line
	sameDay := map[string]int{} // code|indicator|date -> index in out
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvErr(err, rec, len(header))
		}
		line, _ := cr.FieldPos(0)
		cell := func(c string) string { return rec[idx[c]] }
		fail := func(c, format string, args ...any) error {
			l, _ := cr.FieldPos(idx[c])
			return &FieldError{Line: l, Field: c, Message: fmt.Sprintf(format, args...)}
		}
		ft := Fact{Line: line, Code: normalizeCode(cell("code")), Name: cell("name"), Indicator: cell("indicator"), Basis: cell("basis"),
			Source: Source{URL: cell("source_url"), Publisher: cell("publisher"), Date: cell("source_date"), ReadOn: cell("read_on"), Summary: cell("summary")}}
		if !ValidCode(ft.Code) {
			return nil, fail("code", "%q is not a municipality code like GM0363", truncate(ft.Code, 40))
		}
		if msg := requiredText(ft.Name, MaxName); msg != "" {
			return nil, fail("name", "%s", msg)
		}
		if _, ok := f.Indicator(ft.Indicator); !ok {
			return nil, fail("indicator", "unknown indicator %q (see data/framework.json)", truncate(ft.Indicator, 40))
		}
		n, err := strconv.Atoi(cell("value"))
		if err != nil {
			return nil, fail("value", "%q is not an integer", truncate(cell("value"), 40))
		}
		if err := f.CheckValue(ft.Indicator, n); err != nil {
			return nil, fail("value", "%v", err)
		}
		ft.Value = n
		if ft.Basis != BasisPublicRecord {
			return nil, fail("basis", "%q: every row of the public record has basis %s", truncate(ft.Basis, 40), BasisPublicRecord)
		}
		if msg := CheckURL(ft.Source.URL); msg != "" {
			return nil, fail("source_url", "%s", msg)
		}
		if msg := requiredText(ft.Source.Publisher, MaxPublisher); msg != "" {
			return nil, fail("publisher", "%s", msg)
		}
		readOn, err := time.Parse(DateLayout, ft.Source.ReadOn)
		if err != nil {
			return nil, fail("read_on", "%q is not a date like 2026-12-03", truncate(ft.Source.ReadOn, 40))
		}
		if ro := readOn.Format(DateLayout); ro > last {
			return nil, fail("read_on", "%s is in the future (today is %s)", ro, last)
		}
		start, ok := SourceDateStart(ft.Source.Date)
		if !ok {
			return nil, fail("source_date", "%q is not a date like 2021-06-30 (or 2021-06 or 2021 when the source gives no day)", truncate(ft.Source.Date, 40))
		}
		ft.Start = start
		switch sd := start; {
		case sd < EarliestDate:
			return nil, fail("source_date", "%s is too early: must be from %s", sd, EarliestDate)
		case sd > last:
			return nil, fail("source_date", "%s is in the future (today is %s)", sd, last)
		case sd > ft.Source.ReadOn:
			return nil, fail("source_date", "%s is after the day it was read (read_on %s)", ft.Source.Date, ft.Source.ReadOn)
		}
		if msg := requiredText(ft.Source.Summary, MaxSummary); msg != "" {
			return nil, fail("summary", "%s", msg)
		}
		if prev, ok := names[ft.Code]; ok && out[prev].Name != ft.Name {
			return nil, fail("name", "%q differs from %q for %s on line %d", truncate(ft.Name, 60), out[prev].Name, ft.Code, out[prev].Line)
		} else if !ok {
			names[ft.Code] = len(out)
		}
		key := ft.Code + "|" + ft.Indicator + "|" + ft.Source.URL
		if prev, dup := seen[key]; dup {
			return nil, fail("source_url", "%s %s from this source is already on line %d (one row per code, indicator and source)", ft.Code, ft.Indicator, prev)
		}
		seen[key] = line
		dayKey := ft.Code + "|" + ft.Indicator + "|" + ft.Source.Date
		if prev, ok := sameDay[dayKey]; ok && out[prev].Value != ft.Value {
			return nil, fail("value", "%d disagrees with %d on line %d: two sources of %s give different values for %s %s; keep the one the sources support",
				ft.Value, out[prev].Value, out[prev].Line, ft.Source.Date, ft.Code, ft.Indicator)
		} else if !ok {
			sameDay[dayKey] = len(out)
		}
		out = append(out, ft)
	}
	return out, nil
}

// requiredText is checkText for a single-line text that must not be empty.
func requiredText(s string, maxLen int) string {
	if strings.TrimSpace(s) == "" {
		return "is required"
	}
	return CheckText(s, maxLen, false)
}

// RecordVersions turns facts into assessment versions: per municipality one
// version for every distinct source date (the first day of its period when a
// source gives only a month or a year), holding for each indicator the value
// of its newest source up to that date, as of that date. A value
// carries every source of that value up to the date (newest first); its
// Evidence and Note are the newest source's URL and summary. Versions come
// ordered by code, then date.
func RecordVersions(facts []Fact) []Assessment {
	byCode := map[string][]Fact{}
	for _, ft := range facts {
		byCode[ft.Code] = append(byCode[ft.Code], ft)
	}
	codes := make([]string, 0, len(byCode))
	for c := range byCode {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	var out []Assessment
	for _, code := range codes {
		fs := byCode[code]
		sort.SliceStable(fs, func(i, j int) bool {
			if fs[i].Start != fs[j].Start {
				return fs[i].Start > fs[j].Start // newest first
			}
			return fs[i].Source.URL < fs[j].Source.URL
		})
		var dates []string
		for _, ft := range fs {
			if len(dates) == 0 || dates[len(dates)-1] != ft.Start {
				dates = append(dates, ft.Start)
			}
		}
		for i := len(dates) - 1; i >= 0; i-- {
			on := dates[i]
			a := Assessment{Code: code, AssessedOn: on, Source: RecordSource, Assessor: RecordAssessor, Basis: BasisPublicRecord, Values: map[string]Value{}}
			for _, ft := range fs { // newest first: the first fact per indicator decides its value
				if ft.Start > on {
					continue
				}
				v, ok := a.Values[ft.Indicator]
				if !ok {
					v = Value{Value: ft.Value, Evidence: ft.Source.URL, Note: ft.Source.Summary}
				} else if v.Value != ft.Value {
					continue // an older source of another value: superseded
				}
				v.Sources = append(v.Sources, ft.Source)
				a.Values[ft.Indicator] = v
			}
			out = append(out, a)
		}
	}
	return out
}
