package importer

import (
	"context"
	"fmt"
	"strconv"

	"github.com/inclusiekaart/inclusiekaart/internal/assessment"
	"github.com/inclusiekaart/inclusiekaart/internal/facts"
	"github.com/inclusiekaart/inclusiekaart/internal/store"
)

// AssessmentCodeProblem says why a's code cannot take an assessment, or "" when
// it can: the code must be a municipality of some imported boundary year, or a
// code merged away, assessed before the merger took effect (history).
func AssessmentCodeProblem(ctx context.Context, st *store.Store, fx *facts.Facts, a assessment.Assessment) (string, error) {
	if m, merged := fx.Successor(a.Code); merged {
		effective := strconv.Itoa(m.Year) + "-01-01"
		if a.AssessedOn >= effective {
			return fmt.Sprintf("%s %s was merged into %s %s on %s; assess %s instead (only earlier dates are kept as its history)",
				a.Code, m.OldName, m.NewCode, m.NewName, effective, m.NewCode), nil
		}
		return "", nil
	}
	known, err := CodeKnown(ctx, st, fx, a.Code)
	if err != nil {
		return "", err
	}
	if !known {
		return fmt.Sprintf("%s is not a municipality in any imported boundary year", a.Code), nil
	}
	return "", nil
}

// CodeKnown reports whether code can carry assessments at all: a municipality
// of some imported boundary year, or an old code in the merger crosswalk
// (history may be recorded under it). It is the one existence check of a code
// for writes.
func CodeKnown(ctx context.Context, st *store.Store, fx *facts.Facts, code string) (bool, error) {
	if _, ok := fx.Successor(code); ok {
		return true, nil
	}
	return st.MunicipalityCodeKnown(ctx, code)
}
