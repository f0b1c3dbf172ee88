package store

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/exportwatch/exportwatch/doc"
)

// testClock is a clock the test moves.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

var t0 = time.Date(2025, 1, 15, 9, 30, 0, 0, time.UTC)

// openTest opens a store in a fresh directory with a controlled clock.
func openTest(t testing.TB) (*Store, *testClock, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "sub", "exportwatch.db")
	s, clk := openAt(t, path)
	return s, clk, path
}

func openAt(t testing.TB, path string) (*Store, *testClock) {
	t.Helper()
	s, err := Open(context.Background(), path, nil)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	clk := &testClock{t: t0}
	s.now = clk.now
	return s, clk
}

// counts returns the row count of every data table.
func counts(t testing.TB, s *Store) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, table := range []string{"documents", "versions", "classifications", "events", "event_labels",
		"event_countries", "deliveries"} {
		var n int
		if err := s.rdb.QueryRow("SELECT COUNT(*) FROM " + table).Scan(&n); err != nil {
			t.Fatalf("count %s: %v", table, err)
		}
		out[table] = n
	}
	return out
}

// frDoc is a Federal Register document in stage.
func frDoc(num, stage string) doc.Document {
	return doc.Document{
		ID:             "fr:" + num,
		Source:         "federal-register",
		Kind:           "rule",
		Stage:          stage,
		Title:          "Additions to the Entity List",
		Abstract:       "This rule adds entities to the Entity List.",
		Body:           "SUPPLEMENTARY INFORMATION:\nBackground\nThe ERC determined that the entities below act contrary to US interests.\nINSPUR GROUP, CHINA.\n",
		URL:            "https://www.federalregister.gov/d/" + num,
		Language:       "en",
		Published:      time.Date(2025, 1, 16, 0, 0, 0, 0, time.UTC),
		DocumentNumber: num,
		Agencies:       []string{"industry-and-security-bureau"},
	}
}

func entityClass(countries ...string) doc.Classification {
	return doc.Classification{
		Labels:    []string{doc.LabelEntityAddition},
		Scores:    map[string]float64{doc.LabelEntityAddition: 0.93},
		Countries: countries,
		Mentions:  append([]string{"US"}, countries...),
		Entities:  []doc.Entity{{Action: doc.ActionAdd, Name: "Inspur Group", Country: "CN"}},
		Evidence:  []doc.Evidence{{Label: doc.LabelEntityAddition, Text: "This rule adds 2 entities under China."}},
		Version:   "rules-1",
	}
}

// matchFunc adapts a function to Matcher.
type matchFunc func(ev doc.Event, d doc.Document, c doc.Classification, subs []doc.Subscription) []int64

func (f matchFunc) Match(ev doc.Event, d doc.Document, c doc.Classification, subs []doc.Subscription) []int64 {
	return f(ev, d, c, subs)
}

// matchAll matches every subscription.
var matchAll = matchFunc(func(_ doc.Event, _ doc.Document, _ doc.Classification, subs []doc.Subscription) []int64 {
	ids := make([]int64, 0, len(subs))
	for _, s := range subs {
		ids = append(ids, s.ID)
	}
	return ids
})

func mustSub(t testing.TB, s *Store, name string) doc.Subscription {
	t.Helper()
	sub, err := s.CreateSubscription(context.Background(), doc.Subscription{Name: name, Channel: doc.ChannelFeed})
	if err != nil {
		t.Fatalf("CreateSubscription: %v", err)
	}
	return sub
}

func mustSave(t testing.TB, s *Store, d doc.Document, c doc.Classification, m Matcher) SaveResult {
	t.Helper()
	res, err := s.SaveVersion(context.Background(), d, c, m)
	if err != nil {
		t.Fatalf("SaveVersion(%s): %v", d.ID, err)
	}
	return res
}

func pressDoc(i int) doc.Document {
	return doc.Document{
		ID:        fmt.Sprintf("china-table:%040d", i),
		Source:    "china-table",
		Kind:      "press",
		Title:     fmt.Sprintf("Press article %d", i),
		Body:      "Beijing reacts to the new export rules.",
		URL:       fmt.Sprintf("https://table.media/china/%d", i),
		Language:  "de",
		Published: t0.Add(time.Duration(i) * time.Hour),
	}
}
