package server

import (
	"context"
	"testing"

	"github.com/inclusiekaart/inclusiekaart/internal/atlas"
	"github.com/inclusiekaart/inclusiekaart/internal/testutil"
	"github.com/inclusiekaart/inclusiekaart/internal/web"
)

// TestAWriteDropsOnlyTheLayersItChanged: after an assessment is recorded the
// cached municipality bodies are built again and the province layer is
// still served from the cache.
func TestAWriteDropsOnlyTheLayersItChanged(t *testing.T) {
	ctx := context.Background()
	st, _ := testutil.Store2025(t)
	svc, err := atlas.New(st, atlas.Config{})
	if err != nil {
		t.Fatal(err)
	}
	c := newBodyCache(svc, func(bool) {})
	builds := map[string]int{}
	get := func(level, key string) {
		t.Helper()
		if _, err := c.get(ctx, level, key, func(*web.Encoded) (*web.Encoded, error) { builds[key]++; return web.Encode([]byte(key)) }); err != nil {
			t.Fatal(err)
		}
	}
	for range 2 {
		get(atlas.LevelProvince, "provinces")
		get(atlas.LevelMunicipality, "municipalities")
	}
	if builds["provinces"] != 1 || builds["municipalities"] != 1 {
		t.Fatalf("before the write: built %v, want each once", builds)
	}
	if _, err := svc.RecordAssessment(ctx, "test", "GM0363", []byte(`{"assessed_on":"2026-01-02","source":"test","values":{"stage":{"value":4}}}`)); err != nil {
		t.Fatal(err)
	}
	get(atlas.LevelProvince, "provinces")
	get(atlas.LevelMunicipality, "municipalities")
	if builds["provinces"] != 1 || builds["municipalities"] != 2 {
		t.Errorf("after an assessment: built %v, want the provinces still once and the municipalities again", builds)
	}
}
