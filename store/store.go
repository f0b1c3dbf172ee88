// Package store is exportwatch's source of truth: documents and every version
// of them, classifications, change events, subscriptions, the delivery outbox,
// crawl state and HTTP validators, in SQLite (modernc.org/sqlite, WAL) on
// one machine or in PostgreSQL (github.com/jackc/pgx/v5) shared by several.
//
// Every write that belongs together is one transaction (DESIGN.md invariant
// 3): SaveVersion writes a document's new version, its classification, its
// event and the delivery rows of every matching subscription, or nothing.
// The SQL is kept portable for PostgreSQL: ? placeholders go through one
// rebind helper, times are unix milliseconds in BIGINT columns (0 = unset),
// booleans are 0/1 integers, and upserts use ON CONFLICT. What differs per
// dialect (DDL, the outbox claim, locks, error codes) is in dialect.go and
// the migrations/<dialect> directories.
//
// The store registers no database driver: the program does, in main, with
// blank imports of modernc.org/sqlite ("sqlite") and
// github.com/jackc/pgx/v5/stdlib ("pgx"), so that a package that only needs
// the store's types does not link both databases.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// ErrNotFound reports that a document, event, subscription or delivery does
// not exist. Every method returns it wrapped; test with errors.Is.
var ErrNotFound = errors.New("not found")

// errConflict reports an operation the row's current state does not allow,
// such as retrying a delivery that was already sent.
var errConflict = errors.New("conflict")

// errSchemaTooNew reports a database migrated by a newer exportwatch.
var errSchemaTooNew = errors.New("database schema is newer than this program")

// dialect names the SQL flavour the placeholders are rebound for.
type dialect int

const (
	dialectSQLite dialect = iota
	dialectPostgres
)

// Store is the SQLite- or PostgreSQL-backed store. It is safe for
// concurrent use, and several processes may share one database file or one
// PostgreSQL database.
//
// A Store handle also names the search index whose bookkeeping
// (PendingIndex, MarkIndexed, ResetIndexed, Check's pending count) it
// reads and writes: "local" for Open and OpenDSN, another name
// for a handle from ForIndex. Replicas that share one PostgreSQL database
// and each keep their own index use one name each.
type Store struct {
	db      *sql.DB // writes: SQLite BEGIN IMMEDIATE on one connection; PostgreSQL: the pool
	rdb     *sql.DB // reads: SQLite query_only, snapshot reads under WAL; PostgreSQL: db
	log     *slog.Logger
	dialect dialect
	path    string // SQLite: the database file; PostgreSQL: ""
	now     func() time.Time
	index   string // the index name of this handle's index bookkeeping
	pools   *pools // shared by every handle made from one Open (ForIndex)
	closed  bool   // this handle's Close ran; guarded by pools.mu
}

// pools counts the open handles that share db and rdb, so the pools close
// with the last of them.
type pools struct {
	mu   sync.Mutex
	refs int
}

// defaultIndexName is the index name of a store from Open or OpenDSN: the
// name under which an index that was not given one records what it has
// seen (and under which the marks of schema version 1 were kept).
const defaultIndexName = "local"

// maxIndexName is the longest index name ValidIndexName accepts.
const maxIndexName = 64

// ValidIndexName reports why name cannot name an index, or nil: a name is
// 1 to 64 characters from a-z, 0-9, '.', '_' and '-'.
func ValidIndexName(name string) error {
	if name == "" {
		return errors.New("index name is empty")
	}
	if len(name) > maxIndexName {
		return fmt.Errorf("index name is %d characters long; at most %d are allowed", len(name), maxIndexName)
	}
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-') {
			return fmt.Errorf("index name %q has %q; use only a-z, 0-9, '.', '_' and '-'", name, r)
		}
	}
	return nil
}

// IndexName is the name of the index whose bookkeeping this handle keeps.
func (s *Store) IndexName() string { return s.index }

// ForIndex returns a handle on the same database whose index bookkeeping
// (PendingIndex, MarkIndexed, ResetIndexed and Check's pending count and
// mark checks) belongs to the index called name; everything else is
// shared with s. The handles share s's connection pools: each handle,
// s included, must be closed, and the pools close with the last of them,
// so closing s first leaves the new handle working, and closing a handle
// twice is harmless. ForIndex panics if name is not valid (see
// ValidIndexName): validate names that come from users first. It must not
// be called on a closed handle.
func (s *Store) ForIndex(name string) *Store {
	if err := ValidIndexName(name); err != nil {
		panic("store: ForIndex: " + err.Error())
	}
	s.pools.mu.Lock()
	defer s.pools.mu.Unlock()
	if s.closed {
		panic("store: ForIndex on a closed store")
	}
	s.pools.refs++
	return &Store{db: s.db, rdb: s.rdb, log: s.log, dialect: s.dialect, path: s.path, now: s.now,
		index: name, pools: s.pools}
}

// dsn builds the modernc.org/sqlite DSN for path.
func dsn(path string, readOnly bool) string {
	v := "file:" + path + "?_pragma=busy_timeout(5000)&_pragma=foreign_keys(1)"
	if readOnly {
		return v + "&_pragma=query_only(1)&_txlock=deferred"
	}
	return v + "&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_txlock=immediate"
}

// Open opens (creating the directory and file if needed) the database at
// path and applies pending migrations. A second Open of a migrated database
// changes nothing; a database from a newer schema is refused with
// an error saying so. A nil log discards log output.
func Open(ctx context.Context, path string, log *slog.Logger) (*Store, error) {
	return openSQLite(ctx, path, log)
}

// OpenDSN opens the database dsn names and applies pending migrations: a
// postgres:// or postgresql:// URL opens PostgreSQL (pgx connection string;
// e.g. ?sslmode=disable&search_path=exportwatch), anything else is a SQLite
// file path as for Open. Several processes may open one PostgreSQL
// database: migrations take an advisory lock, and ClaimDue hands each
// delivery to one of them. A nil log discards log output.
func OpenDSN(ctx context.Context, dsn string, log *slog.Logger) (*Store, error) {
	if isPostgresDSN(dsn) {
		return openPostgres(ctx, dsn, log)
	}
	return openSQLite(ctx, dsn, log)
}

// openPostgres opens and migrates a PostgreSQL database. Errors never
// repeat the DSN, which may hold a password.
func openPostgres(ctx context.Context, dsn string, log *slog.Logger) (*Store, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("store: open postgres: %w", err)
	}
	db.SetMaxOpenConns(16)
	db.SetMaxIdleConns(8)
	db.SetConnMaxIdleTime(5 * time.Minute)
	s := &Store{db: db, rdb: db, log: log, dialect: dialectPostgres, now: time.Now,
		index: defaultIndexName, pools: &pools{refs: 1}}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: open postgres: %w", err)
	}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: open postgres: %w", err)
	}
	return s, nil
}

// openSQLite opens (creating the directory and file if needed) and migrates
// the SQLite database at path.
func openSQLite(ctx context.Context, path string, log *slog.Logger) (*Store, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if path == "" {
		return nil, errors.New("store: open: empty path")
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("store: open %s: %w", path, err)
		}
	}
	// Processes that open a new file at once race to switch it to WAL,
	// and SQLite answers that switch with SQLITE_BUSY without waiting for
	// busy_timeout; so the whole setup is retried while it is busy.
	var s *Store
	err := retryBusy(ctx, openBusyFor, func() (err error) {
		s, err = setupSQLite(ctx, path, log)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	return s, nil
}

// openBusyFor bounds how long opening waits out other processes' setup.
const openBusyFor = 10 * time.Second

// setupSQLite opens the writer and reader pools of path and migrates.
func setupSQLite(ctx context.Context, path string, log *slog.Logger) (*Store, error) {
	db, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		return nil, err
	}
	// SQLite has one writer at a time; queueing writers in database/sql is
	// cheaper than SQLite's busy-wait. Other processes still meet
	// busy_timeout and BEGIN IMMEDIATE.
	db.SetMaxOpenConns(1)
	db.SetConnMaxIdleTime(0)
	s := &Store{db: db, log: log, dialect: dialectSQLite, path: path, now: time.Now,
		index: defaultIndexName, pools: &pools{refs: 1}}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("writer: %w", err)
	}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	rdb, err := sql.Open("sqlite", dsn(path, true))
	if err != nil {
		db.Close()
		return nil, err
	}
	rdb.SetMaxOpenConns(4)
	if err := rdb.PingContext(ctx); err != nil {
		db.Close()
		rdb.Close()
		return nil, fmt.Errorf("reader: %w", err)
	}
	s.rdb = rdb
	return s, nil
}

// retryBusy runs f until it returns something other than SQLITE_BUSY, for
// at most d, backing off from 10 ms to 200 ms between tries.
func retryBusy(ctx context.Context, d time.Duration, f func() error) error {
	deadline := time.Now().Add(d)
	wait := 10 * time.Millisecond
	for {
		err := f()
		if err == nil || !sqliteBusy(err) || time.Now().Add(wait).After(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return errors.Join(err, ctx.Err())
		case <-time.After(wait):
		}
		wait = min(2*wait, 200*time.Millisecond)
	}
}

// Close closes this handle. The database connections close with the last
// open handle that shares them (see ForIndex); calls in flight then fail.
// A second Close of a handle does nothing and returns nil.
func (s *Store) Close() error {
	s.pools.mu.Lock()
	if s.closed {
		s.pools.mu.Unlock()
		return nil
	}
	s.closed = true
	s.pools.refs--
	last := s.pools.refs == 0
	s.pools.mu.Unlock()
	if !last {
		return nil
	}
	var err error
	if s.rdb != s.db {
		err = s.rdb.Close()
	}
	err = errors.Join(err, s.db.Close())
	if err != nil {
		return fmt.Errorf("store: close: %w", err)
	}
	return nil
}

// Ping checks that the database answers a query.
func (s *Store) Ping(ctx context.Context) error {
	var one int
	if err := s.rdb.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
		return fmt.Errorf("store: ping: %w", err)
	}
	return nil
}

// rebind turns ? placeholders into the dialect's ($1, $2, … for
// PostgreSQL). It does not look inside string literals: queries here never
// put a ? in one.
func rebind(d dialect, q string) string {
	if d != dialectPostgres || !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// runner is what *sql.DB and *sql.Tx share.
type runner interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// conn runs queries with rebound placeholders.
type conn struct {
	r runner
	d dialect
}

func (c conn) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return c.r.ExecContext(ctx, rebind(c.d, q), args...)
}

func (c conn) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return c.r.QueryContext(ctx, rebind(c.d, q), args...)
}

func (c conn) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	return c.r.QueryRowContext(ctx, rebind(c.d, q), args...)
}

// reader returns a conn on the read pool.
func (s *Store) reader() conn { return conn{r: s.rdb, d: s.dialect} }

// write runs fn in one write transaction, committing if fn returns nil and
// rolling back otherwise (also when fn panics). A unique constraint failure
// is returned wrapped in errConflict. On PostgreSQL the transaction is READ
// COMMITTED: a read-modify-write of a row that may not exist yet takes
// tx.lock first.
func (s *Store) write(ctx context.Context, fn func(tx conn) error) error {
	err := s.writeTx(ctx, fn)
	if err != nil && uniqueViolation(err) && !errors.Is(err, errConflict) {
		return fmt.Errorf("%w: %w", errConflict, err)
	}
	return err
}

func (s *Store) writeTx(ctx context.Context, fn func(tx conn) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	committed := false
	defer func() {
		if !committed {
			_ = tx.Rollback()
		}
	}()
	if err := fn(conn{r: tx, d: s.dialect}); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	committed = true
	return nil
}

// clock returns the store's current time, UTC, at millisecond precision (the
// precision times are stored with).
func (s *Store) clock() time.Time { return s.now().UTC().Truncate(time.Millisecond) }

// ms converts t to unix milliseconds; the zero time is 0.
func ms(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

// fromMS converts unix milliseconds to UTC time; 0 is the zero time.
func fromMS(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return time.UnixMilli(v).UTC()
}

// boolInt stores a bool as 0/1.
func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// notFound reports whether err means "no row".
func notFound(err error) bool { return errors.Is(err, sql.ErrNoRows) }
