package server

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"

	"github.com/inclusiekaart/inclusiekaart/internal/store"
)

// apiError is an error with a status and a message that is safe to show a user.
type apiError struct {
	Status  int
	Code    string
	Message string
}

func (e *apiError) Error() string { return e.Message }

func badRequest(msg string) *apiError {
	return &apiError{Status: http.StatusBadRequest, Code: "bad_request", Message: msg}
}

func notFound(msg string) *apiError {
	return &apiError{Status: http.StatusNotFound, Code: "not_found", Message: msg}
}

// writeError is the one place that maps errors to HTTP responses. Unknown errors
// are logged with their detail and answered with a generic message.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	var ae *apiError
	switch {
	case errors.As(err, &ae):
	case errors.Is(err, store.ErrNotFound):
		// Store not-found messages are built from validated codes and years only.
		ae = notFound(err.Error())
	default:
		s.log.Error("request failed", "method", r.Method, "route", routeName(r), "err", err)
		ae = &apiError{Status: http.StatusInternalServerError, Code: "internal", Message: "internal error"}
	}
	writeJSONStatus(w, ae.Status, map[string]string{"error": ae.Message, "code": ae.Code})
}

func writeJSONStatus(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		slog.Error("encode response", "err", err)
		http.Error(w, `{"error":"internal error","code":"internal"}`, http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write(append(body, '\n'))
}
