package index

import (
	"context"
	"fmt"
	"sync"

	"github.com/blevesearch/bleve/v2"
	index "github.com/blevesearch/bleve_index_api"
	"github.com/exportwatch/exportwatch/doc"
)

// matcherDocID is the ID of the one document in a QueryMatcher's index.
const matcherDocID = "exportwatch-matcher-doc"

// QueryMatcher answers "would this query match this one document" for
// query subscriptions, with the fields and analyzers of the on-disk index
// and an in-memory Bleve index that holds at most one document at a time.
// Phrases match word grams as in Search; phrases of three or more words
// are checked against the item's text, so they are always exact here.
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
	bq, _, err := parseText(q, m.b.Mapping(), matcherTexts(it))
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
	_, _, err := parseText(q, m.b.Mapping(), nil)
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

// matcherTexts verifies the long phrases of a QueryMatcher against the one
// item it holds.
func matcherTexts(it Item) phraseTexts {
	return func(_ context.Context, _ index.IndexReader, field string, ids []string) (map[string]string, error) {
		lang := fieldLanguage(field)
		text := map[string]string{titleField(lang): it.Document.Title, abstractField(lang): it.Document.Abstract, bodyField(lang): it.Document.Body}[field]
		out := map[string]string{}
		for _, id := range ids {
			if id == matcherDocID {
				out[id] = text
			}
		}
		return out, nil
	}
}
