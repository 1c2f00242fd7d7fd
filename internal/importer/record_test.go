package importer_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/inclusiekaart/inclusiekaart/data"
	"github.com/inclusiekaart/inclusiekaart/internal/assessment"
	"github.com/inclusiekaart/inclusiekaart/internal/facts"
	"github.com/inclusiekaart/inclusiekaart/internal/importer"
	"github.com/inclusiekaart/inclusiekaart/internal/scoring"
	"github.com/inclusiekaart/inclusiekaart/internal/store"
	"github.com/inclusiekaart/inclusiekaart/internal/testutil"
)

const header = "code,name,indicator,value,basis,source_url,publisher,source_date,read_on,summary\n"

func load(t *testing.T, st *store.Store, body string) (importer.RecordResult, error) {
	t.Helper()
	fw, err := scoring.Default()
	if err != nil {
		t.Fatal(err)
	}
	fx, err := facts.Default()
	if err != nil {
		t.Fatal(err)
	}
	return importer.PublicRecord(context.Background(), st, fx, fw, strings.NewReader(body), "test.csv", "test", time.Now())
}

// TestShippedPublicRecordMatchesTheBoundaries loads data/public-record.csv into
// the real 2025 boundaries: every code exists (or is a merged code dated
// before its merger) and every name belongs to its code.
func TestShippedPublicRecordMatchesTheBoundaries(t *testing.T) {
	st, _ := testutil.Store2025(t)
	b, err := data.FS.ReadFile(data.PublicRecordFile)
	if err != nil {
		t.Fatal(err)
	}
	res, err := load(t, st, string(b))
	if err != nil {
		t.Fatal(err)
	}
	cur, err := st.Current(context.Background(), false)
	if err != nil {
		t.Fatal(err)
	}
	if res.Facts == 0 || len(cur) == 0 {
		t.Fatalf("loaded %d facts, %d current assessments", res.Facts, len(cur))
	}
	for _, v := range cur {
		if v.Basis != assessment.BasisPublicRecord || v.Demo {
			t.Errorf("%s: basis %q, demo %v", v.Code, v.Basis, v.Demo)
		}
	}
	again, err := load(t, st, string(b))
	if err != nil || !again.AlreadyLoaded {
		t.Errorf("loading the same file twice must store nothing: %+v, %v", again, err)
	}
}

// TestPublicRecordRefusesUnknownCodesAndNames protects the all-or-nothing rule:
// a code that is no municipality, a name that is not the code's, or a merged
// code dated after its merger is refused by line and column, and the database
// keeps nothing.
func TestPublicRecordRefusesUnknownCodesAndNames(t *testing.T) {
	good := "GM0193,Zwolle,stage,4,public_record,https://example.org/z,Gemeente Zwolle,2021-06-01,2025-11-01,De raad stelde de agenda vast.\n"
	tests := []struct {
		name, row, field, needs string
	}{
		{"unknown code", "GM9999,Nergens,stage,3,public_record,https://example.org/a,X,2020-01-01,2025-11-01,Iets.\n", "code", "not a municipality"},
		{"name of another code", "GM0014,Zwolle,stage,3,public_record,https://example.org/a,X,2020-01-01,2025-11-01,Iets.\n", "name", "not the name of GM0014"},
		{"merged code after its merger", "GM0236,Geldermalsen,stage,3,public_record,https://example.org/a,X,2020-01-01,2025-11-01,Iets.\n", "code", "merged into GM1960"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, _ := testutil.Store2025(t)
			_, err := load(t, st, header+good+tt.row)
			var fe *assessment.FieldError
			if !errors.As(err, &fe) || fe.Line != 3 || fe.Field != tt.field || !strings.Contains(fe.Error(), tt.needs) {
				t.Fatalf("got %v; want line 3, column %s, containing %q", err, tt.field, tt.needs)
			}
			cur, err := st.Current(context.Background(), true)
			if err != nil || len(cur) != 0 {
				t.Errorf("database changed: %d assessments, %v", len(cur), err)
			}
			if _, ok, _ := st.RecordEditionNow(context.Background()); ok {
				t.Error("an edition was recorded for a refused file")
			}
		})
	}
	t.Run("serve leaves out codes the boundaries do not know", func(t *testing.T) {
		st, _ := testutil.Store2025(t)
		fw, _ := scoring.Default()
		fx, _ := facts.Default()
		body := header + good + tests[0].row
		res, err := importer.PublicRecord(context.Background(), st, fx, fw, strings.NewReader(body), "t.csv", "test", time.Now(), importer.RecordOptions{SkipUnknown: true})
		if err != nil || strings.Join(res.Skipped, ",") != "GM9999" || res.Facts != 1 {
			t.Fatalf("%+v, %v", res, err)
		}
	})
	t.Run("merged code before its merger is history", func(t *testing.T) {
		st, _ := testutil.Store2025(t)
		if _, err := load(t, st, header+"GM0236,Geldermalsen,stage,3,public_record,https://example.org/g,X,2018-04-01,2025-11-01,Iets.\n"); err != nil {
			t.Fatal(err)
		}
	})
}

// TestPublicRecordCorrectionReplacesTheEdition protects corrections: a row
// removed from the file is no longer served after the next load, while the
// earlier edition's versions stay stored.
func TestPublicRecordCorrectionReplacesTheEdition(t *testing.T) {
	st, _ := testutil.Store2025(t)
	ctx := context.Background()
	first := header +
		"GM0193,Zwolle,stage,4,public_record,https://example.org/z,Gemeente Zwolle,2021-06-01,2025-11-01,De raad stelde de agenda vast.\n" +
		"GM0014,Groningen,stage,5,public_record,https://example.org/wrong,Krant,2024-01-01,2025-11-01,Een verkeerde regel.\n"
	if _, err := load(t, st, first); err != nil {
		t.Fatal(err)
	}
	second := header + "GM0193,Zwolle,stage,4,public_record,https://example.org/z,Gemeente Zwolle,2021-06-01,2025-11-01,De raad stelde de agenda vast.\n"
	res, err := load(t, st, second)
	if err != nil || res.AlreadyLoaded || res.Edition.ID != 2 {
		t.Fatalf("%+v, %v", res, err)
	}
	cur, err := st.Current(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(cur) != 1 || cur[0].Code != "GM0193" {
		t.Fatalf("after the correction only Zwolle is served, got %+v", cur)
	}
	hist, err := st.History(ctx, []string{"GM0014"}, false)
	if err != nil || len(hist) != 0 {
		t.Errorf("the removed row must leave the history too: %d versions, %v", len(hist), err)
	}
	var stored int
	if err := st.DB().QueryRow(`SELECT COUNT(*) FROM assessments`).Scan(&stored); err != nil || stored != 3 {
		t.Errorf("every version stays stored (append-only): %d, %v", stored, err)
	}
	src := cur[0].Values["stage"].Sources
	if len(src) != 1 || src[0].Publisher != "Gemeente Zwolle" || src[0].Date != "2021-06-01" || src[0].ReadOn != "2025-11-01" {
		t.Errorf("sources survive the store: %+v", src)
	}
}
