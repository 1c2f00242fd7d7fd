package site_test

import (
	"context"
	"regexp"
	"strings"
	"testing"
)

// isoInText finds an ISO date shown as text (not inside an attribute).
var isoInText = regexp.MustCompile(`>[^<]*\b20[0-9]{2}-[0-9]{2}-[0-9]{2}\b[^<]*<`)

// TestServerPagesWriteDatesAsText: the municipality page and the election
// text show dates as "1 juni 2025" ("1 June 2025" in English), with the ISO
// date only in a machine-readable attribute, never as visible text.
func TestServerPagesWriteDatesAsText(t *testing.T) {
	e := newEnv(t)
	if _, err := e.svc.RecordAssessment(context.Background(), "test", "GM0193", []byte(zwolleAssessment)); err != nil {
		t.Fatal(err)
	}
	p := e.person(t)
	for _, c := range []struct{ path, want string }{
		{"/gemeente/GM0193?lang=nl", "1 juni 2025"},
		{"/gemeente/GM0193?lang=en", "1 June 2025"},
		{"/verkiezingen/GM0193?lang=nl", "1 juni 2025"},
		{"/verkiezingen/GM0193?lang=en", "1 June 2025"},
	} {
		r := p.get(c.path)
		if r.status != 200 {
			t.Fatalf("%s: %d", c.path, r.status)
		}
		if !strings.Contains(r.body, c.want) {
			t.Errorf("%s lacks %q", c.path, c.want)
		}
		main := r.body
		if i := strings.Index(main, "<main"); i >= 0 {
			main = main[i:]
		}
		if m := isoInText.FindString(main); m != "" {
			t.Errorf("%s shows an ISO date as text: %s", c.path, m)
		}
	}
	if r := p.get("/gemeente/GM0193?lang=nl"); !strings.Contains(r.body, `<time datetime="2025-06-01">1 juni 2025</time>`) {
		t.Error("the data date is not marked up with its ISO date")
	}
}
