package index

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"
)

// maxVerified bounds the documents whose text a long phrase is checked
// against in one search. Checking reads a document's text (the stored
// title or abstract, the body from the TextSource) and analyses the
// windows around its first word: some 0.1 ms for a body of 20 KB, so
// 300 documents cost some 30 ms. A phrase whose word pairs are found in
// more documents is answered by the pairs alone (see longPhrase).
const maxVerified = 300

// phraseTexts reads the text of field (a text field such as body_en) of
// the documents ids from r or elsewhere. IDs it does not know are left
// out of the map; errNoText means it cannot read that field at all.
type phraseTexts func(ctx context.Context, r index.IndexReader, field string, ids []string) (map[string]string, error)

// errNoText marks a field whose texts a phraseTexts cannot read.
var errNoText = errors.New("no text for the field")

// longPhrase is a phrase of three or more words on one text field. Its
// word pairs (grams, a conjunction of gram terms) match every document
// that has the phrase, and also the rare one that has the pairs apart
// ("advanced computing" and "computing items" in different sentences
// for "advanced computing items"). When the pairs match at most
// maxVerified documents, each one's text is checked for the phrase
// itself and the others are dropped: the phrase is then exact. When they
// match more, or the texts cannot be read, the phrase matches its pairs:
// a superset, of some 2 % on the bench's archive. Positions, which would
// make every phrase exact, cost more than twice the disk and a third of
// the build speed (see the commit that reverted them).
type longPhrase struct {
	grams query.Query // the conjunction of the phrase's gram terms
	field string      // a text field, e.g. body_en
	lang  string      // its base analyzer
	words []string    // the analysed phrase, "" where a stop word was
	texts phraseTexts // nil: never verified
}

// Searcher is the gram conjunction's searcher, filtered to the documents
// whose text has the phrase when there are few enough to check.
func (q *longPhrase) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, opts search.SearcherOptions) (search.Searcher, error) {
	keep, err := q.verified(ctx, r, m)
	if err != nil {
		return nil, err
	}
	s, err := q.grams.Searcher(ctx, r, m, opts)
	if err != nil || keep == nil {
		return s, err
	}
	return searcher.NewFilteringSearcher(ctx, s, func(_ *search.SearchContext, d *search.DocumentMatch) bool {
		return keep[string(d.IndexInternalID)]
	}), nil
}

// verified returns the internal IDs of the candidates whose text has
// the phrase (or whose text is unknown), or nil when the candidates are
// not checked (too many, or no texts).
func (q *longPhrase) verified(ctx context.Context, r index.IndexReader, m mapping.IndexMapping) (map[string]bool, error) {
	if q.texts == nil {
		return nil, nil
	}
	a := m.AnalyzerNamed(q.lang)
	if a == nil {
		return nil, nil
	}
	ext, internal, err := q.candidates(ctx, r, m)
	if err != nil || ext == nil {
		return nil, err
	}
	texts, err := q.texts(ctx, r, q.field, ext)
	if err != nil {
		if errors.Is(err, errNoText) || ctx.Err() == nil {
			return nil, nil // a superset rather than a failed search
		}
		return nil, err
	}
	keep := make(map[string]bool, len(ext))
	for i, id := range ext {
		t, ok := texts[id]
		if !ok || hasPhrase(a, q.lang, t, q.words) {
			keep[internal[i]] = true
		}
	}
	return keep, nil
}

// candidates lists the external and internal IDs of the documents that
// have all the phrase's word pairs; nil when there are more than
// maxVerified. External IDs are read only when there are few enough.
func (q *longPhrase) candidates(ctx context.Context, r index.IndexReader, m mapping.IndexMapping) (ext, internal []string, err error) {
	s, err := q.grams.Searcher(ctx, r, m, search.SearcherOptions{Score: "none"})
	if err != nil {
		return nil, nil, err
	}
	defer s.Close()
	sctx := &search.SearchContext{DocumentMatchPool: search.NewDocumentMatchPool(s.DocumentMatchPoolSize()+1, 0), IndexReader: r}
	var ids []index.IndexInternalID
	for {
		d, err := s.Next(sctx)
		if err != nil {
			return nil, nil, err
		}
		if d == nil {
			break
		}
		if len(ids) == maxVerified {
			return nil, nil, nil
		}
		ids = append(ids, slices.Clone(d.IndexInternalID))
		sctx.DocumentMatchPool.Put(d)
	}
	ext, internal = make([]string, len(ids)), make([]string, len(ids))
	for i, id := range ids {
		if ext[i], err = r.ExternalID(id); err != nil {
			return nil, nil, fmt.Errorf("phrase candidate: %w", err)
		}
		internal[i] = string(id)
	}
	return ext, internal, nil
}

// hasPhrase reports whether text, analysed by a (the base analyzer of
// lang), has the phrase words at consecutive positions ("" where the
// query had a stop word), as the gram fields index it. It analyses only
// the windows around the words that can start the phrase (see windows),
// each stretched by phraseReach per word so a phrase that starts at
// its end is read whole.
func hasPhrase(a analysis.Analyzer, lang, text string, words []string) bool {
	if len(words) == 0 {
		return false
	}
	pats := []pattern{{words: words}}
	probes := highlights{"": {{words: words[:1]}}}.probes("")
	reach := phraseReach * len(words)
	found := false
	windows(text, probes, lang != "en", func(lo, hi int) bool {
		hi = chunkEnd(text, hi, reach)
		found = len(matchSpans(a.Analyze([]byte(text[lo:hi])), pats, lo)) > 0
		return !found
	})
	return found
}

// phraseReach is the text, per word of a phrase, read past a window's end.
const phraseReach = 64

// phraseTexts reads the texts that long phrases are verified against:
// titles and abstracts from the index's stored fields, bodies from the
// TextSource (errNoText without one).
func (ix *Index) phraseTexts(ctx context.Context, r index.IndexReader, field string, ids []string) (map[string]string, error) {
	lang := fieldLanguage(field)
	if field == bodyField(lang) {
		src := ix.textSource()
		if src == nil {
			return nil, errNoText
		}
		ts, err := src.Texts(ctx, ids)
		if err != nil {
			return nil, err
		}
		out := make(map[string]string, len(ts))
		for id, t := range ts {
			out[id] = t.Body
		}
		return out, nil
	}
	out := make(map[string]string, len(ids))
	for _, id := range ids {
		d, err := r.Document(id)
		if err != nil {
			return nil, fmt.Errorf("stored %s of %s: %w", field, id, err)
		}
		if d == nil {
			continue
		}
		d.VisitFields(func(f index.Field) {
			if f.Name() == field {
				out[id] = string(f.Value())
			}
		})
	}
	return out, nil
}
