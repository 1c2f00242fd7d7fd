package ogc_test

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/inclusiekaart/inclusiekaart/geo/source"
	"github.com/inclusiekaart/inclusiekaart/internal/importer"
	"github.com/inclusiekaart/inclusiekaart/internal/store"
	"github.com/inclusiekaart/inclusiekaart/internal/testutil"
)

// TestImportFromOwnOGCAPI closes the loop: the importer pages through this
// server's own OGC API items (small pages, CRS84 and RD New) into a new
// database and gets the same boundaries back.
func TestImportFromOwnOGCAPI(t *testing.T) {
	src, _ := testutil.Store2025(t)
	ts := httptest.NewServer(router(t, src).Handler())
	defer ts.Close()
	ctx := context.Background()
	dst, _ := testutil.OpenStore(t)
	dstRD, _ := testutil.OpenStore(t)
	base := ts.URL + "/ogc/collections/"
	for _, c := range []struct {
		st    *store.Store
		url   string
		level source.Level
		year  int // 0: from the features' year property
		count int
	}{
		{dst, base + "provinces/items?limit=5", source.LevelProvince, 0, 12},
		{dst, base + "municipalities/items?limit=50", source.LevelMunicipality, 2025, 342},
		{dstRD, base + "municipalities/items?limit=100&crs=http://www.opengis.net/def/crs/EPSG/0/28992", source.LevelMunicipality, 0, 342},
	} {
		res, err := importer.Boundaries(ctx, c.st, c.url, importer.Options{Level: c.level, Year: c.year})
		if err != nil {
			t.Fatalf("%s: %v", c.url, err)
		}
		if res.Count != c.count || res.Year != 2025 {
			t.Errorf("%s: %d features for %d, want %d for 2025", c.url, res.Count, res.Year, c.count)
		}
	}
	orig, _ := src.Areas(ctx, 2025, store.LevelMunicipality, store.Filter{})
	back, _ := dst.Areas(ctx, 2025, store.LevelMunicipality, store.Filter{})
	rd, _ := dstRD.Areas(ctx, 2025, store.LevelMunicipality, store.Filter{})
	if len(back) != len(orig) || len(rd) != len(orig) {
		t.Fatalf("areas: %d and %d back, %d originally", len(back), len(rd), len(orig))
	}
	for i := range orig {
		if back[i].Code != orig[i].Code || back[i].Name != orig[i].Name || back[i].ProvinceCode != orig[i].ProvinceCode {
			t.Errorf("%s: came back as %+v", orig[i].Code, back[i])
		}
		// Through RD New and back: within about a metre (1e-5 degrees).
		if d := rd[i].Bound.Min.Lon() - orig[i].Bound.Min.Lon(); d > 1e-5 || d < -1e-5 {
			t.Errorf("%s: RD round trip moved the west edge by %g degrees", orig[i].Code, d)
		}
	}
}
