package main

import (
	"io"
	"log/slog"

	"github.com/inclusiekaart/inclusiekaart/internal/atlas"
	"github.com/inclusiekaart/inclusiekaart/internal/server"
	"github.com/inclusiekaart/inclusiekaart/internal/store"
)

// newRouter is what `serve` serves over st, without the listener.
func newRouter(st *store.Store) (*server.Server, error) {
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	svc, err := atlas.New(st, atlas.Config{Log: quiet})
	if err != nil {
		return nil, err
	}
	return server.New(svc, quiet, server.Config{})
}
