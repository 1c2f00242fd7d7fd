// Package web is the HTTP plumbing the adapters share (the site and JSON API
// in internal/server, the OGC API in internal/ogc): the one mapping of
// service errors to HTTP responses, JSON writing, bodies encoded once with
// ETag and gzip, and strict parsing of query parameters. It holds no rules of
// its own: those are the service's (internal/atlas).
package web

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/gorilla/mux"

	"github.com/inclusiekaart/inclusiekaart/internal/atlas"
)

// statusOf maps each kind of service error to its HTTP status.
var statusOf = map[atlas.Kind]int{
	atlas.BadRequest:           http.StatusBadRequest,
	atlas.InvalidField:         http.StatusBadRequest,
	atlas.NotFound:             http.StatusNotFound,
	atlas.Moved:                http.StatusMovedPermanently,
	atlas.Unauthorized:         http.StatusUnauthorized,
	atlas.TooLarge:             http.StatusRequestEntityTooLarge,
	atlas.UnsupportedMediaType: http.StatusUnsupportedMediaType,
	atlas.MethodNotAllowed:     http.StatusMethodNotAllowed,
	atlas.Forbidden:            http.StatusForbidden,
	atlas.Conflict:             http.StatusConflict,
	atlas.TooManyRequests:      http.StatusTooManyRequests,
	atlas.Unavailable:          http.StatusServiceUnavailable,
}

// Status is the HTTP status of err: its kind's, else 500.
func Status(err error) int {
	if e, ok := atlas.As(err); ok {
		if s, ok := statusOf[e.Kind]; ok {
			return s
		}
	}
	return http.StatusInternalServerError
}

// WriteError is the one place that maps errors to HTTP responses:
// {"error": "...", "code": "..."} with the kind's status. A Moved answers 301
// with a Location that swaps the old code in the path for its successor; an
// Unauthorized names the Bearer scheme. Anything that is not an *atlas.Error
// is logged with its detail and answered 500 "internal error"; a request
// the client gave up on is not answered at all (whatever error the aborted
// work returned: the request log records it as aborted, not as a failure).
// Errors are never cached; a Moved is, for an hour.
func WriteError(w http.ResponseWriter, r *http.Request, log *slog.Logger, err error) {
	e, ok := atlas.As(err)
	if !ok {
		if r.Context().Err() != nil {
			return
		}
		log.Error("request failed", "method", r.Method, "route", Route(r), "request_id", RequestID(r.Context()), "err", err)
		w.Header().Set("Cache-Control", "no-store")
		WriteJSON(w, r, http.StatusInternalServerError, "", map[string]string{"error": "internal error", "code": "internal"})
		return
	}
	body := map[string]string{"error": e.Message, "code": string(e.Kind)}
	w.Header().Set("Cache-Control", "no-store")
	switch e.Kind {
	case atlas.Moved:
		w.Header().Set("Cache-Control", "public, max-age=3600")
		target := MovedPath(r, e.From, e.Successor)
		w.Header().Set("Location", target)
		body["location"] = target
	case atlas.Unauthorized:
		w.Header().Set("WWW-Authenticate", `Bearer realm="inclusiekaart"`)
	case atlas.TooManyRequests:
		w.Header().Set("Retry-After", strconv.Itoa(max(e.RetryAfter, 1)))
	}
	WriteJSON(w, r, Status(err), "", body)
}

// MovedPath is the request's path and query with the path segment naming from
// (any case) replaced by to.
func MovedPath(r *http.Request, from, to string) string {
	parts := strings.Split(r.URL.Path, "/")
	for i, p := range parts {
		if strings.EqualFold(p, from) {
			parts[i] = to
			break
		}
	}
	target := strings.Join(parts, "/")
	if r.URL.RawQuery != "" {
		target += "?" + r.URL.RawQuery
	}
	return target
}

// Media types.
const (
	TypeJSON    = "application/json"
	TypeGeoJSON = "application/geo+json"
	TypeCSV     = "text/csv; charset=utf-8"
)

// WriteJSON writes v as JSON with status; contentType defaults to
// application/json, and JSON types get "; charset=utf-8". HEAD gets no body.
func WriteJSON(w http.ResponseWriter, r *http.Request, status int, contentType string, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		slog.Error("encode response", "err", err)
		status, body, contentType = http.StatusInternalServerError, []byte(`{"error":"internal error","code":"internal"}`), TypeJSON
	}
	if contentType == "" {
		contentType = TypeJSON
	}
	if contentType == TypeJSON || contentType == TypeGeoJSON {
		contentType += "; charset=utf-8"
	}
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(append(body, '\n'))
	}
}

// Route is the matched route template of r, never the raw path (which may
// carry arbitrary user input), for logs.
func Route(r *http.Request) string {
	if rt := mux.CurrentRoute(r); rt != nil {
		if t, err := rt.GetPathTemplate(); err == nil {
			return t
		}
	}
	return "unmatched"
}

// HandlerFunc is the one handler style of the adapters: it writes the
// response, or returns an error that Handle answers through WriteError.
type HandlerFunc func(w http.ResponseWriter, r *http.Request) error

// Handle adapts h to net/http, answering its error in the one way.
func Handle(log *slog.Logger, h HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			WriteError(w, r, log, err)
		}
	}
}
