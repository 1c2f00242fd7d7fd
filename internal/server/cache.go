package server

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/inclusiekaart/inclusiekaart/internal/store"
)

// encoded is a response body prepared once, with its gzip form and strong ETags.
type encoded struct {
	raw, gz  []byte
	etag     string // of raw
	etagGzip string // of gz: a different representation gets a different strong ETag
}

func encode(raw []byte) (*encoded, error) {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(raw); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	sum := sha256.Sum256(raw)
	tag := hex.EncodeToString(sum[:16])
	return &encoded{raw: raw, gz: buf.Bytes(), etag: `"` + tag + `"`, etagGzip: `"` + tag + `-gz"`}, nil
}

// layerCache keeps encoded unfiltered layers in memory. It is dropped when the
// store's generation changes (an import or an edit, in this or another process);
// the generation is read at most once a second.
type layerCache struct {
	store   *store.Store
	mu      sync.Mutex
	gen     int64
	checked time.Time
	m       map[string]*encoded
	years   map[string][]int // boundary years per level, newest first
	day     string           // bodies say whether sources are out of date: rebuilt daily
}

func newLayerCache(st *store.Store) *layerCache {
	return &layerCache{store: st, m: map[string]*encoded{}, years: map[string][]int{}}
}

// invalidate drops everything now (after a write by this process).
func (c *layerCache) invalidate() {
	c.mu.Lock()
	c.m = map[string]*encoded{}
	c.years = map[string][]int{}
	c.checked = time.Time{}
	c.mu.Unlock()
}

// refresh drops everything when the store's generation moved; callers hold mu.
func (c *layerCache) refresh(ctx context.Context) error {
	if time.Since(c.checked) <= time.Second {
		return nil
	}
	gen, err := c.store.Generation(ctx)
	if err != nil {
		return err
	}
	day := time.Now().Format("2006-01-02")
	if gen != c.gen || day != c.day {
		c.m = map[string]*encoded{}
		c.years = map[string][]int{}
		c.gen, c.day = gen, day
	}
	c.checked = time.Now()
	return nil
}

// yearsOf returns the boundary years of level, newest first, read once per generation.
func (c *layerCache) yearsOf(ctx context.Context, level string) ([]int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := c.refresh(ctx); err != nil {
		return nil, err
	}
	if ys, ok := c.years[level]; ok {
		return ys, nil
	}
	ys, err := c.store.Years(ctx, level)
	if err != nil {
		return nil, err
	}
	c.years[level] = ys
	return ys, nil
}

// get returns the cached body for key, building it with build when missing.
func (c *layerCache) get(ctx context.Context, key string, build func() ([]byte, error)) (*encoded, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := c.refresh(ctx); err != nil {
		return nil, err
	}
	if e, ok := c.m[key]; ok {
		return e, nil
	}
	raw, err := build()
	if err != nil {
		return nil, err
	}
	e, err := encode(raw)
	if err != nil {
		return nil, err
	}
	c.m[key] = e
	return e, nil
}

func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(name), "gzip") || strings.TrimSpace(name) == "*" {
			q := strings.ReplaceAll(strings.TrimSpace(params), " ", "")
			return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
		}
	}
	return false
}

// etagMatches implements If-None-Match: a list of tags or "*", weak comparison.
func etagMatches(header string, tags ...string) bool {
	if header == "" {
		return false
	}
	for _, c := range strings.Split(header, ",") {
		c = strings.TrimPrefix(strings.TrimSpace(c), "W/")
		if c == "*" {
			return true
		}
		for _, t := range tags {
			if c == t {
				return true
			}
		}
	}
	return false
}

// serveEncoded writes e with caching headers, answering 304 to a matching
// If-None-Match and choosing gzip when the client accepts it.
func serveEncoded(w http.ResponseWriter, r *http.Request, e *encoded, contentType, cacheControl string) {
	h := w.Header()
	h.Set("Vary", "Accept-Encoding")
	h.Set("Cache-Control", cacheControl)
	gz := acceptsGzip(r)
	tag := e.etag
	if gz {
		tag = e.etagGzip
	}
	h.Set("ETag", tag)
	if etagMatches(r.Header.Get("If-None-Match"), e.etag, e.etagGzip) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Type", contentType)
	body := e.raw
	if gz {
		h.Set("Content-Encoding", "gzip")
		body = e.gz
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}
