// Package pipeline drives fetched documents through exportwatch: each page a
// source returns is classified and committed to the store (document, version,
// classification, events and deliveries in one transaction per document),
// then the source's cursor is saved, then the derived index catches up. It
// contains no source- or channel-specific code.
package pipeline

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/exportwatch/exportwatch/classifier"
	"github.com/exportwatch/exportwatch/crawler"
	"github.com/exportwatch/exportwatch/doc"
	"github.com/exportwatch/exportwatch/index"
	"github.com/exportwatch/exportwatch/store"
)

// Store is what the pipeline needs of the store.
type Store interface {
	SaveVersion(ctx context.Context, d doc.Document, c doc.Classification, m store.Matcher) (store.SaveResult, error)
	CrawlState(ctx context.Context, source string) (store.CrawlState, error)
	SaveCursor(ctx context.Context, source, cursor string) error
	SaveValidators(ctx context.Context, vs []crawler.Validator) error
	RecordRun(ctx context.Context, source string, at time.Time, seen int, runErr error) (store.CrawlState, error)
	SetSourceDown(ctx context.Context, source string, down bool) error
	AddEvent(ctx context.Context, ev doc.Event, m store.Matcher) (doc.Event, error)
	PendingIndex(ctx context.Context, limit int) ([]store.IndexItem, error)
	MarkIndexed(ctx context.Context, items []store.IndexItem) error
}

// Indexer is the derived search index.
type Indexer interface {
	Index(ctx context.Context, items []index.Item) error
}

// Classifier decides what a document changes.
type Classifier interface {
	Classify(in classifier.Input) doc.Classification
}

// Metrics receives counts and timings (*metrics.Metrics); nil is allowed.
type Metrics interface {
	CrawlRun(source string, took time.Duration, documents int, err error)
	CrawlError(source string)
	Classified(took time.Duration)
	IndexBatch(n int, took time.Duration)
}

// Config tunes the pipeline.
type Config struct {
	// DownAfter consecutive failed runs raise a "source down" event.
	DownAfter int
	// IndexBatch is how many versions are indexed per Bleve batch.
	IndexBatch int
	// OnDeliveries, when set, is called after a commit that wrote delivery
	// rows, so senders can start at once instead of at their next poll.
	OnDeliveries func()
}

// Pipeline is safe for concurrent use by several sources.
type Pipeline struct {
	cfg        Config
	store      Store
	index      Indexer
	classifier Classifier
	matcher    store.Matcher
	metrics    Metrics
	log        *slog.Logger
	now        func() time.Time
}

// New returns a pipeline. matcher and metrics may be nil.
func New(cfg Config, st Store, ix Indexer, cl Classifier, m store.Matcher, mt Metrics, log *slog.Logger) *Pipeline {
	if cfg.DownAfter <= 0 {
		cfg.DownAfter = 3
	}
	if cfg.IndexBatch <= 0 {
		cfg.IndexBatch = 500
	}
	return &Pipeline{cfg: cfg, store: st, index: ix, classifier: cl, matcher: m, metrics: mt, log: log, now: time.Now}
}

// Options change one crawl.
type Options struct {
	// IgnoreCursor starts from the source's configured beginning (crawl --since).
	IgnoreCursor bool
	// Progress, when set, is called after each committed document and
	// after each committed page.
	Progress func(Progress)
}

// Progress is the running count of one crawl.
type Progress struct {
	Source                          string
	Done, Total                     int
	New, Changed, Unchanged, Failed int
}

// Summary is the outcome of one crawl of one source.
type Summary struct {
	Source    string
	New       int
	Changed   int
	Unchanged int
	Failed    int
	Took      time.Duration
}

// Add sums two summaries (for a crawl over several sources).
func (s Summary) Add(o Summary) Summary {
	s.New += o.New
	s.Changed += o.Changed
	s.Unchanged += o.Unchanged
	s.Failed += o.Failed
	return s
}

// String is the documented summary line of `exportwatch crawl`.
func (s Summary) String() string {
	return fmt.Sprintf("crawl done: new=%d changed=%d unchanged=%d failed=%d took=%s",
		s.New, s.Changed, s.Unchanged, s.Failed, s.Took.Round(time.Millisecond))
}

// Crawl runs one pass of src: every page is committed before its cursor is
// saved (DESIGN invariant 2). The run's outcome is recorded in the source's
// health, and a source that keeps failing raises a "source down" event (and
// "source back" when it recovers). A failed run returns its summary so far
// and the error.
func (p *Pipeline) Crawl(ctx context.Context, src crawler.Source, opts Options) (Summary, error) {
	start := p.now()
	name := src.Name()
	cursor := ""
	if !opts.IgnoreCursor {
		st, err := p.store.CrawlState(ctx, name)
		if err != nil {
			return Summary{Source: name}, fmt.Errorf("pipeline: crawl state of %s: %w", name, err)
		}
		cursor = st.Cursor
	}
	sink := &sink{p: p, source: name, progress: opts.Progress}
	sink.sum.Source = name
	runErr := src.Crawl(ctx, cursor, sink)
	sum := sink.sum
	sum.Took = p.now().Sub(start)
	if runErr != nil {
		runErr = fmt.Errorf("pipeline: crawl %s: %w", name, runErr)
	}
	// Record health with a context that survives cancellation of the crawl,
	// so a shutdown mid-crawl still leaves an accurate record.
	recCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if err := p.recordRun(recCtx, name, sum, runErr); err != nil {
		p.log.ErrorContext(ctx, "record crawl run", "source", name, "err", err)
	}
	if p.metrics != nil {
		p.metrics.CrawlRun(name, sum.Took, sum.New+sum.Changed+sum.Unchanged, runErr)
	}
	level := slog.LevelInfo
	if runErr != nil {
		level = slog.LevelWarn
	}
	p.log.Log(ctx, level, "crawl done", "source", name, "new", sum.New, "changed", sum.Changed,
		"unchanged", sum.Unchanged, "failed", sum.Failed, "took", sum.Took.Round(time.Millisecond), "err", runErr)
	return sum, runErr
}

func (p *Pipeline) recordRun(ctx context.Context, name string, sum Summary, runErr error) error {
	// Context cancellation is a shutdown, not a failure of the source.
	if errors.Is(runErr, context.Canceled) {
		return nil
	}
	st, err := p.store.RecordRun(ctx, name, p.now().UTC(), sum.New+sum.Changed+sum.Unchanged, runErr)
	if err != nil {
		return err
	}
	switch {
	case runErr != nil && !st.Down && st.ConsecutiveFailures >= p.cfg.DownAfter:
		ev := doc.Event{
			Kind:    doc.EventSource,
			Source:  name,
			Title:   fmt.Sprintf("Source %s is down: %d failed runs in a row", name, st.ConsecutiveFailures),
			Summary: runErr.Error(),
		}
		if _, err := p.store.AddEvent(ctx, ev, p.matcher); err != nil {
			return fmt.Errorf("source down event: %w", err)
		}
		if p.cfg.OnDeliveries != nil {
			p.cfg.OnDeliveries()
		}
		p.log.WarnContext(ctx, "source down", "source", name, "consecutive_failures", st.ConsecutiveFailures)
		return p.store.SetSourceDown(ctx, name, true)
	case runErr == nil && st.Down:
		ev := doc.Event{Kind: doc.EventSource, Source: name, Title: fmt.Sprintf("Source %s is back", name)}
		if _, err := p.store.AddEvent(ctx, ev, p.matcher); err != nil {
			return fmt.Errorf("source back event: %w", err)
		}
		p.log.InfoContext(ctx, "source back", "source", name)
		return p.store.SetSourceDown(ctx, name, false)
	}
	return nil
}

// Save classifies and commits one document outside a crawl (used by tests
// and by commands that import documents).
func (p *Pipeline) Save(ctx context.Context, d doc.Document) (store.SaveResult, error) {
	d = cleanText(d)
	d, c := p.classify(d)
	res, err := p.store.SaveVersion(ctx, d, c, p.matcher)
	if err != nil {
		return res, fmt.Errorf("pipeline: save %s: %w", d.ID, err)
	}
	if res.Deliveries > 0 && p.cfg.OnDeliveries != nil {
		p.cfg.OnDeliveries()
	}
	return res, nil
}

func (p *Pipeline) classify(d doc.Document) (doc.Document, doc.Classification) {
	t0 := time.Now()
	c := p.classifier.Classify(classifier.FromDocument(d))
	if p.metrics != nil {
		p.metrics.Classified(time.Since(t0))
	}
	if d.Language == "" {
		d.Language = c.Language
	}
	return d, c
}

// SyncIndex indexes every committed version the index has not seen yet
// (DESIGN invariant 1). It is called after each page and at start-up, so a
// crash between commit and indexing is repaired by the next run.
func (p *Pipeline) SyncIndex(ctx context.Context) (int, error) {
	total := 0
	for {
		items, err := p.store.PendingIndex(ctx, p.cfg.IndexBatch)
		if err != nil {
			return total, fmt.Errorf("pipeline: pending index: %w", err)
		}
		if len(items) == 0 {
			return total, nil
		}
		batch := make([]index.Item, len(items))
		for i, it := range items {
			batch[i] = index.Item{Document: it.Document, Classification: it.Classification, Version: it.Version}
		}
		t0 := time.Now()
		if err := p.index.Index(ctx, batch); err != nil {
			return total, fmt.Errorf("pipeline: index %d versions: %w", len(batch), err)
		}
		if p.metrics != nil {
			p.metrics.IndexBatch(len(batch), time.Since(t0))
		}
		if err := p.store.MarkIndexed(ctx, items); err != nil {
			return total, fmt.Errorf("pipeline: mark indexed: %w", err)
		}
		total += len(items)
		if len(items) < p.cfg.IndexBatch {
			return total, nil
		}
	}
}

// sink commits the pages of one crawl.
type sink struct {
	p        *Pipeline
	source   string
	progress func(Progress)
	sum      Summary
	done     int
}

// Page implements crawler.Sink: documents first, then validators, then the
// cursor; the index follows and its failure does not lose anything.
func (s *sink) Page(ctx context.Context, pg crawler.Page) error {
	for _, d := range pg.Documents {
		if d.Source == "" {
			d.Source = s.source
		}
		res, err := s.p.Save(ctx, d)
		if err != nil {
			return err
		}
		switch {
		case res.New:
			s.sum.New++
		case res.Changed:
			s.sum.Changed++
		default:
			s.sum.Unchanged++
		}
		s.done++
		s.report(pg.Total) // the bar moves per committed document
	}
	s.sum.Unchanged += pg.Unchanged
	for _, f := range pg.Failed {
		s.sum.Failed++
		if s.p.metrics != nil {
			s.p.metrics.CrawlError(s.source)
		}
		s.p.log.WarnContext(ctx, "fetch failed", "source", s.source, "url", f.URL, "err", f.Err)
	}
	if len(pg.Validators) > 0 {
		if err := s.p.store.SaveValidators(ctx, pg.Validators); err != nil {
			return fmt.Errorf("pipeline: save validators: %w", err)
		}
	}
	if pg.Cursor != "" {
		if err := s.p.store.SaveCursor(ctx, s.source, pg.Cursor); err != nil {
			return fmt.Errorf("pipeline: save cursor of %s: %w", s.source, err)
		}
	}
	if _, err := s.p.SyncIndex(ctx); err != nil && ctx.Err() == nil {
		// The store remembers what is pending; the next sync catches up.
		s.p.log.ErrorContext(ctx, "index sync", "source", s.source, "err", err)
	}
	s.done += pg.Unchanged + len(pg.Failed)
	s.report(pg.Total)
	return nil
}

func (s *sink) report(total int) {
	if s.progress != nil {
		s.progress(Progress{
			Source: s.source, Done: s.done, Total: total,
			New: s.sum.New, Changed: s.sum.Changed, Unchanged: s.sum.Unchanged, Failed: s.sum.Failed,
		})
	}
}

// MaxTitleRunes caps a stored title. Real titles stay far below it (the
// longest Federal Register titles run to a few hundred characters); a
// broken or hostile upstream sent one of 200,023 that filled the search
// page (issue 15.8).
const MaxTitleRunes = 1000

// capTitle cuts a title longer than MaxTitleRunes to that many characters,
// the last one an ellipsis.
func capTitle(s string) string {
	if utf8.RuneCountInString(s) <= MaxTitleRunes {
		return s
	}
	n := 0
	for i := range s {
		if n == MaxTitleRunes-1 {
			return strings.TrimRightFunc(s[:i], unicode.IsSpace) + "…"
		}
		n++
	}
	return s
}

// cleanText makes upstream text safe for every store backend: invalid
// UTF-8 becomes U+FFFD and NUL bytes are dropped (PostgreSQL rejects both
// in text columns; a broken upstream must not stop a crawl). It also caps
// the title (capTitle).
func cleanText(d doc.Document) doc.Document {
	clean := func(s string) string {
		if utf8.ValidString(s) && !strings.ContainsRune(s, 0) {
			return s
		}
		return strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "")
	}
	d.Title, d.Abstract, d.Body = capTitle(clean(d.Title)), clean(d.Abstract), clean(d.Body)
	d.URL, d.Action, d.Dates, d.Citation = clean(d.URL), clean(d.Action), clean(d.Dates), clean(d.Citation)
	return d
}
