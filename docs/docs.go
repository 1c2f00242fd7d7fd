// Package docs embeds the documents that go into every dataset release: the
// data dictionary and the scoring method.
package docs

import _ "embed"

// DataDictionary is docs/data-dictionary.md.
//
//go:embed data-dictionary.md
var DataDictionary string

// Methodology is docs/methodology.md.
//
//go:embed methodology.md
var Methodology string
