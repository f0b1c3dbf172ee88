package slack

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/exportwatch/exportwatch/doc"
	"github.com/exportwatch/exportwatch/internal/fakeslack"
	"github.com/exportwatch/exportwatch/internal/notifytest"
	"github.com/exportwatch/exportwatch/notify"
	"github.com/exportwatch/exportwatch/notify/slack/slackconf"
	"github.com/exportwatch/exportwatch/store"
)

const testToken = "xoxb-1111-2222-SECRETTOKENVALUE"

type slackEnv struct {
	st    *store.Store
	fs    *fakeslack.Server
	n     *notify.Notifier
	clock *notifytest.Clock
	logs  *notifytest.LogBuffer
	sub   doc.Subscription
}

// channels is the Slack part of notify's table, pointed at the fake.
func channels(fs *fakeslack.Server, token string, client *http.Client) []notify.Channel {
	r := notify.Renderer{PublicURL: "https://exportwatch.example.org"}
	return []notify.Channel{
		BotChannel(slackconf.Config{Token: doc.Secret(token), APIURL: strings.TrimSuffix(fs.APIURL(), "/")}, client, r),
		WebhookChannel(client, r),
	}
}

func newSlackEnv(t *testing.T, token string, httpTimeout time.Duration) *slackEnv {
	t.Helper()
	st := notifytest.OpenStore(t)
	fs := fakeslack.New(t, fakeslack.Options{Token: testToken, Channels: []string{"C123"}, NotInChannel: []string{"C999"}})
	log, logs := notifytest.Logger()
	clock := notifytest.NewClock()
	client := fs.Client()
	client.Timeout = httpTimeout
	n := notify.New(st, nil, notify.Config{
		Channels: channels(fs, token, client),
		Dispatch: notify.DispatchConfig{Workers: 2, BackoffBase: 10 * time.Second, BackoffMax: time.Hour,
			MaxAttempts: 4, Now: clock.Now, Rand: func() float64 { return 0.5 }},
	}, log)
	sub := notifytest.MustSub(t, st, doc.Subscription{Name: "China entities", Countries: []string{"CN"}, Channel: doc.ChannelSlack, Target: "C123"})
	return &slackEnv{st: st, fs: fs, n: n, clock: clock, logs: logs, sub: sub}
}

func (e *slackEnv) save(t *testing.T, d doc.Document, c doc.Classification) {
	t.Helper()
	res, err := e.st.SaveVersion(context.Background(), d, c, e.n.Matcher())
	if err != nil {
		t.Fatal(err)
	}
	if res.Deliveries != 1 {
		t.Fatalf("SaveVersion wrote %d deliveries, want 1", res.Deliveries)
	}
}

func (e *slackEnv) runOnce(t *testing.T) {
	t.Helper()
	if _, err := e.n.RunOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func TestSlackDelivery(t *testing.T) {
	e := newSlackEnv(t, testToken, 5*time.Second)
	d, c := notifytest.Doc(1, []string{"CN"}, doc.LabelEntityAddition)
	for i := 0; i < 12; i++ {
		c.Entities = append(c.Entities, doc.Entity{Action: doc.ActionAdd, Name: "Entity " + string(rune('A'+i)), Country: "CN"})
	}
	e.save(t, d, c)
	e.runOnce(t)
	msgs := e.fs.Messages()
	if len(msgs) != 1 {
		t.Fatalf("got %d messages, want 1", len(msgs))
	}
	m := msgs[0]
	if m.Channel != "C123" || m.ThreadTS != "" {
		t.Errorf("channel %q thread %q, want C123 and no thread", m.Channel, m.ThreadTS)
	}
	blocks := notifytest.UnescapeJSON(m.Blocks)
	for _, want := range []string{
		"<https://www.federalregister.gov/d/2025-00001|Additions to the Entity List 1>",
		"Entity List addition", "🇨🇳 CN", "Published 2025-01-16", "2025-02-15",
		"+3 more", "adds entities under the destination of China",
		"https://exportwatch.example.org/documents/fr:2025-00001",
	} {
		if !strings.Contains(blocks, want) {
			t.Errorf("blocks lack %q:\n%s", want, blocks)
		}
	}
	var parsed []map[string]any
	if err := json.Unmarshal(m.Blocks, &parsed); err != nil || len(parsed) == 0 {
		t.Errorf("blocks are not a JSON array: %v", err)
	}
	ds := notifytest.Deliveries(t, e.st, store.DeliveryQuery{})
	if len(ds) != 1 || ds[0].Status != store.StatusSent || ds[0].Ref != m.TS {
		t.Errorf("delivery = %+v, want sent with ref %s", ds, m.TS)
	}
}

func TestSlackThreadsLaterChanges(t *testing.T) {
	e := newSlackEnv(t, testToken, 5*time.Second)
	d, c := notifytest.Doc(2, []string{"CN"}, doc.LabelEntityAddition)
	d.Stage = doc.StagePublicInspection
	e.save(t, d, c)
	e.runOnce(t)
	d.Stage = doc.StagePublished
	e.save(t, d, c) // published event
	d.Body += " Corrected."
	e.save(t, d, c) // updated event
	e.runOnce(t)
	msgs := e.fs.Messages()
	if len(msgs) != 3 {
		t.Fatalf("got %d messages, want 3", len(msgs))
	}
	if msgs[0].ThreadTS != "" {
		t.Errorf("first alert posted in thread %q", msgs[0].ThreadTS)
	}
	for i, m := range msgs[1:] {
		if m.ThreadTS != msgs[0].TS {
			t.Errorf("message %d thread_ts = %q, want %q (first alert)", i+2, m.ThreadTS, msgs[0].TS)
		}
	}
	if !strings.Contains(msgs[1].Text, "Published") || !strings.Contains(msgs[2].Text, "Updated (version 3)") {
		t.Errorf("texts = %q, %q", msgs[1].Text, msgs[2].Text)
	}
}

func TestSlackRetries(t *testing.T) {
	for name, tc := range map[string]struct {
		fault    fakeslack.Fault
		minDelay time.Duration
	}{
		"429 honours Retry-After": {fault: fakeslack.Fault{Status: 429, RetryAfter: 120}, minDelay: 120 * time.Second},
		"500 is retried":          {fault: fakeslack.Fault{Status: 500}, minDelay: 7500 * time.Millisecond},
		"timeout is retried":      {fault: fakeslack.Fault{Delay: 600 * time.Millisecond}, minDelay: 7500 * time.Millisecond},
	} {
		t.Run(name, func(t *testing.T) {
			e := newSlackEnv(t, testToken, 200*time.Millisecond)
			d, c := notifytest.Doc(3, []string{"CN"}, doc.LabelEntityAddition)
			e.save(t, d, c)
			e.fs.Fail(tc.fault)
			start := e.clock.Now()
			e.runOnce(t)
			ds := notifytest.Deliveries(t, e.st, store.DeliveryQuery{})
			if len(ds) != 1 || ds[0].Status != store.StatusPending || ds[0].Attempts != 1 {
				t.Fatalf("after failure: %+v, want pending with 1 attempt", ds)
			}
			if got := ds[0].DueAt.Sub(start); got < tc.minDelay-time.Millisecond {
				t.Errorf("retry due after %v, want >= %v", got, tc.minDelay)
			}
			if len(e.fs.Messages()) != 0 {
				t.Fatalf("a message was accepted during the fault")
			}
			// Not due yet: nothing happens.
			e.runOnce(t)
			if got := e.fs.Requests(); got != 1 {
				t.Fatalf("requests = %d before the retry is due, want 1", got)
			}
			e.clock.Set(ds[0].DueAt.Add(time.Millisecond))
			e.runOnce(t)
			ds = notifytest.Deliveries(t, e.st, store.DeliveryQuery{})
			if ds[0].Status != store.StatusSent || ds[0].Attempts != 2 || len(e.fs.Messages()) != 1 {
				t.Errorf("after retry: %+v, %d messages; want sent after 2 attempts, 1 message", ds[0], len(e.fs.Messages()))
			}
			notifytest.AssertNoSecret(t, testToken, e.logs, ds[0].LastError)
		})
	}
}

func TestSlackFinalErrors(t *testing.T) {
	for name, tc := range map[string]struct {
		token, channel, want string
	}{
		"invalid_auth":      {token: "xoxb-wrong-SECRETTOKENVALUE", channel: "C123", want: "invalid_auth"},
		"channel_not_found": {token: testToken, channel: "CNOPE", want: "channel_not_found"},
		"not_in_channel":    {token: testToken, channel: "C999", want: "not_in_channel"},
	} {
		t.Run(name, func(t *testing.T) {
			e := newSlackEnv(t, tc.token, 5*time.Second)
			e.sub.Target = tc.channel
			if err := e.st.DeleteSubscription(context.Background(), e.sub.ID); err != nil {
				t.Fatal(err)
			}
			notifytest.MustSub(t, e.st, doc.Subscription{Name: "x", Channel: doc.ChannelSlack, Target: tc.channel})
			d, c := notifytest.Doc(4, []string{"CN"}, doc.LabelEntityAddition)
			e.save(t, d, c)
			e.runOnce(t)
			ds := notifytest.Deliveries(t, e.st, store.DeliveryQuery{})
			if len(ds) != 1 || ds[0].Status != store.StatusFailed || ds[0].Attempts != 1 {
				t.Fatalf("delivery = %+v, want failed after 1 attempt", ds)
			}
			if !strings.Contains(ds[0].LastError, tc.want) {
				t.Errorf("last_error = %q, want %q", ds[0].LastError, tc.want)
			}
			_, err := e.n.Test(context.Background(), doc.Subscription{ID: 9, Name: "t", Channel: doc.ChannelSlack, Target: tc.channel})
			if err == nil {
				t.Error("Test succeeded, want an error")
			}
			notifytest.AssertNoSecret(t, tc.token, e.logs, ds[0].LastError, notifytest.ErrText(err))
			notifytest.AssertNoSecret(t, "SECRETTOKENVALUE", e.logs, ds[0].LastError, notifytest.ErrText(err))
		})
	}
}

func TestSlackMaxAttempts(t *testing.T) {
	e := newSlackEnv(t, testToken, 5*time.Second)
	d, c := notifytest.Doc(5, []string{"CN"}, doc.LabelEntityAddition)
	e.save(t, d, c)
	for i := 0; i < 4; i++ {
		e.fs.Fail(fakeslack.Fault{Status: 503})
		e.runOnce(t)
		e.clock.Add(2 * time.Hour)
	}
	ds := notifytest.Deliveries(t, e.st, store.DeliveryQuery{})
	if ds[0].Status != store.StatusFailed || ds[0].Attempts != 4 || !strings.Contains(ds[0].LastError, "after 4 attempts") {
		t.Errorf("delivery = %+v, want failed after 4 attempts", ds[0])
	}
}

func TestSlackWebhook(t *testing.T) {
	st := notifytest.OpenStore(t)
	fs := fakeslack.New(t, fakeslack.Options{Token: testToken})
	log, logs := notifytest.Logger()
	clock := notifytest.NewClock()
	n := notify.New(st, nil, notify.Config{Channels: channels(fs, "", fs.Client()),
		Dispatch: notify.DispatchConfig{Now: clock.Now, Rand: func() float64 { return 0 }}}, log)
	hook := fs.WebhookURL("C777")
	notifytest.MustSub(t, st, doc.Subscription{Name: "hook", Channel: doc.ChannelSlackWebhook, URL: doc.Secret(hook)})
	d, c := notifytest.Doc(6, []string{"TW"}, doc.LabelTierChange)
	if _, err := st.SaveVersion(context.Background(), d, c, n.Matcher()); err != nil {
		t.Fatal(err)
	}
	fs.Fail(fakeslack.Fault{Status: 429, RetryAfter: 30})
	n.RunOnce(context.Background())
	ds := notifytest.Deliveries(t, st, store.DeliveryQuery{})
	if ds[0].Status != store.StatusPending || ds[0].DueAt.Sub(clock.Now()) < 29*time.Second {
		t.Fatalf("after 429: %+v, want pending due in >= 30s", ds[0])
	}
	clock.Add(31 * time.Second)
	n.RunOnce(context.Background())
	msgs := fs.Messages()
	if len(msgs) != 1 || msgs[0].Channel != "C777" || !strings.Contains(string(msgs[0].Blocks), "🇹🇼 TW") {
		t.Fatalf("messages = %+v", msgs)
	}

	// Failure paths never print the webhook URL: unknown hook (404) and a
	// dead server (url.Error would carry the URL).
	secretPart := hook[strings.Index(hook, "/services/"):]
	bad := fs.URL() + "/services/T000/B999/othersecret123"
	_, err1 := n.Test(context.Background(), doc.Subscription{Name: "t", Channel: doc.ChannelSlackWebhook, URL: doc.Secret(bad)})
	fs.Close()
	_, err2 := n.Test(context.Background(), doc.Subscription{Name: "t", Channel: doc.ChannelSlackWebhook, URL: doc.Secret(hook)})
	if err1 == nil || err2 == nil {
		t.Fatalf("errors = %v, %v; want both", err1, err2)
	}
	notifytest.AssertNoSecret(t, secretPart, logs, notifytest.ErrText(err1), notifytest.ErrText(err2))
	notifytest.AssertNoSecret(t, "othersecret123", logs, notifytest.ErrText(err1), notifytest.ErrText(err2))
}
