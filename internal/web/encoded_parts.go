package web

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"hash/maphash"
	"sync"

	"github.com/klauspost/compress/flate"
)

// A body built from parts (the features of a layer) is compressed in chunks
// of consecutive parts, each chunk a deflate stream of its own ended by a
// sync flush, with the chunk before it (at most deflate's 32 kB window) as
// preset dictionary (the way pigz compresses in parallel, so the size stays
// near that of one stream): the chunks
// in order, a final empty block, and the gzip header and trailer of the
// whole make one valid gzip member. A later body whose chunk holds the same
// bytes, and the same bytes before it, reuses that chunk's compressed form,
// so a write that changes one municipality recompresses two chunks, not the
// layer.

// partChunks is how many chunks a body's parts are grouped into (fewer when
// there are fewer parts): enough that one changed part costs a small share
// of the body, few enough that each chunk compresses well.
const partChunks = 16

// chunkSeed keys the chunk hashes of this process.
var chunkSeed = maphash.MakeSeed()

// window is deflate's window: the most a chunk can refer back to.
const window = 32 << 10

// flateWriters reuses compressors (each holds about 1 MB of state), given a
// new dictionary each time (klauspost/compress's ResetDict; the standard
// library's writer keeps the dictionary it was made with).
var flateWriters = sync.Pool{New: func() any {
	w, _ := flate.NewWriter(nil, flate.BestCompression)
	return w
}}

// gzipHeader is a gzip member header: deflate, no name or time, best
// compression (XFL 2), unknown OS.
var gzipHeader = []byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 0xff}

// finalBlock ends the deflate stream: an empty final block (fixed Huffman,
// end-of-block code only).
var finalBlock = []byte{0x03, 0x00}

type chunk struct {
	sum uint64 // hash of the chunk's raw bytes and the window before them
	// gz is the chunk's compressed bytes: a slice of the body's gzip form.
	gz []byte
}

// EncodeParts prepares the concatenation of parts for serving, like Encode,
// reusing the compressed chunks of prev (the same body built before; nil
// when there is none) whose bytes did not change. The parts are not kept.
func EncodeParts(parts [][]byte, prev *Encoded) (*Encoded, error) {
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	raw := make([]byte, 0, n)
	for _, p := range parts {
		raw = append(raw, p...)
	}
	per := (len(parts) + partChunks - 1) / partChunks
	if per == 0 {
		per = 1
	}
	old := map[uint64][]byte{}
	if prev != nil {
		for _, c := range prev.chunks {
			old[c.sum] = c.gz
		}
	}
	type span struct {
		sum        uint64
		dict       int // where the chunk's dictionary starts in raw
		start, end int // in raw
		gz         []byte
	}
	var spans []span
	var h maphash.Hash
	h.SetSeed(chunkSeed)
	at := 0
	for i := 0; i < len(parts); i += per {
		size := 0
		for _, p := range parts[i:min(i+per, len(parts))] {
			size += len(p)
		}
		dict := at // the chunk before, at most a window of it
		if len(spans) > 0 {
			dict = max(spans[len(spans)-1].start, at-window)
		}
		h.Reset()
		h.Write(raw[dict : at+size])
		sum := h.Sum64() ^ uint64(size)
		spans = append(spans, span{sum: sum, dict: dict, start: at, end: at + size, gz: old[sum]})
		at += size
	}
	var buf bytes.Buffer
	buf.Grow(len(raw)/6 + 64)
	buf.Write(gzipHeader)
	fw := flateWriters.Get().(*flate.Writer)
	defer flateWriters.Put(fw)
	offsets := make([][2]int, len(spans))
	for i, s := range spans {
		start := buf.Len()
		if s.gz != nil {
			buf.Write(s.gz)
		} else {
			fw.ResetDict(&buf, raw[s.dict:s.start])
			if _, err := fw.Write(raw[s.start:s.end]); err != nil {
				return nil, err
			}
			if err := fw.Flush(); err != nil {
				return nil, err
			}
		}
		offsets[i] = [2]int{start, buf.Len()}
	}
	buf.Write(finalBlock)
	var trailer [8]byte
	binary.LittleEndian.PutUint32(trailer[:4], crc32.ChecksumIEEE(raw))
	binary.LittleEndian.PutUint32(trailer[4:], uint32(len(raw)))
	buf.Write(trailer[:])
	gz := buf.Bytes()
	chunks := make([]chunk, len(spans))
	for i, s := range spans {
		chunks[i] = chunk{sum: s.sum, gz: gz[offsets[i][0]:offsets[i][1]:offsets[i][1]]}
	}
	return newEncoded(raw, gz, chunks), nil
}
