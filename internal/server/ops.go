package server

import (
	"net/http"
	"strings"

	"github.com/inclusiekaart/inclusiekaart/internal/atlas"
)

// The Cache-Control policy. Every response carries one: the handlers set
// theirs (layers, static files, release files, the site's personal pages),
// defaultCacheControl covers the rest.
const (
	// layerCacheControl: layers and lists with an ETag; a cache may serve them
	// for a minute and then revalidates (a 304 costs almost nothing), so a
	// write shows through a cache within about a minute.
	layerCacheControl = "public, max-age=60"
	// shortCacheControl: other API and OGC answers (details, filtered lists).
	shortCacheControl = "public, max-age=30"
	// immutableCacheControl: files of a published release, which never change.
	immutableCacheControl = "public, max-age=31536000, immutable"
	// noStore: health, readiness, metrics, errors, writes, personal pages.
	noStore = "no-store"
)

// defaultCacheControl is the Cache-Control of a response whose handler set
// none: errors and writes are never stored, API and OGC answers briefly,
// other pages are revalidated on every use.
func defaultCacheControl(r *http.Request, status int) string {
	switch {
	case status >= 400 || (r.Method != http.MethodGet && r.Method != http.MethodHead):
		return noStore
	case status == http.StatusMovedPermanently:
		return "public, max-age=3600"
	case corsPath(r.URL.Path):
		return shortCacheControl
	default:
		return "no-cache"
	}
}

// corsPath reports whether path is part of the public data interfaces (the
// JSON API and the OGC API), which any web page may read.
func corsPath(path string) bool {
	return strings.HasPrefix(path, "/api/") || path == "/ogc" || strings.HasPrefix(path, "/ogc/")
}

// corsSafeHeaders are the request headers a cross-origin reader may send.
var corsSafeHeaders = map[string]bool{"accept": true, "accept-language": true, "content-language": true,
	"if-none-match": true, "if-modified-since": true, "x-request-id": true}

var (
	corsAnyOrigin = []string{"*"}
	corsExposed   = []string{"ETag, Link, Location, X-Request-Id, Content-Disposition"}
)

// corsRead adds the headers that let any origin read a GET or HEAD answer:
// shared, never-mutated values under canonical keys, no allocation.
func corsRead(h http.Header) {
	h["Access-Control-Allow-Origin"] = corsAnyOrigin
	h["Access-Control-Expose-Headers"] = corsExposed
}

// cors lets any origin read the JSON API and the OGC API with GET and HEAD,
// without credentials (Access-Control-Allow-Origin: *), and answers their
// preflight requests. Writes are not offered to other origins: a preflight
// for PUT gets no Allow-Methods for it, so the browser does not send it.
func cors(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !corsPath(r.URL.Path) {
			next.ServeHTTP(w, r)
			return
		}
		h := w.Header()
		if r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != "" {
			h.Set("Access-Control-Allow-Origin", "*")
			h.Set("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS")
			var allow []string
			for _, name := range strings.Split(r.Header.Get("Access-Control-Request-Headers"), ",") {
				if name = strings.ToLower(strings.TrimSpace(name)); corsSafeHeaders[name] {
					allow = append(allow, name)
				}
			}
			if len(allow) > 0 {
				h.Set("Access-Control-Allow-Headers", strings.Join(allow, ", "))
			}
			h.Set("Access-Control-Max-Age", "86400")
			h.Set("Cache-Control", noStore)
			w.WriteHeader(http.StatusNoContent)
			return
		}
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			corsRead(h)
		}
		next.ServeHTTP(w, r)
	})
}

// handleReady answers /readyz: 200 when the database answers and holds at
// least one boundary set, else 503 naming what is missing. /healthz only
// says the process runs.
func (s *Server) handleReady(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Cache-Control", noStore)
	if err := s.svc.Ready(r.Context()); err != nil {
		if e, ok := atlas.As(err); ok && e.Kind == atlas.Unavailable {
			w.Header().Set("Retry-After", "5")
			return writeJSON(w, r, http.StatusServiceUnavailable, map[string]string{"status": "not_ready", "error": e.Message, "code": string(e.Kind)})
		}
		return err
	}
	return writeJSON(w, r, http.StatusOK, map[string]string{"status": "ready"})
}
