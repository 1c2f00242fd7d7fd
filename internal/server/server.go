// Package server is the HTTP adapter of the site and the JSON API: routes,
// handlers that parse a request, call the service (internal/atlas) and render
// what it returns, caching of encoded layers, security headers and request
// logging. The OGC API is mounted from internal/ogc. Errors are mapped to
// responses in one place (web.WriteError).
package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gorilla/mux"

	"github.com/inclusiekaart/inclusiekaart/internal/atlas"
	"github.com/inclusiekaart/inclusiekaart/internal/site"
	"github.com/inclusiekaart/inclusiekaart/internal/web"
)

// Config holds what the HTTP adapter needs beyond the service.
type Config struct {
	Tiles            string // optional base-map tile URL template
	TilesAttribution string
	Version          string
	// CorrectionsMailto is the address the page offers for supplying or
	// correcting a source; empty shows the invitation without an address.
	CorrectionsMailto string
}

// Server answers HTTP requests by calling the service.
type Server struct {
	svc    *atlas.Service
	log    *slog.Logger
	cfg    Config
	bodies *bodyCache
	router *mux.Router
	csp    string
	assets map[string]staticAsset
	site   *site.Site
}

// New builds a server over svc with its routes.
func New(svc *atlas.Service, log *slog.Logger, cfg Config) (*Server, error) {
	if log == nil {
		log = slog.Default()
	}
	s := &Server{svc: svc, log: log, cfg: cfg, bodies: newBodyCache(svc)}
	var err error
	if s.assets, err = loadStatic(); err != nil {
		return nil, err
	}
	if s.site, err = site.New(svc, log); err != nil {
		return nil, err
	}
	imgSrc := "'self' data:"
	if cfg.Tiles != "" {
		u, err := url.Parse(strings.NewReplacer("{s}", "a", "{z}", "0", "{x}", "0", "{y}", "0", "{r}", "").Replace(cfg.Tiles))
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return nil, fmt.Errorf("tiles: %q is not an http(s) URL template", cfg.Tiles)
		}
		host := u.Host
		if strings.Contains(cfg.Tiles, "{s}") {
			if i := strings.Index(host, "."); i > 0 {
				host = "*" + host[i:]
			}
		}
		imgSrc += " " + u.Scheme + "://" + host
	}
	s.csp = "default-src 'self'; img-src " + imgSrc + "; style-src 'self'; script-src 'self'; connect-src 'self'; " +
		"font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
	s.router = s.routes()
	return s, nil
}

// handle adapts a handler of the one style (web.HandlerFunc) to net/http.
func (s *Server) handle(h web.HandlerFunc) http.HandlerFunc { return web.Handle(s.log, h) }

// writeError answers with err through the one mapping of errors to responses.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	web.WriteError(w, r, s.log, err)
}

// writeJSON answers status with v as JSON.
func writeJSON(w http.ResponseWriter, r *http.Request, status int, v any) error {
	web.WriteJSON(w, r, status, "", v)
	return nil
}

func notFound(msg string) error { return &atlas.Error{Kind: atlas.NotFound, Message: msg} }

// Handler returns the root handler with middleware.
func (s *Server) Handler() http.Handler {
	return s.recoverer(s.securityHeaders(s.logRequests(gzipResponses(s.validQuery(s.router)))))
}

// Serve serves on ln until ctx is cancelled, then shuts down gracefully.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return err
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
	route  string
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

// logRequests logs one line per request with the route template, never the raw
// path (which may carry arbitrary user input). recordRoute fills in the template.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, route: "unmatched"}
		next.ServeHTTP(sw, r)
		s.log.LogAttrs(r.Context(), slog.LevelInfo, "request", slog.String("method", r.Method), slog.String("route", sw.route),
			slog.Int("status", sw.status), slog.Int("bytes", sw.bytes), slog.Int64("us", time.Since(start).Microseconds()))
	})
}

// recordRoute stores the matched route template for the request logger; it runs
// as mux middleware, where the route is known, without copying the request.
func recordRoute(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if sw, ok := w.(*statusWriter); ok {
			sw.route = web.Route(r)
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Server) securityHeaders(next http.Handler) http.Handler {
	// Canonical keys and shared, never-mutated value slices: no per-request
	// canonicalisation or allocation on the hot path.
	headers := map[string][]string{
		"Content-Security-Policy":    {s.csp},
		"X-Content-Type-Options":     {"nosniff"},
		"Referrer-Policy":            {"strict-origin-when-cross-origin"},
		"X-Frame-Options":            {"DENY"},
		"Cross-Origin-Opener-Policy": {"same-origin"},
		"Permissions-Policy":         {"geolocation=(), camera=(), microphone=()"},
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		for k, v := range headers {
			h[k] = v
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Server) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic", "route", web.Route(r), "panic", fmt.Sprint(v))
				writeJSON(w, r, http.StatusInternalServerError, map[string]string{"error": "internal error", "code": "internal"})
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// validQuery answers 400 for an undecodable query string before any handler runs.
func (s *Server) validQuery(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := web.CheckQuery(r.URL.RawQuery); err != nil {
			s.writeError(w, r, err)
			return
		}
		next.ServeHTTP(w, r)
	})
}
