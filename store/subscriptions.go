package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/exportwatch/exportwatch/doc"
)

// subscriptionColumns is the column list scanSubscription reads.
const subscriptionColumns = `id, name, countries, labels, sources, query, channel, target, url, secret, mode,
	digest_at, time_zone, operational, created_at, named_only, reminders, feed_token, watchlist`

// CreateSubscription stores sub, with its real secret values, and returns it
// with its ID, Mode (default instant), CreatedAt (default now) and a new
// FeedToken set. In the same transaction it schedules the subscription's
// reminders for the dates its calendar holds that are not past.
func (s *Store) CreateSubscription(ctx context.Context, sub doc.Subscription) (doc.Subscription, error) {
	err := s.write(ctx, func(tx conn) error {
		var err error
		sub, err = s.insertSubscription(ctx, tx, sub)
		return err
	})
	if err != nil {
		return doc.Subscription{}, fmt.Errorf("store: create subscription %q: %w", sub.Name, err)
	}
	return sub, nil
}

// insertSubscription writes sub in tx, schedules its reminders, and returns
// it with its ID, Mode, CreatedAt and FeedToken set (CreateSubscription,
// CreateSubscriptionWithBackfill).
func (s *Store) insertSubscription(ctx context.Context, tx conn, sub doc.Subscription) (doc.Subscription, error) {
	if sub.Channel == "" {
		return sub, errors.New("no channel")
	}
	if sub.Mode == "" {
		sub.Mode = doc.ModeInstant
	}
	if sub.CreatedAt.IsZero() {
		sub.CreatedAt = s.clock()
	} else {
		sub.CreatedAt = fromMS(ms(sub.CreatedAt))
	}
	lists := make([]string, 3)
	for i, v := range [][]string{sub.Countries, sub.Labels, sub.Sources} {
		b, err := json.Marshal(nonNil(v))
		if err != nil {
			return sub, err
		}
		lists[i] = string(b)
	}
	reminders, err := json.Marshal(append([]doc.Reminder{}, sub.Reminders...))
	if err != nil {
		return sub, err
	}
	token, err := newFeedToken()
	if err != nil {
		return sub, err
	}
	sub.FeedToken = doc.Secret(token)
	if err := tx.queryRow(ctx, `INSERT INTO subscriptions (name, countries, labels, sources, query, channel, target,
		url, secret, mode, digest_at, time_zone, operational, created_at, named_only, reminders, feed_token, watchlist)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		sub.Name, lists[0], lists[1], lists[2], sub.Query, sub.Channel, sub.Target,
		sub.URL.Reveal(), sub.Secret.Reveal(), sub.Mode, sub.DigestAt, sub.TimeZone,
		boolInt(sub.Operational), ms(sub.CreatedAt), boolInt(sub.NamedOnly), string(reminders), token, sub.Watchlist).Scan(&sub.ID); err != nil {
		return sub, err
	}
	if len(sub.Reminders) == 0 {
		return sub, nil
	}
	items, err := datedItems(ctx, tx, "", s.clock())
	if err != nil {
		return sub, fmt.Errorf("reminders: %w", err)
	}
	return sub, s.syncReminders(ctx, tx, []doc.Subscription{sub}, items, "")
}

// Subscription returns an active subscription, or ErrNotFound (also for a
// deleted one).
func (s *Store) Subscription(ctx context.Context, id int64) (doc.Subscription, error) {
	sub, err := scanSubscription(s.reader().queryRow(ctx,
		`SELECT `+subscriptionColumns+` FROM subscriptions WHERE id = ? AND deleted_at = 0`, id))
	if notFound(err) {
		err = ErrNotFound
	}
	if err != nil {
		return doc.Subscription{}, fmt.Errorf("store: subscription %d: %w", id, err)
	}
	return sub, nil
}

// SubscriptionByFeedToken returns the active subscription whose calendar
// feed token is token, or ErrNotFound.
func (s *Store) SubscriptionByFeedToken(ctx context.Context, token string) (doc.Subscription, error) {
	if token == "" {
		return doc.Subscription{}, fmt.Errorf("store: subscription by feed token: %w", ErrNotFound)
	}
	sub, err := scanSubscription(s.reader().queryRow(ctx,
		`SELECT `+subscriptionColumns+` FROM subscriptions WHERE feed_token = ? AND deleted_at = 0`, token))
	if notFound(err) {
		err = ErrNotFound
	}
	if err != nil {
		return doc.Subscription{}, fmt.Errorf("store: subscription by feed token: %w", err)
	}
	return sub, nil
}

// newFeedToken returns 128 random bits in hex: the name of a
// subscription's calendar feed, which calendar apps fetch without a
// bearer token.
func newFeedToken() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("feed token: %w", err)
	}
	return hex.EncodeToString(b), nil
}

// fillFeedTokens gives every subscription stored before migration 0006 a
// feed token.
func fillFeedTokens(ctx context.Context, tx conn) error {
	rows, err := tx.query(ctx, `SELECT id FROM subscriptions WHERE feed_token = '' ORDER BY id`)
	if err != nil {
		return fmt.Errorf("feed tokens: %w", err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return fmt.Errorf("feed tokens: %w", err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("feed tokens: %w", err)
	}
	for _, id := range ids {
		token, err := newFeedToken()
		if err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `UPDATE subscriptions SET feed_token = ? WHERE id = ?`, token, id); err != nil {
			return fmt.Errorf("feed token of subscription %d: %w", id, err)
		}
	}
	return nil
}

// Subscriptions returns the active subscriptions by ID.
func (s *Store) Subscriptions(ctx context.Context) ([]doc.Subscription, error) {
	subs, err := listSubscriptions(ctx, s.reader())
	if err != nil {
		return nil, fmt.Errorf("store: subscriptions: %w", err)
	}
	return subs, nil
}

// listSubscriptions reads the active subscriptions through c.
func listSubscriptions(ctx context.Context, c conn) ([]doc.Subscription, error) {
	rows, err := c.query(ctx, `SELECT `+subscriptionColumns+` FROM subscriptions WHERE deleted_at = 0 ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("list subscriptions: %w", err)
	}
	defer rows.Close()
	var out []doc.Subscription
	for rows.Next() {
		sub, err := scanSubscription(rows)
		if err != nil {
			return nil, fmt.Errorf("list subscriptions: %w", err)
		}
		out = append(out, sub)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list subscriptions: %w", err)
	}
	return out, nil
}

func scanSubscription(r scanner) (doc.Subscription, error) {
	var (
		sub                        doc.Subscription
		countries, labels, sources string
		url, secret                string
		operational, namedOnly     int
		created                    int64
		reminders, token           string
	)
	if err := r.Scan(&sub.ID, &sub.Name, &countries, &labels, &sources, &sub.Query, &sub.Channel, &sub.Target,
		&url, &secret, &sub.Mode, &sub.DigestAt, &sub.TimeZone, &operational, &created, &namedOnly,
		&reminders, &token, &sub.Watchlist); err != nil {
		return sub, err
	}
	sub.URL, sub.Secret, sub.FeedToken = doc.Secret(url), doc.Secret(secret), doc.Secret(token)
	if err := json.Unmarshal([]byte(reminders), &sub.Reminders); err != nil {
		return sub, fmt.Errorf("decode reminders of subscription %d: %w", sub.ID, err)
	}
	if len(sub.Reminders) == 0 {
		sub.Reminders = nil
	}
	sub.Operational = operational != 0
	sub.NamedOnly = namedOnly != 0
	sub.CreatedAt = fromMS(created)
	for _, f := range []struct {
		raw string
		dst *[]string
	}{{countries, &sub.Countries}, {labels, &sub.Labels}, {sources, &sub.Sources}} {
		if err := json.Unmarshal([]byte(f.raw), f.dst); err != nil {
			return sub, fmt.Errorf("decode subscription %d: %w", sub.ID, err)
		}
		if len(*f.dst) == 0 {
			*f.dst = nil
		}
	}
	return sub, nil
}

// DeleteSubscription deletes a subscription, its unsent (pending and
// failed) deliveries and its Slack threads, and cancels its reminders, or
// returns ErrNotFound. The row
// is kept, marked deleted, so sent deliveries keep their history and the ID
// is never reused.
func (s *Store) DeleteSubscription(ctx context.Context, id int64) error {
	err := s.write(ctx, func(tx conn) error {
		r, err := tx.exec(ctx, `UPDATE subscriptions SET deleted_at = ? WHERE id = ? AND deleted_at = 0`, ms(s.clock()), id)
		if err != nil {
			return err
		}
		if n, err := r.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return ErrNotFound
		}
		if _, err := tx.exec(ctx, `DELETE FROM deliveries WHERE subscription_id = ? AND status <> 'sent'`, id); err != nil {
			return fmt.Errorf("delete deliveries: %w", err)
		}
		if _, err := tx.exec(ctx, `DELETE FROM threads WHERE subscription_id = ?`, id); err != nil {
			return fmt.Errorf("delete threads: %w", err)
		}
		if _, err := tx.exec(ctx, `UPDATE reminders SET status = ?, updated_at = ? WHERE subscription_id = ?`,
			ReminderCancelled, ms(s.clock()), id); err != nil {
			return fmt.Errorf("cancel reminders: %w", err)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: delete subscription %d: %w", id, err)
	}
	return nil
}
