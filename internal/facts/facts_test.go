package facts

import (
	"testing"
	"testing/fstest"
)

func TestDefault(t *testing.T) {
	f, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if got := f.KoploperCount(); got != 25 {
		t.Errorf("koplopers: got %d, want 25", got)
	}
	for _, c := range []string{"GM0518", "GM1960", "GM0363"} {
		if !f.Koploper(c) {
			t.Errorf("%s should be a koploper", c)
		}
	}
	m, ok := f.Successor("GM0236")
	if !ok || m.NewCode != "GM1960" || m.Year != 2019 {
		t.Errorf("Geldermalsen successor: %+v %v", m, ok)
	}
	if _, ok := f.Successor("GM1960"); ok {
		t.Error("West Betuwe has a successor")
	}
	var olds []string
	for _, p := range f.Predecessors("GM1960") {
		olds = append(olds, p.OldCode)
	}
	if len(olds) != 3 || olds[0] != "GM0236" {
		t.Errorf("West Betuwe predecessors: %v", olds)
	}
}

func TestChainsAndCycles(t *testing.T) {
	fsys := fstest.MapFS{
		"koplopers.json": {Data: []byte(`{"koplopers":[]}`)},
		"merges.json":    {Data: []byte(`{"merges":[{"old_code":"GM0001","new_code":"GM0002","year":2001},{"old_code":"GM0002","new_code":"GM0003","year":2010}]}`)},
	}
	f, err := Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if m, ok := f.Successor("GM0001"); !ok || m.NewCode != "GM0003" || m.Year != 2001 {
		t.Errorf("chain: %+v", m)
	}
	if got := len(f.Predecessors("GM0003")); got != 2 {
		t.Errorf("predecessors through a chain: %d", got)
	}
	fsys["merges.json"] = &fstest.MapFile{Data: []byte(`{"merges":[{"old_code":"GM0001","new_code":"GM0002"},{"old_code":"GM0002","new_code":"GM0001"}]}`)}
	if _, err := Load(fsys); err == nil {
		t.Error("cycle accepted")
	}
}
