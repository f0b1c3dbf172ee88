package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/exportwatch/exportwatch/doc"
	"github.com/exportwatch/exportwatch/internal/app"
	"github.com/exportwatch/exportwatch/internal/cliview"
	"github.com/exportwatch/exportwatch/internal/subcmd"
	"github.com/exportwatch/exportwatch/notify"
	"github.com/exportwatch/exportwatch/store"
)

// subscribe creates a subscription and, with --backfill, queues one digest
// of what it would have matched in the window and tries to send it now.
func (c *cli) subscribe(fs *flag.FlagSet) subcmd.Action {
	c.common(fs)
	var f app.SubscribeFlags
	fs.StringVar(&f.Name, "name", "", "subscription name (required)")
	fs.Var((*subcmd.List)(&f.Countries), "country", "ISO country code or \"worldwide\"; repeatable or comma-separated")
	fs.Var((*subcmd.List)(&f.Labels), "label", "label ("+strings.Join(doc.Labels, ", ")+"); repeatable or comma-separated")
	fs.Var((*subcmd.List)(&f.Sources), "source", "source name; repeatable or comma-separated")
	fs.StringVar(&f.Query, "query", "", "search query (search syntax)")
	fs.StringVar(&f.SlackChannel, "slack-channel", "", "Slack channel ID (bot token from config)")
	fs.StringVar(&f.SlackWebhook, "slack-webhook", "", "Slack incoming-webhook URL")
	fs.StringVar(&f.Webhook, "webhook", "", "generic webhook URL (JSON POST, signed)")
	fs.StringVar(&f.WebhookSecret, "webhook-secret", "", "HMAC-SHA256 secret for --webhook")
	fs.StringVar(&f.Email, "email", "", "e-mail addresses, comma-separated")
	fs.StringVar(&f.Digest, "digest", "", "send a daily digest at HH:MM instead of instant alerts")
	fs.StringVar(&f.TimeZone, "tz", "", "IANA time zone of --digest (default UTC)")
	fs.BoolVar(&f.Operational, "operational", false, "also receive source down/back events")
	fs.BoolVar(&f.NamedOnly, "named-only", false, "with --country: only documents naming the countries, not worldwide rules")
	fs.StringVar(&f.Watchlist, "watchlist", "", "alerts for this watchlist's hits (and nothing else)")
	fs.StringVar(&f.Backfill, "backfill", "", "also send one digest of the matching documents published in this past window, e.g. 400d (queued and retried if the channel fails)")
	fs.Var((*subcmd.Repeated)(&f.Remind), "remind", "remind DAYSd before dates of these kinds, e.g. 7d:effective,comments_close; repeatable")
	asJSON := fs.Bool("json", false, "print the subscription as JSON")
	return func([]string) error {
		sub, window, err := f.Subscription()
		if err != nil {
			return subcmd.Usagef("%v", err)
		}
		st, n, closeFn, err := c.openNotify()
		if err != nil {
			return err
		}
		defer closeFn()
		if err := n.Validate(sub); err != nil {
			return subcmd.Usagef("%v", err)
		}
		if sub.Watchlist != "" {
			if _, _, err := st.Watchlist(c.ctx, sub.Watchlist); errors.Is(err, store.ErrNotFound) {
				return subcmd.Usagef("--watchlist %q: no such watchlist (exportwatch watchlist list shows them)", sub.Watchlist)
			} else if err != nil {
				return err
			}
		}
		var backfill store.Delivery
		if window > 0 {
			sub, backfill, err = st.CreateSubscriptionWithBackfill(c.ctx, sub, time.Now().Add(-window))
		} else {
			sub, err = st.CreateSubscription(c.ctx, sub)
		}
		if err != nil {
			return err
		}
		if *asJSON {
			err = c.jsonLine(sub)
		} else {
			_, err = fmt.Fprintf(c.stdout, "subscription %d created: %s (%s)\n", sub.ID, sub.Name, cliview.Channel(sub))
		}
		if err != nil {
			return err
		}
		if window > 0 {
			return sendBackfill(c.ctx, c.stderr, n, sub.ID, backfill.ID, f.Backfill)
		}
		return nil
	}
}

// subscriptions is `subscriptions list|show ID|delete ID|test ID|backfill ID WINDOW`.
func (c *cli) subscriptions(fs *flag.FlagSet) subcmd.Action {
	c.common(fs)
	asJSON := fs.Bool("json", false, "print JSON")
	return func(pos []string) error {
		if len(pos) == 0 {
			pos = []string{"list"}
		}
		sub, args := pos[0], pos[1:]
		var window time.Duration
		if sub == "backfill" && len(args) == 2 { // backfill ID WINDOW: (re-)send the digest of WINDOW
			w, err := app.ParseAge(args[1])
			if err != nil {
				return subcmd.Usagef("backfill window: %v", err)
			}
			window, args = w, args[:1]
		}
		switch {
		case sub == "list" && len(args) > 0:
			return subcmd.Usagef("list takes no arguments")
		case !slices.Contains([]string{"list", "show", "delete", "test", "backfill"}, sub):
			return subcmd.Usagef("unknown subcommand %q (want list, show, delete, test or backfill)", sub)
		case sub == "backfill" && window == 0:
			return subcmd.Usagef("backfill needs a subscription ID and a window such as 90d")
		case sub != "list" && len(args) != 1:
			return subcmd.Usagef("%s needs exactly one subscription ID", sub)
		}
		var id int64
		if sub != "list" {
			var err error
			if id, err = strconv.ParseInt(args[0], 10, 64); err != nil || id <= 0 {
				return subcmd.Usagef("%q is not a subscription ID", args[0])
			}
		}
		st, n, closeFn, err := c.openNotify()
		if err != nil {
			return err
		}
		defer closeFn()
		if sub == "list" {
			subs, err := st.Subscriptions(c.ctx)
			if err != nil {
				return err
			}
			if *asJSON {
				return c.jsonLine(nonNil(subs))
			}
			cliview.Subscriptions(c.stdout, subs)
			return nil
		}
		s, err := st.Subscription(c.ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			err = fmt.Errorf("subscription %d not found", id)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", sub, err)
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
			cfg, err := c.loadConfig()
			if err != nil {
				return err
			}
			cliview.Subscription(c.stdout, s, ds)
			cliview.SubscriptionCalendar(c.stdout, s, app.PublicURL(cfg))
		case "delete":
			if err := st.DeleteSubscription(c.ctx, id); err != nil {
				return fmt.Errorf("delete: %w", err)
			}
			fmt.Fprintf(c.stdout, "subscription %d deleted\n", id)
		case "backfill":
			since := time.Now().Add(-window)
			if err := s.CheckBackfill(since, time.Now()); err != nil {
				return fmt.Errorf("backfill: subscription %d: %w", id, err)
			}
			d, err := st.AddBackfill(c.ctx, id, since)
			if err != nil {
				return fmt.Errorf("backfill: %w", err)
			}
			return sendBackfill(c.ctx, c.stdout, n, id, d.ID, pos[2])
		case "test":
			ref, err := n.Test(c.ctx, s)
			if err != nil {
				return fmt.Errorf("test: %w", err)
			}
			fmt.Fprintf(c.stdout, "test message sent to subscription %d (%s): %s\n", id, cliview.Channel(s), ref)
		}
		return nil
	}
}

// sendBackfill tries the queued backfill delivery now and says what came
// of it: sent, nothing in the window, or queued for a retry (exit 0); a
// final refusal is an error (exit 1) that says how to run it again, the
// subscription staying as it is.
func sendBackfill(ctx context.Context, w io.Writer, n *notify.Notifier, subID, deliveryID int64, window string) error {
	rerun := fmt.Sprintf("the subscription %d stays; run the backfill again with: exportwatch subscriptions backfill %d %s", subID, subID, window)
	att, err := n.SendNow(ctx, deliveryID)
	if err != nil {
		return fmt.Errorf("backfill: delivery %d: %w\n%s", deliveryID, err, rerun)
	}
	d := att.Delivery
	switch {
	case d.Status == store.StatusFailed:
		return fmt.Errorf("backfill: delivery %d failed: %s\n%s", d.ID, d.LastError, rerun)
	case d.Status == store.StatusPending && !att.Tried:
		fmt.Fprintf(w, "backfill: queued as delivery %d; exportwatch serve is sending it\n", d.ID)
	case d.Status == store.StatusPending:
		fmt.Fprintf(w, "backfill: queued as delivery %d, will retry: %s\n", d.ID, d.LastError)
	case att.Tried && att.Documents == 0:
		fmt.Fprintln(w, "backfill: nothing in the window")
	case att.Tried:
		fmt.Fprintf(w, "backfill: sent %d %s\n", att.Documents, notify.Plural(att.Documents, "document", "documents"))
	default:
		fmt.Fprintf(w, "backfill: delivery %d was sent already\n", d.ID)
	}
	return nil
}

// deliveries lists the outbox (`deliveries [--failed|--pending]`) or
// makes one delivery pending again (`deliveries retry ID`).
func (c *cli) deliveries(fs *flag.FlagSet) subcmd.Action {
	c.common(fs)
	failed := fs.Bool("failed", false, "only failed deliveries")
	pending := fs.Bool("pending", false, "only pending deliveries")
	subID := fs.Int64("subscription", 0, "only this subscription's deliveries")
	kind := fs.String("kind", "", "only deliveries of this kind of event: "+strings.Join(doc.EventKinds, ", "))
	limit := fs.Int("limit", 100, "at most this many (max 1000)")
	asJSON := fs.Bool("json", false, "print JSON")
	return func(pos []string) error {
		var retry int64
		switch {
		case len(pos) > 0 && pos[0] != "retry":
			return subcmd.Usagef("unknown subcommand %q (want retry)", pos[0])
		case len(pos) > 0 && len(pos) != 2:
			return subcmd.Usagef("retry needs exactly one delivery ID")
		case len(pos) > 0:
			var err error
			if retry, err = strconv.ParseInt(pos[1], 10, 64); err != nil || retry <= 0 {
				return subcmd.Usagef("%q is not a delivery ID", pos[1])
			}
		case *failed && *pending:
			return subcmd.Usagef("give only one of --failed and --pending")
		case *kind != "" && !slices.Contains(doc.EventKinds, *kind):
			return subcmd.Usagef("unknown kind %q (want one of %s)", *kind, strings.Join(doc.EventKinds, ", "))
		}
		st, n, closeFn, err := c.openNotify()
		if err != nil {
			return err
		}
		defer closeFn()
		if retry > 0 {
			if err := st.RetryDelivery(c.ctx, retry, time.Now()); err != nil {
				return fmt.Errorf("retry: %w", err)
			}
			n.Wake()
			fmt.Fprintf(c.stdout, "delivery %d is pending again\n", retry)
			return nil
		}
		q := store.DeliveryQuery{SubscriptionID: *subID, Kind: *kind, Limit: *limit}
		if *failed {
			q.Status = store.StatusFailed
		} else if *pending {
			q.Status = store.StatusPending
		}
		ds, err := st.Deliveries(c.ctx, q)
		if err != nil {
			return err
		}
		if *asJSON {
			return c.jsonLine(nonNil(ds))
		}
		cliview.Deliveries(c.stdout, ds)
		return nil
	}
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
