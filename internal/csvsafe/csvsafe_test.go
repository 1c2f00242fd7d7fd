package csvsafe

import "testing"

func TestCellNeutralisesFormulaStarts(t *testing.T) {
	for in, want := range map[string]string{
		"=HYPERLINK(\"http://x\")": "'=HYPERLINK(\"http://x\")",
		"+31 6 1234":               "'+31 6 1234",
		"-2+3":                     "'-2+3",
		"@SUM(A1)":                 "'@SUM(A1)",
		"\t=1":                     "'\t=1",
		"\r=1":                     "'\r=1",
		"Amsterdam":                "Amsterdam",
		"'s-Hertogenbosch":         "'s-Hertogenbosch",
		"":                         "",
		" =1":                      " =1",
	} {
		if got := Cell(in); got != want {
			t.Errorf("Cell(%q) = %q, want %q", in, got, want)
		}
	}
}
