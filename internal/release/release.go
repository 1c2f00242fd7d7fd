// Package release keeps the published dataset versions: a release is a
// directory named after its version, written once (never overwritten) with
// the data files, a manifest (release.json) listing each file's SHA-256, the
// changes against the previous release, a SHA256SUMS file and a CITATION.cff.
// The package knows files and formats only; what goes into a release is the
// service's (internal/atlas).
package release

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// ManifestFile is the name of the manifest in a release directory.
const ManifestFile = "release.json"

// SumsFile lists the SHA-256 of every other file (sha256sum -c format).
const SumsFile = "SHA256SUMS"

// ValuesFile holds the published values per municipality, the basis of the
// next release's change list.
const ValuesFile = "values.json"

// Manifest describes one release.
type Manifest struct {
	Version        string   `json:"version"`
	Date           string   `json:"date"` // YYYY-MM-DD
	Previous       string   `json:"previous,omitempty"`
	Year           int      `json:"boundary_year"`
	Municipalities int      `json:"municipalities"`
	Framework      string   `json:"framework_version"`
	Program        string   `json:"program_version"`
	License        string   `json:"license"`
	Attribution    string   `json:"attribution"`
	Files          []File   `json:"files"`
	Changes        []Change `json:"changes"`
	// Dir is where the release lies (not stored).
	Dir string `json:"-"`
}

// File is one file of a release with its size and SHA-256 (hex).
type File struct {
	Name   string `json:"name"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// Change is what changed for one municipality against the previous release.
type Change struct {
	Code string `json:"code"`
	Name string `json:"name"`
	// Kind: "added", "removed" or "changed".
	Kind string `json:"kind"`
	// Fields are the published fields whose value changed; Indicators the
	// indicator ids whose recorded value changed (appeared, went or differs).
	Fields     []string `json:"fields,omitempty"`
	Indicators []string `json:"indicators,omitempty"`
}

// Entry is the published state of one municipality in a release.
type Entry struct {
	Name   string         `json:"name"`
	Fields map[string]any `json:"fields"`
	Values map[string]int `json:"indicators"`
}

// versionRE is the form of a version name: it is a directory and a URL segment.
var versionRE = regexp.MustCompile(`^[0-9A-Za-z][0-9A-Za-z._-]{0,63}$`)

// ValidVersion reports whether v can name a release.
func ValidVersion(v string) bool { return versionRE.MatchString(v) && !strings.Contains(v, "..") }

// ErrExists is returned by Write when the version has been released already.
var ErrExists = errors.New("release exists")

// Diff lists the changes from prev to cur, ordered by code.
func Diff(prev, cur map[string]Entry) []Change {
	var out []Change
	for code, c := range cur {
		p, ok := prev[code]
		if !ok {
			out = append(out, Change{Code: code, Name: c.Name, Kind: "added"})
			continue
		}
		ch := Change{Code: code, Name: c.Name, Kind: "changed"}
		for _, k := range keys(c.Fields, p.Fields) {
			if !sameJSON(c.Fields[k], p.Fields[k]) {
				ch.Fields = append(ch.Fields, k)
			}
		}
		for _, k := range keys(c.Values, p.Values) {
			cv, cok := c.Values[k]
			pv, pok := p.Values[k]
			if cok != pok || cv != pv {
				ch.Indicators = append(ch.Indicators, k)
			}
		}
		if len(ch.Fields) > 0 || len(ch.Indicators) > 0 {
			out = append(out, ch)
		}
	}
	for code, p := range prev {
		if _, ok := cur[code]; !ok {
			out = append(out, Change{Code: code, Name: p.Name, Kind: "removed"})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out
}

func keys[V any](a, b map[string]V) []string {
	seen := map[string]bool{}
	var out []string
	for _, m := range []map[string]V{a, b} {
		for k := range m {
			if !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	sort.Strings(out)
	return out
}

// sameJSON compares two values as JSON (numbers read back from a file are
// float64, fresh ones may be int or *float64).
func sameJSON(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}

// Write creates the release directory root/m.Version with files (name →
// content), adding the manifest with every file's checksum and SHA256SUMS.
// It is written under a temporary name and renamed into place, so a release
// is either complete or absent; an existing version is never touched
// (ErrExists).
func Write(root string, m Manifest, files map[string][]byte) (Manifest, error) {
	if !ValidVersion(m.Version) {
		return m, fmt.Errorf("version %q: use letters, digits, '.', '-' and '_'", m.Version)
	}
	final := filepath.Join(root, m.Version)
	if _, err := os.Lstat(final); err == nil {
		return m, fmt.Errorf("%w: %s (releases are never overwritten; give another --version)", ErrExists, final)
	}
	if err := os.MkdirAll(root, 0o755); err != nil {
		return m, err
	}
	tmp, err := os.MkdirTemp(root, ".tmp-"+m.Version+"-")
	if err != nil {
		return m, err
	}
	defer os.RemoveAll(tmp)
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	m.Files = nil
	var sums strings.Builder
	for _, name := range names {
		body := files[name]
		if err := os.WriteFile(filepath.Join(tmp, name), body, 0o644); err != nil {
			return m, err
		}
		sum := sha256.Sum256(body)
		m.Files = append(m.Files, File{Name: name, Size: int64(len(body)), SHA256: hex.EncodeToString(sum[:])})
		fmt.Fprintf(&sums, "%s  %s\n", hex.EncodeToString(sum[:]), name)
	}
	if err := os.WriteFile(filepath.Join(tmp, SumsFile), []byte(sums.String()), 0o644); err != nil {
		return m, err
	}
	man, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return m, err
	}
	if err := os.WriteFile(filepath.Join(tmp, ManifestFile), append(man, '\n'), 0o644); err != nil {
		return m, err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return m, err
	}
	if _, err := os.Lstat(final); err == nil {
		return m, fmt.Errorf("%w: %s", ErrExists, final)
	}
	if err := os.Rename(tmp, final); err != nil {
		return m, err
	}
	m.Dir = final
	return m, nil
}

// List reads the releases under root, newest first (by date, then version).
// A missing root is no release; a directory without a readable manifest is
// skipped (a release being written has a temporary name).
func List(root string) ([]Manifest, error) {
	ents, err := os.ReadDir(root)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []Manifest
	for _, e := range ents {
		if !e.IsDir() || !ValidVersion(e.Name()) {
			continue
		}
		m, err := Read(filepath.Join(root, e.Name()))
		if err != nil {
			continue
		}
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Date != out[j].Date {
			return out[i].Date > out[j].Date
		}
		return out[i].Version > out[j].Version
	})
	return out, nil
}

// Read reads the manifest of the release in dir.
func Read(dir string) (Manifest, error) {
	var m Manifest
	b, err := os.ReadFile(filepath.Join(dir, ManifestFile))
	if err != nil {
		return m, err
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return m, fmt.Errorf("%s: %w", filepath.Join(dir, ManifestFile), err)
	}
	m.Dir = dir
	return m, nil
}

// Values reads the published values of the release in dir.
func Values(dir string) (map[string]Entry, error) {
	b, err := os.ReadFile(filepath.Join(dir, ValuesFile))
	if err != nil {
		return nil, err
	}
	var v map[string]Entry
	return v, json.Unmarshal(b, &v)
}

// Verify recomputes the checksum of every file the manifest lists.
func Verify(m Manifest) error {
	for _, f := range m.Files {
		b, err := os.ReadFile(filepath.Join(m.Dir, f.Name))
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		if hex.EncodeToString(sum[:]) != f.SHA256 {
			return fmt.Errorf("%s: checksum does not match the manifest", f.Name)
		}
	}
	return nil
}

// HasFile reports whether name is one of the release's files (or its
// manifest or SHA256SUMS): the only names served from a release directory.
func (m Manifest) HasFile(name string) bool {
	if name == ManifestFile || name == SumsFile {
		return true
	}
	for _, f := range m.Files {
		if f.Name == name {
			return true
		}
	}
	return false
}
