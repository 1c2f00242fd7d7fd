package server

import (
	"github.com/inclusiekaart/inclusiekaart/internal/web"

	"compress/gzip"
	"net/http"
	"strings"
	"sync"
)

var gzipPool = sync.Pool{New: func() any {
	zw, _ := gzip.NewWriterLevel(nil, gzip.DefaultCompression)
	return zw
}}

// compressible content types; anything else (images, already-encoded bodies) passes through.
func compressible(ct string) bool {
	for _, p := range []string{"application/json", "application/geo+json", "application/vnd.oai.openapi+json", "text/"} {
		if strings.HasPrefix(ct, p) {
			return true
		}
	}
	return false
}

// gzipWriter compresses a response on the fly when the handler did not encode it
// itself (the cached layers and static files come pre-compressed).
type gzipWriter struct {
	http.ResponseWriter
	zw      *gzip.Writer
	decided bool
}

func (g *gzipWriter) WriteHeader(code int) {
	if !g.decided {
		g.decided = true
		h := g.Header()
		if code == http.StatusOK && h.Get("Content-Encoding") == "" && compressible(h.Get("Content-Type")) {
			h.Set("Content-Encoding", "gzip")
			addVary(h, "Accept-Encoding")
			h.Del("Content-Length")
			g.zw = gzipPool.Get().(*gzip.Writer)
			g.zw.Reset(g.ResponseWriter)
		}
	}
	g.ResponseWriter.WriteHeader(code)
}

func (g *gzipWriter) Write(b []byte) (int, error) {
	if !g.decided {
		g.WriteHeader(http.StatusOK)
	}
	if g.zw != nil {
		return g.zw.Write(b)
	}
	return g.ResponseWriter.Write(b)
}

func (g *gzipWriter) close() {
	if g.zw != nil {
		g.zw.Close()
		gzipPool.Put(g.zw)
		g.zw = nil
	}
}

// gzipResponses compresses JSON, HTML and CSV responses for clients that accept gzip.
func gzipResponses(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodHead || !web.AcceptsGzip(r) {
			next.ServeHTTP(w, r)
			return
		}
		g := &gzipWriter{ResponseWriter: w}
		defer g.close()
		next.ServeHTTP(g, r)
	})
}

// addVary adds name to the Vary header as one comma-separated value, so that
// readers of the first header line (Header.Get) see every name.
func addVary(h http.Header, name string) {
	cur := h.Values("Vary")
	for _, v := range cur {
		for _, part := range strings.Split(v, ",") {
			if strings.EqualFold(strings.TrimSpace(part), name) {
				return
			}
		}
	}
	h.Set("Vary", strings.Join(append(cur, name), ", "))
}
