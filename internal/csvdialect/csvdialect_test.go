package csvdialect

import (
	"bytes"
	"encoding/csv"
	"testing"
)

func TestExcelNLHasBOMSemicolonAndDecimalComma(t *testing.T) {
	in := []byte("code,name,score,stage,note\nGM0363,Amsterdam,41.5,4,\"a, b\"\nGM0014,Groningen,-2.25,,'=1+2\n")
	out, err := ExcelNL.Convert(in)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(out, []byte("\ufeff")) {
		t.Fatalf("no byte-order mark: %q", out[:10])
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(out, []byte("\ufeff"))))
	r.Comma = ';'
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"code", "name", "score", "stage", "note"},
		{"GM0363", "Amsterdam", "41,5", "4", "a, b"},
		{"GM0014", "Groningen", "-2,25", "", "'=1+2"},
	}
	if len(rows) != len(want) {
		t.Fatalf("got %d rows, want %d", len(rows), len(want))
	}
	for i := range want {
		for j := range want[i] {
			if rows[i][j] != want[i][j] {
				t.Errorf("row %d cell %d: got %q, want %q", i, j, rows[i][j], want[i][j])
			}
		}
	}
	if !bytes.Contains(out, []byte("\r\n")) {
		t.Error("excel-nl lines end without CRLF")
	}
}

func TestStandardIsTheWritersOwnOutput(t *testing.T) {
	in := []byte("code,score\nGM0363,41.5\n")
	out, err := Standard.Convert(in)
	if err != nil || !bytes.Equal(out, in) {
		t.Fatalf("got %q, %v; want the input unchanged", out, err)
	}
}

func TestLookupKnowsBothDialects(t *testing.T) {
	for _, name := range []string{"standard", "excel-nl"} {
		if d, ok := Lookup(name); !ok || d.Name != name {
			t.Errorf("Lookup(%q) = %v, %v", name, d, ok)
		}
	}
	if _, ok := Lookup("excel"); ok {
		t.Error(`Lookup("excel") found a dialect`)
	}
	if got := Names(); got != "standard, excel-nl" {
		t.Errorf("Names() = %q", got)
	}
}
