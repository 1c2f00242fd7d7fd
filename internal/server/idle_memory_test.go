package server

import (
	"context"
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
