package site_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
)

// TestFormsRefuseWrongBodiesClearly: a public form posted with the right
// token but a body the site cannot read gets the status and words that fit —
// 415 for a body that is not a form, 400 for broken encoding, 413 for one
// too large — never "the form is too large" for what is not, nor a token
// error for a form that was never read; and nothing is stored.
func TestFormsRefuseWrongBodiesClearly(t *testing.T) {
	e := newEnv(t)
	for _, path := range []string{"/klopt-dit-niet/GM0193", "/meedoen", "/inloggen"} {
		p := e.person(t)
		p.get(path)
		tok := "csrf=" + p.csrf
		cases := []struct {
			name, ct, body string
			status         int
			mention        string
		}{
			{"JSON body", "application/json", `{"csrf":"x"}`, 415, "application/x-www-form-urlencoded"},
			{"multipart", "multipart/form-data; boundary=x", "--x--\r\n", 415, "application/x-www-form-urlencoded"},
			{"no Content-Type", "", tok + "&what=x", 415, "application/x-www-form-urlencoded"},
			{"unparsable Content-Type", "a/b;;", tok + "&what=x", 415, "application/x-www-form-urlencoded"},
			{"broken percent-encoding", "application/x-www-form-urlencoded", tok + "&what=%zz", 400, "percent-encoding"},
			{"semicolon between fields", "application/x-www-form-urlencoded", tok + ";what=x", 400, "could not be read"},
			{"too large", "application/x-www-form-urlencoded", tok + "&what=" + strings.Repeat("a", 600<<10), 413, "too large"},
		}
		for _, c := range cases {
			req, _ := http.NewRequest(http.MethodPost, e.ts.URL+path, strings.NewReader(c.body))
			if c.ct != "" {
				req.Header.Set("Content-Type", c.ct)
			}
			req.Header.Set("Origin", e.ts.URL)
			r := p.do(req)
			if r.status != c.status || !strings.HasPrefix(r.header.Get("Content-Type"), "text/html") || !strings.Contains(r.body, c.mention) {
				t.Errorf("%s %s: %d %q, want %d naming %q: %.300s", path, c.name, r.status, r.header.Get("Content-Type"), c.status, c.mention, r.body)
			}
		}
	}
	subs, _ := e.st.Submissions(context.Background(), 0)
	if len(subs) != 0 {
		t.Errorf("refused forms stored %d submissions", len(subs))
	}
	var n int
	if err := e.st.DB().QueryRow(`SELECT COUNT(*) FROM corrections`).Scan(&n); err != nil || n != 0 {
		t.Errorf("refused forms stored %d corrections (%v)", n, err)
	}
}

// TestCorrectionFormHasOneAddressPerMunicipality: /klopt-dit-niet/{code}
// reads its code as /gemeente/{code} does — other spellings redirect to the
// canonical one, a code that is not one is a 404 naming it (clipped), and
// " GM0363" is Amsterdam, not "GM0363 was not found".
func TestCorrectionFormHasOneAddressPerMunicipality(t *testing.T) {
	e := newEnv(t)
	p := e.person(t)
	for _, c := range []string{"gm0193", "GM0193%20", "%20GM0193"} {
		r := p.get("/klopt-dit-niet/" + c)
		if r.status != 301 || r.header.Get("Location") != "/klopt-dit-niet/GM0193" {
			t.Errorf("%s: %d Location %q", c, r.status, r.header.Get("Location"))
		}
	}
	for c, mention := range map[string]string{"GM193": "GM193", "Zwolle": "Zwolle", "GM0193%00": "GM0193", "GM" + strings.Repeat("1", 5000): "GM111"} {
		r := p.get("/klopt-dit-niet/" + c)
		if r.status != 404 || !strings.Contains(r.body, mention) || !strings.Contains(r.body, "CBS") || len(r.body) > 20000 {
			t.Errorf("%.20s: %d, want a 404 page naming %q as no CBS code (%d bytes)", c, r.status, mention, len(r.body))
		}
	}
}
