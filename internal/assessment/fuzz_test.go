package assessment

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
)

func FuzzParseJSON(f *testing.F) {
	fw := framework(f)
	for _, s := range []string{
		goodJSON,
		`{"code":"GM0363","assessed_on":"2025-01-01","source":"x","values":{"stage":{"value":1}},"demo":true}`,
		`{"assessed_on":"2025-01-01","source":"x","values":{"route.11":{"value":2,"note":"a\nb"}}}`,
		`{"values":{"stage":{"value":1e3}}}`,
		`{"code":"gm0363","assessed_on":"2000-01-01","source":"x","values":{"stage":{"value":1}},"demo":false}`,
		`{"assessed_on":"2025-01-01","assessed_on":"2025-01-02"}`, "{\"source\":\"\xff\"}",
		`{}`, `null`, `[]`, `{"a":1} x`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := ParseJSON(strings.NewReader(s), fw, today)
		if err != nil {
			var fe *FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("error %v is not a *FieldError", err)
			}
			if w := leak(err.Error()); w != "" {
				t.Fatalf("message %q leaks %q", err, w)
			}
			return
		}
		if a.Demo || (a.Code != "" && !ValidCode(a.Code)) {
			t.Fatalf("accepted demo %v code %q", a.Demo, a.Code)
		}
		if err := a.Validate(fw, today); err != nil {
			t.Fatalf("accepted but invalid: %v", err)
		}
		a.Code, a.Demo = "GM0001", false
		roundTrip(t, a)
	})
}

func FuzzReadCSV(f *testing.F) {
	fw := framework(f)
	for _, s := range []string{
		goodCSV,
		"code,assessed_on,source\n",
		"code,assessed_on,source,assessor,stage,stage.note\nGM0001,2024-02-29,\" a \",b,6,\"x\"\"y\"\n",
		"code,assessed_on,source,stage\r\nGM0001,2024-02-29,s,3\r\n",
		"code,assessed_on,source,stage\nGM0001,2024-02-29,s,3,4\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		as, err := ReadCSV(strings.NewReader(s), fw, today)
		if err != nil {
			var fe *FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("error %v is not a *FieldError", err)
			}
			if w := leak(err.Error()); w != "" {
				t.Fatalf("message %q leaks %q", err, w)
			}
			return
		}
		for _, a := range as {
			if err := a.Validate(fw, today); err != nil {
				t.Fatalf("accepted but invalid: %v", err)
			}
		}
		var buf bytes.Buffer
		if err := WriteCSV(&buf, fw, as); err != nil {
			t.Fatal(err)
		}
		back, err := ReadCSV(bytes.NewReader(buf.Bytes()), fw, today)
		if err != nil {
			t.Fatalf("export not re-importable: %v\n%q", err, buf.String())
		}
		if len(as) == 0 && len(back) == 0 {
			return
		}
		if !reflect.DeepEqual(back, as) {
			t.Fatalf("round trip changed:\n got %+v\nwant %+v", back, as)
		}
	})
}

func roundTrip(t *testing.T, a Assessment) {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteCSV(&buf, framework(t), []Assessment{a}); err != nil {
		t.Fatal(err)
	}
	back, err := ReadCSV(bytes.NewReader(buf.Bytes()), framework(t), today)
	if err != nil {
		t.Fatalf("export not re-importable: %v\n%q", err, buf.String())
	}
	if len(back) != 1 || !reflect.DeepEqual(back[0], a) {
		t.Fatalf("round trip changed:\n got %+v\nwant %+v", back, a)
	}
}
