package index

import (
	"fmt"
	"sync"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/registry"
	bindex "github.com/blevesearch/bleve_index_api"
)

// Word bigrams make phrases cheap. Every text field (body_en...) has a
// gram twin (body_en_grams) that holds every pair of consecutive words
// joined by one gramSeparator per position between them ("entiti list";
// "presumpt  denial" for "presumption of denial", whose stop word left a
// gap), at the position of the pair's second word.
//
// A phrase of two words, with or without stop words between them, is
// one term lookup in the twin. A longer phrase is a positional phrase of
// its consecutive pairs in the twin: pairs at consecutive positions are
// words at consecutive positions, so it is exact, and it decodes the
// positions of the phrase's pairs alone, which are far rarer than its
// words. Only the twin keeps positions (term vectors); the words field
// keeps none. Both are cut from one analysis of the text (textPair), and
// the grams' locations carry no byte offsets (snippets re-analyse the
// text), so a location is a few bytes.
const (
	gramSeparator = " "
	gramFilter    = "exportwatch_grams"
	gramSuffix    = "_grams"
)

// gramFieldOf is the gram twin of the text field f.
func gramFieldOf(f string) string { return f + gramSuffix }

// gramOptions index the twin with positions, unstored.
const gramOptions = bindex.IndexField | bindex.IncludeTermVectors

// registerGrams registers gramsFilter, which the mappings of indexes
// built before the twins (mapping version 3) name: Bleve must know it to
// open such an index and report its old version.
var registerGrams = sync.OnceValue(func() error {
	return registry.RegisterTokenFilter(gramFilter, func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
		return gramsFilter{}, nil
	})
})

// gramsFilter passes the words through and appends their grams (the
// analyzer of mapping version 3; see registerGrams).
type gramsFilter struct{}

func (gramsFilter) Filter(in analysis.TokenStream) analysis.TokenStream {
	return append(in[:len(in):len(in)], gramTokens(in)...)
}

// gramTokens returns the bigram of each word of words with the one
// before it (see above), at the second word's position and without byte
// offsets. Gram terms are cut from a few large buffers: a body of 40 KB
// makes some 5,000 of them.
func gramTokens(words analysis.TokenStream) analysis.TokenStream {
	if len(words) < 2 {
		return nil
	}
	out := make(analysis.TokenStream, len(words)-1)
	toks := make([]analysis.Token, len(words)-1)
	var arena []byte
	for i, t := range words[1:] {
		prev := words[i]
		gap := max(t.Position-prev.Position, 1)
		size := len(prev.Term) + gap*len(gramSeparator) + len(t.Term)
		if cap(arena)-len(arena) < size {
			arena = make([]byte, 0, max(size, 64<<10))
		}
		start := len(arena)
		arena = append(arena, prev.Term...)
		for range gap {
			arena = append(arena, gramSeparator...)
		}
		arena = append(arena, t.Term...)
		toks[i] = analysis.Token{Term: arena[start:len(arena):len(arena)], Position: t.Position, Type: analysis.Shingle}
		out[i] = &toks[i]
	}
	return out
}

// phraseTerms is what a phrase, analysed into toks (at least two words),
// asks of the gram twin: its grams by relative position, nil where a
// stop word between grams leaves a position free (any gram may stand
// there, as in Bleve's phrase query). Leading and trailing stop words
// are ignored, as in Bleve's phrase query.
func phraseTerms(toks analysis.TokenStream) [][]string {
	grams := gramTokens(toks)
	if len(grams) == 0 {
		return nil
	}
	first := grams[0].Position
	terms := make([][]string, grams[len(grams)-1].Position-first+1)
	for _, g := range grams {
		terms[g.Position-first] = []string{string(g.Term)}
	}
	return terms
}

func checkGramsRegistered() error {
	if err := registerGrams(); err != nil {
		return fmt.Errorf("register %s: %w", gramFilter, err)
	}
	return nil
}

// withGramTwins replaces each text field of d by a wordsField and adds
// its gramsField twin; both are filled by one analysis of the text.
func withGramTwins(d *document.Document) {
	n := len(d.Fields)
	for i := range n {
		tf, ok := d.Fields[i].(*document.TextField)
		if !ok || fieldLanguage(tf.Name()) == "" || tf.Analyzer() == nil {
			continue
		}
		p := &textPair{text: tf}
		d.Fields[i] = &wordsField{TextField: tf, p: p}
		g := document.NewTextFieldWithIndexingOptions(gramFieldOf(tf.Name()), tf.ArrayPositions(), nil, gramOptions)
		d.Fields = append(d.Fields, &gramsField{TextField: g, p: p})
	}
}

// textPair analyses a text field once for the field and its gram twin.
type textPair struct {
	text      *document.TextField
	done      bool
	wordLen   int
	words     bindex.TokenFrequencies
	gramFreqs bindex.TokenFrequencies
}

func (p *textPair) analyze() {
	if p.done {
		return
	}
	p.done = true
	value := p.text.Value()
	if p.text.Options().IsStored() { // as document.TextField: the terms must not alias the stored value
		value = append([]byte(nil), value...)
	}
	words := p.text.Analyzer().Analyze(value)
	ap := p.text.ArrayPositions()
	p.wordLen = len(words)
	p.words = analysis.TokenFrequency(words, ap, p.text.Options())
	grams := gramTokens(words)
	p.gramFreqs = analysis.TokenFrequency(grams, ap, gramOptions)
}

// wordsField is a text field analysed by its textPair.
type wordsField struct {
	*document.TextField
	p *textPair
}

func (f *wordsField) Analyze()                                          { f.p.analyze() }
func (f *wordsField) AnalyzedLength() int                               { return f.p.wordLen }
func (f *wordsField) AnalyzedTokenFrequencies() bindex.TokenFrequencies { return f.p.words }

// gramsField is the gram twin of a text field, analysed by their textPair.
type gramsField struct {
	*document.TextField
	p *textPair
}

func (f *gramsField) Analyze()                                          { f.p.analyze() }
func (f *gramsField) AnalyzedTokenFrequencies() bindex.TokenFrequencies { return f.p.gramFreqs }

// AnalyzedLength counts the words of the text, as its field does: a
// phrase scores with the norm of the text's length (Bleve would count
// the grams, one fewer than the words).
func (f *gramsField) AnalyzedLength() int { return f.p.wordLen }
