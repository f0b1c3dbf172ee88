package store

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Delivery statuses.
const (
	StatusPending = "pending"
	StatusSent    = "sent"
	StatusFailed  = "failed"
	// StatusCancelled: a reminder whose date was withdrawn; never sent.
	StatusCancelled = "cancelled"
)

// Delivery is one row of the outbox: one event for one subscription.
type Delivery struct {
	ID             int64     `json:"id"`
	SubscriptionID int64     `json:"subscription_id"`
	EventID        int64     `json:"event_id"`
	Status         string    `json:"status"`
	Attempts       int       `json:"attempts"`
	DueAt          time.Time `json:"due_at"`
	LastError      string    `json:"last_error,omitempty"`
	SentAt         time.Time `json:"sent_at,omitempty"`
	Ref            string    `json:"ref,omitempty"` // channel's ack id (Slack ts, SMTP queue id)
	CreatedAt      time.Time `json:"created_at"`
	// Kind is the kind of the delivery's event: a change (new, updated,
	// published, date_changed), an operational event (source), or a
	// backfill (doc.EventBackfill: one digest of a past window).
	Kind string `json:"kind"`
	// InDoubt, on a row ClaimDue returned, says it had been claimed or
	// rescheduled before (its due time was no longer its creation time):
	// an earlier attempt may have reached the channel unrecorded.
	InDoubt bool `json:"-"`
}

// deliveryColumns are the columns scanDelivery reads from deliveries; the
// kind comes from the delivery's event (a correlated look-up, so a FOR
// UPDATE on deliveries locks no event row).
const deliveryColumns = `id, subscription_id, event_id, status, attempts, due_at, last_error, sent_at, ref, created_at,
	COALESCE((SELECT e.kind FROM events e WHERE e.id = deliveries.event_id), '')`

func scanDelivery(r scanner) (Delivery, error) {
	var (
		d                  Delivery
		due, sent, created int64
	)
	err := r.Scan(&d.ID, &d.SubscriptionID, &d.EventID, &d.Status, &d.Attempts, &due, &d.LastError, &sent, &d.Ref, &created, &d.Kind)
	d.DueAt, d.SentAt, d.CreatedAt = fromMS(due), fromMS(sent), fromMS(created)
	return d, err
}

// ClaimDue returns up to limit (default 100, max 1000) pending deliveries
// with due_at <= now, oldest due first, and pushes their due_at to now+lease
// in the same transaction, so no other worker or process takes them while
// they are being sent. On SQLite the transaction is immediate (one writer
// at a time); on PostgreSQL the rows are selected FOR UPDATE SKIP LOCKED,
// so workers of several processes claim disjoint rows concurrently. A crash
// lets the lease expire and the row is claimed again: delivery is at least
// once. The returned rows carry the lease's end as DueAt, and InDoubt.
func (s *Store) ClaimDue(ctx context.Context, now time.Time, limit int, lease time.Duration) ([]Delivery, error) {
	var out []Delivery
	until := now.Add(lease)
	err := s.write(ctx, func(tx conn) error {
		out = out[:0]
		rows, err := tx.query(ctx, `SELECT `+deliveryColumns+` FROM deliveries
			WHERE status = 'pending' AND due_at <= ? ORDER BY due_at, id LIMIT ?`+s.dialect.forUpdateSkipLocked(),
			ms(now), clampLimit(limit))
		if err != nil {
			return err
		}
		for rows.Next() {
			d, err := scanDelivery(rows)
			if err != nil {
				rows.Close()
				return err
			}
			out = append(out, d)
		}
		if err := rows.Close(); err != nil {
			return err
		}
		if err := rows.Err(); err != nil {
			return err
		}
		if len(out) == 0 {
			return nil
		}
		args := make([]any, 0, len(out)+1)
		args = append(args, ms(until))
		for i := range out {
			args = append(args, out[i].ID)
			out[i].InDoubt = !out[i].DueAt.Equal(out[i].CreatedAt)
			out[i].DueAt = fromMS(ms(until))
		}
		q := `UPDATE deliveries SET due_at = ? WHERE id IN (?` + strings.Repeat(`, ?`, len(out)-1) + `)`
		if _, err := tx.exec(ctx, q, args...); err != nil {
			return fmt.Errorf("lease: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: claim due deliveries: %w", err)
	}
	return out, nil
}

// ClaimDelivery claims delivery id as ClaimDue would, if it is pending and
// due at now: its due_at moves to now+lease and ok is true. Otherwise it
// returns the row as it is and ok false (already sent or failed, due
// later, or leased by another sender), or ErrNotFound. A command uses it
// to try one delivery at once without racing the dispatcher of `serve`.
func (s *Store) ClaimDelivery(ctx context.Context, id int64, now time.Time, lease time.Duration) (d Delivery, ok bool, err error) {
	until := now.Add(lease)
	err = s.write(ctx, func(tx conn) error {
		before, err := scanDelivery(tx.queryRow(ctx, `SELECT `+deliveryColumns+` FROM deliveries WHERE id = ?`, id))
		if notFound(err) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		// The condition is checked again by the UPDATE: on PostgreSQL
		// another process may claim the row between the two statements.
		r, err := tx.exec(ctx, `UPDATE deliveries SET due_at = ? WHERE id = ? AND status = 'pending' AND due_at <= ?`,
			ms(until), id, ms(now))
		if err != nil {
			return fmt.Errorf("lease: %w", err)
		}
		n, err := r.RowsAffected()
		if err != nil {
			return fmt.Errorf("lease: %w", err)
		}
		d, ok = before, n > 0
		if ok {
			d.InDoubt = !d.DueAt.Equal(d.CreatedAt)
			d.DueAt = fromMS(ms(until))
		}
		return nil
	})
	if err != nil {
		return Delivery{}, false, fmt.Errorf("store: claim delivery %d: %w", id, err)
	}
	return d, ok, nil
}

// Delivery returns one delivery, or ErrNotFound.
func (s *Store) Delivery(ctx context.Context, id int64) (Delivery, error) {
	d, err := scanDelivery(s.reader().queryRow(ctx, `SELECT `+deliveryColumns+` FROM deliveries WHERE id = ?`, id))
	if notFound(err) {
		err = ErrNotFound
	}
	if err != nil {
		return Delivery{}, fmt.Errorf("store: delivery %d: %w", id, err)
	}
	return d, nil
}

// updateDelivery runs an UPDATE on delivery id whose WHERE clause ends in
// "id = ?" plus cond; when no row changes it tells ErrNotFound (no such
// delivery) from errConflict (the row's status does not allow it).
func (s *Store) updateDelivery(ctx context.Context, id int64, set, cond string, args ...any) error {
	return s.write(ctx, func(tx conn) error {
		q := `UPDATE deliveries SET ` + set + ` WHERE id = ?`
		if cond != "" {
			q += ` AND ` + cond
		}
		r, err := tx.exec(ctx, q, append(args, id)...)
		if err != nil {
			return err
		}
		n, err := r.RowsAffected()
		if err != nil {
			return err
		}
		if n > 0 {
			return nil
		}
		var status string
		if err := tx.queryRow(ctx, `SELECT status FROM deliveries WHERE id = ?`, id).Scan(&status); err != nil {
			if notFound(err) {
				return ErrNotFound
			}
			return err
		}
		return fmt.Errorf("%w: delivery is %s", errConflict, status)
	})
}

// MarkSent records a successful send (attempts+1) with the channel's ack id.
// It applies whatever the row's status: a send that happened is recorded.
func (s *Store) MarkSent(ctx context.Context, id int64, at time.Time, ref string) error {
	if err := s.updateDelivery(ctx, id, `status = 'sent', attempts = attempts + 1, sent_at = ?, ref = ?`, "",
		ms(at), ref); err != nil {
		return fmt.Errorf("store: mark delivery %d sent: %w", id, err)
	}
	return nil
}

// MarkRetry records a failed attempt that may succeed later: attempts+1,
// due again at due. Only a pending delivery can be retried (a conflict
// error otherwise, e.g. when another worker already sent it).
func (s *Store) MarkRetry(ctx context.Context, id int64, due time.Time, reason string) error {
	if err := s.updateDelivery(ctx, id, `attempts = attempts + 1, due_at = ?, last_error = ?`, `status = 'pending'`,
		ms(due), truncate(reason)); err != nil {
		return fmt.Errorf("store: mark delivery %d for retry: %w", id, err)
	}
	return nil
}

// MarkFailed records a final failure: status failed, attempts+1. Only a
// pending delivery can fail (a conflict error otherwise).
func (s *Store) MarkFailed(ctx context.Context, id int64, reason string) error {
	if err := s.updateDelivery(ctx, id, `status = 'failed', attempts = attempts + 1, last_error = ?`, `status = 'pending'`,
		truncate(reason)); err != nil {
		return fmt.Errorf("store: mark delivery %d failed: %w", id, err)
	}
	return nil
}

// RetryDelivery makes a failed (or still pending) delivery pending and due
// at now, with its attempts reset so the retry policy starts over. A sent
// delivery gives a conflict error.
func (s *Store) RetryDelivery(ctx context.Context, id int64, now time.Time) error {
	if err := s.updateDelivery(ctx, id, `status = 'pending', attempts = 0, due_at = ?`, `status <> 'sent'`,
		ms(now)); err != nil {
		return fmt.Errorf("store: retry delivery %d: %w", id, err)
	}
	return nil
}

// DeliveryQuery selects deliveries; empty fields do not filter. Limit:
// default 100, max 1000. Newest first.
type DeliveryQuery struct {
	Status                  string
	Kind                    string // the event's kind (doc.EventNew, doc.EventBackfill, ...)
	SubscriptionID, EventID int64
	Limit                   int
}

// Deliveries returns the deliveries q selects, newest first.
func (s *Store) Deliveries(ctx context.Context, q DeliveryQuery) ([]Delivery, error) {
	var (
		where []string
		args  []any
	)
	if q.Status != "" {
		where, args = append(where, `status = ?`), append(args, q.Status)
	}
	if q.SubscriptionID != 0 {
		where, args = append(where, `subscription_id = ?`), append(args, q.SubscriptionID)
	}
	if q.EventID != 0 {
		where, args = append(where, `event_id = ?`), append(args, q.EventID)
	}
	if q.Kind != "" {
		where, args = append(where, `event_id IN (SELECT id FROM events WHERE kind = ?)`), append(args, q.Kind)
	}
	query := `SELECT ` + deliveryColumns + ` FROM deliveries`
	if len(where) > 0 {
		query += ` WHERE ` + strings.Join(where, ` AND `)
	}
	query += ` ORDER BY id DESC LIMIT ?`
	args = append(args, clampLimit(q.Limit))
	rows, err := s.reader().query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: deliveries: %w", err)
	}
	defer rows.Close()
	var out []Delivery
	for rows.Next() {
		d, err := scanDelivery(rows)
		if err != nil {
			return nil, fmt.Errorf("store: deliveries: %w", err)
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: deliveries: %w", err)
	}
	return out, nil
}

// Thread returns the Slack ts of the first alert sent to subscriptionID
// about documentID, or "" if none.
func (s *Store) Thread(ctx context.Context, subscriptionID int64, documentID string) (string, error) {
	var ts string
	err := s.reader().queryRow(ctx, `SELECT ts FROM threads WHERE subscription_id = ? AND document_id = ?`,
		subscriptionID, documentID).Scan(&ts)
	if err != nil && !notFound(err) {
		return "", fmt.Errorf("store: thread %d %s: %w", subscriptionID, documentID, err)
	}
	return ts, nil
}

// SaveThread remembers ts as the thread of (subscriptionID, documentID);
// the first one saved wins.
func (s *Store) SaveThread(ctx context.Context, subscriptionID int64, documentID, ts string) error {
	err := s.write(ctx, func(tx conn) error {
		_, err := tx.exec(ctx, `INSERT INTO threads (subscription_id, document_id, ts, created_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (subscription_id, document_id) DO NOTHING`, subscriptionID, documentID, ts, ms(s.clock()))
		return err
	})
	if err != nil {
		return fmt.Errorf("store: save thread %d %s: %w", subscriptionID, documentID, err)
	}
	return nil
}

// maxErrorLen bounds stored error texts.
const maxErrorLen = 2000

// truncate shortens s to maxErrorLen bytes on a rune boundary.
func truncate(s string) string {
	if len(s) <= maxErrorLen {
		return s
	}
	cut := maxErrorLen
	for cut > 0 && (s[cut]&0xC0) == 0x80 {
		cut--
	}
	return s[:cut] + "…"
}
