package store

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/exportwatch/exportwatch/doc"
)

// TestBackfillDelivery: a subscription and its backfill are written
// together; the backfill is a delivery of kind backfill whose event holds
// the window and never shows in event listings; it can be added again.
func TestBackfillDelivery(t *testing.T) {
	forEachBackend(t, func(t *testing.T, be backend) {
		ctx := context.Background()
		s, _, _ := openTest(t, be)
		since := t0.AddDate(0, 0, -400)

		// A backfill without a window is refused, and takes its
		// subscription with it: one transaction.
		if _, _, err := s.CreateSubscriptionWithBackfill(ctx, doc.Subscription{Name: "x", Channel: doc.ChannelSlack, Target: "C1"}, time.Time{}); err == nil {
			t.Fatal("backfill without a window accepted")
		}
		if subs, _ := s.Subscriptions(ctx); len(subs) != 0 {
			t.Fatalf("the failed create left %d subscriptions", len(subs))
		}

		sub, d, err := s.CreateSubscriptionWithBackfill(ctx, doc.Subscription{Name: "CN", Countries: []string{"CN"}, Channel: doc.ChannelSlack, Target: "C1"}, since)
		if err != nil {
			t.Fatal(err)
		}
		if d.ID == 0 || d.SubscriptionID != sub.ID || d.Kind != doc.EventBackfill || d.Status != StatusPending || !d.DueAt.Equal(t0) {
			t.Fatalf("backfill delivery = %+v", d)
		}
		got, err := s.Delivery(ctx, d.ID)
		if err != nil || got.Kind != doc.EventBackfill || got.EventID != d.EventID {
			t.Fatalf("Delivery(%d) = %+v, %v", d.ID, got, err)
		}
		ev, err := s.Event(ctx, d.EventID)
		if err != nil {
			t.Fatal(err)
		}
		if w, err := doc.BackfillSince(ev.Summary); err != nil || !w.Equal(since) {
			t.Errorf("backfill event summary %q gives %v, %v; want %v", ev.Summary, w, err, since)
		}

		mustSave(t, s, pressDoc(1), doc.Classification{}, matchAll)
		evs, err := s.Events(ctx, EventQuery{})
		if err != nil {
			t.Fatal(err)
		}
		if len(evs) != 1 || evs[0].Kind != doc.EventNew {
			t.Errorf("Events = %+v, want only the document's new event", evs)
		}
		kinds := map[string]int{}
		for _, d := range mustDeliveries(t, s, DeliveryQuery{}) {
			kinds[d.Kind]++
		}
		if kinds[doc.EventBackfill] != 1 || kinds[doc.EventNew] != 1 {
			t.Errorf("delivery kinds = %v, want one backfill and one new", kinds)
		}

		again, err := s.AddBackfill(ctx, sub.ID, since)
		if err != nil || again.ID == d.ID || again.Kind != doc.EventBackfill {
			t.Fatalf("AddBackfill = %+v, %v; want a second backfill delivery", again, err)
		}
		if _, err := s.AddBackfill(ctx, sub.ID+100, since); !errors.Is(err, ErrNotFound) {
			t.Errorf("AddBackfill of an unknown subscription: %v, want ErrNotFound", err)
		}
		if err := s.DeleteSubscription(ctx, sub.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.AddBackfill(ctx, sub.ID, since); !errors.Is(err, ErrNotFound) {
			t.Errorf("AddBackfill of a deleted subscription: %v, want ErrNotFound", err)
		}
		if rep, err := s.Check(ctx); err != nil || !rep.OK {
			t.Errorf("Check = %+v, %v", rep, err)
		}
	})
}

// TestClaimDelivery: one delivery is claimed only while pending and due,
// so a command trying it now never sends what the dispatcher holds.
func TestClaimDelivery(t *testing.T) {
	forEachBackend(t, func(t *testing.T, be backend) {
		ctx := context.Background()
		s, _, _ := openTest(t, be)
		sub := mustSub(t, s, "x")
		d, err := s.AddBackfill(ctx, sub.ID, t0.AddDate(-1, 0, 0))
		if err != nil {
			t.Fatal(err)
		}
		if _, ok, err := s.ClaimDelivery(ctx, d.ID, t0.Add(-time.Second), time.Minute); ok || err != nil {
			t.Errorf("claimed before due: ok %v, %v", ok, err)
		}
		c, ok, err := s.ClaimDelivery(ctx, d.ID, t0, time.Minute)
		if !ok || err != nil || !c.DueAt.Equal(t0.Add(time.Minute)) || c.InDoubt {
			t.Fatalf("ClaimDelivery = %+v, %v, %v; want claimed until t0+1m", c, ok, err)
		}
		if ds, _ := s.ClaimDue(ctx, t0.Add(time.Second), 10, time.Minute); len(ds) != 0 {
			t.Errorf("ClaimDue took the claimed delivery: %+v", ds)
		}
		if _, ok, err := s.ClaimDelivery(ctx, d.ID, t0.Add(time.Second), time.Minute); ok || err != nil {
			t.Errorf("claimed twice: ok %v, %v", ok, err)
		}
		if err := s.MarkFailed(ctx, d.ID, "channel_not_found"); err != nil {
			t.Fatal(err)
		}
		if c, ok, err := s.ClaimDelivery(ctx, d.ID, t0.Add(time.Hour), time.Minute); ok || err != nil || c.Status != StatusFailed {
			t.Errorf("claimed a failed delivery: %+v, ok %v, %v", c, ok, err)
		}
		if _, _, err := s.ClaimDelivery(ctx, d.ID+100, t0, time.Minute); !errors.Is(err, ErrNotFound) {
			t.Errorf("ClaimDelivery of an unknown delivery: %v, want ErrNotFound", err)
		}
	})
}

func mustDeliveries(t *testing.T, s *Store, q DeliveryQuery) []Delivery {
	t.Helper()
	ds, err := s.Deliveries(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	return ds
}
