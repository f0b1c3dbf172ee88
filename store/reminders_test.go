package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/exportwatch/exportwatch/doc"
)

// reminderSub is a Slack subscription to CN documents with reminders.
func reminderSub(t testing.TB, s *Store, rules ...doc.Reminder) doc.Subscription {
	t.Helper()
	sub, err := s.CreateSubscription(context.Background(), doc.Subscription{Name: "CN dates", Countries: []string{"CN"},
		Channel: doc.ChannelSlack, Target: "C1", Reminders: rules})
	if err != nil {
		t.Fatalf("CreateSubscription: %v", err)
	}
	return sub
}

func deliveryOf(t testing.TB, s *Store, sub, event int64) Delivery {
	t.Helper()
	ds, err := s.Deliveries(context.Background(), DeliveryQuery{SubscriptionID: sub, EventID: event})
	if err != nil || len(ds) != 1 {
		t.Fatalf("deliveries of subscription %d, event %d = %v, %v; want one", sub, event, ds, err)
	}
	return ds[0]
}

func mustReminders(t testing.TB, s *Store, q ReminderQuery) []Reminder {
	t.Helper()
	rs, err := s.Reminders(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

// TestReminders follows one reminder: scheduled at subscribing (not for a
// date already past), hidden from event listings, rescheduled in place by
// a version that moves the date, cancelled when a later rule withdraws it.
func TestReminders(t *testing.T) {
	forEachBackend(t, func(t *testing.T, be backend) {
		ctx := context.Background()
		s, clk, _ := openTest(t, be) // t0 = 2025-01-15 09:30 UTC
		v1 := frDoc("2025-00636", doc.StagePublished)
		v1.Citation = "90 FR 4544"
		v1.Body = "DATES: This rule is effective January 13, 2025. Comments must be received on or before May 15, 2025.\n" + v1.Body
		mustSave(t, s, v1, entityClass("CN"), nil)
		other := frDoc("2025-00700", doc.StagePublished)
		other.Body = "DATES: Comments must be received on or before May 20, 2025.\n" + other.Body
		mustSave(t, s, other, entityClass("DE"), nil)

		sub := reminderSub(t, s, doc.Reminder{Days: 7, Kinds: []string{doc.DateEffective, doc.DateCommentsClose}})
		rs := mustReminders(t, s, ReminderQuery{SubscriptionID: sub.ID})
		// The effective date (January 13) was past at subscribing; the DE
		// document is not in the subscription's calendar.
		if len(rs) != 1 || rs[0].Kind != doc.DateCommentsClose || rs[0].Day != "2025-05-15" || rs[0].DocumentID != v1.ID {
			t.Fatalf("reminders after subscribing = %+v; want one, comments_close 2025-05-15 of %s", rs, v1.ID)
		}
		r := rs[0]
		wantDue := time.Date(2025, 5, 8, 9, 0, 0, 0, time.UTC)
		if !r.DueAt.Equal(wantDue) || r.Status != ReminderScheduled {
			t.Errorf("reminder due %s, status %s; want %s, scheduled", r.DueAt, r.Status, wantDue)
		}
		d := deliveryOf(t, s, sub.ID, r.EventID)
		if d.Status != StatusPending || !d.DueAt.Equal(wantDue) {
			t.Errorf("reminder delivery = %+v; want pending, due %s", d, wantDue)
		}
		ev, err := s.Event(ctx, r.EventID)
		if err != nil {
			t.Fatal(err)
		}
		wantText := "Reminder: the comment deadline of “Additions to the Entity List” is 2025-05-15 (in 7 days). https://www.federalregister.gov/d/2025-00636"
		if ev.Kind != doc.EventReminder || ev.Summary != wantText {
			t.Errorf("reminder event = %s %q; want reminder %q", ev.Kind, ev.Summary, wantText)
		}
		evs, err := s.Events(ctx, EventQuery{DocumentID: v1.ID})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range evs {
			if e.Kind == doc.EventReminder {
				t.Errorf("Events lists reminder event %d", e.ID)
			}
		}
		// Not due yet: nothing to claim.
		if got, err := s.ClaimDue(ctx, clk.now(), 10, time.Minute); err != nil || len(got) != 0 {
			t.Errorf("ClaimDue now = %v, %v; want nothing", got, err)
		}

		// A correction moves the comment deadline: the same reminder row and
		// delivery, due a month later, with the new date in its text.
		v2 := v1
		v2.Body = "DATES: This rule is effective January 13, 2025. Comments must be received on or before June 16, 2025.\n" + frDoc("x", "").Body
		clk.advance(time.Hour)
		res := mustSave(t, s, v2, entityClass("CN"), matchAll)
		if len(res.Events) != 2 || res.Events[1].Kind != doc.EventDateChanged {
			t.Fatalf("correction events = %+v; want updated and date_changed", res.Events)
		}
		rs = mustReminders(t, s, ReminderQuery{SubscriptionID: sub.ID})
		wantDue = time.Date(2025, 6, 9, 9, 0, 0, 0, time.UTC)
		if len(rs) != 1 || rs[0].ID != r.ID || rs[0].EventID != r.EventID || rs[0].Day != "2025-06-16" || !rs[0].DueAt.Equal(wantDue) {
			t.Fatalf("reminders after the correction = %+v; want row %d rescheduled to 2025-06-16, due %s", rs, r.ID, wantDue)
		}
		if d := deliveryOf(t, s, sub.ID, r.EventID); d.Status != StatusPending || !d.DueAt.Equal(wantDue) || d.ID == 0 {
			t.Errorf("rescheduled delivery = %+v; want pending, due %s", d, wantDue)
		}
		if ev, _ := s.Event(ctx, r.EventID); ev.Version != 2 || ev.Summary == wantText {
			t.Errorf("reminder event after the move = version %d %q; want version 2 and the new date", ev.Version, ev.Summary)
		}

		// Hand-made wording: a later rule withdraws the comment deadline.
		later := frDoc("2025-01000", doc.StagePublished)
		later.Title = "Withdrawal of a comment deadline"
		later.Dates = "The comment period of the interim final rule at 90 FR 4544 is withdrawn."
		clk.advance(time.Hour)
		res = mustSave(t, s, later, doc.Classification{Labels: []string{doc.LabelOtherExportControl}}, matchAll)
		var moved *doc.Event
		for i := range res.Events {
			if res.Events[i].DocumentID == v1.ID {
				moved = &res.Events[i]
			}
		}
		if moved == nil || moved.Kind != doc.EventDateChanged || moved.Version != 2 {
			t.Fatalf("events of the later rule = %+v; want a date_changed event of %s", res.Events, v1.ID)
		}
		rs = mustReminders(t, s, ReminderQuery{SubscriptionID: sub.ID})
		if len(rs) != 1 || rs[0].Status != ReminderCancelled {
			t.Errorf("reminders after the withdrawal = %+v; want one, cancelled", rs)
		}
		if d := deliveryOf(t, s, sub.ID, r.EventID); d.Status != StatusCancelled {
			t.Errorf("reminder delivery after the withdrawal = %s, want cancelled", d.Status)
		}
		hist, err := s.DateHistory(ctx, v1.ID)
		if err != nil || len(hist) != 1 || hist[0].OldDay != "2025-06-16" || !hist[0].Withdrawn || hist[0].ByDocument != later.ID {
			t.Errorf("date history = %+v, %v; want the withdrawal of 2025-06-16 by %s", hist, err, later.ID)
		}
		items, err := s.Calendar(ctx, CalendarQuery{DocumentID: v1.ID})
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range items {
			if it.Kind == doc.DateCommentsClose && (!it.Withdrawn || it.Revision != 2 || it.MovedBy != later.ID) {
				t.Errorf("withdrawn item = %+v; want withdrawn at revision 2 by %s", it, later.ID)
			}
		}
		// The same rule again (a new version of it) withdraws nothing more.
		later.Title += " (corrected)"
		if res := mustSave(t, s, later, doc.Classification{Labels: []string{doc.LabelOtherExportControl}}, matchAll); len(res.Events) != 1 {
			t.Errorf("second version of the later rule wrote %d events, want 1 (its own)", len(res.Events))
		}
		// A new version of the target that still states the old day keeps
		// the withdrawal.
		v3 := v2
		v3.Title += " (corrected)"
		mustSave(t, s, v3, entityClass("CN"), matchAll)
		items, _ = s.Calendar(ctx, CalendarQuery{DocumentID: v1.ID})
		for _, it := range items {
			if it.Kind == doc.DateCommentsClose && (!it.Withdrawn || it.Version != 3) {
				t.Errorf("after version 3 = %+v; want still withdrawn", it)
			}
		}
	})
}

// TestReminderDueNowWhenWindowOpen: a date closer than the reminder's lead
// time is reminded of at once; once sent, a delay arms it again and a move
// into the past cancels it; a deleted subscription's reminders are
// cancelled.
func TestReminderDueNowWhenWindowOpen(t *testing.T) {
	forEachBackend(t, func(t *testing.T, be backend) {
		ctx := context.Background()
		s, clk, _ := openTest(t, be)
		sub := reminderSub(t, s, doc.Reminder{Days: 7, Kinds: []string{doc.DateEffective}})
		d := frDoc("2025-00900", doc.StagePublished)
		d.Body = "DATES: This rule is effective January 18, 2025.\n" + d.Body
		mustSave(t, s, d, entityClass("CN"), matchAll)
		rs := mustReminders(t, s, ReminderQuery{SubscriptionID: sub.ID})
		if len(rs) != 1 || !rs[0].DueAt.Equal(clk.now()) {
			t.Fatalf("reminders = %+v; want one due now (%s)", rs, clk.now())
		}
		if ev, _ := s.Event(ctx, rs[0].EventID); ev.Summary == "" || !containsAll(ev.Summary, "effective date", "2025-01-18", "in 3 days", d.URL) {
			t.Errorf("reminder text %q; want the kind, the date, in 3 days and the link", ev.Summary)
		}
		got, err := s.ClaimDue(ctx, clk.now(), 10, time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		var claimed bool
		for _, c := range got {
			if c.EventID == rs[0].EventID {
				claimed = true
				if c.InDoubt {
					t.Error("a first claim of a reminder is in doubt")
				}
			}
		}
		if !claimed {
			t.Errorf("ClaimDue = %+v; want the reminder's delivery", got)
		}
		if err := s.MarkSent(ctx, deliveryOf(t, s, sub.ID, rs[0].EventID).ID, clk.now(), "ts-1"); err != nil {
			t.Fatal(err)
		}
		// Sent, then the date is delayed a month: the reminder is armed
		// again (same row, a new event and delivery) for the new day.
		d2 := d
		d2.Body = "DATES: This rule is effective February 18, 2025.\n" + frDoc("x", "").Body
		clk.advance(time.Hour)
		mustSave(t, s, d2, entityClass("CN"), matchAll)
		again := mustReminders(t, s, ReminderQuery{SubscriptionID: sub.ID})
		wantDue := time.Date(2025, 2, 11, 9, 0, 0, 0, time.UTC)
		if len(again) != 1 || again[0].ID != rs[0].ID || again[0].EventID == rs[0].EventID || !again[0].DueAt.Equal(wantDue) ||
			again[0].Status != ReminderScheduled {
			t.Fatalf("after the delay = %+v; want row %d armed again with a new event, due %s", again, rs[0].ID, wantDue)
		}
		if dl := deliveryOf(t, s, sub.ID, again[0].EventID); dl.Status != StatusPending || !dl.DueAt.Equal(wantDue) {
			t.Errorf("new reminder delivery = %+v; want pending, due %s", dl, wantDue)
		}
		// A correction that puts the date in the past cancels it.
		d3 := d
		d3.Body = "DATES: This rule is effective January 10, 2025.\n" + frDoc("y", "").Body
		mustSave(t, s, d3, entityClass("CN"), matchAll)
		if got := mustReminders(t, s, ReminderQuery{SubscriptionID: sub.ID}); len(got) != 1 || got[0].Status != ReminderCancelled {
			t.Errorf("after a move into the past = %+v; want cancelled", got)
		}
		if dl := deliveryOf(t, s, sub.ID, again[0].EventID); dl.Status != StatusCancelled {
			t.Errorf("its delivery = %s, want cancelled", dl.Status)
		}
		if err := s.DeleteSubscription(ctx, sub.ID); err != nil {
			t.Fatal(err)
		}
		if rs := mustReminders(t, s, ReminderQuery{SubscriptionID: sub.ID}); len(rs) != 1 || rs[0].Status != ReminderCancelled {
			t.Errorf("reminders of the deleted subscription = %+v; want cancelled", rs)
		}
	})
}

func containsAll(s string, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}
