// Package notify tells subscribers about change events: it decides which
// subscriptions an event goes to (Matcher, run by the store inside the
// transaction that writes the event), sends the delivery rows of the store's
// outbox through the channels (dispatcher), with retries, backoff and daily
// digests, and offers the Notifier façade that the commands and the server
// use (test messages, backfills, validation).
//
// Each channel is a package of its own (notify/slack, notify/webhook,
// notify/email) that implements Sender and owns its rendering and its
// config section; notify/channels registers them in one table. What every
// channel shows about an alert (titles, labels, countries, digests) is
// rendered here.
//
// Delivery is at least once and driven only by the outbox (DESIGN.md
// invariant 3): a row is claimed with a lease, sent, and marked sent as soon
// as the channel acknowledged it. A row whose earlier claim ended without a
// record (a crash between acknowledgement and mark) is first looked up on
// channels that can say whether they already have it (Recaller), so even
// that window sends nothing twice there.
//
// Secrets (the Slack bot token, webhook URLs, the SMTP password, HMAC keys)
// never appear in logs, errors or stored failure reasons: senders Scrub
// every error they return.
package notify

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"time"

	"github.com/exportwatch/exportwatch/doc"
)

// Item is one event with the document version it concerns. Document and
// Classification are zero for operational (source) events.
type Item struct {
	Event          doc.Event
	Document       doc.Document
	Classification doc.Classification
}

// Notification is one message to one subscription: a single alert, a
// digest of several events, or a test message.
type Notification struct {
	Subscription doc.Subscription
	Items        []Item
	// Digest renders Items grouped by country and label as one message.
	Digest bool
	// Test marks a sample message sent by `subscriptions test`.
	Test bool
	// ThreadTS, for Slack bot subscriptions, posts the message as a reply in
	// the thread of the first alert about the same document.
	ThreadTS string
	// Backfill marks the digest of a backfill: the documents published in
	// a past window, each listed once, counted as documents.
	Backfill bool
	// Title overrides the digest heading ("exportwatch backfill: published
	// since 2025-01-01").
	Title string
	// DeliveryID is the outbox row this message delivers (a digest's first
	// row); 0 for test messages. Channels that can label a
	// message with it do (Slack metadata, the e-mail Message-ID), so that a
	// resend after a crash can be recognised.
	DeliveryID int64
}

// Sender delivers notifications over one channel type.
type Sender interface {
	// Send delivers n. ref is the channel's acknowledgement (Slack message
	// ts, e-mail Message-ID, webhook HTTP status). retry reports whether a
	// failure may succeed later (timeouts, connection errors, 5xx, 429); a
	// bad token, unknown channel or other 4xx is final. Errors never contain
	// secrets; RetryAfter(err) gives the delay the channel asked for.
	Send(ctx context.Context, n Notification) (ref string, retry bool, err error)
}

// Recaller is a Sender that can tell whether a delivery already reached
// the channel: acknowledged there, but never recorded because the process
// that sent it died first.
type Recaller interface {
	// Recall returns the ref of a message for n.DeliveryID posted at or
	// after since, or "" when there is none.
	Recall(ctx context.Context, n Notification, since time.Time) (ref string, err error)
}

// Channel is one kind of subscription channel as notify/channels registers
// it: its name (a subscription's Channel value) and its sender, nil when
// this server lacks the channel's configuration (a Slack bot without a
// token, e-mail without an SMTP relay).
type Channel struct {
	Name   string
	Sender Sender
}

// ErrNoSender is returned for a subscription whose channel has no
// configured sender (e.g. Slack bot without a token, e-mail without SMTP).
var ErrNoSender = errors.New("notify: channel not configured")

// retryAfterError carries the delay a channel asked for (HTTP Retry-After).
type retryAfterError struct {
	after time.Duration
	err   error
}

func (e *retryAfterError) Error() string { return e.err.Error() }
func (e *retryAfterError) Unwrap() error { return e.err }

// WithRetryAfter returns err carrying the delay the channel asked for
// before the next attempt; d <= 0 returns err unchanged.
func WithRetryAfter(err error, d time.Duration) error {
	if d <= 0 || err == nil {
		return err
	}
	return &retryAfterError{after: d, err: err}
}

// RetryAfter returns the delay the channel asked for before the next
// attempt (429 Retry-After, slack.RateLimitedError), or 0.
func RetryAfter(err error) time.Duration {
	var ra *retryAfterError
	if errors.As(err, &ra) {
		return ra.after
	}
	return 0
}

// scrubbedError is an error whose message had secrets removed. It does not
// unwrap to the original, which may print them, only to the sentinel that
// says why a target was refused, if that was the cause.
type scrubbedError struct {
	msg    string
	reason error // ErrPrivateTarget, ErrUserinfo or nil
}

func (e *scrubbedError) Error() string { return e.msg }
func (e *scrubbedError) Unwrap() error { return e.reason }

// Scrub returns err with every non-empty secret (and, for *url.Error, the
// request URL's path and query) replaced by "<secret>". Errors that contain
// no secret are returned unchanged so errors.Is/As keep working.
func Scrub(err error, secrets ...string) error {
	if err == nil {
		return nil
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		if u, perr := url.Parse(ue.URL); perr == nil && (u.Path != "" || u.RawQuery != "" || u.User != nil) {
			u.Path, u.RawPath, u.RawQuery, u.User = "/<secret>", "", "", nil
			ue.URL = u.String()
		} else {
			ue.URL = "<secret>"
		}
	}
	msg := err.Error()
	leaked := false
	for _, s := range secrets {
		if s != "" && strings.Contains(msg, s) {
			msg = strings.ReplaceAll(msg, s, "<secret>")
			leaked = true
		}
	}
	if !leaked {
		return err
	}
	scrubbed := &scrubbedError{msg: msg}
	for _, reason := range []error{ErrPrivateTarget, ErrUserinfo} {
		if errors.Is(err, reason) {
			scrubbed.reason = reason
		}
	}
	var ra *retryAfterError
	if errors.As(err, &ra) {
		return &retryAfterError{after: ra.after, err: scrubbed}
	}
	return scrubbed
}
