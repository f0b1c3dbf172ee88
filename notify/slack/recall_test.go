package slack

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/exportwatch/exportwatch/doc"
	"github.com/exportwatch/exportwatch/internal/notifytest"
	"github.com/exportwatch/exportwatch/notify"
	"github.com/exportwatch/exportwatch/store"
)

// hostileTitle is crawled text that, unescaped, pings the whole channel,
// a user, and plants a disguised link.
const hostileTitle = "<!channel> <!here> <@U123> <https://evil.example|Click here>"

func assertEscaped(t *testing.T, text string) {
	t.Helper()
	for _, raw := range []string{"<!channel>", "<!here>", "<@U123>", "<https://evil.example"} {
		if strings.Contains(text, raw) {
			t.Errorf("fallback text carries %q unescaped: %q", raw, text)
		}
	}
	if !strings.Contains(text, "&lt;!channel&gt; &lt;!here&gt; &lt;@U123&gt; &lt;https://evil.example|Click here&gt;") {
		t.Errorf("fallback text = %q, want the title escaped", text)
	}
}

// TestFallbackTextEscapedBot: the bot's top-level text is escaped like
// its blocks (issue 15.3).
func TestFallbackTextEscapedBot(t *testing.T) {
	e := newSlackEnv(t, testToken, 5*time.Second)
	d, c := notifytest.Doc(30, []string{"CN"}, doc.LabelEntityAddition)
	d.Title = hostileTitle
	e.save(t, d, c)
	e.runOnce(t)
	msgs := e.fs.Messages()
	if len(msgs) != 1 {
		t.Fatalf("got %d messages, want 1", len(msgs))
	}
	assertEscaped(t, msgs[0].Text)
}

// TestFallbackTextEscapedWebhook: the same for incoming webhooks.
func TestFallbackTextEscapedWebhook(t *testing.T) {
	e := newSlackEnv(t, testToken, 5*time.Second)
	if err := e.st.DeleteSubscription(context.Background(), e.sub.ID); err != nil {
		t.Fatal(err)
	}
	notifytest.MustSub(t, e.st, doc.Subscription{Name: "hook", Channel: doc.ChannelSlackWebhook, URL: doc.Secret(e.fs.WebhookURL("C555"))})
	d, c := notifytest.Doc(31, []string{"CN"}, doc.LabelEntityAddition)
	d.Title = hostileTitle
	e.save(t, d, c)
	e.runOnce(t)
	msgs := e.fs.Messages()
	if len(msgs) != 1 || msgs[0].Webhook == "" {
		t.Fatalf("messages = %+v, want one webhook post", msgs)
	}
	assertEscaped(t, msgs[0].Text)
}

// TestMetadataNamesDelivery: every bot alert carries its delivery ID in
// message metadata.
func TestMetadataNamesDelivery(t *testing.T) {
	e := newSlackEnv(t, testToken, 5*time.Second)
	d, c := notifytest.Doc(32, []string{"CN"}, doc.LabelEntityAddition)
	e.save(t, d, c)
	e.runOnce(t)
	msgs := e.fs.Messages()
	ds := notifytest.Deliveries(t, e.st, store.DeliveryQuery{})
	if len(msgs) != 1 || len(ds) != 1 {
		t.Fatalf("%d messages, %d deliveries", len(msgs), len(ds))
	}
	var md struct {
		EventType    string         `json:"event_type"`
		EventPayload map[string]any `json:"event_payload"`
	}
	if err := json.Unmarshal(msgs[0].Metadata, &md); err != nil {
		t.Fatalf("metadata %q: %v", msgs[0].Metadata, err)
	}
	if md.EventType != MetadataEventType || md.EventPayload[MetadataDeliveryID] != "1" || ds[0].ID != 1 {
		t.Errorf("metadata = %+v for delivery %d", md, ds[0].ID)
	}
}

// TestCrashWindowNotResent plays the at-least-once window: a process
// claims a delivery, Slack accepts the message, and the process dies
// before MarkSent. After the lease, the next dispatcher finds the message
// in the channel's history (top level) or thread (a reply) by its
// metadata and records it, instead of posting it again (issue 15.7). A
// row in doubt that never reached Slack is still sent, once.
func TestCrashWindowNotResent(t *testing.T) {
	for _, threaded := range []bool{false, true} {
		name := map[bool]string{false: "top level", true: "thread reply"}[threaded]
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			e := newSlackEnv(t, testToken, 5*time.Second)
			d, c := notifytest.Doc(33, []string{"CN"}, doc.LabelEntityAddition)
			e.save(t, d, c)
			if threaded {
				e.runOnce(t) // the first alert opens the thread
				d.Body += " Corrected."
				e.save(t, d, c)
			}
			before := len(e.fs.Messages())

			// The dying process: claims the row, posts, never records it.
			rows, err := e.st.ClaimDue(ctx, e.clock.Now(), 10, time.Minute)
			if err != nil || len(rows) != 1 || rows[0].InDoubt {
				t.Fatalf("claim = %+v, %v; want one fresh row", rows, err)
			}
			ev, err := e.st.Event(ctx, rows[0].EventID)
			if err != nil {
				t.Fatal(err)
			}
			n := notify.Notification{Subscription: e.sub, Items: []notify.Item{{Event: ev, Document: d, Classification: c}}, DeliveryID: rows[0].ID}
			if threaded {
				n.ThreadTS = e.fs.Messages()[0].TS
			}
			bot := channels(e.fs, testToken, e.fs.Client())[0].Sender
			ts, _, err := bot.Send(ctx, n)
			if err != nil {
				t.Fatal(err)
			}
			// A second delivery in doubt that the dead process never sent.
			d2, c2 := notifytest.Doc(34, []string{"CN"}, doc.LabelEntityAddition)
			e.save(t, d2, c2)
			if _, err := e.st.ClaimDue(ctx, e.clock.Now(), 10, time.Minute); err != nil {
				t.Fatal(err)
			}

			e.clock.Add(2 * time.Minute) // the lease runs out
			e.runOnce(t)
			msgs := e.fs.Messages()
			if got := len(msgs) - before; got != 2 {
				t.Fatalf("%d messages since the crash, want 2 (the dead process's, and the unsent one once)", got)
			}
			ds := notifytest.Deliveries(t, e.st, store.DeliveryQuery{})
			refs := map[int64]string{}
			for _, dl := range ds {
				if dl.Status != store.StatusSent {
					t.Errorf("delivery %d is %s", dl.ID, dl.Status)
				}
				refs[dl.ID] = dl.Ref
			}
			if refs[rows[0].ID] != ts {
				t.Errorf("delivery %d recorded ref %q, want the dead process's message %s", rows[0].ID, refs[rows[0].ID], ts)
			}
			if !strings.Contains(e.logs.String(), "recorded, not resent") {
				t.Errorf("no log line says the delivery was found:\n%s", e.logs)
			}
		})
	}
}

// TestRecallTopLevelAfterThreadOpened: the dead process posted a
// document's first alert at the top level; before its lease ran out, a
// later alert about the same document was sent and opened the thread. The
// first alert's resend would be a reply in that thread, yet its copy is
// at the top level: Recall finds it there.
func TestRecallTopLevelAfterThreadOpened(t *testing.T) {
	ctx := context.Background()
	e := newSlackEnv(t, testToken, 5*time.Second)
	d, c := notifytest.Doc(35, []string{"CN"}, doc.LabelEntityAddition)
	e.save(t, d, c)
	rows, err := e.st.ClaimDue(ctx, e.clock.Now(), 10, time.Minute)
	if err != nil || len(rows) != 1 {
		t.Fatalf("claim = %+v, %v", rows, err)
	}
	ev, err := e.st.Event(ctx, rows[0].EventID)
	if err != nil {
		t.Fatal(err)
	}
	bot := channels(e.fs, testToken, e.fs.Client())[0].Sender
	first, _, err := bot.Send(ctx, notify.Notification{Subscription: e.sub,
		Items: []notify.Item{{Event: ev, Document: d, Classification: c}}, DeliveryID: rows[0].ID})
	if err != nil {
		t.Fatal(err)
	}
	d.Body += " Corrected."
	e.save(t, d, c)
	e.runOnce(t) // the update goes out while the first row is leased, and opens the thread
	e.clock.Add(2 * time.Minute)
	e.runOnce(t)
	if msgs := e.fs.Messages(); len(msgs) != 2 {
		t.Fatalf("%d messages, want 2 (the dead process's and the update)", len(msgs))
	}
	for _, dl := range notifytest.Deliveries(t, e.st, store.DeliveryQuery{}) {
		if dl.ID == rows[0].ID && (dl.Status != store.StatusSent || dl.Ref != first) {
			t.Errorf("first alert's delivery = %+v, want sent with ref %s", dl, first)
		}
	}
}

// TestIncomingWebhookRefusesPrivateTargets: a Slack incoming-webhook URL
// is the subscriber's too; with private targets not allowed (the default),
// one on loopback is refused, finally, and never reached.
func TestIncomingWebhookRefusesPrivateTargets(t *testing.T) {
	e := newSlackEnv(t, testToken, 5*time.Second)
	hook := WebhookChannel(notify.TargetClient(5*time.Second, false), notify.Renderer{}).Sender
	d, c := notifytest.Doc(36, []string{"CN"}, doc.LabelEntityAddition)
	_, retry, err := hook.Send(context.Background(), notify.Notification{
		Subscription: doc.Subscription{ID: 1, Channel: doc.ChannelSlackWebhook, URL: doc.Secret(e.fs.WebhookURL("C1"))},
		Items:        []notify.Item{{Event: doc.Event{ID: 1, DocumentID: d.ID, Kind: doc.EventNew}, Document: d, Classification: c}},
	})
	if !errors.Is(err, notify.ErrPrivateTarget) || retry {
		t.Errorf("Send = retry %v, %v; want refused as a private target, finally", retry, err)
	}
	if n := e.fs.Requests(); n != 0 {
		t.Errorf("the fake got %d requests", n)
	}
}
