package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
)

// Encoded is a response body prepared once, with its gzip form and strong ETags.
type Encoded struct {
	raw, gz  []byte
	etag     string  // of raw
	etagGzip string  // of gz: a different representation gets a different strong ETag
	chunks   []chunk // how gz was compressed in chunks (EncodeParts), else nil
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
	sum := sha256.Sum256(raw)
	tag := hex.EncodeToString(sum[:16])
	return &Encoded{raw: raw, gz: buf.Bytes(), etag: `"` + tag + `"`, etagGzip: `"` + tag + `-gz"`}, nil
}

// AcceptsGzip reports whether the request accepts a gzip body.
func AcceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(name), "gzip") || strings.TrimSpace(name) == "*" {
			q := strings.ReplaceAll(strings.TrimSpace(params), " ", "")
			return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
		}
	}
	return false
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

// ServeEncoded writes e with caching headers, answering 304 to a matching
// If-None-Match and choosing gzip when the client accepts it.
func ServeEncoded(w http.ResponseWriter, r *http.Request, e *Encoded, contentType, cacheControl string) {
	h := w.Header()
	h.Set("Vary", "Accept-Encoding")
	h.Set("Cache-Control", cacheControl)
	gz := AcceptsGzip(r)
	tag := e.etag
	if gz {
		tag = e.etagGzip
	}
	h.Set("ETag", tag)
	if etagMatches(r.Header.Get("If-None-Match"), e.etag, e.etagGzip) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Type", contentType)
	body := e.raw
	if gz {
		h.Set("Content-Encoding", "gzip")
		body = e.gz
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}
