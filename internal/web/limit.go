package web

import (
	"net/http"
	"sync"
	"time"

	"github.com/inclusiekaart/inclusiekaart/internal/atlas"
)

// Limiter counts events per key in fixed windows (e.g. failed logins per IP
// per minute) and refuses once a key reached its limit, until the window ends.
// It keeps only the current window's keys, so memory stays bounded by the
// traffic of one window.
type Limiter struct {
	limit  int
	window time.Duration
	now    func() time.Time

	mu     sync.Mutex
	start  time.Time
	counts map[string]int
}

// NewLimiter allows limit events per key per window.
func NewLimiter(limit int, window time.Duration) *Limiter {
	return &Limiter{limit: limit, window: window, now: time.Now, counts: map[string]int{}}
}

func (l *Limiter) roll() {
	if now := l.now(); now.Sub(l.start) >= l.window {
		l.start, l.counts = now, map[string]int{}
	}
}

// Blocked returns a TooManyRequests error when key has used up its limit in
// this window, else nil. It does not count.
func (l *Limiter) Blocked(key string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.roll()
	if l.counts[key] >= l.limit {
		wait := l.window - l.now().Sub(l.start)
		return &atlas.Error{Kind: atlas.TooManyRequests, Message: "too many attempts; wait a moment and try again", RetryAfter: int(wait.Seconds()) + 1}
	}
	return nil
}

// Add counts one event for key.
func (l *Limiter) Add(key string) {
	l.mu.Lock()
	l.roll()
	l.counts[key]++
	l.mu.Unlock()
}

// Take counts one event for key and refuses it when the limit is reached.
func (l *Limiter) Take(key string) error {
	if err := l.Blocked(key); err != nil {
		return err
	}
	l.Add(key)
	return nil
}

// ClientIP is the client's address as the server resolved it (see
// ResolveClientIP: X-Forwarded-For only from a trusted proxy), else the
// connection's, so a client cannot choose its own key.
func ClientIP(r *http.Request) string {
	if info := Info(r); info != nil && info.ClientIP != "" {
		return info.ClientIP
	}
	return remoteHost(r)
}
