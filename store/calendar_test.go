package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/exportwatch/exportwatch/calendar"
	"github.com/exportwatch/exportwatch/doc"
)

func TestCalendarDatesFollowVersions(t *testing.T) {
	forEachBackend(t, func(t *testing.T, be backend) {
		ctx := context.Background()
		s, _, _ := openTest(t, be)
		v1 := frDoc("2025-00636", doc.StagePublished)
		v1.Citation = "90 FR 4544"
		v1.Body = "DATES: This rule is effective January 13, 2025. Comments must be received on or before May 15, 2025.\n" + v1.Body
		mustSave(t, s, v1, entityClass("CN"), nil)
		v2 := v1
		v2.Body = "DATES: This rule is effective March 25, 2025. Comments must be received on or before May 15, 2025.\n" + frDoc("x", "").Body
		sub := mustSub(t, s, "calendar desk")
		res := mustSave(t, s, v2, entityClass("CN"), matchAll)
		if res.Version != 2 || len(res.Events) != 2 || res.Events[0].Kind != doc.EventUpdated || res.Events[1].Kind != doc.EventDateChanged {
			t.Fatalf("second save = %+v; want version 2 with an updated and one date_changed event", res)
		}
		wantSummary := "effective date moved from 2025-01-13 to 2025-03-25: This rule is effective March 25, 2025."
		if ev := res.Events[1]; ev.Summary != wantSummary || ev.Version != 2 || ev.DocumentID != v1.ID || ev.ID == 0 || len(ev.Countries) != 1 {
			t.Errorf("date event = %+v, want summary %q", ev, wantSummary)
		}
		// Both events reach the subscriber through the outbox, once each.
		if res.Deliveries != 2 {
			t.Errorf("deliveries = %d, want 2", res.Deliveries)
		}
		evs, err := s.Events(ctx, EventQuery{DocumentID: v1.ID})
		if err != nil {
			t.Fatal(err)
		}
		kinds := []string{}
		for _, ev := range evs {
			kinds = append(kinds, ev.Kind)
		}
		if len(kinds) != 3 || kinds[0] != doc.EventDateChanged {
			t.Errorf("stored events (newest first) = %v, want date_changed, updated, new", kinds)
		}
		var rows int
		if err := s.rdb.QueryRow(rebind(s.dialect, `SELECT COUNT(*) FROM deliveries WHERE subscription_id = ?`), sub.ID).Scan(&rows); err != nil || rows != 2 {
			t.Errorf("delivery rows = %d, %v; want 2", rows, err)
		}
		// A later version that moves no date writes no date event.
		v3 := v2
		v3.Title += " (corrected)"
		if got := mustSave(t, s, v3, entityClass("CN"), matchAll); got.Version != 3 || len(got.Events) != 1 {
			t.Errorf("third save = %+v; want version 3 with one event", got)
		}
		// A public-inspection document published on another day than
		// scheduled moves its publication date: its SEQUENCE rises, but the
		// published event says it already.
		pi := frDoc("2025-00800", doc.StagePublicInspection)
		sched := time.Date(2025, 1, 17, 0, 0, 0, 0, time.UTC)
		pi.ToBePublished = &sched
		mustSave(t, s, pi, entityClass("CN"), nil)
		res = mustSave(t, s, frDoc("2025-00800", doc.StagePublished), entityClass("CN"), matchAll)
		if len(res.Events) != 1 || res.Events[0].Kind != doc.EventPublished {
			t.Errorf("publication on another day: events %+v, want the published event only", res.Events)
		}
		if items, err := s.Calendar(ctx, CalendarQuery{DocumentID: pi.ID}); err != nil || len(items) != 1 ||
			items[0].Kind != calendar.KindPublished || items[0].Previous != "2025-01-17" || items[0].Sequence != 2 {
			t.Errorf("published date after publication: %+v, %v", items, err)
		}

		// Two dates moved by one version: one date event naming both.
		w1 := frDoc("2025-00700", doc.StagePublished)
		w1.Body = "DATES: This rule is effective March 25, 2025. Comments must be received on or before May 15, 2025.\n"
		mustSave(t, s, w1, entityClass("CN"), nil)
		w2 := w1
		w2.Body = "DATES: This rule is effective April 1, 2025. Comments must be received on or before June 2, 2025.\n"
		res = mustSave(t, s, w2, entityClass("CN"), matchAll)
		if len(res.Events) != 2 || res.Events[1].Summary != "effective date moved from 2025-03-25 to 2025-04-01: This rule is effective April 1, 2025.; "+
			"comment deadline moved from 2025-05-15 to 2025-06-02: Comments must be received on or before June 2, 2025." {
			t.Errorf("a version moving two dates: events %+v", res.Events)
		}

		items, err := s.Calendar(ctx, CalendarQuery{DocumentID: v1.ID})
		if err != nil {
			t.Fatal(err)
		}
		type row struct {
			day      string
			seq      int
			previous string
		}
		got := map[string]row{}
		for _, it := range items {
			if it.DocumentID != "fr:2025-00636" || it.Version != 3 || it.Citation != "90 FR 4544" || it.Title == "" {
				t.Errorf("item %+v: wrong document fields", it)
			}
			got[it.Kind] = row{it.Day(), it.Sequence, it.Previous}
		}
		want := map[string]row{
			calendar.KindEffective:     {"2025-03-25", 2, "2025-01-13"}, // moved at version 2
			calendar.KindCommentsClose: {"2025-05-15", 1, ""},
			calendar.KindPublished:     {"2025-01-16", 1, ""},
		}
		if len(got) != len(want) {
			t.Fatalf("calendar = %+v, want %+v", got, want)
		}
		for k, w := range want {
			if got[k] != w {
				t.Errorf("%s = %+v, want %+v", k, got[k], w)
			}
		}
		// Document carries the current version's dates in kind order.
		sd, err := s.Document(ctx, v1.ID)
		if err != nil {
			t.Fatal(err)
		}
		kinds = nil
		for _, cd := range sd.Calendar {
			kinds = append(kinds, cd.Kind)
		}
		if strings.Join(kinds, ",") != "effective,comments_close,published" || sd.Calendar[0].Previous != "2025-01-13" ||
			sd.Calendar[0].Sequence != 2 || sd.Calendar[0].Evidence != "This rule is effective March 25, 2025." {
			t.Errorf("Document().Calendar = %+v", sd.Calendar)
		}
		// The old day is kept in version 1's dates.
		var old string
		if err := s.rdb.QueryRow(`SELECT day FROM version_dates WHERE document_id = 'fr:2025-00636' AND version = 1 AND kind = 'effective'`).Scan(&old); err != nil || old != "2025-01-13" {
			t.Errorf("version 1 effective = %q, %v; want 2025-01-13", old, err)
		}

		day := func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
		for _, tt := range []struct {
			name string
			q    CalendarQuery
			want int
		}{
			{"from", CalendarQuery{From: day("2025-03-01")}, 4},
			{"to", CalendarQuery{To: day("2025-03-25")}, 4},
			{"range", CalendarQuery{From: day("2025-03-25"), To: day("2025-03-25")}, 1},
			{"country named", CalendarQuery{Country: "CN"}, 7},
			{"other country", CalendarQuery{Country: "DE"}, 0},
			{"label", CalendarQuery{Label: doc.LabelEntityAddition}, 7},
			{"other label", CalendarQuery{Label: doc.LabelTierChange}, 0},
			{"document", CalendarQuery{DocumentID: "fr:2025-00636"}, 3},
			{"limit", CalendarQuery{Limit: 1}, 1},
			{"latest", CalendarQuery{Limit: 1, Latest: true}, 1},
		} {
			items, err := s.Calendar(ctx, tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if len(items) != tt.want {
				t.Errorf("%s: %d items, want %d", tt.name, len(items), tt.want)
			}
		}
		// A cut keeps the earliest days, or with Latest the latest.
		all, err := s.Calendar(ctx, CalendarQuery{})
		if err != nil {
			t.Fatal(err)
		}
		for _, tt := range []struct {
			latest bool
			want   string
		}{{false, all[0].Day()}, {true, all[len(all)-1].Day()}} {
			got, err := s.Calendar(ctx, CalendarQuery{Limit: 1, Latest: tt.latest})
			if err != nil || len(got) != 1 || got[0].Day() != tt.want || all[0].Day() == all[len(all)-1].Day() {
				t.Errorf("Calendar(Limit 1, Latest %v) = %+v, %v; want the day %s", tt.latest, got, err, tt.want)
			}
		}
	})
}

// TestMigration0004BackfillsDates: a database from before the calendar
// gets the dates of its documents' current versions when it is upgraded,
// and its subscriptions get calendar feed tokens.
func TestMigration0004BackfillsDates(t *testing.T) {
	forEachBackend(t, func(t *testing.T, be backend) {
		ctx := context.Background()
		dsn := be.newDSN(t)
		s, _ := openAt(t, dsn)
		d := frDoc("2025-00636", doc.StagePublished)
		d.Body = "DATES: This rule is effective January 13, 2025.\n" + d.Body
		mustSave(t, s, d, entityClass("CN"), nil)
		mustSave(t, s, pressDoc(1), doc.Classification{}, nil)
		old := mustSub(t, s, "from before 0006")
		// Back to schema 3: no version_dates, and none of 0005 (watchlists) or 0006.
		for _, q := range []string{`DROP TABLE reminders`, `DROP TABLE date_history`,
			`DROP INDEX subscriptions_feed_token`, `ALTER TABLE subscriptions DROP COLUMN reminders`,
			`ALTER TABLE subscriptions DROP COLUMN feed_token`, `DROP TABLE version_dates`,
			`DROP TABLE watchlist_hits`, `DROP TABLE watchlist_parties`, `DROP TABLE watchlists`,
			`ALTER TABLE subscriptions DROP COLUMN watchlist`, `DELETE FROM schema_migrations WHERE version >= 4`} {
			rawExec(t, s, q)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}

		s, _ = openAt(t, dsn)
		// 0006 gives the subscription stored before it a feed token.
		if sub, err := s.Subscription(ctx, old.ID); err != nil || len(sub.FeedToken.Reveal()) != 32 {
			t.Errorf("subscription from before 0006: token %q, %v; want 32 hex digits", sub.FeedToken.Reveal(), err)
		}
		items, err := s.Calendar(ctx, CalendarQuery{})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, it := range items {
			got = append(got, it.DocumentID+" "+it.Kind+" "+it.Day())
		}
		want := "fr:2025-00636 effective 2025-01-13,fr:2025-00636 published 2025-01-16"
		if strings.Join(got, ",") != want {
			t.Errorf("calendar after the upgrade = %v, want %s", got, want)
		}
	})
}
