// Package ogc serves OGC API - Features (Part 1 Core + GeoJSON + HTML + OpenAPI 3.0,
// Part 2 CRS by reference) over the municipality and province boundaries with
// their assessment fields. Features come from a Source (the server), so items
// carry exactly the properties of the GeoJSON export.
package ogc

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/gorilla/mux"
	"github.com/paulmach/orb/geojson"

	"github.com/inclusiekaart/inclusiekaart/internal/store"
)

// Source provides features with the same properties as the JSON/GeoJSON API.
// *server.Server implements it.
type Source interface {
	// Features returns the features of level ("municipality" or "province") and year
	// (0 = newest) matching f at full detail, and the year used.
	Features(ctx context.Context, level string, year int, f store.Filter) ([]*geojson.Feature, int, error)
	// ExtraMembers are the top-level members (attribution, licence, year, demo notice).
	ExtraMembers(level string, year int) geojson.Properties
}

// Media types.
const (
	typeJSON    = "application/json"
	typeGeoJSON = "application/geo+json"
	typeOpenAPI = "application/vnd.oai.openapi+json;version=3.0"
	typeHTML    = "text/html"
)

// Attribution and licence of the boundaries (CC BY 4.0 requires naming the source).
const (
	attribution = "Bron: CBS, Kadaster"
	licenseText = "CC BY 4.0 (boundaries: CBS, Kadaster via PDOK)"
	// licenseTextNL is licenseText on the Dutch HTML pages.
	licenseTextNL = "CC BY 4.0 (grenzen: CBS, Kadaster via PDOK)"
	licenseURL    = "https://creativecommons.org/licenses/by/4.0/deed.nl"
)

// successorSource is implemented by sources that know municipal mergers; items of
// a code merged away then answer 301 to the successor, like the JSON API.
type successorSource interface {
	Successor(code string) (string, bool)
}

// API is the OGC API - Features endpoint.
type API struct {
	src   Source
	store *store.Store
	now   func() time.Time
}

// New returns the API over src.
func New(src Source, st *store.Store) *API { return &API{src: src, store: st, now: time.Now} }

// Register adds the /ogc routes to r.
func (a *API) Register(r *mux.Router) {
	get := func(p string, h func(http.ResponseWriter, *http.Request) error) {
		r.HandleFunc(p, a.wrap(h)).Methods(http.MethodGet, http.MethodHead)
	}
	get("/ogc", a.landing)
	get("/ogc/", a.landing)
	get("/ogc/api", a.openAPI)
	get("/ogc/conformance", a.conformance)
	get("/ogc/collections", a.collections)
	get("/ogc/collections/{collectionId}", a.collection)
	get("/ogc/collections/{collectionId}/items", a.items)
	get("/ogc/collections/{collectionId}/items/{featureId}", a.item)
}

// apiError is an error with a status, a code and a message safe to show.
type apiError struct {
	status int
	code   string
	msg    string
}

func (e *apiError) Error() string { return e.msg }

func notFound(format string, args ...any) error {
	return &apiError{http.StatusNotFound, "not_found", fmt.Sprintf(format, args...)}
}

// wrap turns a handler's error into the JSON error shape of the whole service:
// {"error": "...", "code": "..."} with the matching status.
func (a *API) wrap(h func(http.ResponseWriter, *http.Request) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		// Without f, the Accept header picks HTML or JSON: caches must key on it.
		w.Header().Add("Vary", "Accept")
		err := h(w, r)
		if err == nil {
			return
		}
		var ae *apiError
		var pe *ParamError
		switch {
		case errors.As(err, &ae):
		case errors.As(err, &pe):
			ae = &apiError{http.StatusBadRequest, "bad_request", pe.Error()}
		case errors.Is(err, store.ErrNotFound):
			// Store not-found messages are built from validated codes and years only.
			ae = &apiError{http.StatusNotFound, "not_found", err.Error()}
		case errors.Is(err, context.Canceled):
			return
		default:
			slog.Error("ogc request failed", "method", r.Method, "route", routeTemplate(r), "err", err)
			ae = &apiError{http.StatusInternalServerError, "internal", "internal error"}
		}
		writeJSON(w, r, ae.status, typeJSON, map[string]string{"error": ae.msg, "code": ae.code})
	}
}

func routeTemplate(r *http.Request) string {
	if rt := mux.CurrentRoute(r); rt != nil {
		if t, err := rt.GetPathTemplate(); err == nil {
			return t
		}
	}
	return "unmatched"
}

func writeJSON(w http.ResponseWriter, r *http.Request, status int, contentType string, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		slog.Error("ogc: encode response", "err", err)
		status, body = http.StatusInternalServerError, []byte(`{"error":"internal error","code":"internal"}`)
		contentType = typeJSON
	}
	if contentType == typeJSON || contentType == typeGeoJSON {
		contentType += "; charset=utf-8"
	}
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(append(body, '\n'))
	}
}

// link is an OGC API link object.
type link struct {
	Href     string `json:"href"`
	Rel      string `json:"rel"`
	Type     string `json:"type,omitempty"`
	Title    string `json:"title,omitempty"`
	HrefLang string `json:"hreflang,omitempty"`
}

// baseURL is the absolute URL of the API root, from the request's Host and
// scheme (X-Forwarded-Proto when a proxy in front terminates TLS).
func baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	if p := r.Header.Get("X-Forwarded-Proto"); p == "https" || p == "http" {
		scheme = p
	}
	return scheme + "://" + r.Host + "/ogc"
}

// wantHTML decides the representation: f wins, else an Accept header that asks
// for HTML and not JSON (a browser).
func wantHTML(f string, r *http.Request) bool {
	if f != "" {
		return f == "html"
	}
	acc := r.Header.Get("Accept")
	return strings.Contains(acc, "text/html") && !strings.Contains(acc, "json")
}

// parseFormatOnly accepts only f (the metadata resources take no other parameter).
func parseFormatOnly(r *http.Request) (string, error) {
	q := r.URL.Query()
	names := make([]string, 0, len(q))
	for k := range q {
		names = append(names, k)
	}
	sort.Strings(names)
	f := ""
	for _, k := range names {
		if k != "f" {
			return "", paramErr(k, "unknown parameter; allowed: f")
		}
		if len(q[k]) > 1 {
			return "", paramErr(k, "given %d times, expected once", len(q[k]))
		}
		var err error
		if f, err = ParseFormat(q[k][0]); err != nil {
			return "", err
		}
	}
	return f, nil
}

// property describes one feature property of a collection (OpenAPI, HTML, properties=).
type property struct {
	Name        string
	Type        string // JSON Schema type
	Format      string // e.g. date
	Nullable    bool
	Description string
	// NLDescription is Description in Dutch, for the HTML pages (lang="nl").
	NLDescription string
}

// TypeLabel is the Dutch name of the property's JSON Schema type (and format).
func (p property) TypeLabel() string {
	if p.Format == "date" {
		return "datum"
	}
	switch p.Type {
	case "string":
		return "tekst"
	case "integer":
		return "geheel getal"
	case "number":
		return "getal"
	case "boolean":
		return "ja/nee"
	}
	return p.Type
}

// collection is one served feature collection.
type collection struct {
	ID          string
	Title       string
	Description string
	// NLTitle and NLDescription are Title and Description in Dutch, for the
	// HTML pages (lang="nl"); the JSON keeps Title and Description.
	NLTitle       string
	NLDescription string
	Level         string
	Props         []property
}

var collectionList = []*collection{
	{
		ID: "municipalities", Title: "Gemeenten (municipalities)", Level: store.LevelMunicipality,
		Description:   "Dutch municipalities (CBS gemeente boundaries, generalised) with the state of their local inclusion agenda (VN-verdrag Handicap).",
		NLTitle:       "Gemeenten",
		NLDescription: "Nederlandse gemeenten (gegeneraliseerde gemeentegrenzen van CBS) met de stand van hun lokale inclusieagenda (VN-verdrag Handicap).",
		Props: []property{
			{Name: "code", Type: "string", Description: "CBS municipality code, e.g. GM0363", NLDescription: "CBS-gemeentecode, bijvoorbeeld GM0363"},
			{Name: "name", Type: "string", Description: "municipality name (CBS)", NLDescription: "naam van de gemeente (CBS)"},
			{Name: "province_code", Type: "string", Description: "CBS province code, e.g. PV27", NLDescription: "CBS-provinciecode, bijvoorbeeld PV27"},
			{Name: "province_name", Type: "string", Description: "province name", NLDescription: "naam van de provincie"},
			{Name: "year", Type: "integer", Description: "boundary year", NLDescription: "grensjaar"},
			{Name: "stage", Type: "integer", Nullable: true, Description: "stage of the local inclusion agenda, 1-6; null = unknown", NLDescription: "fase van de lokale inclusieagenda, 1-6; leeg = onbekend"},
			{Name: "stage_label", Type: "string", Nullable: true, Description: "Dutch label of the stage", NLDescription: "naam van de fase"},
			{Name: "score", Type: "number", Nullable: true, Description: "composite score 0-100; null = not assessed", NLDescription: "samengestelde score 0-100; leeg = niet beoordeeld"},
			{Name: "completeness", Type: "number", Nullable: true, Description: "share of indicators with a value, 0-1; null = not assessed", NLDescription: "aandeel indicatoren met een waarde, 0-1; leeg = niet beoordeeld"},
			{Name: "insufficient_data", Type: "boolean", Nullable: true, Description: "completeness below the threshold; null = not assessed", NLDescription: "volledigheid onder de drempel; leeg = niet beoordeeld"},
			{Name: "assessed_on", Type: "string", Format: "date", Nullable: true, Description: "date of the current assessment", NLDescription: "datum van de huidige beoordeling"},
			{Name: "koploper", Type: "boolean", Description: "one of the 2018 koploper (front-runner) municipalities", NLDescription: "een van de koplopergemeenten van 2018"},
			{Name: "demo", Type: "boolean", Description: "true when the assessment is generated demo data, not real", NLDescription: "ja als de beoordeling gegenereerde demogegevens zijn, geen echte beoordeling"},
			{Name: "stakeholders_involved", Type: "integer", Nullable: true, Description: "number of stakeholder groups recorded as involved", NLDescription: "aantal groepen belanghebbenden dat als betrokken is vastgelegd"},
			{Name: "basis", Type: "string", Nullable: true, Description: "where the current assessment comes from: public_record, self_assessment, network_review or demo; null = none", NLDescription: "herkomst van de huidige beoordeling: public_record (openbare bron), self_assessment (zelfevaluatie), network_review (netwerkbeoordeling) of demo; leeg = geen"},
			{Name: "source_date", Type: "string", Nullable: true, Description: "ISO 8601 date of the newest source of the published values (YYYY-MM-DD, or YYYY-MM / YYYY when the source gives no day); null = no source", NLDescription: "datum (ISO 8601) van de nieuwste bron van de gepubliceerde waarden (JJJJ-MM-DD, of JJJJ-MM / JJJJ als de bron geen dag noemt); leeg = geen bron"},
			{Name: "source_count", Type: "integer", Description: "number of distinct sources of the published values (0 = no source found)", NLDescription: "aantal verschillende bronnen van de gepubliceerde waarden (0 = geen bron gevonden)"},
			{Name: "source_stale", Type: "boolean", Nullable: true, Description: "true when the newest source is older than the configured age (default 2 years): possibly out of date", NLDescription: "ja als de nieuwste bron ouder is dan de ingestelde leeftijd (standaard 2 jaar): mogelijk verouderd"},
		},
	},
	{
		ID: "provinces", Title: "Provincies (provinces)", Level: store.LevelProvince,
		Description:   "Dutch provinces (CBS provincie boundaries, generalised).",
		NLTitle:       "Provincies",
		NLDescription: "Nederlandse provincies (gegeneraliseerde provinciegrenzen van CBS).",
		Props: []property{
			{Name: "code", Type: "string", Description: "CBS province code, e.g. PV27", NLDescription: "CBS-provinciecode, bijvoorbeeld PV27"},
			{Name: "name", Type: "string", Description: "province name", NLDescription: "naam van de provincie (CBS)"},
			{Name: "year", Type: "integer", Description: "boundary year", NLDescription: "grensjaar"},
		},
	},
}

func collectionByID(id string) (*collection, error) {
	for _, c := range collectionList {
		if c.ID == id {
			return c, nil
		}
	}
	ids := make([]string, len(collectionList))
	for i, c := range collectionList {
		ids[i] = c.ID
	}
	return nil, notFound("no collection %q (available: %s)", clipText(id), strings.Join(ids, ", "))
}

func (c *collection) path(single bool) string {
	if single {
		return "/ogc/collections/" + c.ID + "/items/{featureId}"
	}
	return "/ogc/collections/" + c.ID + "/items"
}

// params lists the query parameters an endpoint accepts, sorted.
func (c *collection) params(single bool) []string {
	if single {
		return append([]string(nil), itemParams...)
	}
	out := append(append([]string(nil), itemsParams...), FilterNames(c.Level)...)
	sort.Strings(out)
	return out
}

func (c *collection) parseProperties(s string) ([]string, error) {
	if s == "" {
		return nil, paramErr("properties", "empty; give a comma-separated list of property names")
	}
	var out []string
	seen := map[string]bool{}
	for _, p := range strings.Split(s, ",") {
		p = strings.TrimSpace(p)
		ok := false
		for _, d := range c.Props {
			ok = ok || d.Name == p
		}
		if !ok {
			names := make([]string, len(c.Props))
			for i, d := range c.Props {
				names[i] = d.Name
			}
			return nil, paramErr("properties", "%q is not a property of %s (properties: %s)", clipText(p), c.ID, strings.Join(names, ", "))
		}
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	return out, nil
}
