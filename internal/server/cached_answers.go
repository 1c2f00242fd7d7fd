package server

import (
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/inclusiekaart/inclusiekaart/internal/web"
)

// The map layers are what every visitor loads first, again and again, by
// the same few URLs. Once a layer was served for a URL, the answer is
// remembered with the generation of its layer (atlas.LayerGeneration), and
// a repeat of that URL (path and query, byte for byte) in the same
// generation is answered before routing: no route match, no parameter
// parsing, no copies of the request, the same response. Only answers that
// depend on nothing but the URL and the generation are remembered (the
// layers: not the language, not a cookie; Accept-Encoding and
// If-None-Match are handled by web.ServeEncoded as on the long way). A
// write or import moves the generation, and the next request for the URL
// takes the long way and remembers the new answer. What the outer
// middleware does for every request is done here too, the same way: the
// request id, the request log line and metrics (logRequest), CORS
// (corsRead) and the security headers of the answer's kind; the test
// TestRepeatedLayerRequestsGetTheSameAnswer holds both ways to the same
// response and log line.

// answerKey is a request's URL as sent: path and raw query.
type answerKey struct{ path, query string }

// answer is a remembered answer to one URL.
type answer struct {
	level, gen  string // the layer and its generation when built
	route       string // the route template, for the log and metrics
	e           *web.Encoded
	contentType string
	security    map[string][]string
}

// maxAnswers bounds the remembered URLs; beyond it new URLs take the long
// way (correct, only slower), so odd query strings cannot grow the memory.
const maxAnswers = 64

// answers holds the remembered answers in an immutable map, replaced whole
// on a change: a lookup takes no lock and allocates nothing.
type answers struct {
	m  atomic.Pointer[map[answerKey]*answer]
	mu sync.Mutex
}

// lookup is the answer remembered for r's URL, or nil.
func (a *answers) lookup(r *http.Request) *answer {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return nil
	}
	m := a.m.Load()
	if m == nil {
		return nil
	}
	return (*m)[answerKey{r.URL.Path, r.URL.RawQuery}]
}

// remember keeps ans as the answer to r's URL, dropping answers of other
// generations of its layer.
func (a *answers) remember(r *http.Request, ans *answer) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return
	}
	k := answerKey{r.URL.Path, r.URL.RawQuery}
	a.mu.Lock()
	defer a.mu.Unlock()
	next := map[answerKey]*answer{}
	if old := a.m.Load(); old != nil {
		if cur := (*old)[k]; cur != nil && cur.gen == ans.gen && cur.e == ans.e {
			return
		}
		for ok, ov := range *old {
			if ov.level != ans.level || ov.gen == ans.gen {
				next[ok] = ov
			}
		}
	}
	if _, ok := next[k]; !ok && len(next) >= maxAnswers {
		return
	}
	next[k] = ans
	a.m.Store(&next)
}

// clear forgets every answer.
func (a *answers) clear() {
	a.mu.Lock()
	a.m.Store(nil)
	a.mu.Unlock()
}

// serveRemembered answers r from a remembered answer when there is one for
// its URL in the current generation of its layer, and reports whether it did.
func (s *Server) serveRemembered(w http.ResponseWriter, r *http.Request) bool {
	ans := s.answers.lookup(r)
	if ans == nil {
		return false
	}
	if gen, err := s.svc.LayerGeneration(r.Context(), ans.level); err != nil || gen != ans.gen {
		return false
	}
	start := time.Now()
	s.active.touch(start)
	info := s.requestInfo(w, r, ans.route)
	h := w.Header()
	corsRead(h)
	if !ans.e.NotModified(r) {
		for k, v := range ans.security {
			h[k] = v
		}
	}
	s.cfg.Metrics.cacheLookup(true)
	status, n := web.ServeEncoded(w, r, ans.e, ans.contentType, layerCacheControl)
	s.logRequest(r, &info, status, n, h, start)
	return true
}
