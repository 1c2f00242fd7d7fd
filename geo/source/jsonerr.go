package source

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"

	"github.com/inclusiekaart/inclusiekaart/internal/jsonstrict"
)

// utf8BOM is the byte order mark Windows tools write at the start of
// UTF-8 text; RFC 8259 lets a JSON parser ignore it.
var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// formatError is an ErrFormat with its own wording.
type formatError struct{ msg string }

func (e *formatError) Error() string { return e.msg }
func (e *formatError) Unwrap() error { return ErrFormat }

// prepareJSON skips a UTF-8 byte order mark and rejects input that
// cannot be JSON text at all (empty, or UTF-16) with a message that says
// so. The errors wrap ErrFormat.
func prepareJSON(data []byte) ([]byte, error) {
	data = bytes.TrimPrefix(data, utf8BOM)
	if bytes.HasPrefix(data, []byte{0xFE, 0xFF}) || bytes.HasPrefix(data, []byte{0xFF, 0xFE}) {
		return nil, &formatError{"the text is UTF-16 (it starts with a UTF-16 byte order mark); save it as UTF-8"}
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, &formatError{"empty file"}
	}
	return data, nil
}

// prepareReader is prepareJSON for a stream: it skips a UTF-8 byte order
// mark and rejects UTF-16; empty input is found by the decoder.
func prepareReader(r io.Reader) (io.Reader, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	if b, _ := br.Peek(2); bytes.Equal(b, []byte{0x1f, 0x8b}) { // gzip: a .geojson.gz is read as it is
		gz, err := gzip.NewReader(br)
		if err != nil {
			return nil, &formatError{"the file looks gzip-compressed but cannot be read as gzip: " + err.Error()}
		}
		br = bufio.NewReaderSize(&capReader{r: gz, left: maxUnzipped}, 64<<10)
	}
	if b, _ := br.Peek(3); bytes.Equal(b, utf8BOM) {
		_, _ = br.Discard(3)
	}
	if b, _ := br.Peek(2); bytes.Equal(b, []byte{0xFE, 0xFF}) || bytes.Equal(b, []byte{0xFF, 0xFE}) {
		return nil, &formatError{"the text is UTF-16 (it starts with a UTF-16 byte order mark); save it as UTF-8"}
	}
	b, _ := br.Peek(16)
	for _, k := range binaryKinds {
		if bytes.HasPrefix(b, k.magic) {
			return nil, &formatError{"this is " + k.what + ", not GeoJSON or TopoJSON; convert it first, e.g. ogr2ogr -f GeoJSON -t_srs EPSG:4326 out.geojson " + k.input}
		}
	}
	return br, nil
}

// maxUnzipped is the most a gzip-compressed source may expand to.
const maxUnzipped = 1 << 30

// capReader reads r until left bytes are used, then fails with ErrTooLarge
// (a small file must not expand into more than one import takes).
type capReader struct {
	r    io.Reader
	left int64
}

func (c *capReader) Read(p []byte) (int, error) {
	if c.left <= 0 {
		return 0, fmt.Errorf("the gzip-compressed file expands to more than %d MiB: %w", maxUnzipped>>20, ErrTooLarge)
	}
	if int64(len(p)) > c.left {
		p = p[:c.left]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	return n, err
}

// binaryKinds are the files people most often give instead of GeoJSON, by
// their first bytes, so the error can say what was given.
var binaryKinds = []struct {
	magic       []byte
	what, input string
}{
	{[]byte("SQLite format 3\x00"), "an SQLite database (a GeoPackage?)", "FILE.gpkg"},
	{[]byte("PK\x03\x04"), "a ZIP archive (a zipped shapefile?)", "/vsizip/FILE.zip"},
	{[]byte{0x00, 0x00, 0x27, 0x0A}, "a shapefile (.shp)", "FILE.shp"},
	{[]byte("<?xml"), "XML (GML or KML?)", "FILE"},
}

// humanError is an error from encoding/json reworded for a user: no Go
// type names. The original stays reachable with errors.As.
type humanError struct {
	msg string
	err error
}

func (e *humanError) Error() string { return e.msg }
func (e *humanError) Unwrap() error { return e.err }

// jsonErr rewords an encoding/json decoding error (nil stays nil): a type
// mismatch says what was wanted and what was found, in JSON terms; a
// truncated document says so.
func jsonErr(err error) error {
	if err == nil {
		return nil
	}
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	switch {
	case errors.As(err, &te):
		msg := fmt.Sprintf("want %s, got %s", jsonKind(te.Type), jsonValue(te.Value))
		if te.Field != "" {
			msg = fmt.Sprintf("%q: %s", te.Field, msg)
		}
		return &humanError{msg, err}
	case errors.As(err, &se):
		// encoding/json's offset of an error inside a streamed value is
		// only near it; a file's reader adds the exact line and column
		// (syntaxPosition).
		return &humanError{"invalid JSON: " + jsonstrict.SyntaxWords(se.Error()), err}
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return &humanError{"unexpected end of the JSON text (is the file cut off?)", err}
	}
	msg := err.Error()
	if strings.Contains(msg, "Go value") || strings.Contains(msg, "Go struct") {
		return &humanError{"invalid value", err}
	}
	return err
}

// jsonKind names the JSON value a Go type is decoded from.
func jsonKind(t reflect.Type) string {
	if t == nil {
		return "a value"
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Map, reflect.Struct:
		return "an object"
	}
	return "a different value"
}

// jsonValue words the Value of a json.UnmarshalTypeError ("string",
// "number 1.5", "array", ...).
func jsonValue(v string) string {
	switch {
	case v == "array", v == "object":
		return "an " + v
	case v == "bool":
		return "true or false"
	case v == "string", v == "number":
		return "a " + v
	case strings.HasPrefix(v, "number "):
		return v
	}
	return strconv.Quote(v)
}

// describeJSON words the JSON value v as decoded into any.
func describeJSON(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		return "a string"
	case bool:
		return "true or false"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	case json.Number:
		return "the number " + truncate(x.String(), 40)
	}
	return "a different value"
}

// decodeAny decodes raw into any, keeping numbers as json.Number.
func decodeAny(raw []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	err := dec.Decode(&v)
	return v, err
}

// nullInside reports whether raw, a JSON array, may hold a null below its
// top level: encoding/json decodes a null number as 0 without a word, so
// such coordinates are checked by locateCoordinateError.
func nullInside(raw []byte) bool { return bytes.Contains(raw, []byte("null")) }

// locateCoordinateError finds the first bad position in coordinates raw
// of the given depth (3 for a Polygon, 4 for a MultiPolygon, 2 for a
// TopoJSON arc) and says where and what: "ring 0 position 3: coordinate
// is a string, need a number". It returns nil when it finds nothing wrong
// and cause is nil; null positions and rings are left to the structural
// checks ("need 2 numbers, got 0"). It is only called after a failed fast
// decode or when the text holds a null, so its slower generic decoding
// costs nothing on good input.
func locateCoordinateError(raw json.RawMessage, depth int, cause error) error {
	v, err := decodeAny(raw)
	if err != nil {
		return jsonErr(err)
	}
	var walk func(v any, level int, where string) error
	walk = func(v any, level int, where string) error {
		where = strings.TrimSpace(where)
		if v == nil {
			return nil // decodes as empty; the structural checks report it
		}
		if level == 0 { // a position
			arr, ok := v.([]any)
			if !ok {
				return fmt.Errorf("%s: %s, need an array of 2 numbers", where, describeJSON(v))
			}
			for c, x := range arr {
				n, ok := x.(json.Number)
				if !ok {
					if _, isStr := x.(string); isStr {
						return fmt.Errorf("%s: coordinate is a string, need a number", where)
					}
					return fmt.Errorf("%s: coordinate %d is %s, need a number", where, c, describeJSON(x))
				}
				if _, err := strconv.ParseFloat(n.String(), 64); err != nil {
					return fmt.Errorf("%s: coordinate %s is out of range", where, truncate(n.String(), 40))
				}
			}
			return nil
		}
		arr, ok := v.([]any)
		if !ok {
			if where == "" {
				return fmt.Errorf("coordinates: %s, need an array", describeJSON(v))
			}
			return fmt.Errorf("%s: %s, need an array", where, describeJSON(v))
		}
		for i, x := range arr {
			var sub string
			switch level {
			case 1:
				sub = fmt.Sprintf("%s position %d", where, i)
			case 2:
				sub = fmt.Sprintf("%s ring %d", where, i)
			default:
				sub = fmt.Sprintf("polygon %d", i)
			}
			if err := walk(x, level-1, sub); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(v, depth-1, ""); err != nil {
		if strings.HasPrefix(err.Error(), "coordinates:") {
			return &humanError{err.Error(), cause}
		}
		return &humanError{"coordinates: " + err.Error(), cause}
	}
	if cause == nil {
		return nil
	}
	return fmt.Errorf("coordinates: %w", jsonErr(cause))
}

// syntaxPosition finds where the JSON text of r first breaks, reading it
// token by token (the decoder's tokens carry exact offsets, unlike its
// errors inside a streamed value), and returns that place as "line 3,
// column 17" (1-based; columns count characters). The second reader is the
// same text from the start again, to count the lines up to there. ok is
// false when r holds no syntax error.
func syntaxPosition(r io.Reader, again io.Reader) (where string, ok bool) {
	br, err := prepareReader(r)
	if err != nil {
		return "", false
	}
	dec := json.NewDecoder(br)
	var off int64 = -1
	for {
		_, err := dec.Token()
		if err == io.EOF {
			return "", false
		}
		var se *json.SyntaxError
		if errors.As(err, &se) {
			off = se.Offset
			break
		}
		if err != nil {
			return "", false
		}
	}
	ar, err := prepareReader(again)
	if err != nil {
		return "", false
	}
	line, col := 1, 1
	rd := bufio.NewReader(io.LimitReader(ar, off))
	for {
		c, _, err := rd.ReadRune()
		if err != nil {
			break
		}
		if c == '\n' {
			line, col = line+1, 1
			continue
		}
		col++
	}
	return fmt.Sprintf("line %d, column %d", line, col), true
}
