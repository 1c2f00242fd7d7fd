package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/inclusiekaart/inclusiekaart/geo/source"
	"github.com/inclusiekaart/inclusiekaart/internal/atlas"
	"github.com/inclusiekaart/inclusiekaart/internal/fixture"
	"github.com/inclusiekaart/inclusiekaart/internal/importer"
	"github.com/inclusiekaart/inclusiekaart/internal/server"
	"github.com/inclusiekaart/inclusiekaart/internal/store"
	"github.com/inclusiekaart/inclusiekaart/internal/testutil"
)

type versionHistory struct {
	Stage   *int `json:"stage"`
	History []struct {
		Version    int64  `json:"version"`
		AssessedOn string `json:"assessed_on"`
		Source     string `json:"source"`
	} `json:"history"`
}

func TestConcurrentPutsOnOneMunicipalityKeepEveryVersion(t *testing.T) {
	ts, st, tok := editServer(t, false)
	url := ts.URL + "/api/municipalities/GM0344/assessment"
	const n = 20
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: n}}
	var wg sync.WaitGroup
	statuses := make([]int, n)
	bodies := make([]string, n)
	errs := make([]error, n)
	start := make(chan struct{})
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			<-start
			body := fmt.Sprintf(`{"assessed_on":"2026-10-%02d","source":"parallel %d","values":{"stage":{"value":%d},"domain.work":{"value":%d}}}`, i+1, i, 1+i%6, i%4)
			statuses[i], bodies[i], errs[i] = putFrom(client, url, tok, body)
		}(i)
	}
	close(start)
	wg.Wait()
	for i := 0; i < n; i++ {
		if errs[i] != nil || statuses[i] != 201 {
			t.Errorf("PUT %d: %d %v %.300s", i, statuses[i], errs[i], bodies[i])
		}
	}
	if c := countRows(t, st, "assessments"); c != n {
		t.Errorf("%d versions stored, want %d", c, n)
	}
	r := get(t, ts.URL+"/api/municipalities/GM0344")
	var d versionHistory
	if err := json.Unmarshal(r.body, &d); err != nil || r.status != 200 {
		t.Fatalf("detail: %d %v", r.status, err)
	}
	if len(d.History) != n {
		t.Fatalf("history has %d entries, want %d", len(d.History), n)
	}
	seen := map[int64]bool{}
	for i, h := range d.History {
		if want := fmt.Sprintf("2026-10-%02d", n-i); h.AssessedOn != want {
			t.Errorf("history[%d] assessed_on %s, want %s (newest first)", i, h.AssessedOn, want)
		}
		if seen[h.Version] {
			t.Errorf("version %d twice", h.Version)
		}
		seen[h.Version] = true
	}
	if d.Stage == nil || *d.Stage != 1+(n-1)%6 {
		t.Errorf("current stage %v, want the newest (2026-10-20) value %d", d.Stage, 1+(n-1)%6)
	}

	// Same date from 20 editors at once: all stored, the last recorded is current.
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			body := fmt.Sprintf(`{"assessed_on":"2026-11-01","source":"same day %02d","values":{"stage":{"value":3}}}`, i)
			statuses[i], bodies[i], errs[i] = putFrom(client, url, tok, body)
		}(i)
	}
	wg.Wait()
	for i := 0; i < n; i++ {
		if errs[i] != nil || statuses[i] != 201 {
			t.Errorf("same-day PUT %d: %d %v %.300s", i, statuses[i], errs[i], bodies[i])
		}
	}
	r = get(t, ts.URL+"/api/municipalities/GM0344")
	d = versionHistory{}
	json.Unmarshal(r.body, &d)
	if len(d.History) != 2*n {
		t.Fatalf("history has %d entries, want %d", len(d.History), 2*n)
	}
	versions := make([]int64, n)
	for i := 0; i < n; i++ {
		versions[i] = d.History[i].Version
	}
	if !sort.SliceIsSorted(versions, func(a, b int) bool { return versions[a] > versions[b] }) {
		t.Errorf("same-day versions not newest first: %v", versions)
	}
}

func TestPutsWhileReading(t *testing.T) {
	ts, st, tok := editServer(t, false)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var mu sync.Mutex
	var problems []string
	report := func(s string) {
		mu.Lock()
		problems = append(problems, s)
		mu.Unlock()
	}
	var readers sync.WaitGroup
	reads := 0
	for _, p := range []string{"/api/municipalities.geojson?zoom=7", "/api/municipalities", "/ogc/collections/municipalities/items?limit=50", "/api/municipalities/GM0363"} {
		readers.Add(1)
		go func(p string) {
			defer readers.Done()
			for ctx.Err() == nil {
				resp, err := http.Get(ts.URL + p)
				if err != nil {
					report(p + ": " + err.Error())
					return
				}
				var buf bytes.Buffer
				buf.ReadFrom(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 {
					report(fmt.Sprintf("%s: %d %.200s", p, resp.StatusCode, buf.String()))
				}
				mu.Lock()
				reads++
				mu.Unlock()
			}
		}(p)
	}
	// Let the readers get going before the first write (bounded).
	for warm := time.Now(); time.Since(warm) < 2*time.Second; time.Sleep(10 * time.Millisecond) {
		mu.Lock()
		r := reads
		mu.Unlock()
		if r >= 8 {
			break
		}
	}
	var writers sync.WaitGroup
	codes := []string{"GM0363", "GM0344", "GM0014", "GM0599"}
	for i := 0; i < 16; i++ {
		writers.Add(1)
		go func(i int) {
			defer writers.Done()
			body := fmt.Sprintf(`{"assessed_on":"2026-10-%02d","source":"while reading","values":{"stage":{"value":%d}}}`, i+1, 1+i%6)
			status, b, err := putFrom(http.DefaultClient, ts.URL+"/api/municipalities/"+codes[i%len(codes)]+"/assessment", tok, body)
			if err != nil || status != 201 {
				report(fmt.Sprintf("PUT %d: %d %v %.200s", i, status, err, b))
			}
		}(i)
	}
	writers.Wait()
	// After the last write the layer shows GM0363's newest stage (2026-10-13: i=12, stage 1).
	deadline := time.Now().Add(3 * time.Second)
	for {
		r := get(t, ts.URL+"/api/municipalities?code=GM0363")
		var list []struct{ Stage *int }
		json.Unmarshal(r.body, &list)
		if len(list) == 1 && list[0].Stage != nil && *list[0].Stage == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Errorf("GM0363 still shows %.200s 3 s after the last PUT", r.body)
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	cancel()
	readers.Wait()
	for _, p := range problems {
		t.Error(p)
	}
	if c := countRows(t, st, "assessments"); c != 16 {
		t.Errorf("%d versions stored, want 16", c)
	}
	t.Logf("%d reads during 16 writes", reads)
}

// layerNames returns the features' id → name of the default layer.
func layerNames(t *testing.T, url string) map[string]string {
	t.Helper()
	r := get(t, url+"/api/municipalities.geojson?zoom=7")
	if r.status != 200 {
		t.Fatalf("layer: %d %.200s", r.status, r.body)
	}
	var fc struct {
		Features []struct {
			ID         string `json:"id"`
			Properties struct {
				Name string `json:"name"`
			} `json:"properties"`
		} `json:"features"`
	}
	if err := json.Unmarshal(r.body, &fc); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, f := range fc.Features {
		out[f.ID] = f.Properties.Name
	}
	return out
}

// TestImportWhileServing: boundaries imported through a second
// connection (as `inclusiekaart import boundaries` in another process would)
// and through the server's own store while the server answers; within about
// a second every view shows the new data, and no request fails meanwhile.
func TestImportWhileServing(t *testing.T) {
	st, path := testutil.Store2025(t)
	ts := serve(t, st, atlas.Config{}, server.Config{})
	if got := layerNames(t, ts.URL); len(got) != 342 || got["GM0363"] != "Amsterdam" {
		t.Fatalf("before: %d features, GM0363 %q", len(got), got["GM0363"])
	}

	raw, err := os.ReadFile(fixture.Boundaries(t, "gemeente_2025.geojson"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	renamed := func(name string) string {
		p := filepath.Join(dir, "renamed.geojson")
		b := bytes.Replace(raw, []byte(`"statnaam":"Amsterdam"`), []byte(`"statnaam":"`+name+`"`), 1)
		if bytes.Equal(b, raw) {
			t.Fatal("GM0363 not found in the source")
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var mu sync.Mutex
	var problems []string
	var readers sync.WaitGroup
	for _, p := range []string{"/api/municipalities.geojson?zoom=7", "/api/municipalities", "/ogc/collections/municipalities/items?limit=20"} {
		readers.Add(1)
		go func(p string) {
			defer readers.Done()
			for ctx.Err() == nil {
				resp, err := http.Get(ts.URL + p)
				if err != nil {
					return
				}
				var buf bytes.Buffer
				buf.ReadFrom(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 {
					mu.Lock()
					problems = append(problems, fmt.Sprintf("%s: %d %.200s", p, resp.StatusCode, buf.String()))
					mu.Unlock()
				}
			}
		}(p)
	}

	other, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	for _, c := range []struct {
		via  string
		st   *store.Store
		name string
	}{
		{"another connection", other, "Amsterdam (andere verbinding)"},
		{"the server's own store", st, "Amsterdam (zelfde verbinding)"},
	} {
		if _, err := importer.Boundaries(context.Background(), c.st, renamed(c.name), importer.Options{Level: source.LevelMunicipality, Year: 2025, Actor: "test"}); err != nil {
			t.Fatalf("import via %s: %v", c.via, err)
		}
		done := time.Now()
		for {
			layer := layerNames(t, ts.URL)
			r := get(t, ts.URL+"/api/municipalities/GM0363")
			o := get(t, ts.URL+"/ogc/collections/municipalities/items/GM0363?f=json")
			if layer["GM0363"] == c.name && bytes.Contains(r.body, []byte(c.name)) && bytes.Contains(o.body, []byte(c.name)) {
				t.Logf("import via %s visible after %v", c.via, time.Since(done).Round(time.Millisecond))
				break
			}
			if time.Since(done) > 2500*time.Millisecond {
				t.Errorf("import via %s: 2.5 s later the layer says %q, detail %.100s, OGC %.100s", c.via, layer["GM0363"], r.body, o.body)
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	cancel()
	readers.Wait()
	for _, p := range problems {
		t.Error(p)
	}
}
