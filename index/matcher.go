package index

import (
	"fmt"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/exportwatch/exportwatch/doc"
)

// matcherDocID is the ID of the one document in a QueryMatcher's index.
const matcherDocID = "exportwatch-matcher-doc"

// QueryMatcher answers "would this query match this one document" for
// query subscriptions, with the fields and analyzers of the on-disk index
// and an in-memory Bleve index that holds at most one document at a time.
// Phrases match word grams exactly as in Search.
// It is safe for concurrent use (calls are serialized).
type QueryMatcher struct {
	mu  sync.Mutex
	b   bleve.Index
	err error // from construction; returned by every Matches
}

// NewQueryMatcher returns a QueryMatcher. It does no I/O.
func NewQueryMatcher() *QueryMatcher {
	m, err := newMapping()
	if err != nil {
		return &QueryMatcher{err: fmt.Errorf("index: matcher mapping: %w", err)}
	}
	b, err := bleve.NewMemOnly(m)
	if err != nil {
		return &QueryMatcher{err: fmt.Errorf("index: matcher: %w", err)}
	}
	return &QueryMatcher{b: b}
}

// Matches reports whether query (Query.Text syntax; "" matches all) matches
// the item. A query that does not parse returns an error wrapping
// ErrBadQuery.
func (m *QueryMatcher) Matches(q string, it Item) (bool, error) {
	if m.err != nil {
		return false, m.err
	}
	bq, _, err := parseText(q, m.b.Mapping())
	if err != nil {
		return false, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.b.Index(matcherDocID, toFields(it)); err != nil {
		return false, fmt.Errorf("index: matcher: index %s: %w", it.Document.ID, err)
	}
	defer func() { _ = m.b.Delete(matcherDocID) }()
	req := bleve.NewSearchRequestOptions(bq, 1, 0, false)
	res, err := m.b.Search(req)
	if err != nil {
		return false, fmt.Errorf("index: matcher: search %q: %w", q, err)
	}
	return res.Total > 0, nil
}

// MatchesDocument is Matches for one version of a document, for callers
// that speak in doc types (notify).
func (m *QueryMatcher) MatchesDocument(q string, d doc.Document, c doc.Classification, version int) (bool, error) {
	return m.Matches(q, Item{Document: d, Classification: c, Version: version})
}

// CheckQuery returns nil if q parses as Matches would read it, else an
// error wrapping ErrBadQuery that says what is wrong.
func (m *QueryMatcher) CheckQuery(q string) error {
	if m.err != nil {
		return m.err
	}
	_, _, err := parseText(q, m.b.Mapping())
	return err
}

// Close releases the in-memory index.
func (m *QueryMatcher) Close() error {
	if m.b == nil {
		return nil
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.b.Close()
}
