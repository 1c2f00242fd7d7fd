package store_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/inclusiekaart/inclusiekaart/internal/store"
	"github.com/inclusiekaart/inclusiekaart/internal/testutil"
)

func TestStakeholderMapVersions(t *testing.T) {
	ctx := context.Background()
	st, _ := testutil.OpenStore(t)
	clock := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	st.SetClock(func() time.Time { return clock })

	if _, err := st.LatestStakeholderMap(ctx); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("empty store: got %v, want ErrNotFound", err)
	}
	if h, err := st.StakeholderMapHistory(ctx); err != nil || h == nil || len(h) != 0 {
		t.Fatalf("empty history: %v %v (want an empty, non-nil list)", h, err)
	}

	v1, err := st.AddStakeholderMap(ctx, []byte(`{"title":{"nl":"een","en":"one"}}`), "token:alice")
	if err != nil {
		t.Fatal(err)
	}
	clock = clock.Add(time.Hour)
	v2, err := st.AddStakeholderMap(ctx, []byte(`{"title":{"nl":"twee","en":"two"}}`), "token:bob")
	if err != nil {
		t.Fatal(err)
	}
	if v2.ID <= v1.ID {
		t.Errorf("versions %d then %d", v1.ID, v2.ID)
	}

	latest, err := st.LatestStakeholderMap(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct{ Title struct{ EN string } }
	if err := json.Unmarshal(latest.Document, &doc); err != nil || doc.Title.EN != "two" || latest.RecordedBy != "token:bob" || latest.RecordedAt != "2026-03-01T13:00:00Z" {
		t.Errorf("latest: %+v (%s)", latest, latest.Document)
	}

	h, err := st.StakeholderMapHistory(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(h) != 2 || h[0].ID != v2.ID || h[1].ID != v1.ID || h[1].RecordedBy != "token:alice" {
		t.Errorf("history not newest first: %+v", h)
	}

	log, err := st.AuditLog(ctx)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range log {
		if e.Action == "add stakeholder map" {
			n++
		}
	}
	if n != 2 {
		t.Errorf("%d audit entries for stakeholder maps, want 2: %+v", n, log)
	}
}

func TestStakeholderMapsAppendOnly(t *testing.T) {
	ctx := context.Background()
	st, _ := testutil.OpenStore(t)
	if _, err := st.AddStakeholderMap(ctx, []byte(`{}`), "test"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.DB().ExecContext(ctx, `UPDATE stakeholder_maps SET document = '{"x":1}'`); err == nil {
		t.Error("update of a stored stakeholder map succeeded")
	}
	if _, err := st.DB().ExecContext(ctx, `DELETE FROM stakeholder_maps`); err == nil {
		t.Error("delete of a stored stakeholder map succeeded")
	}
	if _, err := st.AddStakeholderMap(ctx, []byte(`{not json`), "test"); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("non-JSON document: got %v, want ErrInvalid", err)
	}
	h, _ := st.StakeholderMapHistory(ctx)
	if len(h) != 1 || string(h[0].Document) != `{}` {
		t.Errorf("history after rejected writes: %+v", h)
	}
}
