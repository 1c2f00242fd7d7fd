package server

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/inclusiekaart/inclusiekaart/geo"
	"github.com/inclusiekaart/inclusiekaart/internal/atlas"
	"github.com/inclusiekaart/inclusiekaart/internal/testutil"
)

func benchServer(b testing.TB) *Server {
	b.Helper()
	st, _ := testutil.Store2025(b)
	svc, err := atlas.New(st, atlas.Config{})
	if err != nil {
		b.Fatal(err)
	}
	s, err := New(svc, slog.New(slog.NewTextHandler(io.Discard, nil)), Config{})
	if err != nil {
		b.Fatal(err)
	}
	return s
}

// BenchmarkBuildLayer measures building the country layer from SQLite (cache miss).
func BenchmarkBuildLayer(b *testing.B) {
	s := benchServer(b)
	for _, zl := range geo.ZoomLevels {
		b.Run("level"+itoa(zl.Level), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, err := s.svc.Features(context.Background(), atlas.LevelMunicipality, atlas.Query{Year: 2025}, zl.Level); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkServeLayer measures a cached, gzip-encoded layer through the full handler.
func BenchmarkServeLayer(b *testing.B) {
	s := benchServer(b)
	h := s.Handler()
	for _, c := range []struct{ name, inm string }{{"200", ""}, {"304", "etag"}} {
		b.Run(c.name, func(b *testing.B) {
			req := httptest.NewRequest(http.MethodGet, "/api/municipalities.geojson?zoom=6", nil)
			req.Header.Set("Accept-Encoding", "gzip")
			w := httptest.NewRecorder()
			h.ServeHTTP(w, req)
			if c.inm != "" {
				req.Header.Set("If-None-Match", w.Header().Get("ETag"))
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				w := &discardWriter{h: http.Header{}}
				h.ServeHTTP(w, req)
				if w.code != 200 && w.code != 304 {
					b.Fatal(w.code)
				}
			}
		})
	}
}

// discardWriter is a ResponseWriter that keeps nothing, so the benchmark measures
// the handler rather than a recorder's buffer growth.
type discardWriter struct {
	h    http.Header
	code int
}

func (w *discardWriter) Header() http.Header         { return w.h }
func (w *discardWriter) Write(b []byte) (int, error) { return len(b), nil }
func (w *discardWriter) WriteHeader(code int)        { w.code = code }

func itoa(i int) string { return string(rune('0' + i)) }

// BenchmarkMapSVG measures drawing the map of one province (not cached: a
// filtered view) coloured by the stage, the anchor, and by metrics that read
// the indicator values; compare the sub-benchmarks as ratios.
func BenchmarkMapSVG(b *testing.B) {
	s := benchServer(b)
	h := s.Handler()
	for _, metric := range []string{"stage", "score", "domain.work", "lived_experience"} {
		b.Run(metric, func(b *testing.B) {
			req := httptest.NewRequest(http.MethodGet, "/api/map.svg?province=PV26&metric="+metric, nil)
			for i := 0; i < b.N; i++ {
				w := &discardWriter{h: http.Header{}}
				h.ServeHTTP(w, req)
				if w.code != 200 {
					b.Fatal(w.code)
				}
			}
		})
	}
}
