package server

import (
	"context"
	"net/http"
	"sync"

	"github.com/inclusiekaart/inclusiekaart/internal/atlas"
	"github.com/inclusiekaart/inclusiekaart/internal/web"
)

// bodyCache keeps encoded unfiltered layers and lists in memory, each for one
// generation of its layer (atlas.LayerGeneration): a write drops only the
// layers it changed (an assessment: the municipalities, not the provinces),
// an edit in another process or a new day likewise.
type bodyCache struct {
	svc *atlas.Service
	// m maps a key to its *cachedBody: read without a lock; mu serialises
	// the builds (one at a time, so a write's rebuild is done once).
	m  sync.Map
	mu sync.Mutex
	// lookup counts hits and misses (the metrics).
	lookup func(hit bool)
}

type cachedBody struct {
	gen string // the layer generation it was built in
	e   *web.Encoded
}

func newBodyCache(svc *atlas.Service, lookup func(hit bool)) *bodyCache {
	return &bodyCache{svc: svc, lookup: lookup}
}

// get returns the cached body for key of the layer of level, building it
// with build when missing or built for another generation of the layer;
// build gets the body built before (nil when there is none), whose parts it
// may reuse (web.EncodeParts). Keys are few (layer × year × zoom, list ×
// year…): the map stays small.
func (c *bodyCache) get(ctx context.Context, level, key string, build func(prev *web.Encoded) (*web.Encoded, error)) (*web.Encoded, error) {
	e, _, err := c.getGen(ctx, level, key, build)
	return e, err
}

// getGen is get, also returning the generation of the layer the body is of.
func (c *bodyCache) getGen(ctx context.Context, level, key string, build func(prev *web.Encoded) (*web.Encoded, error)) (*web.Encoded, string, error) {
	gen, err := c.svc.LayerGeneration(ctx, level)
	if err != nil {
		return nil, "", err
	}
	if v, ok := c.m.Load(key); ok && v.(*cachedBody).gen == gen {
		c.lookup(true)
		return v.(*cachedBody).e, gen, nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	var prev *web.Encoded
	if v, ok := c.m.Load(key); ok { // built while this request waited?
		b := v.(*cachedBody)
		if b.gen == gen {
			c.lookup(true)
			return b.e, gen, nil
		}
		prev = b.e
	}
	c.lookup(false)
	e, err := build(prev)
	if err != nil {
		return nil, "", err
	}
	c.m.Store(key, &cachedBody{gen: gen, e: e})
	return e, gen, nil
}

// serveBuilt answers with the body build makes: from the cache under key when
// cacheable (whole layers and lists of the layer of level), else built for
// this request only; gzip, ETag and 304 either way.
func (s *Server) serveBuilt(w http.ResponseWriter, r *http.Request, cacheable bool, level, key string, build func() ([]byte, error), contentType string) error {
	return s.serveEncoded(w, r, cacheable, level, key, func(*web.Encoded) (*web.Encoded, error) {
		raw, err := build()
		if err != nil {
			return nil, err
		}
		return web.Encode(raw)
	}, contentType)
}

// serveEncoded is serveBuilt for a builder that encodes the body itself.
func (s *Server) serveEncoded(w http.ResponseWriter, r *http.Request, cacheable bool, level, key string, build func(prev *web.Encoded) (*web.Encoded, error), contentType string) error {
	var e *web.Encoded
	var err error
	if cacheable {
		e, err = s.bodies.get(r.Context(), level, key, build)
	} else {
		e, err = build(nil)
	}
	if err != nil {
		return err
	}
	web.ServeEncoded(w, r, e, contentType, layerCacheControl)
	return nil
}

// serveRememberable is serveEncoded for a cacheable body that depends on
// nothing but the URL and its layer's generation (a whole layer): the answer
// is also remembered for repeats of the URL (cached_answers.go).
func (s *Server) serveRememberable(w http.ResponseWriter, r *http.Request, level, key string, build func(prev *web.Encoded) (*web.Encoded, error), contentType string) error {
	e, gen, err := s.bodies.getGen(r.Context(), level, key, build)
	if err != nil {
		return err
	}
	if info := web.Info(r); info != nil && corsPath(r.URL.Path) {
		s.answers.remember(r, &answer{level: level, gen: gen, route: info.Route, e: e, contentType: contentType,
			security: s.sec.of(responseKind([]string{contentType}), r.URL.Path)})
	}
	web.ServeEncoded(w, r, e, contentType, layerCacheControl)
	return nil
}
