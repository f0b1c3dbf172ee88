package notify

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/exportwatch/exportwatch/config"
	"github.com/exportwatch/exportwatch/doc"
	"github.com/exportwatch/exportwatch/internal/notifytest"
	"github.com/exportwatch/exportwatch/store"
)

// stubSender accepts everything; Validate only asks whether one exists.
type stubSender struct{}

func (stubSender) Send(context.Context, Notification) (string, bool, error) { return "ok", false, nil }

func TestDigestTimes(t *testing.T) {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	sub := doc.Subscription{DigestAt: "08:00", TimeZone: "Europe/Berlin"}
	for _, tc := range []struct {
		now, prev, next time.Time
	}{
		{time.Date(2026, 3, 10, 7, 0, 0, 0, berlin), time.Date(2026, 3, 9, 8, 0, 0, 0, berlin), time.Date(2026, 3, 10, 8, 0, 0, 0, berlin)},
		{time.Date(2026, 3, 10, 8, 0, 0, 0, berlin), time.Date(2026, 3, 10, 8, 0, 0, 0, berlin), time.Date(2026, 3, 11, 8, 0, 0, 0, berlin)},
		// DST starts 2026-03-29 in Berlin: still 08:00 local.
		{time.Date(2026, 3, 28, 9, 0, 0, 0, berlin), time.Date(2026, 3, 28, 8, 0, 0, 0, berlin), time.Date(2026, 3, 29, 8, 0, 0, 0, berlin)},
	} {
		prev, next, err := digestTimes(sub, tc.now.UTC())
		if err != nil || !prev.Equal(tc.prev) || !next.Equal(tc.next) {
			t.Errorf("digestTimes(%v) = %v, %v, %v; want %v, %v", tc.now, prev, next, err, tc.prev, tc.next)
		}
	}
	for _, bad := range []doc.Subscription{{DigestAt: "8"}, {DigestAt: "25:00"}, {DigestAt: "08:00", TimeZone: "Mars/Base"}} {
		if _, _, err := digestTimes(bad, time.Now()); err == nil {
			t.Errorf("digestTimes(%+v) accepted", bad)
		}
	}
}

func TestBackoff(t *testing.T) {
	d := newDispatcher(nil, nil, DispatchConfig{BackoffBase: 10 * time.Second, BackoffMax: time.Minute, Rand: func() float64 { return 1 }}, nil)
	for attempts, want := range []time.Duration{10 * time.Second, 20 * time.Second, 40 * time.Second, time.Minute, time.Minute} {
		if got := d.backoff(attempts, 0); got != want {
			t.Errorf("backoff(%d) = %v, want %v", attempts, got, want)
		}
	}
	if got := d.backoff(0, 5*time.Minute); got != 5*time.Minute {
		t.Errorf("backoff with Retry-After 5m = %v", got)
	}
	d.cfg.Rand = func() float64 { return 0 }
	if got := d.backoff(1, 0); got != 10*time.Second {
		t.Errorf("backoff(1) with zero jitter = %v, want 10s", got)
	}
}

func TestFeedAndDeletedSubscriptions(t *testing.T) {
	ctx := context.Background()
	st := notifytest.OpenStore(t)
	n := New(st, nil, Config{}, nil)
	notifytest.MustSub(t, st, doc.Subscription{Name: "feed", Channel: doc.ChannelFeed})
	gone := notifytest.MustSub(t, st, doc.Subscription{Name: "email but no smtp", Channel: doc.ChannelEmail, Target: "a@example.com"})
	d, c := notifytest.Doc(1, []string{"CN"}, doc.LabelEntityAddition)
	if _, err := st.SaveVersion(ctx, d, c, n.Matcher()); err != nil {
		t.Fatal(err)
	}
	n.RunOnce(ctx)
	for _, dl := range notifytest.Deliveries(t, st, store.DeliveryQuery{}) {
		switch {
		case dl.SubscriptionID == gone.ID:
			if dl.Status != store.StatusFailed || !strings.Contains(dl.LastError, "not configured") {
				t.Errorf("unconfigured channel delivery = %+v", dl)
			}
		default:
			if dl.Status != store.StatusSent || dl.Ref != "feed" {
				t.Errorf("feed delivery = %+v", dl)
			}
		}
	}
}

func TestValidate(t *testing.T) {
	n := New(nil, wordMatcher{}, Config{Channels: []Channel{{Name: doc.ChannelSlack, Sender: stubSender{}}, {Name: doc.ChannelEmail}}}, nil)
	for name, tc := range map[string]struct {
		sub  doc.Subscription
		want string // "" = valid
	}{
		"ok slack":         {doc.Subscription{Name: "a", Channel: doc.ChannelSlack, Target: "C1", Countries: []string{"CN", "worldwide"}}, ""},
		"no name":          {doc.Subscription{Channel: doc.ChannelFeed}, "name: required"},
		"bad country":      {doc.Subscription{Name: "a", Channel: doc.ChannelFeed, Countries: []string{"China"}}, "countries"},
		"bad label":        {doc.Subscription{Name: "a", Channel: doc.ChannelFeed, Labels: []string{"tiers"}}, "unknown label"},
		"webhook secret":   {doc.Subscription{Name: "a", Channel: doc.ChannelWebhook, URL: "https://x.example/h?k=SEKRIT"}, "secret: a signing secret"},
		"webhook bad url":  {doc.Subscription{Name: "a", Channel: doc.ChannelWebhook, URL: "ftp://SEKRIT", Secret: "s"}, "url: an http(s) URL"},
		"email not config": {doc.Subscription{Name: "a", Channel: doc.ChannelEmail, Target: "a@example.com"}, "email is not configured on this server: set smtp.host"},
		"bad digest":       {doc.Subscription{Name: "a", Channel: doc.ChannelFeed, Mode: doc.ModeDigest, DigestAt: "8am"}, "want HH:MM"},
		"bad zone":         {doc.Subscription{Name: "a", Channel: doc.ChannelFeed, Mode: doc.ModeDigest, TimeZone: "Nowhere/City"}, "time zone"},
		"bad channel":      {doc.Subscription{Name: "a", Channel: "pager"}, "channel"},
		"bad query":        {doc.Subscription{Name: "a", Channel: doc.ChannelFeed, Query: "BAD("}, "query: bad query"},
		"good query":       {doc.Subscription{Name: "a", Channel: doc.ChannelFeed, Query: "inspur"}, ""},
	} {
		t.Run(name, func(t *testing.T) {
			err := n.Validate(tc.sub)
			if tc.want == "" {
				if err != nil {
					t.Fatalf("Validate = %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Validate = %v, want %q", err, tc.want)
			}
			notifytest.AssertNoSecret(t, "SEKRIT", nil, err.Error())
		})
	}
}

// TestDispatchDefaultsAreConfigs: a zero DispatchConfig takes the config
// file's defaults (poll 2s, twice the 15s timeout per send), not a set of
// its own.
func TestDispatchDefaultsAreConfigs(t *testing.T) {
	def := config.Default().Notify
	c := DispatchConfig{}.withDefaults()
	if c.PollInterval != def.Poll.D() || c.SendTimeout != 2*def.Timeout.D() || c.Workers != def.Workers ||
		c.MaxAttempts != def.MaxAttempts || c.Lease != def.Lease.D() {
		t.Errorf("defaults = %+v, want config.Default's notify section %+v", c, def)
	}
}

// TestValidateSlackWithoutToken: the error says which key or variable to set.
func TestValidateSlackWithoutToken(t *testing.T) {
	n := New(nil, wordMatcher{}, Config{Channels: []Channel{{Name: doc.ChannelSlack}}}, nil) // known, no token
	err := n.Validate(doc.Subscription{Name: "a", Channel: doc.ChannelSlack, Target: "C1"})
	if err == nil || !strings.Contains(err.Error(), "slack.token") || !strings.Contains(err.Error(), "SLACK_BOT_TOKEN") {
		t.Errorf("Validate = %v, want it to name slack.token and SLACK_BOT_TOKEN", err)
	}
}
