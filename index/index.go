// Package index is exportwatch's full-text search: a Bleve (scorch) index
// on disk, derived from the store and rebuildable from it. It maps
// documents to per-language text fields (English and German analyzers),
// keyword fields for filters and facets, and answers Query values with
// ranked hits, HTML-safe highlighted snippets and facet counts.
package index

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/index/scorch"
	bleveindex "github.com/blevesearch/bleve_index_api"
	bolt "go.etcd.io/bbolt"

	"github.com/exportwatch/exportwatch/doc"
)

// ErrCorrupt marks an index that exists but cannot be used (damaged files,
// unknown format, or built with another mapping version). The index is
// derived data: the caller removes the directory and rebuilds it from the
// store.
var ErrCorrupt = errors.New("index corrupt")

// ErrLocked marks an index that another process (or another Open in this
// process) holds open. It is not corrupt: do not delete it.
var ErrLocked = errors.New("index locked by another process")

// ErrBadQuery marks a query that cannot be parsed or run; it is wrapped
// with the reason. The server maps it to 400.
var ErrBadQuery = errors.New("bad query")

// boltTimeout bounds how long Open waits for the index lock.
const boltTimeout = "2s"

// maxSegmentDocs caps the documents of a segment that merging produces.
// Merging reads (maps) its input segments whole, so the memory it holds
// while building or rebuilding grows with the largest segments: capped,
// it stays bounded whatever the size of the archive, at the price of a
// few more segments per search (one per 25,000 documents).
const maxSegmentDocs = 25000

// floorSegmentDocs is the size (in documents) below which scorch's merge
// planner counts a segment as that size; Bleve's default is 2,000. A
// batch of maxBatchBytes makes segments of some 450 documents of
// Federal Register length: with the default floor the planner allowed
// as few segments as for 2,000-document ones and merged them again and
// again while building (a fifth of the build's CPU on 10,000 documents,
// against a twentieth for plain Bleve's 1,000-document batches). With
// the floor at a batch's size it lets a tier hold ten batches before
// merging them.
const floorSegmentDocs = 500

// scorchConfig is the runtime configuration of the Bleve index.
func scorchConfig() map[string]interface{} {
	return map[string]interface{}{
		"bolt_timeout": boltTimeout,
		"scorchMergePlanOptions": map[string]interface{}{
			"MaxSegmentSize":   maxSegmentDocs,
			"FloorSegmentSize": floorSegmentDocs,
		},
	}
}

// internalMappingKey holds mappingVersion in the index's internal storage.
var internalMappingKey = []byte("exportwatch_mapping_version")

// Index is an on-disk Bleve index. It is safe for concurrent use.
type Index struct {
	closeOnce sync.Once
	closeErr  error
	warming   sync.WaitGroup // see warm

	b      bleve.Index
	path   string
	log    *slog.Logger
	cache  *resultCache
	tables *tables // per-segment doc values for searchOwn; see table.go

	limits Limits                     // see budget.go
	live   *liveIndex                 // b, reopened after a failed write; see health.go
	texts  atomic.Pointer[TextSource] // nil: snippets from the stored abstract only
}

// Item is one document version to index.
type Item struct {
	Document       doc.Document
	Classification doc.Classification
	Version        int
}

// Open opens the index at path, creating it (and its parent directories)
// if it does not exist or is an empty directory. It waits at most 2s for
// the lock: an index held open elsewhere returns an error wrapping
// ErrLocked. An unusable index returns an error wrapping ErrCorrupt.
func Open(path string, log *slog.Logger) (ix *Index, err error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	defer func() {
		// Bleve can panic on damaged segment files.
		if r := recover(); r != nil {
			ix, err = nil, fmt.Errorf("index: open %s: panic %v: %w", path, r, ErrCorrupt)
		}
	}()
	// An existing index names the gram filter in its mapping: it must be
	// registered before Bleve parses that mapping.
	if err := checkGramsRegistered(); err != nil {
		return nil, fmt.Errorf("index: open %s: %w", path, err)
	}
	create, err := needsCreate(path)
	if err != nil {
		return nil, fmt.Errorf("index: open %s: %w", path, err)
	}
	if create {
		m, err := newMapping()
		if err != nil {
			return nil, fmt.Errorf("index: mapping: %w", err)
		}
		if err := os.RemoveAll(path); err != nil { // an empty directory
			return nil, fmt.Errorf("index: create %s: %w", path, err)
		}
		b, err := bleve.NewUsing(path, m, bleve.Config.DefaultIndexType, bleve.Config.DefaultKVStore, scorchConfig())
		if err != nil {
			return nil, fmt.Errorf("index: create %s: %w", path, err)
		}
		if err := b.SetInternal(internalMappingKey, []byte(mappingVersion)); err != nil {
			_ = b.Close()
			return nil, fmt.Errorf("index: create %s: %w", path, err)
		}
		log.Info("index created", "path", path, "mapping_version", mappingVersion)
		return withLive(&Index{b: b, path: path, log: log, cache: newResultCache(searchCacheSize), tables: newTables()}), nil
	}
	b, err := bleve.OpenUsing(path, scorchConfig())
	if err != nil {
		if errors.Is(err, bolt.ErrTimeout) {
			return nil, fmt.Errorf("index: open %s: %w", path, ErrLocked)
		}
		return nil, fmt.Errorf("index: open %s: %v: %w", path, err, ErrCorrupt)
	}
	v, err := b.GetInternal(internalMappingKey)
	if err != nil || string(v) != mappingVersion {
		_ = b.Close()
		if err != nil {
			return nil, fmt.Errorf("index: open %s: read mapping version: %v: %w", path, err, ErrCorrupt)
		}
		return nil, fmt.Errorf("index: open %s: mapping version %q, want %q: %w", path, v, mappingVersion, ErrCorrupt)
	}
	ix = withLive(&Index{b: b, path: path, log: log, cache: newResultCache(searchCacheSize), tables: newTables()})
	ix.warm()
	return ix, nil
}

// warm reads the tables (table.go) of an opened index's segments in the
// background: the first search after opening an index of 100,000
// documents paid 0.1-0.5 s for them. A search that comes first waits for
// the same reading, not for a second one. Close waits for it.
func (ix *Index) warm() {
	ix.warming.Add(1)
	go func() {
		defer ix.warming.Done()
		err := ix.useSnapshot("warm", func(b bleve.Index, adv bleveindex.Index, snap *scorch.IndexSnapshot) error {
			_, err := ix.tables.of(adv, snap.Segments())
			return err
		})
		if err != nil {
			ix.log.Debug("index: warm segment tables", "err", err)
		}
	}()
}

// useSnapshot runs fn on a reader snapshot of the live index (adv is its
// Advanced form), closed after; errNoTables when the index is not scorch,
// whose segments the collector and its tables read.
func (ix *Index) useSnapshot(what string, fn func(b bleve.Index, adv bleveindex.Index, snap *scorch.IndexSnapshot) error) error {
	return ix.live.use(what, func(b bleve.Index) error {
		adv, err := b.Advanced()
		if err != nil {
			return err
		}
		r, err := adv.Reader()
		if err != nil {
			return err
		}
		defer r.Close()
		snap, ok := r.(*scorch.IndexSnapshot)
		if !ok {
			return fmt.Errorf("%w: reader %T", errNoTables, r)
		}
		return fn(b, adv, snap)
	})
}

// needsCreate reports whether path is missing or an empty directory.
func needsCreate(path string) (bool, error) {
	fi, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		return true, nil
	}
	if err != nil {
		return false, err
	}
	if !fi.IsDir() {
		return false, fmt.Errorf("not a directory: %w", ErrCorrupt)
	}
	entries, err := os.ReadDir(path)
	if err != nil {
		return false, err
	}
	return len(entries) == 0, nil
}

// Close closes the index; later calls return the first call's result.
// The Index must not be used afterwards.
func (ix *Index) Close() error {
	ix.closeOnce.Do(func() {
		ix.warming.Wait()
		if err := ix.b.Close(); err != nil {
			ix.closeErr = fmt.Errorf("index: close %s: %w", ix.path, err)
		}
	})
	return ix.closeErr
}

// Path returns the directory of the index.
func (ix *Index) Path() string { return ix.path }

// maxBatchBytes bounds the text in one Bleve batch. Bleve analyses a batch
// into one in-memory segment, whose size grows with the text (some 5 times
// it), so a count of documents alone does not bound memory: 1,000 bodies
// of 40 KB are 40 MB of text.
const maxBatchBytes = 8 << 20

// Index adds or replaces items. An empty slice is a no-op. Items are
// written in Bleve batches of at most maxBatchBytes of text, each applied
// entirely or not at all; callers mark items indexed only after a nil
// return (on error some batches may be in: indexing them again is
// harmless).
func (ix *Index) Index(ctx context.Context, items []Item) error {
	for len(items) > 0 {
		n, size := 0, 0
		for n < len(items) && (n == 0 || size+itemBytes(items[n]) <= maxBatchBytes) {
			size += itemBytes(items[n])
			n++
		}
		if err := ix.batch(ctx, items[:n]); err != nil {
			return err
		}
		items = items[n:]
	}
	return nil
}

func itemBytes(it Item) int {
	return len(it.Document.Title) + len(it.Document.Abstract) + len(it.Document.Body)
}

func (ix *Index) batch(ctx context.Context, items []Item) error {
	batch := ix.b.NewBatch()
	for _, it := range items {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("index: batch of %d: %w", len(items), err)
		}
		if it.Document.ID == "" {
			return fmt.Errorf("index: batch of %d: document without id", len(items))
		}
		d := document.NewDocument(it.Document.ID)
		if err := ix.b.Mapping().MapDocument(d, toFields(it)); err != nil {
			return fmt.Errorf("index: %s: %w", it.Document.ID, err)
		}
		for i, f := range d.Fields {
			if tf, ok := f.(*document.TextField); ok && fieldLanguage(tf.Name()) != "" {
				d.Fields[i] = &wordLength{TextField: tf}
			}
		}
		if err := batch.IndexAdvanced(d); err != nil {
			return fmt.Errorf("index: %s: %w", it.Document.ID, err)
		}
	}
	err := ix.b.Batch(batch)
	ix.cache.invalidate() // also on failure: part of the batch may be in
	if err != nil {
		return fmt.Errorf("index: batch of %d: %w", len(items), err)
	}
	return nil
}

// wordLength is a text field whose length, the norm of its scores,
// counts its words and not its word grams (Bleve counts all tokens): the
// grams change no score of a word query, which ranks as on a field of
// words alone. gramsFilter makes one gram per two consecutive words, so
// n words are 2n-1 tokens (none for none).
type wordLength struct {
	*document.TextField
}

func (f *wordLength) AnalyzedLength() int { return (f.TextField.AnalyzedLength() + 1) / 2 }

// Delete removes documents by ID in one batch; unknown IDs are ignored.
func (ix *Index) Delete(ctx context.Context, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("index: delete %d: %w", len(ids), err)
	}
	batch := ix.b.NewBatch()
	for _, id := range ids {
		batch.Delete(id)
	}
	err := ix.b.Batch(batch)
	ix.cache.invalidate()
	if err != nil {
		return fmt.Errorf("index: delete %d: %w", len(ids), err)
	}
	return nil
}

// Count returns the number of indexed documents.
func (ix *Index) Count() (uint64, error) {
	n, err := ix.b.DocCount()
	if err != nil {
		return 0, fmt.Errorf("index: count: %w", err)
	}
	return n, nil
}

// docLanguage picks the text fields of a document: its declared language,
// else the classifier's detection, else English.
func docLanguage(it Item) string {
	for _, l := range []string{it.Document.Language, it.Classification.Language} {
		l = strings.ToLower(strings.TrimSpace(l))
		if i := strings.IndexAny(l, "-_"); i > 0 {
			l = l[:i] // "de-DE"
		}
		if slices.Contains(languages, l) {
			return l
		}
	}
	return languages[0]
}

// toFields is the Bleve document for one item.
func toFields(it Item) map[string]interface{} {
	d, c := it.Document, it.Classification
	lang := docLanguage(it)
	f := map[string]interface{}{
		fID:                 d.ID,
		fLanguage:           lang,
		titleField(lang):    d.Title,
		fURL:                d.URL,
		fSource:             d.Source,
		fKind:               d.Kind,
		fStage:              d.Stage,
		abstractField(lang): d.Abstract,
	}
	if d.Body != "" {
		f[bodyField(lang)] = d.Body
	}
	if len(d.Agencies) > 0 {
		f[fAgencies] = d.Agencies
	}
	if len(c.Labels) > 0 {
		f[fLabels] = c.Labels
	}
	if len(c.Countries) > 0 {
		f[fCountries] = upperAll(c.Countries)
	}
	if len(c.Mentions) > 0 {
		f[fMentions] = upperAll(c.Mentions)
	}
	var names []string
	for _, e := range c.Entities {
		for _, n := range append([]string{e.Name}, e.Aliases...) {
			if n = strings.TrimSpace(n); n != "" && !slices.Contains(names, n) {
				names = append(names, n)
			}
		}
	}
	if len(names) > 0 {
		f[fEntities] = names
		f[fEntityText] = names
	}
	if !d.Published.IsZero() {
		f[fPublished] = d.Published.UTC()
		f[fYear] = strconv.Itoa(d.Published.UTC().Year())
	}
	return f
}

func upperAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strings.ToUpper(s)
	}
	return out
}
