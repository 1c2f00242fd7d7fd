package site

// The texts of the municipality page (/gemeente/{code}), kept apart from
// messages.go so pages can be added side by side.
func init() {
	addMessages(map[string]map[string]string{
		"nl": {
			"muniIntro": "Hoe ver is deze gemeente met inclusie voor mensen met een beperking? Hier staat wat de Inclusiekaart weet, met de bronnen.",
			"muniState": "Stand", "muniStage": "Fase van de lokale inclusieagenda", "muniScore": "Score", "muniComplete": "Ingevuld",
			"muniBasis": "Herkomst", "muniDataDate": "Datum van de gegevens", "muniProvince": "Provincie", "muniNone": "onbekend",
			"muniIndicators": "Alle onderdelen", "muniValue": "Waarde", "muniEvidence": "Bewijs", "muniHistory": "Geschiedenis",
			"muniHistoryChart": "Fase door de tijd", "muniDate": "Datum", "muniRecordedBy": "Vastgelegd door",
			"muniChanges": "Wat veranderde in het laatste jaar", "muniNoChanges": "Geen veranderingen in het laatste jaar.",
			"muniPeers": "Gemeenten om van te leren", "muniCoverage": "Betrokken groepen (stakeholderkaart)",
			"muniCoverageText": "groepen betrokken van de", "muniCoverageKnown": "bekend", "muniSources": "Bronnen",
			"muniNoSources": "Geen openbare bron gevonden. Dat betekent niet dat de gemeente niets doet.", "muniCite": "Zo verwijst u naar deze pagina",
			"muniOnMap": "Bekijk op de kaart", "muniReport": "Klopt dit niet? Meld het", "muniContribute": "Gegevens aanvullen (met account)",
			"muniShape": "Omtrek van de gemeente", "muniPrint": "Print deze pagina als factsheet (A4) met de printfunctie van uw browser.",
			"muniNoHistory": "Nog geen beoordelingen.",
		},
		"en": {
			"muniIntro": "How far has this municipality come in becoming inclusive for people with a disability? This is what the Inclusiekaart knows, with its sources.",
			"muniState": "State", "muniStage": "Stage of the local inclusion agenda", "muniScore": "Score", "muniComplete": "Filled in",
			"muniBasis": "Basis", "muniDataDate": "Date of the data", "muniProvince": "Province", "muniNone": "unknown",
			"muniIndicators": "Every indicator", "muniValue": "Value", "muniEvidence": "Evidence", "muniHistory": "History",
			"muniHistoryChart": "Stage over time", "muniDate": "Date", "muniRecordedBy": "Recorded by",
			"muniChanges": "What changed in the last year", "muniNoChanges": "No changes in the last year.",
			"muniPeers": "Municipalities to learn from", "muniCoverage": "Groups involved (stakeholder map)",
			"muniCoverageText": "groups involved out of", "muniCoverageKnown": "known", "muniSources": "Sources",
			"muniNoSources": "No public source found. That does not mean the municipality does nothing.", "muniCite": "How to cite this page",
			"muniOnMap": "See on the map", "muniReport": "Is this not right? Report it", "muniContribute": "Supply data (with an account)",
			"muniShape": "Outline of the municipality", "muniPrint": "Print this page as an A4 factsheet with your browser's print function.",
			"muniNoHistory": "No assessments yet.",
		},
	})
}
