// Package notifytest holds what the tests of notify and its channel
// packages share: a store on a temporary file, a settable clock, a log
// buffer, sample documents, and AssertNoSecret, the one redaction check
// of every channel.
package notifytest

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/exportwatch/exportwatch/doc"
	"github.com/exportwatch/exportwatch/internal/poll"
	"github.com/exportwatch/exportwatch/store"

	// OpenStore opens SQLite files; the binary registers its drivers in
	// main, a test package through this helper.
	_ "modernc.org/sqlite"
)

// LogBuffer is a log sink safe for concurrent writers.
type LogBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *LogBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *LogBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// Logger returns a debug logger writing into a buffer the test can inspect.
func Logger() (*slog.Logger, *LogBuffer) {
	buf := &LogBuffer{}
	return slog.New(slog.NewTextHandler(buf, &slog.HandlerOptions{Level: slog.LevelDebug})), buf
}

// AssertNoSecret fails if any error text, stored failure reason or log line
// contains the secret (the shared redaction check of every channel).
func AssertNoSecret(t testing.TB, secret string, logs *LogBuffer, texts ...string) {
	t.Helper()
	if secret == "" {
		t.Fatal("AssertNoSecret: empty secret")
	}
	for i, s := range texts {
		if strings.Contains(s, secret) {
			t.Errorf("text %d leaks the secret: %q", i, s)
		}
	}
	if logs != nil {
		for _, line := range strings.Split(logs.String(), "\n") {
			if strings.Contains(line, secret) {
				t.Errorf("log line leaks the secret: %q", line)
			}
		}
	}
}

// ErrText is err's message, or "" for nil.
func ErrText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// OpenStore opens a store on a temporary SQLite file, closed with the test.
func OpenStore(t testing.TB) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "ew.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// Clock is real time plus a settable offset, so rows the store stamps
// with the real clock are due for the dispatcher, and tests can jump ahead.
type Clock struct {
	mu  sync.Mutex
	off time.Duration
}

// NewClock returns a clock at real time.
func NewClock() *Clock { return &Clock{} }

// Now is the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.off)
}

// Set moves the clock so that Now() is t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.off = time.Until(t)
}

// Add moves the clock ahead by d.
func (c *Clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.off += d
}

// UnescapeJSON undoes encoding/json's HTML escaping for substring checks.
func UnescapeJSON(b []byte) string {
	return strings.NewReplacer(`\u003c`, "<", `\u003e`, ">", `\u0026`, "&").Replace(string(b))
}

// Doc returns a Federal Register document and its classification.
func Doc(n int, countries []string, labels ...string) (doc.Document, doc.Classification) {
	eff := time.Date(2025, 2, 15, 0, 0, 0, 0, time.UTC)
	d := doc.Document{
		ID: fmt.Sprintf("fr:2025-%05d", n), Source: "federal-register", Kind: "rule", Stage: doc.StagePublished,
		Title:     fmt.Sprintf("Additions to the Entity List %d", n),
		Abstract:  "This rule adds entities to the Entity List.",
		Body:      "The Bureau of Industry and Security amends the Export Administration Regulations.",
		URL:       fmt.Sprintf("https://www.federalregister.gov/d/2025-%05d", n),
		Language:  "en",
		Published: time.Date(2025, 1, 16, 0, 0, 0, 0, time.UTC), EffectiveOn: &eff, Citation: "90 FR 4544",
		DocumentNumber: fmt.Sprintf("2025-%05d", n),
	}
	c := doc.Classification{Labels: labels, Countries: countries, Mentions: countries, Version: "test"}
	for _, cc := range countries {
		c.Entities = append(c.Entities, doc.Entity{Action: doc.ActionAdd, Name: "Example Corp " + cc, Country: cc})
	}
	if len(labels) > 0 {
		c.Evidence = []doc.Evidence{{Label: labels[0], Text: "This final rule adds entities under the destination of China."}}
	}
	return d, c
}

// HitItem returns a watchlist hit on a rule on public inspection, as the
// dispatcher hands it to a channel (hand-made: the party and reference are
// invented; the listed name is BIS's entry of 2022-07643).
func HitItem() (doc.Event, doc.Document, doc.Classification) {
	d, c := Doc(7643, []string{"CN"}, doc.LabelEntityAddition)
	d.Stage, d.Citation, d.DocumentNumber = doc.StagePublicInspection, "", "2022-07643"
	d.Title = "Addition of Certain Entities to the Entity List; Correction"
	hit := &doc.WatchlistHit{Watchlist: "suppliers", Party: "Huawei Technologies", Reference: "SUP-0042",
		WatchedName: "Huawei Technologies", ListedName: "Huawei Technologies Co., Ltd.", MatchedName: "Huawei Technologies Co., Ltd.",
		Action: doc.ActionAdd, Country: "CN", Score: 0.97, Why: "same words after dropping Co., Ltd.",
		Stage: doc.StagePublicInspection, DocumentNumber: "2022-07643"}
	ev := doc.Event{ID: 99, DocumentID: d.ID, Version: 1, Kind: doc.EventWatchlistHit, Source: d.Source, Title: d.Title,
		URL: d.URL, Labels: []string{}, Countries: []string{}, Summary: hit.Summary(), Hit: hit}
	return ev, d, c
}

// WaitFor polls cond until it holds or the deadline passes.
func WaitFor(t testing.TB, what string, d time.Duration, cond func() bool) {
	t.Helper()
	if !poll.Until(d, 2*time.Millisecond, cond) {
		t.Fatalf("timed out waiting for %s", what)
	}
}

// MustSub stores s (mode instant unless set).
func MustSub(t testing.TB, st *store.Store, s doc.Subscription) doc.Subscription {
	t.Helper()
	if s.Mode == "" {
		s.Mode = doc.ModeInstant
	}
	s, err := st.CreateSubscription(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// Deliveries lists deliveries (up to 1,000 unless q.Limit is set).
func Deliveries(t testing.TB, st *store.Store, q store.DeliveryQuery) []store.Delivery {
	t.Helper()
	if q.Limit == 0 {
		q.Limit = 1000
	}
	ds, err := st.Deliveries(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	return ds
}
