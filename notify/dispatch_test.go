package notify_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/exportwatch/exportwatch/doc"
	"github.com/exportwatch/exportwatch/internal/fakeslack"
	"github.com/exportwatch/exportwatch/internal/notifytest"
	"github.com/exportwatch/exportwatch/notify"
	"github.com/exportwatch/exportwatch/notify/channels"
	"github.com/exportwatch/exportwatch/notify/slack/slackconf"
	"github.com/exportwatch/exportwatch/store"
)

const testToken = "xoxb-1111-2222-SECRETTOKENVALUE"

// table is notify/channels' table with the Slack bot pointed at the fake
// (private targets allowed: the fake's webhooks are on loopback).
func table(fs *fakeslack.Server, publicURL string) []notify.Channel {
	return channels.Table(channels.Options{PublicURL: publicURL, Slack: slackconf.Config{Token: testToken, APIURL: fs.APIURL()},
		SlackClient: fs.Client(), AllowPrivateTargets: true})
}

// TestRestartMidDispatch stops a dispatcher while the fake holds an
// acknowledged-but-unanswered message, starts a new dispatcher on the same
// SQLite file, and checks every event reached Slack exactly once.
func TestRestartMidDispatch(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "ew.db")
	st1, err := store.Open(ctx, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	fs := fakeslack.New(t, fakeslack.Options{Token: testToken})
	clock := notifytest.NewClock()
	cfg := notify.Config{Channels: table(fs, ""),
		Dispatch: notify.DispatchConfig{Workers: 2, PollInterval: 5 * time.Millisecond, Lease: time.Minute, Now: clock.Now}}
	n1 := notify.New(st1, nil, cfg, nil)
	const docsN = 20
	for i := 0; i < 2; i++ {
		notifytest.MustSub(t, st1, doc.Subscription{Name: fmt.Sprint(i), Channel: doc.ChannelSlack, Target: fmt.Sprintf("C%d", i)})
	}
	for i := 0; i < docsN; i++ {
		d, c := notifytest.Doc(i, []string{"CN"}, doc.LabelEntityAddition)
		if _, err := st1.SaveVersion(ctx, d, c, n1.Matcher()); err != nil {
			t.Fatal(err)
		}
	}
	// Let a few messages through, then hold the next one mid-send.
	var once sync.Once
	held := make(chan struct{})
	fs.OnAccept(func(m fakeslack.Message) {
		if len(fs.Messages()) == 5 {
			fs.Hold()
			once.Do(func() { close(held) })
		}
	})
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan error)
	go func() { done <- n1.Run(runCtx) }()
	select {
	case <-held:
	case <-time.After(10 * time.Second):
		t.Fatal("no message was held")
	}
	fs.OnAccept(nil)
	// The next message is recorded by Slack but its response is held: the
	// dispatcher is cancelled in the middle of that send.
	notifytest.WaitFor(t, "a held send", 10*time.Second, func() bool { return len(fs.Messages()) >= 6 })
	cancel()
	fs.Release()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	acked := len(fs.Messages())
	t.Logf("acknowledged before shutdown: %d of %d", acked, 2*docsN)
	st1.Close()

	st2, err := store.Open(ctx, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st2.Close()
	sent := notifytest.Deliveries(t, st2, store.DeliveryQuery{Status: store.StatusSent})
	if len(sent) != acked {
		t.Errorf("after shutdown %d deliveries are marked sent, but Slack acknowledged %d", len(sent), acked)
	}
	clock.Add(2 * time.Minute) // rows claimed but never started wait for their lease
	n2 := notify.New(st2, nil, cfg, nil)
	for i := 0; i < 20; i++ {
		if k, err := n2.RunOnce(ctx); err != nil || k == 0 {
			break
		}
	}
	if p := notifytest.Deliveries(t, st2, store.DeliveryQuery{Status: store.StatusPending}); len(p) != 0 {
		t.Errorf("%d deliveries still pending", len(p))
	}
	count := map[string]int{}
	for _, m := range fs.Messages() {
		count[m.Channel+" "+m.Text]++
	}
	if len(count) != 2*docsN {
		t.Errorf("Slack got %d distinct messages, want %d", len(count), 2*docsN)
	}
	for k, v := range count {
		if v != 1 {
			t.Errorf("%q sent %d times", k, v)
		}
	}
}

func TestDigest(t *testing.T) {
	ctx := context.Background()
	st := notifytest.OpenStore(t)
	fs := fakeslack.New(t, fakeslack.Options{Token: testToken})
	clock := notifytest.NewClock()
	n := notify.New(st, nil, notify.Config{Channels: table(fs, "https://ew.example.org"),
		Dispatch: notify.DispatchConfig{Now: clock.Now, BatchSize: 2}}, nil)
	sub := notifytest.MustSub(t, st, doc.Subscription{Name: "daily", Channel: doc.ChannelSlack, Target: "C1",
		Mode: doc.ModeDigest, DigestAt: "08:00", TimeZone: "Europe/Berlin"})
	save := func(i int, ccs []string, labels ...string) {
		d, c := notifytest.Doc(i, ccs, labels...)
		if _, err := st.SaveVersion(ctx, d, c, n.Matcher()); err != nil {
			t.Fatal(err)
		}
	}
	save(1, []string{"CN"}, doc.LabelEntityAddition)
	save(2, []string{"CN", "TW"}, doc.LabelTierChange)
	save(3, nil, doc.LabelQuotaChange)
	for i := 0; i < 3; i++ {
		n.RunOnce(ctx)
	}
	if len(fs.Messages()) != 0 {
		t.Fatalf("digest sent before its time")
	}
	_, next, _ := notify.DigestTimes(sub, clock.Now())
	for _, d := range notifytest.Deliveries(t, st, store.DeliveryQuery{}) {
		if d.Status != store.StatusPending || !d.DueAt.Equal(next) || !strings.Contains(d.LastError, "digest: waiting for") {
			t.Errorf("deferred delivery = %+v, want pending until %v", d, next)
		}
	}
	save(4, []string{"TW"}, doc.LabelEntityAddition) // after the deferral, before the digest time
	clock.Set(next.Add(time.Minute))
	n.RunOnce(ctx) // claims 2 rows, gathers the other 2
	msgs := fs.Messages()
	if len(msgs) != 1 {
		t.Fatalf("got %d messages, want one digest", len(msgs))
	}
	blocks := notifytest.UnescapeJSON(msgs[0].Blocks)
	if !strings.Contains(msgs[0].Text, "4 changes") {
		t.Errorf("digest text = %q", msgs[0].Text)
	}
	// One section per set of countries, in code order, worldwide last;
	// each change once, with its labels.
	order := []string{"🇨🇳 CN*", "Entity List addition", "🇨🇳 CN · 🇹🇼 TW", "Tier change", "🇹🇼 TW", "Entity List addition", "Worldwide", "Quota change"}
	pos := 0
	for _, w := range order {
		i := strings.Index(blocks[pos:], w)
		if i < 0 {
			t.Fatalf("digest lacks %q after position %d:\n%s", w, pos, blocks)
		}
		pos += i + len(w)
	}
	ds := notifytest.Deliveries(t, st, store.DeliveryQuery{})
	for _, d := range ds {
		if d.Status != store.StatusSent || d.Ref != msgs[0].TS {
			t.Errorf("delivery = %+v, want sent with ref %s", d, msgs[0].TS)
		}
	}
	n.RunOnce(ctx)
	if len(fs.Messages()) != 1 {
		t.Errorf("digest sent again")
	}
}

// TestDigestOncePerDocumentInSubscribersTerms: a rule that changed twice
// before the digest is listed once, in its newest version, and the digest
// names only the countries and labels the subscriber follows.
func TestDigestOncePerDocumentInSubscribersTerms(t *testing.T) {
	ctx := context.Background()
	st := notifytest.OpenStore(t)
	fs := fakeslack.New(t, fakeslack.Options{Token: testToken})
	clock := notifytest.NewClock()
	n := notify.New(st, nil, notify.Config{Channels: table(fs, ""), Dispatch: notify.DispatchConfig{Now: clock.Now}}, nil)
	sub := notifytest.MustSub(t, st, doc.Subscription{Name: "CN additions", Channel: doc.ChannelSlack, Target: "C1",
		Countries: []string{"CN"}, Labels: []string{doc.LabelEntityAddition}, Mode: doc.ModeDigest, DigestAt: "08:00"})
	d, c := notifytest.Doc(1, []string{"CN", "RU"}, doc.LabelEntityAddition, doc.LabelTierChange)
	if _, err := st.SaveVersion(ctx, d, c, n.Matcher()); err != nil {
		t.Fatal(err)
	}
	d.Body += " A correction adds a second entity under China."
	if _, err := st.SaveVersion(ctx, d, c, n.Matcher()); err != nil {
		t.Fatal(err)
	}
	if got := len(notifytest.Deliveries(t, st, store.DeliveryQuery{})); got != 2 {
		t.Fatalf("%d deliveries, want 2 (new, updated)", got)
	}
	_, next, _ := notify.DigestTimes(sub, clock.Now())
	clock.Set(next.Add(time.Minute))
	n.RunOnce(ctx)
	msgs := fs.Messages()
	if len(msgs) != 1 {
		t.Fatalf("got %d messages, want one digest", len(msgs))
	}
	blocks := notifytest.UnescapeJSON(msgs[0].Blocks)
	if got := strings.Count(blocks, "|Additions to the Entity List 1>"); got != 1 {
		t.Errorf("the rule is listed %d times, want once:\n%s", got, blocks)
	}
	if !strings.Contains(msgs[0].Text, "1 change") {
		t.Errorf("digest text = %q, want one change", msgs[0].Text)
	}
	for _, not := range []string{"RU", "Tier change"} {
		if strings.Contains(blocks, not) {
			t.Errorf("digest speaks of %q, which the subscriber did not ask for:\n%s", not, blocks)
		}
	}
	for _, del := range notifytest.Deliveries(t, st, store.DeliveryQuery{}) {
		if del.Status != store.StatusSent || del.Ref != msgs[0].TS {
			t.Errorf("delivery = %+v, want sent with ref %s", del, msgs[0].TS)
		}
	}
}

func TestNotifierTestAndBackfill(t *testing.T) {
	ctx := context.Background()
	st := notifytest.OpenStore(t)
	fs := fakeslack.New(t, fakeslack.Options{Token: testToken})
	n := notify.New(st, nil, notify.Config{Channels: table(fs, "")}, nil)
	// NamedOnly: the worldwide document below stays out (match_test covers it).
	sub := doc.Subscription{ID: 7, Name: "CN", Countries: []string{"CN"}, Channel: doc.ChannelSlack, Target: "C1", NamedOnly: true}
	if err := n.Validate(sub); err != nil {
		t.Fatal(err)
	}
	ref, err := n.Test(ctx, sub)
	if err != nil || ref == "" {
		t.Fatalf("Test = %q, %v", ref, err)
	}
	if m := fs.Messages(); len(m) != 1 || !strings.Contains(notifytest.UnescapeJSON(m[0].Blocks), "Test message") {
		t.Fatalf("test message = %+v", m)
	}
	for i, ccs := range [][]string{{"CN"}, {"TW"}, {"CN", "HK"}, nil} {
		d, c := notifytest.Doc(i, ccs, doc.LabelEntityAddition)
		if _, err := st.SaveVersion(ctx, d, c, nil); err != nil {
			t.Fatal(err)
		}
		if i == 0 { // a second version: still one entry
			d.Body += " Amended."
			if _, err := st.SaveVersion(ctx, d, c, nil); err != nil {
				t.Fatal(err)
			}
		}
	}
	since := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC) // the window is by publication date
	items, err := notify.BackfillItems(n, ctx, sub, since)
	if err != nil || len(items) != 2 || items[0].Event.Kind != doc.EventUpdated {
		t.Fatalf("BackfillItems = %d items (%+v), %v; want 2 (fr:2025-00000 v2, fr:2025-00002)", len(items), items, err)
	}
}

func TestOperationalEvent(t *testing.T) {
	ctx := context.Background()
	st := notifytest.OpenStore(t)
	fs := fakeslack.New(t, fakeslack.Options{Token: testToken})
	n := notify.New(st, nil, notify.Config{Channels: table(fs, "")}, nil)
	notifytest.MustSub(t, st, doc.Subscription{Name: "ops", Operational: true, Countries: []string{"CN"}, Channel: doc.ChannelSlackWebhook, URL: doc.Secret(fs.WebhookURL("COPS"))})
	notifytest.MustSub(t, st, doc.Subscription{Name: "lawyers", Countries: []string{"CN"}, Channel: doc.ChannelSlackWebhook, URL: doc.Secret(fs.WebhookURL("CLAW"))})
	if _, err := st.AddEvent(ctx, doc.Event{Kind: doc.EventSource, Source: "china-table", Title: "china-table is down",
		Summary: "5 consecutive failures: HTTP 503"}, n.Matcher()); err != nil {
		t.Fatal(err)
	}
	n.RunOnce(ctx)
	m := fs.Messages()
	if len(m) != 1 || m[0].Channel != "COPS" || !strings.Contains(m[0].Text, "source china-table: 5 consecutive failures") {
		t.Fatalf("messages = %+v, want one operational alert to COPS", m)
	}
}
