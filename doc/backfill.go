package doc

import (
	"fmt"
	"strings"
	"time"
)

// EventBackfill is the kind of the event behind a backfill: one
// subscription's request for a digest of the documents published in a past
// window. It is not a change of any document; event listings and feeds
// leave it out, and its single delivery row goes through the outbox like
// an alert (retries, backoff, `deliveries`).
const EventBackfill = "backfill"

// backfillPrefix starts a backfill event's summary; the window follows.
const backfillPrefix = "published since "

// BackfillSummary is the summary of a backfill event for the window that
// starts at since: "published since 2025-01-01T00:00:00Z". The window is
// fixed when the backfill is asked for, so a retry days later sends the
// same window.
func BackfillSummary(since time.Time) string {
	return backfillPrefix + since.UTC().Format(time.RFC3339)
}

// BackfillSince reads the start of the window back from a backfill
// event's summary (BackfillSummary).
func BackfillSince(summary string) (time.Time, error) {
	s, ok := strings.CutPrefix(summary, backfillPrefix)
	if !ok {
		return time.Time{}, fmt.Errorf("backfill summary %q: want %q and an RFC 3339 time", summary, backfillPrefix)
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("backfill summary %q: %w", summary, err)
	}
	return t.UTC(), nil
}

// CheckBackfill says why s cannot have a backfill of the window starting
// at since (now being the present), or returns nil: a feed is read, not
// sent, and already holds the past; a window cannot start in the future;
// a watchlist subscription's past is its list's hits.
func (s Subscription) CheckBackfill(since, now time.Time) error {
	switch {
	case s.Watchlist != "":
		return fmt.Errorf("a watchlist subscription has no backfill: the list's past hits are listed by exportwatch watchlist hits %s", s.Watchlist)
	case s.Channel == ChannelFeed:
		return fmt.Errorf("a backfill needs a channel that sends (%s, %s, %s or %s); a feed already holds the past",
			ChannelSlack, ChannelSlackWebhook, ChannelWebhook, ChannelEmail)
	case since.IsZero():
		return fmt.Errorf("a backfill needs the start of its window")
	case since.After(now):
		return fmt.Errorf("the backfill window starts in the future (%s)", since.UTC().Format(time.RFC3339))
	}
	return nil
}
