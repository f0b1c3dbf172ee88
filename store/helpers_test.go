package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/exportwatch/exportwatch/doc"
)

// testClock is a clock the test moves.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

var t0 = time.Date(2025, 1, 15, 9, 30, 0, 0, time.UTC)

// postgresEnv names the environment variable holding the PostgreSQL DSN
// (postgres://…) the store tests run against besides SQLite. Each test gets
// a schema of its own in that database. Under CI (CI=true) it is required.
const postgresEnv = "EXPORTWATCH_TEST_POSTGRES"

// backend is one database flavour the store tests run against.
type backend struct {
	name string
	// newDSN returns the DSN of a fresh, empty database that lives until
	// t ends, for OpenDSN.
	newDSN func(t testing.TB) string
}

var sqliteBackend = backend{name: "sqlite", newDSN: func(t testing.TB) string {
	return filepath.Join(t.TempDir(), "sub", "exportwatch.db")
}}

var postgresBackend = backend{name: "postgres", newDSN: func(t testing.TB) string {
	t.Helper()
	base := os.Getenv(postgresEnv)
	if base == "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not set: CI must run the store tests against PostgreSQL (.ci/run starts one)", postgresEnv)
		}
		t.Skipf("%s is not set: the PostgreSQL half of the store tests needs a server (.ci/run starts one, and CI=true makes this a failure)", postgresEnv)
	}
	return postgresSchemaDSN(t, base)
}}

// forEachBackend runs fn as one subtest per backend: SQLite always,
// PostgreSQL when EXPORTWATCH_TEST_POSTGRES is set (required under CI).
func forEachBackend(t *testing.T, fn func(t *testing.T, be backend)) {
	t.Helper()
	for _, be := range []backend{sqliteBackend, postgresBackend} {
		t.Run(be.name, func(t *testing.T) { fn(t, be) })
	}
}

// postgresSchemaDSN creates a schema with a random name in the database
// base names, drops it (with everything in it) when t ends, and returns base
// with search_path set to it.
func postgresSchemaDSN(t testing.TB, base string) string {
	t.Helper()
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("%s: %v", postgresEnv, err)
	}
	var rnd [6]byte
	if _, err := rand.Read(rnd[:]); err != nil {
		t.Fatal(err)
	}
	schema := "ewtest_" + hex.EncodeToString(rnd[:])
	admin := func(stmt string) {
		t.Helper()
		db, err := sql.Open("pgx", base)
		if err != nil {
			t.Fatalf("postgres: %v", err)
		}
		defer db.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if _, err := db.ExecContext(ctx, stmt); err != nil {
			t.Fatalf("postgres: %s: %v", stmt, err)
		}
	}
	admin(`CREATE SCHEMA ` + schema)
	t.Cleanup(func() { admin(`DROP SCHEMA ` + schema + ` CASCADE`) })
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// openTest opens a store on a fresh database of be with a controlled clock
// and returns it with its DSN (for SQLite, the file path).
func openTest(t testing.TB, be backend) (*Store, *testClock, string) {
	t.Helper()
	dsn := be.newDSN(t)
	s, clk := openAt(t, dsn)
	return s, clk, dsn
}

// openAt opens another handle on the database dsn names (OpenDSN), closed
// when t ends.
func openAt(t testing.TB, dsn string) (*Store, *testClock) {
	t.Helper()
	s, err := OpenDSN(context.Background(), dsn, nil)
	if err != nil {
		t.Fatalf("OpenDSN: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	clk := &testClock{t: t0}
	s.now = clk.now
	return s, clk
}

// counts returns the row count of every data table.
func counts(t testing.TB, s *Store) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, table := range []string{"documents", "versions", "classifications", "events", "event_labels",
		"event_countries", "deliveries"} {
		var n int
		if err := s.rdb.QueryRow("SELECT COUNT(*) FROM " + table).Scan(&n); err != nil {
			t.Fatalf("count %s: %v", table, err)
		}
		out[table] = n
	}
	return out
}

// frDoc is a Federal Register document in stage.
func frDoc(num, stage string) doc.Document {
	return doc.Document{
		ID:             "fr:" + num,
		Source:         "federal-register",
		Kind:           "rule",
		Stage:          stage,
		Title:          "Additions to the Entity List",
		Abstract:       "This rule adds entities to the Entity List.",
		Body:           "SUPPLEMENTARY INFORMATION:\nBackground\nThe ERC determined that the entities below act contrary to US interests.\nINSPUR GROUP, CHINA.\n",
		URL:            "https://www.federalregister.gov/d/" + num,
		Language:       "en",
		Published:      time.Date(2025, 1, 16, 0, 0, 0, 0, time.UTC),
		DocumentNumber: num,
		Agencies:       []string{"industry-and-security-bureau"},
	}
}

func entityClass(countries ...string) doc.Classification {
	return doc.Classification{
		Labels:    []string{doc.LabelEntityAddition},
		Scores:    map[string]float64{doc.LabelEntityAddition: 0.93},
		Countries: countries,
		Mentions:  append([]string{"US"}, countries...),
		Entities:  []doc.Entity{{Action: doc.ActionAdd, Name: "Inspur Group", Country: "CN"}},
		Evidence:  []doc.Evidence{{Label: doc.LabelEntityAddition, Text: "This rule adds 2 entities under China."}},
		Version:   "rules-1",
	}
}

// matchFunc adapts a function to Matcher.
type matchFunc func(ev doc.Event, d doc.Document, c doc.Classification, subs []doc.Subscription) []int64

func (f matchFunc) Match(ev doc.Event, d doc.Document, c doc.Classification, subs []doc.Subscription) []int64 {
	return f(ev, d, c, subs)
}

// matchAll matches every subscription.
var matchAll = matchFunc(func(_ doc.Event, _ doc.Document, _ doc.Classification, subs []doc.Subscription) []int64 {
	ids := make([]int64, 0, len(subs))
	for _, s := range subs {
		ids = append(ids, s.ID)
	}
	return ids
})

func mustSub(t testing.TB, s *Store, name string) doc.Subscription {
	t.Helper()
	sub, err := s.CreateSubscription(context.Background(), doc.Subscription{Name: name, Channel: doc.ChannelFeed})
	if err != nil {
		t.Fatalf("CreateSubscription: %v", err)
	}
	return sub
}

func mustSave(t testing.TB, s *Store, d doc.Document, c doc.Classification, m Matcher) SaveResult {
	t.Helper()
	res, err := s.SaveVersion(context.Background(), d, c, m)
	if err != nil {
		t.Fatalf("SaveVersion(%s): %v", d.ID, err)
	}
	return res
}

func pressDoc(i int) doc.Document {
	return doc.Document{
		ID:        fmt.Sprintf("china-table:%040d", i),
		Source:    "china-table",
		Kind:      "press",
		Title:     fmt.Sprintf("Press article %d", i),
		Body:      "Beijing reacts to the new export rules.",
		URL:       fmt.Sprintf("https://table.media/china/%d", i),
		Language:  "de",
		Published: t0.Add(time.Duration(i) * time.Hour),
	}
}
