package geo

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// The pages together may not exceed MaxTotal, even when each page is small:
// a server that pages forever with big pages stops at the budget.
func TestFetchTotalBudget(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		page := r.URL.Query().Get("p")
		pad := strings.Repeat(" ", 4000)
		fmt.Fprintf(w, `{"type":"FeatureCollection","features":[],"links":[{"rel":"next","href":"?p=%s1"}]}%s`, page, pad)
	}))
	defer srv.Close()
	_, err := Fetch(context.Background(), srv.URL+"?p=0", FetchOptions{MaxBytes: 10_000, MaxTotal: 20_000, MaxPages: 100})
	if err == nil || !strings.Contains(err.Error(), "together are larger than 20000 bytes") {
		t.Fatalf("err = %v, want the total budget named", err)
	}
	// Within the budget the same pages are fine until the page cap.
	_, err = Fetch(context.Background(), srv.URL+"?p=0", FetchOptions{MaxBytes: 10_000, MaxTotal: 1 << 30, MaxPages: 3})
	if err == nil || !strings.Contains(err.Error(), "more than 3 pages") {
		t.Fatalf("err = %v, want the page cap", err)
	}
}
