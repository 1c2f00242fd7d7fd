package atlas

import (
	"errors"
	"fmt"
	"strings"

	"github.com/inclusiekaart/inclusiekaart/internal/store"
)

// Kind classifies an Error; adapters map it to an HTTP status or an exit code,
// each in one place. Its value is the "code" of the JSON error body.
type Kind string

// The kinds of error the service returns.
const (
	// BadRequest: a parameter of the request is malformed or not allowed.
	BadRequest Kind = "bad_request"
	// InvalidField: a field of a submitted document is wrong.
	InvalidField Kind = "invalid_field"
	// NotFound: no such municipality, year, collection or path.
	NotFound Kind = "not_found"
	// Moved: the municipality was merged into another (Successor).
	Moved Kind = "moved"
	// Unauthorized: no or no valid credentials.
	Unauthorized Kind = "unauthorized"
	// TooLarge: a submitted document is larger than allowed.
	TooLarge Kind = "too_large"
	// UnsupportedMediaType: a submitted document is not in an accepted format.
	UnsupportedMediaType Kind = "unsupported_media_type"
	// MethodNotAllowed: the resource exists but not for this method.
	MethodNotAllowed Kind = "method_not_allowed"
	// Forbidden: the actor is known but may not do this (role or scope).
	Forbidden Kind = "forbidden"
	// Conflict: the thing exists already or changed state meanwhile.
	Conflict Kind = "conflict"
	// TooManyRequests: too many attempts; try again after RetryAfter seconds.
	TooManyRequests Kind = "too_many_requests"
	// Unavailable: the service cannot answer yet (no database, no boundaries).
	Unavailable Kind = "unavailable"
)

// Error is the one typed error of the service: a kind, the field or parameter
// at fault (when there is one) and a message that is safe to show a user. Any
// other error is internal: logged with its detail, shown as "internal error".
type Error struct {
	Kind    Kind
	Field   string
	Message string
	// From and Successor are the codes of a Moved municipality.
	From, Successor string
	// Problems lists every wrong field of a form (the first is Field and
	// Message), so a page can show them all at once.
	Problems []Problem
	// RetryAfter is the wait in seconds of a TooManyRequests.
	RetryAfter int
}

// Problem is one wrong field of a submitted form.
type Problem struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

func (e *Error) Error() string { return e.Message }

// Errorf returns an *Error of kind about field with a formatted message.
func Errorf(kind Kind, field, format string, args ...any) *Error {
	return &Error{Kind: kind, Field: field, Message: fmt.Sprintf(format, args...)}
}

// ParamError is a malformed or unsupported query parameter; the message
// starts with "parameter NAME: ".
func ParamError(param, format string, args ...any) *Error {
	return &Error{Kind: BadRequest, Field: param, Message: "parameter " + param + ": " + fmt.Sprintf(format, args...)}
}

// FieldError is a wrong field of a submitted document; the message starts
// with the field's name.
func FieldError(field, format string, args ...any) *Error {
	return &Error{Kind: InvalidField, Field: field, Message: field + ": " + fmt.Sprintf(format, args...)}
}

// notFound is a NotFound error.
func notFound(format string, args ...any) *Error {
	return &Error{Kind: NotFound, Message: fmt.Sprintf(format, args...)}
}

// As returns err as an *Error when it is one (or wraps one).
func As(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// IsKind reports whether err is an *Error of kind.
func IsKind(err error, kind Kind) bool {
	e, ok := As(err)
	return ok && e.Kind == kind
}

// fromStore turns the store's sentinel errors into the service's typed error.
// Store not-found messages are built from validated codes and years only.
func fromStore(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, store.ErrNotFound):
		// "municipality GM9999 in 2025: not found" reads as Go; say it as a sentence.
		what := strings.TrimSuffix(err.Error(), ": "+store.ErrNotFound.Error())
		if what == store.ErrNotFound.Error() {
			return notFound("nothing was found")
		}
		return notFound("%s was not found", what)
	case errors.Is(err, store.ErrUnauthorized):
		return &Error{Kind: Unauthorized, Message: "invalid API token"}
	case errors.Is(err, store.ErrConflict):
		return &Error{Kind: Conflict, Message: strings.TrimPrefix(err.Error(), store.ErrConflict.Error()+": ")}
	case errors.Is(err, store.ErrStale):
		return &Error{Kind: Conflict, Message: "this submission was reviewed meanwhile"}
	}
	return err
}

// Clip shortens user input quoted in a message to 40 bytes of valid UTF-8.
func Clip(s string) string {
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return strings.ToValidUTF8(s, "?")
}
