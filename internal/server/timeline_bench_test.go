package server

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/inclusiekaart/inclusiekaart/internal/atlas"
	"github.com/inclusiekaart/inclusiekaart/internal/testutil"
)

// timelineBenchServer serves the 2025 boundaries with the shipped public
// record and demo assessments: the history the time view walks through.
func timelineBenchServer(b *testing.B) http.Handler {
	b.Helper()
	st, _ := testutil.Store2025(b)
	svc, err := atlas.New(st, atlas.Config{Demo: true})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	f, err := os.Open(filepath.Join("..", "..", "data", "public-record.csv"))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	if _, err := svc.ImportRecord(ctx, f, "public-record.csv", "bench"); err != nil {
		b.Fatal(err)
	}
	if _, _, _, err := svc.LoadDemo(ctx); err != nil {
		b.Fatal(err)
	}
	s, err := New(svc, slog.New(slog.NewTextHandler(io.Discard, nil)), Config{})
	if err != nil {
		b.Fatal(err)
	}
	return s.Handler()
}

// BenchmarkListOnADate compares the list of one past day (statuses cached
// per day, body built per request like any filtered list) and of a new day
// each time (statuses derived from the stored versions) with today's list
// (cached body) and a filtered list of today (built per request, the
// anchor), and the changes since 2016. Read them as ratios to "filtered" of
// the same run.
func BenchmarkListOnADate(b *testing.B) {
	h := timelineBenchServer(b)
	// More days than the service keeps statuses for, so "new-day" derives them each time.
	var days []string
	for d := time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC); d.Year() < 2026; d = d.AddDate(0, 0, 1) {
		days = append(days, d.Format("2006-01-02"))
	}
	for _, c := range []struct {
		name string
		url  func(i int) string
	}{
		{"today", func(int) string { return "/api/municipalities" }},
		{"filtered", func(int) string { return "/api/municipalities?koploper=false" }},
		{"same-day", func(int) string { return "/api/municipalities?date=2021-06-30" }},
		{"new-day", func(i int) string { return "/api/municipalities?date=" + days[i%len(days)] }},
		{"changes", func(int) string { return "/api/changes?since=2016-01-01" }},
	} {
		b.Run(c.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				w := &discardWriter{h: http.Header{}}
				h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, c.url(i), nil))
				if w.code != 0 && w.code != 200 {
					b.Fatal(c.url(i), w.code)
				}
			}
		})
	}
}
