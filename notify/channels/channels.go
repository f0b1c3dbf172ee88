// Package channels is the one table of notification channels: it builds
// each channel package's sender from the config and hands the list to
// notify.New. Adding a channel is a package and a line in Table.
package channels

import (
	"net/http"
	"time"

	"github.com/exportwatch/exportwatch/config"
	"github.com/exportwatch/exportwatch/notify"
	"github.com/exportwatch/exportwatch/notify/email"
	"github.com/exportwatch/exportwatch/notify/slack"
	"github.com/exportwatch/exportwatch/notify/slack/slackconf"
	"github.com/exportwatch/exportwatch/notify/webhook"
)

// Options are what the channels need: the config sections, the links'
// base URL, and the overrides tests use.
type Options struct {
	// PublicURL is the server's external base URL for document links.
	PublicURL string
	Slack     slackconf.Config
	SMTP      email.Config
	// HTTPTimeout bounds each Slack or webhook request.
	HTTPTimeout time.Duration
	// AllowPrivateTargets lets webhook URLs reach private addresses.
	AllowPrivateTargets bool
	// SlackClient replaces the Slack bot's HTTP client (tests).
	SlackClient *http.Client
	// Now is the clock of signatures and mail dates (tests); nil: time.Now.
	Now func() time.Time
}

// Table returns every channel, configured from o.
func Table(o Options) []notify.Channel {
	if o.HTTPTimeout <= 0 {
		o.HTTPTimeout = config.Default().Notify.Timeout.D()
	}
	r := notify.Renderer{PublicURL: o.PublicURL}
	bot := o.SlackClient
	if bot == nil {
		bot = &http.Client{Timeout: o.HTTPTimeout}
	}
	// Subscribers choose these URLs: no redirects, no private addresses.
	targets := notify.TargetClient(o.HTTPTimeout, o.AllowPrivateTargets)
	return []notify.Channel{
		slack.BotChannel(o.Slack, bot, r),
		slack.WebhookChannel(targets, r),
		webhook.Channel(targets, r, o.Now),
		email.Channel(o.SMTP, r, o.Now),
	}
}

// NotifyConfig maps the config file onto the notifier: the channels and
// the dispatcher. publicURL is the base of links in alerts.
func NotifyConfig(cfg config.Config, publicURL string) notify.Config {
	n := cfg.Notify
	starttls := cfg.SMTP.StartTLS == nil || *cfg.SMTP.StartTLS
	return notify.Config{
		Channels: Table(Options{
			PublicURL: publicURL,
			Slack:     cfg.Slack,
			SMTP: email.Config{Host: cfg.SMTP.Host, Port: cfg.SMTP.Port, Username: cfg.SMTP.Username,
				Password: cfg.SMTP.Password, From: cfg.SMTP.From, StartTLS: starttls},
			HTTPTimeout:         n.Timeout.D(),
			AllowPrivateTargets: n.AllowPrivateTargets,
		}),
		Dispatch: notify.DispatchConfig{
			Workers:      n.Workers,
			MaxAttempts:  n.MaxAttempts,
			PollInterval: n.Poll.D(),
			SendTimeout:  2 * n.Timeout.D(),
			Lease:        n.Lease.D(),
		},
	}
}
