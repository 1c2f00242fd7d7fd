package server

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
)

// TestLayerRebuiltAfterAWriteIsTheNewLayerAndStaysSmall protects the layer
// built from parts and compressed in chunks: after a write the next answer
// is the new layer (gzip and plain alike), and the gzip body stays within 5 %
// of compressing the whole body at once, at every zoom.
func TestLayerRebuiltAfterAWriteIsTheNewLayerAndStaysSmall(t *testing.T) {
	s := benchServer(t)
	h := s.Handler()
	get := func(zoom int, gz bool) ([]byte, []byte, string) {
		t.Helper()
		req := httptest.NewRequest(http.MethodGet, "/api/municipalities.geojson?zoom="+strconv.Itoa(zoom), nil)
		if gz {
			req.Header.Set("Accept-Encoding", "gzip")
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != 200 {
			t.Fatalf("zoom %d: %d %s", zoom, w.Code, w.Body)
		}
		body := w.Body.Bytes()
		if !gz {
			return body, nil, w.Header().Get("ETag")
		}
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		plain, err := io.ReadAll(zr)
		if err != nil {
			t.Fatalf("zoom %d: the gzip body does not decode: %v", zoom, err)
		}
		return plain, body, w.Header().Get("ETag")
	}
	for _, zoom := range []int{5, 7, 9, 12} {
		plain, gz, _ := get(zoom, true)
		var whole bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&whole, gzip.BestCompression)
		zw.Write(plain)
		zw.Close()
		t.Logf("zoom %d: %d gzip bytes in chunks, %d compressed whole", zoom, len(gz), whole.Len())
		if len(gz) > whole.Len()*105/100 {
			t.Errorf("zoom %d: the layer's gzip is %d bytes, compressed whole %d: more than 5 %% larger", zoom, len(gz), whole.Len())
		}
		raw, _, _ := get(zoom, false)
		if !bytes.Equal(raw, plain) {
			t.Errorf("zoom %d: the plain body differs from the decoded gzip body", zoom)
		}
	}
	before, _, tag := get(7, true)
	if _, err := s.svc.RecordAssessment(t.Context(), "test", "GM0363", []byte(`{"assessed_on":"2026-01-02","source":"test","values":{"stage":{"value":4}}}`)); err != nil {
		t.Fatal(err)
	}
	after, _, tag2 := get(7, true)
	if tag == tag2 || bytes.Equal(before, after) {
		t.Fatal("the layer did not change after a write")
	}
	if !bytes.Contains(after, []byte(`"code":"GM0363"`)) || !bytes.Contains(after, []byte(`"stage":4`)) {
		t.Fatal("the rebuilt layer does not hold the new stage")
	}
	raw, _, _ := get(7, false)
	if !bytes.Equal(raw, after) {
		t.Fatal("after the write the plain layer differs from the gzip one")
	}
}
