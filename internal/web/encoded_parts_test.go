package web

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os/exec"
	"testing"
)

func gunzip(t *testing.T, b []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	zr.Multistream(false)
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("gzip stream: %v", err)
	}
	return out
}

func layerParts(n int, changed map[int]string) [][]byte {
	parts := [][]byte{[]byte(`{"type":"FeatureCollection","features":[`)}
	for i := 0; i < n; i++ {
		sep := ","
		if i == 0 {
			sep = ""
		}
		props := changed[i]
		if props == "" {
			props = `{"stage":3,"name":"gemeente"}`
		}
		parts = append(parts, []byte(fmt.Sprintf(`%s{"id":"GM%04d","type":"Feature","geometry":{"type":"Polygon","coordinates":[[[5.%d,52.%d],[5.%d,52.%d],[5.1,52.1],[5.%d,52.%d]]]},"properties":%s}`,
			sep, i, i*7919%1000, i*104729%1000, i*31%1000, i*17%1000, i*7919%1000, i*104729%1000, props)))
	}
	return append(parts, []byte(`]}`))
}

// TestChunkedGzipIsOneValidMemberOfTheWholeBody protects the layer's gzip
// form: the chunks, final block and trailer decode (Go's reader and the gzip
// tool) to exactly the concatenated parts, and the ETags follow the bytes.
func TestChunkedGzipIsOneValidMemberOfTheWholeBody(t *testing.T) {
	for _, n := range []int{0, 1, 5, 24, 25, 342, 1000} {
		parts := layerParts(n, nil)
		e, err := EncodeParts(parts, nil)
		if err != nil {
			t.Fatal(err)
		}
		want := bytes.Join(parts, nil)
		if !bytes.Equal(e.raw, want) {
			t.Fatalf("n=%d: raw is not the parts joined", n)
		}
		if got := gunzip(t, e.gz); !bytes.Equal(got, want) {
			t.Fatalf("n=%d: gzip decodes to %d bytes, want the %d of the body", n, len(got), len(want))
		}
		whole, _ := Encode(want)
		if e.etag != whole.etag {
			t.Errorf("n=%d: ETag %s differs from Encode's %s for the same bytes", n, e.etag, whole.etag)
		}
		if path, err := exec.LookPath("gzip"); err == nil {
			cmd := exec.Command(path, "-dc")
			cmd.Stdin = bytes.NewReader(e.gz)
			out, err := cmd.Output()
			if err != nil || !bytes.Equal(out, want) {
				t.Fatalf("n=%d: gzip -dc: %v (%d bytes)", n, err, len(out))
			}
		}
	}
}

// TestAChangedPartRecompressesOnlyItsChunkAndTheNext protects the cheap rebuild after a
// write: the chunks that hold the same bytes are reused as they were, the
// one with the changed feature is new, and the result still decodes.
func TestAChangedPartRecompressesOnlyItsChunkAndTheNext(t *testing.T) {
	first, err := EncodeParts(layerParts(342, nil), nil)
	if err != nil {
		t.Fatal(err)
	}
	parts := layerParts(342, map[int]string{200: `{"stage":5,"name":"gewijzigd"}`})
	second, err := EncodeParts(parts, first)
	if err != nil {
		t.Fatal(err)
	}
	if got := gunzip(t, second.gz); !bytes.Equal(got, bytes.Join(parts, nil)) {
		t.Fatal("the rebuilt body does not decode to its parts")
	}
	if second.etag == first.etag {
		t.Fatal("the ETag did not change with the body")
	}
	if len(first.chunks) != len(second.chunks) || len(first.chunks) < 2 || len(first.chunks) > partChunks {
		t.Fatalf("chunks %d and %d, want the same number, 2 to %d", len(first.chunks), len(second.chunks), partChunks)
	}
	changed := 0
	for i := range first.chunks {
		if !bytes.Equal(first.chunks[i].gz, second.chunks[i].gz) {
			changed++
		}
	}
	if changed < 1 || changed > 2 {
		t.Fatalf("%d chunks changed, want the one that holds the changed feature and at most the next (whose dictionary it is)", changed)
	}
}
