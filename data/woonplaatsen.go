package data

import (
	"fmt"
	"io/fs"
	"regexp"
	"strings"

	"github.com/inclusiekaart/inclusiekaart/internal/cbs"
)

// WoonplaatsenFile is the name in FS of the woonplaatsen (the places of the
// BAG, the official names used in addresses) with the municipality each lies
// in: one row per woonplaats, made by scripts/woonplaatsen.py from the CBS
// table "Woonplaatsen in Nederland" (see README.md beside it).
const WoonplaatsenFile = "woonplaatsen_2024.csv"

// Woonplaats is one woonplaats and the municipality it lies in.
type Woonplaats struct {
	Code             string // BAG woonplaatscode, four digits: "2572"
	Name             string // as CBS writes it: "Kudelstaart"
	MunicipalityCode string // GM0358
}

// woonplaatsenHeader is the first line of WoonplaatsenFile.
var woonplaatsenHeader = []string{"code", "name", "municipality_code"}

// woonplaatsCode is the form of a BAG woonplaatscode: four digits.
var woonplaatsCode = regexp.MustCompile(`^\d{4}$`)

// Woonplaatsen returns the woonplaatsen from the embedded WoonplaatsenFile in
// file order.
func Woonplaatsen() ([]Woonplaats, error) { return ReadWoonplaatsen(FS) }

// ReadWoonplaatsen reads WoonplaatsenFile from fsys. A row with another
// number of fields, a code that is not four digits or occurs twice, an empty
// name or a municipality code that is not GM and four digits is an error
// naming the line: the search must not offer half a list.
func ReadWoonplaatsen(fsys fs.FS) ([]Woonplaats, error) {
	rows, err := readTable(fsys, WoonplaatsenFile, woonplaatsenHeader)
	if err != nil {
		return nil, err
	}
	out := make([]Woonplaats, 0, len(rows))
	seen := map[string]bool{}
	for i, r := range rows {
		w := Woonplaats{Code: r[0], Name: r[1], MunicipalityCode: r[2]}
		switch {
		case !woonplaatsCode.MatchString(w.Code) || seen[w.Code]:
			return nil, fmt.Errorf("data: %s line %d: code %q is not four digits or occurs twice", WoonplaatsenFile, i+2, w.Code)
		case w.Name == "" || strings.TrimSpace(w.Name) != w.Name:
			return nil, fmt.Errorf("data: %s line %d: name %q", WoonplaatsenFile, i+2, w.Name)
		case !cbs.IsMunicipalityCode(w.MunicipalityCode):
			return nil, fmt.Errorf("data: %s line %d: municipality_code %q is not GM and four digits", WoonplaatsenFile, i+2, w.MunicipalityCode)
		}
		seen[w.Code] = true
		out = append(out, w)
	}
	return out, nil
}
