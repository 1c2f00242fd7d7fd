package site

import "net/http"

// colophonPage lists who makes the site and the sources and licences of
// everything it shows (/colofon).
func (s *Site) colophonPage(w http.ResponseWriter, r *http.Request) error {
	v := s.view(r, "colophonTitle")
	v.Actor = s.optionalActor(r)
	return s.render(w, r, http.StatusOK, "colophon.html", v)
}

func init() {
	addMessages(map[string]map[string]string{
		"nl": {"colophonTitle": "Colofon", "navColophon": "Colofon",
			"colMaker":       "De Inclusiekaart is een initiatief van het Netwerk Inclusieve Gemeenten. De kaart laat zien hoe ver elke gemeente is met inclusie voor mensen met een beperking, met de bronnen erbij.",
			"colSources":     "Bronnen en licenties",
			"colBoundaries":  "Gemeente- en provinciegrenzen: CBS en Kadaster (gegeneraliseerde grenzen via PDOK), licentie CC BY 4.0. Bron: CBS, Kadaster.",
			"colPlaces":      "Plaatsen in de zoekfunctie: de woonplaatsen uit de tabel Woonplaatsen in Nederland van het CBS (stand november 2024) en de namen van de wijken van CBS en Kadaster (wijkgrenzen 2025 via PDOK), licentie CC BY 4.0. Bron: CBS, Kadaster. Een wijk is geen officiële woonplaats.",
			"colRecord":      "Openbare bronnen per gemeente: raadsbesluiten, beleidsstukken en nieuwsberichten, met link, uitgever en datum bij elk feit. Wij vatten ze samen in eigen woorden; we kopiëren ze niet.",
			"colFramework":   "Beoordelingskader: gebaseerd op de VNG-handreiking Lokale Inclusie Agenda (routekaart in 11 stappen, leefdomeinen), het VN-verdrag Handicap en de flitspeiling van Movisie en VNG. Zie de pagina over wat een inclusieve gemeente is.",
			"colData":        "Gegevens van de Inclusiekaart: licentie CC BY 4.0 (naamsvermelding: Netwerk Inclusieve Gemeenten, Inclusiekaart). Programmacode: EUPL-1.2.",
			"colSoftware":    "Gemaakt met Go, SQLite en Leaflet (BSD-2-licentie); kaarten zonder achtergrondkaart, zodat de site ook zonder internetverbinding naar andere diensten werkt.",
			"colCorrections": "Klopt er iets niet? Gebruik ‘Klopt dit niet?’ bij de gemeente.",
			"colDownloads":   "Downloads en koppelingen voor onderzoekers: CSV en GeoJSON via de API, OGC API Features onder /ogc, en gedateerde versies onder /releases.",
		},
		"en": {"colophonTitle": "Colophon", "navColophon": "Colophon",
			"colMaker":       "The Inclusiekaart is an initiative of the Netwerk Inclusieve Gemeenten (network of inclusive municipalities). It shows how far every municipality has come in becoming inclusive for people with a disability, with the sources.",
			"colSources":     "Sources and licences",
			"colBoundaries":  "Municipality and province boundaries: CBS and Kadaster (generalised boundaries via PDOK), licence CC BY 4.0. Source: CBS, Kadaster.",
			"colPlaces":      "Places in the search: the places of residence (woonplaatsen) of the CBS table Woonplaatsen in Nederland (as of November 2024) and the names of the districts (wijken) of CBS and Kadaster (district boundaries 2025 via PDOK), licence CC BY 4.0. Source: CBS, Kadaster. A district is not an official place of residence (woonplaats).",
			"colRecord":      "Public sources per municipality: council decisions, policy papers and news items, with link, publisher and date for every fact. We summarise them in our own words; we do not copy them.",
			"colFramework":   "Assessment framework: based on the VNG guide to the local inclusion agenda (route map in 11 steps, life domains), the UN Convention on the Rights of Persons with Disabilities and the Movisie/VNG flash survey. See the page on what an inclusive municipality is.",
			"colData":        "Inclusiekaart data: licence CC BY 4.0 (attribution: Netwerk Inclusieve Gemeenten, Inclusiekaart). Program code: EUPL-1.2.",
			"colSoftware":    "Made with Go, SQLite and Leaflet (BSD-2 licence); maps without a base map, so the site does not depend on other services.",
			"colCorrections": "Is something not right? Use ‘Is this not right?’ with the municipality.",
			"colDownloads":   "Downloads and connections for researchers: CSV and GeoJSON through the API, OGC API Features under /ogc, and dated versions under /releases.",
		},
	})
}
