package store

import (
	"context"
	"fmt"
)

// CheckReport is the result of Check. OK is true when Problems is empty.
type CheckReport struct {
	OK           bool     `json:"ok"`
	Problems     []string `json:"problems,omitempty"`
	Documents    int      `json:"documents"`
	Versions     int      `json:"versions"`
	PendingIndex int      `json:"pending_index"` // documents whose current version the index has not seen
	IndexName    string   `json:"index_name"`    // the index PendingIndex is about (the handle's IndexName)
}

// maxProblemsPerCheck bounds the problems one check lists; the rest are
// counted in one line.
const maxProblemsPerCheck = 20

// Check verifies the database without changing it. On SQLite it runs PRAGMA
// integrity_check and foreign_key_check; on PostgreSQL (which enforces
// foreign keys itself) it looks for invalid indexes and unvalidated
// constraints. On both it checks the store's own invariants: every
// document's current version exists and is classified, its versions run
// 1..current without gaps, the marks of this handle's index (IndexName)
// are never ahead of the document's current version and classification
// revision, and events and deliveries point at existing documents, events
// and subscriptions. PendingIndex counts the documents pending for this
// handle's index. An error means a check could not run; problems found are
// in the report.
func (s *Store) Check(ctx context.Context) (CheckReport, error) {
	rep := CheckReport{IndexName: s.index}
	err := s.read(ctx, func(tx conn) error {
		var checks []func() ([]string, error)
		if s.dialect == dialectPostgres {
			checks = append(checks, func() ([]string, error) { return postgresCatalogCheck(ctx, tx) })
		} else {
			checks = append(checks,
				func() ([]string, error) { return integrityCheck(ctx, tx) },
				func() ([]string, error) { return foreignKeyCheck(ctx, tx) })
		}
		for _, c := range consistencyChecks {
			checks = append(checks, func() ([]string, error) { return listProblems(ctx, tx, c.query, c.format) })
		}
		checks = append(checks, func() ([]string, error) {
			return listProblems(ctx, tx, `SELECT m.document_id FROM index_marks m
				JOIN documents d ON d.id = m.document_id
				WHERE m.index_name = ? AND (m.version > d.current_version OR m.rev > d.classification_rev)
				ORDER BY m.document_id`,
				"document %s: index "+s.index+" is marked with a version or classification ahead of the document's", s.index)
		})
		for _, check := range checks {
			problems, err := check()
			if err != nil {
				return err
			}
			rep.Problems = append(rep.Problems, problems...)
		}
		for _, c := range []struct {
			dst  *int
			q    string
			args []any
		}{
			{&rep.Documents, `SELECT COUNT(*) FROM documents`, nil},
			{&rep.Versions, `SELECT COUNT(*) FROM versions`, nil},
			{&rep.PendingIndex, `SELECT COUNT(*) FROM documents d
				LEFT JOIN index_marks m ON m.index_name = ? AND m.document_id = d.id
				WHERE ` + pendingWhere, []any{s.index}},
		} {
			if err := tx.queryRow(ctx, c.q, c.args...).Scan(c.dst); err != nil {
				return fmt.Errorf("count: %w", err)
			}
		}
		return nil
	})
	if err != nil {
		return CheckReport{}, fmt.Errorf("store: check: %w", err)
	}
	rep.OK = len(rep.Problems) == 0
	if rep.OK {
		s.log.InfoContext(ctx, "store check passed", "documents", rep.Documents, "versions", rep.Versions)
	} else {
		s.log.WarnContext(ctx, "store check found problems", "problems", len(rep.Problems))
	}
	return rep, nil
}

// consistencyChecks are the store's invariants as queries returning one
// offending key per row (as text), and how to describe it.
var consistencyChecks = []struct {
	query  string
	format string
}{
	{`SELECT d.id FROM documents d
		LEFT JOIN versions v ON v.document_id = d.id AND v.version = d.current_version
		WHERE v.document_id IS NULL ORDER BY d.id`,
		"document %s: its current version is missing from versions"},
	{`SELECT d.id FROM documents d
		JOIN versions v ON v.document_id = d.id AND v.version = d.current_version
		LEFT JOIN classifications c ON c.document_id = d.id AND c.version = d.current_version
		WHERE c.document_id IS NULL ORDER BY d.id`,
		"document %s: its current version has no classification"},
	{`SELECT d.id FROM documents d
		JOIN (SELECT document_id, COUNT(*) AS n, MAX(version) AS top FROM versions GROUP BY document_id) v
			ON v.document_id = d.id
		WHERE v.n <> d.current_version OR v.top <> d.current_version ORDER BY d.id`,
		"document %s: versions do not run 1..current_version"},
	{`SELECT v.document_id || '@' || CAST(v.version AS TEXT) FROM versions v
		LEFT JOIN documents d ON d.id = v.document_id WHERE d.id IS NULL ORDER BY 1`,
		"version %s: its document is missing"},
	{`SELECT CAST(e.id AS TEXT) FROM events e
		LEFT JOIN documents d ON d.id = e.document_id
		WHERE e.document_id IS NOT NULL AND d.id IS NULL ORDER BY e.id`,
		"event %s: its document is missing"},
	{`SELECT CAST(x.id AS TEXT) FROM deliveries x
		LEFT JOIN events e ON e.id = x.event_id WHERE e.id IS NULL ORDER BY x.id`,
		"delivery %s: its event is missing"},
	{`SELECT CAST(x.id AS TEXT) FROM deliveries x
		LEFT JOIN subscriptions s ON s.id = x.subscription_id WHERE s.id IS NULL ORDER BY x.id`,
		"delivery %s: its subscription is missing"},
	{`SELECT CAST(x.id AS TEXT) FROM deliveries x WHERE x.status NOT IN ('pending', 'sent', 'failed') ORDER BY x.id`,
		"delivery %s: unknown status"},
}

// listProblems runs a check query and formats each row with format, up to
// maxProblemsPerCheck rows plus a count of the rest.
func listProblems(ctx context.Context, tx conn, query, format string, args ...any) ([]string, error) {
	rows, err := tx.query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("check %q: %w", format, err)
	}
	defer rows.Close()
	var (
		out   []string
		extra int
	)
	for rows.Next() {
		var key string
		if err := rows.Scan(&key); err != nil {
			return nil, err
		}
		if len(out) < maxProblemsPerCheck {
			out = append(out, fmt.Sprintf(format, key))
		} else {
			extra++
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if extra > 0 {
		out = append(out, fmt.Sprintf("… and %d more like the one above", extra))
	}
	return out, nil
}

// integrityCheck runs SQLite's PRAGMA integrity_check; nil when it says ok.
func integrityCheck(ctx context.Context, tx conn) ([]string, error) {
	rows, err := tx.query(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return nil, fmt.Errorf("integrity_check: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return nil, fmt.Errorf("integrity_check: %w", err)
		}
		if line != "ok" {
			out = append(out, "integrity_check: "+line)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("integrity_check: %w", err)
	}
	return out, nil
}

// foreignKeyCheck runs SQLite's PRAGMA foreign_key_check: rows that point
// at a missing parent row.
func foreignKeyCheck(ctx context.Context, tx conn) ([]string, error) {
	rows, err := tx.query(ctx, `PRAGMA foreign_key_check`)
	if err != nil {
		return nil, fmt.Errorf("foreign_key_check: %w", err)
	}
	defer rows.Close()
	var out []string
	extra := 0
	for rows.Next() {
		var (
			table, parent string
			rowid         *int64
			fkid          int
		)
		if err := rows.Scan(&table, &rowid, &parent, &fkid); err != nil {
			return nil, fmt.Errorf("foreign_key_check: %w", err)
		}
		if len(out) >= maxProblemsPerCheck {
			extra++
			continue
		}
		row := "a row"
		if rowid != nil {
			row = fmt.Sprintf("row %d", *rowid)
		}
		out = append(out, fmt.Sprintf("foreign_key_check: %s %s refers to a missing %s row", table, row, parent))
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("foreign_key_check: %w", err)
	}
	if extra > 0 {
		out = append(out, fmt.Sprintf("foreign_key_check: … and %d more rows", extra))
	}
	return out, nil
}

// postgresCatalogCheck looks in PostgreSQL's catalog for the store's
// indexes that are not valid (a failed CREATE INDEX CONCURRENTLY, say) and
// constraints that are not validated (added NOT VALID), in the schemas on
// the search path.
func postgresCatalogCheck(ctx context.Context, tx conn) ([]string, error) {
	var out []string
	for _, c := range []struct{ query, format string }{
		{`SELECT i.relname FROM pg_index x
			JOIN pg_class i ON i.oid = x.indexrelid
			WHERE i.relnamespace IN (SELECT oid FROM pg_namespace WHERE nspname = ANY (current_schemas(false)))
				AND (NOT x.indisvalid OR NOT x.indisready) ORDER BY 1`,
			"index %s is not valid: rebuild it with REINDEX"},
		{`SELECT conrelid::regclass::text || '.' || conname FROM pg_constraint
			WHERE connamespace IN (SELECT oid FROM pg_namespace WHERE nspname = ANY (current_schemas(false)))
				AND NOT convalidated ORDER BY 1`,
			"constraint %s is not validated"},
	} {
		problems, err := listProblems(ctx, tx, c.query, c.format)
		if err != nil {
			return nil, err
		}
		out = append(out, problems...)
	}
	return out, nil
}
