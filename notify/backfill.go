package notify

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/exportwatch/exportwatch/doc"
	"github.com/exportwatch/exportwatch/store"
)

// A backfill is one digest of the documents a subscription would have
// matched in a past window. The store queues it as a delivery of kind
// doc.EventBackfill (store.CreateSubscriptionWithBackfill,
// store.AddBackfill); the dispatcher sends it as a job of its own, building
// the digest when it sends, with the retries, backoff and failure record
// of every delivery. SendNow tries one at once for a command.

// maxBackfill caps how many documents a backfill lists.
const maxBackfill = 1000

// backfillEmptyRef is the ref of a backfill sent as nothing: the window
// held no matching document, so no message went out.
const backfillEmptyRef = "nothing in the window"

// backfillItems returns what s would have been told about the documents
// published since `since` (the publication date, not when exportwatch
// first saw them): one item per matching document, its current version
// with its newest event, in s's terms (inTerms), oldest publication
// first, at most maxBackfill.
func backfillItems(ctx context.Context, st Store, m *Matcher, s doc.Subscription, since time.Time) ([]Item, error) {
	var items []Item
	err := st.Documents(ctx, since, func(sd store.StoredDocument) error {
		if len(items) >= maxBackfill {
			return nil
		}
		evs, err := st.Events(ctx, store.EventQuery{DocumentID: sd.ID, Limit: 1})
		if err != nil || len(evs) == 0 {
			return err
		}
		if !m.matches(evs[0], sd.Document, sd.Classification, s) {
			return nil
		}
		items = append(items, inTerms(s, Item{Event: evs[0], Document: sd.Document, Classification: sd.Classification}))
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("notify: backfill: %w", err)
	}
	return items, nil
}

// inTerms keeps, of an item's labels and countries, those the
// subscription asked for, so a digest or backfill speaks only of what the
// subscriber follows (a worldwide document keeps no country: it reads
// "Worldwide").
func inTerms(s doc.Subscription, it Item) Item {
	keep := func(have, want []string) []string {
		if len(want) == 0 {
			return have
		}
		var out []string
		for _, h := range have {
			for _, w := range want {
				if strings.EqualFold(h, w) {
					out = append(out, h)
					break
				}
			}
		}
		return out
	}
	c, ev := it.Classification, it.Event
	c.Labels, ev.Labels = keep(c.Labels, s.Labels), keep(ev.Labels, s.Labels)
	c.Countries, ev.Countries = keep(c.Countries, s.Countries), keep(ev.Countries, s.Countries)
	it.Classification, it.Event = c, ev
	return it
}

// BackfillTitle is the heading of a backfill digest.
func BackfillTitle(since time.Time) string {
	return "exportwatch backfill: published since " + since.UTC().Format(time.DateOnly)
}

// runBackfill sends the backfill job j (one row) and records the outcome
// like any delivery. It returns how many documents the digest listed and
// the send's error (nil when sent or when the window held nothing).
func (d *dispatcher) runBackfill(ctx context.Context, j job) (int, error) {
	r := j.rows[0]
	ev, err := d.st.Event(ctx, r.EventID)
	if err != nil {
		err = fmt.Errorf("load backfill event %d: %w", r.EventID, err)
		d.settle(ctx, j.sub.Channel, r, "", !errors.Is(err, store.ErrNotFound), err, false)
		return 0, err
	}
	since, err := doc.BackfillSince(ev.Summary)
	if err != nil {
		d.settle(ctx, j.sub.Channel, r, "", false, err, false)
		return 0, err
	}
	items, err := backfillItems(ctx, d.st, d.matcher, j.sub, since)
	if err != nil {
		d.settle(ctx, j.sub.Channel, r, "", true, err, false)
		return 0, err
	}
	if len(items) == 0 {
		d.settle(ctx, j.sub.Channel, r, backfillEmptyRef, false, nil, false)
		return 0, nil
	}
	n := Notification{Subscription: j.sub, Items: items, Digest: true, Backfill: true, Title: BackfillTitle(since), DeliveryID: r.ID}
	ref, retry, err := d.recallOrSend(ctx, d.senders[j.sub.Channel], n, r)
	d.settle(ctx, j.sub.Channel, r, ref, retry, err, false)
	return len(items), err
}

// Attempt is what SendNow did with one delivery.
type Attempt struct {
	// Delivery is the row as recorded afterwards: sent, pending (queued
	// for a retry, LastError says why) or failed (final; LastError).
	Delivery store.Delivery
	// Tried is false when the delivery was not this call's to send: not
	// pending, not yet due, or claimed by another sender (serve's
	// dispatcher). Delivery then shows it as it was.
	Tried bool
	// Documents is how many documents a backfill listed; 0 for a sent
	// backfill means the window held nothing to send.
	Documents int
}

// SendNow tries delivery id at once, through the same path as the
// dispatcher (a backfill builds its digest now; a failure is retried
// later with backoff or recorded as final), and returns the outcome. A
// delivery that fails for now stays queued: `serve` sends it when due.
func (n *Notifier) SendNow(ctx context.Context, id int64) (Attempt, error) {
	d := n.dispatch
	now := d.cfg.Now()
	r, ok, err := d.st.ClaimDelivery(ctx, id, now, d.cfg.Lease)
	if err != nil {
		return Attempt{}, fmt.Errorf("notify: send delivery %d: %w", id, err)
	}
	if !ok {
		return Attempt{Delivery: r}, nil
	}
	att := Attempt{Tried: true}
	for _, j := range d.plan(ctx, now, []store.Delivery{r}) {
		if j.backfill {
			att.Documents, _ = d.runBackfill(context.WithoutCancel(ctx), j)
		} else {
			d.run(ctx, j)
		}
		d.release(j.rows)
	}
	if att.Delivery, err = d.st.Delivery(ctx, id); err != nil {
		return att, fmt.Errorf("notify: send delivery %d: %w", id, err)
	}
	return att, nil
}
