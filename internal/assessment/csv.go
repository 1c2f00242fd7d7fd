package assessment

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/inclusiekaart/inclusiekaart/internal/csvsafe"
	"github.com/inclusiekaart/inclusiekaart/internal/scoring"
)

// Fixed CSV columns, in the order WriteCSV writes them. code, assessed_on
// and source are required in an import; assessor may be left out.
var fixedColumns = []string{"code", "assessed_on", "source", "assessor"}

const (
	suffixEvidence = ".evidence"
	suffixNote     = ".note"
)

// noticeColumns follow the indicators in a published assessment CSV
// (WritePublishedCSV): for readers of the download, ignored on import (the
// importer decides basis and demo, never the file).
var noticeColumns = []string{"demo", "basis", "license", "attribution"}

// Notice is the licence and attribution every published CSV row carries.
type Notice struct{ License, Attribution string }

// Header returns the full CSV header that WriteCSV writes: the fixed columns,
// then every indicator in framework order, each followed by its .evidence
// and .note columns.
func Header(f *scoring.Framework) []string {
	h := append([]string(nil), fixedColumns...)
	for _, in := range f.Indicators() {
		h = append(h, in.ID, in.ID+suffixEvidence, in.ID+suffixNote)
	}
	return h
}

// column says what a CSV column holds.
type column struct {
	name string
	id   string // indicator id; "" for a fixed column
	sub  string // "value", "evidence" or "note" for indicator columns
}

// ReadCSV reads an assessment CSV (UTF-8, optional BOM, a header row, then
// one row per municipality and date; an empty cell means no value). It is
// all or nothing: the first problem is returned as a *FieldError naming the
// line and the column, and no assessments are returned with it. Columns may
// come in any order; WriteCSV writes the canonical order. A code may be
// lower-case ("gm0363"); it is returned upper-cased.
func ReadCSV(r io.Reader, f *scoring.Framework, today time.Time) ([]Assessment, error) {
	as, _, err := ReadCSVLines(r, f, today)
	return as, err
}

// ReadCSVLines is ReadCSV that also returns the line each assessment starts on,
// so that later checks (unknown or merged codes) can name it.
func ReadCSVLines(r io.Reader, f *scoring.Framework, today time.Time) ([]Assessment, []int, error) {
	cr, err := NewCSVReader(r, f, today)
	if err != nil {
		return nil, nil, err
	}
	var out []Assessment
	var lines []int
	for {
		a, line, err := cr.Next()
		if err == io.EOF {
			return out, lines, nil
		}
		if err != nil {
			return nil, nil, err
		}
		out = append(out, a)
		lines = append(lines, line)
	}
}

// CSVReader reads an assessment CSV one row at a time, so that an import
// holds one row in memory, not the file: ReadCSV is a loop over it. It
// checks what ReadCSV checks, including one row per municipality and date
// (that set is 24 bytes a row, the only thing that grows with the file).
type CSVReader struct {
	cr    *csv.Reader
	cols  []column
	f     *scoring.Framework
	today time.Time
	seen  map[rowKey]int32 // code and date -> line, for duplicates
}

// rowKey is a validated code and date ("GM0363", "2026-10-01").
type rowKey struct {
	code [6]byte
	date [10]byte
}

// NewCSVReader reads and checks the header row of an assessment CSV.
func NewCSVReader(r io.Reader, f *scoring.Framework, today time.Time) (*CSVReader, error) {
	cr := newCSVReader(r)
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err == io.EOF {
		return nil, &FieldError{Line: 1, Message: "empty file: a header row is required"}
	}
	if err != nil {
		return nil, csvErr(err, header, 0)
	}
	cols, err := parseHeader(header, f)
	if err != nil {
		return nil, err
	}
	return &CSVReader{cr: cr, cols: cols, f: f, today: today, seen: map[rowKey]int32{}}, nil
}

// Next returns the next row's assessment and the line it starts on, or
// io.EOF after the last row. A problem is a *FieldError naming the line
// and the column.
func (c *CSVReader) Next() (Assessment, int, error) {
	rec, err := c.cr.Read()
	if err == io.EOF {
		return Assessment{}, 0, io.EOF
	}
	if err != nil {
		return Assessment{}, 0, csvErr(err, rec, len(c.cols))
	}
	line, _ := c.cr.FieldPos(0)
	a, err := parseRow(c.cr, rec, c.cols, c.f, c.today)
	if err != nil {
		return Assessment{}, 0, err
	}
	var key rowKey
	copy(key.code[:], a.Code)
	copy(key.date[:], a.AssessedOn)
	if prev, dup := c.seen[key]; dup {
		return Assessment{}, 0, &FieldError{Line: line, Field: "code", Message: fmt.Sprintf("%s on %s already on line %d (one row per municipality and date)", a.Code, a.AssessedOn, prev)}
	}
	c.seen[key] = int32(line)
	return a, line, nil
}

// newCSVReader reads UTF-8 CSV with an optional byte-order mark. The format
// is comma-separated; a spreadsheet set to Dutch saves with semicolons (or
// tabs), which is accepted when the header has no comma.
func newCSVReader(r io.Reader) *csv.Reader {
	br := bufio.NewReader(r)
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte("\xEF\xBB\xBF")) {
		_, _ = br.Discard(3)
	}
	cr := csv.NewReader(br)
	if first, _ := br.Peek(4096); len(first) > 0 {
		head, _, _ := bytes.Cut(first, []byte("\n"))
		if !bytes.ContainsRune(head, ',') {
			switch {
			case bytes.ContainsRune(head, ';'):
				cr.Comma = ';'
			case bytes.ContainsRune(head, '\t'):
				cr.Comma = '\t'
			}
		}
	}
	return cr
}

func parseHeader(header []string, f *scoring.Framework) ([]column, error) {
	cols := make([]column, len(header))
	have := map[string]bool{}
	fixed := map[string]bool{}
	for _, c := range fixedColumns {
		fixed[c] = true
	}
	for i, name := range header {
		name = strings.TrimSpace(name) // " code" from a hand-edited header is still the code column
		herr := func(msg string) error { return &FieldError{Line: 1, Field: name, Message: msg} }
		if have[name] {
			return nil, herr("duplicate column")
		}
		have[name] = true
		switch {
		case fixed[name], slices.Contains(noticeColumns, name):
			cols[i] = column{name: name}
		case isIndicator(f, name):
			cols[i] = column{name: name, id: name, sub: "value"}
		case strings.HasSuffix(name, suffixEvidence) && isIndicator(f, strings.TrimSuffix(name, suffixEvidence)):
			cols[i] = column{name: name, id: strings.TrimSuffix(name, suffixEvidence), sub: "evidence"}
		case strings.HasSuffix(name, suffixNote) && isIndicator(f, strings.TrimSuffix(name, suffixNote)):
			cols[i] = column{name: name, id: strings.TrimSuffix(name, suffixNote), sub: "note"}
		default:
			if name == "" {
				return nil, &FieldError{Line: 1, Field: fmt.Sprintf("%d", i+1), Message: "empty column name"}
			}
			return nil, herr("unknown column")
		}
	}
	for _, c := range cols {
		if c.sub != "" && c.sub != "value" && !have[c.id] {
			return nil, &FieldError{Line: 1, Field: c.name, Message: fmt.Sprintf("column without its indicator column %s", c.id)}
		}
	}
	for _, req := range []string{"code", "assessed_on", "source"} {
		if !have[req] {
			return nil, &FieldError{Line: 1, Field: req, Message: "missing required column"}
		}
	}
	return cols, nil
}

func isIndicator(f *scoring.Framework, id string) bool {
	_, ok := f.Indicator(id)
	return ok
}

func parseRow(cr *csv.Reader, rec []string, cols []column, f *scoring.Framework, today time.Time) (Assessment, error) {
	a := Assessment{Values: map[string]Value{}}
	lineOf := func(i int) int {
		l, _ := cr.FieldPos(i)
		return l
	}
	lineOfCol := map[string]int{}
	extra := map[string]Value{} // evidence/note per indicator id
	for i, c := range cols {
		cell := rec[i]
		lineOfCol[c.name] = lineOf(i)
		switch {
		case c.id == "":
			switch c.name {
			case "code":
				a.Code = normalizeCode(cell)
			case "assessed_on":
				a.AssessedOn = cell
			case "source":
				a.Source = cell
			case "assessor":
				a.Assessor = cell
			}
		case cell == "":
			// Empty cell: no value.
		case c.sub == "value":
			n, err := strconv.Atoi(cell)
			if err != nil {
				return a, &FieldError{Line: lineOf(i), Field: c.name, Message: fmt.Sprintf("%q is not an integer", truncate(cell, 40))}
			}
			v := a.Values[c.id]
			v.Value = n
			a.Values[c.id] = v
		default:
			v := extra[c.id]
			if c.sub == "evidence" {
				v.Evidence = cell
			} else {
				v.Note = cell
			}
			extra[c.id] = v
		}
	}
	for i, c := range cols {
		if c.sub != "" && c.sub != "value" && rec[i] != "" {
			if _, ok := a.Values[c.id]; !ok {
				return a, &FieldError{Line: lineOf(i), Field: c.name, Message: fmt.Sprintf("%s given without a value for %s", c.sub, c.id)}
			}
		}
	}
	for id, e := range extra {
		v := a.Values[id]
		v.Evidence, v.Note = e.Evidence, e.Note
		a.Values[id] = v
	}
	if a.Code == "" {
		return a, &FieldError{Line: lineOfCol["code"], Field: "code", Message: "is required"}
	}
	if err := a.validate(f, today, csvField); err != nil {
		var fe *FieldError
		if errors.As(err, &fe) {
			fe.Line = lineOfCol[fe.Field]
			if fe.Line == 0 {
				fe.Line = lineOf(0)
			}
		}
		return a, err
	}
	return a, nil
}

// csvErr explains a read error of encoding/csv in words for the person who
// made the file: got is the row read with it (a row of the wrong length
// comes with the error) and want the number of columns of the header (0
// while reading the header).
func csvErr(err error, got []string, want int) error {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return &FieldError{Message: "reading CSV: " + err.Error()}
	}
	msg := pe.Err.Error()
	switch {
	case errors.Is(pe.Err, csv.ErrFieldCount) && want > 0:
		msg = fmt.Sprintf("%d fields where the header has %d columns (a separator missing or too many, or a value with a separator in it that is not in quotes)", len(got), want)
	case errors.Is(pe.Err, csv.ErrQuote):
		msg = fmt.Sprintf(`a quoted value is not closed, or has a quote (") in it that is not doubled (""), at character %d of line %d`, pe.Column, pe.Line)
	case errors.Is(pe.Err, csv.ErrBareQuote):
		msg = fmt.Sprintf(`a quote (") in a value that does not start with one, at character %d of line %d: put the value in quotes and double the quote ("")`, pe.Column, pe.Line)
	}
	return &FieldError{Line: pe.StartLine, Message: msg}
}

// WriteCSV writes as with the full header (see Header), one row per
// assessment in the given order. What it writes, ReadCSV reads back to the
// same assessments (except Demo, which the CSV format does not carry), and
// writing those again gives the same bytes. Every assessment needs a valid
// code.
func WriteCSV(w io.Writer, f *scoring.Framework, as []Assessment) error {
	return writeCSV(w, f, as, nil)
}

// WritePublishedCSV is WriteCSV with four more columns after the
// indicators: demo, basis, license and attribution (from n). ReadCSV reads
// it back to the same assessments.
func WritePublishedCSV(w io.Writer, f *scoring.Framework, as []Assessment, n Notice) error {
	return writeCSV(w, f, as, &n)
}

func writeCSV(w io.Writer, f *scoring.Framework, as []Assessment, n *Notice) error {
	cw := csv.NewWriter(w)
	header := Header(f)
	if n != nil {
		header = append(header, noticeColumns...)
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	ins := f.Indicators()
	row := make([]string, len(header))
	for i, a := range as {
		if !ValidCode(a.Code) {
			return fmt.Errorf("assessment %d: code %q is not a municipality code", i+1, a.Code)
		}
		row = row[:0]
		// Free text goes through csvsafe.Cell (formula injection); codes, dates
		// and values are validated and written as they are.
		row = append(row, a.Code, a.AssessedOn, csvsafe.Cell(a.Source), csvsafe.Cell(a.Assessor))
		for _, in := range ins {
			v, ok := a.Values[in.ID]
			if !ok {
				row = append(row, "", "", "")
				continue
			}
			row = append(row, strconv.Itoa(v.Value), csvsafe.Cell(v.Evidence), csvsafe.Cell(v.Note))
		}
		if n != nil {
			row = append(row, strconv.FormatBool(a.Demo), a.BasisOrDefault(), csvsafe.Cell(n.License), csvsafe.Cell(n.Attribution))
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
