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
	"net/netip"
	"net/url"
	"strings"
	"time"

	"github.com/gorilla/mux"

	"github.com/inclusiekaart/inclusiekaart/internal/atlas"
	"github.com/inclusiekaart/inclusiekaart/internal/ogc"
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
	// PublicURL (serve --public-url) is the base of every absolute link:
	// OGC links, invitation links, feeds. Empty: built from the request's
	// scheme and Host header, which is fine on a developer's machine only.
	PublicURL string
	// TrustedProxies (serve --trusted-proxy) are the addresses whose
	// X-Forwarded-For is believed for the client IP; none: the connection's.
	TrustedProxies []netip.Prefix
	// Metrics receives request, import and cache metrics and is served at
	// /metrics; nil: a new set.
	Metrics *Metrics
	// Releases is the directory of the published dataset versions (serve
	// --releases) served at /releases; empty: data/releases.
	Releases string
}

// Server answers HTTP requests by calling the service.
type Server struct {
	svc    *atlas.Service
	log    *slog.Logger
	cfg    Config
	bodies *bodyCache
	// details keeps encoded municipality details per layer generation.
	details *web.ResponseCache
	router  *mux.Router
	csp     string
	sec     securityHeaderSets
	answers answers // remembered layer answers (cached_answers.go)
	assets  map[string]staticAsset
	// mapPageLinked is the map page without the first view's drawing, for
	// addresses that carry a view of their own (firstview.go).
	mapPageLinked staticAsset
	mapPageRaw    []byte // static/index.html, with the place of the drawing
	site          *site.Site
	// active is when the last request came (idle_memory.go).
	active activity
	ogc    *ogc.API
}

// New builds a server over svc with its routes.
func New(svc *atlas.Service, log *slog.Logger, cfg Config) (*Server, error) {
	if log == nil {
		log = slog.Default()
	}
	if cfg.Metrics == nil {
		cfg.Metrics = NewMetrics()
	}
	if cfg.Releases == "" {
		cfg.Releases = DefaultReleases
	}
	cfg.PublicURL = strings.TrimSuffix(cfg.PublicURL, "/")
	s := &Server{svc: svc, log: log, cfg: cfg, bodies: newBodyCache(svc, cfg.Metrics.cacheLookup),
		details: web.NewResponseCache(512, 16<<20)}
	var err error
	if s.assets, err = loadStatic(); err != nil {
		return nil, err
	}
	if s.mapPageLinked, s.mapPageRaw, err = withoutFirstView(s.assets["index.html"]); err != nil {
		return nil, err
	}
	if s.site, err = site.New(svc, log); err != nil {
		return nil, err
	}
	s.site.PublicURL = cfg.PublicURL
	s.site.Contact = cfg.CorrectionsMailto
	s.site.Releases = cfg.Releases
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
		if s.cfg.TilesAttribution, err = baseMapCredit(u.Host, cfg.TilesAttribution); err != nil {
			return nil, err
		}
	}
	s.csp = "default-src 'self'; img-src " + imgSrc + "; style-src 'self'; script-src 'self'; connect-src 'self'; " +
		"font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
	s.sec = newSecurityHeaderSets(s.csp)
	s.router = s.routes()
	return s, nil
}

// pdokCredit is the credit line PDOK asks for with its BRT-Achtergrondkaart tiles.
const pdokCredit = "Kaartgegevens: © Kadaster"

// baseMapCredit is the attribution shown under a base map from host: the one
// given, else PDOK's own for PDOK tiles. Any other base map without a credit
// line is refused, because the map would show someone's tiles uncredited.
func baseMapCredit(host, given string) (string, error) {
	if strings.TrimSpace(given) != "" {
		return given, nil
	}
	if host == "service.pdok.nl" {
		return pdokCredit, nil
	}
	return "", fmt.Errorf("tiles-attribution: the base map from %s needs its credit line (--tiles-attribution)", host)
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

// Handler returns the root handler with middleware: the request log and
// metrics outermost (so they see every answer, a recovered panic too; its
// writer adds the security headers, security_headers.go), then CORS, gzip
// and the query check.
// A repeat of a layer's URL is answered before all that (cached_answers.go).
func (s *Server) Handler() http.Handler {
	full := s.logRequests(s.recoverer(cors(gzipResponses(s.validQuery(s.router)))))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.serveRemembered(w, r) {
			full.ServeHTTP(w, r)
		}
	})
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
	go s.active.releaseWhenIdle(ctx, 5*time.Second, s.releaseMemory)
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

// statusWriter records the status and size of a response for the request log,
// and gives every response the security headers of its kind and a
// Cache-Control (defaultCacheControl) when the handler set none.
type statusWriter struct {
	http.ResponseWriter
	r      *http.Request
	sec    *securityHeaderSets
	status int
	bytes  int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
		h := w.Header()
		if code != http.StatusNotModified {
			// A 304 updates the stored answer's headers in a cache; the
			// stored ones stay where the 304 has none (RFC 9111, 4.3.4).
			w.sec.set(h, w.r)
		}
		if cc := h["Cache-Control"]; len(cc) == 0 || cc[0] == "" {
			h.Set("Cache-Control", defaultCacheControl(w.r, code))
		}
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

// Flush lets streamed responses through.
func (w *statusWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// StatusClientClosed is the status logged (nginx's 499) for a request whose
// client went away before it was answered; nothing is sent.
const StatusClientClosed = 499

// logRequests gives each request an id (X-Request-Id, kept from a proxy or
// made), resolves the client address (X-Forwarded-For only from a trusted
// proxy) and logs one line per request with the route template, never the raw
// path (which may carry arbitrary user input); recordRoute fills in the
// template, whatever writers the middleware between wrapped around the
// response. A client that went away is logged as status 499 aborted=true,
// not as a server error. The same figures go to the metrics.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		s.active.touch(start)
		info := s.requestInfo(w, r, "unmatched")
		r = web.WithInfo(r, &info)
		sw := &statusWriter{ResponseWriter: w, r: r, sec: &s.sec}
		next.ServeHTTP(sw, r)
		s.logRequest(r, &info, sw.status, sw.bytes, sw.Header(), start)
	})
}

// requestInfo is what the request log learns about r (its id, kept from a
// proxy or made, and the client's address) with the route template so far;
// the id is also sent back in X-Request-Id.
func (s *Server) requestInfo(w http.ResponseWriter, r *http.Request, route string) web.RequestInfo {
	info := web.RequestInfo{ID: web.NewRequestID(r), ClientIP: web.ResolveClientIP(r, s.cfg.TrustedProxies),
		PublicURL: s.cfg.PublicURL, Route: route}
	w.Header()["X-Request-Id"] = []string{info.ID}
	return info
}

// logRequest writes the request log line of r and its metrics: status 0 is
// a 200 when nothing was written, or 499 when the client went away first.
func (s *Server) logRequest(r *http.Request, info *web.RequestInfo, status, bytes int, h http.Header, start time.Time) {
	aborted := r.Context().Err() != nil
	if aborted && status == 0 {
		status = StatusClientClosed
	} else if status == 0 {
		status = http.StatusOK
	}
	d := time.Since(start)
	attrs := make([]slog.Attr, 0, 9)
	attrs = append(attrs, slog.String("request_id", info.ID), slog.String("method", r.Method), slog.String("route", info.Route),
		slog.Int("status", status), slog.Int("bytes", bytes), slog.Int64("us", d.Microseconds()), slog.String("client_ip", info.ClientIP))
	if aborted {
		attrs = append(attrs, slog.Bool("aborted", true))
	}
	if len(h["Content-Encoding"]) > 0 && h["Content-Encoding"][0] == "gzip" && r.Header.Get("Accept-Encoding") != "" {
		attrs = append(attrs, slog.Bool("gzip", true))
	}
	// The record is made here rather than by Logger.LogAttrs, which asks
	// the runtime for the caller's program counter on every line.
	if lh := s.log.Handler(); lh.Enabled(r.Context(), slog.LevelInfo) {
		rec := slog.NewRecord(start.Add(d), slog.LevelInfo, "request", 0)
		rec.AddAttrs(attrs...)
		_ = lh.Handle(r.Context(), rec)
	}
	s.cfg.Metrics.observeRequest(info.Route, r.Method, status, d)
}

// recordRoute stores the matched route template for the request logger; it runs
// as mux middleware, where the route is known.
func recordRoute(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if info := web.Info(r); info != nil {
			info.Route = web.Route(r)
		}
		next.ServeHTTP(w, r)
	})
}

// embedPath is the page other sites may frame.
const embedPath = "/embed"

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
