package atlas

import (
	"context"
	"strings"

	"github.com/inclusiekaart/inclusiekaart/data"
	"github.com/inclusiekaart/inclusiekaart/internal/store"
)

// Places are the places the search finds besides municipalities: the CBS
// districts (wijken) of the municipalities, each leading to its
// municipality. They are districts, not official woonplaatsen; the answer
// says where they come from and under which licence.
type Places struct {
	Source      string  `json:"source"`
	License     string  `json:"license"`
	Attribution string  `json:"attribution"`
	Places      []Place `json:"places"`
}

// Place is one district by the place name in it.
type Place struct {
	Name         string `json:"name"`          // the place name: "Scheveningen"
	Kind         string `json:"kind"`          // "district"
	District     string `json:"district"`      // CBS district code: "WK051807"
	DistrictName string `json:"district_name"` // as CBS writes it: "Wijk 07 Scheveningen"
	Code         string `json:"code"`          // the municipality it lies in: "GM0518"
}

// placesSource names the source of data/wijken_2025.csv (data/README.md).
const placesSource = "CBS and Kadaster, districts (wijken) 2025: generalised district boundaries " +
	"(wijk_gegeneraliseerd, via PDOK) as published by cartomap/nl (https://github.com/cartomap/nl, " +
	"wgs84/wijk_2025.topojson, commit 01e3b4cea860e7bb5dc3bddbfff72d3e4f4709e6); names only"

// SearchPlaces lists the districts of the municipalities of the newest year
// by the place name in their CBS name. Left out: districts known only by a
// number ("Wijk 01") and districts whose place name is already a name of
// their own municipality, official or other ("Wijk 00 Harlingen", "Ten Boer
// e.o."), so the search shows no name twice.
func (s *Service) SearchPlaces(ctx context.Context) (Places, error) {
	year, err := s.ResolveYear(ctx, LevelMunicipality, 0)
	if err != nil {
		return Places{}, err
	}
	areas, err := s.store.Areas(ctx, year, LevelMunicipality, store.Filter{})
	if err != nil {
		return Places{}, err
	}
	known := map[string]map[string]bool{} // municipality code -> its names, lower case
	add := func(code, name string) {
		if known[code] == nil {
			known[code] = map[string]bool{}
		}
		known[code][strings.ToLower(name)] = true
	}
	for _, a := range areas {
		add(a.Code, a.Name)
	}
	others, err := s.SearchNames(ctx)
	if err != nil {
		return Places{}, err
	}
	for _, n := range others {
		add(n.Code, n.Name)
	}
	districts, err := data.Districts()
	if err != nil {
		return Places{}, err
	}
	out := Places{Source: placesSource, License: "CC BY 4.0", Attribution: data.WijkenAttribution, Places: []Place{}}
	for _, d := range districts {
		names, ok := known[d.MunicipalityCode]
		if !ok || d.SearchName == "" || names[strings.ToLower(d.SearchName)] {
			continue
		}
		out.Places = append(out.Places, Place{Name: d.SearchName, Kind: "district", District: d.Code,
			DistrictName: d.Name, Code: d.MunicipalityCode})
	}
	return out, nil
}
