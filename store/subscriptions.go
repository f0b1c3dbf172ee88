package store

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/exportwatch/exportwatch/doc"
)

// subscriptionColumns is the column list scanSubscription reads.
const subscriptionColumns = `id, name, countries, labels, sources, query, channel, target, url, secret, mode,
	digest_at, time_zone, operational, created_at, named_only, watchlist`

// CreateSubscription stores sub, with its real secret values, and returns it
// with its ID, Mode (default instant) and CreatedAt (default now) set.
func (s *Store) CreateSubscription(ctx context.Context, sub doc.Subscription) (doc.Subscription, error) {
	if sub.Channel == "" {
		return doc.Subscription{}, fmt.Errorf("store: create subscription %q: no channel", sub.Name)
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
			return doc.Subscription{}, fmt.Errorf("store: create subscription %q: %w", sub.Name, err)
		}
		lists[i] = string(b)
	}
	err := s.write(ctx, func(tx conn) error {
		return tx.queryRow(ctx, `INSERT INTO subscriptions (name, countries, labels, sources, query, channel, target,
			url, secret, mode, digest_at, time_zone, operational, created_at, named_only, watchlist)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			sub.Name, lists[0], lists[1], lists[2], sub.Query, sub.Channel, sub.Target,
			sub.URL.Reveal(), sub.Secret.Reveal(), sub.Mode, sub.DigestAt, sub.TimeZone,
			boolInt(sub.Operational), ms(sub.CreatedAt), boolInt(sub.NamedOnly), sub.Watchlist).Scan(&sub.ID)
	})
	if err != nil {
		return doc.Subscription{}, fmt.Errorf("store: create subscription %q: %w", sub.Name, err)
	}
	return sub, nil
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
	)
	if err := r.Scan(&sub.ID, &sub.Name, &countries, &labels, &sources, &sub.Query, &sub.Channel, &sub.Target,
		&url, &secret, &sub.Mode, &sub.DigestAt, &sub.TimeZone, &operational, &created, &namedOnly, &sub.Watchlist); err != nil {
		return sub, err
	}
	sub.URL, sub.Secret = doc.Secret(url), doc.Secret(secret)
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
// failed) deliveries and its Slack threads, or returns ErrNotFound. The row
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
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: delete subscription %d: %w", id, err)
	}
	return nil
}
