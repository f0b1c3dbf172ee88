package pipeline

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/exportwatch/exportwatch/calendar"
	"github.com/exportwatch/exportwatch/store"
)

// TestCrawlFillsCalendar crawls the fake Federal Register through the real
// source and checks the stored calendar against the corpus: every BIS rule's
// effective_on, every published document's publication date, and every
// document still on public inspection's filing and scheduled dates.
func TestCrawlFillsCalendar(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	if _, err := e.p.Crawl(ctx, e.source(t), Options{}); err != nil {
		t.Fatalf("crawl: %v", err)
	}
	items, err := e.store.Calendar(ctx, store.CalendarQuery{Limit: 100000})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]store.CalendarItem{} // "id kind"
	for _, it := range items {
		got[it.DocumentID+" "+it.Kind] = it
		if it.Evidence == "" || it.Source == "" || it.Sequence != 1 {
			t.Errorf("%s %s: source %q evidence %q sequence %d", it.DocumentID, it.Kind, it.Source, it.Evidence, it.Sequence)
		}
	}
	want := map[string]string{} // "id kind" -> day
	published := map[string]bool{}
	c := e.fake.Corpus()
	for _, d := range c.Documents {
		if !slices.Contains(d.Agencies, "industry-and-security-bureau") {
			continue
		}
		id := "fr:" + d.DocumentNumber
		published[id] = true
		want[id+" "+calendar.KindPublished] = d.PublicationDate
		if d.EffectiveOn != "" {
			want[id+" "+calendar.KindEffective] = d.EffectiveOn
		}
	}
	for _, d := range c.PublicInspection {
		id := "fr:" + d.DocumentNumber
		if !slices.Contains(d.Agencies, "industry-and-security-bureau") || published[id] {
			continue
		}
		want[id+" "+calendar.KindPublicInspection] = d.FiledAt.UTC().Format(time.DateOnly)
		if d.PublicationDate != "" {
			want[id+" "+calendar.KindPublished] = d.PublicationDate
		}
	}
	if len(want) == 0 {
		t.Fatal("the corpus yields no dates: the test checks nothing")
	}
	for k, day := range want {
		it, ok := got[k]
		if !ok {
			t.Errorf("%s: missing from the calendar", k)
			continue
		}
		if it.Kind == calendar.KindEffective && it.Source != calendar.SourceEffectiveOn {
			t.Errorf("%s: source %s, want the API field", k, it.Source)
		}
		if it.Day() != day {
			t.Errorf("%s = %s, want %s (%s)", k, it.Day(), day, it.Evidence)
		}
	}
	for k, it := range got {
		if _, ok := want[k]; !ok {
			t.Logf("also read from text: %s %s (%s: %q)", k, it.Day(), it.Source, it.Evidence)
		}
	}
}
