// Package server is the HTTP layer: routes, handlers, caching of GeoJSON layers,
// security headers and request logging. Errors are mapped to responses in one
// place (writeError).
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

	"github.com/inclusiekaart/inclusiekaart/internal/facts"
	"github.com/inclusiekaart/inclusiekaart/internal/scoring"
	"github.com/inclusiekaart/inclusiekaart/internal/store"
)

// Config holds what the server needs beyond the store.
type Config struct {
	Tiles            string // optional base-map tile URL template
	TilesAttribution string
	Demo             bool // serve demo assessments (labelled demo everywhere)
	Version          string
	Framework        *scoring.Framework // default: data/framework.json
	Facts            *facts.Facts       // default: data/koplopers.json, data/merges.json
	Now              func() time.Time   // default: time.Now
	// StaleAfterMonths is the age of the newest source past which a
	// municipality's information reads "mogelijk verouderd" (default 24).
	StaleAfterMonths int
	// CorrectionsMailto is the address the page offers for supplying or
	// correcting a source; empty shows the invitation without an address.
	CorrectionsMailto string
}

// DefaultStaleAfterMonths is the default of Config.StaleAfterMonths.
const DefaultStaleAfterMonths = 24

// staleBefore is the source date (YYYY-MM-DD) before which information is
// marked possibly out of date.
func (s *Server) staleBefore() string {
	return s.now().AddDate(0, -s.cfg.StaleAfterMonths, 0).Format("2006-01-02")
}

// Server answers HTTP requests from a store.
type Server struct {
	store  *store.Store
	log    *slog.Logger
	cfg    Config
	layers *layerCache
	router *mux.Router
	csp    string
	assets map[string]staticAsset
	fw     *scoring.Framework
	facts  *facts.Facts
	now    func() time.Time
}

// New builds a server with its routes.
func New(st *store.Store, log *slog.Logger, cfg Config) (*Server, error) {
	if log == nil {
		log = slog.Default()
	}
	s := &Server{store: st, log: log, cfg: cfg, layers: newLayerCache(st), fw: cfg.Framework, facts: cfg.Facts, now: cfg.Now}
	var err error
	if s.fw == nil {
		if s.fw, err = scoring.Default(); err != nil {
			return nil, fmt.Errorf("framework: %w", err)
		}
	}
	if s.facts == nil {
		if s.facts, err = facts.Default(); err != nil {
			return nil, fmt.Errorf("facts: %w", err)
		}
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.cfg.StaleAfterMonths <= 0 {
		s.cfg.StaleAfterMonths = DefaultStaleAfterMonths
	}
	if s.assets, err = loadStatic(); err != nil {
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

func routeName(r *http.Request) string {
	if rt := mux.CurrentRoute(r); rt != nil {
		if t, err := rt.GetPathTemplate(); err == nil {
			return t
		}
	}
	return "unmatched"
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
			sw.route = routeName(r)
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
				s.log.Error("panic", "route", routeName(r), "panic", fmt.Sprint(v))
				writeJSONStatus(w, http.StatusInternalServerError, map[string]string{"error": "internal error", "code": "internal"})
			}
		}()
		next.ServeHTTP(w, r)
	})
}
