package index

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	bleveindex "github.com/blevesearch/bleve_index_api"
)

// ErrUnavailable marks an index that cannot answer now: it could not be
// reopened after a failed write. The server answers 503 and /readyz says
// not ready; the next write or readiness probe tries to reopen it.
var ErrUnavailable = errors.New("index unavailable")

// errSearchPanic marks a search that panicked inside Bleve.
var errSearchPanic = errors.New("search panicked")

// HealthObserver hears how index writes go. *metrics.Metrics implements it.
type HealthObserver interface {
	// IndexWriteFailed counts one failed index write (a Bleve batch).
	IndexWriteFailed()
	// IndexHealthy reports whether the last index write succeeded.
	IndexHealthy(ok bool)
}

// SetObserver makes o hear about index writes. Call it before the index is
// written to.
func (ix *Index) SetObserver(o HealthObserver) {
	ix.live.mu.Lock()
	ix.live.obs = o
	ix.live.mu.Unlock()
	if o != nil {
		o.IndexHealthy(true)
	}
}

// Healthy returns nil when the index can answer searches, else why not
// (wrapping ErrUnavailable). A write that failed does not make the index
// unhealthy once it has been reopened from its last state on disk: it
// answers, without the documents of the failed batch, which the store
// still holds as pending.
func (ix *Index) Healthy() error {
	if err := ix.live.ensureOpen(); err != nil {
		return err
	}
	if _, err := ix.live.DocCount(); err != nil {
		return fmt.Errorf("index: %v: %w", err, ErrUnavailable)
	}
	return nil
}

// withLive puts ix's Bleve index behind a liveIndex, and bounds Bleve's
// term expansion.
func withLive(ix *Index) *Index {
	limitTermExpansion() // see budget.go
	ix.live = &liveIndex{cur: ix.b, last: ix.b, path: ix.path, log: ix.log}
	ix.b = ix.live
	return ix
}

// reopenEvery bounds how often an index that failed to reopen is tried
// again.
const reopenEvery = 5 * time.Second

// liveIndex is the Bleve index of an Index, reopened from disk after a
// failed write.
//
// Why: when Bleve (scorch) fails to persist a batch, for example on a full
// disk, Scorch.Batch has already put the batch's in-memory segment into
// the index snapshot, and on the persist error it closes that segment
// (scorch.go, Batch: "_ = newSegment.Close()"). Closing an in-memory zap
// segment clears its caches, so every later search or batch that reaches
// the segment panics with "assignment to entry in nil map" in zapx's
// invertedIndexCache.insertLOCKED (issue 15.2). The snapshot cannot be
// repaired; the index on disk, which holds every batch that was
// acknowledged, can be reopened.
//
// Every method runs on the current index under a read lock; a reopen takes
// the write lock. A panic inside Bleve becomes an error and triggers a
// reopen.
type liveIndex struct {
	mu   sync.RWMutex
	cur  bleve.Index // nil: closed after a failure, not yet reopened
	last bleve.Index // the last index opened, never nil (closed or not)
	path string
	log  *slog.Logger
	obs  HealthObserver

	failing    bool      // the last write failed
	lastReopen time.Time // last failed reopen attempt
	closed     bool
	openErr    error // why cur is nil
}

var _ bleve.Index = (*liveIndex)(nil)

// use runs f on the current index. A panic becomes an error and schedules
// a reopen.
func (l *liveIndex) use(what string, f func(bleve.Index) error) (err error) {
	if err := l.ensureOpen(); err != nil {
		return err
	}
	broken := false
	func() {
		l.mu.RLock()
		defer l.mu.RUnlock()
		if l.cur == nil {
			err = l.unavailable()
			return
		}
		defer func() {
			if r := recover(); r != nil {
				broken = true
				err = fmt.Errorf("index: %s: bleve panicked: %v: %w", what, r, errSearchPanic)
			}
		}()
		err = f(l.cur)
	}()
	if broken {
		l.log.Error("index panicked: reopening it from its last state on disk", "path", l.path, "during", what, "err", err)
		l.reopen()
	}
	return err
}

func (l *liveIndex) unavailable() error {
	if l.openErr != nil {
		return fmt.Errorf("index: %s: %v: %w", l.path, l.openErr, ErrUnavailable)
	}
	return fmt.Errorf("index: %s: %w", l.path, ErrUnavailable)
}

// ensureOpen reopens an index that could not be reopened before, at most
// every reopenEvery.
func (l *liveIndex) ensureOpen() error {
	l.mu.RLock()
	ok, closed := l.cur != nil, l.closed
	l.mu.RUnlock()
	if ok {
		return nil
	}
	if closed {
		return fmt.Errorf("index: %s: closed: %w", l.path, ErrUnavailable)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.cur == nil && time.Since(l.lastReopen) >= reopenEvery {
		l.reopenLocked()
	}
	if l.cur == nil {
		return l.unavailable()
	}
	return nil
}

// reopen closes the current index and opens it again from disk.
func (l *liveIndex) reopen() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return
	}
	if l.cur != nil {
		closeQuietly(l.cur)
		l.cur = nil
	}
	l.reopenLocked()
}

func (l *liveIndex) reopenLocked() {
	l.lastReopen = time.Now()
	b, err := openBleve(l.path)
	if err != nil {
		l.openErr = err
		l.log.Error("index cannot be reopened: searches fail until it can", "path", l.path, "err", err)
		return
	}
	l.cur, l.last, l.openErr = b, b, nil
	n, _ := b.DocCount()
	l.log.Warn("index reopened from its last state on disk", "path", l.path, "documents", n)
}

// openBleve opens an existing index directory as Open does.
func openBleve(path string) (b bleve.Index, err error) {
	defer func() {
		if r := recover(); r != nil {
			b, err = nil, fmt.Errorf("open: panic %v", r)
		}
	}()
	return bleve.OpenUsing(path, map[string]interface{}{"bolt_timeout": boltTimeout})
}

func closeQuietly(b bleve.Index) {
	defer func() { _ = recover() }()
	_ = b.Close()
}

// write runs a write and handles its failure: the log line, the metric and
// the reopen from disk.
func (l *liveIndex) write(what string, f func(bleve.Index) error) error {
	err := l.use(what, f)
	l.mu.Lock()
	obs, wasFailing := l.obs, l.failing
	l.failing = err != nil
	l.mu.Unlock()
	if err == nil {
		if wasFailing {
			l.log.Info("index writes succeed again", "path", l.path)
			if obs != nil {
				obs.IndexHealthy(true)
			}
		}
		return nil
	}
	if errors.Is(err, ErrUnavailable) || errors.Is(err, context.Canceled) {
		return err
	}
	l.log.Error("index write failed (disk full?): searches answer from the last state on disk; "+
		"the pending versions stay in the store and are indexed when writes succeed again",
		"path", l.path, "during", what, "err", err)
	if obs != nil {
		obs.IndexWriteFailed()
		obs.IndexHealthy(false)
	}
	// The failed batch may already be in the in-memory snapshot with its
	// segment closed by Bleve: reopen from disk (see liveIndex).
	l.reopen()
	return err
}

// The bleve.Index methods.

func (l *liveIndex) Index(id string, data interface{}) error {
	return l.write("index "+id, func(b bleve.Index) error { return b.Index(id, data) })
}

func (l *liveIndex) Delete(id string) error {
	return l.write("delete "+id, func(b bleve.Index) error { return b.Delete(id) })
}

func (l *liveIndex) Batch(batch *bleve.Batch) error {
	return l.write(fmt.Sprintf("batch of %d", batch.Size()), func(b bleve.Index) error { return b.Batch(batch) })
}

func (l *liveIndex) SetInternal(key, val []byte) error {
	return l.write("set internal", func(b bleve.Index) error { return b.SetInternal(key, val) })
}

func (l *liveIndex) DeleteInternal(key []byte) error {
	return l.write("delete internal", func(b bleve.Index) error { return b.DeleteInternal(key) })
}

// NewBatch works without an open index: a batch needs only the mapping,
// which the last index opened keeps after its close.
func (l *liveIndex) NewBatch() *bleve.Batch {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.last.NewBatch()
}

func (l *liveIndex) Document(id string) (d bleveindex.Document, err error) {
	err = l.use("document", func(b bleve.Index) (e error) { d, e = b.Document(id); return e })
	return d, err
}

func (l *liveIndex) DocCount() (n uint64, err error) {
	err = l.use("count", func(b bleve.Index) (e error) { n, e = b.DocCount(); return e })
	return n, err
}

func (l *liveIndex) Search(req *bleve.SearchRequest) (*bleve.SearchResult, error) {
	return l.SearchInContext(context.Background(), req)
}

func (l *liveIndex) SearchInContext(ctx context.Context, req *bleve.SearchRequest) (r *bleve.SearchResult, err error) {
	err = l.use("search", func(b bleve.Index) (e error) { r, e = b.SearchInContext(ctx, req); return e })
	return r, tooManyTerms(err)
}

func (l *liveIndex) Fields() (f []string, err error) {
	err = l.use("fields", func(b bleve.Index) (e error) { f, e = b.Fields(); return e })
	return f, err
}

func (l *liveIndex) FieldDict(field string) (d bleveindex.FieldDict, err error) {
	err = l.use("field dict", func(b bleve.Index) (e error) { d, e = b.FieldDict(field); return e })
	return d, err
}

func (l *liveIndex) FieldDictRange(field string, start, end []byte) (d bleveindex.FieldDict, err error) {
	err = l.use("field dict", func(b bleve.Index) (e error) { d, e = b.FieldDictRange(field, start, end); return e })
	return d, err
}

func (l *liveIndex) FieldDictPrefix(field string, prefix []byte) (d bleveindex.FieldDict, err error) {
	err = l.use("field dict", func(b bleve.Index) (e error) { d, e = b.FieldDictPrefix(field, prefix); return e })
	return d, err
}

// Close closes the current index; the liveIndex is not reopened after it.
func (l *liveIndex) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.closed = true
	if l.cur == nil {
		return nil
	}
	err := l.cur.Close()
	l.cur = nil
	return err
}

// Mapping works without an open index, as NewBatch.
func (l *liveIndex) Mapping() mapping.IndexMapping {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.last.Mapping()
}

func (l *liveIndex) Stats() *bleve.IndexStat {
	var s *bleve.IndexStat
	_ = l.use("stats", func(b bleve.Index) error { s = b.Stats(); return nil })
	return s
}

func (l *liveIndex) StatsMap() map[string]interface{} {
	var s map[string]interface{}
	_ = l.use("stats", func(b bleve.Index) error { s = b.StatsMap(); return nil })
	return s
}

func (l *liveIndex) GetInternal(key []byte) (v []byte, err error) {
	err = l.use("get internal", func(b bleve.Index) (e error) { v, e = b.GetInternal(key); return e })
	return v, err
}

func (l *liveIndex) Name() string {
	var n string
	_ = l.use("name", func(b bleve.Index) error { n = b.Name(); return nil })
	return n
}

func (l *liveIndex) SetName(name string) {
	_ = l.use("set name", func(b bleve.Index) error { b.SetName(name); return nil })
}

func (l *liveIndex) Advanced() (a bleveindex.Index, err error) {
	err = l.use("advanced", func(b bleve.Index) (e error) { a, e = b.Advanced(); return e })
	return a, err
}
