package ogc_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/inclusiekaart/inclusiekaart/internal/testutil"
)

// benchmarkGet serves url through the real router (gzip asked for) b.N times.
func benchmarkGet(b *testing.B, url string) {
	st, _ := testutil.Store2025(b)
	h := router(b, st).Handler()
	req := httptest.NewRequest(http.MethodGet, url, nil)
	req.Header.Set("Accept-Encoding", "gzip")
	b.ResetTimer()
	for range b.N {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != http.StatusOK {
			b.Fatalf("%s: %d %s", url, w.Code, w.Body.String())
		}
	}
}

// The requests of issue 16's comparison with pg_featureserv.

func BenchmarkItemsPageOf100(b *testing.B) {
	benchmarkGet(b, "/ogc/collections/municipalities/items?limit=100")
}

func BenchmarkItemsDeepPageOf10(b *testing.B) {
	benchmarkGet(b, "/ogc/collections/municipalities/items?limit=10&offset=300")
}

func BenchmarkItemsBBox(b *testing.B) {
	benchmarkGet(b, "/ogc/collections/municipalities/items?bbox=4.7,52.3,5.1,52.45&limit=100")
}

func BenchmarkItemsFiltered(b *testing.B) {
	benchmarkGet(b, "/ogc/collections/municipalities/items?filter=province_code%3D%27PV26%27%20AND%20stage%20IS%20NULL")
}

func BenchmarkItem(b *testing.B) {
	benchmarkGet(b, "/ogc/collections/municipalities/items/GM0363")
}

// BenchmarkItemsPageOf100Uncached builds every response anew (a filter that
// selects all, different each time, defeats the response cache): the cost of
// a page read from SQL and assembled from the encoded geometries, gzip
// included.
func BenchmarkItemsPageOf100Uncached(b *testing.B) {
	st, _ := testutil.Store2025(b)
	h := router(b, st).Handler()
	b.ResetTimer()
	for i := range b.N {
		req := httptest.NewRequest(http.MethodGet, fmt.Sprintf("/ogc/collections/municipalities/items?limit=100&filter=year%%3C%%3E%d", 3000+i), nil)
		req.Header.Set("Accept-Encoding", "gzip")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != http.StatusOK {
			b.Fatalf("%d %s", w.Code, w.Body.String())
		}
	}
}
