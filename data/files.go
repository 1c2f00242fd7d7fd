package data

import (
	"encoding/json"
	"fmt"
	"io/fs"
)

// Koploper is one of the 25 leading municipalities of April 2018, mapped to
// its 2025 CBS code and name.
type Koploper struct {
	Name2018 string `json:"name_2018"`
	Code     string `json:"code"`
	Name     string `json:"name"`
	Code2018 string `json:"code_2018,omitempty"` // set when the code changed by a merger
	Note     string `json:"note,omitempty"`
}

// Merge maps a municipality code that no longer exists to its successor,
// effective 1 January of Year.
type Merge struct {
	OldCode string `json:"old_code"`
	OldName string `json:"old_name"`
	NewCode string `json:"new_code"`
	NewName string `json:"new_name"`
	Year    int    `json:"year"`
}

// Split is a municipality that was divided over several municipalities on
// 1 January of Year (Haaren in 2021): no one code took over its area, so it
// is not a Merge.
type Split struct {
	OldCode string      `json:"old_code"`
	OldName string      `json:"old_name"`
	Year    int         `json:"year"`
	Parts   []SplitPart `json:"parts"`
}

// SplitPart is a municipality that took part of a split one.
type SplitPart struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	Places string `json:"places"` // which villages, in English, for the record
}

// Koplopers returns the koplopers from the embedded koplopers.json in file order.
func Koplopers() ([]Koploper, error) { return ReadKoplopers(FS) }

// ReadKoplopers reads koplopers.json from fsys.
func ReadKoplopers(fsys fs.FS) ([]Koploper, error) {
	var doc struct {
		Koplopers []Koploper `json:"koplopers"`
	}
	if err := readJSON(fsys, "koplopers.json", &doc); err != nil {
		return nil, err
	}
	return doc.Koplopers, nil
}

// Merges returns the crosswalk from the embedded merges.json in file order.
func Merges() ([]Merge, error) { return ReadMerges(FS) }

// ReadMerges reads the merges of merges.json from fsys.
func ReadMerges(fsys fs.FS) ([]Merge, error) {
	doc, err := readMergesFile(fsys)
	return doc.Merges, err
}

// Splits returns the split municipalities of the embedded merges.json in file order.
func Splits() ([]Split, error) {
	doc, err := readMergesFile(FS)
	return doc.Splits, err
}

// mergesFile is merges.json: the mergers and the divided municipalities.
type mergesFile struct {
	Merges []Merge `json:"merges"`
	Splits []Split `json:"splits"`
}

func readMergesFile(fsys fs.FS) (mergesFile, error) {
	var doc mergesFile
	err := readJSON(fsys, "merges.json", &doc)
	return doc, err
}

func readJSON(fsys fs.FS, name string, v any) error {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return fmt.Errorf("data: %w", err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("data: %s: %w", name, err)
	}
	return nil
}

// Alias is another name people use for a municipality.
type Alias struct {
	Name string `json:"name"`
	Code string `json:"code"`
}

// Aliases returns the aliases from the embedded aliases.json in file order.
func Aliases() ([]Alias, error) {
	var doc struct {
		Aliases []Alias `json:"aliases"`
	}
	if err := readJSON(FS, "aliases.json", &doc); err != nil {
		return nil, err
	}
	return doc.Aliases, nil
}
