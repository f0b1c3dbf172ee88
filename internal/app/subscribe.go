package app

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/exportwatch/exportwatch/doc"
)

// SubscribeFlags are the flags of `exportwatch subscribe`, one per channel.
type SubscribeFlags struct {
	Name, Query                                string
	Countries, Labels, Sources                 []string
	SlackChannel, SlackWebhook, Webhook, Email string
	WebhookSecret, Digest, TimeZone, Backfill  string
	Operational, NamedOnly                     bool
	Remind                                     []string // "7d:effective,comments_close"
	Watchlist                                  string   // the hits of this watchlist
}

// Subscription is the subscription f describes, and the backfill window (0
// for none). The error names flags that contradict each other; what the
// subscription's own rules reject (labels, HH:MM, a webhook without a
// secret) is left to the notifier's Validate.
func (f SubscribeFlags) Subscription() (doc.Subscription, time.Duration, error) {
	sub := doc.Subscription{Name: strings.TrimSpace(f.Name), Labels: f.Labels, Sources: f.Sources,
		Query: strings.TrimSpace(f.Query), Mode: doc.ModeInstant, Operational: f.Operational, NamedOnly: f.NamedOnly,
		Watchlist: strings.TrimSpace(f.Watchlist)}
	for _, r := range f.Remind {
		rem, err := doc.ParseReminder(r)
		if err != nil {
			return sub, 0, fmt.Errorf("--remind: %w", err)
		}
		sub.Reminders = append(sub.Reminders, rem)
	}
	for _, cc := range f.Countries {
		if err := doc.CheckCountry(cc); err != nil {
			return sub, 0, fmt.Errorf("--country %w", err)
		}
		if strings.EqualFold(cc, doc.Worldwide) {
			sub.Countries = append(sub.Countries, doc.Worldwide)
		} else {
			sub.Countries = append(sub.Countries, strings.ToUpper(cc))
		}
	}
	channels := 0
	for _, v := range []string{f.SlackChannel, f.SlackWebhook, f.Webhook, f.Email} {
		if v != "" {
			channels++
		}
	}
	switch {
	case channels > 1:
		return sub, 0, errors.New("give only one of --slack-channel, --slack-webhook, --webhook, --email")
	case f.SlackChannel != "":
		sub.Channel, sub.Target = doc.ChannelSlack, f.SlackChannel
	case f.SlackWebhook != "":
		sub.Channel, sub.URL = doc.ChannelSlackWebhook, doc.Secret(f.SlackWebhook)
	case f.Webhook != "":
		sub.Channel, sub.URL, sub.Secret = doc.ChannelWebhook, doc.Secret(f.Webhook), doc.Secret(f.WebhookSecret)
	case f.Email != "":
		sub.Channel, sub.Target = doc.ChannelEmail, f.Email
	default:
		sub.Channel = doc.ChannelFeed
	}
	if f.WebhookSecret != "" && f.Webhook == "" {
		return sub, 0, errors.New("--webhook-secret needs --webhook")
	}
	if f.Digest != "" {
		sub.Mode, sub.DigestAt, sub.TimeZone = doc.ModeDigest, f.Digest, f.TimeZone
	} else if f.TimeZone != "" {
		return sub, 0, errors.New("--tz needs --digest")
	}
	if f.Backfill == "" {
		return sub, 0, nil
	}
	window, err := ParseAge(f.Backfill)
	if err != nil {
		return sub, 0, fmt.Errorf("--backfill: %w", err)
	}
	now := time.Now()
	if err := sub.CheckBackfill(now.Add(-window), now); err != nil {
		return sub, 0, fmt.Errorf("--backfill: %w", err)
	}
	return sub, window, nil
}

// ParseAge reads a backfill window: "90d", "12h", "2w" or any
// time.ParseDuration value.
func ParseAge(s string) (time.Duration, error) {
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
