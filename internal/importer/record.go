package importer

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/inclusiekaart/inclusiekaart/internal/assessment"
	"github.com/inclusiekaart/inclusiekaart/internal/facts"
	"github.com/inclusiekaart/inclusiekaart/internal/scoring"
	"github.com/inclusiekaart/inclusiekaart/internal/store"
)

// MaxRecordBytes bounds a public-record file: the whole country at a few
// dozen sources per municipality is a few megabytes.
const MaxRecordBytes = 32 << 20

// ErrNoBoundaries means the database has no municipality boundaries to check
// the public record's codes and names against.
var ErrNoBoundaries = errors.New("no municipality boundaries imported yet: import boundaries first")

// RecordResult says what a public-record load did.
type RecordResult struct {
	Edition       store.RecordEdition
	Facts         int
	Versions      int
	Municipality  int  // municipalities with at least one fact
	AlreadyLoaded bool // the newest edition has the same checksum: nothing stored
	// Skipped lists the codes left out because the imported boundaries do not
	// know them (only with RecordOptions.SkipUnknown).
	Skipped []string
}

// RecordOptions changes how PublicRecord treats codes it cannot check.
type RecordOptions struct {
	// SkipUnknown leaves out the facts of codes that are not in the imported
	// boundaries (or whose name differs) instead of refusing the file. serve
	// uses it so that a database with some years or provinces still shows the
	// rest; the edition is loaded again once the boundaries know more codes.
	SkipUnknown bool
}

// PublicRecord reads a public-record CSV (assessment.ReadRecord), checks every
// code and name against the imported boundaries and the merger crosswalk, and
// stores it as a new edition of the public record, all or nothing. A file
// equal to the newest loaded edition stores nothing. Problems in the file are
// *assessment.FieldError naming line and column.
func PublicRecord(ctx context.Context, st *store.Store, fx *facts.Facts, fw *scoring.Framework, r io.Reader, source, actor string, today time.Time, opts ...RecordOptions) (RecordResult, error) {
	var opt RecordOptions
	if len(opts) > 0 {
		opt = opts[0]
	}
	var res RecordResult
	body, err := io.ReadAll(io.LimitReader(r, MaxRecordBytes+1))
	if err != nil {
		return res, err
	}
	if len(body) > MaxRecordBytes {
		return res, &assessment.FieldError{Message: fmt.Sprintf("the file is larger than %d MiB", MaxRecordBytes>>20)}
	}
	fs, err := assessment.ReadRecord(bytes.NewReader(body), fw, today)
	if err != nil {
		return res, err
	}
	names, err := st.MunicipalityNames(ctx)
	if err != nil {
		return res, err
	}
	if len(names) == 0 {
		return res, ErrNoBoundaries
	}
	checked := map[string]bool{}
	skipped := map[string]bool{}
	kept := fs[:0:0]
	for _, ft := range fs {
		if skipped[ft.Code] {
			continue
		}
		problem, err := AssessmentCodeProblem(ctx, st, fx, assessment.Assessment{Code: ft.Code, AssessedOn: ft.Start})
		if err != nil {
			return res, err
		}
		field := "code"
		if problem == "" && !checked[ft.Code] {
			known := slices.Clone(names[ft.Code])
			if m, merged := fx.Successor(ft.Code); merged {
				known = append(known, m.OldName)
			}
			if !slices.Contains(known, ft.Name) {
				field, problem = "name", fmt.Sprintf("%q is not the name of %s (%s)", ft.Name, ft.Code, strings.Join(known, " / "))
			}
		}
		if problem != "" {
			if !opt.SkipUnknown {
				return res, &assessment.FieldError{Line: ft.Line, Field: field, Message: problem}
			}
			skipped[ft.Code] = true
			continue
		}
		checked[ft.Code] = true
		kept = append(kept, ft)
	}
	for c := range skipped {
		res.Skipped = append(res.Skipped, c)
	}
	slices.Sort(res.Skipped)
	kept = slices.DeleteFunc(kept, func(ft assessment.Fact) bool { return skipped[ft.Code] })
	fs = kept
	versions := assessment.RecordVersions(fs)
	// The edition is the file as loaded: the same file with other codes left
	// out is another edition.
	sum := sha256.Sum256(append(body, []byte("\n# skipped: "+strings.Join(res.Skipped, ","))...))
	ed := store.RecordEdition{Checksum: hex.EncodeToString(sum[:]), Source: source, Facts: len(fs)}
	res.Facts, res.Versions, res.Municipality = len(fs), len(versions), len(checked)
	res.Edition, err = st.LoadRecordEdition(ctx, ed, versions, actor)
	if errors.Is(err, store.ErrNoChange) {
		res.AlreadyLoaded = true
		return res, nil
	}
	return res, err
}
