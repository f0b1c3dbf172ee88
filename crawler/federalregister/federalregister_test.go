package federalregister

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/exportwatch/exportwatch/config"
	"github.com/exportwatch/exportwatch/crawler"
	"github.com/exportwatch/exportwatch/crawler/fetch"
	"github.com/exportwatch/exportwatch/doc"
	"github.com/exportwatch/exportwatch/internal/fakefr"
	"github.com/exportwatch/exportwatch/internal/poll"
)

// sink records pages.
type sink struct {
	mu    sync.Mutex
	pages []crawler.Page
}

func (s *sink) Page(_ context.Context, p crawler.Page) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pages = append(s.pages, p)
	return nil
}

func (s *sink) docs() []doc.Document {
	var out []doc.Document
	for _, p := range s.pages {
		out = append(out, p.Documents...)
	}
	return out
}

func (s *sink) lastCursor() string {
	c := ""
	for _, p := range s.pages {
		if p.Cursor != "" {
			c = p.Cursor
		}
	}
	return c
}

func defaultFake(t *testing.T, opts ...fakefr.Option) *fakefr.Server {
	t.Helper()
	c, err := fakefr.DefaultCorpus()
	if err != nil {
		t.Fatal(err)
	}
	s := fakefr.New(c, opts...)
	t.Cleanup(s.Close)
	return s
}

// fastConfig is a test config: no rate limit, tiny backoff.
func fastConfig(base string) Config {
	fetch := fetch.ConfigFrom(config.Default().Crawl) // the production User-Agent and body limit
	fetch.MaxAttempts, fetch.MinBackoff, fetch.Timeout = 3, 5*time.Millisecond, 5*time.Second
	return Config{
		BaseURL: base, Since: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), PerPage: 7,
		APIRate: -1, TextRate: -1, Fetch: fetch,
	}
}

func newSource(t *testing.T, cfg Config) *Source {
	t.Helper()
	s, err := New(cfg, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func bisNumbers(c fakefr.Corpus) map[string]bool {
	out := map[string]bool{}
	for _, d := range c.Documents {
		for _, a := range d.Agencies {
			if a == "industry-and-security-bureau" {
				out[d.DocumentNumber] = true
			}
		}
	}
	return out
}

func TestCrawlHistory(t *testing.T) {
	for name, opts := range map[string][]fakefr.Option{
		"cursor links": nil,
		"page links":   {fakefr.WithPageLinks()},
	} {
		t.Run(name, func(t *testing.T) {
			fake := defaultFake(t, opts...)
			src := newSource(t, fastConfig(fake.APIURL()))
			var sk sink
			if err := src.Crawl(context.Background(), "", &sk); err != nil {
				t.Fatal(err)
			}
			want := bisNumbers(fake.Corpus())
			got := map[string]int{}
			for _, d := range sk.docs() {
				if d.Stage == doc.StagePublished {
					got[d.DocumentNumber]++
				}
			}
			for n := range want {
				if got[n] != 1 {
					t.Errorf("%s seen %d times, want 1", n, got[n])
				}
			}
			if len(got) != len(want) {
				t.Errorf("got %d published documents, want %d", len(got), len(want))
			}
			if len(sk.pages) < 10 {
				t.Errorf("only %d pages: the crawl did not paginate", len(sk.pages))
			}
			for _, p := range sk.pages {
				if len(p.Failed) > 0 {
					t.Errorf("failures: %v", p.Failed)
				}
			}
			resume, err := ParseCursor(sk.lastCursor())
			if err != nil || resume.Format(time.DateOnly) != "2026-09-30" {
				t.Errorf("final cursor %q (%v), want resume 2026-09-30", sk.lastCursor(), err)
			}
			// Politeness: the honest User-Agent on every request.
			for _, r := range fake.Requests() {
				if r.UserAgent != config.Default().Crawl.UserAgent {
					t.Fatalf("request %s with User-Agent %q", r.Path, r.UserAgent)
				}
			}
		})
	}
}

func TestDocumentMapping(t *testing.T) {
	fake := defaultFake(t)
	src := newSource(t, fastConfig(fake.APIURL()))
	var sk sink
	if err := src.Crawl(context.Background(), "", &sk); err != nil {
		t.Fatal(err)
	}
	by := map[string]doc.Document{}
	for _, d := range sk.docs() {
		by[d.ID+"/"+d.Stage] = d
	}
	el := by["fr:2025-90001/published"]
	if el.Kind != "rule" || el.Title != "Additions to the Entity List" || el.Citation != "90 FR 14001" ||
		el.Action != "Final rule." || el.Language != "en" || el.Source != "federal-register" ||
		!el.Published.Equal(time.Date(2025, 3, 28, 0, 0, 0, 0, time.UTC)) ||
		el.EffectiveOn == nil || !el.EffectiveOn.Before(el.Published) ||
		strings.Join(el.CFRParts, ",") != "15 CFR 744" || strings.Join(el.RINs, ",") != "0694-AZ01" ||
		strings.Join(el.DocketIDs, ",") != "Docket No. 250320-9001" ||
		strings.Join(el.Agencies, ",") != "commerce-department,industry-and-security-bureau" ||
		!strings.HasPrefix(el.URL, fake.URL+"/documents/2025/03/28/2025-90001/") ||
		!strings.HasSuffix(el.PDFURL, "/FR-2025-03-28/pdf/2025-90001.pdf") {
		t.Errorf("2025-90001 mapped wrong: %+v", el)
	}
	if len(el.Regtext) != 2 || len(el.Regtext[1].Tables) != 1 || !strings.Contains(el.Body, "Demo Logistics FZE") {
		t.Errorf("2025-90001 full text: regtext %d, body %.200q", len(el.Regtext), el.Body)
	}
	corr := by["fr:C1-2026-16628/published"]
	if corr.Kind != "correction" || corr.CorrectionOf != "fr:2026-16628" || corr.Body == "" {
		t.Errorf("correction mapped wrong (raw text fallback expected): %+v", corr)
	}
	if n := by["fr:2022-00448/published"]; n.Kind != "rule" {
		t.Errorf("2022-00448 kind %q", n.Kind)
	}
	pi, ok := by["fr:2026-90003/public_inspection"]
	if !ok {
		t.Fatalf("public inspection document missing; have %d docs", len(by))
	}
	if pi.Title != "Additions to the Entity List" || pi.Kind != "rule" || !strings.Contains(pi.Body, "Fictional Photonics") ||
		!pi.Published.Equal(time.Date(2026, 9, 29, 12, 45, 0, 0, time.UTC)) {
		t.Errorf("public inspection mapped wrong: %+v", pi)
	}
	for k := range by {
		if strings.Contains(k, "2026-19930") || strings.Contains(k, "2026-19958") || strings.Contains(k, "2024-31396") {
			t.Errorf("document of another agency came through: %s", k)
		}
	}
	last := sk.pages[len(sk.pages)-1]
	if last.Cursor != "" {
		t.Errorf("public-inspection page moves the cursor: %q", last.Cursor)
	}
}

func TestSlicing(t *testing.T) {
	for name, tc := range map[string]struct {
		corpus  fakefr.Corpus
		perPage int
	}{
		"count cap 10,000": {fakefr.SyntheticCorpus(10010, 1000, time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)), 2000},
		"50-page cap":      {fakefr.SyntheticCorpus(130, 3, time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)), 2},
	} {
		t.Run(name, func(t *testing.T) {
			fake := fakefr.New(tc.corpus)
			defer fake.Close()
			cfg := fastConfig(fake.APIURL())
			cfg.PerPage = tc.perPage
			var sk sink
			if err := newSource(t, cfg).Crawl(context.Background(), "", &sk); err != nil {
				t.Fatal(err)
			}
			got := map[string]int{}
			for _, d := range sk.docs() {
				got[d.DocumentNumber]++
			}
			dups := 0
			for _, n := range got {
				if n != 1 {
					dups++
				}
			}
			if len(got) != len(tc.corpus.Documents) || dups != 0 {
				t.Errorf("got %d distinct documents (%d duplicated), want %d", len(got), dups, len(tc.corpus.Documents))
			}
		})
	}
}

// since2026 limits a crawl to the few 2026 documents.
func since2026(base string) Config {
	cfg := fastConfig(base)
	cfg.Since = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	return cfg
}

func TestRetryAfterHonoured(t *testing.T) {
	fake := defaultFake(t)
	fake.Inject(fakefr.Fault{Status: http.StatusTooManyRequests, RetryAfter: "1", PathPrefix: "/api/v1/documents.json"})
	var sk sink
	if err := newSource(t, since2026(fake.APIURL())).Crawl(context.Background(), "", &sk); err != nil {
		t.Fatal(err)
	}
	var first, second *fakefr.Request
	for _, r := range fake.Requests() {
		if r.Path != "/api/v1/documents.json" {
			continue
		}
		r := r
		if first == nil {
			first = &r
		} else if second == nil {
			second = &r
		}
	}
	if first == nil || second == nil || first.Status != 429 || second.Status != 200 {
		t.Fatalf("requests: %+v %+v", first, second)
	}
	if gap := second.Time.Sub(first.Time); gap < 950*time.Millisecond {
		t.Errorf("retried after %s, want >= 1s (Retry-After: 1)", gap)
	}
	if len(sk.docs()) == 0 {
		t.Error("no documents after the retry")
	}
}

func TestServerErrorRetried(t *testing.T) {
	fake := defaultFake(t)
	fake.Inject(fakefr.Fault{Status: 500, Count: 2, PathPrefix: "/api/v1/documents.json"})
	var sk sink
	if err := newSource(t, since2026(fake.APIURL())).Crawl(context.Background(), "", &sk); err != nil {
		t.Fatalf("crawl failed despite retries: %v", err)
	}
	var statuses []int
	for _, r := range fake.Requests() {
		if r.Path == "/api/v1/documents.json" {
			statuses = append(statuses, r.Status)
		}
	}
	if len(statuses) < 3 || statuses[0] != 500 || statuses[1] != 500 || statuses[2] != 200 {
		t.Errorf("statuses %v, want 500 500 200", statuses)
	}

	// Beyond MaxAttempts the crawl fails with the status.
	fake.Inject(fakefr.Fault{Status: 503, Count: 10, PathPrefix: "/api/v1/documents.json"})
	err := newSource(t, since2026(fake.APIURL())).Crawl(context.Background(), "", &sink{})
	var herr *fetch.HTTPError
	if !errors.As(err, &herr) || herr.Status != 503 {
		t.Errorf("err = %v, want HTTPError 503", err)
	}
}

func TestMalformedJSON(t *testing.T) {
	fake := defaultFake(t)
	fake.Inject(fakefr.Fault{Malformed: true, PathPrefix: "/api/v1/documents.json"})
	var sk sink
	err := newSource(t, since2026(fake.APIURL())).Crawl(context.Background(), "", &sk)
	if !errors.Is(err, crawler.ErrMalformed) || !strings.Contains(err.Error(), fake.APIURL()+"/documents.json?") {
		t.Errorf("err = %v, want ErrMalformed naming the URL", err)
	}
	if len(sk.pages) != 0 {
		t.Errorf("%d pages emitted from a malformed response", len(sk.pages))
	}
}

func TestCursorHoldsAtFailedDocument(t *testing.T) {
	fake := defaultFake(t)
	// 2025-90001 (2025-03-28) cannot be fetched.
	fake.Inject(fakefr.Fault{Status: 500, Count: 100, PathPrefix: "/documents/full_text/xml/2025/03/28/"})
	cfg := fastConfig(fake.APIURL())
	cfg.Since = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	var sk sink
	if err := newSource(t, cfg).Crawl(context.Background(), "", &sk); err != nil {
		t.Fatal(err)
	}
	var failed []crawler.Failure
	for _, p := range sk.pages {
		failed = append(failed, p.Failed...)
		if p.Cursor != "" {
			if r, _ := ParseCursor(p.Cursor); r.After(time.Date(2025, 3, 28, 0, 0, 0, 0, time.UTC)) && len(failed) > 0 {
				t.Errorf("cursor %s passes the failed document", p.Cursor)
			}
		}
	}
	if len(failed) != 1 || !strings.Contains(failed[0].URL, "2025-90001.xml") {
		t.Fatalf("failures %v, want the one full text", failed)
	}
	for _, d := range sk.docs() {
		if d.DocumentNumber == "2025-90001" {
			t.Error("failed document was emitted")
		}
	}
	// The next crawl (against a healthy fake) resumes at or before it and gets it.
	var again sink
	fake2 := defaultFake(t)
	cfg.BaseURL = fake2.APIURL()
	if err := newSource(t, cfg).Crawl(context.Background(), sk.lastCursor(), &again); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, d := range again.docs() {
		found = found || d.DocumentNumber == "2025-90001"
	}
	if !found {
		t.Errorf("2025-90001 not retried from cursor %s", sk.lastCursor())
	}
}

func TestRobotsTxt(t *testing.T) {
	t.Run("full text disallowed", func(t *testing.T) {
		fake := defaultFake(t, fakefr.WithRobotsTxt("User-agent: *\nDisallow: /documents/full_text/\n"))
		var sk sink
		if err := newSource(t, since2026(fake.APIURL())).Crawl(context.Background(), "", &sk); err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, p := range sk.pages {
			for _, f := range p.Failed {
				n++
				if !errors.Is(f.Err, fetch.ErrRobotsDisallowed) {
					t.Errorf("failure %v, want ErrRobotsDisallowed", f.Err)
				}
			}
		}
		if n == 0 {
			t.Error("no failures: robots.txt ignored")
		}
		for _, r := range fake.Requests() {
			if strings.HasPrefix(r.Path, "/documents/full_text/") {
				t.Errorf("fetched disallowed %s", r.Path)
			}
		}
	})
	t.Run("api disallowed for us", func(t *testing.T) {
		fake := defaultFake(t, fakefr.WithRobotsTxt("User-agent: exportwatch\nDisallow: /api/\n"))
		err := newSource(t, since2026(fake.APIURL())).Crawl(context.Background(), "", &sink{})
		if !errors.Is(err, fetch.ErrRobotsDisallowed) {
			t.Errorf("err = %v, want ErrRobotsDisallowed", err)
		}
	})
}

func TestBodyTooLarge(t *testing.T) {
	fake := defaultFake(t)
	cfg := since2026(fake.APIURL())
	cfg.Fetch.MaxBodyBytes = 1500
	var sk sink
	err := newSource(t, cfg).Crawl(context.Background(), "", &sk)
	if !errors.Is(err, crawler.ErrBodyTooLarge) {
		t.Errorf("err = %v, want ErrBodyTooLarge", err)
	}
	if len(sk.pages) != 0 {
		t.Errorf("%d pages emitted", len(sk.pages))
	}
}

func TestChangedDocumentIsRefetched(t *testing.T) {
	fake := defaultFake(t)
	cfg := since2026(fake.APIURL())
	var first sink
	if err := newSource(t, cfg).Crawl(context.Background(), "", &first); err != nil {
		t.Fatal(err)
	}
	fake.SetAbstract("2026-20058", "A corrected abstract.")
	var second sink
	if err := newSource(t, cfg).Crawl(context.Background(), first.lastCursor(), &second); err != nil {
		t.Fatal(err)
	}
	for _, d := range second.docs() {
		if d.DocumentNumber == "2026-20058" {
			if d.Abstract != "A corrected abstract." {
				t.Errorf("abstract %q", d.Abstract)
			}
			return
		}
	}
	t.Error("2026-20058 not re-fetched within the lookback")
}

func TestKind(t *testing.T) {
	for _, tc := range []struct{ typ, num, want string }{
		{"Rule", "2025-00636", "rule"},
		{"Proposed Rule", "2023-26681", "proposed_rule"},
		{"Notice", "2026-20058", "notice"},
		{"Presidential Document", "2026-19417", "presidential_document"},
		{"Rule", "C1-2026-16628", "correction"},
	} {
		if got := Kind(tc.typ, tc.num); got != tc.want {
			t.Errorf("Kind(%q, %q) = %q, want %q", tc.typ, tc.num, got, tc.want)
		}
	}
}

func TestConfigValidation(t *testing.T) {
	for _, cfg := range []Config{{PerPage: 1}, {PerPage: 2001}, {BaseURL: "not a url"}} {
		if _, err := New(cfg, nil, nil); err == nil {
			t.Errorf("New(%+v) succeeded", cfg)
		}
	}
}

// memValidators plays the store for conditional GET: it remembers the
// validators of committed pages.
type memValidators struct {
	mu sync.Mutex
	v  map[string]crawler.Validator
}

func (m *memValidators) Validator(_ context.Context, key string) (crawler.Validator, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.v[key], nil
}

func (m *memValidators) save(pages []crawler.Page) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, p := range pages {
		for _, v := range p.Validators {
			m.v[v.URL] = v
		}
	}
}

func published(docs []doc.Document) []string {
	var out []string
	for _, d := range docs {
		if d.Stage == doc.StagePublished {
			out = append(out, d.DocumentNumber)
		}
	}
	return out
}

// TestFullTextConditionalGET: full texts are fetched with If-None-Match;
// a 304 emits nothing (so nothing is written), while a document whose API
// row changed is fetched in full again and emitted.
func TestFullTextConditionalGET(t *testing.T) {
	fake := defaultFake(t)
	vs := &memValidators{v: map[string]crawler.Validator{}}
	cfg := since2026(fake.APIURL())
	src, err := New(cfg, vs, nil)
	if err != nil {
		t.Fatal(err)
	}
	var first sink
	if err := src.Crawl(context.Background(), "", &first); err != nil {
		t.Fatal(err)
	}
	vs.save(first.pages)
	n := len(published(first.docs()))
	if n < 2 || len(vs.v) != n {
		t.Fatalf("first crawl: %d published documents, %d validators; want one validator per full text", n, len(vs.v))
	}

	fake.ResetRequests()
	fake.SetAbstract("2026-20058", "A corrected abstract.")
	var second sink // the same window again
	if err := src.Crawl(context.Background(), "", &second); err != nil {
		t.Fatal(err)
	}
	if got := published(second.docs()); len(got) != 1 || got[0] != "2026-20058" {
		t.Errorf("second crawl emitted %v, want only the changed 2026-20058", got)
	}
	unchanged := 0
	for _, p := range second.pages {
		unchanged += p.Unchanged
	}
	if unchanged != n-1 {
		t.Errorf("unchanged = %d, want %d", unchanged, n-1)
	}
	notModified := 0
	for _, r := range fake.Requests() {
		if !strings.HasPrefix(r.Path, "/documents/full_text/") {
			continue
		}
		if r.Status == http.StatusNotModified {
			notModified++
			if r.Header.Get("If-None-Match") == "" {
				t.Errorf("%s answered 304 without If-None-Match", r.Path)
			}
		}
	}
	if notModified != n-1 {
		t.Errorf("%d full texts answered 304, want %d", notModified, n-1)
	}
}

// cancelSink commits like the pipeline: a page whose context is done
// cannot be written.
type cancelSink struct{ sink }

func (s *cancelSink) Page(ctx context.Context, p crawler.Page) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.sink.Page(ctx, p)
}

// TestCancelKeepsFetchedWork: a first crawl interrupted midway (SIGINT)
// commits the documents it fetched, with a cursor that covers only them,
// and the next crawl resumes from it without losing any document.
func TestCancelKeepsFetchedWork(t *testing.T) {
	fake := defaultFake(t)
	// Full texts come slowly, as the real site's one a second does.
	fake.Inject(fakefr.Fault{Delay: 20 * time.Millisecond, PathPrefix: "/documents/full_text/", Count: 100000})
	cfg := fastConfig(fake.APIURL())
	cfg.PerPage = 40                           // one API page holds the first 40 documents...
	cfg.Batch, cfg.BatchWait = 1000, time.Hour // ...and nothing is committed before its end, but for the cancel
	src := newSource(t, cfg)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		poll.Until(10*time.Second, time.Millisecond, func() bool {
			n := 0
			for _, r := range fake.Requests() {
				if strings.HasPrefix(r.Path, "/documents/full_text/") {
					n++
				}
			}
			return n >= 10
		})
		cancel()
	}()
	var first cancelSink
	err := src.Crawl(ctx, "", &first)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("interrupted crawl returned %v, want context.Canceled", err)
	}
	committed := map[string]bool{}
	for _, n := range published(first.docs()) {
		if committed[n] {
			t.Errorf("%s committed twice", n)
		}
		committed[n] = true
	}
	all := bisNumbers(fake.Corpus())
	if len(committed) < 5 || len(committed) >= len(all) {
		t.Fatalf("interrupted crawl committed %d of %d documents, want the ~10 fetched", len(committed), len(all))
	}
	cursor := first.lastCursor()
	resume, err := ParseCursor(cursor)
	if err != nil || resume.IsZero() {
		t.Fatalf("cursor %q (%v) after the interrupted crawl", cursor, err)
	}
	// The cursor covers only committed documents: everything not committed
	// was published on or after the resume date.
	for _, d := range fake.Corpus().Documents {
		if all[d.DocumentNumber] && !committed[d.DocumentNumber] && d.PublicationDate < resume.Format(time.DateOnly) {
			t.Errorf("%s (%s) not committed but before the cursor %s: it would be lost", d.DocumentNumber, d.PublicationDate, cursor)
		}
	}

	fake.ClearFaults()
	var second cancelSink
	if err := src.Crawl(context.Background(), cursor, &second); err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, n := range published(second.docs()) {
		seen[n]++
		if seen[n] > 1 {
			t.Errorf("%s emitted twice by the resumed crawl", n)
		}
	}
	for n := range all {
		if !committed[n] && seen[n] == 0 {
			t.Errorf("%s lost: neither crawl committed it", n)
		}
	}
}
