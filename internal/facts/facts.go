// Package facts reads the project's reviewed real-world facts from data/: the 2018
// koplopergemeenten and the crosswalk of municipal mergers.
package facts

import (
	"fmt"
	"io/fs"
	"sort"

	"github.com/inclusiekaart/inclusiekaart/data"
)

// Merge is one row of the crosswalk: old code merged into new code on 1 January of Year.
type Merge = data.Merge

// Facts holds the koplopers and the merger crosswalk.
type Facts struct {
	koplopers map[string]bool
	merges    map[string]Merge // by old code
}

// Load reads koplopers.json and merges.json from fsys.
func Load(fsys fs.FS) (*Facts, error) {
	kops, err := data.ReadKoplopers(fsys)
	if err != nil {
		return nil, err
	}
	merges, err := data.ReadMerges(fsys)
	if err != nil {
		return nil, err
	}
	f := &Facts{koplopers: map[string]bool{}, merges: map[string]Merge{}}
	for _, kp := range kops {
		f.koplopers[kp.Code] = true
	}
	for _, mg := range merges {
		if _, dup := f.merges[mg.OldCode]; dup {
			return nil, fmt.Errorf("merges.json: %s listed twice", mg.OldCode)
		}
		f.merges[mg.OldCode] = mg
	}
	// A chain must end: no cycles.
	for code := range f.merges {
		if _, _, err := f.successor(code); err != nil {
			return nil, err
		}
	}
	return f, nil
}

// Default loads the embedded data files.
func Default() (*Facts, error) { return Load(data.FS) }

// Koploper reports whether code was one of the 2018 koplopergemeenten (by 2025 code).
func (f *Facts) Koploper(code string) bool { return f.koplopers[code] }

// KoploperCount is the number of koplopers listed.
func (f *Facts) KoploperCount() int { return len(f.koplopers) }

// KoploperCodes lists the koploper municipality codes, sorted.
func (f *Facts) KoploperCodes() []string {
	out := make([]string, 0, len(f.koplopers))
	for c := range f.koplopers {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

// Successor follows the crosswalk from code to the municipality that exists now.
// ok is false when code was never merged.
func (f *Facts) Successor(code string) (Merge, bool) {
	final, first, err := f.successor(code)
	if err != nil || first.OldCode == "" {
		return Merge{}, false
	}
	m := first
	m.NewCode, m.NewName = final.NewCode, final.NewName
	return m, true
}

func (f *Facts) successor(code string) (last, first Merge, err error) {
	seen := map[string]bool{}
	for {
		m, ok := f.merges[code]
		if !ok {
			return last, first, nil
		}
		if seen[code] {
			return Merge{}, Merge{}, fmt.Errorf("merges.json: cycle through %s", code)
		}
		seen[code] = true
		if first.OldCode == "" {
			first = m
		}
		last = m
		code = m.NewCode
	}
}

// Predecessors lists every code that merged (directly or through a chain) into code, sorted.
func (f *Facts) Predecessors(code string) []Merge {
	var out []Merge
	for old := range f.merges {
		if m, ok := f.Successor(old); ok && m.NewCode == code {
			out = append(out, f.merges[old])
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].OldCode < out[j].OldCode })
	return out
}

// Merges lists every merger of the crosswalk, by old code.
func (f *Facts) Merges() []Merge {
	out := make([]Merge, 0, len(f.merges))
	for _, m := range f.merges {
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].OldCode < out[j].OldCode })
	return out
}
