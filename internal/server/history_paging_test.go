package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"testing"

	"github.com/inclusiekaart/inclusiekaart/internal/assessment"
	"github.com/inclusiekaart/inclusiekaart/internal/server"
)

type historyPage struct {
	Stage        *int `json:"stage"`
	HistoryTotal int  `json:"history_total"`
	HistoryNext  *string
	History      []struct {
		Version    int64  `json:"version"`
		AssessedOn string `json:"assessed_on"`
	} `json:"history"`
}

// TestDetailHistoryIsPagedWithACursor: a municipality with 250 versions
// gives the newest 100 by default with the total and a cursor; following
// history_next pages through every version once, newest first, the same
// order as one big page; the current version stays the newest whatever the
// page; bad limits and cursors are a 400 naming the parameter.
func TestDetailHistoryIsPagedWithACursor(t *testing.T) {
	ts, st := newServer(t, server.Config{})
	const n = 250
	as := make([]assessment.Assessment, n)
	for i := range as {
		day := fmt.Sprintf("20%02d-%02d-%02d", 10+i/120, 1+i/10%12, 1+i%10)
		as[i] = assessment.Assessment{Code: "GM0363", AssessedOn: day, Source: fmt.Sprintf("test %d", i),
			Values: map[string]assessment.Value{"stage": {Value: 1 + i%6}}}
	}
	if _, err := st.AddAssessments(context.Background(), as, "test"); err != nil {
		t.Fatal(err)
	}
	base := ts.URL + "/api/municipalities/GM0363"
	page := func(q string) historyPage {
		t.Helper()
		r := get(t, base+q)
		var p historyPage
		if r.status != 200 || json.Unmarshal(r.body, &p) != nil {
			t.Fatalf("GET %s: %d %.300s", q, r.status, r.body)
		}
		var raw map[string]json.RawMessage
		json.Unmarshal(r.body, &raw)
		json.Unmarshal(raw["history_next"], &p.HistoryNext)
		return p
	}
	all := page("?limit=1000")
	if len(all.History) != n || all.HistoryTotal != n || all.HistoryNext != nil {
		t.Fatalf("one page of 1000: %d versions, total %d, next %v", len(all.History), all.HistoryTotal, all.HistoryNext)
	}
	for i := 1; i < n; i++ {
		if all.History[i].AssessedOn > all.History[i-1].AssessedOn {
			t.Fatalf("history not newest first at %d: %s after %s", i, all.History[i].AssessedOn, all.History[i-1].AssessedOn)
		}
	}
	first := page("")
	if len(first.History) != 100 || first.HistoryTotal != n || first.HistoryNext == nil {
		t.Fatalf("default page: %d versions, total %d, next %v", len(first.History), first.HistoryTotal, first.HistoryNext)
	}
	var got []int64
	q := "?limit=70"
	for pages := 0; ; pages++ {
		p := page(q)
		if p.Stage == nil || *p.Stage != *all.Stage {
			t.Errorf("page %d: stage %v, want the current version's %v", pages, p.Stage, *all.Stage)
		}
		for _, h := range p.History {
			got = append(got, h.Version)
		}
		if p.HistoryNext == nil {
			break
		}
		if pages > 10 {
			t.Fatal("paging does not end")
		}
		q = "?limit=70&cursor=" + url.QueryEscape(*p.HistoryNext)
	}
	if len(got) != n {
		t.Fatalf("paged through %d versions, want %d", len(got), n)
	}
	for i, h := range all.History {
		if got[i] != h.Version {
			t.Fatalf("paged history differs from the one page at %d: %d, want %d", i, got[i], h.Version)
		}
	}
	for q, param := range map[string]string{"?limit=0": "limit", "?limit=x": "limit", "?cursor=nonsense": "cursor", "?cursor=0~2025-01-01~-3": "cursor"} {
		wantJSONError(t, q, get(t, base+q), 400, "bad_request", param)
	}
}
