package site_test

import (
	"regexp"
	"testing"
)

// TestMunicipalityPageStakeholderCoverageUnknownIsNotZero protects the
// stakeholder coverage on /gemeente/{code}: a municipality with no recorded
// stakeholder group reads "onbekend" / "unknown", never "0 groups involved".
func TestMunicipalityPageStakeholderCoverageUnknownIsNotZero(t *testing.T) {
	e := newEnv(t)
	p := e.person(t)
	section := regexp.MustCompile(`(?s)<section aria-labelledby="cov-h">.*?</section>`)
	// In order, and the language named each time: the client keeps the
	// language cookie a ?lang= sets, so a map's random order made this flaky.
	for _, c := range []struct{ path, want string }{{"/gemeente/GM0193", "<p>onbekend</p>"}, {"/gemeente/GM0193?lang=en", "<p>unknown</p>"}, {"/gemeente/GM0193?lang=nl", "<p>onbekend</p>"}} {
		path, want := c.path, c.want
		r := p.get(path)
		wantStatus(t, path, r, 200)
		got := section.FindString(r.body)
		if !regexp.MustCompile(regexp.QuoteMeta(want)).MatchString(got) || regexp.MustCompile(`<p>0 `).MatchString(got) {
			t.Errorf("%s: coverage section %q, want %q", path, got, want)
		}
	}
}
