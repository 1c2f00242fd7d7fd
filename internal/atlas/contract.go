package atlas

import (
	"strconv"

	"github.com/inclusiekaart/inclusiekaart/internal/cbs"
)

// Type is the JSON Schema type of a published field.
type Type string

// The field types.
const (
	String  Type = "string"
	Integer Type = "integer"
	Number  Type = "number"
	Boolean Type = "boolean"
)

// FilterKind says whether and how a field can be filtered on: as a query
// parameter named after the field (?stage=4,5) on the list, GeoJSON and CSV of
// the JSON API and on the OGC items.
type FilterKind int

// The filter kinds. NoFilter fields are published but not filterable.
const (
	NoFilter         FilterKind = iota
	MunicipalityCode            // GM0363, comma-separated list
	ProvinceCode                // PV27, comma-separated list
	StageValue                  // 1..6 or null, comma-separated list
	BoolValue                   // true | false
	NullableBool                // true | false | null
	ExactText                   // one exact text (names may hold commas)
)

// Field is one published field of a feature: its name in JSON, GeoJSON, CSV and
// OGC, its type, what it means and how to read it. The tables MunicipalityFields
// and ProvinceFields are the single source of the published contract: the
// GeoJSON properties, the CSV columns, the OGC collection schema, queryables and
// property filters, the OpenAPI document and docs/data-dictionary.md are all
// produced from them.
type Field struct {
	Name     string
	Type     Type
	Format   string // JSON Schema format, e.g. "date"
	Nullable bool
	// Description (English) and DescriptionNL (Dutch, for the HTML pages).
	Description   string
	DescriptionNL string
	// Unit is the unit or the values the field takes ("1–6", "0–100").
	Unit string
	// NullMeans says what null (an empty CSV cell) means; empty for
	// fields that are never null.
	NullMeans string
	// Origin names where the value comes from (CBS, assessment, computed…).
	Origin string
	// Pattern is a regular expression every non-null value matches (JSON Schema).
	Pattern string
	// Minimum and Maximum bound numeric values when set.
	Minimum, Maximum *float64
	// Enum lists the allowed values of a text field, when closed.
	Enum   []string
	Filter FilterKind
	// Temporal marks the field the OGC datetime parameter filters on (a date).
	Temporal bool
	// Value reads the field from a feature's record.
	Value func(r Record) any
}

// Record is a feature's record a contract table reads values from: a
// *Municipality or a *Province.
type Record interface{ isRecord() }

func num(v float64) *float64 { return &v }

// MunicipalityFields is the published contract of a municipality, in output order.
var MunicipalityFields = []Field{
	{Name: "code", Value: mv(func(m *Municipality) any { return m.Code }), Type: String, Pattern: cbs.MunicipalityPattern, Filter: MunicipalityCode, Origin: "CBS",
		Description: "CBS municipality code, e.g. GM0363; also the GeoJSON/OGC feature id", DescriptionNL: "CBS-gemeentecode, bijvoorbeeld GM0363",
		Unit: "`GM` + 4 digits"},
	{Name: "name", Value: mv(func(m *Municipality) any { return m.Name }), Type: String, Filter: ExactText, Origin: "CBS",
		Description: "municipality name (CBS)", DescriptionNL: "naam van de gemeente (CBS)", Unit: "UTF-8 text"},
	{Name: "province_code", Value: mv(func(m *Municipality) any { return m.ProvinceCode }), Type: String, Pattern: cbs.ProvincePattern, Filter: ProvinceCode, Origin: "CBS, computed",
		Description: "CBS code of the province it lies in (point in polygon), e.g. PV27", DescriptionNL: "CBS-provinciecode, bijvoorbeeld PV27",
		Unit: "`PV` + 2 digits", NullMeans: "empty when no provinces are imported"},
	{Name: "province_name", Value: mv(func(m *Municipality) any { return m.ProvinceName }), Type: String, Origin: "CBS",
		Description: "province name", DescriptionNL: "naam van de provincie", Unit: "text", NullMeans: "empty as above"},
	{Name: "year", Value: mv(func(m *Municipality) any { return m.Year }), Type: Integer, Origin: "import",
		Description: "boundary year of the geometry and code", DescriptionNL: "grensjaar", Unit: "e.g. 2025"},
	{Name: "stage", Value: mv(func(m *Municipality) any { return m.Stage }), Type: Integer, Nullable: true, Filter: StageValue, Minimum: num(1), Maximum: num(6), Origin: "assessment",
		Description:   "stage of the local inclusion agenda: 1 not started, 2 exploring, 3 LIA being developed, 4 LIA adopted, 5 being carried out, 6 monitored and adjusted; null = unknown",
		DescriptionNL: "fase van de lokale inclusieagenda, 1-6; leeg = onbekend", Unit: "1–6", NullMeans: "unknown (never 0)"},
	{Name: "stage_label", Value: mv(func(m *Municipality) any { return m.StageLabel }), Type: String, Nullable: true, Origin: "framework",
		Description: "Dutch label of the stage", DescriptionNL: "naam van de fase", Unit: "text", NullMeans: "unknown"},
	{Name: "score", Value: mv(func(m *Municipality) any { return m.Score }), Type: Number, Nullable: true, Minimum: num(0), Maximum: num(100), Origin: "computed",
		Description: "composite score from the weighted parts (docs/methodology.md), 0-100; null = not assessed", DescriptionNL: "samengestelde score 0-100; leeg = niet beoordeeld",
		Unit: "0–100", NullMeans: "not assessed, or too little data to score"},
	{Name: "completeness", Value: mv(func(m *Municipality) any { return m.Completeness }), Type: Number, Nullable: true, Minimum: num(0), Maximum: num(1), Origin: "computed",
		Description: "share of indicators with a value, 0-1; null = not assessed", DescriptionNL: "aandeel indicatoren met een waarde, 0-1; leeg = niet beoordeeld",
		Unit: "0–1", NullMeans: "not assessed"},
	{Name: "insufficient_data", Value: mv(func(m *Municipality) any { return m.InsufficientData }), Type: Boolean, Nullable: true, Filter: NullableBool, Origin: "computed",
		Description: "completeness below the threshold: the map shows \"insufficient data\"; null = not assessed", DescriptionNL: "volledigheid onder de drempel; leeg = niet beoordeeld",
		Unit: "true/false", NullMeans: "not assessed"},
	{Name: "assessed_on", Value: mv(func(m *Municipality) any { return m.AssessedOn }), Type: String, Format: "date", Nullable: true, Temporal: true, Origin: "assessment",
		Description: "date of the current assessment", DescriptionNL: "datum van de huidige beoordeling", Unit: "`YYYY-MM-DD`", NullMeans: "not assessed"},
	{Name: "koploper", Value: mv(func(m *Municipality) any { return m.Koploper }), Type: Boolean, Filter: BoolValue, Origin: "data/koplopers.json",
		Description: "one of the 2018 koploper (front-runner) municipalities", DescriptionNL: "een van de koplopergemeenten van 2018", Unit: "true/false"},
	{Name: "demo", Value: mv(func(m *Municipality) any { return m.Demo }), Type: Boolean, Filter: BoolValue, Origin: "server",
		Description: "true when the assessment is generated demo data, not real", DescriptionNL: "ja als de beoordeling gegenereerde demogegevens zijn, geen echte beoordeling", Unit: "true/false"},
	{Name: "stakeholders_involved", Value: mv(func(m *Municipality) any { return m.StakeholdersInvolved }), Type: Integer, Nullable: true, Minimum: num(0), Origin: "assessment",
		Description: "number of stakeholder groups recorded as involved", DescriptionNL: "aantal groepen belanghebbenden dat als betrokken is vastgelegd",
		Unit: "count", NullMeans: "not assessed"},
	{Name: "basis", Value: mv(func(m *Municipality) any { return m.Basis }), Type: String, Nullable: true, Filter: ExactText, Origin: "assessment", Enum: []string{"public_record", "self_assessment", "network_review", "demo"},
		Description:   "where the current assessment comes from: public_record (cited desk research), self_assessment, network_review or demo; null = none",
		DescriptionNL: "herkomst van de huidige beoordeling: public_record (openbare bron), self_assessment (zelfevaluatie), network_review (netwerkbeoordeling) of demo; leeg = geen",
		Unit:          "`public_record`, `self_assessment`, `network_review`, `demo`", NullMeans: "no assessment: no public source found and nothing supplied"},
	{Name: "source_date", Value: mv(func(m *Municipality) any { return m.SourceDate }), Type: String, Nullable: true, Origin: "public record / assessment", Pattern: `^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$`,
		Description:   "ISO 8601 date of the newest source of the published values (the assessment date for evidence links without a dated source): YYYY-MM-DD, or YYYY-MM / YYYY when the source gives no day; null = no source",
		DescriptionNL: "datum (ISO 8601) van de nieuwste bron van de gepubliceerde waarden (JJJJ-MM-DD, of JJJJ-MM / JJJJ als de bron geen dag noemt); leeg = geen bron",
		Unit:          "`YYYY-MM-DD`, or `YYYY-MM` / `YYYY` when the source gives no day (ISO 8601)", NullMeans: "no source"},
	{Name: "source_count", Value: mv(func(m *Municipality) any { return m.SourceCount }), Type: Integer, Minimum: num(0), Origin: "public record / assessment",
		Description: "number of distinct sources (URLs) of the published values (0 = no source found)", DescriptionNL: "aantal verschillende bronnen van de gepubliceerde waarden (0 = geen bron gevonden)",
		Unit: "count; 0 = no source found"},
	{Name: "source_stale", Value: mv(func(m *Municipality) any { return m.SourceStale }), Type: Boolean, Nullable: true, Origin: "computed",
		Description:   "true when the newest source is older than the configured age (serve --stale-after-months, default 24): possibly out of date",
		DescriptionNL: "ja als de nieuwste bron ouder is dan de ingestelde leeftijd (standaard 2 jaar): mogelijk verouderd",
		Unit:          "true/false", NullMeans: "no source"},
}

// ProvinceFields is the published contract of a province.
var ProvinceFields = []Field{
	{Name: "code", Value: pv(func(p *Province) any { return p.Code }), Type: String, Pattern: cbs.ProvincePattern, Filter: ProvinceCode, Origin: "CBS",
		Description: "CBS province code, e.g. PV27", DescriptionNL: "CBS-provinciecode, bijvoorbeeld PV27", Unit: "`PV` + 2 digits"},
	{Name: "name", Value: pv(func(p *Province) any { return p.Name }), Type: String, Filter: ExactText, Origin: "CBS",
		Description: "province name", DescriptionNL: "naam van de provincie (CBS)", Unit: "text"},
	{Name: "year", Value: pv(func(p *Province) any { return p.Year }), Type: Integer, Origin: "import", Description: "boundary year", DescriptionNL: "grensjaar", Unit: "e.g. 2025"},
}

// mv and pv adapt a reader of a municipality or province to a Field's Value.
func mv(get func(*Municipality) any) func(Record) any {
	return func(r Record) any { return get(r.(*Municipality)) }
}

func pv(get func(*Province) any) func(Record) any {
	return func(r Record) any { return get(r.(*Province)) }
}

// FieldNames returns the names of fields, in order.
func FieldNames(fields []Field) []string {
	out := make([]string, len(fields))
	for i, f := range fields {
		out[i] = f.Name
	}
	return out
}

// TemporalField returns the name of the field marked Temporal, or "".
func TemporalField(fields []Field) string {
	for _, f := range fields {
		if f.Temporal {
			return f.Name
		}
	}
	return ""
}

// FieldsOf returns the contract table of level.
func FieldsOf(level string) []Field {
	if level == LevelProvince {
		return ProvinceFields
	}
	return MunicipalityFields
}

// text renders a value as a CSV cell: null is empty, numbers use a dot.
func text(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case *string:
		if x == nil {
			return ""
		}
		return *x
	case int:
		return strconv.Itoa(x)
	case *int:
		if x == nil {
			return ""
		}
		return strconv.Itoa(*x)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case *float64:
		if x == nil {
			return ""
		}
		return strconv.FormatFloat(*x, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	case *bool:
		if x == nil {
			return ""
		}
		return strconv.FormatBool(*x)
	}
	return ""
}
