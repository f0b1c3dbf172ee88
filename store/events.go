package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/exportwatch/exportwatch/doc"
)

// insertEvent writes ev (setting its ID), its label and country rows, and
// its deliveries (insertDeliveries). It returns the event and the number of
// delivery rows written.
func (s *Store) insertEvent(ctx context.Context, tx conn, ev doc.Event, d doc.Document, c doc.Classification, m Matcher) (doc.Event, int, error) {
	labels, err := json.Marshal(ev.Labels)
	if err != nil {
		return ev, 0, fmt.Errorf("encode labels: %w", err)
	}
	countries, err := json.Marshal(ev.Countries)
	if err != nil {
		return ev, 0, fmt.Errorf("encode countries: %w", err)
	}
	var docID any
	if ev.DocumentID != "" {
		docID = ev.DocumentID
	}
	worldwide := ev.DocumentID != "" && len(ev.Countries) == 0
	if err := tx.queryRow(ctx, `INSERT INTO events (document_id, version, kind, source, title, url, labels, countries,
		worldwide, summary, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		docID, ev.Version, ev.Kind, ev.Source, ev.Title, ev.URL, string(labels), string(countries),
		boolInt(worldwide), ev.Summary, ms(ev.CreatedAt)).Scan(&ev.ID); err != nil {
		return ev, 0, fmt.Errorf("insert event: %w", err)
	}
	for _, l := range ev.Labels {
		if _, err := tx.exec(ctx, `INSERT INTO event_labels (label, event_id) VALUES (?, ?)
			ON CONFLICT (label, event_id) DO NOTHING`, l, ev.ID); err != nil {
			return ev, 0, fmt.Errorf("insert event label: %w", err)
		}
	}
	for _, cc := range ev.Countries {
		if _, err := tx.exec(ctx, `INSERT INTO event_countries (country, event_id) VALUES (?, ?)
			ON CONFLICT (country, event_id) DO NOTHING`, strings.ToUpper(cc), ev.ID); err != nil {
			return ev, 0, fmt.Errorf("insert event country: %w", err)
		}
	}
	n, err := insertDeliveries(ctx, tx, ev, d, c, m)
	return ev, n, err
}

// insertDeliveries writes one pending delivery, due at ev.CreatedAt, per
// active subscription m matches, skipping (subscription, event) pairs that
// exist. It returns the number of rows written.
func insertDeliveries(ctx context.Context, tx conn, ev doc.Event, d doc.Document, c doc.Classification, m Matcher) (int, error) {
	if m == nil {
		return 0, nil
	}
	subs, err := listSubscriptions(ctx, tx)
	if err != nil {
		return 0, err
	}
	if len(subs) == 0 {
		return 0, nil
	}
	active := make(map[int64]bool, len(subs))
	for _, sub := range subs {
		active[sub.ID] = true
	}
	n := 0
	done := make(map[int64]bool)
	for _, id := range m.Match(ev, d, c, subs) {
		if done[id] {
			continue
		}
		done[id] = true
		if !active[id] {
			return 0, fmt.Errorf("matcher returned unknown subscription %d", id)
		}
		r, err := tx.exec(ctx, `INSERT INTO deliveries (subscription_id, event_id, status, attempts, due_at, created_at)
			VALUES (?, ?, 'pending', 0, ?, ?) ON CONFLICT (subscription_id, event_id) DO NOTHING`,
			id, ev.ID, ms(ev.CreatedAt), ms(ev.CreatedAt))
		if err != nil {
			return 0, fmt.Errorf("insert delivery for subscription %d: %w", id, err)
		}
		k, err := r.RowsAffected()
		if err != nil {
			return 0, fmt.Errorf("insert delivery for subscription %d: %w", id, err)
		}
		n += int(k)
	}
	return n, nil
}

// AddEvent writes an operational event (kind "source" when ev.Kind is
// empty) and its deliveries in one transaction, and returns it with its ID
// and CreatedAt (the store's clock when ev.CreatedAt is zero). The matcher
// sees a Document holding only the event's document ID, source, title and
// URL, and a zero Classification.
func (s *Store) AddEvent(ctx context.Context, ev doc.Event, m Matcher) (doc.Event, error) {
	if ev.Kind == "" {
		ev.Kind = doc.EventSource
	}
	ev.Labels = nonNil(ev.Labels)
	ev.Countries = nonNil(ev.Countries)
	if ev.CreatedAt.IsZero() {
		ev.CreatedAt = s.clock()
	} else {
		ev.CreatedAt = ev.CreatedAt.UTC().Truncate(time.Millisecond)
	}
	d := doc.Document{ID: ev.DocumentID, Source: ev.Source, Title: ev.Title, URL: ev.URL}
	var out doc.Event
	err := s.write(ctx, func(tx conn) error {
		var err error
		out, _, err = s.insertEvent(ctx, tx, ev, d, doc.Classification{}, m)
		return err
	})
	if err != nil {
		return doc.Event{}, fmt.Errorf("store: add %s event for %s: %w", ev.Kind, ev.Source, err)
	}
	return out, nil
}

// EventQuery selects events. Empty fields do not filter.
type EventQuery struct {
	Country, Label, Source, DocumentID string
	Worldwide                          bool // only events whose document names no country (Country "worldwide" means the same)
	// WithWorldwide, with Country, also selects the labelled events of
	// documents that name no country: worldwide rules change every
	// country's position, so they belong to every country's feed.
	WithWorldwide bool
	Since         time.Time // created_at >= Since
	AfterID       int64     // id > AfterID
	Limit         int       // default 100, max 1000; newest first unless AfterID set (then ascending)
	// WatchlistHits also selects watchlist_hit events (without their Hit),
	// which name a firm's watched parties and are left out otherwise.
	WatchlistHits bool
}

// Events returns the events q selects. Country and label filters are
// indexed lookups in event_countries / event_labels. Backfill events
// (doc.EventBackfill) are requests and reminders are scheduled notes, not
// changes: Events never returns either.
func (s *Store) Events(ctx context.Context, q EventQuery) ([]doc.Event, error) {
	var (
		where = []string{`e.kind <> '` + doc.EventBackfill + `'`}
		args  []any
	)
	from := `SELECT e.id, COALESCE(e.document_id, ''), e.version, e.kind, e.source, e.title, e.url, e.labels,
		e.countries, e.summary, e.created_at FROM events e`
	if strings.EqualFold(q.Country, doc.Worldwide) {
		q.Country, q.Worldwide = "", true
	}
	// Order by the joined side table's event_id where there is one, so
	// SQLite walks its (key, event_id) primary key in order.
	idCol := `e.id`
	orWorldwide := ""
	if q.Country != "" && q.WithWorldwide {
		orWorldwide, q.Country = strings.ToUpper(q.Country), ""
	}
	if q.Country != "" {
		idCol = `ec.event_id`
		from += ` JOIN event_countries ec ON ec.event_id = e.id AND ec.country = ?`
		args = append(args, strings.ToUpper(q.Country))
	}
	if q.Label != "" {
		if q.Country == "" {
			idCol = `el.event_id`
		}
		from += ` JOIN event_labels el ON el.event_id = e.id AND el.label = ?`
		args = append(args, q.Label)
	}
	if orWorldwide != "" { // after the joins: its argument follows theirs
		where = append(where, `(e.id IN (SELECT event_id FROM event_countries WHERE country = ?) OR (e.worldwide = 1 AND e.labels <> '[]'))`)
		args = append(args, orWorldwide)
	}
	// A reminder event is one subscriber's message, not a change.
	where = append(where, `e.kind <> '`+doc.EventReminder+`'`)
	if q.Source != "" {
		where, args = append(where, `e.source = ?`), append(args, q.Source)
	}
	if q.DocumentID != "" {
		where, args = append(where, `e.document_id = ?`), append(args, q.DocumentID)
	}
	if q.Worldwide {
		where = append(where, `e.worldwide = 1`)
	}
	if !q.WatchlistHits {
		where = append(where, `e.kind <> '`+doc.EventWatchlistHit+`'`)
	}
	if !q.Since.IsZero() {
		where, args = append(where, `e.created_at >= ?`), append(args, ms(q.Since))
	}
	order := ` ORDER BY ` + idCol + ` DESC`
	if q.AfterID > 0 {
		where, args = append(where, idCol+` > ?`), append(args, q.AfterID)
		order = ` ORDER BY ` + idCol
	}
	query := from
	if len(where) > 0 {
		query += ` WHERE ` + strings.Join(where, ` AND `)
	}
	query += order + ` LIMIT ?`
	args = append(args, clampLimit(q.Limit))
	rows, err := s.reader().query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: events: %w", err)
	}
	defer rows.Close()
	var out []doc.Event
	for rows.Next() {
		ev, err := scanEvent(rows)
		if err != nil {
			return nil, fmt.Errorf("store: events: %w", err)
		}
		out = append(out, ev)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: events: %w", err)
	}
	return out, nil
}

// Event returns one event, with its Hit for a watchlist_hit event, or
// ErrNotFound.
func (s *Store) Event(ctx context.Context, id int64) (doc.Event, error) {
	row := s.reader().queryRow(ctx, `SELECT e.id, COALESCE(e.document_id, ''), e.version, e.kind, e.source, e.title,
		e.url, e.labels, e.countries, e.summary, e.created_at FROM events e WHERE e.id = ?`, id)
	ev, err := scanEvent(row)
	if notFound(err) {
		err = ErrNotFound
	}
	if err == nil && ev.Kind == doc.EventWatchlistHit {
		ev.Hit, err = eventHit(ctx, s.reader(), ev.ID)
	}
	if err != nil {
		return doc.Event{}, fmt.Errorf("store: event %d: %w", id, err)
	}
	return ev, nil
}

// scanner is *sql.Row or *sql.Rows.
type scanner interface{ Scan(dest ...any) error }

func scanEvent(r scanner) (doc.Event, error) {
	var (
		ev                doc.Event
		labels, countries string
		created           int64
	)
	if err := r.Scan(&ev.ID, &ev.DocumentID, &ev.Version, &ev.Kind, &ev.Source, &ev.Title, &ev.URL,
		&labels, &countries, &ev.Summary, &created); err != nil {
		return ev, err
	}
	ev.CreatedAt = fromMS(created)
	if err := json.Unmarshal([]byte(labels), &ev.Labels); err != nil {
		return ev, fmt.Errorf("decode labels of event %d: %w", ev.ID, err)
	}
	if err := json.Unmarshal([]byte(countries), &ev.Countries); err != nil {
		return ev, fmt.Errorf("decode countries of event %d: %w", ev.ID, err)
	}
	ev.Labels, ev.Countries = nonNil(ev.Labels), nonNil(ev.Countries)
	return ev, nil
}

// clampLimit applies the default (100) and maximum (1000) page size.
func clampLimit(n int) int {
	switch {
	case n <= 0:
		return 100
	case n > 1000:
		return 1000
	}
	return n
}
