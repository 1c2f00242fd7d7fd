package ogc_test

// OWSLib as an outside client (issue 15: "OWSLib reads all 342 features"):
// Debian's python3-owslib runs testdata/owslib_read.py against the real
// router. Skipped locally without OWSLib; required in CI (.ci/run installs it).

import (
	"encoding/json"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// owslibPython returns a Python 3 that can import owslib.
func owslibPython(t *testing.T) string {
	t.Helper()
	for _, py := range []string{"/usr/bin/python3", "python3"} {
		if exec.Command(py, "-c", "import owslib").Run() == nil {
			return py
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("OWSLib (apt-get install python3-owslib) is required in CI")
	}
	t.Skip("OWSLib not installed (apt-get install python3-owslib)")
	return ""
}

func TestOWSLibReadsAllMunicipalities(t *testing.T) {
	py := owslibPython(t)
	ts, _, log := newServer(t)
	cmd := exec.Command(py, "testdata/owslib_read.py", ts.URL+"/ogc")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("owslib_read.py: %v\n%s", err, stderr.String())
	}
	var got struct {
		OWSLib      string   `json:"owslib"`
		Conformance []string `json:"conformance"`
		Collections []string `json:"collections"`
		Big         struct {
			NumberMatched  int      `json:"numberMatched"`
			NumberReturned int      `json:"numberReturned"`
			Codes          []string `json:"codes"`
		} `json:"big"`
		Paged     []string `json:"paged"`
		Filtered  []string `json:"filtered"`
		StageGE4  []string `json:"stage_ge_4"`
		Provinces int      `json:"provinces"`
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("owslib_read.py printed %.300s: %v", out, err)
	}
	t.Logf("OWSLib %s", got.OWSLib)
	if !slices.ContainsFunc(got.Conformance, func(c string) bool { return strings.HasSuffix(c, "ogcapi-features-1/1.0/conf/core") }) {
		t.Errorf("conformance without Part 1 core: %v", got.Conformance)
	}
	if !slices.Equal(got.Collections, []string{"municipalities", "provinces"}) {
		t.Errorf("collections %v", got.Collections)
	}
	// limit=5000 is clamped, not refused: all 342 in one page.
	if got.Big.NumberMatched != 342 || got.Big.NumberReturned != 342 || len(got.Big.Codes) != 342 {
		t.Errorf("limit=5000: matched %d, returned %d, %d features", got.Big.NumberMatched, got.Big.NumberReturned, len(got.Big.Codes))
	}
	if len(slices.Compact(slices.Clone(got.Big.Codes))) != 342 {
		t.Error("limit=5000: duplicate features")
	}
	paged := slices.Clone(got.Paged)
	slices.Sort(paged)
	if !slices.Equal(paged, got.Big.Codes) {
		t.Errorf("pages of 100 gave %d features, not the same 342", len(got.Paged))
	}
	if len(got.StageGE4) == 0 || !slices.Equal(got.Filtered, got.StageGE4) {
		t.Errorf("filter stage >= 4: server gave %v, the features say %v", got.Filtered, got.StageGE4)
	}
	if got.Provinces != 12 {
		t.Errorf("provinces: %d", got.Provinces)
	}
	if !slices.ContainsFunc(log.all(), func(u string) bool { return strings.Contains(u, "filter=stage") }) {
		t.Error("the filter did not reach the server")
	}
}
