package ogc_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
)

// apiValidator holds a server's OpenAPI document, validated once, and its router.
type apiValidator struct {
	doc    *openapi3.T
	router routers.Router
}

// validators caches one validator per server root (scheme://host).
var validators sync.Map

// loadValidator fetches root/ogc/api, checks that it is a valid OpenAPI 3.0
// document (kin-openapi's doc.Validate, the lint of the document) and builds
// a router over it.
func loadValidator(t *testing.T, root string) *apiValidator {
	t.Helper()
	if v, ok := validators.Load(root); ok {
		return v.(*apiValidator)
	}
	resp, err := http.Get(root + "/ogc/api")
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(body)
	if err != nil {
		t.Fatalf("/ogc/api does not load as OpenAPI: %v", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("/ogc/api is not a valid OpenAPI 3.0 document: %v", err)
	}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		t.Fatalf("router over /ogc/api: %v", err)
	}
	v := &apiValidator{doc: doc, router: router}
	validators.Store(root, v)
	return v
}

// jsonMedia reports whether a Content-Type is JSON (application/json or +json).
func jsonMedia(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	return err == nil && (mt == "application/json" || strings.HasSuffix(mt, "+json"))
}

// validateOGC checks a JSON response of the OGC API against the OpenAPI
// document the same server publishes (checkOGC).
func validateOGC(t *testing.T, req *http.Request, r response) {
	t.Helper()
	if err := checkOGC(t, req, r); err != nil {
		t.Errorf("GET %s: %v\nbody: %.300s", req.URL, err, bytes.TrimSpace(r.body))
	}
}

// checkOGC: the response's status must be documented for the operation and
// its body must match the schema. A path the document does not describe may
// only answer with an exception. Responses that are not JSON, and paths
// outside /ogc, are not checked.
func checkOGC(t *testing.T, req *http.Request, r response) error {
	t.Helper()
	if !strings.HasPrefix(req.URL.Path, "/ogc") || req.Method != http.MethodGet || !jsonMedia(r.header.Get("Content-Type")) {
		return nil
	}
	v := loadValidator(t, req.URL.Scheme+"://"+req.URL.Host)
	routed := req.Clone(context.Background())
	if routed.URL.Path == "/ogc" {
		routed.URL.Path = "/ogc/"
	}
	route, params, err := v.router.FindRoute(routed)
	if err != nil {
		if r.status < 400 {
			return fmt.Errorf("%d with a path the OpenAPI document does not describe (%v)", r.status, err)
		}
		var body any
		if err := json.Unmarshal(r.body, &body); err != nil {
			return fmt.Errorf("error body is not JSON: %v", err)
		}
		if err := v.doc.Components.Schemas["exception"].Value.VisitJSON(body); err != nil {
			return fmt.Errorf("error body does not match the exception schema: %v", err)
		}
		return nil
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: routed, PathParams: params, Route: route},
		Status:                 r.status,
		Header:                 r.header,
		Options:                &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	in.SetBodyBytes(r.body)
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		msg := err.Error()
		if len(msg) > 2000 {
			msg = msg[:2000] + "…"
		}
		return fmt.Errorf("response %d does not match the OpenAPI document: %s", r.status, msg)
	}
	return nil
}

// TestTheOpenAPIValidatorRejectsWhatTheDocumentForbids: the check every
// request helper runs can fail — a feature without its type, a property
// outside the contract, a wrong type, an undocumented status or an error
// without its code are each caught.
func TestTheOpenAPIValidatorRejectsWhatTheDocumentForbids(t *testing.T) {
	ts, _, _ := newServer(t)
	items := ts.URL + "/ogc/collections/municipalities/items?limit=1"
	good := get(t, items)
	req, _ := http.NewRequest(http.MethodGet, items, nil)
	if err := checkOGC(t, req, good); err != nil {
		t.Fatalf("the served page fails: %v", err)
	}
	var page map[string]any
	if err := json.Unmarshal(good.body, &page); err != nil {
		t.Fatal(err)
	}
	feature := func() map[string]any { return page["features"].([]any)[0].(map[string]any) }
	props := func() map[string]any { return feature()["properties"].(map[string]any) }
	for name, spoil := range map[string]func(){
		"feature without type":   func() { delete(feature(), "type") },
		"unknown property":       func() { props()["colour"] = "red" },
		"stage as text":          func() { props()["stage"] = "four" },
		"stage out of range":     func() { props()["stage"] = 9 },
		"basis outside its enum": func() { props()["basis"] = "rumour" },
		"numberMatched missing":  func() { delete(page, "numberMatched") },
		"geometry a Point":       func() { feature()["geometry"] = map[string]any{"type": "Point", "coordinates": []float64{5, 52}} },
	} {
		json.Unmarshal(good.body, &page)
		spoil()
		body, _ := json.Marshal(page)
		if err := checkOGC(t, req, response{200, good.header, body}); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if err := checkOGC(t, req, response{418, good.header, good.body}); err == nil {
		t.Error("an undocumented status was accepted")
	}
	bad := response{400, http.Header{"Content-Type": {"application/json"}}, []byte(`{"error":"x"}`)}
	if err := checkOGC(t, req, bad); err == nil {
		t.Error("an error without its code was accepted")
	}
}
