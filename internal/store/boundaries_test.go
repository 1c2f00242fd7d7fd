package store_test

import (
	"context"
	"errors"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"

	"github.com/inclusiekaart/inclusiekaart/geo"
	"github.com/inclusiekaart/inclusiekaart/geo/source"
	"github.com/inclusiekaart/inclusiekaart/internal/fixture"
	"github.com/inclusiekaart/inclusiekaart/internal/importer"
	"github.com/inclusiekaart/inclusiekaart/internal/store"
	"github.com/inclusiekaart/inclusiekaart/internal/testutil"
)

func TestImport2025(t *testing.T) {
	st, _ := testutil.Store2025(t)
	ctx := context.Background()
	areas, err := st.Areas(ctx, 2025, store.LevelMunicipality, store.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(areas), 342; got != want {
		t.Fatalf("municipalities: got %d, want %d", got, want)
	}
	perProvince := map[string]int{}
	for _, a := range areas {
		if a.ProvinceCode == "" || a.ProvinceName == "" {
			t.Errorf("%s %s has no province", a.Code, a.Name)
		}
		perProvince[a.ProvinceName]++
	}
	want := map[string]int{"Groningen": 10, "Fryslân": 18, "Drenthe": 12, "Overijssel": 25, "Flevoland": 6, "Gelderland": 51,
		"Utrecht": 26, "Noord-Holland": 44, "Zuid-Holland": 50, "Zeeland": 13, "Noord-Brabant": 56, "Limburg": 31}
	if !reflect.DeepEqual(perProvince, want) {
		t.Errorf("municipalities per province:\n got %v\nwant %v", perProvince, want)
	}
	ams, err := st.Area(ctx, 2025, store.LevelMunicipality, "GM0363")
	if err != nil {
		t.Fatal(err)
	}
	if ams.Name != "Amsterdam" || ams.ProvinceCode != "PV27" {
		t.Errorf("GM0363: got %s in %s, want Amsterdam in PV27", ams.Name, ams.ProvinceCode)
	}
	ns, err := st.Neighbours(ctx, 2025, store.LevelMunicipality, "GM0363")
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, n := range ns {
		names[n.Name] = true
	}
	for _, n := range []string{"Amstelveen", "Zaanstad", "Diemen", "Ouder-Amstel"} {
		if !names[n] {
			t.Errorf("Amsterdam's neighbours %v lack %s", names, n)
		}
	}
	if _, err := st.Area(ctx, 2025, store.LevelMunicipality, "GM9999"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown code: got %v, want ErrNotFound", err)
	}
}

// snapshot captures everything an import may touch.
func snapshot(t *testing.T, st *store.Store) string {
	t.Helper()
	var b strings.Builder
	for _, q := range []string{
		`SELECT year || level || source || checksum || feature_count FROM boundary_sets ORDER BY year, level`,
		`SELECT code || name || province_code || hex(geom) FROM areas ORDER BY id`,
		`SELECT area_id || zoom_level || hex(geom) FROM area_shapes ORDER BY area_id, zoom_level`,
		`SELECT COUNT(*) FROM areas_rtree`,
		`SELECT COUNT(*) FROM neighbours`,
		`SELECT value FROM meta`,
	} {
		rows, err := st.DB().Query(q)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				t.Fatal(err)
			}
			b.WriteString(s)
			b.WriteByte('\n')
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
	}
	return b.String()
}

func TestBadImportChangesNothing(t *testing.T) {
	src, err := os.ReadFile(fixture.Boundaries(t, "gemeente_2025.geojson"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	// The real file with one broken feature at the very end: the import fails after
	// having read and validated 342 good features.
	s := string(src)
	end := strings.LastIndex(s, "]")
	broken := s[:end] + `,{"type":"Feature","id":"GM0999","properties":{"statcode":"GM0999","statnaam":"Kapot"},"geometry":{"type":"Point","coordinates":[5,52]}}` + s[end:]
	cases := []struct {
		name, body, wantErr string
	}{
		{"point geometry", broken, "GM0999"},
		{"not json", "{\"type\":\"FeatureCollection\",\"features\":[", ""},
		{"duplicate code", strings.Replace(s, `"statcode":"GM0014"`, `"statcode":"GM0034"`, 1), "GM0034"},
		{"empty", `{"type":"FeatureCollection","features":[]}`, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			st, _ := testutil.Store2025(t)
			before := snapshot(t, st)
			_, err := importer.Boundaries(context.Background(), st, write(c.name+".geojson", c.body), importer.Options{Level: source.LevelMunicipality})
			if err == nil {
				t.Fatal("import succeeded, want an error")
			}
			if !strings.Contains(err.Error(), c.wantErr) {
				t.Errorf("error %q does not name %q", err, c.wantErr)
			}
			if after := snapshot(t, st); after != before {
				t.Error("a failed import changed the database")
			}
		})
	}
}

// A failure inside the store transaction (a constraint violation after most rows
// were written) must roll everything back, including the delete of the old set.
func TestReplaceBoundariesRollsBack(t *testing.T) {
	st, _ := testutil.Store2025(t)
	ctx := context.Background()
	before := snapshot(t, st)
	sq := orb.MultiPolygon{{{{5, 52}, {5.1, 52}, {5.1, 52.1}, {5, 52}}}}
	area := store.Area{Code: "GM0001", Name: "A", Geometry: sq, Shapes: []orb.MultiPolygon{sq}, Point: orb.Point{5.05, 52.03}}
	set := store.BoundarySet{Year: 2025, Level: store.LevelMunicipality, Source: "test", Checksum: "x",
		Areas: []store.Area{area, area}} // duplicate code violates UNIQUE(year, level, code)
	if _, err := st.ReplaceBoundaries(ctx, set, "test"); err == nil {
		t.Fatal("duplicate codes accepted")
	}
	if after := snapshot(t, st); after != before {
		t.Error("a failed ReplaceBoundaries changed the database")
	}
}

// TestYearsCoexistAndReplace: a second year is stored beside 2025, and
// re-importing 2025 (from TopoJSON this time) replaces only that year, with
// no stale R*Tree rows. The 2024 fixture is a subset of 21 municipalities
// (testdata/README.md).
func TestYearsCoexistAndReplace(t *testing.T) {
	const n2024 = 21
	st, _ := testutil.Store2025(t)
	ctx := context.Background()
	if res := testutil.Import(t, st, fixture.Boundaries(t, "gemeente_2024.geojson"), source.LevelMunicipality, 0); res.Year != 2024 || res.Count != n2024 {
		t.Fatalf("2024 import: year %d, %d boundaries; want 2024, %d", res.Year, res.Count, n2024)
	}
	years, err := st.Years(ctx, store.LevelMunicipality)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(years, []int{2025, 2024}) {
		t.Fatalf("years: got %v, want [2025 2024]", years)
	}
	a24, err := st.Areas(ctx, 2024, store.LevelMunicipality, store.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(a24) != n2024 {
		t.Fatalf("2024: %d areas, want %d", len(a24), n2024)
	}
	for _, a := range a24 {
		if a.ProvinceCode == "" {
			t.Errorf("2024 %s %s has no province", a.Code, a.Name)
		}
	}
	// Re-importing 2025 from the TopoJSON replaces that year and leaves 2024 alone.
	testutil.Import(t, st, fixture.Boundaries(t, "gemeente_2025.topojson"), source.LevelMunicipality, 0)
	sets, err := st.Sets(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var n2025 int
	for _, s := range sets {
		if s.Year == 2025 && s.Level == store.LevelMunicipality {
			n2025++
			if !strings.HasSuffix(s.Source, "gemeente_2025.topojson") || s.FeatureCount != 342 {
				t.Errorf("2025 set after re-import: %+v", s)
			}
		}
	}
	if n2025 != 1 {
		t.Errorf("2025 municipality sets: got %d, want 1", n2025)
	}
	a24, _ = st.Areas(ctx, 2024, store.LevelMunicipality, store.Filter{})
	if len(a24) != n2024 {
		t.Errorf("2024 changed by a 2025 import: %d areas", len(a24))
	}
	var rtree int
	st.DB().QueryRow(`SELECT COUNT(*) FROM areas_rtree`).Scan(&rtree)
	if want := 342 + n2024 + 12; rtree != want {
		t.Errorf("R*Tree rows: got %d, want %d (stale rows left by the replace?)", rtree, want)
	}
}

// The R*Tree query must return exactly what a brute-force scan of the full
// geometries returns.
func TestBBoxMatchesBruteForce(t *testing.T) {
	st, _ := testutil.Store2025(t)
	ctx := context.Background()
	all, err := st.Areas(ctx, 2025, store.LevelMunicipality, store.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	full := map[string]orb.MultiPolygon{}
	rows, err := st.DB().Query(`SELECT code, geom FROM areas WHERE year = 2025 AND level = 'municipality'`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var code string
		var blob []byte
		if err := rows.Scan(&code, &blob); err != nil {
			t.Fatal(err)
		}
		g, err := wkb.Unmarshal(blob)
		if err != nil {
			t.Fatal(err)
		}
		full[code] = g.(orb.MultiPolygon)
	}
	rows.Close()
	rng := rand.New(rand.NewSource(1))
	for i := 0; i < 300; i++ {
		lon, lat := 3.2+rng.Float64()*4.2, 50.6+rng.Float64()*3.1
		w, h := rng.Float64()*rng.Float64()*2, rng.Float64()*rng.Float64()*2
		if i%10 == 0 { // degenerate boxes: points and lines
			w = 0
		}
		bb := orb.Bound{Min: orb.Point{lon, lat}, Max: orb.Point{lon + w, lat + h}}
		if i%37 == 0 && len(all) > 0 { // a box exactly on an area's bound edge
			bb = orb.Bound{Min: all[i%len(all)].Bound.Max, Max: all[i%len(all)].Bound.Max}
		}
		got, err := st.Areas(ctx, 2025, store.LevelMunicipality, store.Filter{BBox: &bb})
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		for _, a := range all {
			if geo.IntersectsBound(full[a.Code], bb) {
				want = append(want, a.Code)
			}
		}
		var gotCodes []string
		for _, a := range got {
			gotCodes = append(gotCodes, a.Code)
		}
		if !reflect.DeepEqual(gotCodes, want) {
			t.Fatalf("bbox %v:\n got %v\nwant %v", bb, gotCodes, want)
		}
	}
}

func TestMigrationsIdempotent(t *testing.T) {
	_, path := testutil.OpenStore(t)
	for i := 0; i < 2; i++ {
		st, err := store.Open(context.Background(), path)
		if err != nil {
			t.Fatalf("reopen %d: %v", i, err)
		}
		var n int
		st.DB().QueryRow(`SELECT COUNT(*) FROM schema_migrations`).Scan(&n)
		if n < 2 {
			t.Errorf("migrations applied: %d", n)
		}
		st.Close()
	}
}
