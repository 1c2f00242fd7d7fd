package atlas_test

import (
	"os"
	"strings"
	"testing"

	"github.com/inclusiekaart/inclusiekaart/internal/atlas"
)

// TestDataDictionaryIsGeneratedFromTheContract fails when docs/data-dictionary.md
// is stale: run `go generate ./internal/atlas` after changing the contract table.
func TestDataDictionaryIsGeneratedFromTheContract(t *testing.T) {
	b, err := os.ReadFile("../../docs/data-dictionary.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	want, ok := atlas.ReplaceDictionary(doc, atlas.MunicipalityFields)
	if !ok {
		t.Fatal("docs/data-dictionary.md has lost its generated-part markers")
	}
	if want != doc {
		t.Error("docs/data-dictionary.md is stale: run go generate ./internal/atlas")
	}
	for _, f := range atlas.MunicipalityFields {
		if !strings.Contains(doc, "| `"+f.Name+"` |") {
			t.Errorf("field %s missing from the dictionary", f.Name)
		}
	}
}
