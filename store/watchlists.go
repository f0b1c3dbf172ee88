package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/exportwatch/exportwatch/doc"
)

// Watchlist is a named list of watched parties as listed: its revision
// grows with every import.
type Watchlist struct {
	ID        int64     `json:"-"`
	Name      string    `json:"name"`
	Revision  int64     `json:"revision"`
	Parties   int       `json:"parties"`
	Hits      int       `json:"hits"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// WatchedParty is one party of a watchlist: a firm's supplier or customer.
type WatchedParty struct {
	Name      string   `json:"name"`
	Aliases   []string `json:"aliases,omitempty"`
	Country   string   `json:"country,omitempty"` // ISO 3166-1 alpha-2
	Reference string   `json:"reference,omitempty"`
}

// WatchlistRevision names one watchlist at one revision: what a Screener
// needs to know whether its copy of the parties is current.
type WatchlistRevision struct {
	ID       int64
	Name     string
	Revision int64
}

// ScreenedHit is a hit as a Screener found it, with the keys that make it
// unique: PartyKey (the party's reference, else its normalised name) and
// ListedKey (the normalised listed name). DocumentID and Version are set by
// the store in SaveVersion; AddWatchlistHits needs them.
type ScreenedHit struct {
	doc.WatchlistHit
	PartyKey, ListedKey string
	DocumentID          string
	Version             int
}

// Screener matches one document version against watchlists. SaveVersion
// calls it, when its Matcher implements Screener too, inside the
// transaction that writes the version's events, with the current revision
// of every watchlist. It must not write to the store; it may read parties
// (WatchlistParties) for a revision it has not seen.
type Screener interface {
	Screen(ctx context.Context, d doc.Document, c doc.Classification, lists []WatchlistRevision) ([]ScreenedHit, error)
}

// StoredHit is one watchlist hit as listed: what matched, and the document
// as it is now (its current stage, title and date).
type StoredHit struct {
	ID          int64     `json:"-"`
	Watchlist   string    `json:"watchlist"`
	Party       string    `json:"party"`
	Reference   string    `json:"reference"`
	WatchedName string    `json:"watched_name"`
	ListedName  string    `json:"listed_name"`
	MatchedName string    `json:"matched_name"`
	DocumentID  string    `json:"document"`
	Version     int       `json:"version"`
	Title       string    `json:"title"`
	URL         string    `json:"url"`
	Published   time.Time `json:"published"`
	Action      string    `json:"action"`
	Country     string    `json:"country"`
	Stage       string    `json:"stage"`       // the document's stage now
	FoundStage  string    `json:"found_stage"` // its stage when the hit was found
	Score       float64   `json:"score"`
	Why         string    `json:"why"`
	EventID     int64     `json:"event_id,omitempty"` // the alert's event; 0 for hits of "screen now"
	FoundAt     time.Time `json:"found_at"`
}

// ReplaceWatchlist creates the watchlist name or replaces all its parties,
// and bumps its revision, in one transaction. Hits stay: they are keyed by
// party reference or name, so a re-import finds them again and alerts
// nothing new.
func (s *Store) ReplaceWatchlist(ctx context.Context, name string, parties []WatchedParty) (Watchlist, error) {
	if err := doc.ValidWatchlistName(name); err != nil {
		return Watchlist{}, fmt.Errorf("store: replace watchlist: %w", err)
	}
	aliases := make([]string, len(parties))
	for i, p := range parties {
		b, err := json.Marshal(nonNil(p.Aliases))
		if err != nil {
			return Watchlist{}, fmt.Errorf("store: replace watchlist %s: %w", name, err)
		}
		aliases[i] = string(b)
	}
	var wl Watchlist
	err := s.write(ctx, func(tx conn) error {
		now := ms(s.clock())
		if err := tx.queryRow(ctx, `INSERT INTO watchlists (name, revision, created_at, updated_at) VALUES (?, 1, ?, ?)
			ON CONFLICT (name) DO UPDATE SET revision = watchlists.revision + 1, updated_at = excluded.updated_at
			RETURNING id`, name, now, now).Scan(&wl.ID); err != nil {
			return fmt.Errorf("upsert: %w", err)
		}
		if _, err := tx.exec(ctx, `DELETE FROM watchlist_parties WHERE watchlist_id = ?`, wl.ID); err != nil {
			return fmt.Errorf("delete parties: %w", err)
		}
		for i, p := range parties {
			if _, err := tx.exec(ctx, `INSERT INTO watchlist_parties (watchlist_id, position, name, aliases, country, reference)
				VALUES (?, ?, ?, ?, ?, ?)`, wl.ID, i, p.Name, aliases[i], p.Country, p.Reference); err != nil {
				return fmt.Errorf("party %d: %w", i+1, err)
			}
		}
		return nil
	})
	if err != nil {
		return Watchlist{}, fmt.Errorf("store: replace watchlist %s: %w", name, err)
	}
	wl, _, err = s.Watchlist(ctx, name)
	return wl, err
}

const watchlistColumns = `w.id, w.name, w.revision, w.created_at, w.updated_at,
	(SELECT COUNT(*) FROM watchlist_parties p WHERE p.watchlist_id = w.id),
	(SELECT COUNT(*) FROM watchlist_hits h WHERE h.watchlist_id = w.id)`

func scanWatchlist(r scanner) (Watchlist, error) {
	var (
		wl               Watchlist
		created, updated int64
	)
	err := r.Scan(&wl.ID, &wl.Name, &wl.Revision, &created, &updated, &wl.Parties, &wl.Hits)
	wl.CreatedAt, wl.UpdatedAt = fromMS(created), fromMS(updated)
	return wl, err
}

// Watchlists returns every watchlist by name, with its party and hit counts.
func (s *Store) Watchlists(ctx context.Context) ([]Watchlist, error) {
	rows, err := s.reader().query(ctx, `SELECT `+watchlistColumns+` FROM watchlists w ORDER BY w.name`)
	if err != nil {
		return nil, fmt.Errorf("store: watchlists: %w", err)
	}
	defer rows.Close()
	var out []Watchlist
	for rows.Next() {
		wl, err := scanWatchlist(rows)
		if err != nil {
			return nil, fmt.Errorf("store: watchlists: %w", err)
		}
		out = append(out, wl)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: watchlists: %w", err)
	}
	return out, nil
}

// Watchlist returns one watchlist and its parties in import order, or
// ErrNotFound.
func (s *Store) Watchlist(ctx context.Context, name string) (Watchlist, []WatchedParty, error) {
	var (
		wl      Watchlist
		parties []WatchedParty
	)
	err := s.read(ctx, func(tx conn) error {
		var err error
		wl, err = scanWatchlist(tx.queryRow(ctx, `SELECT `+watchlistColumns+` FROM watchlists w WHERE w.name = ?`, name))
		if notFound(err) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		parties, err = watchlistParties(ctx, tx, wl.ID)
		return err
	})
	if err != nil {
		return Watchlist{}, nil, fmt.Errorf("store: watchlist %s: %w", name, err)
	}
	return wl, parties, nil
}

// WatchlistParties returns the parties of watchlist id and the revision
// they belong to, read in one snapshot.
func (s *Store) WatchlistParties(ctx context.Context, id int64) (int64, []WatchedParty, error) {
	var (
		rev     int64
		parties []WatchedParty
	)
	err := s.read(ctx, func(tx conn) error {
		if err := tx.queryRow(ctx, `SELECT revision FROM watchlists WHERE id = ?`, id).Scan(&rev); err != nil {
			if notFound(err) {
				return ErrNotFound
			}
			return err
		}
		var err error
		parties, err = watchlistParties(ctx, tx, id)
		return err
	})
	if err != nil {
		return 0, nil, fmt.Errorf("store: watchlist %d parties: %w", id, err)
	}
	return rev, parties, nil
}

func watchlistParties(ctx context.Context, tx conn, id int64) ([]WatchedParty, error) {
	rows, err := tx.query(ctx, `SELECT name, aliases, country, reference FROM watchlist_parties
		WHERE watchlist_id = ? ORDER BY position`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []WatchedParty
	for rows.Next() {
		var (
			p       WatchedParty
			aliases string
		)
		if err := rows.Scan(&p.Name, &aliases, &p.Country, &p.Reference); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(aliases), &p.Aliases); err != nil {
			return nil, fmt.Errorf("decode aliases of %q: %w", p.Name, err)
		}
		if len(p.Aliases) == 0 {
			p.Aliases = nil
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// DeleteWatchlist deletes a watchlist, its parties and its hits, or
// returns ErrNotFound. Subscriptions naming it stay and receive nothing
// until a list of that name is imported again.
func (s *Store) DeleteWatchlist(ctx context.Context, name string) error {
	err := s.write(ctx, func(tx conn) error {
		var id int64
		if err := tx.queryRow(ctx, `SELECT id FROM watchlists WHERE name = ?`, name).Scan(&id); err != nil {
			if notFound(err) {
				return ErrNotFound
			}
			return err
		}
		for _, q := range []string{`DELETE FROM watchlist_hits WHERE watchlist_id = ?`,
			`DELETE FROM watchlist_parties WHERE watchlist_id = ?`, `DELETE FROM watchlists WHERE id = ?`} {
			if _, err := tx.exec(ctx, q, id); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: delete watchlist %s: %w", name, err)
	}
	return nil
}

// watchlistRevisions reads the current revision of every watchlist.
func watchlistRevisions(ctx context.Context, c conn) ([]WatchlistRevision, error) {
	rows, err := c.query(ctx, `SELECT id, name, revision FROM watchlists ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []WatchlistRevision
	for rows.Next() {
		var r WatchlistRevision
		if err := rows.Scan(&r.ID, &r.Name, &r.Revision); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// WatchlistRevisions returns the current revision of every watchlist.
func (s *Store) WatchlistRevisions(ctx context.Context) ([]WatchlistRevision, error) {
	out, err := watchlistRevisions(ctx, s.reader())
	if err != nil {
		return nil, fmt.Errorf("store: watchlist revisions: %w", err)
	}
	return out, nil
}

// insertHit writes one hit unless its key exists, and reports whether it
// was new.
func insertHit(ctx context.Context, tx conn, listID int64, h ScreenedHit, at time.Time) (int64, bool, error) {
	var id int64
	err := tx.queryRow(ctx, `INSERT INTO watchlist_hits (watchlist_id, party_key, listed_key, document_id, version, action,
		party, reference, watched_name, listed_name, matched_name, country, stage, citation, fr_number, score, why, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (watchlist_id, party_key, document_id, action, listed_key) DO NOTHING RETURNING id`,
		listID, h.PartyKey, h.ListedKey, h.DocumentID, h.Version, h.Action, h.Party, h.Reference, h.WatchedName,
		h.ListedName, h.MatchedName, h.Country, h.Stage, h.Citation, h.DocumentNumber, h.Score, h.Why, ms(at)).Scan(&id)
	if notFound(err) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("insert hit of %q in %s: %w", h.Party, h.DocumentID, err)
	}
	return id, true, nil
}

// toldBefore reports whether an earlier version of h's document already
// alerted h's list about h's party for the same action. The listed name
// may be written differently from one version to the next (the
// public-inspection text names "Huawei Technologies Co., Ltd.", the
// published table "Huawei Technologies Co., Ltd. (Huawei)"): the party
// hears about the document once.
func toldBefore(ctx context.Context, tx conn, listID int64, h ScreenedHit) (bool, error) {
	var n int
	err := tx.queryRow(ctx, `SELECT COUNT(*) FROM watchlist_hits WHERE watchlist_id = ? AND party_key = ?
		AND document_id = ? AND action = ? AND version < ? AND event_id <> 0`,
		listID, h.PartyKey, h.DocumentID, h.Action, h.Version).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("earlier hits of %q in %s: %w", h.Party, h.DocumentID, err)
	}
	return n > 0, nil
}

// screenVersion runs the Screener m may be on a version SaveVersion is
// writing, and writes each new hit and its watchlist_hit event (routed by
// m like every event) in tx. It returns the events and delivery count.
func (s *Store) screenVersion(ctx context.Context, tx conn, d doc.Document, c doc.Classification, version int, now time.Time, m Matcher) ([]doc.Event, int, error) {
	sc, ok := m.(Screener)
	if !ok {
		return nil, 0, nil
	}
	lists, err := watchlistRevisions(ctx, tx)
	if err != nil || len(lists) == 0 {
		return nil, 0, err
	}
	hits, err := sc.Screen(ctx, d, c, lists)
	if err != nil {
		return nil, 0, fmt.Errorf("screen: %w", err)
	}
	ids := make(map[string]int64, len(lists))
	for _, l := range lists {
		ids[l.Name] = l.ID
	}
	var (
		evs []doc.Event
		n   int
	)
	for _, h := range hits {
		listID, ok := ids[h.Watchlist]
		if !ok {
			return nil, 0, fmt.Errorf("screener returned unknown watchlist %q", h.Watchlist)
		}
		h.DocumentID, h.Version = d.ID, version
		h.Stage, h.Citation, h.DocumentNumber = d.Stage, d.Citation, d.DocumentNumber
		hitID, fresh, err := insertHit(ctx, tx, listID, h, now)
		if err != nil || !fresh {
			if err != nil {
				return nil, 0, err
			}
			continue
		}
		told, err := toldBefore(ctx, tx, listID, h)
		if err != nil {
			return nil, 0, err
		}
		if told {
			continue // recorded, not alerted: an earlier version's hit told this party about this document
		}
		hit := h.WatchlistHit
		ev := doc.Event{DocumentID: d.ID, Version: version, Kind: doc.EventWatchlistHit, Source: d.Source,
			Title: d.Title, URL: d.URL, Labels: []string{}, Countries: []string{}, Summary: hit.Summary(),
			CreatedAt: now, Hit: &hit}
		ev, k, err := s.insertEvent(ctx, tx, ev, d, c, m)
		if err != nil {
			return nil, 0, fmt.Errorf("hit event: %w", err)
		}
		if _, err := tx.exec(ctx, `UPDATE watchlist_hits SET event_id = ? WHERE id = ?`, ev.ID, hitID); err != nil {
			return nil, 0, fmt.Errorf("link hit event: %w", err)
		}
		evs = append(evs, ev)
		n += k
	}
	return evs, n, nil
}

// hitsPerInsert is how many hits one INSERT of AddWatchlistHits writes
// (18 parameters each, within SQLite's and PostgreSQL's limits).
const hitsPerInsert = 100

// AddWatchlistHits records hits found by screening the archive ("screen
// now") in one transaction, without events: they alert nobody, they show
// in WatchlistHits. Hits whose key exists are skipped; it returns how many
// were new. Every hit must carry DocumentID and Version.
func (s *Store) AddWatchlistHits(ctx context.Context, list string, hits []ScreenedHit) (int, error) {
	if len(hits) == 0 {
		return 0, nil
	}
	n := 0
	err := s.write(ctx, func(tx conn) error {
		n = 0
		var id int64
		if err := tx.queryRow(ctx, `SELECT id FROM watchlists WHERE name = ?`, list).Scan(&id); err != nil {
			if notFound(err) {
				return ErrNotFound
			}
			return err
		}
		now := ms(s.clock())
		for len(hits) > 0 {
			chunk := hits[:min(len(hits), hitsPerInsert)]
			hits = hits[len(chunk):]
			args := make([]any, 0, len(chunk)*18)
			for _, h := range chunk {
				if h.DocumentID == "" {
					return errors.New("hit without document")
				}
				args = append(args, id, h.PartyKey, h.ListedKey, h.DocumentID, h.Version, h.Action, h.Party, h.Reference,
					h.WatchedName, h.ListedName, h.MatchedName, h.Country, h.Stage, h.Citation, h.DocumentNumber, h.Score, h.Why, now)
			}
			r, err := tx.exec(ctx, `INSERT INTO watchlist_hits (watchlist_id, party_key, listed_key, document_id, version, action,
				party, reference, watched_name, listed_name, matched_name, country, stage, citation, fr_number, score, why, created_at)
				VALUES `+strings.TrimSuffix(strings.Repeat(`(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?), `, len(chunk)), `, `)+`
				ON CONFLICT (watchlist_id, party_key, document_id, action, listed_key) DO NOTHING`, args...)
			if err != nil {
				return err
			}
			k, err := r.RowsAffected()
			if err != nil {
				return err
			}
			n += int(k)
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("store: add hits to watchlist %s: %w", list, err)
	}
	return n, nil
}

const hitColumns = `h.id, w.name, h.party, h.reference, h.watched_name, h.listed_name, h.matched_name, h.document_id,
	h.version, d.title, d.url, d.published_at, h.action, h.country, d.stage, h.stage, h.score, h.why, h.event_id, h.created_at`

func scanHit(r scanner) (StoredHit, error) {
	var (
		h              StoredHit
		pub, createdAt int64
	)
	err := r.Scan(&h.ID, &h.Watchlist, &h.Party, &h.Reference, &h.WatchedName, &h.ListedName, &h.MatchedName,
		&h.DocumentID, &h.Version, &h.Title, &h.URL, &pub, &h.Action, &h.Country, &h.Stage, &h.FoundStage,
		&h.Score, &h.Why, &h.EventID, &createdAt)
	h.Published, h.FoundAt = fromMS(pub), fromMS(createdAt)
	return h, err
}

// WatchlistHits returns every hit of a watchlist, best first (score, then
// newest document), or ErrNotFound for an unknown list.
func (s *Store) WatchlistHits(ctx context.Context, name string) ([]StoredHit, error) {
	var out []StoredHit
	err := s.read(ctx, func(tx conn) error {
		var id int64
		if err := tx.queryRow(ctx, `SELECT id FROM watchlists WHERE name = ?`, name).Scan(&id); err != nil {
			if notFound(err) {
				return ErrNotFound
			}
			return err
		}
		rows, err := tx.query(ctx, `SELECT `+hitColumns+` FROM watchlist_hits h
			JOIN watchlists w ON w.id = h.watchlist_id JOIN documents d ON d.id = h.document_id
			WHERE h.watchlist_id = ? ORDER BY h.score DESC, d.published_at DESC, h.id`, id)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			h, err := scanHit(rows)
			if err != nil {
				return err
			}
			out = append(out, h)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("store: watchlist %s hits: %w", name, err)
	}
	return out, nil
}

// DocumentHits returns the hits of every watchlist in one document, best
// first: the document page marks the watched entities with them.
func (s *Store) DocumentHits(ctx context.Context, documentID string) ([]StoredHit, error) {
	rows, err := s.reader().query(ctx, `SELECT `+hitColumns+` FROM watchlist_hits h
		JOIN watchlists w ON w.id = h.watchlist_id JOIN documents d ON d.id = h.document_id
		WHERE h.document_id = ? ORDER BY h.score DESC, h.id`, documentID)
	if err != nil {
		return nil, fmt.Errorf("store: document %s hits: %w", documentID, err)
	}
	defer rows.Close()
	var out []StoredHit
	for rows.Next() {
		h, err := scanHit(rows)
		if err != nil {
			return nil, fmt.Errorf("store: document %s hits: %w", documentID, err)
		}
		out = append(out, h)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: document %s hits: %w", documentID, err)
	}
	return out, nil
}

// eventHit reads the hit a watchlist_hit event tells, for Event; nil when
// its list was deleted (the event stays, without its hit).
func eventHit(ctx context.Context, c conn, eventID int64) (*doc.WatchlistHit, error) {
	var h doc.WatchlistHit
	err := c.queryRow(ctx, `SELECT w.name, h.party, h.reference, h.watched_name, h.listed_name, h.matched_name,
		h.action, h.country, h.score, h.why, h.stage, h.citation, h.fr_number
		FROM watchlist_hits h JOIN watchlists w ON w.id = h.watchlist_id WHERE h.event_id = ?`, eventID).Scan(
		&h.Watchlist, &h.Party, &h.Reference, &h.WatchedName, &h.ListedName, &h.MatchedName,
		&h.Action, &h.Country, &h.Score, &h.Why, &h.Stage, &h.Citation, &h.DocumentNumber)
	if notFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("hit of event %d: %w", eventID, err)
	}
	return &h, nil
}
