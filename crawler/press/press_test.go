package press

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/exportwatch/exportwatch/crawler"
	"github.com/exportwatch/exportwatch/doc"
	"github.com/exportwatch/exportwatch/internal/fakepress"
	"github.com/exportwatch/exportwatch/internal/poll"
	"github.com/google/go-cmp/cmp"
)

// memStore plays the store: it remembers validators from committed pages.
type memStore struct {
	mu sync.Mutex
	v  map[string]crawler.Validator
}

func (m *memStore) Validator(_ context.Context, url string) (crawler.Validator, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.v[url], nil
}

// sink records pages and commits validators to the store, like the pipeline.
type sink struct {
	store *memStore
	pages []crawler.Page
	err   error
}

func (s *sink) Page(_ context.Context, p crawler.Page) error {
	if s.err != nil {
		return s.err
	}
	s.pages = append(s.pages, p)
	if s.store != nil {
		s.store.mu.Lock()
		for _, v := range p.Validators {
			s.store.v[v.URL] = v
		}
		s.store.mu.Unlock()
	}
	return nil
}

func (s *sink) docs() []doc.Document {
	var out []doc.Document
	for _, p := range s.pages {
		out = append(out, p.Documents...)
	}
	return out
}

func (s *sink) byURL() map[string]doc.Document {
	m := map[string]doc.Document{}
	for _, d := range s.docs() {
		m[d.URL] = d
	}
	return m
}

func (s *sink) failed() []string {
	var out []string
	for _, p := range s.pages {
		for _, f := range p.Failed {
			out = append(out, f.URL)
		}
	}
	slices.Sort(out)
	return out
}

func (s *sink) unchanged() int {
	n := 0
	for _, p := range s.pages {
		n += p.Unchanged
	}
	return n
}

func (s *sink) cursor() string {
	c := ""
	for _, p := range s.pages {
		if p.Cursor != "" {
			c = p.Cursor
		}
	}
	return c
}

func newStore() *memStore { return &memStore{v: map[string]crawler.Validator{}} }

var testLog = slog.New(slog.DiscardHandler)

// fast is politeness for tests: no real delay, small parallelism, quick
// retries; the production body limit.
var fast = Politeness{UserAgent: "exportwatch-test/1.0", Rate: 1e6, Parallelism: 3, Timeout: 5 * time.Second, MaxAttempts: 2, MinBackoff: time.Millisecond}

// chinaConfig is a hand-written selector config for the fake China.Table.
func chinaConfig(base string) HTMLConfig {
	return HTMLConfig{
		Name:         "ct",
		StartURLs:    []string{base + fakepress.ChinaDE, base + fakepress.ChinaEN},
		ItemSelector: "article.teaser",
		LinkSelector: "a.teaser-link",
		Article: Article{
			TitleSelector:   "h1.article-title",
			DateSelector:    "time[datetime], .article-date, .teaser-date",
			TeaserSelector:  ".article-lead, .teaser-text",
			BodySelector:    ".article-body",
			ExcludeSelector: ".newsletter-box",
		},
		Politeness: fast,
	}
}

func crawlHTML(t *testing.T, cfg HTMLConfig, store *memStore, cursor string) *sink {
	t.Helper()
	var v crawler.Validators
	if store != nil {
		v = store
	}
	src, err := NewHTML(cfg, v, testLog)
	if err != nil {
		t.Fatalf("NewHTML: %v", err)
	}
	s := &sink{store: store}
	if err := src.Crawl(context.Background(), cursor, s); err != nil {
		t.Fatalf("Crawl: %v", err)
	}
	return s
}

func TestHTMLCrawl(t *testing.T) {
	fake := fakepress.New()
	defer fake.Close()
	s := crawlHTML(t, chinaConfig(fake.URL), nil, "")
	got := s.byURL()

	type want struct {
		title, lang, date string
		teaser            bool
		bodyHas, bodyNot  string // bodyNot must not appear in any field
		abstractHas       string
	}
	for path, w := range map[string]want{
		fakepress.ArticleFree: {title: "KI: Wie die USA Chinas Fortschritt bremsen wollen – mit Folgen für andere Länder",
			lang: "de", date: "2025-02-12", bodyHas: "Die Regelungen teilen die Welt in drei „Kategorien“ auf",
			bodyNot: "kostenlos testen", abstractHas: "KI-Exportquoten spalten die Welt"},
		fakepress.ArticlePaywalled: {title: "Entity List: USA setzen Inspur-Töchter auf die schwarze Liste",
			lang: "de", date: "2025-03-26", teaser: true, bodyNot: "GESPERRTER-ABSATZ", abstractHas: "Inspur"},
		fakepress.ArticleTracked: {title: "Halbleiter: Washington warnt vor Huaweis Ascend-Chips", lang: "de",
			date: "2025-05-14", bodyHas: "Bureau of Industry and Security"},
		fakepress.ArticleMovedTo: {title: "Niederlande verschärfen Exportkontrollen für ASML", lang: "de",
			date: "2025-01-15", bodyHas: "Lithografie"[:0] + "Mess- und Prüfgeräte"},
		fakepress.ArticleLegacy: {title: "Ausfuhrbeschränkungen für Halbleiter: Was Berlin jetzt prüft", lang: "de",
			date: "2025-01-20", bodyHas: "Größere Rechenzentren müssten ihre Kunden genauer prüfen", abstractHas: "Bundeswirtschaftsministerium prüft"},
		fakepress.ArticleTDMMeta: {title: "Standpunkt: Europa braucht eigene Exportkontrollen", lang: "de",
			date: "2025-01-22", teaser: true, bodyNot: "VORBEHALTENER-ABSATZ", abstractHas: "Gastautor"},
		fakepress.ArticleEN: {title: "US tightens AI chip export quotas for tier-2 countries", lang: "en",
			date: "2025-02-13", bodyHas: "Austria and Poland"},
		fakepress.ArticleENReserved: {title: "Entity List adds dozens of Chinese AI firms", lang: "en",
			date: "2025-03-26", teaser: true, bodyNot: "RESERVED-PARAGRAPH", abstractHas: "80 companies"},
	} {
		t.Run(strings.Trim(path, "/"), func(t *testing.T) {
			d, ok := got[fake.URL+path]
			if !ok {
				t.Fatalf("no document for %s; got %v", path, slices.Collect(mapsKeys(got)))
			}
			if d.ID != DocumentID("ct", fake.URL+path) || d.Source != "ct" || d.Kind != KindPress {
				t.Errorf("id/source/kind = %s/%s/%s", d.ID, d.Source, d.Kind)
			}
			if d.Title != w.title {
				t.Errorf("title = %q, want %q", d.Title, w.title)
			}
			if d.Language != w.lang {
				t.Errorf("language = %q, want %q", d.Language, w.lang)
			}
			if got := d.Published.Format("2006-01-02"); got != w.date {
				t.Errorf("published = %s, want %s", got, w.date)
			}
			if d.Teaser != w.teaser {
				t.Errorf("teaser = %v, want %v", d.Teaser, w.teaser)
			}
			if w.teaser && d.Body != "" {
				t.Errorf("teaser document has a body: %q", d.Body)
			}
			if !strings.Contains(d.Body, w.bodyHas) {
				t.Errorf("body lacks %q:\n%s", w.bodyHas, d.Body)
			}
			if !strings.Contains(d.Abstract, w.abstractHas) {
				t.Errorf("abstract lacks %q: %q", w.abstractHas, d.Abstract)
			}
			if w.bodyNot != "" && strings.Contains(d.Title+d.Abstract+d.Body, w.bodyNot) {
				t.Errorf("document contains %q, which it must not", w.bodyNot)
			}
		})
	}
	if n := len(s.docs()); n != 8 {
		t.Errorf("%d documents, want 8 (one per distinct article)", n)
	}
	wantFailed := []string{fake.URL + fakepress.ArticleBroken, fake.URL + fakepress.ArticleServerError}
	if got := s.failed(); !slices.Equal(got, wantFailed) {
		t.Errorf("failed = %v, want %v", got, wantFailed)
	}
	if n := fake.Count(fakepress.ArticleDisallowed); n != 0 {
		t.Errorf("robots.txt-disallowed page requested %d times", n)
	}
	if n := fake.Count(fakepress.Robots); n != 1 {
		t.Errorf("robots.txt requested %d times, want 1", n)
	}
	if n := fake.Count(fakepress.ArticleTracked); n != 1 {
		t.Errorf("article linked twice with tracking parameters fetched %d times, want 1", n)
	}
	if n := fake.Count(fakepress.ArticleMovedTo); n != 1 {
		t.Errorf("redirect target fetched %d times, want 1", n)
	}
	if n := fake.Count("/abo/"); n != 0 {
		t.Errorf("navigation link followed %d times", n)
	}
	for _, r := range fake.Requests() {
		if ua := r.Header.Get("User-Agent"); ua != "exportwatch-test/1.0" {
			t.Errorf("%s sent User-Agent %q", r.URI, ua)
		}
	}
	if c := s.cursor(); c != "" {
		t.Errorf("cursor moved to %q despite failed articles", c)
	}
	ids := map[string]bool{}
	for _, d := range s.docs() {
		if ids[d.ID] {
			t.Errorf("duplicate document %s (%s)", d.ID, d.URL)
		}
		ids[d.ID] = true
	}
}

func mapsKeys(m map[string]doc.Document) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

func TestConditionalGET(t *testing.T) {
	fake := fakepress.New()
	defer fake.Close()
	store := newStore()
	cfg := chinaConfig(fake.URL)

	first := crawlHTML(t, cfg, store, "")
	if n := len(first.docs()); n != 8 {
		t.Fatalf("first crawl: %d documents, want 8", n)
	}
	if len(store.v) != 8 {
		t.Errorf("first crawl stored %d validators, want 8 (one per document)", len(store.v))
	}

	fake.ResetLog()
	second := crawlHTML(t, cfg, store, "")
	if docs := second.docs(); len(docs) != 0 {
		t.Errorf("second crawl re-emitted %d unchanged documents", len(docs))
	}
	if n := second.unchanged(); n != 8 {
		t.Errorf("second crawl: unchanged = %d, want 8", n)
	}
	for _, r := range fake.Requests() {
		if r.Path == fakepress.ArticleFree && r.Header.Get("If-None-Match") == "" {
			t.Errorf("article re-fetched without If-None-Match: %v", r.Header)
		}
		if r.Path == fakepress.ChinaDE && r.Header.Get("If-None-Match") != "" {
			t.Errorf("listing page fetched conditionally")
		}
	}

	if err := fake.Edit(fakepress.ArticleTracked, "am Dienstag", "am Mittwoch"); err != nil {
		t.Fatal(err)
	}
	third := crawlHTML(t, cfg, store, "")
	docs := third.docs()
	if len(docs) != 1 || docs[0].URL != fake.URL+fakepress.ArticleTracked {
		t.Fatalf("after an edit: documents %v, want only the edited article", docs)
	}
	before := first.byURL()[fake.URL+fakepress.ArticleTracked]
	if before.ContentHash() == docs[0].ContentHash() {
		t.Error("edited article has the same content hash")
	}
	if before.ID != docs[0].ID {
		t.Errorf("edited article changed ID: %s -> %s", before.ID, docs[0].ID)
	}
	if !strings.Contains(docs[0].Body, "am Mittwoch") {
		t.Errorf("edited body not picked up: %q", docs[0].Body)
	}
	if n := third.unchanged(); n != 7 {
		t.Errorf("after an edit: unchanged = %d, want 7", n)
	}
}

func TestHTMLReadabilityAndLookback(t *testing.T) {
	fake := fakepress.New()
	defer fake.Close()
	cfg := HTMLConfig{
		Name:        "ct",
		StartURLs:   []string{fake.URL + fakepress.ChinaDE},
		LinkPattern: `^/china/(analyse|news)/`,
		Lookback:    30 * 24 * time.Hour,
		Politeness:  fast,
	}
	// No body selector: readability finds the text.
	s := crawlHTML(t, cfg, nil, "2025-05-14T00:00:00Z")
	if fake.HasRequested(fakepress.ArticleFree) {
		t.Error("article listed before the lookback window was fetched")
	}
	if fake.HasRequested(fakepress.ArticleLegacy) {
		t.Error("article on page 2 listed before the lookback window was fetched")
	}
	d, ok := s.byURL()[fake.URL+fakepress.ArticleTracked]
	if !ok {
		t.Fatalf("tracked article missing: %v", s.failed())
	}
	if !strings.Contains(d.Body, "Export Administration Regulations") {
		t.Errorf("readability body = %q", d.Body)
	}
	// Nothing failed: the cursor moves to the newest publication seen.
	if got, want := s.cursor(), "2025-05-14T03:30:00Z"; got != want {
		t.Errorf("cursor = %q, want %q", got, want)
	}

	// Without a cursor everything listed is fetched and the cursor moves
	// to the newest date when nothing failed.
	cfg.StartURLs = []string{fake.URL + fakepress.ChinaEN}
	s = crawlHTML(t, cfg, nil, "")
	if got := s.cursor(); got != "" {
		t.Errorf("cursor %q from a source with no matching links", got)
	}
	cfg.LinkPattern = `^/china/en/news/`
	s = crawlHTML(t, cfg, nil, "")
	if got, want := s.cursor(), "2025-02-13T05:00:00Z"; got != want {
		t.Errorf("cursor = %q, want %q", got, want)
	}
}

func TestHTMLListingFailure(t *testing.T) {
	fake := fakepress.New()
	defer fake.Close()
	for name, tc := range map[string]struct {
		starts  []string
		wantErr bool
	}{
		"only listing missing":    {starts: []string{fake.URL + "/nope/"}, wantErr: true},
		"only listing disallowed": {starts: []string{fake.URL + "/china/intern/"}, wantErr: true},
		"one of two missing":      {starts: []string{fake.URL + "/nope/", fake.URL + fakepress.ChinaEN}},
	} {
		t.Run(name, func(t *testing.T) {
			cfg := chinaConfig(fake.URL)
			cfg.StartURLs = tc.starts
			src, err := NewHTML(cfg, nil, testLog)
			if err != nil {
				t.Fatal(err)
			}
			s := &sink{}
			err = src.Crawl(context.Background(), "", s)
			if (err != nil) != tc.wantErr {
				t.Fatalf("Crawl error = %v, want error: %v", err, tc.wantErr)
			}
			if !tc.wantErr && (len(s.docs()) != 2 || len(s.failed()) != 1) {
				t.Errorf("docs %d failed %v; want 2 documents and the missing listing failed", len(s.docs()), s.failed())
			}
		})
	}
}

func TestSinkErrorStopsCrawl(t *testing.T) {
	fake := fakepress.New()
	defer fake.Close()
	src, err := NewHTML(chinaConfig(fake.URL), nil, testLog)
	if err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	if err := src.Crawl(context.Background(), "", &sink{err: boom}); !errors.Is(err, boom) {
		t.Errorf("Crawl = %v, want the sink's error", err)
	}
}

func TestBodyTooLarge(t *testing.T) {
	fake := fakepress.New()
	defer fake.Close()
	src, err := NewFeed(FeedConfig{Name: "f", URL: fake.URL + fakepress.FeedRSS,
		Politeness: Politeness{MaxBodyBytes: 300, Rate: 1e6}}, nil, testLog)
	if err != nil {
		t.Fatal(err)
	}
	err = src.Crawl(context.Background(), "", &sink{})
	if !errors.Is(err, crawler.ErrBodyTooLarge) {
		t.Errorf("Crawl = %v, want ErrBodyTooLarge", err)
	}
}

func crawlFeed(t *testing.T, cfg FeedConfig, store *memStore) *sink {
	t.Helper()
	var v crawler.Validators
	if store != nil {
		v = store
	}
	src, err := NewFeed(cfg, v, testLog)
	if err != nil {
		t.Fatalf("NewFeed: %v", err)
	}
	s := &sink{store: store}
	if err := src.Crawl(context.Background(), "", s); err != nil {
		t.Fatalf("Crawl: %v", err)
	}
	return s
}

func TestFeeds(t *testing.T) {
	fake := fakepress.New()
	defer fake.Close()
	type item struct {
		ID, Title, Lang, Date string
		Teaser                bool
	}
	rssItems := func(src string) []item {
		return []item{
			{ID: DocumentID(src, fake.URL+fakepress.ArticleTracked), Title: "Halbleiter: Washington warnt vor Huaweis Ascend-Chips", Lang: "de", Date: "2025-05-14"},
			{ID: DocumentID(src, fake.URL+fakepress.ArticleFree), Title: "KI: Wie die USA Chinas Fortschritt bremsen wollen – mit Folgen für andere Länder", Lang: "de", Date: "2025-02-12"},
			{ID: DocumentID(src, "guid:ct-2025-01-30-kurz"), Title: "Ohne Link: Kurzmeldung zur Dual-Use-Verordnung", Lang: "de", Date: "2025-01-30"},
		}
	}
	for name, tc := range map[string]struct {
		cfg     FeedConfig
		want    []item
		mustNot string // text no document may contain
	}{
		"rss": {
			cfg:  FeedConfig{Name: "rss", URL: fake.URL + fakepress.FeedRSS, Politeness: fast},
			want: rssItems("rss"),
		},
		"atom": {
			cfg: FeedConfig{Name: "atom", URL: fake.URL + fakepress.FeedAtom, Politeness: fast},
			want: []item{
				{ID: DocumentID("atom", fake.URL+fakepress.ArticleENReserved), Title: "Entity List adds dozens of Chinese AI firms", Lang: "en", Date: "2025-03-26", Teaser: true},
				{ID: DocumentID("atom", fake.URL+fakepress.ArticleEN), Title: "US tightens AI chip export quotas for tier-2 countries", Lang: "en", Date: "2025-02-13"},
			},
			mustNot: "RESERVED-PARAGRAPH",
		},
		"json feed": {
			cfg: FeedConfig{Name: "jf", URL: fake.URL + fakepress.FeedJSON, Politeness: fast},
			want: []item{{ID: DocumentID("jf", fake.URL+fakepress.BISRescission),
				Title: "Department of Commerce Announces Rescission of Biden-Era Artificial Intelligence Diffusion Rule, Strengthens Chip-Related Export Controls",
				Lang:  "en", Date: "2025-05-13"}},
		},
		"rss with item pages": {
			cfg: FeedConfig{Name: "rss", URL: fake.URL + fakepress.FeedRSS, FetchItemPages: true,
				Article: Article{BodySelector: ".article-body", ExcludeSelector: ".newsletter-box"}, Politeness: fast},
			want:    rssItems("rss"),
			mustNot: "kostenlos testen",
		},
	} {
		t.Run(name, func(t *testing.T) {
			for run := 1; run <= 2; run++ { // IDs are stable across crawls
				s := crawlFeed(t, tc.cfg, nil)
				var got []item
				for _, d := range s.docs() {
					got = append(got, item{ID: d.ID, Title: d.Title, Lang: d.Language, Date: d.Published.Format("2006-01-02"), Teaser: d.Teaser})
					if tc.mustNot != "" && strings.Contains(d.Abstract+d.Body, tc.mustNot) {
						t.Errorf("%s contains %q", d.URL, tc.mustNot)
					}
					if d.Teaser && d.Body != "" {
						t.Errorf("teaser %s has a body", d.URL)
					}
				}
				if diff := cmp.Diff(tc.want, got); diff != "" {
					t.Errorf("run %d: documents mismatch (-want +got):\n%s", run, diff)
				}
			}
		})
	}
}

func TestFeedFetchItemPagesBody(t *testing.T) {
	fake := fakepress.New()
	defer fake.Close()
	store := newStore()
	cfg := FeedConfig{Name: "rss", URL: fake.URL + fakepress.FeedRSS, FetchItemPages: true,
		Article: Article{BodySelector: ".article-body"}, Politeness: fast}
	s := crawlFeed(t, cfg, store)
	d := s.byURL()[fake.URL+fakepress.ArticleFree]
	if !strings.Contains(d.Body, "zehn Länder der Kategorie 1") {
		t.Errorf("item page body not read: %q", d.Body)
	}
	s = crawlFeed(t, cfg, store)
	if n := s.unchanged(); n != 2 {
		t.Errorf("second crawl: unchanged = %d, want 2 (item pages answered 304)", n)
	}
	if n := len(s.docs()); n != 1 { // the item without a link comes from the feed alone
		t.Errorf("second crawl: %d documents, want 1", n)
	}
}

func TestFeedConditional(t *testing.T) {
	fake := fakepress.New()
	defer fake.Close()
	store := newStore()
	cfg := FeedConfig{Name: "atom", URL: fake.URL + fakepress.FeedAtom, Politeness: fast}
	crawlFeed(t, cfg, store)
	s := crawlFeed(t, cfg, store)
	if n := len(s.docs()); n != 0 {
		t.Errorf("unmodified feed emitted %d documents", n)
	}
}

func TestPresets(t *testing.T) {
	fake := fakepress.New()
	defer fake.Close()
	for _, name := range PresetNames() {
		if _, ok := LookupPreset(name, ""); !ok {
			t.Errorf("LookupPreset(%q) not found", name)
		}
	}
	if _, ok := LookupPreset("nope", ""); ok {
		t.Error("unknown preset found")
	}
	if p, _ := LookupPreset(PresetBISPress, ""); p.HTML.StartURLs[0] != "https://www.bis.gov/press-releases" {
		t.Errorf("BIS preset start URL %v", p.HTML.StartURLs)
	}

	run := func(t *testing.T, name string) *sink {
		p, ok := LookupPreset(name, fake.URL)
		if !ok {
			t.Fatalf("no preset %s", name)
		}
		s := &sink{}
		var src crawler.Source
		var err error
		switch p.Type {
		case TypeHTML:
			p.HTML.Politeness = fast
			src, err = NewHTML(p.HTML, nil, testLog)
		case TypeFeed:
			p.Feed.Politeness = fast
			src, err = NewFeed(p.Feed, nil, testLog)
		}
		if err != nil {
			t.Fatal(err)
		}
		if err := src.Crawl(context.Background(), "", s); err != nil {
			t.Fatalf("Crawl: %v", err)
		}
		return s
	}

	t.Run("china-table", func(t *testing.T) {
		s := run(t, PresetChinaTable)
		got := s.byURL()
		for _, path := range []string{fakepress.ArticleFree, fakepress.ArticlePaywalled, fakepress.ArticleTracked,
			fakepress.ArticleMovedTo, fakepress.ArticleLegacy, fakepress.ArticleTDMMeta, fakepress.ArticleEN, fakepress.ArticleENReserved} {
			d, ok := got[fake.URL+path]
			if !ok {
				t.Errorf("no document for %s", path)
				continue
			}
			if !d.Teaser || d.Body != "" || d.Title == "" || d.Abstract == "" || d.Published.IsZero() {
				t.Errorf("%s: want a dated teaser with headline and lead, got teaser=%v title=%q abstract=%q published=%v body=%d bytes",
					path, d.Teaser, d.Title, d.Abstract, d.Published, len(d.Body))
			}
			wantLang := "de"
			if strings.Contains(path, "/en/") {
				wantLang = "en"
			}
			if d.Language != wantLang {
				t.Errorf("%s: language %q, want %q", path, d.Language, wantLang)
			}
		}
		if len(got) != 8 {
			t.Errorf("%d documents, want 8: %v", len(got), slices.Collect(mapsKeys(got)))
		}
		if fake.HasRequested(fakepress.ArticleDisallowed) {
			t.Error("robots.txt-disallowed page fetched")
		}
	})
	t.Run("bis-press", func(t *testing.T) {
		s := run(t, PresetBISPress)
		got := s.byURL()
		for path, w := range map[string]struct{ title, date string }{
			fakepress.BISRescission: {"Department of Commerce Announces Rescission of Biden-Era Artificial Intelligence Diffusion Rule, Strengthens Chip-Related Export Controls", "2025-05-13"},
			fakepress.BISEntities:   {"Commerce Adds 80 Entities to the Entity List", "2025-03-25"},
		} {
			d, ok := got[fake.URL+path]
			if !ok {
				t.Fatalf("no document for %s (failed %v)", path, s.failed())
			}
			if d.Title != w.title || d.Published.Format("2006-01-02") != w.date || d.Language != "en" || d.Teaser {
				t.Errorf("%s: title %q date %s lang %s teaser %v", path, d.Title, d.Published.Format("2006-01-02"), d.Language, d.Teaser)
			}
			if !strings.Contains(d.Body, "WASHINGTON, D.C. –") || strings.Contains(d.Body, "Media contact") {
				t.Errorf("%s: body %q", path, d.Body)
			}
		}
		if len(got) != 2 {
			t.Errorf("%d documents, want 2", len(got))
		}
	})
	t.Run("federal-register-rss", func(t *testing.T) {
		s := run(t, PresetFederalRegisterRSS)
		docs := s.docs()
		if len(docs) != 2 || docs[0].Title != "Additions to the Entity List" || docs[0].Published.Format("2006-01-02") != "2025-03-28" {
			t.Fatalf("documents %+v", docs)
		}
		found := false
		for _, r := range fake.Requests() {
			if r.Path == fakepress.FederalRegisterRSS && strings.Contains(r.URI, "conditions%5Bagencies%5D%5B%5D=industry-and-security-bureau") {
				found = true
			}
		}
		if !found {
			t.Error("Federal Register RSS not requested with the BIS agency condition")
		}
	})
}

// TestRetryAfterHonoured: a press site that answers 429 with Retry-After
// is asked again after that delay (measured from the fake's request log),
// for an article page and for a feed alike, and the document arrives.
func TestRetryAfterHonoured(t *testing.T) {
	for name, path := range map[string]string{"article": fakepress.ArticleFree, "feed": fakepress.FeedRSS} {
		t.Run(name, func(t *testing.T) {
			fake := fakepress.New()
			defer fake.Close()
			fake.Throttle(path, 1, "1")
			var s *sink
			if path == fakepress.FeedRSS {
				s = crawlFeed(t, FeedConfig{Name: "rss", URL: fake.URL + path, Politeness: fast}, nil)
			} else {
				s = crawlHTML(t, chinaConfig(fake.URL), nil, "")
			}
			var reqs []fakepress.Request
			for _, r := range fake.Requests() {
				if r.Path == path {
					reqs = append(reqs, r)
				}
			}
			if len(reqs) != 2 || reqs[0].Status != 429 || reqs[1].Status != 200 {
				t.Fatalf("requests of %s: %+v, want 429 then 200", path, reqs)
			}
			if gap := reqs[1].Time.Sub(reqs[0].Time); gap < 950*time.Millisecond {
				t.Errorf("retried after %s, want >= 1s (Retry-After: 1)", gap)
			}
			want := fake.URL + fakepress.ArticleFree
			if _, ok := s.byURL()[want]; !ok {
				t.Errorf("no document for %s after the retry", want)
			}
		})
	}
}

// TestMaxAttempts: 5xx answers are retried up to MaxAttempts times, then
// fail only that article.
func TestMaxAttempts(t *testing.T) {
	fake := fakepress.New()
	defer fake.Close()
	fake.Fail(fakepress.ArticleFree, 10, 503, "")
	cfg := chinaConfig(fake.URL)
	cfg.MaxAttempts = 3
	s := crawlHTML(t, cfg, nil, "")
	if n := fake.Count(fakepress.ArticleFree); n != 3 {
		t.Errorf("%d requests of a failing article, want 3 (max attempts)", n)
	}
	if !slices.Contains(s.failed(), fake.URL+fakepress.ArticleFree) {
		t.Errorf("failed %v, want the article", s.failed())
	}
}

// TestFeedMoved: a feed that answers with a redirect is followed; a
// permanent one (301, 308) is recorded in the cursor and the next crawl
// asks the new address directly; a temporary one (302, 307) is not.
func TestFeedMoved(t *testing.T) {
	for status, permanent := range map[int]bool{301: true, 308: true, 302: false, 307: false} {
		t.Run(strconv.Itoa(status), func(t *testing.T) {
			fake := fakepress.New()
			defer fake.Close()
			const old = "/feeds/old.rss"
			fake.Redirect(old, status, fakepress.FeedRSS)
			src, err := NewFeed(FeedConfig{Name: "rss", URL: fake.URL + old, Politeness: fast}, nil, testLog)
			if err != nil {
				t.Fatal(err)
			}
			first := &sink{}
			if err := src.Crawl(context.Background(), "", first); err != nil {
				t.Fatalf("Crawl: %v", err)
			}
			if n := len(first.docs()); n != 3 {
				t.Errorf("%d documents through the redirect, want 3", n)
			}
			cursor := first.cursor()
			if got := strings.Contains(cursor, fake.URL+fakepress.FeedRSS); got != permanent {
				t.Errorf("cursor %q records the new URL: %v, want %v", cursor, got, permanent)
			}
			fake.ResetLog()
			if err := src.Crawl(context.Background(), cursor, &sink{}); err != nil {
				t.Fatalf("second Crawl: %v", err)
			}
			if n := fake.Count(old); (n == 0) != permanent {
				t.Errorf("second crawl asked the old address %d times (permanent move: %v)", n, permanent)
			}
		})
	}
}

// TestFeedMaxItems: a feed with more items than max_items yields the
// newest max_items (default DefaultMaxItems) per crawl.
func TestFeedMaxItems(t *testing.T) {
	fake := fakepress.New()
	defer fake.Close()
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>big</title><language>en</language>`)
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 250 { // oldest first: the cap must pick by date, not position
		fmt.Fprintf(&b, `<item><title>Item %d</title><link>%s/items/%d</link><pubDate>%s</pubDate></item>`,
			i, fake.URL, i, start.Add(time.Duration(i)*time.Hour).Format(time.RFC1123Z))
	}
	b.WriteString(`</channel></rss>`)
	fake.Put("/feeds/big.rss", "application/rss+xml", []byte(b.String()))
	for _, tc := range []struct{ max, want int }{{0, DefaultMaxItems}, {5, 5}} {
		s := crawlFeed(t, FeedConfig{Name: "big", URL: fake.URL + "/feeds/big.rss", MaxItems: tc.max, Politeness: fast}, nil)
		docs := s.docs()
		if len(docs) != tc.want {
			t.Errorf("max_items %d: %d documents, want %d", tc.max, len(docs), tc.want)
			continue
		}
		if docs[0].Title != "Item 249" || docs[len(docs)-1].Title != fmt.Sprintf("Item %d", 250-tc.want) {
			t.Errorf("max_items %d: read %q .. %q, want the newest", tc.max, docs[0].Title, docs[len(docs)-1].Title)
		}
	}
}

// TestCancelCommitsFetched: a crawl stopped (SIGINT) while an article
// waits for its Retry-After commits the articles already fetched, reports
// no failure for the one it did not get, and leaves the cursor alone.
func TestCancelCommitsFetched(t *testing.T) {
	fake := fakepress.New()
	defer fake.Close()
	want := crawlHTML(t, chinaConfig(fake.URL), nil, "").byURL()
	articles := map[string]bool{}
	for _, r := range fake.Requests() {
		if _, ok := want[fake.URL+r.Path]; ok {
			articles[r.Path] = true
		}
	}
	fake.ResetLog()
	fake.Throttle(fakepress.ArticleFree, 1, "30")

	// Stop once the client has read every other article to the end and
	// the 429 of the throttled one: the server's log alone would race
	// with bodies still on their way to the client.
	read := &bodiesRead{rt: http.DefaultTransport, done: map[string]bool{}}
	cfg := chinaConfig(fake.URL)
	cfg.Politeness.HTTPClient = &http.Client{Transport: read}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		poll.Until(10*time.Second, time.Millisecond, func() bool {
			for p := range articles {
				if p != fakepress.ArticleFree && !read.has(p, 200) {
					return false
				}
			}
			return read.has(fakepress.ArticleFree, 429)
		})
		cancel()
	}()
	src, err := NewHTML(cfg, nil, testLog)
	if err != nil {
		t.Fatal(err)
	}
	s := &sink{}
	if err := src.Crawl(ctx, "", s); !errors.Is(err, context.Canceled) {
		t.Fatalf("Crawl = %v, want context.Canceled", err)
	}
	got := s.byURL()
	if _, ok := got[fake.URL+fakepress.ArticleFree]; ok || len(got) != len(want)-1 {
		t.Errorf("committed %d documents, want the %d fetched before the stop", len(got), len(want)-1)
	}
	if slices.Contains(s.failed(), fake.URL+fakepress.ArticleFree) {
		t.Error("the article not fetched because of the stop was reported as failed")
	}
	if c := s.cursor(); c != "" {
		t.Errorf("cursor moved to %q by a stopped crawl", c)
	}
}

// bodiesRead is a RoundTripper that records, per path and status, the
// responses whose bodies the client has closed.
type bodiesRead struct {
	rt   http.RoundTripper
	mu   sync.Mutex
	done map[string]bool
}

func (b *bodiesRead) RoundTrip(r *http.Request) (*http.Response, error) {
	res, err := b.rt.RoundTrip(r)
	if err != nil {
		return res, err
	}
	key := fmt.Sprintf("%s %d", r.URL.Path, res.StatusCode)
	res.Body = &closeHook{ReadCloser: res.Body, closed: func() {
		b.mu.Lock()
		b.done[key] = true
		b.mu.Unlock()
	}}
	return res, nil
}

func (b *bodiesRead) has(path string, status int) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.done[fmt.Sprintf("%s %d", path, status)]
}

type closeHook struct {
	io.ReadCloser
	closed func()
}

func (c *closeHook) Close() error {
	err := c.ReadCloser.Close()
	c.closed()
	return err
}
