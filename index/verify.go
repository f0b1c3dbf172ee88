package index

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"
	"golang.org/x/sync/errgroup"
)

// maxVerified bounds the documents whose text a long phrase is checked
// against in one search. Checking reads a document's text (the stored
// title or abstract, the body from the TextSource) and analyses the
// windows around its first word: some 0.1 ms for a synthetic body of
// 1-40 KB (BenchmarkHasPhrase), so 4,000 documents cost some 0.4 s. A
// phrase of common words in a large archive can leave more: it then
// matches word pair by word pair, and the result says so (PairMatched).
const maxVerified = 4000

// verifyChunk is how many candidates' texts one worker reads at once, so
// the texts a search holds stay bounded (maxVerifyWorkers x 64 bodies).
const verifyChunk = 64

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
// for "advanced computing items"). Term frequencies prove some matches
// (see chain.sure); the text of the others is checked when there are at
// most maxVerified of them, and those without the phrase are dropped:
// the phrase is then exact. With more, or when the texts cannot be read,
// the phrase matches its pairs, a superset, and tells pairs so that the
// result can say it. On the bench's 20,000 documents "advanced computing
// items" has some 3,000 unproven candidates in body_en: checked, it
// finds plain Bleve's 16,308 documents (by pairs alone: 16,696) in some
// 0.4 s. Positions, which would make every phrase exact at once, cost
// more than twice the disk and a third of the build speed (see the
// commit that reverted them).
type longPhrase struct {
	grams  query.Query // the conjunction of the phrase's gram terms
	field  string      // a text field, e.g. body_en
	lang   string      // its base analyzer
	words  []string    // the analysed phrase, "" where a stop word was
	chain  chain
	texts  phraseTexts  // nil: never verified
	phrase string       // as the user wrote it, for PairMatched
	pairs  *pairMatches // nil: nobody asks
}

// pairMatches collects the long phrases of one search that matched word
// pair by word pair, unchecked. Safe for concurrent use; nil ignores.
type pairMatches struct {
	mu      sync.Mutex
	phrases []string
}

func (p *pairMatches) add(phrase string) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if !slices.Contains(p.phrases, phrase) {
		p.phrases = append(p.phrases, phrase)
	}
}

func (p *pairMatches) list() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.phrases)
}

// reportPairs makes every long phrase in q report to p when it matches
// by pairs alone.
func reportPairs(q query.Query, p *pairMatches) {
	switch q := q.(type) {
	case *longPhrase:
		q.pairs = p
	case *query.BooleanQuery:
		for _, x := range []query.Query{q.Must, q.Should, q.MustNot, q.Filter} {
			if x != nil {
				reportPairs(x, p)
			}
		}
	case *query.ConjunctionQuery:
		for _, x := range q.Conjuncts {
			reportPairs(x, p)
		}
	case *query.DisjunctionQuery:
		for _, x := range q.Disjuncts {
			reportPairs(x, p)
		}
	}
}

// chain is a phrase's words in order (stop words left out) and the
// grams between each two of them, as gramsFilter indexes them.
type chain struct {
	words []string // len(grams)+1
	grams []string
}

// sure reports whether term frequencies prove that a document has the
// phrase. gramFreq[i] and wordFreq[i] are the document's frequencies of
// grams[i] and words[i]. A gram occurrence stands at its second word's
// position, so the positions of word k+1 that end the phrase's first
// k+1 words number at least as many as those that end its first k
// words plus the occurrences of gram k, less the positions of word k
// (both sets are positions of word k, shifted by the gram's gap): if
// that lower bound stays above zero to the last word, the phrase is
// there. Where the inner words occur in other company too, the bound
// proves nothing and the text decides.
func (c chain) sure(gramFreq, wordFreq []uint64) bool {
	for k := range gramFreq {
		if gramFreq[k] == 0 || k > 0 && wordFreq[k] == 0 {
			return false // not read: a candidate has every gram and word
		}
	}
	lb := int64(gramFreq[0])
	for k := 1; k < len(c.grams); k++ {
		lb += int64(gramFreq[k]) - int64(wordFreq[k])
		if lb <= 0 {
			return false
		}
	}
	return lb > 0
}

// Searcher is the gram conjunction's searcher, without the candidates
// whose text was checked and lacks the phrase.
func (q *longPhrase) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, opts search.SearcherOptions) (search.Searcher, error) {
	drop, err := q.rejected(ctx, r, m)
	if err != nil {
		return nil, err
	}
	s, err := q.grams.Searcher(ctx, r, m, opts)
	if err != nil || len(drop) == 0 {
		return s, err
	}
	return searcher.NewFilteringSearcher(ctx, s, func(_ *search.SearchContext, d *search.DocumentMatch) bool {
		return !drop[string(d.IndexInternalID)]
	}), nil
}

// rejected returns the internal IDs of the candidates whose text lacks
// the phrase; none when they are not checked (too many, or no texts),
// which q.pairs hears of.
func (q *longPhrase) rejected(ctx context.Context, r index.IndexReader, m mapping.IndexMapping) (map[string]bool, error) {
	a := m.AnalyzerNamed(q.lang)
	if q.texts == nil || a == nil {
		q.pairs.add(q.phrase)
		return nil, nil
	}
	internal, all, err := q.unsure(ctx, r, m)
	if err != nil {
		return nil, err
	}
	if !all {
		q.pairs.add(q.phrase)
		return nil, nil
	}
	chunks := slices.Collect(slices.Chunk(internal, verifyChunk))
	lacking := make([][]string, len(chunks))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(min(runtime.GOMAXPROCS(0), maxVerifyWorkers))
	for i, chunk := range chunks {
		g.Go(func() error {
			var err error
			lacking[i], err = q.lacking(gctx, r, a, chunk)
			return err
		})
	}
	if err := g.Wait(); err != nil {
		if ctx.Err() == nil && errors.Is(err, errUnread) {
			q.pairs.add(q.phrase)
			return nil, nil // a superset rather than a failed search
		}
		return nil, err
	}
	drop := map[string]bool{}
	for _, ids := range lacking {
		for _, id := range ids {
			drop[id] = true
		}
	}
	return drop, nil
}

// errUnread: the texts of some candidates could not be read.
var errUnread = errors.New("phrase candidates unread")

// maxVerifyWorkers bounds the chunks of one search checked at once.
const maxVerifyWorkers = 4

// lacking returns the candidates among internal (internal IDs) whose text
// lacks the phrase; errUnread, wrapping the cause, when the texts cannot
// be read.
func (q *longPhrase) lacking(ctx context.Context, r index.IndexReader, a analysis.Analyzer, internal []string) ([]string, error) {
	ext := make([]string, len(internal))
	for i, id := range internal {
		var err error
		if ext[i], err = r.ExternalID(index.IndexInternalID(id)); err != nil {
			return nil, fmt.Errorf("phrase candidate: %w", err)
		}
	}
	texts, err := q.texts(ctx, r, q.field, ext)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("%w: %w", errUnread, err)
	}
	var out []string
	for i, id := range ext {
		if t, ok := texts[id]; ok && !hasLiteral(t, q.phrase) && !hasPhrase(a, q.lang, t, q.words) {
			out = append(out, internal[i])
		}
	}
	return out, nil
}

// unsure lists the internal IDs of the documents that have all the
// phrase's word pairs but whose term frequencies do not prove the phrase
// (chain.sure); all is false, and the list nil, when there are more than
// maxVerified.
func (q *longPhrase) unsure(ctx context.Context, r index.IndexReader, m mapping.IndexMapping) (ids []string, all bool, err error) {
	s, err := q.grams.Searcher(ctx, r, m, search.SearcherOptions{Score: "none"})
	if err != nil {
		return nil, false, err
	}
	defer s.Close()
	freqs, err := newFreqReaders(ctx, r, q.field, q.chain)
	if err != nil {
		return nil, false, err
	}
	defer freqs.close()
	sctx := &search.SearchContext{DocumentMatchPool: search.NewDocumentMatchPool(s.DocumentMatchPoolSize()+1, 0), IndexReader: r}
	var out []string
	for n := 0; ; n++ {
		if n%checkDoneEvery == 0 {
			if err := ctx.Err(); err != nil {
				return nil, false, err
			}
		}
		d, err := s.Next(sctx)
		if err != nil {
			return nil, false, err
		}
		if d == nil {
			return out, true, nil
		}
		sure, err := freqs.sure(d.IndexInternalID)
		if err != nil {
			return nil, false, err
		}
		if !sure {
			if len(out) == maxVerified {
				return nil, false, nil
			}
			out = append(out, string(d.IndexInternalID))
		}
		sctx.DocumentMatchPool.Put(d)
	}
}

// freqReaders read the frequencies of a chain's grams and inner words in
// the documents of a conjunction, which come in increasing order.
type freqReaders struct {
	c           chain
	grams       []index.TermFieldReader
	words       []index.TermFieldReader // [0] unused: the first word shares no gram pair
	gf, wf      []uint64
	openReaders []index.TermFieldReader
}

func newFreqReaders(ctx context.Context, r index.IndexReader, field string, c chain) (*freqReaders, error) {
	f := &freqReaders{c: c, grams: make([]index.TermFieldReader, len(c.grams)), words: make([]index.TermFieldReader, len(c.grams)),
		gf: make([]uint64, len(c.grams)), wf: make([]uint64, len(c.grams))}
	open := func(term string) (index.TermFieldReader, error) {
		tr, err := r.TermFieldReader(ctx, []byte(term), field, true, false, false)
		if err != nil {
			return nil, fmt.Errorf("frequencies of %q in %s: %w", term, field, err)
		}
		f.openReaders = append(f.openReaders, tr)
		return tr, nil
	}
	for k, g := range c.grams {
		var err error
		if f.grams[k], err = open(g); err != nil {
			f.close()
			return nil, err
		}
		if k > 0 {
			if f.words[k], err = open(c.words[k]); err != nil {
				f.close()
				return nil, err
			}
		}
	}
	return f, nil
}

// sure reports whether the frequencies in document id prove the phrase.
func (f *freqReaders) sure(id index.IndexInternalID) (bool, error) {
	freq := func(tr index.TermFieldReader) (uint64, error) {
		d, err := tr.Advance(id, nil) // not a shared TermFieldDoc: upsidedown (QueryMatcher) seeks with it
		if err != nil || d == nil || !d.ID.Equals(id) {
			return 0, err
		}
		return d.Freq, nil
	}
	var err error
	for k := range f.c.grams {
		if f.gf[k], err = freq(f.grams[k]); err != nil {
			return false, err
		}
		if k > 0 {
			if f.wf[k], err = freq(f.words[k]); err != nil {
				return false, err
			}
		}
	}
	return f.c.sure(f.gf, f.wf), nil
}

func (f *freqReaders) close() {
	for _, tr := range f.openReaders {
		_ = tr.Close()
	}
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

// hasLiteral reports whether text holds phrase as written — ASCII letters
// and digits, case and the white space between words aside — between
// plain word boundaries. Such an occurrence analyses to the phrase's
// words at consecutive positions, so it proves the phrase without
// analysing the text (most candidates of a common phrase have it written
// so); any other form (inflected, hyphenated, a boundary that word
// segmentation might join across) is left to hasPhrase.
func hasLiteral(text, phrase string) bool {
	words := strings.Fields(phrase)
	if len(words) < 2 {
		return false
	}
	for _, w := range words {
		for i := 0; i < len(w); i++ {
			if !isASCIIAlnum(w[i]) {
				return false
			}
		}
	}
	first := strings.ToLower(words[0])
	for from := 0; from < len(text); {
		k := indexFold(text[from:], first)
		if k < 0 {
			return false
		}
		start := from + k
		from = start + 1
		if !plainBefore(text, start) {
			continue
		}
		if end, ok := followedBy(text, start+len(first), words[1:]); ok && plainAfter(text, end) {
			return true
		}
	}
	return false
}

// followedBy matches words at i, each after white space; it returns
// where the last one ends.
func followedBy(text string, i int, words []string) (int, bool) {
	for _, w := range words {
		j := i
		for j < len(text) && isSpace(text[j]) {
			j++
		}
		if j == i || j+len(w) > len(text) || !strings.EqualFold(text[j:j+len(w)], w) {
			return 0, false
		}
		i = j + len(w)
	}
	return i, true
}

// plainBefore: a word starting at i has white space, or an opening
// bracket or quote after white space, before it (or nothing).
func plainBefore(text string, i int) bool {
	switch {
	case i == 0 || isSpace(text[i-1]):
		return true
	case text[i-1] == '(' || text[i-1] == '"':
		return i == 1 || isSpace(text[i-2])
	}
	return false
}

// plainAfter: a word ending at i has white space, or a closing
// punctuation mark before white space, after it (or nothing).
func plainAfter(text string, i int) bool {
	switch {
	case i == len(text) || isSpace(text[i]):
		return true
	case strings.IndexByte(".,;:!?)\"", text[i]) >= 0:
		return i+1 == len(text) || isSpace(text[i+1])
	}
	return false
}

func isASCIIAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
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
