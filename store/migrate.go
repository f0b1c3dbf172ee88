package store

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
)

// migrationFS holds one directory of numbered migrations per dialect
// (migrations/sqlite, migrations/postgres). Both list the same numbers and
// names; only the DDL differs where the dialects do.
//
//go:embed migrations/sqlite/*.sql migrations/postgres/*.sql
var migrationFS embed.FS

// migration is one numbered schema change.
type migration struct {
	version int
	name    string
	sql     string
}

// migrationDir is the embedded directory of d's migrations.
func migrationDir(d dialect) string {
	if d == dialectPostgres {
		return "migrations/postgres"
	}
	return "migrations/sqlite"
}

// migrations lists the embedded migrations of d in order. Files are named
// NNNN_description.sql and numbered from 1 without gaps.
func migrations(d dialect) ([]migration, error) {
	dir := migrationDir(d)
	entries, err := fs.ReadDir(migrationFS, dir)
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, e := range entries {
		name := e.Name()
		num, _, ok := strings.Cut(name, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || !strings.HasSuffix(name, ".sql") {
			return nil, fmt.Errorf("migration %s: name is not NNNN_name.sql", name)
		}
		b, err := fs.ReadFile(migrationFS, dir+"/"+name)
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: name, sql: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i, m := range ms {
		if m.version != i+1 {
			return nil, fmt.Errorf("migration %s: expected number %d", m.name, i+1)
		}
	}
	return ms, nil
}

// migrationHooks fill a new table from what SQL cannot compute, in the
// migration's own transaction. A hook runs today's code, so it belongs to
// the last migration that changed the tables it writes: version_dates
// gained columns in 0006, so the dates 0004 introduced are backfilled
// there (for the documents that have none yet).
var migrationHooks = map[int]func(ctx context.Context, tx conn) error{
	6: func(ctx context.Context, tx conn) error {
		if err := backfillVersionDates(ctx, tx); err != nil {
			return err
		}
		return fillFeedTokens(ctx, tx)
	},
}

// migrationLockKey names the advisory lock PostgreSQL migrations hold.
const migrationLockKey = "exportwatch:migrate"

// migrate applies pending migrations, each in its own write transaction that
// takes the migration lock (SQLite: the immediate transaction's write lock;
// PostgreSQL: an advisory transaction lock) and then re-reads the schema
// version, so two processes opening one new database at once apply each
// migration once.
func (s *Store) migrate(ctx context.Context) error {
	return s.migrateTo(ctx, 0)
}

// migrateTo is migrate up to schema version target only (0: the latest).
// Tests use it to build databases of an older schema.
func (s *Store) migrateTo(ctx context.Context, target int) error {
	all, err := migrations(s.dialect)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	latest := len(all)
	stop := latest
	if target > 0 && target < latest {
		stop = target
	}
	for {
		applied := false
		err := s.write(ctx, func(tx conn) error {
			if err := tx.lock(ctx, migrationLockKey); err != nil {
				return fmt.Errorf("lock: %w", err)
			}
			if _, err := tx.exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
				version    INTEGER NOT NULL PRIMARY KEY,
				name       TEXT    NOT NULL,
				applied_at BIGINT  NOT NULL
			)`); err != nil {
				return fmt.Errorf("create schema_migrations: %w", err)
			}
			var cur int
			if err := tx.queryRow(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&cur); err != nil {
				return fmt.Errorf("read schema version: %w", err)
			}
			if cur > latest {
				return fmt.Errorf("%w: database is at schema version %d, this exportwatch knows up to %d; use a newer exportwatch", errSchemaTooNew, cur, latest)
			}
			if cur >= stop {
				return nil
			}
			m := all[cur]
			// Not rebound: migration files are run as written.
			if _, err := tx.r.ExecContext(ctx, m.sql); err != nil {
				return fmt.Errorf("apply %s: %w", m.name, err)
			}
			if hook := migrationHooks[m.version]; hook != nil {
				if err := hook(ctx, tx); err != nil {
					return fmt.Errorf("apply %s: %w", m.name, err)
				}
			}
			if _, err := tx.exec(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
				m.version, m.name, ms(s.clock())); err != nil {
				return fmt.Errorf("record %s: %w", m.name, err)
			}
			s.log.InfoContext(ctx, "store migration applied", "version", m.version, "name", m.name, "dialect", s.dialect.String())
			applied = true
			return nil
		})
		if err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
		if !applied {
			return nil
		}
	}
}
