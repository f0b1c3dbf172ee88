package index

import (
	"fmt"
	"sync"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
)

// Word n-grams make phrases cheap without term positions: a text field
// holds its analysed words and, in the same field, every run of two or
// three consecutive words joined by gramSeparator ("entiti list",
// "advanc comput item"). A phrase of two or three words is then one term
// lookup, exact; a longer one is the conjunction of its word triples.
// Term positions (term vectors) would cost more than the grams: they are
// written for every word of every document, whereas grams only add terms.
//
// A gap left by a removed stop word counts as the empty word gramFiller,
// so "Bureau of Industry" gives "bureau " and " industri" and the phrase
// "Bureau of Industry" matches only where one word (a stop word) stands
// between the two. Grams made of fillers alone are not indexed.
const (
	gramSeparator = " "
	gramFiller    = ""
	gramFilter    = "exportwatch_grams"
	maxGram       = 3
)

var registerGrams = sync.OnceValue(func() error {
	return registry.RegisterTokenFilter(gramFilter, func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
		return gramsFilter{}, nil
	})
})

// gramsFilter passes the words through and appends the grams ending at
// each word (see above). Gram terms are cut from a few large buffers: a
// body of 40 KB makes some 10,000 grams.
type gramsFilter struct{}

func (gramsFilter) Filter(in analysis.TokenStream) analysis.TokenStream {
	out := make(analysis.TokenStream, 0, len(in)*maxGram)
	var (
		win   [maxGram][]byte // the last words, win[n-1] the newest
		nwin  int
		cur   int // position of the last word
		arena []byte
	)
	toks := make([]analysis.Token, 0, len(in)*(maxGram-1))
	emit := func(pos int) {
		for n := 2; n <= min(nwin, maxGram); n++ {
			words := win[maxGram-n:]
			size, empty := 0, true
			for _, w := range words {
				size += len(w) + len(gramSeparator)
				empty = empty && len(w) == 0
			}
			if empty {
				continue
			}
			if cap(arena)-len(arena) < size {
				arena = make([]byte, 0, max(size, 64<<10))
			}
			start := len(arena)
			for i, w := range words {
				if i > 0 {
					arena = append(arena, gramSeparator...)
				}
				arena = append(arena, w...)
			}
			toks = append(toks, analysis.Token{Term: arena[start:len(arena):len(arena)], Position: pos, Type: analysis.Shingle})
			out = append(out, &toks[len(toks)-1])
		}
	}
	push := func(w []byte, pos int) {
		copy(win[:], win[1:])
		win[maxGram-1] = w
		nwin++
		emit(pos)
	}
	for _, t := range in {
		out = append(out, t)
		for gap := min(t.Position-cur-1, maxGram); gap > 0; gap-- {
			push(nil, t.Position)
		}
		cur = t.Position
		push(t.Term, t.Position)
	}
	return out
}

// phraseGrams are the terms that a phrase, analysed into toks, must all
// have: its grams of the longest size (up to maxGram) as gramsFilter
// makes them, counting positions from the first token (Bleve's phrase
// query ignores leading and trailing stop words). One word is its own
// term. exact reports whether matching every term is the same as matching
// the phrase: true up to maxGram words.
func phraseGrams(toks analysis.TokenStream) (terms []string, exact bool) {
	if len(toks) == 0 {
		return nil, true
	}
	first, last := toks[0].Position, toks[len(toks)-1].Position
	words := make([]string, last-first+1)
	for _, t := range toks {
		words[t.Position-first] = string(t.Term)
	}
	if len(words) == 1 {
		return words, true
	}
	n := min(len(words), maxGram)
	seen := map[string]bool{}
	for i := n; i <= len(words); i++ {
		g, empty := "", true
		for j, w := range words[i-n : i] {
			if j > 0 {
				g += gramSeparator
			}
			g += w
			empty = empty && w == gramFiller
		}
		if !empty && !seen[g] {
			seen[g] = true
			terms = append(terms, g)
		}
	}
	return terms, len(words) <= maxGram
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
