package notify_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/exportwatch/exportwatch/doc"
	"github.com/exportwatch/exportwatch/internal/fakeslack"
	"github.com/exportwatch/exportwatch/internal/notifytest"
	"github.com/exportwatch/exportwatch/notify"
	"github.com/exportwatch/exportwatch/store"
)

// TestReminderReachesSlackOnce: a subscription's reminder waits in the
// outbox until its day, then reaches Slack once, naming the document, the
// date kind, the date and the link.
func TestReminderReachesSlackOnce(t *testing.T) {
	ctx := context.Background()
	st := notifytest.OpenStore(t)
	fs := fakeslack.New(t, fakeslack.Options{Token: testToken})
	clock := notifytest.NewClock()
	n := notify.New(st, nil, notify.Config{Channels: table(fs, "https://exportwatch.example.org"),
		Dispatch: notify.DispatchConfig{Workers: 1, Lease: time.Minute, Now: clock.Now}}, nil)
	notifytest.MustSub(t, st, doc.Subscription{Name: "CN dates", Countries: []string{"CN"}, Channel: doc.ChannelSlack,
		Target: "C1", Reminders: []doc.Reminder{{Days: 7, Kinds: []string{doc.DateEffective}}}})
	eff := time.Now().UTC().Truncate(24*time.Hour).AddDate(0, 0, 30)
	d, c := notifytest.Doc(1, []string{"CN"}, doc.LabelEntityAddition)
	d.EffectiveOn = &eff
	if _, err := st.SaveVersion(ctx, d, c, n.Matcher()); err != nil {
		t.Fatal(err)
	}
	if _, err := n.RunOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if got := len(fs.Messages()); got != 1 {
		t.Fatalf("Slack got %d messages before the reminder is due, want the new-document alert only", got)
	}
	due := time.Date(eff.Year(), eff.Month(), eff.Day()-7, 9, 0, 0, 0, time.UTC)
	clock.Set(due.Add(-time.Minute))
	if _, err := n.RunOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if got := len(fs.Messages()); got != 1 {
		t.Fatalf("Slack got %d messages a minute before the reminder is due, want 1", got)
	}
	clock.Set(due.Add(time.Minute))
	for range 2 {
		if _, err := n.RunOnce(ctx); err != nil {
			t.Fatal(err)
		}
	}
	msgs := fs.Messages()
	if len(msgs) != 2 {
		t.Fatalf("Slack got %d messages after the reminder's time, want 2 (the alert and the reminder once)", len(msgs))
	}
	text := notifytest.UnescapeJSON(msgs[1].Blocks) + msgs[1].Text
	for _, want := range []string{"Reminder", d.Title, "effective date", eff.Format(time.DateOnly), "in 7 days", d.URL} {
		if !strings.Contains(text, want) {
			t.Errorf("reminder message lacks %q:\n%s", want, text)
		}
	}
	if ds := notifytest.Deliveries(t, st, store.DeliveryQuery{Status: store.StatusPending}); len(ds) != 0 {
		t.Errorf("pending deliveries after the reminder = %+v", ds)
	}
}
