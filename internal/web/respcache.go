package web

import (
	"net/http"
	"sync"
)

// ResponseCache keeps encoded responses (body, gzip, ETag and some headers)
// by key for one generation each, so that a repeated request is answered
// without building or compressing again. It is bounded by entries and
// bytes: past either it starts over.
type ResponseCache struct {
	mu         sync.Mutex
	maxEntries int
	maxBytes   int
	bytes      int
	m          map[string]cachedResponse
}

type cachedResponse struct {
	gen    string
	e      *Encoded
	header http.Header
}

// NewResponseCache returns a cache of at most maxEntries responses and
// maxBytes bytes (plain and gzip bodies counted).
func NewResponseCache(maxEntries, maxBytes int) *ResponseCache {
	return &ResponseCache{maxEntries: maxEntries, maxBytes: maxBytes, m: map[string]cachedResponse{}}
}

// Get returns the response cached under key for generation gen.
func (c *ResponseCache) Get(key, gen string) (*Encoded, http.Header, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	r, ok := c.m[key]
	if !ok || r.gen != gen {
		return nil, nil, false
	}
	return r.e, r.header, true
}

// Put caches e with header under key for generation gen.
func (c *ResponseCache) Put(key, gen string, e *Encoded, header http.Header) {
	size := len(e.raw) + len(e.gz) + len(key)
	c.mu.Lock()
	defer c.mu.Unlock()
	if old, ok := c.m[key]; ok {
		c.bytes -= len(old.e.raw) + len(old.e.gz) + len(key)
	}
	if len(c.m) >= c.maxEntries || c.bytes+size > c.maxBytes {
		c.m, c.bytes = map[string]cachedResponse{}, 0
	}
	c.m[key] = cachedResponse{gen: gen, e: e, header: header}
	c.bytes += size
}

// Clear drops every cached response (an idle server gives the memory back).
func (c *ResponseCache) Clear() {
	c.mu.Lock()
	c.m, c.bytes = map[string]cachedResponse{}, 0
	c.mu.Unlock()
}
