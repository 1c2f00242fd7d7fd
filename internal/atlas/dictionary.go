package atlas

import (
	"fmt"
	"strings"
)

//go:generate go run ./gendict ../../docs/data-dictionary.md

// DictionaryBegin and DictionaryEnd mark the generated part of
// docs/data-dictionary.md; `go generate ./internal/atlas` rewrites what lies
// between them from the contract table.
const (
	DictionaryBegin = "<!-- BEGIN municipality fields: generated from internal/atlas/contract.go by go generate; do not edit -->"
	DictionaryEnd   = "<!-- END municipality fields -->"
)

// Dictionary is the Markdown table of fields (one row each, in output order)
// followed by the CSV-only attribution column.
func Dictionary(fields []Field) string {
	var b strings.Builder
	b.WriteString("| Field | Type | Meaning | Unit / values | Null / empty means | Source |\n")
	b.WriteString("|---|---|---|---|---|---|\n")
	for _, f := range fields {
		typ := string(f.Type)
		if f.Format == "date" {
			typ = "date"
		}
		null := f.NullMeans
		if !f.Nullable && null == "" {
			null = "never null"
		}
		meaning := f.Description
		if f.Filter != NoFilter {
			meaning += fmt.Sprintf(" (filter: `?%s=`)", f.Name)
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s | %s |\n", f.Name, typ, cell(meaning), cell(f.Unit), cell(null), cell(f.Origin))
	}
	fmt.Fprintf(&b, "| `%s` (CSV only) | string | required attribution | %q | never empty | — |\n", AttributionColumn, Attribution)
	return b.String()
}

// cell escapes a table cell's pipes.
func cell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

// ReplaceDictionary returns doc with the part between the markers replaced
// by the dictionary of fields; false when the markers are missing.
func ReplaceDictionary(doc string, fields []Field) (string, bool) {
	i := strings.Index(doc, DictionaryBegin)
	j := strings.Index(doc, DictionaryEnd)
	if i < 0 || j < i {
		return doc, false
	}
	return doc[:i+len(DictionaryBegin)] + "\n" + Dictionary(fields) + doc[j:], true
}
