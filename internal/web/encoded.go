package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"sync"
)

// Encoded is a response body prepared once, with its gzip form and strong ETags.
type Encoded struct {
	raw, gz  []byte
	etag     string  // of raw
	etagGzip string  // of gz: a different representation gets a different strong ETag
	chunks   []chunk // how gz was compressed in chunks (EncodeParts), else nil

	hdr struct{ etag, etagGzip, length, lengthGzip []string } // header values, made once
}

// newEncoded is raw with its gzip form gz (compressed in chunks, or nil):
// the strong ETags of both, and the header values made once, so serving it
// allocates none.
func newEncoded(raw, gz []byte, chunks []chunk) *Encoded {
	sum := sha256.Sum256(raw)
	tag := hex.EncodeToString(sum[:16])
	e := &Encoded{raw: raw, gz: gz, etag: `"` + tag + `"`, etagGzip: `"` + tag + `-gz"`, chunks: chunks}
	e.hdr.etag, e.hdr.etagGzip = []string{e.etag}, []string{e.etagGzip}
	e.hdr.length, e.hdr.lengthGzip = []string{strconv.Itoa(len(e.raw))}, []string{strconv.Itoa(len(e.gz))}
	return e
}

var (
	varyAcceptEncoding  = []string{"Accept-Encoding"}
	contentEncodingGzip = []string{"gzip"}
	// headerValues interns the few constant values handlers pass (content
	// types, cache policies) as header slices.
	headerValues sync.Map
)

// headerValue returns v as a shared header value slice.
func headerValue(v string) []string {
	if s, ok := headerValues.Load(v); ok {
		return s.([]string)
	}
	s, _ := headerValues.LoadOrStore(v, []string{v})
	return s.([]string)
}

// Encode prepares raw for serving.
func Encode(raw []byte) (*Encoded, error) {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(raw); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return newEncoded(raw, buf.Bytes(), nil), nil
}

// AcceptsGzip reports whether the request accepts a gzip body.
func AcceptsGzip(r *http.Request) bool {
	rest := r.Header.Get("Accept-Encoding")
	for rest != "" {
		var part string
		part, rest, _ = strings.Cut(rest, ",")
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if name = strings.TrimSpace(name); strings.EqualFold(name, "gzip") || name == "*" {
			return !zeroQ(params)
		}
	}
	return false
}

// zeroQ reports whether the parameters of an Accept-Encoding entry give it
// q=0 (spaces allowed around the parts, up to three zero decimals).
func zeroQ(params string) bool {
	q := strings.TrimSpace(params)
	if !strings.Contains(q, " ") {
		return q == "q=0" || q == "q=0.0" || q == "q=0.00" || q == "q=0.000"
	}
	q = strings.ReplaceAll(q, " ", "")
	return q == "q=0" || q == "q=0.0" || q == "q=0.00" || q == "q=0.000"
}

// etagMatches implements If-None-Match: a list of tags or "*", weak comparison.
func etagMatches(header string, tags ...string) bool {
	if header == "" {
		return false
	}
	for _, c := range strings.Split(header, ",") {
		c = strings.TrimPrefix(strings.TrimSpace(c), "W/")
		if c == "*" {
			return true
		}
		for _, t := range tags {
			if c == t {
				return true
			}
		}
	}
	return false
}

// NotModified reports whether r's If-None-Match matches e (either form).
func (e *Encoded) NotModified(r *http.Request) bool {
	return etagMatches(r.Header.Get("If-None-Match"), e.etag, e.etagGzip)
}

// ServeEncoded writes e with caching headers, answering 304 to a matching
// If-None-Match and choosing gzip when the client accepts it. It returns the
// status and the number of body bytes written.
func ServeEncoded(w http.ResponseWriter, r *http.Request, e *Encoded, contentType, cacheControl string) (status, written int) {
	// Header values are assigned as shared, never-mutated slices under
	// canonical keys: no allocation per response on the hot path.
	h := w.Header()
	h["Vary"] = varyAcceptEncoding
	h["Cache-Control"] = headerValue(cacheControl)
	gz := AcceptsGzip(r)
	if gz {
		h["Etag"] = e.hdr.etagGzip
	} else {
		h["Etag"] = e.hdr.etag
	}
	if e.NotModified(r) {
		w.WriteHeader(http.StatusNotModified)
		return http.StatusNotModified, 0
	}
	h["Content-Type"] = headerValue(contentType)
	body := e.raw
	if gz {
		h["Content-Encoding"] = contentEncodingGzip
		h["Content-Length"] = e.hdr.lengthGzip
		body = e.gz
	} else {
		h["Content-Length"] = e.hdr.length
	}
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		written, _ = w.Write(body)
	}
	return http.StatusOK, written
}
