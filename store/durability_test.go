package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/exportwatch/exportwatch/doc"
)

func TestReopenKeepsEverything(t *testing.T) {
	forEachBackend(t, func(t *testing.T, be backend) {
		ctx := context.Background()
		path := be.newDSN(t)
		s, err := OpenDSN(ctx, path, nil)
		if err != nil {
			t.Fatal(err)
		}
		sub, err := s.CreateSubscription(ctx, doc.Subscription{Name: "hook", Channel: doc.ChannelWebhook,
			URL: "https://example.org/hook", Secret: "k3y"})
		if err != nil {
			t.Fatal(err)
		}
		res, err := s.SaveVersion(ctx, frDoc("2025-00636", doc.StagePublished), entityClass("CN"), matchAll)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.SaveCursor(ctx, "federal-register", "c1"); err != nil {
			t.Fatal(err)
		}
		if err := s.SaveValidators(ctx, []doc.Validator{{URL: "https://x/a", ETag: `"1"`}}); err != nil {
			t.Fatal(err)
		}
		before, err := s.Document(ctx, "fr:2025-00636")
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}

		s, err = OpenDSN(ctx, path, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		after, err := s.Document(ctx, "fr:2025-00636")
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(before, after); diff != "" {
			t.Errorf("document after reopen (-before +after):\n%s", diff)
		}
		gotSub, err := s.Subscription(ctx, sub.ID)
		if err != nil || gotSub.Secret.Reveal() != "k3y" {
			t.Errorf("subscription after reopen: %+v, %v", gotSub, err)
		}
		if ev, err := s.Event(ctx, res.Events[0].ID); err != nil || !cmp.Equal(res.Events[0], ev) {
			t.Errorf("event after reopen: %+v, %v", ev, err)
		}
		if ds, err := s.Deliveries(ctx, DeliveryQuery{}); err != nil || len(ds) != 1 {
			t.Errorf("deliveries after reopen: %+v, %v", ds, err)
		}
		if cs, err := s.CrawlState(ctx, "federal-register"); err != nil || cs.Cursor != "c1" {
			t.Errorf("crawl state after reopen: %+v, %v", cs, err)
		}
		if v, err := s.Validator(ctx, "https://x/a"); err != nil || v.ETag != `"1"` {
			t.Errorf("validator after reopen: %+v, %v", v, err)
		}
		if again, err := s.SaveVersion(ctx, frDoc("2025-00636", doc.StagePublished), entityClass("CN"), matchAll); err != nil || again.Changed {
			t.Errorf("re-save after reopen: %+v, %v; want unchanged", again, err)
		}
	})
}

func TestMigrations(t *testing.T) {
	forEachBackend(t, func(t *testing.T, be backend) {
		ctx := context.Background()
		path := be.newDSN(t)
		s, err := OpenDSN(ctx, path, nil)
		if err != nil {
			t.Fatal(err)
		}
		versions := func() []int {
			var out []int
			rows, err := s.rdb.Query(`SELECT version FROM schema_migrations ORDER BY version`)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			for rows.Next() {
				var v int
				rows.Scan(&v)
				out = append(out, v)
			}
			return out
		}
		all, err := migrations(s.dialect)
		if err != nil {
			t.Fatal(err)
		}
		var want []int
		for _, m := range all {
			want = append(want, m.version)
		}
		if diff := cmp.Diff(want, versions()); diff != "" {
			t.Errorf("applied migrations (-want +got):\n%s", diff)
		}
		s.Close()

		// A second open is a no-op.
		s, err = OpenDSN(ctx, path, nil)
		if err != nil {
			t.Fatalf("second Open: %v", err)
		}
		if diff := cmp.Diff(want, versions()); diff != "" {
			t.Errorf("after second open (-want +got):\n%s", diff)
		}
		// A newer schema is refused.
		if _, err := s.db.Exec(rebind(s.dialect, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, 'future.sql', 0)`), len(all)+1); err != nil {
			t.Fatal(err)
		}
		s.Close()
		if s, err := OpenDSN(ctx, path, nil); !errors.Is(err, errSchemaTooNew) {
			if err == nil {
				s.Close()
			}
			t.Errorf("Open of a newer schema = %v, want errSchemaTooNew", err)
		}
	})
}

func TestConcurrentOpenOfNewFile(t *testing.T) {
	forEachBackend(t, func(t *testing.T, be backend) {
		path := be.newDSN(t)
		var wg sync.WaitGroup
		errs := make([]error, 4)
		for i := range errs {
			wg.Go(func() {
				s, err := OpenDSN(context.Background(), path, nil)
				if err == nil {
					err = s.Close()
				}
				errs[i] = err
			})
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Errorf("Open %d: %v", i, err)
			}
		}
	})
}

// TestConcurrentWriters saves from 8 goroutines over two Store handles at
// once: no SQLITE_BUSY, every version lands exactly once.
func TestConcurrentWriters(t *testing.T) {
	forEachBackend(t, func(t *testing.T, be backend) {
		ctx := context.Background()
		s1, _, path := openTest(t, be)
		s2, _ := openAt(t, path)
		mustSub(t, s1, "all")
		const workers, perWorker = 8, 50
		var wg sync.WaitGroup
		errs := make(chan error, workers*perWorker)
		for w := range workers {
			st := s1
			if w%2 == 1 {
				st = s2
			}
			wg.Go(func() {
				for i := range perWorker {
					d := pressDoc(w*perWorker + i)
					if _, err := st.SaveVersion(ctx, d, doc.Classification{}, matchAll); err != nil {
						errs <- err
					}
					// Every 10th document also gets a second version.
					if i%10 == 0 {
						d.Body += " Updated."
						if _, err := st.SaveVersion(ctx, d, doc.Classification{}, matchAll); err != nil {
							errs <- err
						}
					}
					if i%5 == 0 {
						if _, err := st.RecordRun(ctx, "china-table", t0, 1, nil); err != nil {
							errs <- err
						}
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		n := workers * perWorker
		updated := workers * (perWorker / 10)
		want := map[string]int{"documents": n, "versions": n + updated, "classifications": n + updated,
			"events": n + updated, "event_labels": 0, "event_countries": 0, "deliveries": n + updated}
		if diff := cmp.Diff(want, counts(t, s1)); diff != "" {
			t.Errorf("row counts (-want +got):\n%s", diff)
		}
		if cs, _ := s2.CrawlState(ctx, "china-table"); cs.DocumentsSeen != int64(workers*perWorker/5) {
			t.Errorf("documents_seen = %d, want %d", cs.DocumentsSeen, workers*perWorker/5)
		}
	})
}

func TestRebind(t *testing.T) {
	for _, tc := range []struct {
		d       dialect
		in, out string
	}{
		{dialectSQLite, `SELECT a FROM t WHERE b = ? AND c = ?`, `SELECT a FROM t WHERE b = ? AND c = ?`},
		{dialectPostgres, `SELECT a FROM t WHERE b = ? AND c = ?`, `SELECT a FROM t WHERE b = $1 AND c = $2`},
		{dialectPostgres, `SELECT 1`, `SELECT 1`},
	} {
		if got := rebind(tc.d, tc.in); got != tc.out {
			t.Errorf("rebind(%d, %q) = %q, want %q", tc.d, tc.in, got, tc.out)
		}
	}
}

func TestContextCancelled(t *testing.T) {
	forEachBackend(t, func(t *testing.T, be backend) {
		s, _, _ := openTest(t, be)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, err := s.SaveVersion(ctx, frDoc("2025-00636", doc.StagePublished), doc.Classification{}, nil); !errors.Is(err, context.Canceled) {
			t.Errorf("SaveVersion with cancelled ctx = %v, want context.Canceled", err)
		}
		if err := s.Ping(context.Background()); err != nil {
			t.Errorf("Ping after cancelled call: %v", err)
		}
	})
}

// BenchmarkSaveVersion measures new documents committed per second, each
// with its classification, event and one delivery.
func BenchmarkSaveVersion(b *testing.B) {
	ctx := context.Background()
	s, _, _ := openTest(b, sqliteBackend)
	mustSub(b, s, "all")
	c := entityClass("CN")
	body := ""
	for i := range 200 {
		body += fmt.Sprintf("Line %d of a Federal Register rule about advanced computing items.\n", i)
	}
	n := 0
	start := time.Now()
	for b.Loop() {
		i := n
		n++
		d := frDoc(fmt.Sprintf("2025-%06d", i), doc.StagePublished)
		d.Body = body
		if _, err := s.SaveVersion(ctx, d, c, matchAll); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n)/time.Since(start).Seconds(), "docs/s")
}

func TestMigrationsMatchAcrossDialects(t *testing.T) {
	names := func(d dialect) []string {
		ms, err := migrations(d)
		if err != nil {
			t.Fatalf("%s migrations: %v", d, err)
		}
		var out []string
		for _, m := range ms {
			out = append(out, m.name)
		}
		return out
	}
	if diff := cmp.Diff(names(dialectSQLite), names(dialectPostgres)); diff != "" {
		t.Errorf("migrations differ between dialects (-sqlite +postgres):\n%s", diff)
	}
}

func TestOpenDSNErrorsHideThePassword(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for _, dsn := range []string{
		"postgres://exportwatch:supersecret@127.0.0.1:1/exportwatch?sslmode=disable&connect_timeout=5", // refused
		"postgresql://exportwatch:supersecret@127.0.0.1:notaport/exportwatch",                          // unparsable
	} {
		s, err := OpenDSN(ctx, dsn, nil)
		if err == nil {
			s.Close()
			t.Errorf("OpenDSN(%s) succeeded", dsn)
			continue
		}
		if strings.Contains(err.Error(), "supersecret") {
			t.Errorf("OpenDSN error shows the password: %v", err)
		}
	}
}
