package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/inclusiekaart/inclusiekaart/internal/atlas"
)

// stageOf reads the published stage of code from a running server.
func stageOf(t *testing.T, base, code string) any {
	t.Helper()
	status, body := httpGet(t, base+"/api/municipalities/"+code)
	var d map[string]any
	if status != 200 || json.Unmarshal(body, &d) != nil {
		t.Fatalf("detail %s: %d %.200s", code, status, body)
	}
	return d["stage"]
}

func putStage(t *testing.T, base, tok, code string, stage int) {
	t.Helper()
	body := fmt.Sprintf(`{"assessed_on":"2026-10-%02d","source":"test","values":{"stage":{"value":%d}}}`, stage, stage)
	req, _ := http.NewRequest(http.MethodPut, base+"/api/municipalities/"+code+"/assessment", strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 201 {
		t.Fatalf("PUT stage %d: %v %v", stage, resp.Status, err)
	}
	resp.Body.Close()
}

// TestBackupAndRestoreWhileServing backs up a database while the real
// server answers readers and writes, then restores it: the restored
// database holds what the backup saw, a restore is refused while the server
// has the database open, and a file that is not a database is refused.
func TestBackupAndRestoreWhileServing(t *testing.T) {
	db := importedDB(t)
	out, _, err := runCLI("token", "create", "--name", "editor", "--db", db)
	if err != nil {
		t.Fatal(err)
	}
	tok := strings.TrimSpace(out)
	base, stop := startServe(t, "--db", db, "--addr", "127.0.0.1:0")
	putStage(t, base, tok, "GM0344", 4)

	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	var mu sync.Mutex
	failures, requests := 0, 0
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				resp, err := http.Get(base + "/api/municipalities.geojson?zoom=7")
				mu.Lock()
				requests++
				if err != nil || resp.StatusCode != 200 {
					failures++
				}
				mu.Unlock()
				if err == nil {
					resp.Body.Close()
				}
			}
		}()
	}
	dir := t.TempDir()
	bak := filepath.Join(dir, "backup.db")
	out, _, err = runCLI("backup", bak, "--db", db)
	cancel()
	wg.Wait()
	if err != nil || !strings.Contains(out, "backed up") {
		t.Fatalf("backup while serving: %v %s", err, out)
	}
	if failures > 0 {
		t.Errorf("%d of %d reads failed during the backup", failures, requests)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".*")); len(left) > 0 {
		t.Errorf("backup left temporary files: %v", left)
	}

	putStage(t, base, tok, "GM0344", 6)
	if got := stageOf(t, base, "GM0344"); got != float64(6) {
		t.Fatalf("stage after the second PUT: %v", got)
	}
	if _, _, err := runCLI("restore", bak, "--db", db); err == nil || !strings.Contains(err.Error(), "open in another process") {
		t.Errorf("restore while serving: %v, want a refusal", err)
	}
	junk := writeFile(t, dir, "junk.db", "not a database at all, just text")
	if _, _, err := runCLI("restore", junk, "--db", db); err == nil || !strings.Contains(err.Error(), "not an Inclusiekaart database") {
		t.Errorf("restore of a text file: %v", err)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}

	out, _, err = runCLI("restore", bak, "--db", db)
	if err != nil || !strings.Contains(out, "restored") {
		t.Fatalf("restore: %v %s", err, out)
	}
	for _, ext := range []string{"-wal", "-shm"} {
		if st, err := os.Stat(db + ext); err == nil && st.Size() > 0 && ext == "-wal" {
			t.Errorf("a stale WAL is left beside the restored database (%d bytes)", st.Size())
		}
	}
	base, _ = startServe(t, "--db", db, "--addr", "127.0.0.1:0")
	if got := stageOf(t, base, "GM0344"); got != float64(4) {
		t.Errorf("after restore GM0344 has stage %v, want 4 (what the backup saw)", got)
	}
	if status, body := httpGet(t, base+"/readyz"); status != 200 {
		t.Errorf("/readyz after restore: %d %s", status, body)
	}
}

// TestReleaseRoundTrip writes two releases with a change between them and
// reads them back: GDAL opens the GeoPackage, the checksums verify, a
// version is never overwritten, and the served page, citation and feeds
// show each version, its date and the right change list.
func TestReleaseRoundTrip(t *testing.T) {
	db := importedDB(t)
	rels := filepath.Join(t.TempDir(), "releases")
	out, _, err := runCLI("release", "--db", db, "--out", rels, "--public-url", "https://kaart.example.org")
	if err != nil {
		t.Fatalf("release: %v", err)
	}
	today := time.Now().UTC().Format("2006-01-02")
	if !strings.Contains(out, "released "+today) {
		t.Errorf("release printed %q", out)
	}
	if _, _, err := runCLI("release", "--db", db, "--out", rels); err == nil || !strings.Contains(err.Error(), "never overwritten") {
		t.Errorf("a second release of the same version: %v", err)
	}

	first := filepath.Join(rels, today)
	for _, f := range []string{"inclusiekaart.gpkg", "inclusiekaart.geojson", "inclusiekaart.csv", "data-dictionary.md", "README.md", "CITATION.cff", "SHA256SUMS", "release.json"} {
		if st, err := os.Stat(filepath.Join(first, f)); err != nil || st.Size() == 0 {
			t.Errorf("release lacks %s: %v", f, err)
		}
	}
	cff, _ := os.ReadFile(filepath.Join(first, "CITATION.cff"))
	for _, want := range []string{"cff-version: 1.2.0", `version: "` + today + `"`, "date-released: " + today, "license: CC-BY-4.0", "Bron: CBS, Kadaster"} {
		if !strings.Contains(string(cff), want) {
			t.Errorf("CITATION.cff lacks %q:\n%s", want, cff)
		}
	}
	if _, err := exec.LookPath("sha256sum"); err == nil {
		cmd := exec.Command("sha256sum", "-c", "SHA256SUMS")
		cmd.Dir = first
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("sha256sum -c: %v\n%s", err, b)
		}
	}
	if hasGDAL() {
		b, err := exec.Command("ogrinfo", "-ro", "-so", "-al", filepath.Join(first, "inclusiekaart.gpkg")).CombinedOutput()
		if err != nil {
			t.Fatalf("ogrinfo: %v\n%s", err, b)
		}
		for _, want := range []string{"Layer name: municipalities", "Geometry: Multi Polygon", "Feature Count: 342", "stage: Integer", "koploper: Integer(Boolean)", "WGS 84"} {
			if !strings.Contains(string(b), want) {
				t.Errorf("ogrinfo lacks %q:\n%.2000s", want, b)
			}
		}
		b, err = exec.Command("ogrinfo", "-ro", "-q", filepath.Join(first, "inclusiekaart.gpkg"), "-sql", "SELECT name FROM municipalities WHERE code = 'GM0363'").CombinedOutput()
		if err != nil || !strings.Contains(string(b), "Amsterdam") {
			t.Errorf("ogrinfo -sql: %v %s", err, b)
		}
	}

	// A change, then a second release the same day under another version.
	csv := writeFile(t, t.TempDir(), "a.csv", "code,assessed_on,source,assessor,stage,domain.work\nGM0344,2026-10-01,test,tester,5,2\n")
	if _, _, err := runCLI("import", "assessments", "--db", db, csv); err != nil {
		t.Fatal(err)
	}
	second := today + ".2"
	if _, _, err := runCLI("release", "--db", db, "--out", rels, "--version", second); err != nil {
		t.Fatalf("second release: %v", err)
	}
	list, err := atlas.Releases(rels)
	if err != nil || len(list) != 2 || list[0].Version != second || list[1].Version != today {
		t.Fatalf("releases: %v %+v", err, list)
	}
	for _, r := range list {
		if err := atlas.VerifyRelease(r); err != nil {
			t.Errorf("%s: %v", r.Version, err)
		}
	}
	if len(list[1].Changes) != 0 || list[0].Previous != today {
		t.Errorf("first release changes %v; second's previous %q", list[1].Changes, list[0].Previous)
	}
	if len(list[0].Changes) != 1 || list[0].Changes[0].Code != "GM0344" ||
		!strings.Contains(strings.Join(list[0].Changes[0].Indicators, ","), "stage") ||
		!strings.Contains(strings.Join(list[0].Changes[0].Indicators, ","), "domain.work") ||
		!strings.Contains(strings.Join(list[0].Changes[0].Fields, ","), "stage") {
		t.Errorf("second release changes: %+v", list[0].Changes)
	}

	base, _ := startServe(t, "--db", db, "--addr", "127.0.0.1:0", "--releases", rels, "--public-url", "https://kaart.example.org")
	status, page := httpGet(t, base+"/releases")
	for _, want := range []string{today, second, "Utrecht", "GM0344", "domain.work", "Netwerk Inclusieve Gemeenten (" + today[:4] + ")", "versie " + second, "sha256:"} {
		if status != 200 || !strings.Contains(string(page), want) {
			t.Errorf("/releases (%d) lacks %q", status, want)
		}
	}
	if _, en := httpGet(t, base+"/releases?lang=en"); !strings.Contains(string(en), "Dataset versions") {
		t.Error("/releases?lang=en is not English")
	}
	_, feed := httpGet(t, base+"/releases.atom")
	if !strings.Contains(string(feed), "https://kaart.example.org/releases#"+second) || strings.Count(string(feed), "<entry>") != 2 {
		t.Errorf("national feed: %.800s", feed)
	}
	_, mine := httpGet(t, base+"/api/municipalities/GM0344/changes.atom")
	_, other := httpGet(t, base+"/api/municipalities/GM0363/changes.atom")
	if strings.Count(string(mine), "<entry>") != 1 || strings.Count(string(other), "<entry>") != 0 {
		t.Errorf("municipality feeds: GM0344 %.500s / GM0363 %.300s", mine, other)
	}
	resp, err := http.Get(base + "/releases/" + second + "/inclusiekaart.csv")
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	h := sha256.New()
	h.Write(b)
	var want string
	for _, f := range list[0].Files {
		if f.Name == "inclusiekaart.csv" {
			want = f.SHA256
		}
	}
	if resp.StatusCode != 200 || hex.EncodeToString(h.Sum(nil)) != want || !strings.Contains(resp.Header.Get("Cache-Control"), "immutable") {
		t.Errorf("download: %d, checksum %x want %s, Cache-Control %q", resp.StatusCode, h.Sum(nil), want, resp.Header.Get("Cache-Control"))
	}
	if !strings.Contains(string(b), "Bron: CBS, Kadaster") {
		t.Error("the released CSV carries no attribution")
	}
	if status, _ := httpGet(t, base+"/releases/"+second+"/..%2Fsecret"); status != 404 {
		t.Errorf("a path outside the release: %d", status)
	}
}

// hasGDAL reports whether ogrinfo is installed; under CI (where .ci/run
// installs gdal-bin) its absence fails the test.
func hasGDAL() bool {
	_, err := exec.LookPath("ogrinfo")
	return err == nil
}
