package store

import (
	"context"
	"fmt"
	"time"

	"github.com/exportwatch/exportwatch/doc"
)

// CreateSubscriptionWithBackfill stores sub (CreateSubscription) and, in
// the same transaction, its backfill of the documents published since
// `since` (AddBackfill): either both exist afterwards or neither.
func (s *Store) CreateSubscriptionWithBackfill(ctx context.Context, sub doc.Subscription, since time.Time) (doc.Subscription, Delivery, error) {
	var d Delivery
	err := s.write(ctx, func(tx conn) error {
		var err error
		if sub, err = s.insertSubscription(ctx, tx, sub); err != nil {
			return err
		}
		d, err = s.insertBackfill(ctx, tx, sub.ID, since)
		return err
	})
	if err != nil {
		return doc.Subscription{}, Delivery{}, fmt.Errorf("store: create subscription %q with backfill: %w", sub.Name, err)
	}
	return sub, d, nil
}

// AddBackfill queues a backfill for an active subscription (ErrNotFound
// otherwise): an event of kind doc.EventBackfill whose summary holds the
// window (doc.BackfillSummary) and its one pending delivery, due now. The
// dispatcher builds the digest when it sends, so a retry after an outage
// lists what the archive holds then. Each call is a new backfill; an
// earlier one, sent or failed, stays in the history.
func (s *Store) AddBackfill(ctx context.Context, subscriptionID int64, since time.Time) (Delivery, error) {
	var d Delivery
	err := s.write(ctx, func(tx conn) error {
		var active int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM subscriptions WHERE id = ? AND deleted_at = 0`, subscriptionID).Scan(&active); err != nil {
			return err
		}
		if active == 0 {
			return ErrNotFound
		}
		var err error
		d, err = s.insertBackfill(ctx, tx, subscriptionID, since)
		return err
	})
	if err != nil {
		return Delivery{}, fmt.Errorf("store: backfill subscription %d: %w", subscriptionID, err)
	}
	return d, nil
}

// insertBackfill writes a backfill event and its delivery for subscription
// subID in tx.
func (s *Store) insertBackfill(ctx context.Context, tx conn, subID int64, since time.Time) (Delivery, error) {
	if since.IsZero() {
		return Delivery{}, fmt.Errorf("backfill: no window")
	}
	now := s.clock()
	ev := doc.Event{Kind: doc.EventBackfill, Title: fmt.Sprintf("Backfill for subscription %d", subID), Labels: []string{}, Countries: []string{},
		Summary: doc.BackfillSummary(since), CreatedAt: now}
	ev, _, err := s.insertEvent(ctx, tx, ev, doc.Document{}, doc.Classification{}, nil)
	if err != nil {
		return Delivery{}, fmt.Errorf("backfill: %w", err)
	}
	d := Delivery{SubscriptionID: subID, EventID: ev.ID, Status: StatusPending, DueAt: now, CreatedAt: now, Kind: doc.EventBackfill}
	if err := tx.queryRow(ctx, `INSERT INTO deliveries (subscription_id, event_id, status, attempts, due_at, created_at)
		VALUES (?, ?, 'pending', 0, ?, ?) RETURNING id`, subID, ev.ID, ms(now), ms(now)).Scan(&d.ID); err != nil {
		return Delivery{}, fmt.Errorf("backfill: insert delivery: %w", err)
	}
	return d, nil
}
