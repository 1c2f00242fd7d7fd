package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// ErrInUse is returned by Restore when a process has the database open.
var ErrInUse = errors.New("database in use")

// lockShared takes a shared advisory lock (flock) on the database file for as
// long as the store is open, so that Restore can tell the database is in use.
// flock is independent of SQLite's own (fcntl) locks. A file that cannot be
// locked (an unusual file system) is not an error: Restore then cannot warn.
func (s *Store) lockShared(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_SH|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return fmt.Errorf("%s is being restored; try again when the restore has finished", path)
		}
		return nil
	}
	s.lock = f
	return nil
}

// Ping checks that the database answers a query.
func (s *Store) Ping(ctx context.Context) error {
	var n int
	return s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations`).Scan(&n)
}

// Backup writes a consistent copy of the database to dest while other
// connections (a running server) read and write: VACUUM INTO reads one
// snapshot. The copy is written to a temporary file beside dest, synced and
// checked, and only then renamed over dest, so a crash (kill -9) at any
// moment leaves the previous dest intact.
func (s *Store) Backup(ctx context.Context, dest string) (FileInfo, error) {
	tmp, err := tempPath(dest, "backup")
	if err != nil {
		return FileInfo{}, err
	}
	defer os.Remove(tmp)
	if _, err := s.db.ExecContext(ctx, `VACUUM INTO ?`, tmp); err != nil {
		return FileInfo{}, fmt.Errorf("backup: %w", err)
	}
	return finishCopy(ctx, tmp, dest)
}

// finishCopy syncs and validates the copy at tmp and renames it to dest.
func finishCopy(ctx context.Context, tmp, dest string) (FileInfo, error) {
	if err := syncFile(tmp); err != nil {
		return FileInfo{}, err
	}
	info, err := Validate(ctx, tmp)
	if err != nil {
		return FileInfo{}, err
	}
	if err := os.Rename(tmp, dest); err != nil {
		return FileInfo{}, err
	}
	return info, syncFile(filepath.Dir(dest))
}

// tempPath names a file that does not exist yet beside dest.
func tempPath(dest, what string) (string, error) {
	f, err := os.CreateTemp(filepath.Dir(dest), "."+filepath.Base(dest)+"."+what+"-*")
	if err != nil {
		return "", err
	}
	name := f.Name()
	f.Close()
	return name, os.Remove(name)
}

func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

// FileInfo describes a database file: the migrations applied, its
// generation and how many boundary sets and assessment versions it holds.
type FileInfo struct {
	Migration    int
	Generation   int64
	BoundarySets int
	Assessments  int
}

// latestMigration is the number of the newest migration this program knows.
func latestMigration() int {
	names, _ := fs.Glob(migrations, "migrations/*.sql")
	latest := 0
	for _, n := range names {
		if v, err := strconv.Atoi(strings.SplitN(strings.TrimPrefix(n, "migrations/"), "_", 2)[0]); err == nil && v > latest {
			latest = v
		}
	}
	return latest
}

// Validate checks, read-only, that path is an intact Inclusiekaart database:
// SQLite passes its quick check, the migrations table is there and names no
// migration newer than this program knows, and the core tables exist.
func Validate(ctx context.Context, path string) (FileInfo, error) {
	var info FileInfo
	st, err := os.Stat(path)
	if err != nil {
		return info, err
	}
	if st.IsDir() {
		return info, fmt.Errorf("%s is a directory, not a database file", path)
	}
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro&_busy_timeout=10000")
	if err != nil {
		return info, err
	}
	defer db.Close()
	bad := func(format string, args ...any) (FileInfo, error) {
		return info, fmt.Errorf("%s is not an Inclusiekaart database: %s", path, fmt.Sprintf(format, args...))
	}
	var check string
	if err := db.QueryRowContext(ctx, `PRAGMA quick_check`).Scan(&check); err != nil {
		return bad("%v", err)
	}
	if check != "ok" {
		return bad("integrity check: %s", check)
	}
	if err := db.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&info.Migration); err != nil {
		return bad("no migrations table")
	}
	if info.Migration < 1 {
		return bad("no migration applied")
	}
	if latest := latestMigration(); info.Migration > latest {
		return info, fmt.Errorf("%s was written by a newer program (migration %d; this one knows up to %d)", path, info.Migration, latest)
	}
	if err := db.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'generation'`).Scan(&info.Generation); err != nil {
		return bad("no generation counter")
	}
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM boundary_sets`).Scan(&info.BoundarySets); err != nil {
		return bad("no boundary table")
	}
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM assessments`).Scan(&info.Assessments); err != nil {
		return bad("no assessments table")
	}
	return info, nil
}

// Restore replaces the database at dbPath with a consistent copy of src,
// after checking src (Validate). The copy is made beside dbPath and renamed
// over it, so dbPath is always either the old or the new database. A
// database that another process has open (a server, an import) is refused
// with ErrInUse unless force: then the old file and its WAL are moved aside
// (dbPath.replaced-TIME) and the processes that had it open must be
// restarted, since they keep the old file until then. Without force the old
// database is checkpointed first, so no stale WAL is left beside the new one.
func Restore(ctx context.Context, src, dbPath string, force bool) (FileInfo, error) {
	if _, err := Validate(ctx, src); err != nil {
		return FileInfo{}, err
	}
	if abs1, _ := filepath.Abs(src); abs1 != "" {
		if abs2, _ := filepath.Abs(dbPath); abs1 == abs2 {
			return FileInfo{}, fmt.Errorf("restore: %s is the database itself", src)
		}
	}
	tmp, err := tempPath(dbPath, "restore")
	if err != nil {
		return FileInfo{}, err
	}
	defer os.Remove(tmp)
	if err := vacuumInto(ctx, src, tmp); err != nil {
		return FileInfo{}, err
	}
	if _, err := os.Stat(dbPath); err == nil {
		f, err := os.Open(dbPath)
		if err != nil {
			return FileInfo{}, err
		}
		defer f.Close()
		inUse := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) != nil
		switch {
		case inUse && !force:
			return FileInfo{}, fmt.Errorf("%w: %s is open in another process (a running server?); stop it first, or give --force and restart it right after", ErrInUse, dbPath)
		case inUse:
			if err := moveAside(dbPath); err != nil {
				return FileInfo{}, err
			}
		default:
			if err := checkpoint(ctx, dbPath); err != nil {
				return FileInfo{}, err
			}
		}
	}
	return finishCopy(ctx, tmp, dbPath)
}

// vacuumInto copies src (with what its WAL holds) into the new file dest.
func vacuumInto(ctx context.Context, src, dest string) error {
	db, err := sql.Open("sqlite3", "file:"+src+"?mode=ro&_busy_timeout=10000")
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, `VACUUM INTO ?`, dest); err != nil {
		return fmt.Errorf("copy %s: %w", src, err)
	}
	return nil
}

// checkpoint writes the WAL of the database at path into it and removes
// the WAL and shared-memory files (nobody else has it open).
func checkpoint(ctx context.Context, path string) error {
	q := url.Values{"_busy_timeout": {"10000"}}
	db, err := sql.Open("sqlite3", "file:"+path+"?"+q.Encode())
	if err != nil {
		return err
	}
	if _, err := db.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		db.Close()
		return fmt.Errorf("checkpoint %s: %w", path, err)
	}
	if err := db.Close(); err != nil {
		return err
	}
	for _, ext := range []string{"-wal", "-shm"} {
		if err := os.Remove(path + ext); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return nil
}

// moveAside renames the database at path and its WAL files to
// path.replaced-TIME*.
func moveAside(path string) error {
	aside := path + ".replaced-" + time.Now().UTC().Format("20060102T150405Z")
	for _, ext := range []string{"", "-wal", "-shm"} {
		if err := os.Rename(path+ext, aside+ext); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return nil
}
