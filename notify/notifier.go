package notify

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/mail"
	"net/url"
	"strings"
	"time"

	"github.com/exportwatch/exportwatch/doc"
	"github.com/exportwatch/exportwatch/index"
	"github.com/exportwatch/exportwatch/store"
)

// Config configures a Notifier. The lead maps YAML onto it:
// public_url → PublicURL, slack.{token,api_url} → Slack, smtp.* → SMTP,
// notify.{workers,max_attempts,...} → Dispatch.
type Config struct {
	// PublicURL is the server's external base URL for document links.
	PublicURL string
	Slack     SlackConfig
	SMTP      SMTPConfig
	// HTTPTimeout bounds each Slack/webhook request [10s].
	HTTPTimeout time.Duration
	// HTTPClient replaces the client built from HTTPTimeout (tests).
	HTTPClient *http.Client
	Dispatch   DispatchConfig
}

// Notifier is the façade cmd/exportwatch, the server and the pipeline use:
// the Matcher for store.SaveVersion/AddEvent, the Dispatcher, test
// messages, backfills and subscription validation.
type Notifier struct {
	st       Store
	cfg      Config
	log      *slog.Logger
	render   Renderer
	senders  map[string]Sender
	matcher  *Matcher
	dispatch *Dispatcher
}

// New wires a Notifier. q may be nil when no index is available (query
// subscriptions then match nothing). Channels without configuration (Slack
// bot without a token, e-mail without SMTP host and From) have no sender:
// their deliveries fail with ErrNoSender and Validate rejects them.
func New(st Store, q QueryMatcher, cfg Config, log *slog.Logger) *Notifier {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if cfg.HTTPTimeout <= 0 {
		cfg.HTTPTimeout = 10 * time.Second
	}
	client := cfg.HTTPClient
	if client == nil {
		client = &http.Client{Timeout: cfg.HTTPTimeout}
	}
	now := cfg.Dispatch.Now
	r := Renderer{PublicURL: cfg.PublicURL}
	senders := map[string]Sender{
		doc.ChannelSlackWebhook: NewSlackWebhookSender(client, r),
		doc.ChannelWebhook:      NewWebhookSender(client, r, now),
	}
	if cfg.Slack.Token != "" {
		senders[doc.ChannelSlack] = NewSlackSender(cfg.Slack, client, r)
	}
	if cfg.SMTP.Host != "" && cfg.SMTP.From != "" {
		senders[doc.ChannelEmail] = NewEmailSender(cfg.SMTP, r, now)
	}
	n := &Notifier{st: st, cfg: cfg, log: log, render: r, senders: senders, matcher: NewMatcher(q, log)}
	n.dispatch = NewDispatcher(st, senders, cfg.Dispatch, log)
	return n
}

// Matcher returns the store.Matcher to pass to SaveVersion and AddEvent.
func (n *Notifier) Matcher() *Matcher { return n.matcher }

// Dispatcher returns the outbox dispatcher.
func (n *Notifier) Dispatcher() *Dispatcher { return n.dispatch }

// Run runs the dispatcher until ctx is cancelled (see Dispatcher.Run).
func (n *Notifier) Run(ctx context.Context) error { return n.dispatch.Run(ctx) }

// Wake asks the dispatcher to poll now; call it after a commit that wrote
// deliveries.
func (n *Notifier) Wake() { n.dispatch.Wake() }

// Renderer returns the message renderer (the server may reuse it).
func (n *Notifier) Renderer() Renderer { return n.render }

// SetSender replaces the sender of a channel type (tests, extensions).
func (n *Notifier) SetSender(channel string, s Sender) { n.senders[channel] = s }

// Validate checks a subscription before it is stored: a known channel
// with its target, a configured sender, valid countries, labels, digest
// time and time zone, and a query that parses. The error says which field is wrong and never
// contains a secret.
func (n *Notifier) Validate(s doc.Subscription) error {
	var errs []string
	bad := func(f string, a ...any) { errs = append(errs, fmt.Sprintf(f, a...)) }
	if strings.TrimSpace(s.Name) == "" {
		bad("name: required")
	}
	for _, c := range s.Countries {
		if !strings.EqualFold(c, doc.Worldwide) && (len(c) != 2 || Flag(c) == "" || strings.ToUpper(c) != c) {
			bad("countries: %q is not an upper-case ISO 3166-1 alpha-2 code or %q", c, doc.Worldwide)
		}
	}
	for _, l := range s.Labels {
		if _, ok := labelNames[l]; !ok {
			bad("labels: unknown label %q (want one of %s)", l, strings.Join(doc.Labels, ", "))
		}
	}
	if q := strings.TrimSpace(s.Query); q != "" && n.matcher.query != nil {
		if _, err := n.matcher.query.Matches(q, index.Item{}); errors.Is(err, index.ErrBadQuery) {
			bad("query: %v", err)
		}
	}
	checkURL := func(field, u string) {
		p, err := url.Parse(u)
		if u == "" || err != nil || (p.Scheme != "https" && p.Scheme != "http") || p.Host == "" {
			bad("%s: an http(s) URL is required", field)
		}
	}
	switch s.Channel {
	case doc.ChannelSlack:
		if s.Target == "" {
			bad("target: a Slack channel ID is required")
		}
	case doc.ChannelSlackWebhook:
		checkURL("url", s.URL.Reveal())
	case doc.ChannelWebhook:
		checkURL("url", s.URL.Reveal())
		if s.Secret == "" {
			bad("secret: a signing secret is required for webhooks")
		}
	case doc.ChannelEmail:
		if _, err := mail.ParseAddressList(s.Target); err != nil || s.Target == "" {
			bad("target: comma-separated e-mail addresses are required")
		}
	case doc.ChannelFeed:
	default:
		bad("channel: %q is not one of slack, slack_webhook, webhook, email, feed", s.Channel)
	}
	if s.Channel != doc.ChannelFeed && s.Channel != "" {
		if _, ok := n.senders[s.Channel]; !ok {
			bad("channel: %s is not configured on this server%s", s.Channel, channelSetup[s.Channel])
		}
	}
	switch s.Mode {
	case "", doc.ModeInstant:
	case doc.ModeDigest:
		if _, _, err := digestTimes(s, time.Now()); err != nil {
			bad("%v", err)
		}
	default:
		bad("mode: %q is not instant or digest", s.Mode)
	}
	if len(errs) > 0 {
		return fmt.Errorf("notify: invalid subscription: %s", strings.Join(errs, "; "))
	}
	return nil
}

// channelSetup says what an operator sets to enable a channel.
var channelSetup = map[string]string{
	doc.ChannelSlack: ": set slack.token in the config file or SLACK_BOT_TOKEN in the environment, then restart",
	doc.ChannelEmail: ": set smtp.host and smtp.from in the config file, then restart",
}

func (n *Notifier) sender(s doc.Subscription) (Sender, error) {
	snd, ok := n.senders[s.Channel]
	if !ok {
		return nil, fmt.Errorf("%w: %s", ErrNoSender, s.Channel)
	}
	return snd, nil
}

// Test sends a sample alert to the subscription and returns the channel's
// acknowledgement.
func (n *Notifier) Test(ctx context.Context, s doc.Subscription) (string, error) {
	snd, err := n.sender(s)
	if err != nil {
		return "", err
	}
	now := time.Now()
	if n.cfg.Dispatch.Now != nil {
		now = n.cfg.Dispatch.Now()
	}
	ref, _, err := snd.Send(ctx, Notification{Subscription: s, Items: []Item{sampleItem(now)}, Test: true})
	if err != nil {
		return "", fmt.Errorf("notify: test subscription %d: %w", s.ID, err)
	}
	return ref, nil
}

// maxBackfill caps how many events a backfill reads (newest first).
const maxBackfill = 1000

// BackfillItems returns what s would have been told about the documents
// published since `since` (the publication date, not when exportwatch
// first saw them): one item per matching document, its current version
// with its newest event, in s's terms (backfillTerms), oldest publication
// first, at most maxBackfill.
func (n *Notifier) BackfillItems(ctx context.Context, s doc.Subscription, since time.Time) ([]Item, error) {
	var items []Item
	err := n.st.Documents(ctx, since, func(sd store.StoredDocument) error {
		if len(items) >= maxBackfill {
			return nil
		}
		evs, err := n.st.Events(ctx, store.EventQuery{DocumentID: sd.ID, Limit: 1})
		if err != nil || len(evs) == 0 {
			return err
		}
		if !n.matcher.Matches(evs[0], sd.Document, sd.Classification, s) {
			return nil
		}
		items = append(items, backfillTerms(s, Item{Event: evs[0], Document: sd.Document, Classification: sd.Classification}))
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("notify: backfill: %w", err)
	}
	return items, nil
}

// backfillTerms keeps, of an item's labels and countries, those the
// subscription asked for, so a digest speaks only of what the subscriber
// follows (a worldwide document keeps no country: it reads "Worldwide").
func backfillTerms(s doc.Subscription, it Item) Item {
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

// Backfill sends one digest of what s would have been told since `since`
// and returns how many documents it listed (0: nothing sent).
func (n *Notifier) Backfill(ctx context.Context, s doc.Subscription, since time.Time) (int, error) {
	items, err := n.BackfillItems(ctx, s, since)
	if err != nil || len(items) == 0 {
		return 0, err
	}
	snd, err := n.sender(s)
	if err != nil {
		return 0, err
	}
	title := "exportwatch backfill: published since " + since.UTC().Format(time.DateOnly)
	if _, _, err := snd.Send(ctx, Notification{Subscription: s, Items: items, Digest: true, Title: title}); err != nil {
		return 0, fmt.Errorf("notify: backfill subscription %d: %w", s.ID, err)
	}
	return len(items), nil
}
