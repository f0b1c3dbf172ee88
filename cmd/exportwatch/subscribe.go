package main

import (
	"errors"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/exportwatch/exportwatch/doc"
	"github.com/exportwatch/exportwatch/internal/app"
	"github.com/exportwatch/exportwatch/internal/cliview"
	"github.com/exportwatch/exportwatch/notify"
	"github.com/exportwatch/exportwatch/store"
)

// openNotify opens the store and a notifier over it (or takes the ones a
// test set). The store and an in-memory query matcher suffice, so the
// subscription commands work while serve holds the search index.
func (c *cli) openNotify() (st *store.Store, n *notify.Notifier, closeFn func(), code int) {
	if c.st != nil {
		return c.st, c.n, func() {}, exitOK
	}
	cfg, st, code := c.openStore()
	if st == nil {
		return nil, nil, nil, code
	}
	return st, app.NewNotifier(st, cfg, c.logger(cfg)), func() { st.Close() }, exitOK
}

// parseAge reads "90d", "12h", "2w" or any time.ParseDuration value.
func parseAge(s string) (time.Duration, error) {
	for suffix, unit := range map[string]time.Duration{"d": 24 * time.Hour, "w": 7 * 24 * time.Hour} {
		if n, ok := strings.CutSuffix(s, suffix); ok {
			if v, err := strconv.Atoi(n); err == nil && v > 0 {
				return time.Duration(v) * unit, nil
			}
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("%q is not a duration like 90d, 2w or 12h", s)
	}
	return d, nil
}

// subscribeCmd creates a subscription and, with --backfill, sends one
// digest of what it would have matched.
func subscribeCmd(fs *flag.FlagSet) func(*cli, []string) int {
	var (
		countries, labels, sources                       listFlag
		name, query, slackChannel, slackWebhook, webhook string
		webhookSecret, email, digest, tz, backfill       string
		operational, asJSON                              bool
	)
	fs.StringVar(&name, "name", "", "subscription name (required)")
	fs.Var(&countries, "country", "ISO country code or \"worldwide\"; repeatable or comma-separated")
	fs.Var(&labels, "label", "label ("+strings.Join(doc.Labels, ", ")+"); repeatable or comma-separated")
	fs.Var(&sources, "source", "source name; repeatable or comma-separated")
	fs.StringVar(&query, "query", "", "search query (search syntax)")
	fs.StringVar(&slackChannel, "slack-channel", "", "Slack channel ID (bot token from config)")
	fs.StringVar(&slackWebhook, "slack-webhook", "", "Slack incoming-webhook URL")
	fs.StringVar(&webhook, "webhook", "", "generic webhook URL (JSON POST, signed)")
	fs.StringVar(&webhookSecret, "webhook-secret", "", "HMAC-SHA256 secret for --webhook")
	fs.StringVar(&email, "email", "", "e-mail addresses, comma-separated")
	fs.StringVar(&digest, "digest", "", "send a daily digest at HH:MM instead of instant alerts")
	fs.StringVar(&tz, "tz", "", "IANA time zone of --digest (default UTC)")
	fs.BoolVar(&operational, "operational", false, "also receive source down/back events")
	fs.StringVar(&backfill, "backfill", "", "send a digest of what matched in this past window, e.g. 90d")
	fs.BoolVar(&asJSON, "json", false, "print the subscription as JSON")
	return func(c *cli, _ []string) int {
		sub := doc.Subscription{Name: strings.TrimSpace(name), Labels: labels, Sources: sources,
			Query: strings.TrimSpace(query), Mode: doc.ModeInstant, Operational: operational}
		for _, cc := range countries {
			if strings.EqualFold(cc, doc.Worldwide) {
				sub.Countries = append(sub.Countries, doc.Worldwide)
			} else {
				sub.Countries = append(sub.Countries, strings.ToUpper(cc))
			}
		}
		channels := 0
		for _, v := range []string{slackChannel, slackWebhook, webhook, email} {
			if v != "" {
				channels++
			}
		}
		switch {
		case channels > 1:
			return c.usage("give only one of --slack-channel, --slack-webhook, --webhook, --email")
		case slackChannel != "":
			sub.Channel, sub.Target = doc.ChannelSlack, slackChannel
		case slackWebhook != "":
			sub.Channel, sub.URL = doc.ChannelSlackWebhook, doc.Secret(slackWebhook)
		case webhook != "":
			sub.Channel, sub.URL, sub.Secret = doc.ChannelWebhook, doc.Secret(webhook), doc.Secret(webhookSecret)
		case email != "":
			sub.Channel, sub.Target = doc.ChannelEmail, email
		default:
			sub.Channel = doc.ChannelFeed
		}
		if webhookSecret != "" && webhook == "" {
			return c.usage("--webhook-secret needs --webhook")
		}
		if digest != "" {
			sub.Mode, sub.DigestAt, sub.TimeZone = doc.ModeDigest, digest, tz
		} else if tz != "" {
			return c.usage("--tz needs --digest")
		}
		var window time.Duration
		if backfill != "" {
			d, err := parseAge(backfill)
			if err != nil {
				return c.usage("--backfill: %v", err)
			}
			if sub.Channel == doc.ChannelFeed {
				return c.usage("--backfill needs a channel to send to")
			}
			window = d
		}
		st, n, closeFn, code := c.openNotify()
		if st == nil {
			return code
		}
		defer closeFn()
		if err := n.Validate(sub); err != nil {
			return c.usage("%v", err)
		}
		sub, err := st.CreateSubscription(c.ctx, sub)
		if err != nil {
			return c.fail(err)
		}
		if asJSON {
			c.jsonLine(sub)
		} else {
			fmt.Fprintf(c.stdout, "subscription %d created: %s (%s)\n", sub.ID, sub.Name, cliview.Channel(sub))
		}
		if window > 0 {
			sent, err := n.Backfill(c.ctx, sub, time.Now().Add(-window))
			if err != nil {
				return c.fail(fmt.Errorf("backfill: %w", err))
			}
			fmt.Fprintf(c.stderr, "backfill: %d documents from the last %s sent as one digest\n", sent, backfill)
		}
		return exitOK
	}
}

// subscriptionsCmd is `subscriptions list|show ID|delete ID|test ID`.
func subscriptionsCmd(fs *flag.FlagSet) func(*cli, []string) int {
	asJSON := fs.Bool("json", false, "print JSON")
	return func(c *cli, pos []string) int {
		if len(pos) == 0 {
			pos = []string{"list"}
		}
		sub, args := pos[0], pos[1:]
		switch {
		case sub == "list" && len(args) > 0:
			return c.usage("list takes no arguments")
		case sub != "list" && sub != "show" && sub != "delete" && sub != "test":
			return c.usage("unknown subcommand %q (want list, show, delete or test)", sub)
		case sub != "list" && len(args) != 1:
			return c.usage("%s needs exactly one subscription ID", sub)
		}
		var id int64
		if sub != "list" {
			var err error
			if id, err = strconv.ParseInt(args[0], 10, 64); err != nil || id <= 0 {
				return c.usage("%q is not a subscription ID", args[0])
			}
		}
		st, n, closeFn, code := c.openNotify()
		if st == nil {
			return code
		}
		defer closeFn()
		if sub == "list" {
			subs, err := st.Subscriptions(c.ctx)
			if err != nil {
				return c.fail(err)
			}
			if *asJSON {
				return c.jsonLine(nonNil(subs))
			}
			cliview.Subscriptions(c.stdout, subs)
			return exitOK
		}
		s, err := st.Subscription(c.ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			err = fmt.Errorf("subscription %d not found", id)
		}
		if err != nil {
			return c.fail(fmt.Errorf("%s: %w", sub, err))
		}
		switch sub {
		case "show":
			if *asJSON {
				return c.jsonLine(s) // secrets marshal as "<secret>"
			}
			ds, err := st.Deliveries(c.ctx, store.DeliveryQuery{SubscriptionID: id, Limit: 1000})
			if err == nil && ds == nil {
				ds = []store.Delivery{}
			}
			cliview.Subscription(c.stdout, s, ds)
		case "delete":
			if err := st.DeleteSubscription(c.ctx, id); err != nil {
				return c.fail(fmt.Errorf("delete: %w", err))
			}
			fmt.Fprintf(c.stdout, "subscription %d deleted\n", id)
		case "test":
			ref, err := n.Test(c.ctx, s)
			if err != nil {
				return c.fail(fmt.Errorf("test: %w", err))
			}
			fmt.Fprintf(c.stdout, "test message sent to subscription %d (%s): %s\n", id, cliview.Channel(s), ref)
		}
		return exitOK
	}
}

// deliveriesCmd lists the outbox (`deliveries [--failed|--pending]`) or
// makes one delivery pending again (`deliveries retry ID`).
func deliveriesCmd(fs *flag.FlagSet) func(*cli, []string) int {
	failed := fs.Bool("failed", false, "only failed deliveries")
	pending := fs.Bool("pending", false, "only pending deliveries")
	subID := fs.Int64("subscription", 0, "only this subscription's deliveries")
	limit := fs.Int("limit", 100, "at most this many (max 1000)")
	asJSON := fs.Bool("json", false, "print JSON")
	return func(c *cli, pos []string) int {
		var retry int64
		switch {
		case len(pos) > 0 && pos[0] != "retry":
			return c.usage("unknown subcommand %q (want retry)", pos[0])
		case len(pos) > 0 && len(pos) != 2:
			return c.usage("retry needs exactly one delivery ID")
		case len(pos) > 0:
			if id, err := strconv.ParseInt(pos[1], 10, 64); err != nil || id <= 0 {
				return c.usage("%q is not a delivery ID", pos[1])
			} else {
				retry = id
			}
		case *failed && *pending:
			return c.usage("give only one of --failed and --pending")
		}
		st, n, closeFn, code := c.openNotify()
		if st == nil {
			return code
		}
		defer closeFn()
		if retry > 0 {
			if err := st.RetryDelivery(c.ctx, retry, time.Now()); err != nil {
				return c.fail(fmt.Errorf("retry: %w", err))
			}
			n.Wake()
			fmt.Fprintf(c.stdout, "delivery %d is pending again\n", retry)
			return exitOK
		}
		q := store.DeliveryQuery{SubscriptionID: *subID, Limit: *limit}
		if *failed {
			q.Status = store.StatusFailed
		} else if *pending {
			q.Status = store.StatusPending
		}
		ds, err := st.Deliveries(c.ctx, q)
		if err != nil {
			return c.fail(err)
		}
		if *asJSON {
			return c.jsonLine(nonNil(ds))
		}
		cliview.Deliveries(c.stdout, ds)
		return exitOK
	}
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
