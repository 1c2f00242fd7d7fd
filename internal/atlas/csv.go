package atlas

import (
	"bytes"
	"context"
	"encoding/csv"
	"strconv"

	"github.com/inclusiekaart/inclusiekaart/internal/csvsafe"
)

// The CSVs of municipalities (the list, /api/municipalities.csv, and one
// municipality, /api/municipalities/{code}.csv) share one set of columns, in
// the standard dialect (csvdialect converts for Excel-NL):
//
//	the contract fields (MunicipalityFields, with demo and basis),
//	every indicator of the framework that is not a field already (stage is),
//	  and for one municipality its "<id>.evidence" after it,
//	"part.<id>": the 0–100 score of each part of the framework,
//	license, attribution.
//
// No name occurs twice: TestMunicipalityCSVsHaveNoDuplicateColumns.

// csvColumns lists the extra columns after the contract fields: indicator
// ids (with evidence columns when evidence) and part scores.
func (s *Service) csvColumns(evidence bool) (indicators []string, header []string) {
	fields := map[string]bool{}
	header = FieldNames(MunicipalityFields)
	for _, n := range header {
		fields[n] = true
	}
	for _, in := range s.fw.Indicators() {
		if !fields[in.ID] {
			header = append(header, in.ID)
		}
		if evidence {
			header = append(header, in.ID+".evidence")
		}
		indicators = append(indicators, in.ID)
	}
	for _, p := range s.fw.PartList() {
		header = append(header, "part."+p.ID)
	}
	return indicators, append(header, LicenseColumn, AttributionColumn)
}

// csvRow is m's row; evidence (indicator id -> URL) is nil for the list.
func (s *Service) csvRow(m *Municipality, indicators []string, evidence map[string]string) []string {
	row := fieldCells(MunicipalityFields, m)
	fields := map[string]bool{}
	for _, f := range MunicipalityFields {
		fields[f.Name] = true
	}
	for _, id := range indicators {
		if !fields[id] {
			cell := ""
			if v, ok := m.Values[id]; ok {
				cell = strconv.Itoa(v)
			}
			row = append(row, cell)
		}
		if evidence != nil {
			row = append(row, csvsafe.Cell(evidence[id]))
		}
	}
	for _, p := range s.fw.PartList() {
		row = append(row, text(m.Parts[p.ID]))
	}
	return append(row, License, Attribution)
}

func writeRows(header []string, rows [][]string) ([]byte, error) {
	var buf bytes.Buffer
	cw := csv.NewWriter(&buf)
	if err := cw.Write(header); err != nil {
		return nil, err
	}
	if err := cw.WriteAll(rows); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// MunicipalitiesCSV is the body of /api/municipalities.csv and of
// `inclusiekaart export csv`: one row per municipality.
func (s *Service) MunicipalitiesCSV(ms []Municipality) ([]byte, error) {
	indicators, header := s.csvColumns(false)
	rows := make([][]string, len(ms))
	for i := range ms {
		rows[i] = s.csvRow(&ms[i], indicators, nil)
	}
	return writeRows(header, rows)
}

// DetailCSV is the body of /api/municipalities/{code}.csv: the one row of
// the list with the evidence of every indicator.
func (s *Service) DetailCSV(ctx context.Context, year int, code string) ([]byte, string, error) {
	d, err := s.Detail(ctx, year, code)
	if err != nil {
		return nil, "", err
	}
	evidence := map[string]string{}
	for _, in := range d.Indicators {
		evidence[in.ID] = in.Evidence
	}
	indicators, header := s.csvColumns(true)
	body, err := writeRows(header, [][]string{s.csvRow(&d.Municipality, indicators, evidence)})
	return body, d.Code, err
}
