package notify

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/exportwatch/exportwatch/doc"
)

// Config configures a Notifier: the channels of notify/channels' table
// and the dispatcher's tuning.
type Config struct {
	Channels []Channel
	Dispatch DispatchConfig
}

// Notifier is the façade the commands, the server and the pipeline use:
// the Matcher for store.SaveVersion/AddEvent, the outbox dispatcher, test
// messages, backfills and subscription validation.
type Notifier struct {
	st       Store
	cfg      Config
	log      *slog.Logger
	senders  map[string]Sender
	known    map[string]bool
	matcher  *Matcher
	dispatch *dispatcher
}

// New wires a Notifier. q may be nil when no index is available (query
// subscriptions then match nothing). A channel without a sender (not
// configured on this server) fails its deliveries with ErrNoSender, and
// Validate rejects subscriptions to it.
func New(st Store, q QueryMatcher, cfg Config, log *slog.Logger) *Notifier {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	senders := map[string]Sender{}
	known := map[string]bool{doc.ChannelFeed: true}
	for _, c := range cfg.Channels {
		known[c.Name] = true
		if c.Sender != nil {
			senders[c.Name] = c.Sender
		}
	}
	n := &Notifier{st: st, cfg: cfg, log: log, senders: senders, known: known, matcher: newMatcher(q, log)}
	n.dispatch = newDispatcher(st, senders, cfg.Dispatch, log)
	n.dispatch.matcher = n.matcher
	return n
}

// Matcher returns the store.Matcher to pass to SaveVersion and AddEvent.
func (n *Notifier) Matcher() *Matcher { return n.matcher }

// Run sends the outbox until ctx is cancelled, then waits for the sends in
// flight to finish and be recorded; it returns nil on cancellation.
func (n *Notifier) Run(ctx context.Context) error { return n.dispatch.loop(ctx) }

// Wake asks the dispatcher to poll now; call it after a commit that wrote
// deliveries. It never blocks.
func (n *Notifier) Wake() { n.dispatch.wakeUp() }

// RunOnce claims one batch of due deliveries, sends it and waits; it
// returns the number of rows claimed. Tests and one-shot commands use it.
func (n *Notifier) RunOnce(ctx context.Context) (int, error) { return n.dispatch.runOnce(ctx) }

// Validate checks a subscription before it is stored: the subscription's
// own rules (doc.Subscription.Validate), a channel this server can send on,
// and a query that parses. The error says which field is wrong and never
// contains a secret.
func (n *Notifier) Validate(s doc.Subscription) error {
	var errs []string
	if err := s.Validate(); err != nil {
		errs = append(errs, strings.TrimPrefix(err.Error(), "invalid subscription: "))
	}
	if q := strings.TrimSpace(s.Query); q != "" && n.matcher.query != nil {
		if err := n.matcher.query.CheckQuery(q); err != nil {
			errs = append(errs, fmt.Sprintf("query: %v", err))
		}
	}
	if n.known[s.Channel] && s.Channel != doc.ChannelFeed && n.senders[s.Channel] == nil {
		errs = append(errs, fmt.Sprintf("channel: %s is not configured on this server%s", s.Channel, channelSetup[s.Channel]))
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
