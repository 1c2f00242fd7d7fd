package data

import (
	"strings"
	"testing"
	"testing/fstest"
)

// TestWoonplaatsenCoverTheCountry protects the woonplaatsen the search finds
// places by: the 2,501 woonplaatsen of the CBS table, each code once, and
// every one in a 2025 municipality; every 2025 municipality has at least one.
func TestWoonplaatsenCoverTheCountry(t *testing.T) {
	ws, err := Woonplaatsen()
	if err != nil {
		t.Fatal(err)
	}
	if len(ws) != 2501 {
		t.Errorf("%d woonplaatsen, want the 2,501 of the CBS table (data/README.md)", len(ws))
	}
	gm := gemeenten2025(t)
	per := map[string]int{}
	for _, w := range ws {
		if _, ok := gm[w.MunicipalityCode]; !ok {
			t.Errorf("%s %s: %s is not a 2025 municipality", w.Code, w.Name, w.MunicipalityCode)
		}
		per[w.MunicipalityCode]++
	}
	for code, name := range gm {
		if per[code] == 0 {
			t.Errorf("%s %s has no woonplaats", code, name)
		}
	}
}

// TestWoonplaatsenLeadToTheirMunicipality checks rows of the file against
// facts read on other public pages (3 December 2026): plaatsengids.nl
// (Kudelstaart, Baarn, Hoogland, Montferland, Woerden), vng.nl on the split of
// Haaren in 2021, ad.nl and de.zxc.wiki on Westvoorne (now Voorne aan Zee),
// and merges.json for Weesp. Two woonplaatsen named Valkenburg lie in two
// municipalities.
func TestWoonplaatsenLeadToTheirMunicipality(t *testing.T) {
	ws, err := Woonplaatsen()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, w := range ws {
		got[w.Code] = w.Name + " " + w.MunicipalityCode
	}
	want := map[string]string{
		"2572": "Kudelstaart GM0358",   // Aalsmeer
		"1093": "Lage Vuursche GM0308", // Baarn
		"1665": "Hoogland GM0307",      // Amersfoort
		"2206": "'s-Heerenberg GM1955", // Montferland
		"2205": "Didam GM1955",         // Montferland
		"2213": "Zeddam GM1955",        // Montferland
		"1072": "Harmelen GM0632",      // Woerden
		"1073": "Kamerik GM0632",       // Woerden
		"1074": "Zegveld GM0632",       // Woerden
		"1427": "Haaren GM0824",        // Oisterwijk (Haaren split in 2021)
		"1426": "Esch GM0757",          // Boxtel
		"1428": "Helvoirt GM0865",      // Vught
		"1425": "Biezenmortel GM0855",  // Tilburg
		"1210": "Rockanje GM1992",      // Voorne aan Zee
		"1209": "Oostvoorne GM1992",    // Voorne aan Zee
		"1211": "Tinte GM1992",         // Voorne aan Zee
		"3631": "Weesp GM0363",         // Amsterdam
		"1709": "Valkenburg GM0537",    // Katwijk
		"1718": "Valkenburg GM0994",    // Valkenburg aan de Geul
	}
	for code, w := range want {
		if got[code] != w {
			t.Errorf("woonplaats %s: %q, want %q", code, got[code], w)
		}
	}
}

// TestReadWoonplaatsenRejectsABadFile protects the loader: a wrong header, a
// code that is not four digits or occurs twice, an empty name or a bad
// municipality code is an error naming the line, never half a list.
func TestReadWoonplaatsenRejectsABadFile(t *testing.T) {
	const header = "code,name,municipality_code\n"
	good := header + "2572,Kudelstaart,GM0358\n1093,Lage Vuursche,GM0308\n"
	ws, err := ReadWoonplaatsen(fstest.MapFS{WoonplaatsenFile: {Data: []byte(good)}})
	if err != nil || len(ws) != 2 || ws[1] != (Woonplaats{Code: "1093", Name: "Lage Vuursche", MunicipalityCode: "GM0308"}) {
		t.Fatalf("good file: %+v, %v", ws, err)
	}
	for name, tc := range map[string]struct{ file, says string }{
		"header":       {"code,naam,gemeente\n2572,Kudelstaart,GM0358\n", "header must be"},
		"short code":   {header + "257,Kudelstaart,GM0358\n", "line 2: code \"257\""},
		"twice":        {header + "2572,Kudelstaart,GM0358\n2572,Kudelstaart,GM0358\n", "line 3: code \"2572\""},
		"empty name":   {header + "2572,,GM0358\n", "line 2: name"},
		"spaced name":  {header + "2572,Kudelstaart ,GM0358\n", "line 2: name"},
		"municipality": {header + "2572,Kudelstaart,0358\n", "line 2: municipality_code"},
		"fields":       {header + "2572,Kudelstaart\n", "wrong number of fields"},
		"missing file": {"", "file does not exist"},
	} {
		fsys := fstest.MapFS{}
		if tc.file != "" {
			fsys[WoonplaatsenFile] = &fstest.MapFile{Data: []byte(tc.file)}
		}
		ws, err := ReadWoonplaatsen(fsys)
		if err == nil || !strings.Contains(err.Error(), tc.says) || ws != nil {
			t.Errorf("%s: %d rows, error %v, want one saying %q", name, len(ws), err, tc.says)
		}
	}
}
