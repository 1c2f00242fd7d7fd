package assessment

import (
	"strings"
	"testing"
	"time"

	"github.com/inclusiekaart/inclusiekaart/internal/scoring"
)

// A spreadsheet set to Dutch saves "CSV" with semicolons (or tabs): accepted
// when the header has no comma, read exactly like the comma form.
func TestReadCSVSeparators(t *testing.T) {
	f, err := scoring.Default()
	if err != nil {
		t.Fatal(err)
	}
	today := time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)
	for name, body := range map[string]string{
		"comma":     "code,assessed_on,source,stage,stage.note\nGM0344,2026-10-01,LIA,4,\"a; b\"\n",
		"semicolon": "\ufeffcode;assessed_on;source;stage;stage.note\r\nGM0344;2026-10-01;LIA;4;\"a; b\"\r\n",
		"tab":       "code\tassessed_on\tsource\tstage\tstage.note\nGM0344\t2026-10-01\tLIA\t4\ta; b\n",
	} {
		as, lines, err := ReadCSVLines(strings.NewReader(body), f, today)
		if err != nil || len(as) != 1 || lines[0] != 2 {
			t.Fatalf("%s: %v, %d rows, lines %v", name, err, len(as), lines)
		}
		if v := as[0].Values["stage"]; v.Value != 4 || v.Note != "a; b" {
			t.Errorf("%s: stage %+v", name, v)
		}
	}
	// A formula at the start of a text cell is refused (CSV injection on export).
	_, err = ReadCSV(strings.NewReader("code,assessed_on,source,stage\nGM0344,2026-10-01,=HYPERLINK(1),4\n"), f, today)
	if err == nil || !strings.Contains(err.Error(), "line 2, column source") {
		t.Errorf("formula in source: %v", err)
	}
}
