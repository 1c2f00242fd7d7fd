package source

// A boundary source of more features than one import takes is refused while
// it is streamed, before the rest is read (bench/import-memory.sh measures
// the memory of a 1,000,000-feature file).

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// endlessCollection is a GeoJSON FeatureCollection whose features never
// end; it counts the bytes read from it.
type endlessCollection struct {
	n    int
	buf  []byte
	read int
}

func (e *endlessCollection) Read(p []byte) (int, error) {
	if len(e.buf) == 0 {
		sep := ","
		if e.n == 0 {
			sep = `{"type":"FeatureCollection","name":"endless","features":[`
		}
		e.buf = fmt.Appendf(nil, `%s{"type":"Feature","properties":{"statcode":"GM%04d","statnaam":"N"},"geometry":{"type":"Polygon","coordinates":[[[5,52],[5.1,52],[5.1,52.1],[5,52]]]}}`, sep, e.n%10000)
		e.n++
	}
	n := copy(p, e.buf)
	e.buf = e.buf[n:]
	e.read += n
	return n, nil
}

func TestReadRefusesTooManyFeaturesBeforeReadingThemAll(t *testing.T) {
	src := &endlessCollection{}
	_, err := ReadLimited(src, 100)
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("endless collection: %v (want ErrTooLarge)", err)
	}
	if !strings.Contains(err.Error(), "more than 100 features") {
		t.Errorf("message %q does not name the limit", err)
	}
	// 101 features are about 16 kB; the reader buffers 64 kB at most.
	if src.read > 128<<10 {
		t.Errorf("read %d bytes to refuse the 101st feature", src.read)
	}
}

func collection(n int) string {
	var b strings.Builder
	b.WriteString(`{"type":"FeatureCollection","features":[`)
	for i := range n {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"type":"Feature","properties":{"statcode":"GM%04d"},"geometry":null}`, i)
	}
	b.WriteString("]}")
	return b.String()
}

func TestReadLimitedTakesExactlyTheLimit(t *testing.T) {
	feats, err := ReadLimited(strings.NewReader(collection(5)), 5)
	if err != nil || len(feats) != 5 {
		t.Fatalf("5 features with a limit of 5: %d, %v", len(feats), err)
	}
	if _, err := ReadLimited(strings.NewReader(collection(6)), 5); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("6 features with a limit of 5: %v", err)
	}
	// The same limit for TopoJSON, counted after reading.
	topo := `{"type":"Topology","arcs":[],"objects":{"m":{"type":"GeometryCollection","geometries":[` +
		strings.Repeat(`{"type":null},`, 5) + `{"type":null}]}}}`
	if _, err := ReadLimited(strings.NewReader(topo), 5); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("TopoJSON of 6 features with a limit of 5: %v", err)
	}
	if feats, err := ReadLimited(strings.NewReader(topo), 6); err != nil || len(feats) != 6 {
		t.Fatalf("TopoJSON of 6 features with a limit of 6: %d, %v", len(feats), err)
	}
}

func TestFetchRefusesTooManyFeaturesOverAllPages(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Query().Get("p") {
		case "":
			fmt.Fprint(w, page(1, "?p=2"))
		case "2":
			fmt.Fprint(w, page(2, "?p=3"))
		default:
			fmt.Fprint(w, page(3, ""))
		}
	}))
	defer srv.Close()
	if feats, err := Fetch(context.Background(), srv.URL, FetchOptions{MaxFeatures: 3}); err != nil || len(feats) != 3 {
		t.Fatalf("3 pages of 1 feature, limit 3: %d, %v", len(feats), err)
	}
	_, err := Fetch(context.Background(), srv.URL, FetchOptions{MaxFeatures: 2})
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "more than 2 features") {
		t.Fatalf("3 pages of 1 feature, limit 2: %v", err)
	}
}
