package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/exportwatch/exportwatch/doc"
	"github.com/exportwatch/exportwatch/notify"
	"github.com/exportwatch/exportwatch/store"
)

// listFlag collects a repeatable flag whose values may also be comma lists.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

func (l *listFlag) Set(v string) error {
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			*l = append(*l, s)
		}
	}
	return nil
}

// subUsage prints the reason and the flag set's usage to stderr and returns 2.
func subUsage(stderr io.Writer, fs *flag.FlagSet, format string, a ...any) int {
	fmt.Fprintf(stderr, "exportwatch %s: %s\n", fs.Name(), fmt.Sprintf(format, a...))
	fs.SetOutput(stderr)
	fs.Usage()
	return 2
}

// parseSubFlags parses flags and positionals; -h prints the usage to
// stdout (exit 0), a bad flag prints it to stderr (exit 2). ok is false
// when the command must return code.
func parseSubFlags(fs *flag.FlagSet, args []string, stdout, stderr io.Writer) (pos []string, code int, ok bool) {
	pos, err := parseFlags(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		fs.SetOutput(stdout)
		fs.Usage()
		return nil, exitOK, false
	}
	if err != nil {
		return nil, subUsage(stderr, fs, "%v", err), false
	}
	return pos, exitOK, true
}

// parseAge reads "90d", "12h", "2w" or any time.ParseDuration value.
func parseAge(s string) (time.Duration, error) {
	if n, ok := strings.CutSuffix(s, "d"); ok {
		d, err := strconv.Atoi(n)
		if err == nil && d > 0 {
			return time.Duration(d) * 24 * time.Hour, nil
		}
	}
	if n, ok := strings.CutSuffix(s, "w"); ok {
		w, err := strconv.Atoi(n)
		if err == nil && w > 0 {
			return time.Duration(w) * 7 * 24 * time.Hour, nil
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("%q is not a duration like 90d, 2w or 12h", s)
	}
	return d, nil
}

// runSubscribe implements `exportwatch subscribe`: it creates a
// subscription and, with --backfill, sends one digest of what it would
// have matched. Exit status 0 ok, 1 runtime failure, 2 usage error.
func runSubscribe(ctx context.Context, st *store.Store, n *notify.Notifier, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("subscribe", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
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
	namedOnly := fs.Bool("named-only", false, "with --country: only documents naming the countries, not worldwide rules")
	fs.StringVar(&backfill, "backfill", "", "send a digest of what matched in this past window, e.g. 90d")
	fs.BoolVar(&asJSON, "json", false, "print the subscription as JSON")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: exportwatch subscribe --name NAME [filters] (--slack-channel ID | --slack-webhook URL | --webhook URL --webhook-secret S | --email ADDRS) [--digest HH:MM [--tz ZONE]] [--backfill 90d]\n(without a channel the subscription is a feed)")
		fs.PrintDefaults()
	}
	pos, code, ok := parseSubFlags(fs, args, stdout, stderr)
	if !ok {
		return code
	}
	if len(pos) > 0 {
		return subUsage(stderr, fs, "unexpected argument %q", pos[0])
	}
	sub := doc.Subscription{Name: strings.TrimSpace(name), Labels: labels, Sources: sources,
		Query: strings.TrimSpace(query), Mode: doc.ModeInstant, Operational: operational, NamedOnly: *namedOnly}
	for _, c := range countries {
		if strings.EqualFold(c, doc.Worldwide) {
			sub.Countries = append(sub.Countries, doc.Worldwide)
		} else {
			sub.Countries = append(sub.Countries, strings.ToUpper(c))
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
		return subUsage(stderr, fs, "give only one of --slack-channel, --slack-webhook, --webhook, --email")
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
		return subUsage(stderr, fs, "--webhook-secret needs --webhook")
	}
	if digest != "" {
		sub.Mode, sub.DigestAt, sub.TimeZone = doc.ModeDigest, digest, tz
	} else if tz != "" {
		return subUsage(stderr, fs, "--tz needs --digest")
	}
	var window time.Duration
	if backfill != "" {
		d, err := parseAge(backfill)
		if err != nil {
			return subUsage(stderr, fs, "--backfill: %v", err)
		}
		if sub.Channel == doc.ChannelFeed {
			return subUsage(stderr, fs, "--backfill needs a channel to send to")
		}
		window = d
	}
	if err := n.Validate(sub); err != nil {
		return subUsage(stderr, fs, "%v", err)
	}
	sub, err := st.CreateSubscription(ctx, sub)
	if err != nil {
		fmt.Fprintf(stderr, "exportwatch subscribe: %v\n", err)
		return 1
	}
	if asJSON {
		json.NewEncoder(stdout).Encode(sub)
	} else {
		fmt.Fprintf(stdout, "subscription %d created: %s (%s)\n", sub.ID, sub.Name, describeChannel(sub))
	}
	if window > 0 {
		sent, err := n.Backfill(ctx, sub, time.Now().Add(-window))
		if err != nil {
			fmt.Fprintf(stderr, "exportwatch subscribe: subscription %d is created, but its backfill was not sent: %v\nrun it again with: exportwatch subscriptions backfill %d %s\n", sub.ID, err, sub.ID, backfill)
			return 1
		}
		fmt.Fprintf(stderr, "backfill: %d documents published in the last %s sent as one digest\n", sent, backfill)
	}
	return 0
}

// describeChannel names a subscription's channel without secrets.
func describeChannel(s doc.Subscription) string {
	var c string
	switch s.Channel {
	case doc.ChannelSlack:
		c = "slack channel " + s.Target
	case doc.ChannelEmail:
		c = "email " + s.Target
	default:
		c = s.Channel
	}
	if s.Mode == doc.ModeDigest {
		at := s.DigestAt
		if s.TimeZone != "" {
			at += " " + s.TimeZone
		}
		c += ", digest at " + at
	}
	return c
}

func describeFilters(s doc.Subscription) string {
	var f []string
	if len(s.Countries) > 0 {
		f = append(f, "country="+strings.Join(s.Countries, ","))
	}
	if len(s.Labels) > 0 {
		f = append(f, "label="+strings.Join(s.Labels, ","))
	}
	if len(s.Sources) > 0 {
		f = append(f, "source="+strings.Join(s.Sources, ","))
	}
	if s.Query != "" {
		f = append(f, "query="+strconv.Quote(s.Query))
	}
	if len(s.Countries) > 0 && s.NamedOnly {
		f = append(f, "named-only")
	} else if len(s.Countries) > 0 {
		f = append(f, "+worldwide")
	}
	if s.Operational {
		f = append(f, "operational")
	}
	if len(f) == 0 {
		return "(all labelled documents)"
	}
	return strings.Join(f, " ")
}

// runSubscriptions implements `exportwatch subscriptions list|show ID|delete ID|test ID`.
func runSubscriptions(ctx context.Context, st *store.Store, n *notify.Notifier, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("subscriptions", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	asJSON := fs.Bool("json", false, "print JSON")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: exportwatch subscriptions [--json] list | show ID | delete ID | test ID | backfill ID WINDOW")
		fs.PrintDefaults()
	}
	rest, code, ok := parseSubFlags(fs, args, stdout, stderr)
	if !ok {
		return code
	}
	if len(rest) == 0 {
		rest = []string{"list"}
	}
	cmd, rest := rest[0], rest[1:]
	if cmd == "list" {
		if len(rest) > 0 {
			return subUsage(stderr, fs, "list takes no arguments")
		}
		subs, err := st.Subscriptions(ctx)
		if err != nil {
			fmt.Fprintf(stderr, "exportwatch subscriptions: %v\n", err)
			return 1
		}
		if *asJSON {
			if subs == nil {
				subs = []doc.Subscription{}
			}
			json.NewEncoder(stdout).Encode(subs)
			return 0
		}
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tNAME\tCHANNEL\tFILTERS")
		for _, s := range subs {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", s.ID, s.Name, describeChannel(s), describeFilters(s))
		}
		tw.Flush()
		return 0
	}
	var window time.Duration
	switch cmd {
	case "show", "delete", "test":
	case "backfill": // backfill ID WINDOW: (re-)send the digest of documents published in WINDOW
		if len(rest) != 2 {
			return subUsage(stderr, fs, "backfill needs a subscription ID and a window such as 90d")
		}
		w, err := parseAge(rest[1])
		if err != nil {
			return subUsage(stderr, fs, "backfill window: %v", err)
		}
		window, rest = w, rest[:1]
	default:
		return subUsage(stderr, fs, "unknown subcommand %q (want list, show, delete, test or backfill)", cmd)
	}
	if len(rest) != 1 {
		return subUsage(stderr, fs, "%s needs exactly one subscription ID", cmd)
	}
	id, err := strconv.ParseInt(rest[0], 10, 64)
	if err != nil || id <= 0 {
		return subUsage(stderr, fs, "%q is not a subscription ID", rest[0])
	}
	sub, err := st.Subscription(ctx, id)
	if err != nil {
		if errors.Is(err, store.ErrNotFound) {
			fmt.Fprintf(stderr, "exportwatch subscriptions %s: subscription %d not found\n", cmd, id)
		} else {
			fmt.Fprintf(stderr, "exportwatch subscriptions %s: %v\n", cmd, err)
		}
		return 1
	}
	switch cmd {
	case "show":
		if *asJSON {
			json.NewEncoder(stdout).Encode(sub) // secrets marshal as "<secret>"
			return 0
		}
		fmt.Fprintf(stdout, "id:        %d\nname:      %s\nchannel:   %s\nfilters:   %s\ncreated:   %s\n",
			sub.ID, sub.Name, describeChannel(sub), describeFilters(sub), sub.CreatedAt.Format(time.RFC3339))
		if sub.URL != "" {
			fmt.Fprintf(stdout, "url:       %s\n", sub.URL)
		}
		if sub.Secret != "" {
			fmt.Fprintf(stdout, "secret:    %s\n", sub.Secret)
		}
		if ds, err := st.Deliveries(ctx, store.DeliveryQuery{SubscriptionID: id, Limit: 1000}); err == nil {
			counts := map[string]int{}
			for _, d := range ds {
				counts[d.Status]++
			}
			fmt.Fprintf(stdout, "deliveries: pending=%d sent=%d failed=%d\n", counts[store.StatusPending], counts[store.StatusSent], counts[store.StatusFailed])
		}
	case "delete":
		if err := st.DeleteSubscription(ctx, id); err != nil {
			fmt.Fprintf(stderr, "exportwatch subscriptions delete: %v\n", err)
			return 1
		}
		fmt.Fprintf(stdout, "subscription %d deleted\n", id)
	case "backfill":
		sent, err := n.Backfill(ctx, sub, time.Now().Add(-window))
		if err != nil {
			fmt.Fprintf(stderr, "exportwatch subscriptions backfill: %v\n", err)
			return 1
		}
		fmt.Fprintf(stdout, "backfill: %d documents published in the last %dd sent to subscription %d as one digest\n", sent, int(window/(24*time.Hour)), id)
	case "test":
		ref, err := n.Test(ctx, sub)
		if err != nil {
			fmt.Fprintf(stderr, "exportwatch subscriptions test: %v\n", err)
			return 1
		}
		fmt.Fprintf(stdout, "test message sent to subscription %d (%s): %s\n", id, describeChannel(sub), ref)
	}
	return 0
}

// runDeliveries implements `exportwatch deliveries [--failed] [--subscription ID]`
// and `exportwatch deliveries retry ID`.
func runDeliveries(ctx context.Context, st *store.Store, n *notify.Notifier, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("deliveries", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	failed := fs.Bool("failed", false, "only failed deliveries")
	pending := fs.Bool("pending", false, "only pending deliveries")
	subID := fs.Int64("subscription", 0, "only this subscription's deliveries")
	limit := fs.Int("limit", 100, "at most this many (max 1000)")
	asJSON := fs.Bool("json", false, "print JSON")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: exportwatch deliveries [--failed|--pending] [--subscription ID] [--limit N] [--json]\n       exportwatch deliveries retry ID")
		fs.PrintDefaults()
	}
	rest, code, ok := parseSubFlags(fs, args, stdout, stderr)
	if !ok {
		return code
	}
	if len(rest) > 0 {
		if rest[0] != "retry" {
			return subUsage(stderr, fs, "unknown subcommand %q (want retry)", rest[0])
		}
		if len(rest) != 2 {
			return subUsage(stderr, fs, "retry needs exactly one delivery ID")
		}
		id, err := strconv.ParseInt(rest[1], 10, 64)
		if err != nil || id <= 0 {
			return subUsage(stderr, fs, "%q is not a delivery ID", rest[1])
		}
		if err := st.RetryDelivery(ctx, id, time.Now()); err != nil {
			fmt.Fprintf(stderr, "exportwatch deliveries retry: %v\n", err)
			return 1
		}
		if n != nil {
			n.Wake()
		}
		fmt.Fprintf(stdout, "delivery %d is pending again\n", id)
		return 0
	}
	if *failed && *pending {
		return subUsage(stderr, fs, "give only one of --failed and --pending")
	}
	q := store.DeliveryQuery{SubscriptionID: *subID, Limit: *limit}
	if *failed {
		q.Status = store.StatusFailed
	} else if *pending {
		q.Status = store.StatusPending
	}
	ds, err := st.Deliveries(ctx, q)
	if err != nil {
		fmt.Fprintf(stderr, "exportwatch deliveries: %v\n", err)
		return 1
	}
	if *asJSON {
		if ds == nil {
			ds = []store.Delivery{}
		}
		json.NewEncoder(stdout).Encode(ds)
		return 0
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSUB\tEVENT\tSTATUS\tATTEMPTS\tDUE/SENT\tREF/ERROR")
	for _, d := range ds {
		when, info := d.DueAt, d.LastError
		if d.Status == store.StatusSent {
			when, info = d.SentAt, d.Ref
		}
		fmt.Fprintf(tw, "%d\t%d\t%d\t%s\t%d\t%s\t%s\n", d.ID, d.SubscriptionID, d.EventID, d.Status, d.Attempts,
			when.Local().Format("2006-01-02 15:04:05"), oneLine(info, 100))
	}
	tw.Flush()
	return 0
}

func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
