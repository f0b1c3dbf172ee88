package index

import (
	"fmt"
	"sync"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/registry"
)

// Word bigrams make phrases cheap without term positions: a text field
// holds its analysed words and, in the same field, every pair of
// consecutive words joined by one gramSeparator per position between
// them ("entiti list"; "presumpt  denial" for "presumption of denial",
// whose stop word left a gap). A phrase of two words, with or without
// stop words between them, is then one term lookup and exact; a longer
// one is the conjunction of its consecutive pairs, which also matches the
// rare document that has every pair but not the whole phrase, unless few
// enough documents have the pairs to check their texts (longPhrase). Term
// positions (term vectors) would cost more than the bigrams: they are
// written for every word of every document. Trigrams, which would make
// three-word phrases exact too, doubled the cost of building the index
// (see the commit that introduced them).
const (
	gramSeparator = " "
	gramFilter    = "exportwatch_grams"
)

var registerGrams = sync.OnceValue(func() error {
	if err := registry.RegisterTokenFilter(gramFilter, func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
		return gramsFilter{}, nil
	}); err != nil {
		return err
	}
	if err := registry.RegisterTokenFilter(stemFilter, func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
		return stemsFilter{porter.NewPorterStemmer()}, nil
	}); err != nil {
		return err
	}
	return registry.RegisterTokenizer(wordTokenizer, func(map[string]interface{}, *registry.Cache) (analysis.Tokenizer, error) {
		return asciiTokenizer{unicode.NewUnicodeTokenizer()}, nil
	})
})

// stemFilter is Bleve's Porter stemmer that stems each distinct word of
// a text once: a body repeats its words, and stemming (runes in, runes
// out) was a fifth of the analysis. Its tokens are those of
// porter.Name; TestGramAnalyzerMirrors checks it on the bench's corpus.
const stemFilter = "exportwatch_porter"

type stemsFilter struct{ porter *porter.PorterStemmer }

func (f stemsFilter) Filter(in analysis.TokenStream) analysis.TokenStream {
	stems := make(map[string][]byte, min(len(in)/4, 512))
	one := make(analysis.TokenStream, 1)
	for _, t := range in {
		if t.KeyWord {
			continue
		}
		if s, ok := stems[string(t.Term)]; ok {
			t.Term = s
			continue
		}
		word := string(t.Term)
		one[0] = t
		f.porter.Filter(one)
		stems[word] = t.Term
	}
	return in
}

// gramsFilter passes the words through and appends the bigram of each
// word with the one before it (see above). Gram terms are cut from a few
// large buffers: a body of 40 KB makes some 5,000 of them.
type gramsFilter struct{}

func (gramsFilter) Filter(in analysis.TokenStream) analysis.TokenStream {
	if len(in) < 2 {
		return in
	}
	out := make(analysis.TokenStream, len(in), 2*len(in)-1)
	copy(out, in)
	toks := make([]analysis.Token, len(in)-1)
	var arena []byte
	for i, t := range in[1:] {
		prev := in[i]
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
		out = append(out, &toks[i])
	}
	return out
}

// phraseGrams are the terms that a phrase, analysed into toks, must all
// have: its bigrams as gramsFilter makes them (Bleve's phrase query also
// ignores leading and trailing stop words), or its one word. exact
// reports whether matching every term is the same as matching the phrase:
// true for up to two words.
func phraseGrams(toks analysis.TokenStream) (terms []string, exact bool) {
	switch len(toks) {
	case 0:
		return nil, true
	case 1:
		return []string{string(toks[0].Term)}, true
	}
	seen := map[string]bool{}
	for _, g := range (gramsFilter{}).Filter(toks)[len(toks):] {
		if t := string(g.Term); !seen[t] {
			seen[t] = true
			terms = append(terms, t)
		}
	}
	return terms, len(toks) == 2
}

// phraseChain is the chain (words and grams in order) of a phrase of
// two or more words analysed into toks.
func phraseChain(toks analysis.TokenStream) chain {
	c := chain{words: make([]string, len(toks))}
	for i, t := range toks {
		c.words[i] = string(t.Term)
	}
	for _, g := range (gramsFilter{}).Filter(toks)[len(toks):] {
		c.grams = append(c.grams, string(g.Term))
	}
	return c
}

// gramAnalyzer names the analyzer of a language's text fields: the
// language analyzer followed by gramsFilter.
func gramAnalyzer(lang string) string { return lang + "_grams" }

func checkGramsRegistered() error {
	if err := registerGrams(); err != nil {
		return fmt.Errorf("register %s: %w", gramFilter, err)
	}
	return nil
}
