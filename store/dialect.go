package store

import (
	"context"
	"errors"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// String names the dialect in logs and errors.
func (d dialect) String() string {
	if d == dialectPostgres {
		return "postgres"
	}
	return "sqlite"
}

// isPostgresDSN reports whether dsn names a PostgreSQL database
// (postgres:// or postgresql:// URL).
func isPostgresDSN(dsn string) bool {
	lower := strings.ToLower(dsn)
	return strings.HasPrefix(lower, "postgres://") || strings.HasPrefix(lower, "postgresql://")
}

// lock serialises transactions that use the same key until this
// transaction ends. On PostgreSQL it takes an advisory transaction lock, for
// read-modify-write sequences that a row lock cannot guard because the row
// may not exist yet. On SQLite it does nothing: a write transaction
// (BEGIN IMMEDIATE) already holds the database's only write lock.
func (c conn) lock(ctx context.Context, key string) error {
	if c.d != dialectPostgres {
		return nil
	}
	_, err := c.exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended(?, 0))`, key)
	return err
}

// forUpdateSkipLocked is the clause that makes a SELECT lock the rows it
// returns and pass over rows other transactions hold; "" on SQLite, where
// a write transaction excludes every other writer anyway.
func (d dialect) forUpdateSkipLocked() string {
	if d == dialectPostgres {
		return ` FOR UPDATE SKIP LOCKED`
	}
	return ``
}

// uniqueViolation reports whether err is a unique or primary key
// constraint failure of either dialect.
func uniqueViolation(err error) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code == "23505" // unique_violation
	}
	var liteErr *sqlite.Error
	if errors.As(err, &liteErr) {
		switch liteErr.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return true
		case sqlite3.SQLITE_CONSTRAINT:
			return strings.Contains(liteErr.Error(), "UNIQUE constraint failed")
		}
	}
	return false
}
