package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/exportwatch/exportwatch/doc"
)

// seedCheck writes a subscription and two documents, the first with two
// versions, every event delivered to the subscription.
func seedCheck(t *testing.T, s *Store) (d1, d2 doc.Document) {
	t.Helper()
	mustSub(t, s, "all")
	d1, d2 = frDoc("2025-00636", doc.StagePublicInspection), frDoc("2025-00637", doc.StagePublished)
	mustSave(t, s, d1, entityClass("CN"), matchAll)
	d1.Stage = doc.StagePublished
	mustSave(t, s, d1, entityClass("CN"), matchAll)
	mustSave(t, s, d2, entityClass("CN"), matchAll)
	return d1, d2
}

// rawExec runs SQL with ? placeholders directly on the store's database.
func rawExec(t *testing.T, s *Store, q string, args ...any) {
	t.Helper()
	if _, err := s.db.Exec(rebind(s.dialect, q), args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

func TestCheck(t *testing.T) {
	forEachBackend(t, func(t *testing.T, be backend) {
		for name, tc := range map[string]struct {
			only         string // run on this backend only
			corrupt      func(t *testing.T, s *Store)
			wantProblems []string // substrings, one per problem, in order
			wantPending  int
		}{
			"clean": {corrupt: func(*testing.T, *Store) {}, wantPending: 2},
			"current version missing": {
				corrupt: func(t *testing.T, s *Store) {
					rawExec(t, s, `DELETE FROM versions WHERE document_id = ? AND version = 2`, "fr:2025-00636")
				},
				wantProblems: []string{
					"document fr:2025-00636: its current version is missing from versions",
					"document fr:2025-00636: versions do not run 1..current_version",
				},
				wantPending: 2,
			},
			"classification missing": {
				corrupt: func(t *testing.T, s *Store) {
					rawExec(t, s, `DELETE FROM classifications WHERE document_id = ?`, "fr:2025-00637")
				},
				wantProblems: []string{"document fr:2025-00637: its current version has no classification"},
				wantPending:  2,
			},
			"index ahead of document": {
				corrupt: func(t *testing.T, s *Store) {
					rawExec(t, s, `INSERT INTO index_marks (index_name, document_id, version, rev) VALUES (?, ?, 7, 0)`,
						defaultIndexName, "fr:2025-00637")
				},
				wantProblems: []string{"document fr:2025-00637: index local is marked with a version or classification ahead of the document's"},
				wantPending:  1,
			},
			"constraint not validated": {
				only: "postgres",
				corrupt: func(t *testing.T, s *Store) {
					rawExec(t, s, `ALTER TABLE documents ADD CONSTRAINT documents_positive CHECK (current_version > 0) NOT VALID`)
				},
				wantProblems: []string{"constraint documents.documents_positive is not validated"},
				wantPending:  2,
			},
			"delivery of a deleted event": {
				corrupt: func(t *testing.T, s *Store) {
					// Bypass the foreign keys as a broken restore or a
					// manual edit would.
					if s.dialect == dialectPostgres {
						rawExec(t, s, `ALTER TABLE deliveries DROP CONSTRAINT deliveries_event_id_fkey`)
					} else {
						rawExec(t, s, `PRAGMA foreign_keys = OFF`)
						defer rawExec(t, s, `PRAGMA foreign_keys = ON`)
					}
					rawExec(t, s, `DELETE FROM events WHERE id = (SELECT MAX(id) FROM events)`)
				},
				wantProblems: []string{"its event is missing"},
				wantPending:  2,
			},
		} {
			t.Run(name, func(t *testing.T) {
				if tc.only != "" && tc.only != be.name {
					t.Skipf("this kind of damage only exists on %s (unvalidated constraints are a PostgreSQL feature)", tc.only)
				}
				s, _, _ := openTest(t, be)
				seedCheck(t, s)
				tc.corrupt(t, s)
				rep, err := s.Check(context.Background())
				if err != nil {
					t.Fatal(err)
				}
				if s.dialect == dialectSQLite && name == "delivery of a deleted event" {
					// PRAGMA foreign_key_check also reports the orphaned
					// rows, the event's label and country rows too.
					tc.wantProblems = append(tc.wantProblems,
						"foreign_key_check: deliveries row 3 refers to a missing events row",
						"foreign_key_check: event_labels row 3 refers to a missing events row",
						"foreign_key_check: event_countries row 3 refers to a missing events row")
				}
				if rep.OK != (len(tc.wantProblems) == 0) || len(rep.Problems) != len(tc.wantProblems) {
					t.Fatalf("Check = OK %t, problems %q; want %d problems like %q", rep.OK, rep.Problems, len(tc.wantProblems), tc.wantProblems)
				}
				for _, want := range tc.wantProblems {
					if !slices.ContainsFunc(rep.Problems, func(p string) bool { return strings.Contains(p, want) }) {
						t.Errorf("problems %q lack %q", rep.Problems, want)
					}
				}
				want := CheckReport{OK: rep.OK, Problems: rep.Problems, Documents: 2, Versions: 3, PendingIndex: tc.wantPending,
					IndexName: defaultIndexName}
				if name == "current version missing" {
					want.Versions = 2
				}
				if diff := cmp.Diff(want, rep); diff != "" {
					t.Errorf("report (-want +got):\n%s", diff)
				}
			})
		}
	})
}

func TestBackup(t *testing.T) {
	ctx := context.Background()
	s, _, _ := openTest(t, sqliteBackend)
	d1, _ := seedCheck(t, s)
	before, err := s.Document(ctx, d1.ID)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "backups", "exportwatch-1.db")
	if err := s.Backup(ctx, out); err != nil {
		t.Fatal(err)
	}
	// Writes after the backup are not in it; the store stays usable.
	mustSave(t, s, pressDoc(1), doc.Classification{}, nil)
	snapshot, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Backup(ctx, out); err == nil || !strings.Contains(err.Error(), "exists") {
		t.Errorf("Backup over an existing file = %v, want a refusal", err)
	}
	if again, _ := os.ReadFile(out); !bytes.Equal(snapshot, again) {
		t.Errorf("refused Backup changed the existing file")
	}

	b, _ := openAt(t, out)
	after, err := b.Document(ctx, d1.ID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(before, after); diff != "" {
		t.Errorf("document in backup (-want +got):\n%s", diff)
	}
	if n, _ := b.CountDocuments(ctx); n != 2 {
		t.Errorf("backup holds %d documents, want 2 (not the one written after)", n)
	}
	if rep, err := b.Check(ctx); err != nil || !rep.OK {
		t.Errorf("Check of backup = %+v, %v", rep, err)
	}
}

func TestBackupPostgresUnsupported(t *testing.T) {
	s, _, _ := openTest(t, postgresBackend)
	err := s.Backup(context.Background(), filepath.Join(t.TempDir(), "x.db"))
	if !errors.Is(err, errors.ErrUnsupported) || !strings.Contains(err.Error(), "pg_dump") {
		t.Errorf("Backup on PostgreSQL = %v, want ErrUnsupported naming pg_dump", err)
	}
}

func TestRestore(t *testing.T) {
	ctx := context.Background()
	src, _, _ := openTest(t, sqliteBackend)
	d1, _ := seedCheck(t, src)
	want, err := src.Document(ctx, d1.ID)
	if err != nil {
		t.Fatal(err)
	}
	backup := filepath.Join(t.TempDir(), "backup.db")
	if err := src.Backup(ctx, backup); err != nil {
		t.Fatal(err)
	}
	// restored opens dbPath and checks it holds the backup's documents.
	restored := func(t *testing.T, dbPath string) {
		t.Helper()
		s, _ := openAt(t, dbPath)
		got, err := s.Document(ctx, d1.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("restored document (-want +got):\n%s", diff)
		}
		if n, _ := s.CountDocuments(ctx); n != 2 {
			t.Errorf("restored database has %d documents, want 2", n)
		}
		s.Close()
	}

	t.Run("into a new data dir", func(t *testing.T) {
		dbPath := filepath.Join(t.TempDir(), "data", "exportwatch.db")
		if err := Restore(ctx, backup, dbPath); err != nil {
			t.Fatal(err)
		}
		restored(t, dbPath)
	})

	t.Run("over an existing database moves it aside", func(t *testing.T) {
		dir := t.TempDir()
		dbPath := filepath.Join(dir, "exportwatch.db")
		old, _ := openAt(t, dbPath)
		mustSave(t, old, pressDoc(7), doc.Classification{}, nil)
		old.Close()
		if err := Restore(ctx, backup, dbPath); err != nil {
			t.Fatal(err)
		}
		restored(t, dbPath)
		aside, _ := filepath.Glob(dbPath + ".bak-*")
		var main []string
		for _, a := range aside {
			if !strings.HasSuffix(a, "-wal") && !strings.HasSuffix(a, "-shm") {
				main = append(main, a)
			}
		}
		if len(main) != 1 {
			t.Fatalf("files moved aside: %v, want one database", aside)
		}
		prev, _ := openAt(t, main[0])
		if _, err := prev.Document(ctx, pressDoc(7).ID); err != nil {
			t.Errorf("moved-aside database lost its document: %v", err)
		}
	})

	notExportwatch := filepath.Join(t.TempDir(), "other.db")
	func() {
		db, err := sql.Open("sqlite", "file:"+notExportwatch)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if _, err := db.Exec(`CREATE TABLE notes (x TEXT)`); err != nil {
			t.Fatal(err)
		}
	}()
	garbage := filepath.Join(t.TempDir(), "garbage.db")
	if err := os.WriteFile(garbage, bytes.Repeat([]byte("not a database "), 512), 0o600); err != nil {
		t.Fatal(err)
	}
	newer := filepath.Join(t.TempDir(), "newer.db")
	if err := src.Backup(ctx, newer); err != nil {
		t.Fatal(err)
	}
	func() {
		db, err := sql.Open("sqlite", "file:"+newer)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if _, err := db.Exec(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'future.sql', 0)`); err != nil {
			t.Fatal(err)
		}
	}()
	for name, tc := range map[string]struct {
		backup  string
		wantErr error // nil: any error
	}{
		"missing backup":             {backup: filepath.Join(t.TempDir(), "nope.db")},
		"not a database":             {backup: garbage},
		"not an exportwatch db":      {backup: notExportwatch},
		"backup from a newer schema": {backup: newer, wantErr: errSchemaTooNew},
	} {
		t.Run("refuses "+name, func(t *testing.T) {
			dbPath := filepath.Join(t.TempDir(), "exportwatch.db")
			if err := os.WriteFile(dbPath, []byte("the live database"), 0o600); err != nil {
				t.Fatal(err)
			}
			err := Restore(ctx, tc.backup, dbPath)
			if err == nil || (tc.wantErr != nil && !errors.Is(err, tc.wantErr)) {
				t.Fatalf("Restore = %v, want an error (%v)", err, tc.wantErr)
			}
			if b, _ := os.ReadFile(dbPath); string(b) != "the live database" {
				t.Errorf("refused Restore changed the database file")
			}
			if entries, _ := os.ReadDir(filepath.Dir(dbPath)); len(entries) != 1 {
				t.Errorf("refused Restore left files: %v", entries)
			}
		})
	}
}
