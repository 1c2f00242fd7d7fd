package ogc_test

// The lint of the OpenAPI document (issue 15: "redocly lint reports 0
// errors"): @redocly/cli itself (a pinned devDependency: one bundled package,
// runs offline) with its recommended rules, and kin-openapi with every check
// switched on, plus by hand the recommended rules kin-openapi does not cover —
// so that the Go tests alone still lint the document where npm ci has not run.

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// servedOpenAPIBytes is the document /ogc/api serves.
func servedOpenAPIBytes(t *testing.T) []byte {
	t.Helper()
	ts, _, _ := newServer(t)
	resp, err := http.Get(ts.URL + "/ogc/api")
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	return body
}

func servedOpenAPI(t *testing.T) *openapi3.T {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromData(servedOpenAPIBytes(t))
	if err != nil {
		t.Fatalf("/ogc/api does not load as OpenAPI: %v", err)
	}
	return doc
}

func TestOpenAPIDocumentPassesEveryValidationOption(t *testing.T) {
	doc := servedOpenAPI(t)
	err := doc.Validate(context.Background(),
		openapi3.EnableSchemaFormatValidation(),  // off by default: unknown formats are errors
		openapi3.EnableSchemaPatternValidation(), // every pattern compiles
		openapi3.EnableSchemaDefaultsValidation(),
		openapi3.EnableExamplesValidation(),
		openapi3.ProhibitExtensionsWithRef(),
		openapi3.EnableMultiError(), // every problem, not the first
	)
	if err != nil {
		t.Fatalf("/ogc/api fails kin-openapi's strictest validation:\n%v", err)
	}
}

// pathParam finds {name} in a path template.
var pathParam = regexp.MustCompile(`\{([^}]+)\}`)

func TestOpenAPIDocumentFollowsTheRecommendedLintRules(t *testing.T) {
	doc := servedOpenAPI(t)
	var problems []string
	fail := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }

	// info-license, info-license-url; no-empty-servers.
	if doc.Info.License == nil || doc.Info.License.Name == "" || doc.Info.License.URL == "" {
		fail("info: no license with a name and URL")
	}
	if len(doc.Servers) == 0 {
		fail("servers: empty")
	}
	// security-defined: every operation public, said at the root.
	if doc.Security == nil {
		fail("security: not defined (say security: [] for a public API)")
	}
	ids := map[string]string{}
	shapes := map[string]string{} // path with parameters blanked -> path
	for _, path := range doc.Paths.InMatchingOrder() {
		item := doc.Paths.Value(path)
		// no-path-trailing-slash (the landing page "/" is the one exception);
		// no-ambiguous-paths / no-identical-paths.
		if path != "/" && strings.HasSuffix(path, "/") {
			fail("%s: trailing slash", path)
		}
		shape := pathParam.ReplaceAllString(path, "{}")
		if other, dup := shapes[shape]; dup {
			fail("%s and %s are ambiguous", path, other)
		}
		shapes[shape] = path
		inPath := map[string]bool{}
		for _, m := range pathParam.FindAllStringSubmatch(path, -1) {
			inPath[m[1]] = true
		}
		for method, op := range item.Operations() {
			where := method + " " + path
			// operation-operationId, operation-operationId-unique, operation-summary.
			if op.OperationID == "" {
				fail("%s: no operationId", where)
			} else if prev, dup := ids[op.OperationID]; dup {
				fail("%s: operationId %s also on %s", where, op.OperationID, prev)
			}
			ids[op.OperationID] = where
			if op.Summary == "" {
				fail("%s: no summary", where)
			}
			// operation-2xx-response, operation-4xx-response.
			var has2xx, has4xx bool
			for code := range op.Responses.Map() {
				has2xx = has2xx || strings.HasPrefix(code, "2")
				has4xx = has4xx || strings.HasPrefix(code, "4") || code == "default"
			}
			if !has2xx {
				fail("%s: no 2xx response", where)
			}
			if !has4xx {
				fail("%s: no 4xx response", where)
			}
			// path-parameters-defined: each {name} declared, each path parameter in the path.
			declared := map[string]bool{}
			for _, ps := range []openapi3.Parameters{item.Parameters, op.Parameters} {
				for _, p := range ps {
					if p.Value != nil && p.Value.In == openapi3.ParameterInPath {
						declared[p.Value.Name] = true
						if !inPath[p.Value.Name] {
							fail("%s: path parameter %s is not in the path", where, p.Value.Name)
						}
					}
				}
			}
			for name := range inPath {
				if !declared[name] {
					fail("%s: {%s} is not declared", where, name)
				}
			}
		}
	}
	if len(ids) == 0 {
		fail("no operations")
	}
	sort.Strings(problems)
	for _, p := range problems {
		t.Error(p)
	}
}

func TestRedoclyLintReportsNoProblems(t *testing.T) {
	cli, err := filepath.Abs("../../node_modules/@redocly/cli/bin/cli.js")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(cli); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("@redocly/cli is required in CI (npm ci)")
		}
		t.Skip("@redocly/cli not installed (npm ci)")
	}
	path := filepath.Join(t.TempDir(), "openapi.json")
	if err := os.WriteFile(path, servedOpenAPIBytes(t), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("node", cli, "lint", "--format=summary", path)
	cmd.Dir = t.TempDir() // no redocly.yaml: the built-in recommended rules
	cmd.Env = append(os.Environ(), "REDOCLY_TELEMETRY=off", "REDOCLY_SUPPRESS_UPDATE_NOTICE=true", "NO_COLOR=1")
	out, err := cmd.CombinedOutput()
	// The summary lists one line per rule that found something: "error
	// rule: n" or "warning rule: n"; none may appear.
	problems := regexp.MustCompile(`(?m)^(error|warning)\s+\S+: \d+`).FindAllString(string(out), -1)
	if err != nil || len(problems) > 0 {
		t.Fatalf("redocly lint: %v %v\n%s", err, problems, out)
	}
}
