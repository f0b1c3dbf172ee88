package server

import (
	"context"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/exportwatch/exportwatch/doc"
	"github.com/exportwatch/exportwatch/store"
)

// BenchmarkSubscriptionCalendar serves a subscription's own .ics (one
// country of ten, plus worldwide rules) against all.ics, over a store of
// 2,000 generated rules with three dates each (hand-made data).
//
//	go test -run '^$' -bench SubscriptionCalendar ./server
func BenchmarkSubscriptionCalendar(b *testing.B) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(b.TempDir(), "exportwatch.db"), nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	countries := []string{"CN", "DE", "AT", "TW", "IN", "BR", "PL", "IL", "AE", "SG"}
	today := time.Now().UTC().Truncate(24 * time.Hour)
	const docs = 2000
	for i := range docs {
		eff := today.AddDate(0, 0, i%400-100)
		num := fmt.Sprintf("2099-%05d", i)
		d := doc.Document{ID: "fr:" + num, Source: "federal-register", Kind: "rule", Stage: doc.StagePublished,
			Title: "Generated rule " + num, URL: "https://www.federalregister.gov/d/" + num, DocumentNumber: num,
			Citation: fmt.Sprintf("99 FR %d", 1000+i), Published: today.AddDate(0, 0, i%400-130), EffectiveOn: &eff,
			Body: "DATES: Comments must be received by " + eff.AddDate(0, 0, 30).Format("January 2, 2006") + ".\n"}
		c := doc.Classification{Labels: []string{doc.LabelEntityAddition}}
		if i%20 != 0 { // one in twenty names no country: a worldwide rule
			c.Countries = []string{countries[i%len(countries)]}
		}
		if _, err := st.SaveVersion(ctx, d, c, nil); err != nil {
			b.Fatal(err)
		}
	}
	sub, err := st.CreateSubscription(ctx, doc.Subscription{Name: "China", Countries: []string{"CN"}, Channel: doc.ChannelFeed})
	if err != nil {
		b.Fatal(err)
	}
	srv := New(Config{PublicURL: "http://exportwatch.test"}, Deps{Store: st}, slog.New(slog.DiscardHandler))
	h := srv.Handler()
	for _, bc := range []struct{ name, path string }{
		{"subscription", "/feeds/subscriptions/" + sub.FeedToken.Reveal() + ".ics"},
		{"all", "/feeds/all.ics"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			var size, events int
			for b.Loop() {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, httptest.NewRequest("GET", bc.path, nil))
				if rec.Code != 200 {
					b.Fatalf("GET %s: %d", bc.path, rec.Code)
				}
				size = rec.Body.Len()
				events = strings.Count(rec.Body.String(), "BEGIN:VEVENT")
			}
			b.ReportMetric(float64(size), "bytes/feed")
			b.ReportMetric(float64(events), "events/feed")
		})
	}
}
