package server

import (
	"context"
	"net/http"
	"sync"

	"github.com/inclusiekaart/inclusiekaart/internal/atlas"
	"github.com/inclusiekaart/inclusiekaart/internal/web"
)

// bodyCache keeps encoded unfiltered layers and lists in memory, for one
// generation of the service's published state (an import, an edit in this or
// another process, or a new day starts a new one).
type bodyCache struct {
	svc *atlas.Service
	mu  sync.Mutex
	gen string
	m   map[string]*web.Encoded
	// lookup counts hits and misses (the metrics).
	lookup func(hit bool)
}

func newBodyCache(svc *atlas.Service, lookup func(hit bool)) *bodyCache {
	return &bodyCache{svc: svc, m: map[string]*web.Encoded{}, lookup: lookup}
}

// get returns the cached body for key, building it with build when missing.
func (c *bodyCache) get(ctx context.Context, key string, build func() ([]byte, error)) (*web.Encoded, error) {
	gen, err := c.svc.Generation(ctx)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		c.m, c.gen = map[string]*web.Encoded{}, gen
	}
	if e, ok := c.m[key]; ok {
		c.lookup(true)
		return e, nil
	}
	c.lookup(false)
	raw, err := build()
	if err != nil {
		return nil, err
	}
	e, err := web.Encode(raw)
	if err != nil {
		return nil, err
	}
	c.m[key] = e
	return e, nil
}

// serveBuilt answers with the body build makes: from the per-generation cache
// under key when cacheable (whole layers and lists), else built for this
// request only; gzip, ETag and 304 either way.
func (s *Server) serveBuilt(w http.ResponseWriter, r *http.Request, cacheable bool, key string, build func() ([]byte, error), contentType string) error {
	var e *web.Encoded
	var err error
	if cacheable {
		e, err = s.bodies.get(r.Context(), key, build)
	} else {
		var raw []byte
		if raw, err = build(); err == nil {
			e, err = web.Encode(raw)
		}
	}
	if err != nil {
		return err
	}
	web.ServeEncoded(w, r, e, contentType, layerCacheControl)
	return nil
}
