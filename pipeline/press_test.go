package pipeline

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/exportwatch/exportwatch/crawler/press"
	"github.com/exportwatch/exportwatch/doc"
	"github.com/exportwatch/exportwatch/index"
	"github.com/exportwatch/exportwatch/internal/fakepress"
)

// TestGermanPressThroughPipeline crawls the China.Table preset against the
// local press site: German articles are stored with language "de",
// classified, indexed with the German analyzer (a search for "Exportquote"
// finds "Exportquoten"), and a second crawl answered with 304s writes
// nothing.
func TestGermanPressThroughPipeline(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	site := fakepress.New()
	defer site.Close()
	p, ok := press.LookupPreset("china-table-de", site.URL)
	if !ok {
		t.Fatal("no china-table-de preset")
	}
	cfg := p.HTML
	cfg.Name = "china-table-de"
	cfg.Politeness = press.Politeness{Rate: 1000, Parallelism: 2, Timeout: 5 * time.Second, MaxAttempts: 2, MinBackoff: time.Millisecond}
	src, err := press.NewHTML(cfg, e.store, e.log)
	if err != nil {
		t.Fatal(err)
	}
	sum, err := e.p.Crawl(ctx, src, Options{})
	if err != nil {
		t.Fatalf("crawl: %v", err)
	}
	if sum.New == 0 {
		t.Fatalf("summary %+v: no documents", sum)
	}

	res, err := e.index.Search(ctx, index.Query{Text: "Exportquote", Sources: []string{"china-table-de"}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total == 0 {
		t.Fatal(`search "Exportquote" found nothing; want the article about "KI-Exportquoten"`)
	}
	sd, err := e.store.Document(ctx, res.Hits[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if sd.Language != "de" {
		t.Errorf("language %q, want de", sd.Language)
	}
	if !sd.Teaser {
		t.Errorf("a China.Table article is stored in full; the preset must keep only the teaser (paywall)")
	}
	if !slices.Contains(sd.Classification.Labels, doc.LabelQuotaChange) {
		t.Errorf("labels %v: the quota article is not labelled quota_change", sd.Classification.Labels)
	}

	again, err := e.p.Crawl(ctx, src, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if again.New != 0 || again.Changed != 0 {
		t.Errorf("second crawl %+v, want nothing new or changed", again)
	}
}
