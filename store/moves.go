package store

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/exportwatch/exportwatch/calendar"
	"github.com/exportwatch/exportwatch/doc"
)

// DateHistory is one change of a document's date made by a later rule.
type DateHistory struct {
	DocumentID string    `json:"document_id"`
	Version    int       `json:"version"`
	Kind       string    `json:"kind"`
	OldDay     string    `json:"old_day"`
	NewDay     string    `json:"new_day,omitempty"` // "" when withdrawn
	Withdrawn  bool      `json:"withdrawn,omitempty"`
	ByDocument string    `json:"by_document"`
	Evidence   string    `json:"evidence"`
	ChangedAt  time.Time `json:"changed_at"`
}

// DateHistory returns the changes later rules made to document id's
// dates, oldest first.
func (s *Store) DateHistory(ctx context.Context, id string) ([]DateHistory, error) {
	rows, err := s.reader().query(ctx, `SELECT document_id, version, kind, old_day, new_day, withdrawn, by_document,
		evidence, changed_at FROM date_history WHERE document_id = ? ORDER BY id`, id)
	if err != nil {
		return nil, fmt.Errorf("store: date history %s: %w", id, err)
	}
	defer rows.Close()
	var out []DateHistory
	for rows.Next() {
		var (
			h         DateHistory
			withdrawn int
			changed   int64
		)
		if err := rows.Scan(&h.DocumentID, &h.Version, &h.Kind, &h.OldDay, &h.NewDay, &withdrawn, &h.ByDocument,
			&h.Evidence, &changed); err != nil {
			return nil, fmt.Errorf("store: date history %s: %w", id, err)
		}
		h.Withdrawn, h.ChangedAt = withdrawn != 0, fromMS(changed)
		out = append(out, h)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: date history %s: %w", id, err)
	}
	return out, nil
}

// applyMoves applies the moves d (a later rule) makes to other documents'
// dates (calendar.Moves), in the caller's transaction: the target's current
// dates change in place (revision+1, the old day kept as previous_day and
// in date_history), one date_changed event per target goes to the
// subscribers its classification matches, and the target's reminders are
// rescheduled or cancelled. A move that changes nothing (the same day
// again, a date already withdrawn, a target not stored, a kind it has no
// date of) is skipped. It returns the events written and their deliveries.
func (s *Store) applyMoves(ctx context.Context, tx conn, d doc.Document, m Matcher) ([]doc.Event, int, error) {
	moves := calendar.Moves(d)
	if len(moves) == 0 {
		return nil, 0, nil
	}
	byTarget := map[string][]calendar.Move{}
	var targets []string
	for _, mv := range moves {
		id, err := moveTarget(ctx, tx, mv)
		if err != nil {
			return nil, 0, err
		}
		if id == "" || id == d.ID {
			continue
		}
		if _, ok := byTarget[id]; !ok {
			targets = append(targets, id)
		}
		byTarget[id] = append(byTarget[id], mv)
	}
	var (
		evs   []doc.Event
		total int
	)
	for _, id := range targets {
		ev, n, err := s.applyTargetMoves(ctx, tx, id, byTarget[id], d.ID, m)
		if err != nil {
			return nil, 0, fmt.Errorf("%s: %w", id, err)
		}
		if ev.ID != 0 {
			evs, total = append(evs, ev), total+n
		}
	}
	return evs, total, nil
}

// moveTarget finds the stored document a move names: by document number,
// else by the FR citation of its current version; "" if none.
func moveTarget(ctx context.Context, tx conn, mv calendar.Move) (string, error) {
	var id string
	var err error
	if mv.DocumentNumber != "" {
		err = tx.queryRow(ctx, `SELECT id FROM documents WHERE id = ?`, "fr:"+mv.DocumentNumber).Scan(&id)
	} else {
		err = tx.queryRow(ctx, `SELECT vd.document_id FROM version_dates vd
			JOIN documents d ON d.id = vd.document_id AND d.current_version = vd.version
			WHERE vd.citation = ? ORDER BY vd.document_id LIMIT 1`, mv.Citation).Scan(&id)
	}
	if notFound(err) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("find the document of %s%s: %w", mv.Citation, mv.DocumentNumber, err)
	}
	return id, nil
}

// applyTargetMoves applies moves to document id's current dates.
func (s *Store) applyTargetMoves(ctx context.Context, tx conn, id string, moves []calendar.Move, by string, m Matcher) (doc.Event, int, error) {
	if err := tx.lock(ctx, documentLockKey(id)); err != nil {
		return doc.Event{}, 0, fmt.Errorf("lock: %w", err)
	}
	var (
		version        int
		content, class string
	)
	if err := tx.queryRow(ctx, `SELECT d.current_version, v.content, COALESCE(c.content, '') FROM documents d
		JOIN versions v ON v.document_id = d.id AND v.version = d.current_version
		LEFT JOIN classifications c ON c.document_id = d.id AND c.version = d.current_version
		WHERE d.id = ?`, id).Scan(&version, &content, &class); err != nil {
		return doc.Event{}, 0, fmt.Errorf("read current version: %w", err)
	}
	dates, err := versionCalendar(ctx, tx, id, version)
	if err != nil {
		return doc.Event{}, 0, err
	}
	now := s.clock()
	var parts []string
	for _, mv := range moves {
		for _, cd := range dates {
			if !slices.Contains(doc.ActionDateKinds, cd.Kind) || (mv.Kind != "" && mv.Kind != cd.Kind) {
				continue
			}
			day, newDay := cd.Day(), ""
			switch {
			case mv.Withdrawn && cd.Withdrawn, !mv.Withdrawn && !cd.Withdrawn && day == mv.To.Format(time.DateOnly):
				continue
			case mv.Withdrawn:
				parts = append(parts, calendar.WithdrawnSummary(cd.Kind, day, mv.Evidence+" ("+by+")"))
			default:
				newDay = mv.To.Format(time.DateOnly)
				parts = append(parts, calendar.MovedSummary(cd.Kind, day, newDay, mv.Evidence+" ("+by+")"))
			}
			setDay := newDay
			if mv.Withdrawn {
				setDay = day
			}
			if _, err := tx.exec(ctx, `UPDATE version_dates SET day = ?, withdrawn = ?, previous_day = ?, source = ?,
				evidence = ?, moved_by = ?, revision = revision + 1 WHERE document_id = ? AND version = ? AND kind = ?`,
				setDay, boolInt(mv.Withdrawn), day, calendar.SourceLaterRule, mv.Evidence, by, id, version, cd.Kind); err != nil {
				return doc.Event{}, 0, fmt.Errorf("move %s date: %w", cd.Kind, err)
			}
			if _, err := tx.exec(ctx, `INSERT INTO date_history (document_id, version, kind, old_day, new_day, withdrawn,
				by_document, evidence, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				id, version, cd.Kind, day, newDay, boolInt(mv.Withdrawn), by, mv.Evidence, ms(now)); err != nil {
				return doc.Event{}, 0, fmt.Errorf("date history: %w", err)
			}
		}
		// Later moves in the same rule see the days as this one left them.
		if dates, err = versionCalendar(ctx, tx, id, version); err != nil {
			return doc.Event{}, 0, err
		}
	}
	if len(parts) == 0 {
		return doc.Event{}, 0, nil
	}
	var d doc.Document
	if err := json.Unmarshal([]byte(content), &d); err != nil {
		return doc.Event{}, 0, fmt.Errorf("decode version %d: %w", version, err)
	}
	c, err := decodeClassification(class)
	if err != nil {
		return doc.Event{}, 0, err
	}
	ev := doc.Event{
		DocumentID: id, Version: version, Kind: doc.EventDateChanged, Source: d.Source, Title: d.Title, URL: d.URL,
		Labels: nonNil(c.Labels), Countries: nonNil(c.Countries), Summary: strings.Join(parts, "; "), CreatedAt: now,
	}
	ev, n, err := s.insertEvent(ctx, tx, ev, d, c, m)
	if err != nil {
		return doc.Event{}, 0, fmt.Errorf("date change: %w", err)
	}
	if err := s.syncDocumentReminders(ctx, tx, id); err != nil {
		return doc.Event{}, 0, err
	}
	return ev, n, nil
}
