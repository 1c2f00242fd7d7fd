package atlas

import (
	"context"
	"fmt"

	"github.com/inclusiekaart/inclusiekaart/data"
	"github.com/inclusiekaart/inclusiekaart/internal/store"
)

// Name is another name the search finds a municipality by: an everyday or
// English name (kind "common") or a former municipality merged into it
// (kind "former", with the year and its own CBS code, which the search
// finds it by too).
type Name struct {
	Name    string `json:"name"`
	Code    string `json:"code"`
	Kind    string `json:"kind"`
	Year    int    `json:"year,omitempty"`
	OldCode string `json:"old_code,omitempty"` // a former municipality's CBS code: "GM0236" (Geldermalsen)
	// NoteNL and NoteEN say what the name is ("sinds 2019 onderdeel van Groningen").
	NoteNL string `json:"note_nl"`
	NoteEN string `json:"note_en"`
}

// SearchNames lists the other names of the municipalities of the newest
// year: aliases (data/aliases.json) and former municipalities (merges.json),
// a split one once for each municipality that took a part of it.
func (s *Service) SearchNames(ctx context.Context) ([]Name, error) {
	year, err := s.ResolveYear(ctx, LevelMunicipality, 0)
	if err != nil {
		return nil, err
	}
	areas, err := s.store.Areas(ctx, year, LevelMunicipality, store.Filter{})
	if err != nil {
		return nil, err
	}
	names := map[string]string{}
	for _, a := range areas {
		names[a.Code] = a.Name
	}
	out := []Name{}
	aliases, err := data.Aliases()
	if err != nil {
		return nil, err
	}
	for _, a := range aliases {
		if official, ok := names[a.Code]; ok {
			out = append(out, Name{Name: a.Name, Code: a.Code, Kind: "common",
				NoteNL: "andere naam van " + official, NoteEN: "another name of " + official})
		}
	}
	for _, m := range s.facts.Merges() {
		code := m.NewCode
		if final, ok := s.facts.Successor(m.OldCode); ok { // through later mergers to today's municipality
			code = final.NewCode
		}
		if official, ok := names[code]; ok {
			out = append(out, Name{Name: m.OldName, Code: code, Kind: "former", Year: m.Year, OldCode: m.OldCode,
				NoteNL: fmt.Sprintf("sinds %d onderdeel van %s", m.Year, official), NoteEN: fmt.Sprintf("part of %s since %d", official, m.Year)})
		}
	}
	splits, err := data.Splits()
	if err != nil {
		return nil, err
	}
	for _, sp := range splits { // one entry per municipality that took a part
		for _, p := range sp.Parts {
			if official, ok := names[p.Code]; ok {
				out = append(out, Name{Name: sp.OldName, Code: p.Code, Kind: "former", Year: sp.Year, OldCode: sp.OldCode,
					NoteNL: fmt.Sprintf("sinds %d deels onderdeel van %s", sp.Year, official), NoteEN: fmt.Sprintf("partly part of %s since %d", official, sp.Year)})
			}
		}
	}
	return out, nil
}
