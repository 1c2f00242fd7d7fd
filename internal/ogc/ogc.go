// Package ogc serves OGC API - Features (Part 1 Core + GeoJSON + HTML + OpenAPI 3.0,
// Part 2 CRS by reference) over the municipality and province boundaries with
// their assessment fields. It is an adapter: features come from the service
// (internal/atlas), so items carry exactly the properties of the GeoJSON
// export, and the collection schemas, queryables, property filters and the
// OpenAPI document are produced from the service's contract tables.
package ogc

import (
	"slices"

	"fmt"
	"log/slog"
	"net/http"
	"sort"
	"strings"

	"github.com/gorilla/mux"

	"github.com/inclusiekaart/inclusiekaart/internal/atlas"
	"github.com/inclusiekaart/inclusiekaart/internal/web"
)

// Media types.
const (
	typeJSON    = "application/json"
	typeGeoJSON = "application/geo+json"
	typeOpenAPI = "application/vnd.oai.openapi+json;version=3.0"
	typeHTML    = "text/html"
)

// Attribution and licence of the boundaries (CC BY 4.0 requires naming the source).
const (
	attribution   = atlas.Attribution
	licenseText   = atlas.License
	licenseTextNL = atlas.LicenseNL
	licenseURL    = atlas.LicenseURL
)

// API is the OGC API - Features endpoint.
type API struct {
	svc *atlas.Service
	log *slog.Logger
	// responses keeps encoded items and item responses (JSON) per layer
	// generation: built and compressed once, then served with ETag and 304.
	responses *web.ResponseCache
}

// Bounds of the response cache.
const (
	maxCachedResponses     = 512
	maxCachedResponseBytes = 24 << 20
)

// New returns the API over svc.
func New(svc *atlas.Service, log *slog.Logger) *API {
	if log == nil {
		log = slog.Default()
	}
	return &API{svc: svc, log: log, responses: web.NewResponseCache(maxCachedResponses, maxCachedResponseBytes)}
}

// Register adds the /ogc routes to r.
func (a *API) Register(r *mux.Router) {
	get := func(p string, h web.HandlerFunc) {
		r.HandleFunc(p, a.wrap(h)).Methods(http.MethodGet, http.MethodHead)
	}
	get("/ogc", a.landing)
	get("/ogc/", a.landing)
	get("/ogc/api", a.openAPI)
	get("/ogc/conformance", a.conformance)
	get("/ogc/collections", a.collections)
	get("/ogc/collections/{collectionId}", a.collection)
	get("/ogc/collections/{collectionId}/queryables", a.queryables)
	get("/ogc/collections/{collectionId}/items", a.items)
	get("/ogc/collections/{collectionId}/items/{featureId}", a.item)
}

// wrap adapts a handler to net/http the one way (web.Handle), adding Vary:
// without f, the Accept header picks HTML or JSON, so caches must key on it.
func (a *API) wrap(h web.HandlerFunc) http.HandlerFunc {
	inner := web.Handle(a.log, h)
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("Vary", "Accept")
		inner(w, r)
	}
}

func writeJSON(w http.ResponseWriter, r *http.Request, status int, contentType string, v any) {
	web.WriteJSON(w, r, status, contentType, v)
}

func notFound(format string, args ...any) error {
	return &atlas.Error{Kind: atlas.NotFound, Message: fmt.Sprintf(format, args...)}
}

// link is an OGC API link object.
type link struct {
	Href     string `json:"href"`
	Rel      string `json:"rel"`
	Type     string `json:"type,omitempty"`
	Title    string `json:"title,omitempty"`
	HrefLang string `json:"hreflang,omitempty"`
}

// baseURL is the absolute URL of the API root: serve --public-url, else
// the request's scheme and Host (web.BaseURL).
func baseURL(r *http.Request) string { return web.BaseURL(r) + "/ogc" }

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

// property is one published field of a collection as the HTML pages show it.
type property struct{ atlas.Field }

// TypeLabel is the Dutch name of the property's JSON Schema type (and format).
func (p property) TypeLabel() string {
	if p.Format == "date" {
		return "datum"
	}
	switch p.Type {
	case atlas.String:
		return "tekst"
	case atlas.Integer:
		return "geheel getal"
	case atlas.Number:
		return "getal"
	case atlas.Boolean:
		return "ja/nee"
	}
	return string(p.Type)
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
	// Fields is the collection's contract table.
	Fields []atlas.Field
}

// Filterable are the collection's filterable fields for the HTML pages.
func (c *collection) Filterable() []property {
	var out []property
	for _, p := range c.Props() {
		if p.Filter != atlas.NoFilter {
			out = append(out, p)
		}
	}
	return out
}

// Props are the collection's fields for the HTML pages.
func (c *collection) Props() []property {
	out := make([]property, len(c.Fields))
	for i, f := range c.Fields {
		out[i] = property{f}
	}
	return out
}

var collectionList = []*collection{
	{
		ID: "municipalities", Title: "Gemeenten (municipalities)", Level: atlas.LevelMunicipality,
		Description:   "Dutch municipalities (CBS gemeente boundaries, generalised) with the state of their local inclusion agenda (VN-verdrag Handicap).",
		NLTitle:       "Gemeenten",
		NLDescription: "Nederlandse gemeenten (gegeneraliseerde gemeentegrenzen van CBS) met de stand van hun lokale inclusieagenda (VN-verdrag Handicap).",
		Fields:        atlas.MunicipalityFields,
	},
	{
		ID: "provinces", Title: "Provincies (provinces)", Level: atlas.LevelProvince,
		Description:   "Dutch provinces (CBS provincie boundaries, generalised).",
		NLTitle:       "Provincies",
		NLDescription: "Nederlandse provincies (gegeneraliseerde provinciegrenzen van CBS).",
		Fields:        atlas.ProvinceFields,
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
	return nil, notFound("there is no collection %q; the collections are %s", clipText(id), strings.Join(ids, ", "))
}

// collectionResource parses the request of a resource of one collection that
// takes only f: the collection and the format.
func collectionResource(r *http.Request) (*collection, string, error) {
	c, err := collectionByID(mux.Vars(r)["collectionId"])
	if err != nil {
		return nil, "", err
	}
	f, err := parseFormatOnly(r)
	return c, f, err
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
	out := append(append([]string(nil), itemsParams...), atlas.FilterNames(c.Fields)...)
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
		names := atlas.FieldNames(c.Fields)
		if !slices.Contains(names, p) {
			return nil, paramErr("properties", "%q is not a property of %s (properties: %s)", clipText(p), c.ID, strings.Join(names, ", "))
		}
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	return out, nil
}

// paramErr is a malformed or unsupported query parameter (atlas.ParamError).
func paramErr(param, format string, args ...any) error {
	return atlas.ParamError(param, format, args...)
}

func clipText(s string) string { return atlas.Clip(s) }

// DropCaches empties the response cache (an idle server gives the memory
// back; the next requests build their answers again).
func (a *API) DropCaches() { a.responses.Clear() }
