package server

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/exportwatch/exportwatch/doc"
	"github.com/exportwatch/exportwatch/notify"
	"github.com/exportwatch/exportwatch/notify/channels"
)

// notifierAdapter gives the real notifier the server's small interface.
type notifierAdapter struct{ n *notify.Notifier }

func (a notifierAdapter) Test(ctx context.Context, sub doc.Subscription) error {
	_, err := a.n.Test(ctx, sub)
	return err
}
func (a notifierAdapter) Validate(sub doc.Subscription) error { return a.n.Validate(sub) }
func (a notifierAdapter) Wake()                               { a.n.Wake() }

// TestSubscriptionFormPerChannel: the form shows only the chosen
// channel's fields, without a script.
func TestSubscriptionFormPerChannel(t *testing.T) {
	a := newArchive(t, Config{APIToken: testToken})
	h := a.srv.Handler()
	for channel, tc := range map[string]struct{ want, not []string }{
		"":              {want: []string{`name="channel" value="feed"`, "pushes nothing"}, not: []string{`name="target"`, `name="url"`, `name="secret"`, `name="digest_at"`}},
		"slack":         {want: []string{`name="channel" value="slack"`, "Slack channel ID", `name="target"`, "slack.token"}, not: []string{`name="url"`, `name="secret"`}},
		"slack_webhook": {want: []string{`name="url"`}, not: []string{`name="target"`, `name="secret"`}},
		"webhook":       {want: []string{`name="url"`, `name="secret"`}, not: []string{`name="target"`}},
		"email":         {want: []string{"Recipients", `name="target"`}, not: []string{`name="url"`, `name="secret"`}},
	} {
		t.Run("channel="+channel, func(t *testing.T) {
			_, body := do(t, h, "GET", "/subscriptions?channel="+channel, nil)
			form := body[strings.Index(body, `<form method="post" action="/subscriptions"`):]
			mustContain(t, channel, form, tc.want...)
			for _, n := range tc.not {
				if strings.Contains(form, n) {
					t.Errorf("channel %q: form has %s", channel, n)
				}
			}
		})
	}
}

// TestSlackSubscriptionSaysWhatToConfigure: without a bot token the error
// names the key and the variable; a Slack subscription shows its channel.
func TestSlackSubscriptionSaysWhatToConfigure(t *testing.T) {
	a := newArchive(t, Config{APIToken: testToken})
	n := notify.New(a.st, nil, notify.Config{Channels: channels.Table(channels.Options{})}, nil) // every channel, no Slack token
	srv := New(Config{APIToken: testToken, PublicURL: "http://exportwatch.test"}, Deps{Store: a.st, Index: a.ix, Notifier: notifierAdapter{n}}, nil)
	form := url.Values{"name": {"CN desk"}, "countries": {"CN"}, "channel": {"slack"}, "target": {"C0123456789"}, "token": {testToken}}
	res, body := do(t, srv.Handler(), "POST", "/subscriptions", strings.NewReader(form.Encode()), "Content-Type", "application/x-www-form-urlencoded")
	if res.StatusCode != 400 {
		t.Fatalf("status %d, want 400", res.StatusCode)
	}
	mustContain(t, "no token", body, "slack.token", "SLACK_BOT_TOKEN", `name="channel" value="slack"`)

	if _, err := a.st.CreateSubscription(context.Background(), doc.Subscription{Name: "TW desk", Countries: []string{"TW"}, Channel: doc.ChannelSlack, Target: "C0TAIWAN1", NamedOnly: true}); err != nil {
		t.Fatal(err)
	}
	_, body = do(t, a.srv.Handler(), "GET", "/subscriptions", nil) // no token: still shows the Slack channel
	mustContain(t, "list", body, `channel <code class="slack-channel">C0TAIWAN1</code>`, "only documents naming them", "+ worldwide rules")
}
