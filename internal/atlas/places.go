package atlas

import (
	"context"
	"strings"

	"github.com/inclusiekaart/inclusiekaart/data"
	"github.com/inclusiekaart/inclusiekaart/internal/store"
)

// Places are the places the search finds besides municipalities, each
// leading to the municipality it lies in: the woonplaatsen (the places of
// the BAG, as CBS lists them) and the CBS districts (wijken). The answer
// says where they come from and under which licence.
type Places struct {
	Source      string  `json:"source"`
	License     string  `json:"license"`
	Attribution string  `json:"attribution"`
	Places      []Place `json:"places"`
}

// Place is one woonplaats, or one district by the place name in it.
type Place struct {
	Name         string `json:"name"`                    // the place name: "Kudelstaart", "Scheveningen"
	Kind         string `json:"kind"`                    // "woonplaats" or "district"
	Woonplaats   string `json:"woonplaats,omitempty"`    // BAG woonplaatscode: "2572"
	District     string `json:"district,omitempty"`      // CBS district code: "WK051807"
	DistrictName string `json:"district_name,omitempty"` // as CBS writes it: "Wijk 07 Scheveningen"
	Code         string `json:"code"`                    // the municipality it lies in: "GM0518"
}

// The kinds of Place.
const (
	PlaceWoonplaats = "woonplaats"
	PlaceDistrict   = "district"
)

// placesSource names the sources of data/woonplaatsen_2024.csv and
// data/wijken_2025.csv (data/README.md).
const placesSource = "CBS, Woonplaatsen in Nederland (open data table 85877NED, as extracted on " +
	"13 November 2024 by github.com/woonstadrotterdam/woningwaardering, commit " +
	"39a16cb9261228e16e754c6e92c9e112bd8a969f); CBS and Kadaster, districts (wijken) 2025: generalised " +
	"district boundaries (wijk_gegeneraliseerd, via PDOK) as published by cartomap/nl " +
	"(https://github.com/cartomap/nl, wgs84/wijk_2025.topojson, commit " +
	"01e3b4cea860e7bb5dc3bddbfff72d3e4f4709e6); names only"

// SearchPlaces lists the woonplaatsen and the districts of the
// municipalities of the newest year, the districts by the place name in
// their CBS name. Left out, so the search shows no name twice: a woonplaats
// or district whose name is already a name of its own municipality,
// official or other ("Aalsmeer" in Aalsmeer, "Weesp" in Amsterdam, "Wijk 00
// Harlingen", "Ten Boer e.o."); a district named like a woonplaats of the
// same municipality, ignoring case and accents ("Lemmer" is the woonplaats);
// and districts known only by a number ("Wijk 01").
func (s *Service) SearchPlaces(ctx context.Context) (Places, error) {
	year, err := s.ResolveYear(ctx, LevelMunicipality, 0)
	if err != nil {
		return Places{}, err
	}
	areas, err := s.store.Areas(ctx, year, LevelMunicipality, store.Filter{})
	if err != nil {
		return Places{}, err
	}
	known := map[string]map[string]bool{} // municipality code -> its names, plain
	add := func(code, name string) {
		if known[code] == nil {
			known[code] = map[string]bool{}
		}
		known[code][plainName(name)] = true
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
	woonplaatsen, err := data.Woonplaatsen()
	if err != nil {
		return Places{}, err
	}
	districts, err := data.Districts()
	if err != nil {
		return Places{}, err
	}
	out := Places{Source: placesSource, License: "CC BY 4.0", Attribution: data.WijkenAttribution, Places: []Place{}}
	named := map[string]map[string]bool{} // municipality code -> its woonplaatsen, plain
	for _, w := range woonplaatsen {
		names, ok := known[w.MunicipalityCode]
		if !ok {
			continue
		}
		if named[w.MunicipalityCode] == nil {
			named[w.MunicipalityCode] = map[string]bool{}
		}
		named[w.MunicipalityCode][plainName(w.Name)] = true
		if names[plainName(w.Name)] {
			continue
		}
		out.Places = append(out.Places, Place{Name: w.Name, Kind: PlaceWoonplaats, Woonplaats: w.Code, Code: w.MunicipalityCode})
	}
	for _, d := range districts {
		names, ok := known[d.MunicipalityCode]
		if !ok || d.SearchName == "" || names[plainName(d.SearchName)] || named[d.MunicipalityCode][plainName(d.SearchName)] {
			continue
		}
		out.Places = append(out.Places, Place{Name: d.SearchName, Kind: PlaceDistrict, District: d.Code,
			DistrictName: d.Name, Code: d.MunicipalityCode})
	}
	return out, nil
}

// accents maps the accented letters of Dutch and Frisian place names to the
// plain letter.
var accents = strings.NewReplacer(
	"à", "a", "á", "a", "â", "a", "ä", "a", "è", "e", "é", "e", "ê", "e", "ë", "e",
	"ì", "i", "í", "i", "î", "i", "ï", "i", "ò", "o", "ó", "o", "ô", "o", "ö", "o",
	"ù", "u", "ú", "u", "û", "u", "ü", "u", "ý", "y", "ÿ", "y", "ç", "c",
)

// plainName is name in lower case without accents, to compare names as the
// search does ("Mariënberg" and "Marienberg" are one name).
func plainName(name string) string { return accents.Replace(strings.ToLower(name)) }
