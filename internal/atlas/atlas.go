// Package atlas is the application layer of Inclusiekaart: the use cases —
// list and filter municipalities, their detail with history, compare, peers
// (match centre), stakeholder coverage, record an assessment or a stakeholder
// map, import boundaries, assessments and the public record, export — as plain
// Go methods on one Service that owns the store, the scoring framework and
// the facts. It knows nothing of HTTP: the site, the JSON API, the OGC API and
// the command line are adapters that parse input, call the Service and render
// what it returns. Every rule lives here, once; every expected failure is an
// *Error (kind + field + message) that the adapters map to a status or exit
// code in one place each. The published fields of a municipality come from one
// contract table, MunicipalityFields.
package atlas

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/inclusiekaart/inclusiekaart/internal/facts"
	"github.com/inclusiekaart/inclusiekaart/internal/scoring"
	"github.com/inclusiekaart/inclusiekaart/internal/store"
)

// Boundary levels.
const (
	LevelMunicipality = store.LevelMunicipality
	LevelProvince     = store.LevelProvince
)

// DefaultStaleAfterMonths is the default of Config.StaleAfterMonths.
const DefaultStaleAfterMonths = 24

// Config holds what the service needs beyond the store.
type Config struct {
	Framework *scoring.Framework // default: data/framework.json
	Facts     *facts.Facts       // default: data/koplopers.json, data/merges.json
	Now       func() time.Time   // default: time.Now
	Log       *slog.Logger       // default: slog.Default()
	// Demo serves demo assessments (labelled demo everywhere).
	Demo bool
	// StaleAfterMonths is the age of the newest source past which a
	// municipality's information reads "mogelijk verouderd" (default 24).
	StaleAfterMonths int
	// SignupRetentionDays is how long after its meeting a sign-up is kept
	// (default DefaultSignupRetentionDays).
	SignupRetentionDays int
	// OnImport, when set, is told the kind ("boundaries", "assessments",
	// "record"), duration and outcome of every import (the metrics).
	OnImport func(kind string, d time.Duration, err error)
	// MaxImportRows is the most rows one assessment CSV import takes
	// (default DefaultMaxImportRows); a longer file is refused, unread
	// beyond the row after the limit.
	MaxImportRows int
}

// Service runs the use cases over one store.
type Service struct {
	store *store.Store
	fw    *scoring.Framework
	facts *facts.Facts
	now   func() time.Time
	log   *slog.Logger
	tl    timelineCache // the time view (timeline.go)
	cfg   Config

	mu      sync.Mutex
	snap    *snapshot
	checked time.Time // when the store's generation was last read

	fast   atomic.Pointer[fastView] // LayerGeneration and Years without the lock; nil when the snapshot changed
	geoms  geometryCache            // encoded feature geometries (GeometryJSON)
	shapes layerShapesCache         // encoded layer geometries per zoom level (LayerParts)
}

// New returns the service over st.
func New(st *store.Store, cfg Config) (*Service, error) {
	s := &Service{store: st, fw: cfg.Framework, facts: cfg.Facts, now: cfg.Now, log: cfg.Log, cfg: cfg}
	var err error
	if s.fw == nil {
		if s.fw, err = scoring.Default(); err != nil {
			return nil, fmt.Errorf("framework: %w", err)
		}
	}
	if s.facts == nil {
		if s.facts, err = facts.Default(); err != nil {
			return nil, fmt.Errorf("facts: %w", err)
		}
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.log == nil {
		s.log = slog.Default()
	}
	if s.cfg.StaleAfterMonths <= 0 {
		s.cfg.StaleAfterMonths = DefaultStaleAfterMonths
	}
	// The store keeps every municipality's status, scored at write time.
	if err := st.SetScorer(context.Background(), store.Scorer{Fingerprint: s.statusFingerprint(), Score: s.statusRow}); err != nil {
		return nil, err
	}
	return s, nil
}

// Open opens (creating and migrating when needed) the database at path and
// returns the service over it; Close closes the database.
func Open(ctx context.Context, path string, cfg Config) (*Service, error) {
	st, err := store.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	s, err := New(st, cfg)
	if err != nil {
		st.Close()
		return nil, err
	}
	return s, nil
}

// Close closes the store.
func (s *Service) Close() error { return s.store.Close() }

// Framework is the scoring framework in use.
func (s *Service) Framework() *scoring.Framework { return s.fw }

// Demo reports whether demo assessments are served.
func (s *Service) Demo() bool { return s.cfg.Demo }

// StaleAfterMonths is the configured age past which sources read as possibly out of date.
func (s *Service) StaleAfterMonths() int { return s.cfg.StaleAfterMonths }

// Now is the service's clock.
func (s *Service) Now() time.Time { return s.now() }

// snapshot holds what is derived from one generation of the store on one day:
// the boundary years per level and the published status per municipality.
// Bodies say whether sources are out of date, so the day is part of it.
type snapshot struct {
	gen      int64
	day      string
	layers   map[string]int64 // generation per layer (level)
	years    map[string][]int
	statuses map[string]Status
	// lists are the municipalities of a year with their status; medians
	// those of a year ("year|" national, "year|PVnn" a province).
	lists   map[int][]Municipality
	medians map[string]MedianSet
	// histories are detail history pages by codes, demo, limit and cursor.
	histories map[string]*historyPart
}

// current returns the snapshot of the store's generation; callers hold s.mu.
// Unless fresh, the generation is read at most once a second: the boundary
// years and the encoded layers may lag a write by another process by that
// much, the statuses (fresh) never do.
func (s *Service) current(ctx context.Context, fresh bool) (*snapshot, error) {
	if !fresh && s.snap != nil && time.Since(s.checked) <= time.Second {
		return s.snap, nil
	}
	gen, err := s.store.Generation(ctx)
	if err != nil {
		return nil, err
	}
	day := s.now().Format("2006-01-02")
	if s.snap == nil || s.snap.gen != gen || s.snap.day != day {
		layers, err := s.store.LayerGenerations(ctx)
		if err != nil {
			return nil, err
		}
		s.snap = &snapshot{gen: gen, day: day, years: map[string][]int{}, layers: layers}
		s.fast.Store(nil)
	}
	s.checked = time.Now()
	return s.snap, nil
}

// invalidate forgets the snapshot (after a write by this process).
func (s *Service) invalidate() {
	s.mu.Lock()
	s.snap = nil
	s.fast.Store(nil)
	s.mu.Unlock()
}

// Generation identifies the published state: it changes whenever a write (in
// this or another process) or the date changes what the service returns.
// Adapters key their response caches on it.
func (s *Service) Generation(ctx context.Context) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	snap, err := s.current(ctx, false)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%d|%s", snap.gen, snap.day), nil
}

// LayerGeneration identifies what the layer of level holds: it changes when
// a write changes that layer (not another), or, for municipalities, the date
// (sources become out of date). Adapters key each layer's caches on it, so a
// write drops only the layers it changed.
func (s *Service) LayerGeneration(ctx context.Context, level string) (string, error) {
	// Every cached response asks this: answered without the service's lock
	// while the snapshot it was made from is fresh (current: one second).
	if v := s.fast.Load(); v != nil && time.Since(v.checked) <= time.Second {
		if id, ok := v.ids[level]; ok {
			return id, nil
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	snap, err := s.current(ctx, false)
	if err != nil {
		return "", err
	}
	return s.publish(snap).ids[level], nil
}

// fastView is what LayerGeneration and Years answer from one snapshot,
// read without the service's lock, and when the store's generation was
// read for it. Never changed once published.
type fastView struct {
	checked time.Time
	ids     map[string]string
	years   map[string][]int
}

// publish makes the fast view of snap (callers hold s.mu).
func (s *Service) publish(snap *snapshot) *fastView {
	v := &fastView{checked: s.checked, ids: map[string]string{}, years: map[string][]int{}}
	for _, l := range []string{LevelMunicipality, LevelProvince} {
		v.ids[l] = fmt.Sprintf("%s:%d|%s", l, snap.layers[l], snap.day)
		if l == LevelProvince {
			v.ids[l] = fmt.Sprintf("%s:%d", l, snap.layers[l])
		}
	}
	for l, ys := range snap.years {
		v.years[l] = ys
	}
	s.fast.Store(v)
	return v
}

// Years returns the boundary years of level, newest first.
func (s *Service) Years(ctx context.Context, level string) ([]int, error) {
	if v := s.fast.Load(); v != nil && time.Since(v.checked) <= time.Second {
		if ys, ok := v.years[level]; ok {
			return ys, nil
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	snap, err := s.current(ctx, false)
	if err != nil {
		return nil, err
	}
	if ys, ok := snap.years[level]; ok {
		s.publish(snap)
		return ys, nil
	}
	ys, err := s.store.Years(ctx, level)
	if err != nil {
		return nil, err
	}
	if ys == nil {
		ys = []int{}
	}
	snap.years[level] = ys
	s.publish(snap)
	return ys, nil
}

// ResolveYear returns year when level has boundaries for it, the newest year
// when year is 0, else a NotFound naming the years there are.
func (s *Service) ResolveYear(ctx context.Context, level string, year int) (int, error) {
	years, err := s.Years(ctx, level)
	if err != nil {
		return 0, err
	}
	if len(years) == 0 {
		return 0, notFound("no %s boundaries have been imported yet", level)
	}
	if year == 0 {
		return years[0], nil
	}
	for _, y := range years {
		if y == year {
			return y, nil
		}
	}
	return 0, notFound("there are no %s boundaries for %d; available years: %s", level, year, joinInts(years))
}

func joinInts(v []int) string {
	out := ""
	for i, n := range v {
		if i > 0 {
			out += ", "
		}
		out += fmt.Sprint(n)
	}
	return out
}

// BoundarySet describes one imported boundary set (level and year).
type BoundarySet = store.SetInfo

// BoundarySets lists the imported boundary sets (for the health check).
func (s *Service) BoundarySets(ctx context.Context) ([]BoundarySet, error) {
	sets, err := s.store.Sets(ctx)
	if sets == nil {
		sets = []BoundarySet{}
	}
	return sets, err
}
