package server

import (
	"context"
	"runtime/debug"
	"sync/atomic"
	"time"
)

// Memory after load: the caches are bounded (see bench/README.md), but the Go
// runtime hands freed memory back to the system only slowly. When nobody
// has asked anything for idleAfter, the server drops the caches of built
// answers (details, OGC pages and features, encoded geometries; not the
// whole layers, which the next visitor needs first) and returns what the
// heap no longer uses at once (debug.FreeOSMemory: one garbage
// collection), once per quiet spell, so an idle server's RSS drops back
// within the minute. Each dropped answer is built again when asked (a few
// milliseconds).
const idleAfter = 20 * time.Second

// activity is the time of the latest request (UnixNano), set by logRequests.
type activity struct{ last atomic.Int64 }

func (a *activity) touch(t time.Time) { a.last.Store(t.UnixNano()) }

// releaseWhenIdle runs until ctx ends: every tick it frees unused memory
// when the last request is older than idleAfter and nothing was freed since.
func (a *activity) releaseWhenIdle(ctx context.Context, tick time.Duration, free func()) {
	t := time.NewTicker(tick)
	defer t.Stop()
	var freedAt int64 = -1
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-t.C:
			last := a.last.Load()
			if last != freedAt && now.Sub(time.Unix(0, last)) >= idleAfter {
				free()
				freedAt = last
			}
		}
	}
}

// releaseMemory drops the rebuildable caches and frees the memory.
func (s *Server) releaseMemory() {
	s.details.Clear()
	s.answers.clear()
	if s.ogc != nil {
		s.ogc.DropCaches()
	}
	s.svc.DropCaches()
	debug.FreeOSMemory()
}
