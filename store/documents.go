package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/exportwatch/exportwatch/calendar"
	"github.com/exportwatch/exportwatch/doc"
)

// Matcher decides which subscriptions an event goes to; notify implements it.
// It is called inside the transaction that writes the event, with the
// active subscriptions, and returns their IDs. Duplicates are ignored; an ID
// that is not among subs fails the whole transaction.
type Matcher interface {
	Match(ev doc.Event, d doc.Document, c doc.Classification, subs []doc.Subscription) []int64
}

// SaveResult says what SaveVersion wrote.
type SaveResult struct {
	DocumentID string
	Version    int         // the version now current
	New        bool        // first version of this document
	Changed    bool        // a new version was written (New or content changed)
	Events     []doc.Event // events written (with IDs)
	Deliveries int         // delivery rows written
}

// SaveVersion writes, in ONE transaction: the document row (upsert), a new
// version only if d.ContentHash() differs from the current version (with a
// unified diff of the readable text against the previous version), its
// classification, its event (new | updated | published — "published" when
// the stage goes public_inspection -> published), and one delivery row per
// subscription the matcher returns (unique per subscription and event);
// its dates, a date_changed event when they moved, the document's
// reminders rescheduled or cancelled, and the moves it makes to other
// documents' dates (applyMoves).
// Unchanged content writes nothing (Changed=false). A public_inspection
// document arriving for a document already published writes nothing: a
// stage never goes back. m may be nil (no deliveries).
func (s *Store) SaveVersion(ctx context.Context, d doc.Document, c doc.Classification, m Matcher) (SaveResult, error) {
	if d.ID == "" {
		return SaveResult{}, errors.New("store: save version: document has no id")
	}
	hash := d.ContentHash()
	content, err := json.Marshal(d)
	if err != nil {
		return SaveResult{}, fmt.Errorf("store: save version %s: encode document: %w", d.ID, err)
	}
	class, err := json.Marshal(c)
	if err != nil {
		return SaveResult{}, fmt.Errorf("store: save version %s: encode classification: %w", d.ID, err)
	}
	var res SaveResult
	err = s.write(ctx, func(tx conn) error {
		res = SaveResult{DocumentID: d.ID}
		if err := tx.lock(ctx, documentLockKey(d.ID)); err != nil {
			return fmt.Errorf("lock: %w", err)
		}
		now := s.clock()
		var (
			cur                   int
			stage, prevHash, prev string
		)
		err := tx.queryRow(ctx, `SELECT d.current_version, d.stage, v.hash, v.content
			FROM documents d JOIN versions v ON v.document_id = d.id AND v.version = d.current_version
			WHERE d.id = ?`, d.ID).Scan(&cur, &stage, &prevHash, &prev)
		exists := err == nil
		if err != nil && !notFound(err) {
			return fmt.Errorf("read current version: %w", err)
		}
		res.Version = cur
		if exists && (prevHash == hash || (stage == doc.StagePublished && d.Stage == doc.StagePublicInspection)) {
			return nil
		}
		version := cur + 1
		kind := doc.EventNew
		diff := ""
		if exists {
			kind = doc.EventUpdated
			if stage == doc.StagePublicInspection && d.Stage == doc.StagePublished {
				kind = doc.EventPublished
			}
			var p doc.Document
			if err := json.Unmarshal([]byte(prev), &p); err != nil {
				return fmt.Errorf("decode version %d: %w", cur, err)
			}
			if diff, err = versionDiff(d.ID, cur, p, d); err != nil {
				return fmt.Errorf("diff: %w", err)
			}
			if _, err := tx.exec(ctx, `UPDATE documents SET source = ?, kind = ?, stage = ?, title = ?, url = ?,
				published_at = ?, current_version = ?, updated_at = ? WHERE id = ?`,
				d.Source, d.Kind, d.Stage, d.Title, d.URL, ms(d.Published), version, ms(now), d.ID); err != nil {
				return fmt.Errorf("update document: %w", err)
			}
		} else {
			if _, err := tx.exec(ctx, `INSERT INTO documents (id, source, kind, stage, title, url, published_at,
				current_version, first_seen, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				d.ID, d.Source, d.Kind, d.Stage, d.Title, d.URL, ms(d.Published), version, ms(now), ms(now)); err != nil {
				return fmt.Errorf("insert document: %w", err)
			}
		}
		if _, err := tx.exec(ctx, `INSERT INTO versions (document_id, version, hash, fetched_at, content, diff)
			VALUES (?, ?, ?, ?, ?, ?)`, d.ID, version, hash, ms(now), string(content), diff); err != nil {
			return fmt.Errorf("insert version %d: %w", version, err)
		}
		if _, err := tx.exec(ctx, `INSERT INTO classifications (document_id, version, classifier_version, content, classified_at)
			VALUES (?, ?, ?, ?, ?)`, d.ID, version, c.Version, string(class), ms(now)); err != nil {
			return fmt.Errorf("insert classification: %w", err)
		}
		moved, err := saveDates(ctx, tx, d, version, cur)
		if err != nil {
			return fmt.Errorf("dates: %w", err)
		}
		ev := doc.Event{
			DocumentID: d.ID,
			Version:    version,
			Kind:       kind,
			Source:     d.Source,
			Title:      d.Title,
			URL:        d.URL,
			Labels:     nonNil(c.Labels),
			Countries:  nonNil(c.Countries),
			Summary:    firstEvidence(c),
			CreatedAt:  now,
		}
		ev, n, err := s.insertEvent(ctx, tx, ev, d, c, m)
		if err != nil {
			return err
		}
		res.Events = []doc.Event{ev}
		res.Deliveries = n
		// Moved dates are one more event of this version, matched and
		// delivered like the version's own, in this same transaction.
		if len(moved) > 0 {
			parts := make([]string, len(moved))
			for i, ch := range moved {
				parts[i] = calendar.MovedSummary(ch.Kind, ch.From, ch.To, ch.Evidence)
			}
			dev := ev
			dev.ID, dev.Kind, dev.Summary = 0, doc.EventDateChanged, strings.Join(parts, "; ")
			dev, n, err := s.insertEvent(ctx, tx, dev, d, c, m)
			if err != nil {
				return fmt.Errorf("date change: %w", err)
			}
			res.Events = append(res.Events, dev)
			res.Deliveries += n
		}
		if d.Stage != "" { // press documents have no calendar
			if err := s.syncDocumentReminders(ctx, tx, d.ID); err != nil {
				return err
			}
		}
		// A later rule that moves another document's date changes that
		// document's calendar, in this same transaction.
		evs, n, err := s.applyMoves(ctx, tx, d, m)
		if err != nil {
			return fmt.Errorf("moves: %w", err)
		}
		res.Events = append(res.Events, evs...)
		res.Deliveries += n
		hevs, hn, err := s.screenVersion(ctx, tx, d, c, version, now, m)
		if err != nil {
			return fmt.Errorf("watchlists: %w", err)
		}
		res.Events = append(res.Events, hevs...)
		res.Deliveries += hn
		res.Version = version
		res.New = !exists
		res.Changed = true
		return nil
	})
	if err != nil {
		return SaveResult{}, fmt.Errorf("store: save version %s: %w", d.ID, err)
	}
	if res.Changed {
		s.log.DebugContext(ctx, "document version saved", "document_id", d.ID, "version", res.Version,
			"event", res.Events[0].Kind, "deliveries", res.Deliveries)
	}
	return res, nil
}

// documentLockKey is the lock (conn.lock) that orders writers of one
// document's versions.
func documentLockKey(id string) string { return "exportwatch:document:" + id }

// firstEvidence is the text of the classification's first evidence.
func firstEvidence(c doc.Classification) string {
	for _, e := range c.Evidence {
		if e.Text != "" {
			return e.Text
		}
	}
	return ""
}

// nonNil returns a copy of v that is never nil, so events encode lists as [].
func nonNil(v []string) []string {
	return append([]string{}, v...)
}

// Reclassify replaces the classification of a document's current version
// and makes the document pending for every index (it bumps the document's
// classification revision, IndexItem.Rev); it writes no events or
// deliveries.
func (s *Store) Reclassify(ctx context.Context, id string, c doc.Classification) error {
	class, err := json.Marshal(c)
	if err != nil {
		return fmt.Errorf("store: reclassify %s: encode: %w", id, err)
	}
	err = s.write(ctx, func(tx conn) error {
		if err := tx.lock(ctx, documentLockKey(id)); err != nil {
			return fmt.Errorf("lock: %w", err)
		}
		var cur int
		if err := tx.queryRow(ctx, `SELECT current_version FROM documents WHERE id = ?`, id).Scan(&cur); err != nil {
			if notFound(err) {
				return ErrNotFound
			}
			return err
		}
		if _, err := tx.exec(ctx, `INSERT INTO classifications (document_id, version, classifier_version, content, classified_at)
			VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (document_id, version) DO UPDATE SET classifier_version = excluded.classifier_version,
				content = excluded.content, classified_at = excluded.classified_at`,
			id, cur, c.Version, string(class), ms(s.clock())); err != nil {
			return fmt.Errorf("write classification: %w", err)
		}
		if _, err := tx.exec(ctx, `UPDATE documents SET classification_rev = classification_rev + 1 WHERE id = ?`, id); err != nil {
			return fmt.Errorf("mark for indexing: %w", err)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: reclassify %s: %w", id, err)
	}
	return nil
}

// VersionInfo describes one stored version of a document.
type VersionInfo struct {
	Version int       `json:"version"`
	Fetched time.Time `json:"fetched"`
	Hash    string    `json:"hash"`
	Diff    string    `json:"diff,omitempty"` // unified diff against the previous version
}

// StoredDocument is a document as stored: its current version's content and
// classification, and the list of its versions.
type StoredDocument struct {
	doc.Document                      // the current version's content
	Classification doc.Classification `json:"classification"`
	Version        int                `json:"version"`
	FirstSeen      time.Time          `json:"first_seen"`
	Versions       []VersionInfo      `json:"versions"`
	// Calendar holds the current version's dates (filled by Document only).
	Calendar []CalendarDate `json:"calendar,omitempty"`
}

// read runs fn in a read transaction: a consistent snapshot (SQLite: under
// WAL; PostgreSQL: REPEATABLE READ, read only).
func (s *Store) read(ctx context.Context, fn func(tx conn) error) error {
	var opts *sql.TxOptions
	if s.dialect == dialectPostgres {
		opts = &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true}
	}
	tx, err := s.rdb.BeginTx(ctx, opts)
	if err != nil {
		return fmt.Errorf("begin read: %w", err)
	}
	defer tx.Rollback()
	return fn(conn{r: tx, d: s.dialect})
}

// decodeClassification decodes a stored classification; "" (none) is the
// zero value.
func decodeClassification(v string) (doc.Classification, error) {
	var c doc.Classification
	if v == "" {
		return c, nil
	}
	if err := json.Unmarshal([]byte(v), &c); err != nil {
		return c, fmt.Errorf("decode classification: %w", err)
	}
	return c, nil
}

// Document returns the current version of document id with all its
// versions (oldest first, with diffs), or ErrNotFound.
func (s *Store) Document(ctx context.Context, id string) (StoredDocument, error) {
	var sd StoredDocument
	err := s.read(ctx, func(tx conn) error {
		var (
			firstSeen      int64
			content, class string
		)
		err := tx.queryRow(ctx, `SELECT d.current_version, d.first_seen, v.content, COALESCE(c.content, '')
			FROM documents d
			JOIN versions v ON v.document_id = d.id AND v.version = d.current_version
			LEFT JOIN classifications c ON c.document_id = d.id AND c.version = d.current_version
			WHERE d.id = ?`, id).Scan(&sd.Version, &firstSeen, &content, &class)
		if notFound(err) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		sd.FirstSeen = fromMS(firstSeen)
		if err := json.Unmarshal([]byte(content), &sd.Document); err != nil {
			return fmt.Errorf("decode document: %w", err)
		}
		if sd.Classification, err = decodeClassification(class); err != nil {
			return err
		}
		if sd.Calendar, err = versionCalendar(ctx, tx, id, sd.Version); err != nil {
			return err
		}
		rows, err := tx.query(ctx, `SELECT version, fetched_at, hash, diff FROM versions
			WHERE document_id = ? ORDER BY version`, id)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var (
				vi      VersionInfo
				fetched int64
			)
			if err := rows.Scan(&vi.Version, &fetched, &vi.Hash, &vi.Diff); err != nil {
				return err
			}
			vi.Fetched = fromMS(fetched)
			sd.Versions = append(sd.Versions, vi)
		}
		return rows.Err()
	})
	if err != nil {
		return StoredDocument{}, fmt.Errorf("store: document %s: %w", id, err)
	}
	return sd, nil
}

// DocumentVersion returns one version of a document and its classification,
// or ErrNotFound.
func (s *Store) DocumentVersion(ctx context.Context, id string, version int) (doc.Document, doc.Classification, error) {
	var content, class string
	err := s.reader().queryRow(ctx, `SELECT v.content, COALESCE(c.content, '') FROM versions v
		LEFT JOIN classifications c ON c.document_id = v.document_id AND c.version = v.version
		WHERE v.document_id = ? AND v.version = ?`, id, version).Scan(&content, &class)
	if notFound(err) {
		err = ErrNotFound
	}
	var (
		d doc.Document
		c doc.Classification
	)
	if err == nil {
		err = json.Unmarshal([]byte(content), &d)
	}
	if err == nil {
		c, err = decodeClassification(class)
	}
	if err != nil {
		return doc.Document{}, doc.Classification{}, fmt.Errorf("store: document %s version %d: %w", id, version, err)
	}
	return d, c, nil
}

// documentsPage is how many documents Documents reads per query.
const documentsPage = 256

// Documents calls fn with the current version of every document, oldest
// publication first (ties by ID), only those published on/after since when
// since is not zero. Versions is not filled (use Document). It reads in
// pages, so fn may write to the store; an error from fn stops the walk and
// is returned as is.
func (s *Store) Documents(ctx context.Context, since time.Time, fn func(StoredDocument) error) error {
	var (
		lastPub int64 = -1 << 62
		lastID        = ""
	)
	if !since.IsZero() {
		lastPub = ms(since) - 1
	}
	for {
		page, err := s.documentsAfter(ctx, lastPub, lastID)
		if err != nil {
			return fmt.Errorf("store: documents: %w", err)
		}
		for _, sd := range page {
			if err := fn(sd); err != nil {
				return err
			}
		}
		if len(page) < documentsPage {
			return nil
		}
		last := page[len(page)-1]
		lastPub, lastID = ms(last.Published), last.ID
	}
}

// documentsAfter reads one page of documents after the keyset (pub, id).
func (s *Store) documentsAfter(ctx context.Context, pub int64, id string) ([]StoredDocument, error) {
	rows, err := s.reader().query(ctx, `SELECT d.current_version, d.first_seen, v.content, COALESCE(c.content, '')
		FROM documents d
		JOIN versions v ON v.document_id = d.id AND v.version = d.current_version
		LEFT JOIN classifications c ON c.document_id = d.id AND c.version = d.current_version
		WHERE d.published_at > ? OR (d.published_at = ? AND d.id > ?)
		ORDER BY d.published_at, d.id LIMIT ?`, pub, pub, id, documentsPage)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []StoredDocument
	for rows.Next() {
		var (
			sd             StoredDocument
			firstSeen      int64
			content, class string
		)
		if err := rows.Scan(&sd.Version, &firstSeen, &content, &class); err != nil {
			return nil, err
		}
		sd.FirstSeen = fromMS(firstSeen)
		if err := json.Unmarshal([]byte(content), &sd.Document); err != nil {
			return nil, fmt.Errorf("decode document: %w", err)
		}
		if sd.Classification, err = decodeClassification(class); err != nil {
			return nil, err
		}
		out = append(out, sd)
	}
	return out, rows.Err()
}

// CountDocuments returns the number of documents.
func (s *Store) CountDocuments(ctx context.Context) (int, error) {
	var n int
	if err := s.reader().queryRow(ctx, `SELECT COUNT(*) FROM documents`).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count documents: %w", err)
	}
	return n, nil
}

// IndexItem is one document version to (re)index.
type IndexItem struct {
	Document       doc.Document
	Classification doc.Classification
	Version        int
	// Rev is the document's classification revision the item carries
	// (PendingIndex fills it; it grows with every Reclassify). MarkIndexed
	// records it with Version, so a batch read before a Reclassify leaves
	// the document pending. An item built by hand with Rev 0 marks only a
	// document that was never reclassified as indexed.
	Rev int64
}

// pendingWhere is the condition on documents d LEFT JOIN index_marks m (on
// one index's mark of d) that makes d pending for that index: no mark, or
// a mark of an older version or classification revision.
const pendingWhere = `(m.document_id IS NULL OR m.version < d.current_version OR m.rev < d.classification_rev)`

// PendingIndex returns up to limit (default 1000) documents whose current
// version and classification this handle's index (IndexName) has not
// seen (DESIGN.md invariant 1), ordered by ID. Marking what it returns with
// MarkIndexed takes those documents off the list unless they changed in
// between, so calling it again until it returns fewer than limit ends.
func (s *Store) PendingIndex(ctx context.Context, limit int) ([]IndexItem, error) {
	if limit <= 0 {
		limit = 1000
	}
	rows, err := s.reader().query(ctx, `SELECT d.current_version, d.classification_rev, v.content, COALESCE(c.content, '')
		FROM documents d
		LEFT JOIN index_marks m ON m.index_name = ? AND m.document_id = d.id
		JOIN versions v ON v.document_id = d.id AND v.version = d.current_version
		LEFT JOIN classifications c ON c.document_id = d.id AND c.version = d.current_version
		WHERE `+pendingWhere+`
		ORDER BY d.id LIMIT ?`, s.index, limit)
	if err != nil {
		return nil, fmt.Errorf("store: pending index %s: %w", s.index, err)
	}
	defer rows.Close()
	var out []IndexItem
	for rows.Next() {
		var (
			it             IndexItem
			content, class string
		)
		if err := rows.Scan(&it.Version, &it.Rev, &content, &class); err != nil {
			return nil, fmt.Errorf("store: pending index %s: %w", s.index, err)
		}
		if err := json.Unmarshal([]byte(content), &it.Document); err != nil {
			return nil, fmt.Errorf("store: pending index %s: decode document: %w", s.index, err)
		}
		if it.Classification, err = decodeClassification(class); err != nil {
			return nil, fmt.Errorf("store: pending index %s: %s: %w", s.index, it.Document.ID, err)
		}
		out = append(out, it)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: pending index %s: %w", s.index, err)
	}
	return out, nil
}

// MarkIndexed records that this handle's index (IndexName) holds each
// item's Version and Rev. A mark never moves backwards, so a late mark of
// an old version or revision is harmless, and an item that carries an
// older version or revision than the document's current ones leaves the
// document pending: a new version or a Reclassify that lands while a batch
// is being indexed is indexed by the next batch. Items for documents that
// do not exist, or ahead of the document's current version or revision,
// are ignored. Other indexes' marks do not change.
func (s *Store) MarkIndexed(ctx context.Context, items []IndexItem) error {
	if len(items) == 0 {
		return nil
	}
	err := s.write(ctx, func(tx conn) error {
		for _, it := range items {
			if _, err := tx.exec(ctx, `INSERT INTO index_marks (index_name, document_id, version, rev)
				SELECT CAST(? AS TEXT), d.id, CAST(? AS INTEGER), CAST(? AS BIGINT) FROM documents d
				WHERE d.id = ? AND d.current_version >= ? AND d.classification_rev >= ?
				ON CONFLICT (index_name, document_id) DO UPDATE SET version = excluded.version, rev = excluded.rev
				WHERE excluded.version > index_marks.version
					OR (excluded.version = index_marks.version AND excluded.rev > index_marks.rev)`,
				s.index, it.Version, it.Rev, it.Document.ID, it.Version, it.Rev); err != nil {
				return fmt.Errorf("%s: %w", it.Document.ID, err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: mark indexed %s: %w", s.index, err)
	}
	return nil
}

// ResetIndexed makes every document pending for this handle's index (for a
// full reindex): it deletes the index's marks. Other indexes' marks stay.
func (s *Store) ResetIndexed(ctx context.Context) error {
	if err := s.write(ctx, func(tx conn) error {
		_, err := tx.exec(ctx, `DELETE FROM index_marks WHERE index_name = ?`, s.index)
		return err
	}); err != nil {
		return fmt.Errorf("store: reset indexed %s: %w", s.index, err)
	}
	return nil
}

// DocumentCountsBySource returns the number of documents (not fetches or
// versions) each source holds, keyed by source name.
func (s *Store) DocumentCountsBySource(ctx context.Context) (map[string]int, error) {
	rows, err := s.reader().query(ctx, `SELECT source, COUNT(*) FROM documents GROUP BY source`)
	if err != nil {
		return nil, fmt.Errorf("store: count documents by source: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var (
			src string
			n   int
		)
		if err := rows.Scan(&src, &n); err != nil {
			return nil, fmt.Errorf("store: count documents by source: %w", err)
		}
		out[src] = n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: count documents by source: %w", err)
	}
	return out, nil
}

// DocumentText is the text of a document's current version.
type DocumentText struct {
	Abstract, Body string
}

// CurrentTexts returns the abstract and body of the current version of
// each of ids that exists, keyed by ID, in one query. The database picks
// them out of the stored JSON, so reading the texts of many documents (a
// long phrase's candidates, a page's snippets) costs no decoding of the
// rest of each document.
func (s *Store) CurrentTexts(ctx context.Context, ids []string) (map[string]DocumentText, error) {
	out := make(map[string]DocumentText, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := s.reader().query(ctx, `SELECT d.id, `+s.dialect.jsonText("v.content", "abstract")+`, `+s.dialect.jsonText("v.content", "body")+`
		FROM documents d
		JOIN versions v ON v.document_id = d.id AND v.version = d.current_version
		WHERE d.id IN (`+strings.TrimSuffix(strings.Repeat("?, ", len(ids)), ", ")+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: current texts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			id string
			t  DocumentText
		)
		if err := rows.Scan(&id, &t.Abstract, &t.Body); err != nil {
			return nil, fmt.Errorf("store: current texts: %w", err)
		}
		out[id] = t
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: current texts: %w", err)
	}
	return out, nil
}

// CurrentDocuments returns the current version and classification of each
// of ids that exists, keyed by ID, in one query (Versions is not filled).
// Pages use it to describe a page of search hits.
func (s *Store) CurrentDocuments(ctx context.Context, ids []string) (map[string]StoredDocument, error) {
	out := make(map[string]StoredDocument, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := s.reader().query(ctx, `SELECT d.current_version, d.first_seen, v.content, COALESCE(c.content, '')
		FROM documents d
		JOIN versions v ON v.document_id = d.id AND v.version = d.current_version
		LEFT JOIN classifications c ON c.document_id = d.id AND c.version = d.current_version
		WHERE d.id IN (`+strings.TrimSuffix(strings.Repeat("?, ", len(ids)), ", ")+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: current documents: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			sd             StoredDocument
			firstSeen      int64
			content, class string
		)
		if err := rows.Scan(&sd.Version, &firstSeen, &content, &class); err != nil {
			return nil, fmt.Errorf("store: current documents: %w", err)
		}
		sd.FirstSeen = fromMS(firstSeen)
		if err := json.Unmarshal([]byte(content), &sd.Document); err != nil {
			return nil, fmt.Errorf("store: current documents: decode document: %w", err)
		}
		if sd.Classification, err = decodeClassification(class); err != nil {
			return nil, fmt.Errorf("store: current documents %s: %w", sd.ID, err)
		}
		out[sd.ID] = sd
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: current documents: %w", err)
	}
	return out, nil
}
