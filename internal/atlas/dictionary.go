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
// followed by the CSV-only columns: indicator values, part scores, licence
// and attribution.
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
	b.WriteString("| `<indicator id>` (CSV only) | integer | the recorded value of each framework indicator that is not a field above, one column each in framework order: `route.1` … `route.11`, `domain.*`, `lived_experience`, `stakeholder.*` | a level of the indicator's scale | unknown (never zero) | assessment |\n")
	b.WriteString("| `<indicator id>.evidence` (CSV of one municipality only) | string | the evidence URL of the value, right after the value's column (for `stage`, a field above, only `stage.evidence`) | URL | no evidence given | assessment |\n")
	b.WriteString("| `part.<part id>` (CSV only) | number | the 0–100 score of each part of the framework: `part.stage`, `part.route`, `part.domains`, `part.lived_experience`, `part.stakeholders` | 0–100 | the part has no value | computed |\n")
	fmt.Fprintf(&b, "| `%s` (CSV only) | string | licence of the data | %q | never empty | — |\n", LicenseColumn, License)
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
