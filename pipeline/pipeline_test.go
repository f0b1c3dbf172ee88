package pipeline

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/exportwatch/exportwatch/classifier"
	"github.com/exportwatch/exportwatch/crawler"
	"github.com/exportwatch/exportwatch/crawler/federalregister"
	"github.com/exportwatch/exportwatch/crawler/fetch"
	"github.com/exportwatch/exportwatch/doc"
	"github.com/exportwatch/exportwatch/index"
	"github.com/exportwatch/exportwatch/internal/fakefr"
	"github.com/exportwatch/exportwatch/store"
)

// env is one real exportwatch data directory (SQLite file, Bleve index)
// with a pipeline over it, and a fake Federal Register.
type env struct {
	dir   string
	store *store.Store
	index *index.Index
	p     *Pipeline
	fake  *fakefr.Server
	log   *slog.Logger
}

func newEnv(t *testing.T) *env {
	t.Helper()
	corpus, err := fakefr.DefaultCorpus()
	if err != nil {
		t.Fatal(err)
	}
	fake := fakefr.New(corpus)
	t.Cleanup(fake.Close)
	e := &env{dir: t.TempDir(), fake: fake, log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	e.open(t)
	return e
}

func (e *env) open(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(e.dir, "exportwatch.db"), e.log)
	if err != nil {
		t.Fatal(err)
	}
	ix, err := index.Open(filepath.Join(e.dir, "index.bleve"), e.log)
	if err != nil {
		st.Close()
		t.Fatal(err)
	}
	e.store, e.index = st, ix
	e.p = New(Config{DownAfter: 2}, st, ix, classifier.New(), nil, nil, e.log)
	t.Cleanup(e.close)
}

func (e *env) close() {
	if e.index != nil {
		e.index.Close()
		e.index = nil
	}
	if e.store != nil {
		e.store.Close()
		e.store = nil
	}
}

func (e *env) source(t *testing.T) *federalregister.Source {
	t.Helper()
	src, err := federalregister.New(federalregister.Config{
		Name: "federal-register", BaseURL: e.fake.APIURL(), Agencies: []string{"industry-and-security-bureau"},
		Since: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), PerPage: 9,
		APIRate: -1, TextRate: -1,
		Fetch: fetch.Config{MaxAttempts: 3, MinBackoff: 5 * time.Millisecond, Timeout: 5 * time.Second},
	}, e.store, e.log)
	if err != nil {
		t.Fatal(err)
	}
	return src
}

// expected returns the IDs the fake should yield: every BIS document and
// every BIS public-inspection document.
func (e *env) expected() map[string]bool {
	want := map[string]bool{}
	c := e.fake.Corpus()
	for _, d := range c.Documents {
		for _, a := range d.Agencies {
			if a == "industry-and-security-bureau" {
				want["fr:"+d.DocumentNumber] = true
			}
		}
	}
	for _, d := range c.PublicInspection {
		for _, a := range d.Agencies {
			if a == "industry-and-security-bureau" {
				want["fr:"+d.DocumentNumber] = true
			}
		}
	}
	return want
}

// stored returns every document ID in the store with its current version.
func (e *env) stored(t *testing.T) map[string]int {
	t.Helper()
	got := map[string]int{}
	err := e.store.Documents(context.Background(), time.Time{}, func(sd store.StoredDocument) error {
		if _, dup := got[sd.ID]; dup {
			t.Errorf("document %s iterated twice", sd.ID)
		}
		got[sd.ID] = sd.Version
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func TestCrawlLandsEveryDocumentOnce(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	sum, err := e.p.Crawl(ctx, e.source(t), Options{})
	if err != nil {
		t.Fatalf("crawl: %v", err)
	}
	want := e.expected()
	got := e.stored(t)
	if len(got) != len(want) {
		t.Errorf("store has %d documents, want %d", len(got), len(want))
	}
	for id := range want {
		if got[id] != 1 {
			t.Errorf("%s: version %d, want exactly one version", id, got[id])
		}
	}
	if sum.New != len(want) || sum.Failed != 0 {
		t.Errorf("summary %+v, want new=%d failed=0", sum, len(want))
	}
	n, err := e.index.Count()
	if err != nil || int(n) != len(want) {
		t.Errorf("index has %d documents (%v), want %d", n, err, len(want))
	}

	// A second crawl (from the saved cursor minus the lookback) writes nothing.
	sum2, err := e.p.Crawl(ctx, e.source(t), Options{IgnoreCursor: true})
	if err != nil {
		t.Fatalf("second crawl: %v", err)
	}
	if sum2.New != 0 || sum2.Changed != 0 || sum2.Unchanged == 0 {
		t.Errorf("second crawl summary %+v, want only unchanged", sum2)
	}
	evs, err := e.store.Events(ctx, store.EventQuery{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != len(want) {
		t.Errorf("%d events after two crawls, want %d (one new event per document)", len(evs), len(want))
	}
}

func TestChangedDocumentBecomesVersion2(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	if _, err := e.p.Crawl(ctx, e.source(t), Options{}); err != nil {
		t.Fatal(err)
	}
	const number = "2025-00636"
	before, err := e.store.Document(ctx, "fr:"+number)
	if err != nil {
		t.Fatal(err)
	}
	newAbstract := before.Abstract + " This sentence was added by a correction."
	if !e.fake.SetAbstract(number, newAbstract) {
		t.Fatalf("fake has no document %s", number)
	}
	sum, err := e.p.Crawl(ctx, e.source(t), Options{IgnoreCursor: true})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Changed != 1 || sum.New != 0 {
		t.Errorf("summary %+v, want changed=1 new=0", sum)
	}
	after, err := e.store.Document(ctx, "fr:"+number)
	if err != nil {
		t.Fatal(err)
	}
	if after.Version != 2 || len(after.Versions) != 2 {
		t.Fatalf("version %d with %d versions, want 2", after.Version, len(after.Versions))
	}
	if d := after.Versions[1].Diff; !strings.Contains(d, "+") || !strings.Contains(d, "added by a correction") {
		t.Errorf("version 2 diff does not show the change:\n%s", d)
	}
	evs, err := e.store.Events(ctx, store.EventQuery{DocumentID: "fr:" + number})
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for _, ev := range evs {
		kinds[ev.Kind]++
	}
	if kinds[doc.EventUpdated] != 1 {
		t.Errorf("events %v, want one %q", kinds, doc.EventUpdated)
	}
	// The index serves the new text.
	res, err := e.index.Search(ctx, index.Query{Text: `"added by a correction"`})
	if err != nil || res.Total != 1 || res.Hits[0].ID != "fr:"+number {
		t.Errorf("search for the new sentence: %+v, %v", res.Hits, err)
	}
}

// cancellingStore cancels the crawl after n documents were committed.
type cancellingStore struct {
	*store.Store
	n      int64
	saved  atomic.Int64
	cancel context.CancelFunc
}

func (s *cancellingStore) SaveVersion(ctx context.Context, d doc.Document, c doc.Classification, m store.Matcher) (store.SaveResult, error) {
	if s.saved.Load() >= s.n {
		s.cancel()
		return store.SaveResult{}, context.Canceled
	}
	res, err := s.Store.SaveVersion(ctx, d, c, m)
	if err == nil {
		s.saved.Add(1)
	}
	return res, err
}

func TestCancelledCrawlResumesFromCommittedCursor(t *testing.T) {
	e := newEnv(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cs := &cancellingStore{Store: e.store, n: 25, cancel: cancel}
	p := New(Config{}, cs, e.index, classifier.New(), nil, nil, e.log)
	if _, err := p.Crawl(ctx, e.source(t), Options{}); !errors.Is(err, context.Canceled) {
		t.Fatalf("interrupted crawl: err = %v, want context.Canceled", err)
	}
	st, err := e.store.CrawlState(context.Background(), "federal-register")
	if err != nil {
		t.Fatal(err)
	}
	if st.Cursor == "" {
		t.Fatal("no cursor saved after 25 committed documents on pages of 9")
	}
	mid := len(e.stored(t))
	if mid < 18 || mid > 25 {
		t.Errorf("%d documents after interruption, want 18..25", mid)
	}

	// Restart: a new pipeline over the same store resumes from the cursor.
	e.close()
	e.open(t)
	sum, err := e.p.Crawl(context.Background(), e.source(t), Options{})
	if err != nil {
		t.Fatalf("resumed crawl: %v", err)
	}
	want := e.expected()
	got := e.stored(t)
	if len(got) != len(want) {
		t.Errorf("after resume the store has %d documents, want %d", len(got), len(want))
	}
	for id := range want {
		if got[id] != 1 {
			t.Errorf("%s: version %d, want 1 (no loss, no duplicates)", id, got[id])
		}
	}
	if sum.New != len(want)-mid {
		t.Errorf("resumed crawl new=%d, want %d", sum.New, len(want)-mid)
	}
}

func TestMalformedResponseLeavesCursor(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	if _, err := e.p.Crawl(ctx, e.source(t), Options{}); err != nil {
		t.Fatal(err)
	}
	before, _ := e.store.CrawlState(ctx, "federal-register")
	e.fake.Inject(fakefr.Fault{Malformed: true, PathPrefix: "/api/v1/documents", Count: 100})
	_, err := e.p.Crawl(ctx, e.source(t), Options{})
	if !errors.Is(err, crawler.ErrMalformed) {
		t.Fatalf("err = %v, want ErrMalformed", err)
	}
	after, _ := e.store.CrawlState(ctx, "federal-register")
	if after.Cursor != before.Cursor {
		t.Errorf("cursor moved from %q to %q on a malformed response", before.Cursor, after.Cursor)
	}
	if after.ConsecutiveFailures != 1 || !strings.Contains(after.LastError, "malformed") {
		t.Errorf("health not recorded: %+v", after)
	}
}

func TestSourceDownAndBackEvents(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	e.fake.Inject(fakefr.Fault{Status: 500, Count: 1000})
	for i := 0; i < 3; i++ {
		if _, err := e.p.Crawl(ctx, e.source(t), Options{}); err == nil {
			t.Fatal("crawl against a failing upstream succeeded")
		}
	}
	st, _ := e.store.CrawlState(ctx, "federal-register")
	if !st.Down || st.ConsecutiveFailures != 3 {
		t.Fatalf("state %+v, want down after 3 failures (DownAfter 2)", st)
	}
	evs, err := e.store.Events(ctx, store.EventQuery{Source: "federal-register"})
	if err != nil {
		t.Fatal(err)
	}
	down := 0
	for _, ev := range evs {
		if ev.Kind == doc.EventSource {
			down++
		}
	}
	if down != 1 {
		t.Errorf("%d source events after 3 failures, want exactly 1 (raised once)", down)
	}

	e.fake.ClearFaults()
	if _, err := e.p.Crawl(ctx, e.source(t), Options{}); err != nil {
		t.Fatalf("crawl after recovery: %v", err)
	}
	st, _ = e.store.CrawlState(ctx, "federal-register")
	if st.Down || st.ConsecutiveFailures != 0 {
		t.Errorf("state %+v after a successful run, want up with 0 failures", st)
	}
	evs, _ = e.store.Events(ctx, store.EventQuery{Source: "federal-register", Limit: 1000})
	var titles []string
	for _, ev := range evs {
		if ev.Kind == doc.EventSource {
			titles = append(titles, ev.Title)
		}
	}
	if len(titles) != 2 || !strings.Contains(strings.Join(titles, "|"), "is back") {
		t.Errorf("source events %q, want a down and a back event", titles)
	}
}

func TestReindexRestoresIdenticalResults(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	if _, err := e.p.Crawl(ctx, e.source(t), Options{}); err != nil {
		t.Fatal(err)
	}
	queries := []index.Query{
		{Text: "entity list", Limit: 50},
		{Text: "semiconductor", Sort: "newest", Limit: 50},
		{Labels: []string{doc.LabelEntityAddition}, Limit: 50},
		{Countries: []string{"CN"}, Limit: 50},
	}
	search := func() []index.Result {
		var out []index.Result
		for _, q := range queries {
			r, err := e.index.Search(ctx, q)
			if err != nil {
				t.Fatalf("search %+v: %v", q, err)
			}
			r.Took = 0
			out = append(out, r)
		}
		return out
	}
	before := search()
	if before[0].Total == 0 || before[2].Total == 0 || before[3].Total == 0 {
		t.Fatalf("queries found nothing before reindex: %d %d %d", before[0].Total, before[2].Total, before[3].Total)
	}
	// Lose the index entirely, then rebuild it from the store.
	e.index.Close()
	e.index = nil
	if err := os.RemoveAll(filepath.Join(e.dir, "index.bleve")); err != nil {
		t.Fatal(err)
	}
	ix, err := index.Open(filepath.Join(e.dir, "index.bleve"), e.log)
	if err != nil {
		t.Fatal(err)
	}
	e.index = ix
	if err := e.store.ResetIndexed(ctx); err != nil {
		t.Fatal(err)
	}
	p := New(Config{}, e.store, ix, classifier.New(), nil, nil, e.log)
	n, err := p.SyncIndex(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n != len(e.expected()) {
		t.Errorf("reindexed %d documents, want %d", n, len(e.expected()))
	}
	if diff := cmp.Diff(before, search()); diff != "" {
		t.Errorf("search results differ after reindex (-before +after):\n%s", diff)
	}
}

// TestUnindexedVersionsCatchUp simulates a crash between commit and
// indexing: the store keeps the version pending and the next sync indexes it.
func TestUnindexedVersionsCatchUp(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	p := New(Config{}, e.store, failingIndex{}, classifier.New(), nil, nil, e.log)
	d := doc.Document{ID: "press:abc", Source: "press", Kind: "press", Title: "US adds Inspur subsidiaries to the Entity List",
		Body: "The Commerce Department added six Inspur subsidiaries in China to the Entity List.", URL: "https://example.org/a", Published: time.Date(2025, 3, 25, 0, 0, 0, 0, time.UTC)}
	if _, err := p.Save(ctx, d); err != nil {
		t.Fatal(err)
	}
	if _, err := p.SyncIndex(ctx); err == nil {
		t.Fatal("sync against a failing index succeeded")
	}
	pending, err := e.store.PendingIndex(ctx, 10)
	if err != nil || len(pending) != 1 {
		t.Fatalf("pending = %d (%v), want 1", len(pending), err)
	}
	if n, err := e.p.SyncIndex(ctx); err != nil || n != 1 {
		t.Fatalf("catch-up sync indexed %d (%v), want 1", n, err)
	}
	res, err := e.index.Search(ctx, index.Query{Text: "Inspur"})
	if err != nil || res.Total != 1 {
		t.Errorf("search Inspur after catch-up: total %d, %v", res.Total, err)
	}
}

type failingIndex struct{}

func (failingIndex) Index(context.Context, []index.Item) error { return errors.New("disk full") }

func TestSaveCleansBrokenText(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	d := doc.Document{ID: "press:broken", Source: "press", Kind: "press", URL: "https://example.org/x",
		Title: "Broken \x00title \xff\xfe", Body: "Entity List\x00 additions"}
	if _, err := e.p.Save(ctx, d); err != nil {
		t.Fatal(err)
	}
	sd, err := e.store.Document(ctx, "press:broken")
	if err != nil {
		t.Fatal(err)
	}
	if sd.Title != "Broken title \uFFFD" || sd.Body != "Entity List additions" {
		t.Errorf("stored title %q body %q: want NUL dropped and invalid UTF-8 replaced", sd.Title, sd.Body)
	}
}

// TestProgressPerDocument: the crawl's progress moves with every committed
// document, not only once per page (a progress bar must not sit at 0
// through a slow first page).
func TestProgressPerDocument(t *testing.T) {
	e := newEnv(t)
	var dones []int
	sum, err := e.p.Crawl(context.Background(), e.source(t), Options{Progress: func(p Progress) { dones = append(dones, p.Done) }})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[int]bool{}
	for _, d := range dones {
		seen[d] = true
	}
	for i := 1; i <= sum.New; i++ {
		if !seen[i] {
			t.Fatalf("progress never reported %d documents done (reports: %v)", i, dones)
		}
	}
}

func TestSaveCapsLongTitle(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	long := strings.Repeat("Entity List additions ", 9092) // 200,024 characters
	d := doc.Document{ID: "press:long", Source: "press", Kind: "press", URL: "https://example.org/long",
		Title: long, Body: "Entity List additions"}
	if _, err := e.p.Save(ctx, d); err != nil {
		t.Fatal(err)
	}
	sd, err := e.store.Document(ctx, "press:long")
	if err != nil {
		t.Fatal(err)
	}
	if n := utf8.RuneCountInString(sd.Title); n > MaxTitleRunes || !strings.HasSuffix(sd.Title, "…") || !strings.HasPrefix(long, strings.TrimSuffix(sd.Title, "…")) {
		t.Errorf("stored title of %d characters ending %q: want at most %d, a prefix of the original and an ellipsis", n, sd.Title[max(0, len(sd.Title)-20):], MaxTitleRunes)
	}
}

func TestCapTitle(t *testing.T) {
	for name, tc := range map[string]struct {
		in   string
		want int // runes
	}{
		"short":        {"Additions to the Entity List", 28},
		"exactly max":  {strings.Repeat("x", MaxTitleRunes), MaxTitleRunes},
		"one over":     {strings.Repeat("x", MaxTitleRunes+1), MaxTitleRunes},
		"multibyte":    {strings.Repeat("Ä", 3000), MaxTitleRunes},
		"space at cut": {strings.Repeat("ab ", 1000), MaxTitleRunes - 1},
	} {
		got := capTitle(tc.in)
		if n := utf8.RuneCountInString(got); n != tc.want || !utf8.ValidString(got) {
			t.Errorf("%s: %d characters (valid UTF-8 %v), want %d", name, n, utf8.ValidString(got), tc.want)
		}
		if len(tc.in) > MaxTitleRunes && !strings.HasSuffix(got, "…") {
			t.Errorf("%s: no ellipsis", name)
		}
	}
}
