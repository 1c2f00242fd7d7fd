package server

import (
	"github.com/inclusiekaart/inclusiekaart/internal/web"

	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"

	"github.com/inclusiekaart/inclusiekaart/static"
)

// staticAsset is one embedded file, prepared once with its gzip form and ETags.
type staticAsset struct {
	*web.Encoded
	contentType string
}

// loadStatic encodes every embedded page file at start-up (a few hundred KB).
func loadStatic() (map[string]staticAsset, error) {
	out := map[string]staticAsset{}
	err := fs.WalkDir(static.FS, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(name, ".go") {
			return err
		}
		b, err := fs.ReadFile(static.FS, name)
		if err != nil {
			return err
		}
		e, err := web.Encode(b)
		if err != nil {
			return err
		}
		ct := mime.TypeByExtension(path.Ext(name))
		if ct == "" {
			ct = "application/octet-stream"
		}
		if strings.HasPrefix(ct, "text/") && !strings.Contains(ct, "charset") {
			ct += "; charset=utf-8"
		}
		out[name] = staticAsset{Encoded: e, contentType: ct}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("static files: %w", err)
	}
	return out, nil
}

// page serves one HTML page; pages are revalidated on every visit.
func (s *Server) page(name string) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		return s.serveAsset(w, r, name, "no-cache")
	}
}

// staticFiles serves the embedded files gzip-compressed with strong ETags; unknown
// paths get a JSON 404.
func (s *Server) staticFiles() http.Handler {
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		return s.serveAsset(w, r, strings.TrimPrefix(path.Clean(r.URL.Path), "/"), "public, max-age=300")
	})
}

func (s *Server) serveAsset(w http.ResponseWriter, r *http.Request, name, cacheControl string) error {
	a, ok := s.assets[name]
	if !ok {
		return notFound("no such path")
	}
	web.ServeEncoded(w, r, a.Encoded, a.contentType, cacheControl)
	return nil
}
