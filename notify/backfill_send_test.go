package notify_test

import (
	"context"
	"net/mail"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/exportwatch/exportwatch/doc"
	"github.com/exportwatch/exportwatch/internal/fakeslack"
	"github.com/exportwatch/exportwatch/internal/notifytest"
	"github.com/exportwatch/exportwatch/internal/smtptest"
	"github.com/exportwatch/exportwatch/notify"
	"github.com/exportwatch/exportwatch/notify/channels"
	"github.com/exportwatch/exportwatch/notify/email"
	"github.com/exportwatch/exportwatch/notify/slack/slackconf"
	"github.com/exportwatch/exportwatch/store"
)

// backfillSince opens every backfill window of these tests: the sample
// documents are published on 2025-01-16.
var backfillSince = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

// saveDocs stores sample documents numbered from..to-1 (hand-made:
// notifytest.Doc), each naming CN, without matching subscriptions.
func saveDocs(t *testing.T, st *store.Store, from, to int) {
	t.Helper()
	for i := from; i < to; i++ {
		d, c := notifytest.Doc(i, []string{"CN"}, doc.LabelEntityAddition)
		if _, err := st.SaveVersion(context.Background(), d, c, nil); err != nil {
			t.Fatal(err)
		}
	}
}

// retryConfig retries after half of BackoffBase (no jitter) or the
// channel's Retry-After, whichever is longer.
func retryConfig(clock *notifytest.Clock) notify.DispatchConfig {
	return notify.DispatchConfig{Now: clock.Now, BackoffBase: 10 * time.Second, Rand: func() float64 { return 0 }}
}

// TestBackfillRetriedAfterSlackFailure: a backfill that meets a Slack
// outage or rate limit stays queued, is not sent again before its time
// (nor before Retry-After), and is then sent once, listing what the
// archive holds at that time.
func TestBackfillRetriedAfterSlackFailure(t *testing.T) {
	for name, tc := range map[string]struct {
		fault    fakeslack.Fault
		minDelay time.Duration
		reason   string
	}{
		"slack 500 then success":              {fault: fakeslack.Fault{Status: 500}, minDelay: 5 * time.Second, reason: "500"},
		"slack 429 with Retry-After 120 then": {fault: fakeslack.Fault{Status: 429, RetryAfter: 120}, minDelay: 120 * time.Second, reason: "rate limit"},
	} {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			st := notifytest.OpenStore(t)
			fs := fakeslack.New(t, fakeslack.Options{Token: testToken})
			clock := notifytest.NewClock()
			n := notify.New(st, nil, notify.Config{Channels: table(fs, ""), Dispatch: retryConfig(clock)}, nil)
			saveDocs(t, st, 1, 3)
			sub, d, err := st.CreateSubscriptionWithBackfill(ctx, doc.Subscription{Name: "CN", Countries: []string{"CN"}, Channel: doc.ChannelSlack, Target: "C1"}, backfillSince)
			if err != nil {
				t.Fatal(err)
			}

			fs.Fail(tc.fault)
			att, err := n.SendNow(ctx, d.ID)
			if err != nil {
				t.Fatal(err)
			}
			got := att.Delivery
			if !att.Tried || got.Status != store.StatusPending || got.Attempts != 1 || !strings.Contains(strings.ToLower(got.LastError), tc.reason) {
				t.Fatalf("after the failed send: %+v (tried %v), want pending after 1 attempt, last error about %q", got, att.Tried, tc.reason)
			}
			if wait := got.DueAt.Sub(clock.Now()); wait < tc.minDelay-time.Second {
				t.Errorf("retry due in %v, want at least %v", wait, tc.minDelay)
			}
			clock.Add(tc.minDelay / 2)
			n.RunOnce(ctx)
			if m := fs.Messages(); len(m) != 0 {
				t.Fatalf("sent before the retry was due: %+v", m)
			}

			saveDocs(t, st, 3, 4) // published while Slack was down: the retry lists it
			clock.Set(got.DueAt.Add(time.Second))
			n.RunOnce(ctx)
			m := fs.Messages()
			if len(m) != 1 || !strings.Contains(m[0].Text, "published since 2025-01-01: 3 documents") {
				t.Fatalf("messages after the retry = %+v, want one backfill of 3 documents", m)
			}
			final := notifytest.Deliveries(t, st, store.DeliveryQuery{SubscriptionID: sub.ID})
			if len(final) != 1 || final[0].Status != store.StatusSent || final[0].Ref != m[0].TS || final[0].Kind != doc.EventBackfill {
				t.Errorf("deliveries = %+v, want the backfill sent with ref %s", final, m[0].TS)
			}
			n.RunOnce(ctx)
			if len(fs.Messages()) != 1 {
				t.Errorf("backfill sent again")
			}
		})
	}
}

// TestBackfillRetriedAfterSMTP451: a temporary SMTP refusal (451) queues
// the backfill; the retry delivers it over real SMTP with the delivery's
// Message-ID.
func TestBackfillRetriedAfterSMTP451(t *testing.T) {
	ctx := context.Background()
	srv := smtptest.New(t, smtptest.Options{RejectRcpt: 451, RejectRcptTimes: 1})
	st := notifytest.OpenStore(t)
	clock := notifytest.NewClock()
	cfg := email.Config{Host: srv.Host, Port: srv.Port, From: "exportwatch <alerts@example.org>", StartTLS: true,
		RootCAs: srv.RootCAs(), Timeout: 5 * time.Second}
	n := notify.New(st, nil, notify.Config{Channels: []notify.Channel{email.Channel(cfg, notify.Renderer{}, nil)}, Dispatch: retryConfig(clock)}, nil)
	saveDocs(t, st, 1, 3)
	sub, d, err := st.CreateSubscriptionWithBackfill(ctx, doc.Subscription{Name: "CN", Countries: []string{"CN"}, Channel: doc.ChannelEmail, Target: "lawyer@example.com"}, backfillSince)
	if err != nil {
		t.Fatal(err)
	}
	att, err := n.SendNow(ctx, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got := att.Delivery; got.Status != store.StatusPending || !strings.Contains(got.LastError, "451") {
		t.Fatalf("after 451: %+v, want pending with the 451 reason", got)
	}
	clock.Set(att.Delivery.DueAt.Add(time.Second))
	n.RunOnce(ctx)
	msgs := srv.Messages()
	if len(msgs) != 1 {
		t.Fatalf("%d messages accepted, want 1", len(msgs))
	}
	m, err := mail.ReadMessage(strings.NewReader(string(msgs[0].Data)))
	if err != nil {
		t.Fatal(err)
	}
	if subj := m.Header.Get("Subject"); !strings.Contains(subj, "2 documents") {
		t.Errorf("subject %q, want the count of documents", subj)
	}
	wantID := "<delivery-" + itoa(d.ID) + ".subscription-" + itoa(sub.ID) + "@example.org>"
	if id := m.Header.Get("Message-ID"); id != wantID {
		t.Errorf("Message-ID %q, want %q", id, wantID)
	}
	if got := notifytest.Deliveries(t, st, store.DeliveryQuery{SubscriptionID: sub.ID}); len(got) != 1 || got[0].Status != store.StatusSent {
		t.Errorf("deliveries = %+v, want the backfill sent", got)
	}
}

// TestBackfillSentByNextProcess: a backfill queued by one process (the
// command that met an outage) is sent by a dispatcher started later on
// the same SQLite file.
func TestBackfillSentByNextProcess(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "ew.db")
	st1, err := store.Open(ctx, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	fs := fakeslack.New(t, fakeslack.Options{Token: testToken})
	clock := notifytest.NewClock()
	saveDocs(t, st1, 1, 3)
	sub, d, err := st1.CreateSubscriptionWithBackfill(ctx, doc.Subscription{Name: "CN", Countries: []string{"CN"}, Channel: doc.ChannelSlack, Target: "C1"}, backfillSince)
	if err != nil {
		t.Fatal(err)
	}
	fs.Fail(fakeslack.Fault{Status: 503})
	att, err := notify.New(st1, nil, notify.Config{Channels: table(fs, ""), Dispatch: retryConfig(clock)}, nil).SendNow(ctx, d.ID)
	if err != nil || att.Delivery.Status != store.StatusPending {
		t.Fatalf("first process: %+v, %v; want the backfill queued", att.Delivery, err)
	}
	if err := st1.Close(); err != nil {
		t.Fatal(err)
	}

	st2, err := store.Open(ctx, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st2.Close()
	clock.Add(time.Minute)
	n2 := notify.New(st2, nil, notify.Config{Channels: table(fs, ""),
		Dispatch: notify.DispatchConfig{Now: clock.Now, PollInterval: 5 * time.Millisecond}}, nil)
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan error)
	go func() { done <- n2.Run(runCtx) }()
	notifytest.WaitFor(t, "the backfill from the new process", 10*time.Second, func() bool { return len(fs.Messages()) > 0 })
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	m := fs.Messages()
	if len(m) != 1 || !strings.Contains(m[0].Text, "2 documents") {
		t.Errorf("messages = %+v, want one backfill of 2 documents", m)
	}
	if got := notifytest.Deliveries(t, st2, store.DeliveryQuery{SubscriptionID: sub.ID}); len(got) != 1 || got[0].Status != store.StatusSent || got[0].Attempts != 2 {
		t.Errorf("deliveries = %+v, want the backfill sent on its second attempt", got)
	}
}

// TestBackfillRefusedIsRecordedAndReRunnable: a final refusal (a revoked
// bot token) fails the backfill at once, recorded in deliveries with its
// reason and without the token; once the operator fixes the token the
// backfill runs again.
func TestBackfillRefusedIsRecordedAndReRunnable(t *testing.T) {
	ctx := context.Background()
	st := notifytest.OpenStore(t)
	fs := fakeslack.New(t, fakeslack.Options{Token: testToken})
	saveDocs(t, st, 1, 3)
	revoked := "xoxb-1111-2222-REVOKEDTOKENVALUE"
	bad := notify.New(st, nil, notify.Config{Channels: tableWithToken(fs, revoked)}, nil)
	sub, d, err := st.CreateSubscriptionWithBackfill(ctx, doc.Subscription{Name: "CN", Countries: []string{"CN"}, Channel: doc.ChannelSlack, Target: "C1"}, backfillSince)
	if err != nil {
		t.Fatal(err)
	}
	att, err := bad.SendNow(ctx, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	failed := notifytest.Deliveries(t, st, store.DeliveryQuery{Status: store.StatusFailed})
	if att.Delivery.Status != store.StatusFailed || len(failed) != 1 || failed[0].ID != d.ID || failed[0].Kind != doc.EventBackfill ||
		!strings.Contains(failed[0].LastError, "invalid_auth") {
		t.Fatalf("after the refusal: %+v; failed deliveries %+v; want the backfill failed with invalid_auth", att.Delivery, failed)
	}
	notifytest.AssertNoSecret(t, revoked, nil, failed[0].LastError)
	if _, err := st.Subscription(ctx, sub.ID); err != nil {
		t.Fatalf("the subscription is gone after the refusal: %v", err)
	}

	good := notify.New(st, nil, notify.Config{Channels: table(fs, "")}, nil)
	again, err := st.AddBackfill(ctx, sub.ID, backfillSince)
	if err != nil {
		t.Fatal(err)
	}
	att, err = good.SendNow(ctx, again.ID)
	if err != nil || att.Delivery.Status != store.StatusSent || att.Documents != 2 {
		t.Fatalf("re-run: %+v (%d documents), %v; want sent with 2 documents", att.Delivery, att.Documents, err)
	}
	if m := fs.Messages(); len(m) != 1 {
		t.Errorf("slack got %d messages, want the one re-run backfill", len(m))
	}
}

// TestBackfillDigestListsEachDocumentOnce: for a multi-country archive the
// digest lists every matching document once, under the set of subscribed
// countries it concerns, with only the subscribed labels, and says how
// many documents it lists. (Grouping by country and then by label listed
// the six-country rule four times.)
func TestBackfillDigestListsEachDocumentOnce(t *testing.T) {
	ctx := context.Background()
	st := notifytest.OpenStore(t)
	fs := fakeslack.New(t, fakeslack.Options{Token: testToken})
	n := notify.New(st, nil, notify.Config{Channels: table(fs, "")}, nil)
	// Hand-made archive: numbers, countries and labels as in the issue's
	// example of an Entity List rule naming six countries.
	for _, d := range []struct {
		n      int
		ccs    []string
		labels []string
	}{
		{1, []string{"CN", "TW", "AE", "RU", "IR", "PK"}, []string{doc.LabelEntityAddition, doc.LabelTierChange, doc.LabelEntityRevision}},
		{2, []string{"CN", "HK"}, []string{doc.LabelEntityAddition}},
		{3, nil, []string{doc.LabelTierChange}},                // worldwide
		{4, []string{"TW"}, []string{doc.LabelQuotaChange}},    // a label not asked for
		{5, []string{"AE"}, []string{doc.LabelEntityAddition}}, // a country not asked for
		{6, []string{"TW", "CN"}, []string{doc.LabelEntityRemoval, doc.LabelEntityAddition}},
	} {
		dd, c := notifytest.Doc(d.n, d.ccs, d.labels...)
		if _, err := st.SaveVersion(ctx, dd, c, nil); err != nil {
			t.Fatal(err)
		}
	}
	_, del, err := st.CreateSubscriptionWithBackfill(ctx, doc.Subscription{Name: "CN+TW", Countries: []string{"CN", "TW"},
		Labels: []string{doc.LabelEntityAddition, doc.LabelTierChange}, Channel: doc.ChannelSlack, Target: "C1"}, backfillSince)
	if err != nil {
		t.Fatal(err)
	}
	att, err := n.SendNow(ctx, del.ID)
	if err != nil || att.Delivery.Status != store.StatusSent || att.Documents != 4 {
		t.Fatalf("SendNow = %+v (%d documents), %v; want sent with 4", att.Delivery, att.Documents, err)
	}
	m := fs.Messages()
	if len(m) != 1 {
		t.Fatalf("%d messages, want one digest", len(m))
	}
	blocks := notifytest.UnescapeJSON(m[0].Blocks)
	if !strings.Contains(blocks, "published since 2025-01-01: 4 documents") {
		t.Errorf("digest heading lacks the count of documents:\n%s", blocks)
	}
	for i, want := range map[int]int{1: 1, 2: 1, 3: 1, 4: 0, 5: 0, 6: 1} {
		title := "|Additions to the Entity List " + itoa(int64(i)) + ">"
		if got := strings.Count(blocks, title); got != want {
			t.Errorf("document %d listed %d times, want %d:\n%s", i, got, want, blocks)
		}
	}
	// Only the subscriber's terms: no other country, no other label.
	for _, not := range []string{"AE", "RU", "IR", "PK", "HK", "Entity List revision", "Entity List removal", "Quota change"} {
		if strings.Contains(blocks, not) {
			t.Errorf("digest speaks of %q, which the subscriber did not ask for:\n%s", not, blocks)
		}
	}
	order := []string{"*🇨🇳 CN*", "List 2>", "*🇨🇳 CN · 🇹🇼 TW*", "List 1>", "Entity List addition, Tier change", "List 6>", "*Worldwide*", "List 3>"}
	pos := 0
	for _, w := range order {
		i := strings.Index(blocks[pos:], w)
		if i < 0 {
			t.Fatalf("digest lacks %q after position %d:\n%s", w, pos, blocks)
		}
		pos += i + len(w)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// tableWithToken is table with another bot token (a revoked one).
func tableWithToken(fs *fakeslack.Server, token string) []notify.Channel {
	return channels.Table(channels.Options{Slack: slackconf.Config{Token: doc.Secret(token), APIURL: fs.APIURL()},
		SlackClient: fs.Client(), AllowPrivateTargets: true})
}

// TestBackfillOfDigestSubscriptionIsItsOwnMessage: a daily digest does not
// gather a backfill that is due at the same time: each is its own message.
func TestBackfillOfDigestSubscriptionIsItsOwnMessage(t *testing.T) {
	ctx := context.Background()
	st := notifytest.OpenStore(t)
	fs := fakeslack.New(t, fakeslack.Options{Token: testToken})
	clock := notifytest.NewClock()
	n := notify.New(st, nil, notify.Config{Channels: table(fs, ""), Dispatch: notify.DispatchConfig{Now: clock.Now, BatchSize: 1}}, nil)
	saveDocs(t, st, 1, 3)
	sub, bf, err := st.CreateSubscriptionWithBackfill(ctx, doc.Subscription{Name: "daily", Countries: []string{"CN"}, Channel: doc.ChannelSlack,
		Target: "C1", Mode: doc.ModeDigest, DigestAt: "08:00"}, backfillSince)
	if err != nil {
		t.Fatal(err)
	}
	_, next, _ := notify.DigestTimes(sub, clock.Now())
	// The backfill met an outage and is due again just after the digest.
	if err := st.MarkRetry(ctx, bf.ID, next.Add(30*time.Second), "slack: 503"); err != nil {
		t.Fatal(err)
	}
	d, c := notifytest.Doc(9, []string{"CN"}, doc.LabelEntityAddition)
	if _, err := st.SaveVersion(ctx, d, c, n.Matcher()); err != nil {
		t.Fatal(err)
	}
	n.RunOnce(ctx) // defers the alert to the digest time
	clock.Set(next.Add(time.Minute))
	n.RunOnce(ctx) // the digest
	n.RunOnce(ctx) // the backfill
	m := fs.Messages()
	if len(m) != 2 || !strings.Contains(m[0].Text, "daily digest: 1 change") || !strings.Contains(m[1].Text, "backfill: published since 2025-01-01: 3 documents") {
		t.Fatalf("messages = %+v, want the digest of one change and the backfill of 3 documents", m)
	}
	for _, dl := range notifytest.Deliveries(t, st, store.DeliveryQuery{SubscriptionID: sub.ID}) {
		want := m[0].TS
		if dl.Kind == doc.EventBackfill {
			want = m[1].TS
		}
		if dl.Status != store.StatusSent || dl.Ref != want {
			t.Errorf("delivery %+v, want sent with ref %s", dl, want)
		}
	}
}
