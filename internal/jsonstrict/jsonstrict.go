// Package jsonstrict decodes JSON request bodies strictly and explains every
// problem in words a person sending the body can act on.
//
// encoding/json is lenient where an API must not be: a duplicated key
// silently wins, invalid UTF-8 becomes U+FFFD, field names match case-
// insensitively, null is accepted for any type, and its errors name Go types
// ("cannot unmarshal array into Go value of type map[string]json.RawMessage")
// and drop array indices from paths. Unmarshal instead rejects all of these
// and returns an *Error whose Path names the value, e.g. "groups[3].name.nl"
// or "values.stage.value", and whose Message never mentions Go.
//
// Decoding is two passes: the first walks the tokens, checking syntax,
// nesting depth, duplicate keys and the UTF-8 of every raw string, and builds
// a small tree; the second fills the destination from the tree, checking
// types. So a malformed document is reported as malformed even when an
// earlier field also has the wrong type.
package jsonstrict

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"
)

// MaxDepth is how deeply objects and arrays may nest. Request bodies of this
// project are at most four levels deep; the bound keeps a hostile body from
// costing more than a few bytes of stack per byte of input.
const MaxDepth = 64

// Error is a problem with a JSON document. Path is "" for the document as a
// whole, which Error() calls "body".
type Error struct {
	Path    string
	Message string
	// Offset is the byte offset in the input near the problem, or -1 when
	// the problem is with a value's type rather than at one spot.
	Offset int64
}

func (e *Error) Error() string { return Field(e.Path) + ": " + e.Message }

// Field returns path, or "body" for the document as a whole.
func Field(path string) string {
	if path == "" {
		return "body"
	}
	return path
}

// kind is the JSON type of a node.
type kind uint8

const (
	kindNull kind = iota
	kindBool
	kindNumber
	kindString
	kindArray
	kindObject
)

// node is one value of a checked document.
type node struct {
	kind   kind
	path   string
	offset int64
	text   string // decoded string, or the number's literal
	b      bool
	elems  []*node // array elements; object values, in key order
	keys   []string
}

// describe names the value as an error message shows it: "an array",
// "a string", "2.5", "true", "null".
func (n *node) describe() string {
	switch n.kind {
	case kindNull:
		return "null"
	case kindBool:
		return strconv.FormatBool(n.b)
	case kindNumber:
		return clip(n.text, 40)
	case kindString:
		return "a string"
	case kindArray:
		return "an array"
	}
	return "an object"
}

// Unmarshal checks data and stores it in the struct or map that v points to.
// The document must be a single JSON object. Struct fields match their json
// tag (or Go name) exactly; keys without a field are errors, as are nulls
// except for pointers, slices and maps. Supported field types: string, bool,
// integers (whole-number literals only), floats, pointers, slices, maps with
// string keys and structs of these. Problems with the input are *Error; a
// destination of an unsupported type is a plain error (a programming error).
func Unmarshal(data []byte, v any) error {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return errors.New("jsonstrict: Unmarshal needs a non-nil pointer")
	}
	root, err := parse(data)
	if err != nil {
		return err
	}
	return decode(root, rv.Elem())
}

// Check reports the first problem with data as Unmarshal would before
// looking at types: syntax, depth, duplicate keys, UTF-8, trailing data and
// a document that is not an object.
func Check(data []byte) error {
	_, err := parse(data)
	return err
}

type parser struct {
	data []byte
	dec  *json.Decoder
	// badUTF8 is the offset of the first invalid UTF-8 byte, or -1.
	badUTF8 int64
}

func parse(data []byte) (*node, error) {
	if bytes.HasPrefix(data, bom) {
		// RFC 8259 8.1 lets a parser ignore a byte-order mark (editors on
		// Windows add one); blanked rather than cut, so offsets stay the input's.
		data = append([]byte("   "), data[len(bom):]...)
	}
	p := &parser{data: data, dec: json.NewDecoder(bytes.NewReader(data)), badUTF8: -1}
	p.dec.UseNumber()
	if !utf8.Valid(data) {
		p.badUTF8 = int64(firstInvalid(data))
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, &Error{Message: "empty; send a JSON object", Offset: 0}
	}
	tok, start, err := p.token("")
	if err != nil {
		return nil, p.stringError(err, "")
	}
	root, err := p.value(tok, start, "", 0)
	if err != nil {
		return nil, err
	}
	if root.kind != kindObject {
		return nil, &Error{Message: "must be a JSON object, not " + root.describe(), Offset: 0}
	}
	off := p.dec.InputOffset()
	if _, err := p.dec.Token(); err != io.EOF {
		if p.badUTF8 >= off {
			return nil, &Error{Message: "not valid UTF-8 at " + p.at(p.badUTF8), Offset: p.badUTF8}
		}
		return nil, &Error{Message: "unexpected data after the JSON object at " + p.at(skipSpace(data, off)), Offset: off}
	}
	return root, nil
}

// token reads the next token; start is the offset where it begins. path says
// where the reader is, for errors.
func (p *parser) token(path string) (json.Token, int64, error) {
	before := p.dec.InputOffset()
	tok, err := p.dec.Token()
	if err != nil {
		return nil, 0, p.syntaxError(err, path)
	}
	after := p.dec.InputOffset()
	start := before
	if s, ok := tok.(string); ok {
		// The raw token is the whitespace and delimiters Token skipped, then
		// the quoted literal; neither of the former contains a quote.
		raw := p.data[before:after]
		i := bytes.IndexByte(raw, '"')
		if i < 0 {
			return nil, 0, &Error{Path: path, Message: "is not valid JSON", Offset: before}
		}
		start = before + int64(i)
		if !utf8.Valid(raw[i:]) {
			return nil, 0, &utf8Error{offset: start + int64(firstInvalid(raw[i:])), str: s}
		}
	} else {
		start = skipSpace(p.data, before)
		if d, ok := tok.(json.Delim); ok {
			if j := bytes.IndexByte(p.data[before:after], byte(d)); j >= 0 {
				start = before + int64(j)
			}
		} else if start < int64(len(p.data)) && (p.data[start] == ',' || p.data[start] == ':') {
			start = skipSpace(p.data, start+1)
		}
	}
	return tok, start, nil
}

// utf8Error is an invalid string found by token; the caller knows whether it
// was a key or a value and so which path to name.
type utf8Error struct {
	offset int64
	str    string
}

func (e *utf8Error) Error() string { return fmt.Sprintf("not valid UTF-8 at byte %d", e.offset) }

func (p *parser) syntaxError(err error, path string) error {
	var se *json.SyntaxError
	off := p.dec.InputOffset()
	if errors.As(err, &se) {
		off = se.Offset
	}
	// A byte that is not UTF-8 outside a string is a syntax error too; say
	// what is wrong with it. The decoder's offset may stop short of the byte.
	if p.badUTF8 >= 0 && p.badUTF8 <= off+utf8.UTFMax {
		return &Error{Path: path, Message: "not valid UTF-8 at " + p.at(p.badUTF8), Offset: p.badUTF8}
	}
	switch {
	case se != nil:
		// The decoder may count the whitespace before a bad value; point
		// at the value.
		off = skipSpace(p.data, se.Offset)
		return &Error{Path: path, Message: "not valid JSON at " + p.at(off) + ": " + plainSyntax(se.Error()), Offset: off}
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		// Truncation is a problem of the whole body; say where it stopped.
		msg := "not a complete JSON object: the input ends at " + p.at(int64(len(p.data)))
		if path != "" {
			msg += " inside " + path
		}
		return &Error{Message: msg, Offset: int64(len(p.data))}
	}
	return &Error{Path: path, Message: "is not valid JSON", Offset: off}
}

// value reads the rest of the value whose first token is tok.
func (p *parser) value(tok json.Token, start int64, path string, depth int) (*node, error) {
	n := &node{path: path, offset: start}
	switch t := tok.(type) {
	case nil:
		n.kind = kindNull
	case bool:
		n.kind, n.b = kindBool, t
	case json.Number:
		n.kind, n.text = kindNumber, string(t)
	case string:
		n.kind, n.text = kindString, t
	case json.Delim:
		if depth+1 > MaxDepth {
			return nil, &Error{Path: path, Message: fmt.Sprintf("nested deeper than %d levels", MaxDepth), Offset: start}
		}
		switch t {
		case '[':
			n.kind = kindArray
			return n, p.array(n, depth+1)
		case '{':
			n.kind = kindObject
			return n, p.object(n, depth+1)
		}
		return nil, &Error{Path: path, Message: fmt.Sprintf("not valid JSON at %s: unexpected %q", p.at(start), string(t)), Offset: start}
	default:
		return nil, &Error{Path: path, Message: "is not valid JSON", Offset: start}
	}
	return n, nil
}

func (p *parser) array(n *node, depth int) error {
	for i := 0; ; i++ {
		path := fmt.Sprintf("%s[%d]", n.path, i)
		tok, start, err := p.token(path)
		if err != nil {
			return p.stringError(err, path)
		}
		if tok == json.Delim(']') {
			return nil
		}
		el, err := p.value(tok, start, path, depth)
		if err != nil {
			return err
		}
		n.elems = append(n.elems, el)
	}
}

func (p *parser) object(n *node, depth int) error {
	seen := map[string]bool{}
	for {
		tok, start, err := p.token(n.path)
		if err != nil {
			var ue *utf8Error
			if errors.As(err, &ue) {
				return &Error{Path: n.path, Message: "has a key that is not valid UTF-8 at " + p.at(ue.offset), Offset: ue.offset}
			}
			return err
		}
		if tok == json.Delim('}') {
			return nil
		}
		key, ok := tok.(string)
		if !ok {
			// json.Decoder reports a non-string key as a syntax error; this
			// is only a guard.
			return &Error{Path: n.path, Message: "not valid JSON at " + p.at(start) + ": a key must be a string", Offset: start}
		}
		path := join(n.path, key)
		if seen[key] {
			return &Error{Path: path, Message: "duplicate key", Offset: start}
		}
		seen[key] = true
		tok, vstart, err := p.token(path)
		if err != nil {
			return p.stringError(err, path)
		}
		el, err := p.value(tok, vstart, path, depth)
		if err != nil {
			return err
		}
		n.keys = append(n.keys, key)
		n.elems = append(n.elems, el)
	}
}

// stringError names path for a string value with invalid UTF-8.
func (p *parser) stringError(err error, path string) error {
	var ue *utf8Error
	if errors.As(err, &ue) {
		return &Error{Path: path, Message: "is not valid UTF-8 at " + p.at(ue.offset), Offset: ue.offset}
	}
	return err
}

// at says where offset off of the input is, for a person with an editor:
// "line 3, column 12 (byte 40)". Lines are counted by LF; the column counts
// characters (runes), from 1.
func (p *parser) at(off int64) string {
	off = min(max(off, 0), int64(len(p.data)))
	before := p.data[:off]
	line := 1 + bytes.Count(before, []byte{'\n'})
	col := 1 + utf8.RuneCount(before[bytes.LastIndexByte(before, '\n')+1:])
	return fmt.Sprintf("line %d, column %d (byte %d)", line, col, off)
}

// bom is the UTF-8 byte-order mark.
var bom = []byte{0xEF, 0xBB, 0xBF}

// syntaxWords turns encoding/json's description of a syntax error ("invalid
// character 'x' after object key") into words for the person who wrote the
// document; the character is kept as encoding/json quotes it.
var syntaxWords = []struct{ suffix, words string }{
	{" looking for beginning of value", "%s where a value should begin"},
	{" after object key:value pair", "%s after a value; expected ',' or '}'"},
	{" after object key", "%s after a key; expected ':'"},
	{" after array element", "%s after an element; expected ',' or ']'"},
	{" looking for beginning of object key string", "%s where a key should begin (a key is a string in double quotes)"},
	{" in string literal", "%s inside a string: write control characters escaped, e.g. \\n"},
	{" in string escape code", "%s in an escape inside a string"},
	{" after decimal point in numeric literal", "%s after a decimal point"},
	{" in exponent of numeric literal", "%s in the exponent of a number"},
	{" in numeric literal", "%s in a number"},
	{" after top-level value", "%s after the JSON object"},
}

// SyntaxWords words msg, the message of an encoding/json syntax error
// ("invalid character 'x' after object key"), for the person who wrote the
// document ("unexpected 'x' after a key; expected ':'"); other messages are
// returned as they are.
func SyntaxWords(msg string) string { return plainSyntax(strings.TrimPrefix(msg, "json: ")) }

// plainSyntax words msg, an encoding/json syntax error message, for people.
func plainSyntax(msg string) string {
	rest, ok := strings.CutPrefix(msg, "invalid character ")
	if !ok {
		return msg
	}
	for _, w := range syntaxWords {
		if c, ok := strings.CutSuffix(rest, w.suffix); ok {
			return fmt.Sprintf(w.words, "unexpected "+c)
		}
	}
	if c, lit, ok := strings.Cut(rest, " in literal "); ok { // "in literal true (expecting 'r')"
		word, _, _ := strings.Cut(lit, " ")
		return fmt.Sprintf("unexpected %s in %s (a bare word must be true, false or null; text goes in double quotes)", c, word)
	}
	return "unexpected " + rest
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func skipSpace(data []byte, off int64) int64 {
	for off < int64(len(data)) {
		switch data[off] {
		case ' ', '\t', '\n', '\r':
			off++
			continue
		}
		break
	}
	return off
}

func firstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return -1
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// decode stores n in rv, which must be settable.
func decode(n *node, rv reflect.Value) error {
	typeErr := func(want string) error {
		return &Error{Path: n.path, Message: "must be " + want + ", not " + n.describe(), Offset: -1}
	}
	if n.kind == kindNull {
		switch rv.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Map:
			rv.SetZero()
			return nil
		}
		want, err := wantOf(rv.Type())
		if err != nil {
			return err
		}
		return typeErr(want)
	}
	switch rv.Kind() {
	case reflect.Pointer:
		if rv.IsNil() {
			rv.Set(reflect.New(rv.Type().Elem()))
		}
		return decode(n, rv.Elem())
	case reflect.String:
		if n.kind != kindString {
			return typeErr("a string")
		}
		rv.SetString(n.text)
	case reflect.Bool:
		if n.kind != kindBool {
			return typeErr("true or false")
		}
		rv.SetBool(n.b)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if n.kind != kindNumber || strings.ContainsAny(n.text, ".eE") {
			return typeErr("a whole number")
		}
		i, err := strconv.ParseInt(n.text, 10, rv.Type().Bits())
		if err != nil {
			return &Error{Path: n.path, Message: fmt.Sprintf("%s is out of range", clip(n.text, 40)), Offset: -1}
		}
		rv.SetInt(i)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		if n.kind != kindNumber || strings.ContainsAny(n.text, ".eE") {
			return typeErr("a whole number")
		}
		u, err := strconv.ParseUint(n.text, 10, rv.Type().Bits())
		if err != nil {
			return &Error{Path: n.path, Message: fmt.Sprintf("%s is out of range", clip(n.text, 40)), Offset: -1}
		}
		rv.SetUint(u)
	case reflect.Float32, reflect.Float64:
		if n.kind != kindNumber {
			return typeErr("a number")
		}
		f, err := strconv.ParseFloat(n.text, rv.Type().Bits())
		if err != nil {
			return &Error{Path: n.path, Message: fmt.Sprintf("%s is out of range", clip(n.text, 40)), Offset: -1}
		}
		rv.SetFloat(f)
	case reflect.Slice:
		if n.kind != kindArray {
			return typeErr("an array")
		}
		s := reflect.MakeSlice(rv.Type(), len(n.elems), len(n.elems))
		for i, el := range n.elems {
			if err := decode(el, s.Index(i)); err != nil {
				return err
			}
		}
		rv.Set(s)
	case reflect.Map:
		if rv.Type().Key().Kind() != reflect.String {
			return fmt.Errorf("jsonstrict: map key type %s is not supported", rv.Type().Key())
		}
		if n.kind != kindObject {
			return typeErr("an object")
		}
		m := reflect.MakeMapWithSize(rv.Type(), len(n.keys))
		for i, k := range n.keys {
			el := reflect.New(rv.Type().Elem()).Elem()
			if err := decode(n.elems[i], el); err != nil {
				return err
			}
			m.SetMapIndex(reflect.ValueOf(k).Convert(rv.Type().Key()), el)
		}
		rv.Set(m)
	case reflect.Struct:
		if n.kind != kindObject {
			return typeErr("an object")
		}
		fields, err := fieldsOf(rv.Type())
		if err != nil {
			return err
		}
		for i, k := range n.keys {
			idx, ok := fields[k]
			if !ok {
				return &Error{Path: n.elems[i].path, Message: "unknown field", Offset: n.elems[i].offset}
			}
			if err := decode(n.elems[i], rv.Field(idx)); err != nil {
				return err
			}
		}
	default:
		return fmt.Errorf("jsonstrict: type %s is not supported", rv.Type())
	}
	return nil
}

// wantOf says what a value of type t must be, for a null where none is allowed.
func wantOf(t reflect.Type) (string, error) {
	switch t.Kind() {
	case reflect.String:
		return "a string", nil
	case reflect.Bool:
		return "true or false", nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number", nil
	case reflect.Float32, reflect.Float64:
		return "a number", nil
	case reflect.Struct:
		return "an object", nil
	}
	return "", fmt.Errorf("jsonstrict: type %s is not supported", t)
}

// fieldsOf maps the JSON names of t's exported fields to their index.
func fieldsOf(t reflect.Type) (map[string]int, error) {
	m := make(map[string]int, t.NumField())
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		if f.Anonymous {
			return nil, fmt.Errorf("jsonstrict: embedded field %s of %s is not supported", f.Name, t)
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		switch name {
		case "-":
			continue
		case "":
			name = f.Name
		}
		m[name] = i
	}
	return m, nil
}
