package assessment

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"time"

	"github.com/inclusiekaart/inclusiekaart/internal/scoring"
)

var topFields = map[string]bool{
	"code": true, "assessed_on": true, "source": true, "assessor": true, "values": true, "demo": true,
}

var valueFields = map[string]bool{"value": true, "evidence": true, "note": true}

// ParseJSON reads one assessment object from r and validates it. It is
// strict: unknown fields, unknown indicator ids, non-integer values and
// trailing data after the object are errors. Errors are *FieldError with a
// JSON path. Callers limit the size of r.
func ParseJSON(r io.Reader, f *scoring.Framework, today time.Time) (Assessment, error) {
	var a Assessment
	dec := json.NewDecoder(r)
	var top map[string]json.RawMessage
	if err := dec.Decode(&top); err != nil {
		return a, &FieldError{Message: "body is not a JSON object: " + jsonErr(err)}
	}
	if top == nil {
		return a, &FieldError{Message: "body is not a JSON object"}
	}
	if _, err := dec.Token(); err != io.EOF {
		return a, &FieldError{Message: "unexpected data after the JSON object"}
	}
	if k := firstUnknown(top, topFields); k != "" {
		return a, &FieldError{Field: k, Message: "unknown field"}
	}
	strs := []struct {
		key string
		dst *string
	}{{"code", &a.Code}, {"assessed_on", &a.AssessedOn}, {"source", &a.Source}, {"assessor", &a.Assessor}}
	for _, s := range strs {
		if raw, ok := top[s.key]; ok && !isNull(raw) {
			if err := json.Unmarshal(raw, s.dst); err != nil {
				return a, &FieldError{Field: s.key, Message: "must be a string"}
			}
		}
	}
	if raw, ok := top["demo"]; ok && !isNull(raw) {
		if err := json.Unmarshal(raw, &a.Demo); err != nil {
			return a, &FieldError{Field: "demo", Message: "must be true or false"}
		}
	}
	var vals map[string]json.RawMessage
	if raw, ok := top["values"]; ok {
		if err := json.Unmarshal(raw, &vals); err != nil {
			return a, &FieldError{Field: "values", Message: "must be an object of indicator id to {\"value\": …}"}
		}
	}
	ids := make([]string, 0, len(vals))
	for id := range vals {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	a.Values = make(map[string]Value, len(vals))
	for _, id := range ids {
		if _, ok := f.Indicator(id); !ok {
			return a, &FieldError{Field: "values." + id, Message: fmt.Sprintf("unknown indicator %q", id)}
		}
		v, err := parseJSONValue(id, vals[id])
		if err != nil {
			return a, err
		}
		a.Values[id] = v
	}
	if err := a.Validate(f, today); err != nil {
		return a, err
	}
	return a, nil
}

func parseJSONValue(id string, raw json.RawMessage) (Value, error) {
	var v Value
	field := "values." + id
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(raw, &obj); err != nil || obj == nil {
		return v, &FieldError{Field: field, Message: "must be an object like {\"value\": 2}"}
	}
	if k := firstUnknown(obj, valueFields); k != "" {
		return v, &FieldError{Field: field + "." + k, Message: "unknown field"}
	}
	num, ok := obj["value"]
	if !ok || isNull(num) {
		return v, &FieldError{Field: field + ".value", Message: "is required"}
	}
	n, err := strconv.Atoi(string(bytes.TrimSpace(num)))
	if err != nil {
		return v, &FieldError{Field: field + ".value", Message: fmt.Sprintf("%s is not an integer", truncate(string(num), 40))}
	}
	v.Value = n
	for _, s := range []struct {
		key string
		dst *string
	}{{"evidence", &v.Evidence}, {"note", &v.Note}} {
		if raw, ok := obj[s.key]; ok && !isNull(raw) {
			if err := json.Unmarshal(raw, s.dst); err != nil {
				return v, &FieldError{Field: field + "." + s.key, Message: "must be a string"}
			}
		}
	}
	return v, nil
}

func firstUnknown(m map[string]json.RawMessage, allowed map[string]bool) string {
	var bad []string
	for k := range m {
		if !allowed[k] {
			bad = append(bad, k)
		}
	}
	if len(bad) == 0 {
		return ""
	}
	sort.Strings(bad)
	return bad[0]
}

func isNull(raw json.RawMessage) bool { return string(bytes.TrimSpace(raw)) == "null" }

func jsonErr(err error) string {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Sprintf("%v (at byte %d)", se, se.Offset)
	}
	if errors.Is(err, io.EOF) {
		return "empty body"
	}
	return err.Error()
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
