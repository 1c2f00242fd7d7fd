// Command gendict rewrites the generated municipality-fields table of the
// data dictionary (the file named as its argument) from the contract table,
// atlas.MunicipalityFields. Run it with `go generate ./internal/atlas`.
package main

import (
	"fmt"
	"os"

	"github.com/inclusiekaart/inclusiekaart/internal/atlas"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: gendict docs/data-dictionary.md")
		os.Exit(2)
	}
	path := os.Args[1]
	b, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	out, ok := atlas.ReplaceDictionary(string(b), atlas.MunicipalityFields)
	if !ok {
		fmt.Fprintf(os.Stderr, "%s: markers %q and %q not found\n", path, atlas.DictionaryBegin, atlas.DictionaryEnd)
		os.Exit(1)
	}
	if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
