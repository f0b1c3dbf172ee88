package store

import (
	"context"
	"errors"
	"strings"
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

// jsonText is the SQL expression for the string member key of the JSON
// object in column (a TEXT column), "" when absent: the database parses
// it, so a caller that needs one member does not decode the whole
// document.
func (d dialect) jsonText(column, key string) string {
	if d == dialectPostgres {
		return `COALESCE((` + column + `::json)->>'` + key + `', '')`
	}
	return `COALESCE(json_extract(` + column + `, '$.` + key + `'), '')`
}

// SQLite result codes (https://sqlite.org/rescode.html).
const (
	sqliteBusyCode             = 5                           // SQLITE_BUSY
	sqliteConstraint           = 19                          // SQLITE_CONSTRAINT
	sqliteConstraintPrimaryKey = sqliteConstraint | (6 << 8) // SQLITE_CONSTRAINT_PRIMARYKEY
	sqliteConstraintUnique     = sqliteConstraint | (8 << 8) // SQLITE_CONSTRAINT_UNIQUE
)

// sqliteBusy reports whether err is SQLITE_BUSY or one of its extended
// codes (https://sqlite.org/rescode.html#busy).
func sqliteBusy(err error) bool {
	var liteErr interface {
		error
		Code() int
	}
	return errors.As(err, &liteErr) && liteErr.Code()&0xff == sqliteBusyCode
}

// uniqueViolation reports whether err is a unique or primary key
// constraint failure of either dialect. The drivers' errors are matched by
// their methods (pgconn.PgError's SQLState, modernc.org/sqlite's Error's
// Code), so the store imports neither driver.
func uniqueViolation(err error) bool {
	var pgErr interface{ SQLState() string }
	if errors.As(err, &pgErr) {
		return pgErr.SQLState() == "23505" // unique_violation
	}
	var liteErr interface {
		error
		Code() int
	}
	if errors.As(err, &liteErr) {
		switch liteErr.Code() {
		case sqliteConstraintUnique, sqliteConstraintPrimaryKey:
			return true
		case sqliteConstraint:
			return strings.Contains(liteErr.Error(), "UNIQUE constraint failed")
		}
	}
	return false
}
