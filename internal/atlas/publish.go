package atlas

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"

	"github.com/paulmach/orb/geojson"

	"github.com/inclusiekaart/inclusiekaart/internal/csvsafe"
)

// Attribution and License go with every output: the CC BY 4.0 licence of the
// CBS/Kadaster boundaries requires naming the source.
const (
	Attribution = "Bron: CBS, Kadaster"
	License     = "CC BY 4.0 (boundaries: CBS, Kadaster via PDOK)"
	// LicenseNL is License on Dutch pages.
	LicenseNL  = "CC BY 4.0 (grenzen: CBS, Kadaster via PDOK)"
	LicenseURL = "https://creativecommons.org/licenses/by/4.0/deed.nl"
)

// LicenseColumn and AttributionColumn are the last two columns of every CSV
// of municipalities: License and Attribution on every row.
const (
	LicenseColumn     = "license"
	AttributionColumn = "attribution"
)

// Municipality is the published record of a municipality: the fields of
// MunicipalityFields, plus, in the JSON list form only, the part scores and
// indicator values (left out of GeoJSON and CSV to keep the layers small).
type Municipality struct {
	Code         string
	Name         string
	ProvinceCode string
	ProvinceName string
	Year         int
	Status
	// SourceStale says the newest source is older than the configured age.
	SourceStale *bool
}

// Status is the published state of a municipality: its scored current
// assessment (all nil when there is none) and whether it is a koploper.
type Status struct {
	Stage                *int
	StageLabel           *string
	Score                *float64
	Completeness         *float64
	InsufficientData     *bool
	AssessedOn           *string
	Koploper             bool
	Demo                 bool
	StakeholdersInvolved *int
	Basis                *string
	SourceDate           *string
	SourceCount          int
	// Parts maps part id to its 0–100 score (null without a value); Values
	// maps indicator id to its recorded value (absent = unknown).
	Parts  map[string]*float64
	Values map[string]int
}

func (*Municipality) isRecord() {}

// Province is the published record of a province.
type Province struct {
	Code string
	Name string
	Year int
}

func (*Province) isRecord() {}

// Properties returns the GeoJSON properties of r under the contract fields.
func Properties(fields []Field, r Record) geojson.Properties {
	p := make(geojson.Properties, len(fields))
	for _, f := range fields {
		p[f.Name] = f.Value(r)
	}
	return p
}

// MarshalJSON writes the list form: the contract fields in table order, then
// parts and values.
func (m Municipality) MarshalJSON() ([]byte, error) {
	return marshalOrdered(MunicipalityFields, &m, func(buf *bytes.Buffer) error {
		parts, values := m.Parts, m.Values
		if parts == nil {
			parts = map[string]*float64{}
		}
		if values == nil {
			values = map[string]int{}
		}
		return appendMembers(buf, "parts", parts, "values", values)
	})
}

// marshalOrdered writes a JSON object with the fields of r in table order,
// then whatever extra appends (each member preceded by a comma).
func marshalOrdered(fields []Field, r Record, extra func(*bytes.Buffer) error) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteByte('{')
	for i, f := range fields {
		if i > 0 {
			buf.WriteByte(',')
		}
		if err := appendMember(&buf, f.Name, f.Value(r)); err != nil {
			return nil, err
		}
	}
	if extra != nil {
		if err := extra(&buf); err != nil {
			return nil, err
		}
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

func appendMember(buf *bytes.Buffer, name string, v any) error {
	k, _ := json.Marshal(name)
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	buf.Write(k)
	buf.WriteByte(':')
	buf.Write(b)
	return nil
}

// appendMembers appends name/value pairs, each after a comma.
func appendMembers(buf *bytes.Buffer, kv ...any) error {
	for i := 0; i+1 < len(kv); i += 2 {
		buf.WriteByte(',')
		if err := appendMember(buf, kv[i].(string), kv[i+1]); err != nil {
			return err
		}
	}
	return nil
}

// WriteCSV writes records as CSV: a header row with the contract fields and the
// licence and attribution columns, then one row per record. Plain UTF-8 without a byte-order
// mark (a BOM would rename the first column for readers that keep it), comma,
// RFC 4180 quoting, numbers with a decimal point, null as an empty cell.
func WriteCSV(w io.Writer, fields []Field, records []Record) error {
	cw := csv.NewWriter(w)
	header := append(FieldNames(fields), LicenseColumn, AttributionColumn)
	if err := cw.Write(header); err != nil {
		return err
	}
	for _, r := range records {
		row := append(fieldCells(fields, r), License, Attribution)
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// fieldCells are the CSV cells of record r's fields.
func fieldCells(fields []Field, r Record) []string {
	row := make([]string, len(fields))
	for i, f := range fields {
		row[i] = text(f.Value(r))
		if f.Type == String { // text only: a number such as -1 stays a number
			row[i] = csvsafe.Cell(row[i])
		}
	}
	return row
}
