package assessment

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"
)

const recordHeader = "code,name,indicator,value,basis,source_url,publisher,source_date,read_on,summary\n"

func recordRow(fields ...string) string { return strings.Join(fields, ",") + "\n" }

var goodRecord = recordHeader +
	recordRow("GM0193", "Zwolle", "stage", "3", "public_record", "https://example.org/a", "Gemeente Zwolle", "2019-03-01", "2025-11-01", "De gemeente werkt aan een inclusieagenda.") +
	recordRow("GM0193", "Zwolle", "stage", "4", "public_record", "https://example.org/b", "Gemeente Zwolle", "2021-06", "2025-11-01", "De raad stelde de agenda in juni 2021 vast.") +
	recordRow("GM0193", "Zwolle", "lived_experience", "2", "public_record", "https://example.org/b", "Gemeente Zwolle", "2021-06", "2025-11-01", "Een vaste groep ervaringsdeskundigen werkt mee.") +
	recordRow("GM0014", "Groningen", "stage", "2", "public_record", "http://example.org/c", "Dagblad", "2018", "2025-11-01", "Het college kondigt aan een agenda te maken.")

func TestReadRecordGood(t *testing.T) {
	fs, err := ReadRecord(strings.NewReader(goodRecord), framework(t), today)
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 4 {
		t.Fatalf("got %d facts, want 4", len(fs))
	}
	if fs[1].Start != "2021-06-01" || fs[3].Start != "2018-01-01" || fs[1].Line != 3 {
		t.Errorf("reduced-precision dates: got %+v", fs)
	}
}

// TestReadRecordRefusesBadRows protects the public record's rules: every bad
// row is named by line and column, and nothing is returned with the error.
func TestReadRecordRefusesBadRows(t *testing.T) {
	ok := func(fields ...string) string { return recordRow(fields...) }
	base := []string{"GM0193", "Zwolle", "stage", "3", "public_record", "https://example.org/a", "Gemeente Zwolle", "2019-03-01", "2025-11-01", "Samenvatting."}
	with := func(i int, v string) string {
		f := append([]string(nil), base...)
		f[i] = v
		return ok(f...)
	}
	tests := []struct {
		name, body   string
		line         int
		field, needs string
	}{
		{"unknown indicator", recordHeader + with(2, "domain.weather"), 2, "indicator", "unknown indicator"},
		{"value above the scale", recordHeader + with(3, "7"), 2, "value", "1"},
		{"value below the scale", recordHeader + with(3, "0"), 2, "value", ""},
		{"value not a number", recordHeader + with(3, "drie"), 2, "value", "not an integer"},
		{"other basis", recordHeader + with(4, "demo"), 2, "basis", "public_record"},
		{"ftp URL", recordHeader + with(5, "ftp://example.org/a"), 2, "source_url", "http"},
		{"javascript URL", recordHeader + with(5, "javascript:alert(1)"), 2, "source_url", "http"},
		{"relative URL", recordHeader + with(5, "/nieuws/lia"), 2, "source_url", "http"},
		{"future source date", recordHeader + with(7, "2030-01-01"), 2, "source_date", "future"},
		{"source date after read date", recordHeader + with(7, "2025-11-02"), 2, "source_date", "after"},
		{"future read date", recordHeader + with(8, "2026-01-01"), 2, "read_on", "future"},
		{"malformed source date", recordHeader + with(7, "1-3-2019"), 2, "source_date", "not a date"},
		{"source date too early", recordHeader + with(7, "1999"), 2, "source_date", "too early"},
		{"long summary", recordHeader + with(9, strings.Repeat("a", 201)), 2, "summary", "at most 200"},
		{"empty summary", recordHeader + with(9, ""), 2, "summary", "required"},
		{"formula summary", recordHeader + with(9, "=HYPERLINK(1)"), 2, "summary", "formula"},
		{"empty publisher", recordHeader + with(6, " "), 2, "publisher", "required"},
		{"bad code", recordHeader + with(0, "GM363"), 2, "code", "not a municipality code"},
		{"duplicate code, indicator and URL", recordHeader + ok(base...) + with(9, "Andere woorden."), 3, "source_url", "already on line 2"},
		{"two names for one code", recordHeader + ok(base...) + with(1, "Zwol"), 3, "name", "differs"},
		{"same-day sources disagree", recordHeader + ok(base...) + recordRow("GM0193", "Zwolle", "stage", "4", "public_record", "https://example.org/x", "Krant", "2019-03-01", "2025-11-01", "Anders."), 3, "value", "disagrees"},
		{"unknown column", strings.Replace(recordHeader, "summary", "summary,extra", 1) + ok(append(base, "x")...), 1, "extra", "unknown column"},
		{"missing column", strings.Replace(recordHeader, ",publisher", "", 1), 1, "publisher", "missing"},
		{"empty file", "", 1, "", "header"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs, err := ReadRecord(strings.NewReader(tt.body), framework(t), today)
			var fe *FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("got %v, %d facts; want a FieldError", err, len(fs))
			}
			if fs != nil {
				t.Errorf("facts returned with the error")
			}
			if fe.Line != tt.line || fe.Field != tt.field || !strings.Contains(fe.Error(), tt.needs) {
				t.Errorf("got %q (line %d, field %q); want line %d, field %q, containing %q", fe.Error(), fe.Line, fe.Field, tt.line, tt.field, tt.needs)
			}
		})
	}
}

// TestRecordVersionsAsOfSourceDate protects "a source supports its value as
// of its date, nothing more": one version per source date, each holding the
// newest value up to that date, never a later one.
func TestRecordVersionsAsOfSourceDate(t *testing.T) {
	fs, err := ReadRecord(strings.NewReader(goodRecord), framework(t), today)
	if err != nil {
		t.Fatal(err)
	}
	vs := RecordVersions(fs)
	if len(vs) != 3 {
		t.Fatalf("got %d versions, want 3 (Groningen 2018, Zwolle 2019 and 2021)", len(vs))
	}
	gr, z19, z21 := vs[0], vs[1], vs[2]
	if gr.Code != "GM0014" || gr.AssessedOn != "2018-01-01" || gr.Values["stage"].Value != 2 {
		t.Errorf("Groningen: %+v", gr)
	}
	if z19.AssessedOn != "2019-03-01" || z19.Values["stage"].Value != 3 || len(z19.Values) != 1 {
		t.Errorf("Zwolle 2019 must hold only what was known then: %+v", z19)
	}
	if z21.AssessedOn != "2021-06-01" || z21.Values["stage"].Value != 4 || z21.Values["lived_experience"].Value != 2 {
		t.Errorf("Zwolle 2021: %+v", z21)
	}
	st := z21.Values["stage"]
	if len(st.Sources) != 1 || st.Sources[0].URL != "https://example.org/b" || st.Evidence != st.Sources[0].URL || st.Note != st.Sources[0].Summary {
		t.Errorf("stage 4 cites only its own source, as evidence and note: %+v", st)
	}
	for _, v := range vs {
		if v.Basis != BasisPublicRecord || v.Demo {
			t.Errorf("%s %s: basis %q demo %v", v.Code, v.AssessedOn, v.Basis, v.Demo)
		}
		if err := v.Validate(framework(t), today); err != nil {
			t.Errorf("%s %s: %v", v.Code, v.AssessedOn, err)
		}
	}
}

// TestShippedPublicRecordFollowsTheRules reads data/public-record.csv with the
// same parser the import uses: every row has a valid code, indicator, value,
// http(s) URL, publisher, a source date not after its read date, and an own-
// words summary of at most 200 characters.
func TestShippedPublicRecordFollowsTheRules(t *testing.T) {
	f, err := os.Open("../../data/public-record.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fs, err := ReadRecord(f, framework(t), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	stage := map[string]bool{}
	for _, ft := range fs {
		if ft.Indicator == "stage" {
			stage[ft.Code] = true
		}
		if ft.Source.ReadOn < ft.Start {
			t.Errorf("line %d: read on %s, before the source's date %s", ft.Line, ft.Source.ReadOn, ft.Source.Date)
		}
	}
	if len(stage) < 100 {
		t.Errorf("%d municipalities with a stage source; the public record promises at least 100", len(stage))
	}
}
