package notify

import (
	"context"
	"time"

	"github.com/exportwatch/exportwatch/doc"
)

// DigestTimes exposes digestTimes to the external tests.
var DigestTimes = digestTimes

// BackfillItems exposes backfillItems to the external tests.
func BackfillItems(n *Notifier, ctx context.Context, s doc.Subscription, since time.Time) ([]Item, error) {
	return backfillItems(ctx, n.st, n.matcher, s, since)
}
