package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/exportwatch/exportwatch/doc"
)

func TestEventsQuery(t *testing.T) {
	forEachBackend(t, func(t *testing.T, be backend) {
		ctx := context.Background()
		s, clk, _ := openTest(t, be)
		// e1: fr CN entity addition; e2: fr worldwide quota; e3: press DE TW;
		// e4: source event; e5: fr CN+TW tier change (later).
		save := func(d doc.Document, c doc.Classification) int64 {
			t.Helper()
			clk.advance(time.Minute)
			return mustSave(t, s, d, c, nil).Events[0].ID
		}
		e1 := save(frDoc("2025-00001", doc.StagePublished), entityClass("CN"))
		e2 := save(frDoc("2025-00002", doc.StagePublished), doc.Classification{Labels: []string{doc.LabelQuotaChange}})
		press := pressDoc(3)
		e3 := save(press, doc.Classification{Labels: []string{doc.LabelOtherExportControl}, Countries: []string{"TW"}})
		clk.advance(time.Minute)
		src, err := s.AddEvent(ctx, doc.Event{Source: "china-table", Title: "china-table is down", Summary: "3 failures"}, nil)
		if err != nil {
			t.Fatal(err)
		}
		e4 := src.ID
		since := clk.now().Add(time.Second)
		e5 := save(frDoc("2025-00005", doc.StagePublished), doc.Classification{Labels: []string{doc.LabelTierChange, doc.LabelEntityAddition}, Countries: []string{"CN", "TW"}})

		for name, tc := range map[string]struct {
			q    EventQuery
			want []int64
		}{
			"all newest first":             {EventQuery{}, []int64{e5, e4, e3, e2, e1}},
			"country":                      {EventQuery{Country: "CN"}, []int64{e5, e1}},
			"country lower case":           {EventQuery{Country: "tw"}, []int64{e5, e3}},
			"label":                        {EventQuery{Label: doc.LabelEntityAddition}, []int64{e5, e1}},
			"country and label":            {EventQuery{Country: "TW", Label: doc.LabelOtherExportControl}, []int64{e3}},
			"source":                       {EventQuery{Source: "china-table"}, []int64{e4, e3}},
			"document":                     {EventQuery{DocumentID: "fr:2025-00002"}, []int64{e2}},
			"worldwide":                    {EventQuery{Worldwide: true}, []int64{e2}},
			"worldwide as country":         {EventQuery{Country: doc.Worldwide}, []int64{e2}},
			"since":                        {EventQuery{Since: since}, []int64{e5}},
			"after id ascending":           {EventQuery{AfterID: e2}, []int64{e3, e4, e5}},
			"after id limit":               {EventQuery{AfterID: e1, Limit: 2}, []int64{e2, e3}},
			"limit newest":                 {EventQuery{Limit: 2}, []int64{e5, e4}},
			"no match":                     {EventQuery{Country: "AT"}, nil},
			"country with worldwide":       {EventQuery{Country: "AT", WithWorldwide: true}, []int64{e2}},
			"country and worldwide":        {EventQuery{Country: "cn", WithWorldwide: true}, []int64{e5, e2, e1}},
			"country, worldwide and label": {EventQuery{Country: "CN", WithWorldwide: true, Label: doc.LabelQuotaChange}, []int64{e2}},
		} {
			t.Run(name, func(t *testing.T) {
				evs, err := s.Events(ctx, tc.q)
				if err != nil {
					t.Fatal(err)
				}
				var got []int64
				for _, ev := range evs {
					got = append(got, ev.ID)
				}
				if diff := cmp.Diff(tc.want, got); diff != "" {
					t.Errorf("Events(%+v) (-want +got):\n%s", tc.q, diff)
				}
			})
		}

		got, err := s.Event(ctx, e4)
		if err != nil {
			t.Fatal(err)
		}
		want := doc.Event{ID: e4, Kind: doc.EventSource, Source: "china-table", Title: "china-table is down",
			Summary: "3 failures", Labels: []string{}, Countries: []string{}, CreatedAt: t0.Add(4 * time.Minute)}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("source event (-want +got):\n%s", diff)
		}
		b, _ := json.Marshal(got)
		if !strings.Contains(string(b), `"labels":[]`) {
			t.Errorf("event JSON encodes empty labels as %s", b)
		}
		if _, err := s.Event(ctx, 9999); !errors.Is(err, ErrNotFound) {
			t.Errorf("Event(missing) = %v, want ErrNotFound", err)
		}
	})
}

func TestEventQueryUsesIndexes(t *testing.T) {
	s, _, _ := openTest(t, sqliteBackend)
	for name, q := range map[string]string{
		"country": `SELECT e.id FROM events e JOIN event_countries ec ON ec.event_id = e.id AND ec.country = 'CN' ORDER BY ec.event_id DESC LIMIT 10`,
		"label":   `SELECT e.id FROM events e JOIN event_labels el ON el.event_id = e.id AND el.label = 'tier_change' ORDER BY el.event_id DESC LIMIT 10`,
		"pending": `SELECT d.id FROM documents d LEFT JOIN index_marks m ON m.index_name = 'local' AND m.document_id = d.id
			WHERE ` + pendingWhere + ` ORDER BY d.id LIMIT 10`,
		"due": `SELECT id FROM deliveries WHERE status = 'pending' AND due_at <= 5 ORDER BY due_at, id LIMIT 10`,
	} {
		rows, err := s.rdb.Query("EXPLAIN QUERY PLAN " + q)
		if err != nil {
			t.Fatal(err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, notused int
			var detail string
			if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		rows.Close()
		joined := strings.Join(plan, "; ")
		t.Logf("%s: %s", name, joined)
		fullScan := false
		for _, p := range plan {
			// "SCAN x USING INDEX partial" walks only the index; a bare
			// "SCAN x" reads the whole table.
			if strings.HasPrefix(p, "SCAN ") && !strings.Contains(p, " USING ") {
				fullScan = true
			}
		}
		if strings.Contains(joined, "TEMP B-TREE") {
			fullScan = true // sorts the whole selection
		}
		if fullScan {
			t.Errorf("%s: query plan scans a table: %s", name, joined)
		}
	}
}

func TestAddEventDeliveries(t *testing.T) {
	forEachBackend(t, func(t *testing.T, be backend) {
		ctx := context.Background()
		s, _, _ := openTest(t, be)
		ops := mustSub(t, s, "ops")
		mustSub(t, s, "lawyers")
		onlyOps := matchFunc(func(ev doc.Event, d doc.Document, _ doc.Classification, subs []doc.Subscription) []int64 {
			if d.Source != "federal-register" {
				t.Errorf("matcher document source = %q", d.Source)
			}
			return []int64{ops.ID}
		})
		ev, err := s.AddEvent(ctx, doc.Event{Source: "federal-register", Title: "federal-register is back"}, onlyOps)
		if err != nil {
			t.Fatal(err)
		}
		ds, err := s.Deliveries(ctx, DeliveryQuery{EventID: ev.ID})
		if err != nil {
			t.Fatal(err)
		}
		if len(ds) != 1 || ds[0].SubscriptionID != ops.ID {
			t.Errorf("deliveries = %+v, want one for ops", ds)
		}
	})
}

func TestSubscriptions(t *testing.T) {
	forEachBackend(t, func(t *testing.T, be backend) {
		ctx := context.Background()
		s, _, _ := openTest(t, be)
		const hookURL = "https://hooks.slack.com/services/T000/B000/XXXXsecretXXXX"
		const hmacKey = "hmac-key-0123456789"
		in := []doc.Subscription{
			{Name: "CN entity list", Countries: []string{"CN"}, Labels: []string{doc.LabelEntityAddition},
				Channel: doc.ChannelSlackWebhook, URL: doc.Secret(hookURL), Mode: doc.ModeInstant},
			{Name: "webhook", Channel: doc.ChannelWebhook, URL: "https://example.org/hook", Secret: doc.Secret(hmacKey),
				Sources: []string{"federal-register"}, Query: `entity:inspur`, Mode: doc.ModeDigest, DigestAt: "08:00",
				TimeZone: "Europe/Berlin", Operational: true, CreatedAt: t0.Add(-time.Hour)},
			{Name: "feed", Channel: doc.ChannelFeed},
		}
		var created []doc.Subscription
		for _, sub := range in {
			got, err := s.CreateSubscription(ctx, sub)
			if err != nil {
				t.Fatal(err)
			}
			created = append(created, got)
		}
		want := append([]doc.Subscription(nil), in...)
		tokens := map[string]bool{}
		for i, c := range created {
			if tok := c.FeedToken.Reveal(); len(tok) != 32 || strings.Trim(tok, "0123456789abcdef") != "" || tokens[tok] {
				t.Errorf("subscription %d: feed token %q is not 32 new hex digits", c.ID, tok)
			}
			tokens[c.FeedToken.Reveal()] = true
			want[i].FeedToken = c.FeedToken
		}
		want[0].ID, want[0].CreatedAt = created[0].ID, t0
		want[1].ID = created[1].ID
		want[2].ID, want[2].CreatedAt, want[2].Mode = created[2].ID, t0, doc.ModeInstant
		if diff := cmp.Diff(want, created); diff != "" {
			t.Errorf("created (-want +got):\n%s", diff)
		}
		all, err := s.Subscriptions(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, all); diff != "" {
			t.Errorf("Subscriptions (-want +got):\n%s", diff)
		}
		one, err := s.Subscription(ctx, created[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		if one.URL.Reveal() != hookURL {
			t.Errorf("URL did not round-trip")
		}
		for _, out := range []string{fmt.Sprintf("%v %+v %#v %s", one, one, one, one.URL), mustJSON(t, all)} {
			if strings.Contains(out, "XXXXsecretXXXX") || strings.Contains(out, hmacKey) {
				t.Errorf("secret leaked: %s", out)
			}
		}
		// Stored secrets are the real values, not masks.
		var stored string
		if err := s.rdb.QueryRow(rebind(s.dialect, `SELECT secret FROM subscriptions WHERE id = ?`), created[1].ID).Scan(&stored); err != nil || stored != hmacKey {
			t.Errorf("stored secret = %q, %v", stored, err)
		}

		// Delete removes the subscription and its unsent deliveries, keeps sent ones.
		res := mustSave(t, s, frDoc("2025-00636", doc.StagePublished), entityClass("CN"), matchAll)
		res2 := mustSave(t, s, frDoc("2025-00637", doc.StagePublished), entityClass("CN"), matchAll)
		ds, _ := s.Deliveries(ctx, DeliveryQuery{SubscriptionID: created[0].ID})
		if len(ds) != 2 {
			t.Fatalf("deliveries of sub 0 = %d, want 2", len(ds))
		}
		if err := s.MarkSent(ctx, ds[1].ID, t0, "1700000000.0001"); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteSubscription(ctx, created[0].ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Subscription(ctx, created[0].ID); !errors.Is(err, ErrNotFound) {
			t.Errorf("Subscription(deleted) = %v, want ErrNotFound", err)
		}
		if err := s.DeleteSubscription(ctx, created[0].ID); !errors.Is(err, ErrNotFound) {
			t.Errorf("DeleteSubscription twice = %v, want ErrNotFound", err)
		}
		ds, _ = s.Deliveries(ctx, DeliveryQuery{SubscriptionID: created[0].ID})
		if len(ds) != 1 || ds[0].Status != StatusSent || ds[0].EventID != res.Events[0].ID {
			t.Errorf("after delete, deliveries = %+v, want only the sent one", ds)
		}
		_ = res2
		all, _ = s.Subscriptions(ctx)
		if len(all) != 2 {
			t.Errorf("Subscriptions after delete = %d, want 2", len(all))
		}
		// A deleted subscription no longer matches.
		r3 := mustSave(t, s, frDoc("2025-00638", doc.StagePublished), entityClass("CN"), matchAll)
		if r3.Deliveries != 2 {
			t.Errorf("deliveries after delete = %d, want 2", r3.Deliveries)
		}
		if _, err := s.CreateSubscription(ctx, doc.Subscription{Name: "x"}); err == nil {
			t.Errorf("subscription without channel accepted")
		}
	})
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
