// Package csvdialect holds the two CSV dialects of every CSV download. Every
// writer of the service writes the standard dialect (UTF-8 without a
// byte-order mark, comma, a header row, numbers with a decimal point);
// Convert turns that into the Excel-NL dialect (byte-order mark, semicolon,
// decimal comma, CRLF) that Excel with Dutch regional settings opens in
// columns. One conversion for every route, so the two never drift apart.
package csvdialect

import (
	"bytes"
	"encoding/csv"
	"regexp"
	"strings"
)

// Dialect is a way of writing CSV.
type Dialect struct {
	// Name is the value of the dialect parameter ("" is never a name).
	Name string
	// Comma separates the cells.
	Comma rune
	// BOM starts the file with the UTF-8 byte-order mark.
	BOM bool
	// DecimalComma writes 2.5 as 2,5.
	DecimalComma bool
	// CRLF ends each line with a carriage return and a line feed.
	CRLF bool
}

var (
	// Standard is the dialect of every CSV by default.
	Standard = Dialect{Name: "standard", Comma: ','}
	// ExcelNL is for Excel with Dutch regional settings (?dialect=excel-nl).
	ExcelNL = Dialect{Name: "excel-nl", Comma: ';', BOM: true, DecimalComma: true, CRLF: true}
)

// All lists the dialects, the default first.
var All = []Dialect{Standard, ExcelNL}

// Names lists the dialect names for messages: "standard, excel-nl".
func Names() string {
	names := make([]string, len(All))
	for i, d := range All {
		names[i] = d.Name
	}
	return strings.Join(names, ", ")
}

// Lookup returns the dialect called name.
func Lookup(name string) (Dialect, bool) {
	for _, d := range All {
		if d.Name == name {
			return d, true
		}
	}
	return Dialect{}, false
}

// decimal is a cell that is a number with a fractional part, as the
// standard dialect writes it (text cells that could run as a formula start
// with an apostrophe, see csvsafe, so never look like this).
var decimal = regexp.MustCompile(`^-?[0-9]+\.[0-9]+$`)

// Convert rewrites body, a CSV in the standard dialect, in dialect d. Cells
// keep their text except numbers, which get a decimal comma when d asks for
// one; quoting follows d's separator.
func (d Dialect) Convert(body []byte) ([]byte, error) {
	if d == Standard {
		return body, nil
	}
	r := csv.NewReader(bytes.NewReader(body))
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if d.BOM {
		buf.WriteString("\ufeff")
	}
	w := csv.NewWriter(&buf)
	w.Comma = d.Comma
	w.UseCRLF = d.CRLF
	for i, row := range rows {
		if d.DecimalComma && i > 0 { // the header holds names, never numbers
			for j, cell := range row {
				if decimal.MatchString(cell) {
					row[j] = strings.Replace(cell, ".", ",", 1)
				}
			}
		}
		if err := w.Write(row); err != nil {
			return nil, err
		}
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}
