// Package data embeds the project-owned reviewed data files.
//
// framework.json is the scoring model (see docs/methodology.md),
// koplopers.json the 25 leading municipalities of April 2018, merges.json the
// crosswalk of merged municipality codes and stakeholders.json the
// stakeholder map. The *.json pattern keeps the embed valid whichever of
// these files exist.
package data

import "embed"

// FS holds every *.json file in this directory.
//
//go:embed *.json
var FS embed.FS
