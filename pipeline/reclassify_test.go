package pipeline

import (
	"context"
	"testing"
	"time"

	"github.com/exportwatch/exportwatch/doc"
	"github.com/exportwatch/exportwatch/index"
	"github.com/exportwatch/exportwatch/internal/poll"
	"github.com/exportwatch/exportwatch/store"
)

var inspur = doc.Document{ID: "press:abc", Source: "press", Kind: "press", Title: "US adds Inspur subsidiaries to the Entity List",
	Body: "The Commerce Department added six Inspur subsidiaries in China to the Entity List.", URL: "https://example.org/a",
	Published: time.Date(2025, 3, 25, 0, 0, 0, 0, time.UTC)}

// TestReclassify: a document an older classifier labelled is reclassified
// once, with no event, and marked for the index; documents published before
// since are not read.
func TestReclassify(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	old := inspur
	old.ID, old.URL, old.Published = "press:old", "https://example.org/old", time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, d := range []doc.Document{inspur, old} {
		if _, err := e.p.Save(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	if err := e.store.Reclassify(ctx, inspur.ID, doc.Classification{Version: "rules-0"}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.p.SyncIndex(ctx); err != nil {
		t.Fatal(err)
	}
	events, err := e.store.Events(ctx, store.EventQuery{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}

	since := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	got, err := Reclassify(ctx, e.store, e.p.classifier, since)
	if err != nil || got != (Reclassified{Documents: 1, Changed: 1}) {
		t.Fatalf("Reclassify = %+v, %v; want 1 document read, 1 changed", got, err)
	}
	sd, err := e.store.Document(ctx, inspur.ID)
	if err != nil || !contains(sd.Classification.Labels, "entity_addition") {
		t.Errorf("after Reclassify labels = %v (%v), want entity_addition", sd.Classification.Labels, err)
	}
	if after, _ := e.store.Events(ctx, store.EventQuery{Limit: 1000}); len(after) != len(events) {
		t.Errorf("Reclassify wrote %d events, want none", len(after)-len(events))
	}
	if pending, err := e.store.PendingIndex(ctx, 10); err != nil || len(pending) != 1 {
		t.Errorf("pending index after Reclassify = %d (%v), want 1", len(pending), err)
	}
	if got, err := Reclassify(ctx, e.store, e.p.classifier, time.Time{}); err != nil || got != (Reclassified{Documents: 2}) {
		t.Errorf("second Reclassify = %+v, %v; want 2 read, none changed", got, err)
	}
}

// TestSyncIndexOn: a tick indexes what another process committed; the loop
// ends with its context.
func TestSyncIndexOn(t *testing.T) {
	e := newEnv(t)
	ctx, cancel := context.WithCancel(context.Background())
	other := New(Config{}, e.store, failingIndex{}, e.p.classifier, nil, nil, e.log) // commits, never indexes
	if _, err := other.Save(ctx, inspur); err != nil {
		t.Fatal(err)
	}
	ticks, done := make(chan time.Time), make(chan struct{})
	go func() { e.p.SyncIndexOn(ctx, ticks); close(done) }()
	ticks <- time.Now()
	if !poll.Until(10*time.Second, 10*time.Millisecond, func() bool {
		res, err := e.index.Search(ctx, index.Query{Text: "Inspur"})
		return err == nil && res.Total == 1
	}) {
		t.Error("the document was not indexed after a tick")
	}
	cancel()
	<-done
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
