package web

import "testing"

// TestTextDateHasOneFormatPerLanguage protects the one date format of the
// server pages: "3 december 2026" in Dutch, "3 December 2026" in English;
// months and years as precise as the data.
func TestTextDateHasOneFormatPerLanguage(t *testing.T) {
	for _, c := range []struct{ lang, in, want string }{
		{"nl", "2026-12-03", "3 december 2026"},
		{"en", "2026-12-03", "3 December 2026"},
		{"nl", "2026-12-03T14:05:00Z", "3 december 2026"},
		{"nl", "2019-05", "mei 2019"},
		{"en", "2019-05", "May 2019"},
		{"nl", "2019", "2019"},
		{"nl", "", ""},
		{"nl", "soon", "soon"},
		{"nl", "2026-02-30", "2026-02-30"},
	} {
		if got := TextDate(c.lang, c.in); got != c.want {
			t.Errorf("TextDate(%q, %q) = %q, want %q", c.lang, c.in, got, c.want)
		}
	}
}
