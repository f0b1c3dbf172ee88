package channels

import (
	"slices"
	"testing"

	"github.com/exportwatch/exportwatch/config"
	"github.com/exportwatch/exportwatch/doc"
	"github.com/exportwatch/exportwatch/notify/email/emailconf"
)

// TestTableCoversEveryChannel: every pushed channel type of doc has one
// entry; senders exist only where configured.
func TestTableCoversEveryChannel(t *testing.T) {
	cfg := config.Default()
	var names []string
	for _, c := range NotifyConfig(cfg, "http://127.0.0.1:8080").Channels {
		names = append(names, c.Name)
		configured := c.Sender != nil
		want := c.Name == doc.ChannelSlackWebhook || c.Name == doc.ChannelWebhook // need nothing from the config
		if configured != want {
			t.Errorf("%s: sender %v with the default config, want %v", c.Name, configured, want)
		}
	}
	for _, ch := range doc.Channels {
		if ch != doc.ChannelFeed && !slices.Contains(names, ch) {
			t.Errorf("channel %s is not in the table", ch)
		}
	}
	if len(names) != len(doc.Channels)-1 {
		t.Errorf("table = %v, want one entry per pushed channel", names)
	}
	cfg.Slack.Token = "xoxb-x"
	cfg.SMTP = emailconf.Config{Host: "mail.example.org", From: "a@example.org", Port: 587}
	for _, c := range NotifyConfig(cfg, "").Channels {
		if c.Sender == nil {
			t.Errorf("%s has no sender once configured", c.Name)
		}
	}
}

// TestDispatchFromConfig: the dispatcher's settings are the config's, so
// notify has no second set of defaults.
func TestDispatchFromConfig(t *testing.T) {
	cfg := config.Default()
	d := NotifyConfig(cfg, "").Dispatch
	if d.PollInterval != cfg.Notify.Poll.D() || d.SendTimeout != 2*cfg.Notify.Timeout.D() || d.Workers != cfg.Notify.Workers ||
		d.MaxAttempts != cfg.Notify.MaxAttempts || d.Lease != cfg.Notify.Lease.D() {
		t.Errorf("dispatch = %+v, want config's notify section %+v", d, cfg.Notify)
	}
}
