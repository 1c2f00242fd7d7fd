package main

import (
	"os"
	"runtime/debug"
)

// Garbage collection of the server (Go's GC guide: a memory limit with a
// higher GOGC). Most of the heap is long-lived caches, so with the default
// GOGC=100 every few thousand responses marked the whole heap again: about
// a third of the CPU a cached layer response costs. With GOGC=400 the
// collector runs a quarter as often, and the soft limit keeps the heap
// from growing past it (the collector runs sooner as it is neared), so
// memory stays bounded under load; an idle server hands freed memory back
// (internal/server/idle_memory.go). GOGC and GOMEMLIMIT in the environment
// override both.
const (
	serveGCPercent   = 400
	serveMemoryLimit = 64 << 20
)

func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(serveGCPercent)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(serveMemoryLimit)
	}
}
