package atlas

import (
	"context"
	"errors"

	"github.com/inclusiekaart/inclusiekaart/internal/store"
)

// DatabaseInfo describes a database file (a backup, a restored database).
type DatabaseInfo = store.FileInfo

// Ready reports whether the service can answer: the database answers and
// holds at least one boundary set. Otherwise it returns an Unavailable
// error saying what is missing.
func (s *Service) Ready(ctx context.Context) error {
	if err := s.store.Ping(ctx); err != nil {
		s.log.Warn("readiness: database does not answer", "err", err)
		return &Error{Kind: Unavailable, Message: "the database does not answer"}
	}
	sets, err := s.store.Sets(ctx)
	if err != nil {
		return err
	}
	if len(sets) == 0 {
		return &Error{Kind: Unavailable, Message: "no boundaries imported yet"}
	}
	return nil
}

// Backup writes a consistent copy of the database to dest while it is in
// use (a server may keep answering and writing); dest is replaced only
// when the copy is complete and checked.
func (s *Service) Backup(ctx context.Context, dest string) (DatabaseInfo, error) {
	return s.store.Backup(ctx, dest)
}

// Restore replaces the database at db with a checked copy of src (a backup).
// A database open in another process is refused with a Conflict unless
// force.
func Restore(ctx context.Context, src, db string, force bool) (DatabaseInfo, error) {
	info, err := store.Restore(ctx, src, db, force)
	if errors.Is(err, store.ErrInUse) {
		return info, &Error{Kind: Conflict, Message: err.Error()}
	}
	return info, err
}
