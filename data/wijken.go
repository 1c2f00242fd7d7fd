package data

import (
	"encoding/csv"
	"fmt"
	"io/fs"
	"strings"
)

// WijkenFile is the name in FS of the CBS districts (wijken) of 2025: one
// row per district, made by scripts/wijken.py from the CBS/Kadaster
// wijk_2025 boundaries (see README.md beside it).
const WijkenFile = "wijken_2025.csv"

// WijkenAttribution is the attribution the CBS licence (CC BY 4.0) asks for.
const WijkenAttribution = "Bron: CBS, Kadaster"

// District is one CBS district (wijk) of a municipality.
type District struct {
	Code             string // CBS district code, e.g. WK051807
	Name             string // the name as CBS writes it: "Wijk 07 Scheveningen"
	SearchName       string // the place name in it: "Scheveningen"; empty for "Wijk 01"
	MunicipalityCode string // GM0518
}

// wijkenHeader is the first line of WijkenFile.
var wijkenHeader = []string{"code", "name", "search_name", "municipality_code"}

// Districts returns the districts from the embedded WijkenFile in file order.
func Districts() ([]District, error) { return ReadDistricts(FS) }

// ReadDistricts reads WijkenFile from fsys.
func ReadDistricts(fsys fs.FS) ([]District, error) {
	rows, err := readTable(fsys, WijkenFile, wijkenHeader)
	if err != nil {
		return nil, err
	}
	out := make([]District, 0, len(rows))
	for _, r := range rows {
		out = append(out, District{Code: r[0], Name: r[1], SearchName: r[2], MunicipalityCode: r[3]})
	}
	return out, nil
}

// readTable reads the CSV file name from fsys and returns its rows after the
// header, which must be header.
func readTable(fsys fs.FS, name string, header []string) ([][]string, error) {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("data: %w", err)
	}
	rows, err := csv.NewReader(strings.NewReader(string(b))).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("data: %s: %w", name, err)
	}
	if len(rows) == 0 || strings.Join(rows[0], ",") != strings.Join(header, ",") {
		return nil, fmt.Errorf("data: %s: header must be %s", name, strings.Join(header, ","))
	}
	return rows[1:], nil
}
