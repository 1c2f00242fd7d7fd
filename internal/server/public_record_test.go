package server_test

import (
	"github.com/inclusiekaart/inclusiekaart/internal/atlas"

	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/inclusiekaart/inclusiekaart/internal/facts"
	"github.com/inclusiekaart/inclusiekaart/internal/importer"
	"github.com/inclusiekaart/inclusiekaart/internal/scoring"
	"github.com/inclusiekaart/inclusiekaart/internal/server"
	"github.com/inclusiekaart/inclusiekaart/internal/store"
)

const recordCSV = "code,name,indicator,value,basis,source_url,publisher,source_date,read_on,summary\n" +
	"GM0193,Zwolle,stage,3,public_record,https://example.org/zwolle-2019,Gemeente Zwolle,2019-03-01,2025-11-01,De gemeente werkt aan een inclusieagenda.\n" +
	"GM0193,Zwolle,stage,4,public_record,https://example.org/zwolle-2025,Gemeente Zwolle,2025-06,2025-11-01,De raad stelde de agenda in juni 2025 vast.\n" +
	"GM0193,Zwolle,lived_experience,2,public_record,https://example.org/zwolle-2025,Gemeente Zwolle,2025-06,2025-11-01,Een vaste groep ervaringsdeskundigen werkt mee.\n" +
	"GM0014,Groningen,stage,2,public_record,https://example.org/groningen,Dagblad,2018-05-04,2025-11-01,Het college kondigt een agenda aan.\n"

func loadRecord(t *testing.T, st *store.Store, body string) {
	t.Helper()
	fw, _ := scoring.Default()
	fx, _ := facts.Default()
	if _, err := importer.PublicRecord(context.Background(), st, fx, fw, strings.NewReader(body), "test.csv", "test", time.Now()); err != nil {
		t.Fatal(err)
	}
}

// TestPublicRecordFieldsInEveryOutput protects the contract fields basis,
// source_date, source_count and source_stale in the list, GeoJSON, CSV and OGC
// items, and "unknown stays unknown" for a municipality without a source.
func TestPublicRecordFieldsInEveryOutput(t *testing.T) {
	now := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	ts, st := newServer(t, server.Config{}, atlas.Config{Now: func() time.Time { return now }})
	loadRecord(t, st, recordCSV)

	type row struct {
		Stage       *int    `json:"stage"`
		Basis       *string `json:"basis"`
		SourceDate  *string `json:"source_date"`
		SourceCount int     `json:"source_count"`
		SourceStale *bool   `json:"source_stale"`
	}
	check := func(where string, got map[string]row) {
		z, g, a := got["GM0193"], got["GM0014"], got["GM0363"]
		if z.Basis == nil || *z.Basis != "public_record" || z.SourceDate == nil || *z.SourceDate != "2025-06" || z.SourceCount != 1 || z.SourceStale == nil || *z.SourceStale || z.Stage == nil || *z.Stage != 4 {
			t.Errorf("%s Zwolle: %+v", where, z)
		}
		if g.SourceStale == nil || !*g.SourceStale || g.SourceDate == nil || *g.SourceDate != "2018-05-04" {
			t.Errorf("%s Groningen (source of 2018, older than 2 years): %+v", where, g)
		}
		if a.Basis != nil || a.SourceDate != nil || a.SourceCount != 0 || a.SourceStale != nil || a.Stage != nil {
			t.Errorf("%s Amsterdam has no source: it stays unknown, got %+v", where, a)
		}
	}

	var list []struct {
		Code string `json:"code"`
		row
	}
	if err := json.Unmarshal(get(t, ts.URL+"/api/municipalities").body, &list); err != nil {
		t.Fatal(err)
	}
	byCode := map[string]row{}
	for _, m := range list {
		byCode[m.Code] = m.row
	}
	check("list", byCode)

	for _, path := range []string{"/api/municipalities.geojson", "/ogc/collections/municipalities/items?limit=1000&f=json"} {
		fc := decodeFC(t, get(t, ts.URL+path))
		byCode = map[string]row{}
		for _, f := range fc.Features {
			b, _ := json.Marshal(f.Properties)
			var r row
			if err := json.Unmarshal(b, &r); err != nil {
				t.Fatal(err)
			}
			byCode[f.Properties.MustString("code")] = r
		}
		check(path, byCode)
	}

	recs, err := csv.NewReader(bytes.NewReader(get(t, ts.URL+"/api/municipalities.csv").body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	for _, rec := range recs[1:] {
		switch rec[0] {
		case "GM0193":
			if rec[col["basis"]] != "public_record" || rec[col["source_date"]] != "2025-06" || rec[col["source_count"]] != "1" || rec[col["source_stale"]] != "false" {
				t.Errorf("CSV Zwolle: %v", rec)
			}
		case "GM0363":
			if rec[col["basis"]] != "" || rec[col["source_date"]] != "" || rec[col["source_count"]] != "0" || rec[col["stage"]] != "" {
				t.Errorf("CSV Amsterdam: %v", rec)
			}
		}
	}

	if got := get(t, ts.URL+"/api/municipalities.csv?basis=public_record").body; bytes.Count(got, []byte("\n")) != 3 {
		t.Errorf("basis filter: want header + 2 rows, got\n%s", got)
	}
}

// TestDetailCitesEverySource protects the detail: every value carries its
// dated sources, and the list of sources holds every source of the history
// with the indicators it supports.
func TestDetailCitesEverySource(t *testing.T) {
	ts, st := newServer(t, server.Config{})
	loadRecord(t, st, recordCSV)
	var d struct {
		Basis      string `json:"basis"`
		Indicators []struct {
			ID         string `json:"id"`
			AssessedOn string `json:"assessed_on"`
			Sources    []struct {
				URL, Publisher, Date, Summary string
			} `json:"sources"`
		} `json:"indicators"`
		Sources []struct {
			URL        string   `json:"url"`
			Date       string   `json:"date"`
			ReadOn     string   `json:"read_on"`
			Indicators []string `json:"indicators"`
		} `json:"sources"`
		History []struct {
			AssessedOn string `json:"assessed_on"`
			Basis      string `json:"basis"`
		} `json:"history"`
	}
	if err := json.Unmarshal(get(t, ts.URL+"/api/municipalities/GM0193").body, &d); err != nil {
		t.Fatal(err)
	}
	if d.Basis != "public_record" || len(d.History) != 2 || d.History[0].AssessedOn != "2025-06-01" || d.History[1].Basis != "public_record" {
		t.Errorf("basis and history: %+v", d)
	}
	if len(d.Sources) != 2 || d.Sources[0].URL != "https://example.org/zwolle-2025" || d.Sources[0].ReadOn != "2025-11-01" ||
		strings.Join(d.Sources[0].Indicators, ",") != "lived_experience,stage" || d.Sources[1].Date != "2019-03-01" {
		t.Errorf("sources: %+v", d.Sources)
	}
	for _, ind := range d.Indicators {
		if ind.ID == "stage" && (len(ind.Sources) != 1 || ind.Sources[0].Date != "2025-06" || ind.AssessedOn != "2025-06") {
			t.Errorf("stage indicator: %+v", ind)
		}
	}
}
