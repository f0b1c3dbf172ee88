package sources

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/exportwatch/exportwatch/config"
	"github.com/exportwatch/exportwatch/crawler"
	"github.com/exportwatch/exportwatch/internal/fakefr"
	"github.com/exportwatch/exportwatch/internal/fakepress"
)

type nopSink struct{ docs int }

func (s *nopSink) Page(_ context.Context, p crawler.Page) error {
	s.docs += len(p.Documents)
	return nil
}

// TestBuildFromConfig: every configured source is built from its section
// and fetches with the config file's crawl settings (one User-Agent for
// all).
func TestBuildFromConfig(t *testing.T) {
	corpus, err := fakefr.DefaultCorpus()
	if err != nil {
		t.Fatal(err)
	}
	fr := fakefr.New(corpus)
	defer fr.Close()
	press := fakepress.New()
	defer press.Close()
	body := `
sources:
  - {name: fr, type: federalregister, base_url: "` + fr.APIURL() + `", since: 2026-01-01, rate: 1000, text_rate: 1000}
  - {name: bis, type: html, preset: bis-press, base_url: "` + press.URL + `", rate: 1000}
  - {name: feed, type: feed, url: "` + press.URL + fakepress.FeedRSS + `", max_items: 2, rate: 1000}
crawl:
  user_agent: exportwatch-sources-test/1.0
`
	path := filepath.Join(t.TempDir(), "c.yaml")
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(path, func(string) string { return "" }, Kinds())
	if err != nil {
		t.Fatal(err)
	}
	srcs, err := Build(cfg.Sources, cfg.Crawl, nil, time.Time{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"fr": 1, "bis": 1, "feed": 2}
	for _, src := range srcs {
		var sk nopSink
		if err := src.Crawl(context.Background(), "", &sk); err != nil {
			t.Fatalf("%s: %v", src.Name(), err)
		}
		if sk.docs < want[src.Name()] {
			t.Errorf("%s: %d documents, want at least %d", src.Name(), sk.docs, want[src.Name()])
		}
		if src.Name() == "feed" && sk.docs != 2 {
			t.Errorf("feed: %d documents, want max_items 2", sk.docs)
		}
	}
	for _, r := range fr.Requests() {
		if r.UserAgent != "exportwatch-sources-test/1.0" {
			t.Errorf("federal register %s: User-Agent %q", r.Path, r.UserAgent)
		}
	}
	for _, r := range press.Requests() {
		if ua := r.Header.Get("User-Agent"); ua != "exportwatch-sources-test/1.0" {
			t.Errorf("press %s: User-Agent %q", r.Path, ua)
		}
	}
}

// TestDefaultSources: the built-in sources decode and build.
func TestDefaultSources(t *testing.T) {
	srcs, err := config.DefaultSources(Kinds())
	if err != nil {
		t.Fatal(err)
	}
	built, err := Build(srcs, config.Default().Crawl, nil, time.Time{}, nil)
	if err != nil || len(built) != 4 {
		t.Fatalf("Build(defaults) = %d sources, %v; want 4", len(built), err)
	}
}
