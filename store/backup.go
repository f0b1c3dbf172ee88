package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// Backup writes a consistent copy of a SQLite database to path while the
// store stays in use (VACUUM INTO: a snapshot, compacted, in rollback
// journal mode, ready to be restored with Restore). It refuses to overwrite
// an existing file. A PostgreSQL store returns an error wrapping
// errors.ErrUnsupported: back PostgreSQL up with pg_dump.
func (s *Store) Backup(ctx context.Context, path string) error {
	if s.dialect == dialectPostgres {
		return fmt.Errorf("store: backup: %w for PostgreSQL: use pg_dump (e.g. pg_dump --format=custom --file=exportwatch.dump DSN) and pg_restore", errors.ErrUnsupported)
	}
	if path == "" {
		return errors.New("store: backup: empty path")
	}
	if _, err := os.Lstat(path); err == nil {
		return fmt.Errorf("store: backup to %s: file exists; will not overwrite it", path)
	} else if !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("store: backup to %s: %w", path, err)
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return fmt.Errorf("store: backup to %s: %w", path, err)
		}
	}
	// A connection of its own: the read pool is query_only (which VACUUM
	// INTO counts as writing) and the write connection must stay free for
	// writers while the copy runs.
	db, err := sql.Open("sqlite", "file:"+s.path+"?_pragma=busy_timeout(5000)&_pragma=foreign_keys(1)")
	if err != nil {
		return fmt.Errorf("store: backup to %s: %w", path, err)
	}
	defer db.Close()
	start := time.Now()
	if _, err := db.ExecContext(ctx, `VACUUM INTO ?`, path); err != nil {
		return fmt.Errorf("store: backup to %s: %w", path, err)
	}
	if err := syncFile(path); err != nil {
		return fmt.Errorf("store: backup to %s: %w", path, err)
	}
	s.log.InfoContext(ctx, "store backup written", "path", path, "took", time.Since(start))
	return nil
}

// Restore replaces the SQLite database at dbPath with the backup at
// backupPath. Run it while no exportwatch process uses dbPath. The backup
// must open as an exportwatch database no newer than this program
// (an error otherwise) and pass PRAGMA integrity_check, or nothing
// changes. An existing dbPath (and its -wal and -shm files) is moved aside
// to dbPath.bak-<UTC timestamp>, never deleted; then the backup is copied
// to a temporary file beside dbPath, synced and renamed into place.
func Restore(ctx context.Context, backupPath, dbPath string) error {
	if backupPath == "" || dbPath == "" {
		return errors.New("store: restore: empty path")
	}
	if isPostgresDSN(dbPath) {
		return fmt.Errorf("store: restore: %w for PostgreSQL: use pg_restore", errors.ErrUnsupported)
	}
	if err := validateBackup(ctx, backupPath); err != nil {
		return fmt.Errorf("store: restore %s: %w", backupPath, err)
	}
	if err := os.MkdirAll(filepath.Dir(dbPath), 0o750); err != nil {
		return fmt.Errorf("store: restore %s: %w", backupPath, err)
	}
	tmp, err := copyToTemp(backupPath, dbPath)
	if err != nil {
		return fmt.Errorf("store: restore %s: %w", backupPath, err)
	}
	defer os.Remove(tmp) // a no-op once renamed
	if _, err := moveAside(dbPath, time.Now().UTC()); err != nil {
		return fmt.Errorf("store: restore %s: %w", backupPath, err)
	}
	if err := os.Rename(tmp, dbPath); err != nil {
		return fmt.Errorf("store: restore %s: %w", backupPath, err)
	}
	if err := syncDir(filepath.Dir(dbPath)); err != nil {
		return fmt.Errorf("store: restore %s: %w", backupPath, err)
	}
	return nil
}

// validateBackup opens path read-only and checks that it is an intact
// exportwatch database this program can open.
func validateBackup(ctx context.Context, path string) error {
	fi, err := os.Stat(path)
	if err != nil {
		return err
	}
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("not a regular file")
	}
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=query_only(1)")
	if err != nil {
		return err
	}
	defer db.Close()
	problems, err := integrityCheck(ctx, conn{r: db, d: dialectSQLite})
	if err != nil {
		return fmt.Errorf("integrity check: %w", err)
	}
	if len(problems) > 0 {
		return fmt.Errorf("integrity check failed: %s", problems[0])
	}
	var v int
	if err := db.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&v); err != nil {
		return fmt.Errorf("not an exportwatch database: %w", err)
	}
	all, err := migrations(dialectSQLite)
	if err != nil {
		return err
	}
	if v > len(all) {
		return fmt.Errorf("%w: backup is at schema version %d, this exportwatch knows up to %d", errSchemaTooNew, v, len(all))
	}
	if v == 0 {
		return errors.New("not an exportwatch database: no migrations applied")
	}
	return nil
}

// copyToTemp copies src to a new temporary file in dst's directory, synced,
// and returns its name.
func copyToTemp(src, dst string) (string, error) {
	in, err := os.Open(src)
	if err != nil {
		return "", err
	}
	defer in.Close()
	out, err := os.CreateTemp(filepath.Dir(dst), filepath.Base(dst)+".restore-*")
	if err != nil {
		return "", err
	}
	_, err = io.Copy(out, in)
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(out.Name())
		return "", err
	}
	return out.Name(), nil
}

// moveAside renames path, and its SQLite -wal and -shm files if there, to
// path.bak-<timestamp> (with a numeric suffix if that name is taken). It
// returns the new name, or "" when path does not exist.
func moveAside(path string, now time.Time) (string, error) {
	if _, err := os.Lstat(path); errors.Is(err, os.ErrNotExist) {
		return "", nil
	} else if err != nil {
		return "", err
	}
	base := path + ".bak-" + now.Format("20060102T150405Z")
	aside := base
	for i := 1; ; i++ {
		if _, err := os.Lstat(aside); errors.Is(err, os.ErrNotExist) {
			break
		}
		aside = base + "-" + strconv.Itoa(i)
	}
	// The -wal and -shm first: should a later rename fail, dbPath is left
	// without its WAL (older, the WAL kept beside the .bak name) rather than
	// a stale WAL left beside the restored file, where SQLite would replay
	// it into the wrong database.
	for _, suffix := range []string{"-wal", "-shm"} {
		if err := os.Rename(path+suffix, aside+suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			return "", fmt.Errorf("move %s aside: %w", path+suffix, err)
		}
	}
	if err := os.Rename(path, aside); err != nil {
		return "", fmt.Errorf("move %s aside: %w", path, err)
	}
	return aside, nil
}

// syncFile flushes path to stable storage.
func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

// syncDir flushes a directory's entries (a rename) to stable storage.
func syncDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := f.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) {
		return err
	}
	return nil
}
