package store

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/exportwatch/exportwatch/doc"
)

func TestValidIndexName(t *testing.T) {
	for name, ok := range map[string]bool{
		"local":                 true,
		"replica-a":             true,
		"web-1.example.org":     true,
		"a_b":                   true,
		"0":                     true,
		strings.Repeat("x", 64): true,
		"":                      false,
		strings.Repeat("x", 65): false,
		"Replica":               false,
		"a b":                   false,
		"a/b":                   false,
		"ä":                     false,
		"a%s":                   false,
	} {
		if err := ValidIndexName(name); (err == nil) != ok {
			t.Errorf("ValidIndexName(%q) = %v, want ok=%t", name, err, ok)
		}
	}
	s, _, _ := openTest(t, sqliteBackend)
	if got := s.IndexName(); got != defaultIndexName {
		t.Errorf("IndexName of Open = %q, want %q", got, defaultIndexName)
	}
	if got := s.ForIndex("web-2").IndexName(); got != "web-2" {
		t.Errorf("IndexName of ForIndex(web-2) = %q", got)
	}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("ForIndex(\"Bad Name\") did not panic")
			}
		}()
		s.ForIndex("Bad Name")
	}()
}

// pendingOf returns the pending items of s as "id@version/rev".
func pendingOf(t *testing.T, s *Store) []string {
	t.Helper()
	items, err := s.PendingIndex(context.Background(), 0)
	if err != nil {
		t.Fatalf("PendingIndex(%s): %v", s.IndexName(), err)
	}
	out := []string{}
	for _, it := range items {
		out = append(out, fmt.Sprintf("%s@%d/%d", it.Document.ID, it.Version, it.Rev))
	}
	return out
}

func markAll(t *testing.T, s *Store) {
	t.Helper()
	ctx := context.Background()
	items, err := s.PendingIndex(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.MarkIndexed(ctx, items); err != nil {
		t.Fatal(err)
	}
}

func TestIndexMarksPerIndex(t *testing.T) {
	forEachBackend(t, func(t *testing.T, be backend) {
		ctx := context.Background()
		s, _, _ := openTest(t, be)
		a, b := s.ForIndex("replica-a"), s.ForIndex("replica-b")
		defer a.Close()
		defer b.Close()
		id := func(i int) string { return pressDoc(i).ID }
		for i := range 3 {
			mustSave(t, s, pressDoc(i), doc.Classification{}, nil)
		}
		all := []string{id(0) + "@1/0", id(1) + "@1/0", id(2) + "@1/0"}
		for _, h := range []*Store{s, a, b} {
			if diff := cmp.Diff(all, pendingOf(t, h)); diff != "" {
				t.Errorf("%s: pending at start (-want +got):\n%s", h.IndexName(), diff)
			}
		}

		// Marking for one index leaves the others pending.
		markAll(t, a)
		want := map[*Store][]string{s: all, a: {}, b: all}
		for h, w := range want {
			if diff := cmp.Diff(w, pendingOf(t, h)); diff != "" {
				t.Errorf("%s: after marking replica-a (-want +got):\n%s", h.IndexName(), diff)
			}
		}
		markAll(t, b)
		for h, n := range map[*Store]int{s: 3, a: 0, b: 0} {
			rep, err := h.Check(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if !rep.OK || rep.PendingIndex != n || rep.IndexName != h.IndexName() {
				t.Errorf("%s: Check = %+v, want OK with %d pending", h.IndexName(), rep, n)
			}
		}

		// Reclassify and a new version make a document pending for every
		// index.
		if err := s.Reclassify(ctx, id(1), entityClass("CN")); err != nil {
			t.Fatal(err)
		}
		d := pressDoc(2)
		d.Body = "Changed."
		mustSave(t, s, d, doc.Classification{}, nil)
		want = map[*Store][]string{s: {id(0) + "@1/0", id(1) + "@1/1", id(2) + "@2/0"}, a: {id(1) + "@1/1", id(2) + "@2/0"}, b: {id(1) + "@1/1", id(2) + "@2/0"}}
		for h, w := range want {
			if diff := cmp.Diff(w, pendingOf(t, h)); diff != "" {
				t.Errorf("%s: after Reclassify and a new version (-want +got):\n%s", h.IndexName(), diff)
			}
		}
		items, _ := a.PendingIndex(ctx, 0)
		if diff := cmp.Diff(entityClass("CN"), items[0].Classification); diff != "" {
			t.Errorf("pending item carries the old classification (-want +got):\n%s", diff)
		}
		markAll(t, a)
		markAll(t, b)

		// ResetIndexed of one index leaves the other's marks.
		if err := a.ResetIndexed(ctx); err != nil {
			t.Fatal(err)
		}
		want = map[*Store][]string{a: {id(0) + "@1/0", id(1) + "@1/1", id(2) + "@2/0"}, b: {}}
		for h, w := range want {
			if diff := cmp.Diff(w, pendingOf(t, h)); diff != "" {
				t.Errorf("%s: after ResetIndexed of replica-a (-want +got):\n%s", h.IndexName(), diff)
			}
		}

		// Marks ahead of the document, and marks of unknown documents, are
		// not recorded.
		bogus := []IndexItem{
			{Document: pressDoc(0), Version: 9},
			{Document: pressDoc(0), Version: 1, Rev: 4},
			{Document: pressDoc(99), Version: 1},
		}
		if err := a.MarkIndexed(ctx, bogus); err != nil {
			t.Fatalf("MarkIndexed(bogus): %v", err)
		}
		if got := pendingOf(t, a); len(got) != 3 {
			t.Errorf("after bogus marks: pending %v, want all 3", got)
		}
		if rep, err := a.Check(ctx); err != nil || !rep.OK {
			t.Errorf("Check after bogus marks = %+v, %v", rep, err)
		}
	})
}

// TestMarkIndexedStaleBatch: a batch read before a Reclassify or a new
// version of one of its documents, and marked after, leaves that document
// pending with what changed.
func TestMarkIndexedStaleBatch(t *testing.T) {
	forEachBackend(t, func(t *testing.T, be backend) {
		ctx := context.Background()
		s, _, _ := openTest(t, be)
		a := s.ForIndex("replica-a")
		defer a.Close()
		d0, d1 := pressDoc(0), pressDoc(1)
		mustSave(t, s, d0, doc.Classification{}, nil)
		mustSave(t, s, d1, doc.Classification{}, nil)
		for _, h := range []*Store{s, a} {
			stale, err := h.PendingIndex(ctx, 0)
			if err != nil {
				t.Fatal(err)
			}
			// While the batch is being indexed: d0 is reclassified, d1
			// gets a new version.
			c := entityClass("CN")
			c.Version = "rules-" + h.IndexName()
			if err := s.Reclassify(ctx, d0.ID, c); err != nil {
				t.Fatal(err)
			}
			d1.Body += " More."
			mustSave(t, s, d1, doc.Classification{}, nil)
			if err := h.MarkIndexed(ctx, stale); err != nil {
				t.Fatal(err)
			}
			items, err := h.PendingIndex(ctx, 0)
			if err != nil {
				t.Fatal(err)
			}
			if len(items) != 2 {
				t.Fatalf("%s: pending after a stale batch: %d items, want 2", h.IndexName(), len(items))
			}
			if diff := cmp.Diff(c, items[0].Classification); diff != "" {
				t.Errorf("%s: reclassified document (-want +got):\n%s", h.IndexName(), diff)
			}
			if items[1].Document.Body != d1.Body {
				t.Errorf("%s: pending %s has body %q, want the new version's", h.IndexName(), d1.ID, items[1].Document.Body)
			}
			if err := h.MarkIndexed(ctx, items); err != nil {
				t.Fatal(err)
			}
			// A late mark of the stale batch does not move the marks back.
			if err := h.MarkIndexed(ctx, stale); err != nil {
				t.Fatal(err)
			}
			if got := pendingOf(t, h); len(got) != 0 {
				t.Errorf("%s: pending after marking the fresh batch: %v", h.IndexName(), got)
			}
		}
	})
}

func TestForIndexClose(t *testing.T) {
	forEachBackend(t, func(t *testing.T, be backend) {
		ctx := context.Background()
		s, err := OpenDSN(ctx, be.newDSN(t), nil)
		if err != nil {
			t.Fatal(err)
		}
		h := s.ForIndex("replica-a")
		if err := h.Close(); err != nil {
			t.Fatalf("Close of a derived handle: %v", err)
		}
		if err := h.Close(); err != nil {
			t.Errorf("second Close of a derived handle: %v", err)
		}
		if err := s.Ping(ctx); err != nil {
			t.Fatalf("Ping of the parent after the derived handle closed: %v", err)
		}
		// The parent may close first: the derived handle keeps the pools.
		h2 := s.ForIndex("replica-b")
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		if err := s.Close(); err != nil {
			t.Errorf("second Close of the parent: %v", err)
		}
		if err := h2.Ping(ctx); err != nil {
			t.Fatalf("Ping of the derived handle after the parent closed: %v", err)
		}
		if _, err := h2.PendingIndex(ctx, 0); err != nil {
			t.Fatalf("PendingIndex after the parent closed: %v", err)
		}
		if err := h2.Close(); err != nil {
			t.Fatal(err)
		}
		if err := h2.Ping(ctx); err == nil {
			t.Error("Ping after every handle closed succeeded; the pools are still open")
		}
	})
}

// openSchema opens the database dsn names migrated only up to schema
// version v, without the read pool (db serves reads too).
func openSchema(t *testing.T, be backend, where string, v int) *Store {
	t.Helper()
	ctx := context.Background()
	var (
		db  *sql.DB
		err error
		d   = dialectSQLite
	)
	if be.name == "postgres" {
		d = dialectPostgres
		db, err = sql.Open("pgx", where)
	} else {
		if err := os.MkdirAll(filepath.Dir(where), 0o750); err != nil {
			t.Fatal(err)
		}
		db, err = sql.Open("sqlite", dsn(where, false))
		db.SetMaxOpenConns(1)
	}
	if err != nil {
		t.Fatal(err)
	}
	s := &Store{db: db, rdb: db, log: slog.New(slog.DiscardHandler), dialect: d, now: (&testClock{t: t0}).now,
		index: defaultIndexName, pools: &pools{refs: 1}}
	if err := s.migrateTo(ctx, v); err != nil {
		db.Close()
		t.Fatalf("migrate to %d: %v", v, err)
	}
	return s
}

func TestMigrationFrom0001KeepsIndexMarks(t *testing.T) {
	forEachBackend(t, func(t *testing.T, be backend) {
		ctx := context.Background()
		dsn := be.newDSN(t)
		old := openSchema(t, be, dsn, 1)
		// Schema 1: documents.indexed_version. d0 indexed at its current
		// version, d1 never indexed, d2 indexed at version 1 of 2, d3
		// reclassified after indexing (indexed_version reset to 0).
		for i := range 4 {
			mustSave(t, old, pressDoc(i), doc.Classification{}, nil)
		}
		d2 := pressDoc(2)
		d2.Body = "Changed."
		mustSave(t, old, d2, doc.Classification{}, nil)
		for id, v := range map[string]int{pressDoc(0).ID: 1, pressDoc(2).ID: 1} {
			rawExec(t, old, `UPDATE documents SET indexed_version = ? WHERE id = ?`, v, id)
		}
		if err := old.Close(); err != nil {
			t.Fatal(err)
		}

		s, _ := openAt(t, dsn)
		var version int
		latest, err := migrations(s.dialect)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.rdb.QueryRow(`SELECT MAX(version) FROM schema_migrations`).Scan(&version); err != nil || version != len(latest) {
			t.Fatalf("schema version after open = %d, %v; want the latest, %d", version, err, len(latest))
		}
		if diff := cmp.Diff([]string{pressDoc(1).ID + "@1/0", pressDoc(2).ID + "@2/0", pressDoc(3).ID + "@1/0"}, pendingOf(t, s)); diff != "" {
			t.Errorf("local pending after the upgrade (-want +got):\n%s", diff)
		}
		other := s.ForIndex("replica-b")
		defer other.Close()
		if got := pendingOf(t, other); len(got) != 4 {
			t.Errorf("a new index's pending after the upgrade = %v, want all 4", got)
		}
		if _, err := s.rdb.Exec(`SELECT indexed_version FROM documents`); err == nil {
			t.Error("documents.indexed_version still exists after the upgrade")
		}
		rep, err := s.Check(ctx)
		if err != nil || !rep.OK || rep.PendingIndex != 3 || rep.Documents != 4 {
			t.Errorf("Check after the upgrade = %+v, %v", rep, err)
		}
		// The upgraded database works as a new one.
		markAll(t, s)
		if err := s.Reclassify(ctx, pressDoc(0).ID, entityClass("CN")); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{pressDoc(0).ID + "@1/1"}, pendingOf(t, s)); diff != "" {
			t.Errorf("local pending after Reclassify (-want +got):\n%s", diff)
		}
	})
}
