package notify

// DigestTimes exposes digestTimes to the external tests.
var DigestTimes = digestTimes

// BackfillItems exposes backfillItems to the external tests.
var BackfillItems = (*Notifier).backfillItems
