package server

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"
)

// TestIdleServerFreesMemoryOncePerQuietSpell protects the idle release: no
// release while requests come, one once the server has been quiet for
// idleAfter, none again until a new request and a new quiet spell.
func TestIdleServerFreesMemoryOncePerQuietSpell(t *testing.T) {
	var a activity
	var freed atomic.Int32
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	a.touch(time.Now())
	go a.releaseWhenIdle(ctx, time.Millisecond, func() { freed.Add(1) })
	time.Sleep(20 * time.Millisecond)
	if n := freed.Load(); n != 0 {
		t.Fatalf("freed %d times while the last request was just now", n)
	}
	a.touch(time.Now().Add(-idleAfter - time.Second)) // quiet for longer than idleAfter
	waitFor(t, func() bool { return freed.Load() == 1 })
	time.Sleep(20 * time.Millisecond)
	if n := freed.Load(); n != 1 {
		t.Fatalf("freed %d times in one quiet spell, want once", n)
	}
	a.touch(time.Now().Add(-idleAfter - 2*time.Second)) // a new request, then quiet again
	waitFor(t, func() bool { return freed.Load() == 2 })
}

func waitFor(t *testing.T, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatal("condition not reached within 5 s")
		}
		time.Sleep(time.Millisecond)
	}
}

// TestAnswersAfterTheIdleReleaseAreTheSame protects what the idle release
// drops: every answer built again afterwards is byte for byte the one
// served before it (detail, OGC feature, layer).
func TestAnswersAfterTheIdleReleaseAreTheSame(t *testing.T) {
	s := benchServer(t)
	h := s.Handler()
	paths := []string{"/api/municipalities/GM0363",
		"/ogc/collections/municipalities/items/GM0363", "/api/municipalities.geojson?zoom=9"}
	get := func(p string) string {
		t.Helper()
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, p, nil))
		if w.Code != 200 {
			t.Fatalf("%s: %d %s", p, w.Code, w.Body)
		}
		return w.Header().Get("ETag")
	}
	before := map[string]string{}
	for _, p := range paths {
		before[p] = get(p)
	}
	s.releaseMemory()
	for _, p := range paths {
		if got := get(p); got != before[p] {
			t.Errorf("%s: ETag %s after the release, %s before", p, got, before[p])
		}
	}
}
