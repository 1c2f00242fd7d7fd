// Package data embeds the project-owned reviewed data files.
//
// framework.json is the scoring model (see docs/methodology.md),
// koplopers.json the 25 leading municipalities of April 2018, merges.json the
// crosswalk of merged municipality codes and stakeholders.json the
// stakeholder map, wijken_2025.csv the CBS district names and
// woonplaatsen_2024.csv the CBS woonplaatsen the search finds places by. The
// *.json pattern keeps the embed valid whichever of these files exist.
package data

import "embed"

// FS holds every *.json file in this directory, the public record, the
// district names and the woonplaatsen.
//
//go:embed *.json public-record.csv wijken_2025.csv woonplaatsen_2024.csv
var FS embed.FS

// PublicRecordFile is the name of the public record in FS: cited desk
// research, one row per fact (see README.md beside it).
const PublicRecordFile = "public-record.csv"
