package source

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func page(n int, next string) string {
	links := ""
	if next != "" {
		links = fmt.Sprintf(`,"links":[{"rel":"self","href":"x"},{"rel":"next","href":%q}]`, next)
	}
	return fmt.Sprintf(`{"type":"FeatureCollection","numberReturned":1%s,"features":[{"type":"Feature","id":"GM000%d","properties":{"statnaam":"N%d"},"geometry":{"type":"Polygon","coordinates":[[[5,52],[5.1,52],[5.1,52.1],[5,52]]]}}]}`, links, n, n)
}

func TestFetch(t *testing.T) {
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path + "?" + r.URL.RawQuery {
		case "/ogc/collections/m/items?":
			fmt.Fprint(w, page(1, "items?offset=1")) // relative
		case "/ogc/collections/m/items?offset=1":
			fmt.Fprint(w, page(2, srv.URL+"/ogc/collections/m/items?offset=2")) // absolute
		case "/ogc/collections/m/items?offset=2":
			fmt.Fprint(w, page(3, ""))
		case "/loop?":
			fmt.Fprint(w, page(1, "/loop2"))
		case "/loop2?":
			fmt.Fprint(w, page(2, "/loop"))
		case "/endless?":
			fmt.Fprint(w, page(1, "/endless?n="+r.URL.Query().Get("n")+"1"))
		case "/redirect?":
			http.Redirect(w, r, "/redirect2", http.StatusFound)
		case "/redirect2?":
			http.Redirect(w, r, "/redirect", http.StatusFound)
		default:
			if strings.HasPrefix(r.URL.Path, "/endless") {
				fmt.Fprint(w, page(1, "/endless?n="+r.URL.Query().Get("n")+"1"))
				return
			}
			http.Error(w, "nope", http.StatusNotFound)
		}
	}))
	defer srv.Close()
	ctx := context.Background()

	feats, err := Fetch(ctx, srv.URL+"/ogc/collections/m/items", FetchOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range feats {
		got = append(got, fmt.Sprintf("%d:%s", f.Index, f.ID))
	}
	if want := "0:GM0001 1:GM0002 2:GM0003"; strings.Join(got, " ") != want {
		t.Errorf("got %v, want %s", got, want)
	}

	tests := []struct {
		name, path string
		opt        FetchOptions
		want       string
		loop       bool
	}{
		{"page cap", "/endless", FetchOptions{MaxPages: 5}, "more than 5 pages", false},
		{"not 200", "/missing", FetchOptions{}, srv.URL + "/missing: status 404", false},
		{"next loop", "/loop", FetchOptions{}, "/loop", true},
		{"redirect loop", "/redirect", FetchOptions{}, "redirect", true},
		{"too big", "/ogc/collections/m/items", FetchOptions{MaxBytes: 10}, "larger than 10 bytes", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Fetch(ctx, srv.URL+tt.path, tt.opt)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tt.want)
			}
			if tt.loop != errors.Is(err, ErrLoop) {
				t.Errorf("errors.Is(err, ErrLoop) = %v, want %v", !tt.loop, tt.loop)
			}
		})
	}
	if _, err := Fetch(ctx, "ftp://example.com/x", FetchOptions{}); err == nil {
		t.Error("ftp URL: no error")
	}
	// Open: URL and file.
	if fs, err := Open(ctx, srv.URL+"/ogc/collections/m/items", FetchOptions{}); err != nil || len(fs) != 3 {
		t.Errorf("Open(url) = %d features, %v", len(fs), err)
	}
	p := filepath.Join(t.TempDir(), "b.geojson")
	if err := os.WriteFile(p, []byte(page(1, "")), 0o600); err != nil {
		t.Fatal(err)
	}
	if fs, err := Open(ctx, p, FetchOptions{}); err != nil || len(fs) != 1 {
		t.Errorf("Open(file) = %d features, %v", len(fs), err)
	}
	if _, err := Open(ctx, filepath.Join(t.TempDir(), "none.geojson"), FetchOptions{}); err == nil {
		t.Error("Open(missing file): no error")
	}
}

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

func TestFetchByteOrderMark(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.RawQuery == "" {
			// The next link must be followed although the page starts with a BOM.
			fmt.Fprint(w, "\ufeff"+page(1, "items?offset=1"))
			return
		}
		if r.URL.RawQuery == "empty=1" {
			fmt.Fprint(w, " \n")
			return
		}
		fmt.Fprint(w, "\ufeff"+page(2, ""))
	}))
	defer srv.Close()
	fs, err := Fetch(context.Background(), srv.URL+"/items", FetchOptions{})
	if err != nil || len(fs) != 2 {
		t.Fatalf("got %d features, %v; want 2", len(fs), err)
	}
	_, err = Fetch(context.Background(), srv.URL+"/items?empty=1", FetchOptions{})
	if err == nil || !strings.Contains(err.Error(), "empty response body") || !errors.Is(err, ErrFormat) {
		t.Errorf("empty page: %v", err)
	}
}

func TestOpenSchemes(t *testing.T) {
	for _, src := range []string{"ftp://example.org/x.geojson", "file:///tmp/x.geojson", "s3://bucket/x.geojson", "FTP://example.org/x"} {
		scheme := src[:strings.Index(src, ":")]
		_, err := Open(context.Background(), src, FetchOptions{})
		want := "unsupported URL scheme " + scheme + " (use http, https or a file path)"
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Open(%q) = %v, want %q", src, err, want)
		}
	}
	// Paths, including Windows ones, are opened as files.
	for _, src := range []string{`C:\data\x.geojson`, `C://data/x.geojson`, "no-such-dir/x.geojson", "a:b.geojson"} {
		_, err := Open(context.Background(), src, FetchOptions{})
		if !errors.Is(err, os.ErrNotExist) {
			t.Errorf("Open(%q) = %v, want a file-not-found error", src, err)
		}
	}
	p := filepath.Join(t.TempDir(), "bom.geojson")
	if err := os.WriteFile(p, []byte(bomFC), 0o644); err != nil {
		t.Fatal(err)
	}
	if fs, err := Open(context.Background(), p, FetchOptions{}); err != nil || len(fs) != 1 {
		t.Errorf("Open(BOM file) = %d features, %v", len(fs), err)
	}
	if _, err := Open(context.Background(), filepath.Join(t.TempDir(), ""), FetchOptions{}); err == nil {
		t.Error("directory: no error")
	}
}
