package notify

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
	"github.com/exportwatch/exportwatch/store"
)

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
	clock := newClock(time.Now())
	cfg := Config{Slack: SlackConfig{Token: testToken, APIURL: fs.APIURL()}, HTTPClient: fs.Client(),
		Dispatch: DispatchConfig{Workers: 2, PollInterval: 5 * time.Millisecond, Lease: time.Minute, Now: clock.Now}}
	n1 := New(st1, nil, cfg, nil)
	const docsN = 20
	for i := 0; i < 2; i++ {
		mustSub(t, st1, doc.Subscription{Name: fmt.Sprint(i), Channel: doc.ChannelSlack, Target: fmt.Sprintf("C%d", i)})
	}
	for i := 0; i < docsN; i++ {
		d, c := testDoc(i, []string{"CN"}, doc.LabelEntityAddition)
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
	waitFor(t, "a held send", 10*time.Second, func() bool { return len(fs.Messages()) >= 6 })
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
	sent := deliveries(t, st2, store.DeliveryQuery{Status: store.StatusSent})
	if len(sent) != acked {
		t.Errorf("after shutdown %d deliveries are marked sent, but Slack acknowledged %d", len(sent), acked)
	}
	clock.Add(2 * time.Minute) // rows claimed but never started wait for their lease
	n2 := New(st2, nil, cfg, nil)
	for i := 0; i < 20; i++ {
		if k, err := n2.Dispatcher().RunOnce(ctx); err != nil || k == 0 {
			break
		}
	}
	if p := deliveries(t, st2, store.DeliveryQuery{Status: store.StatusPending}); len(p) != 0 {
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
	st := openStore(t)
	fs := fakeslack.New(t, fakeslack.Options{Token: testToken})
	clock := newClock(time.Now())
	n := New(st, nil, Config{Slack: SlackConfig{Token: testToken, APIURL: fs.APIURL()}, HTTPClient: fs.Client(),
		PublicURL: "https://ew.example.org", Dispatch: DispatchConfig{Now: clock.Now, BatchSize: 2}}, nil)
	sub := mustSub(t, st, doc.Subscription{Name: "daily", Channel: doc.ChannelSlack, Target: "C1",
		Mode: doc.ModeDigest, DigestAt: "08:00", TimeZone: "Europe/Berlin"})
	save := func(i int, ccs []string, labels ...string) {
		d, c := testDoc(i, ccs, labels...)
		if _, err := st.SaveVersion(ctx, d, c, n.Matcher()); err != nil {
			t.Fatal(err)
		}
	}
	save(1, []string{"CN"}, doc.LabelEntityAddition)
	save(2, []string{"CN", "TW"}, doc.LabelTierChange)
	save(3, nil, doc.LabelQuotaChange)
	for i := 0; i < 3; i++ {
		n.Dispatcher().RunOnce(ctx)
	}
	if len(fs.Messages()) != 0 {
		t.Fatalf("digest sent before its time")
	}
	_, next, _ := digestTimes(sub, clock.Now())
	for _, d := range deliveries(t, st, store.DeliveryQuery{}) {
		if d.Status != store.StatusPending || !d.DueAt.Equal(next) || !strings.Contains(d.LastError, "digest: waiting for") {
			t.Errorf("deferred delivery = %+v, want pending until %v", d, next)
		}
	}
	save(4, []string{"TW"}, doc.LabelEntityAddition) // after the deferral, before the digest time
	clock.Set(next.Add(time.Minute))
	n.Dispatcher().RunOnce(ctx) // claims 2 rows, gathers the other 2
	msgs := fs.Messages()
	if len(msgs) != 1 {
		t.Fatalf("got %d messages, want one digest", len(msgs))
	}
	blocks := unescapeJSON(msgs[0].Blocks)
	if !strings.Contains(msgs[0].Text, "4 changes") {
		t.Errorf("digest text = %q", msgs[0].Text)
	}
	// Countries in order, worldwide last; labels in display order inside.
	order := []string{"🇨🇳 CN", "Tier change", "Entity List addition", "🇹🇼 TW", "Tier change", "Entity List addition", "Worldwide", "Quota change"}
	pos := 0
	for _, w := range order {
		i := strings.Index(blocks[pos:], w)
		if i < 0 {
			t.Fatalf("digest lacks %q after position %d:\n%s", w, pos, blocks)
		}
		pos += i + len(w)
	}
	ds := deliveries(t, st, store.DeliveryQuery{})
	for _, d := range ds {
		if d.Status != store.StatusSent || d.Ref != msgs[0].TS {
			t.Errorf("delivery = %+v, want sent with ref %s", d, msgs[0].TS)
		}
	}
	n.Dispatcher().RunOnce(ctx)
	if len(fs.Messages()) != 1 {
		t.Errorf("digest sent again")
	}
}

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
	d := NewDispatcher(nil, nil, DispatchConfig{BackoffBase: 10 * time.Second, BackoffMax: time.Minute, Rand: func() float64 { return 1 }}, nil)
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
	st := openStore(t)
	n := New(st, nil, Config{}, nil)
	mustSub(t, st, doc.Subscription{Name: "feed", Channel: doc.ChannelFeed})
	gone := mustSub(t, st, doc.Subscription{Name: "email but no smtp", Channel: doc.ChannelEmail, Target: "a@example.com"})
	d, c := testDoc(1, []string{"CN"}, doc.LabelEntityAddition)
	if _, err := st.SaveVersion(ctx, d, c, n.Matcher()); err != nil {
		t.Fatal(err)
	}
	n.Dispatcher().RunOnce(ctx)
	for _, dl := range deliveries(t, st, store.DeliveryQuery{}) {
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

func TestNotifierTestAndBackfill(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	fs := fakeslack.New(t, fakeslack.Options{Token: testToken})
	n := New(st, nil, Config{Slack: SlackConfig{Token: testToken, APIURL: fs.APIURL()}, HTTPClient: fs.Client()}, nil)
	// NamedOnly: the worldwide document below stays out (match_test covers it).
	sub := doc.Subscription{ID: 7, Name: "CN", Countries: []string{"CN"}, Channel: doc.ChannelSlack, Target: "C1", NamedOnly: true}
	if err := n.Validate(sub); err != nil {
		t.Fatal(err)
	}
	ref, err := n.Test(ctx, sub)
	if err != nil || ref == "" {
		t.Fatalf("Test = %q, %v", ref, err)
	}
	if m := fs.Messages(); len(m) != 1 || !strings.Contains(unescapeJSON(m[0].Blocks), "Test message") {
		t.Fatalf("test message = %+v", m)
	}
	for i, ccs := range [][]string{{"CN"}, {"TW"}, {"CN", "HK"}, nil} {
		d, c := testDoc(i, ccs, doc.LabelEntityAddition)
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
	items, err := n.BackfillItems(ctx, sub, since)
	if err != nil || len(items) != 2 || items[0].Event.Kind != doc.EventUpdated {
		t.Fatalf("BackfillItems = %d items (%+v), %v; want 2 (fr:2025-00000 v2, fr:2025-00002)", len(items), items, err)
	}
	k, err := n.Backfill(ctx, sub, since)
	if err != nil || k != 2 {
		t.Fatalf("Backfill = %d, %v", k, err)
	}
	m := fs.Messages()
	if len(m) != 2 || !strings.Contains(m[1].Text, "backfill: published since 2025-01-01: 2 changes") {
		t.Errorf("backfill message = %q", m[len(m)-1].Text)
	}
}

func TestValidate(t *testing.T) {
	n := New(nil, wordMatcher{}, Config{Slack: SlackConfig{Token: "x"}}, nil)
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
			assertNoSecret(t, "SEKRIT", nil, err.Error())
		})
	}
}

func TestOperationalEvent(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	fs := fakeslack.New(t, fakeslack.Options{Token: testToken})
	n := New(st, nil, Config{HTTPClient: fs.Client()}, nil)
	mustSub(t, st, doc.Subscription{Name: "ops", Operational: true, Countries: []string{"CN"}, Channel: doc.ChannelSlackWebhook, URL: doc.Secret(fs.WebhookURL("COPS"))})
	mustSub(t, st, doc.Subscription{Name: "lawyers", Countries: []string{"CN"}, Channel: doc.ChannelSlackWebhook, URL: doc.Secret(fs.WebhookURL("CLAW"))})
	if _, err := st.AddEvent(ctx, doc.Event{Kind: doc.EventSource, Source: "china-table", Title: "china-table is down",
		Summary: "5 consecutive failures: HTTP 503"}, n.Matcher()); err != nil {
		t.Fatal(err)
	}
	n.Dispatcher().RunOnce(ctx)
	m := fs.Messages()
	if len(m) != 1 || m[0].Channel != "COPS" || !strings.Contains(m[0].Text, "source china-table: 5 consecutive failures") {
		t.Fatalf("messages = %+v, want one operational alert to COPS", m)
	}
}

// TestValidateSlackWithoutToken: the error says which key or variable to set.
func TestValidateSlackWithoutToken(t *testing.T) {
	n := New(nil, wordMatcher{}, Config{}, nil)
	err := n.Validate(doc.Subscription{Name: "a", Channel: doc.ChannelSlack, Target: "C1"})
	if err == nil || !strings.Contains(err.Error(), "slack.token") || !strings.Contains(err.Error(), "SLACK_BOT_TOKEN") {
		t.Errorf("Validate = %v, want it to name slack.token and SLACK_BOT_TOKEN", err)
	}
}
