package index

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/google/go-cmp/cmp"

	"github.com/exportwatch/exportwatch/doc"
)

// TestGramAnalyzerMirrors: the gram analyzers index the base analyzers'
// words plus the bigram of every two consecutive words, with one space
// per position between them (a removed stop word leaves a gap), so the
// base filters copied into baseFilters match Bleve's "en" and "de"
// analyzers; and phraseGrams asks for the same bigrams.
func TestGramAnalyzerMirrors(t *testing.T) {
	m, err := newMapping()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		lang, text string
		some       []string // some of the bigrams, spelled out
	}{
		{"en", "The Bureau of Industry and Security's Entity Lists, added to the entity list.", []string{"bureau  industri", "secur entiti", "entiti list", "ad   entiti"}},
		{"en", "Entity List", []string{"entiti list"}},
		{"en", "of the and", nil},
		{"en", "x", nil},
		{"en", "snake_case words _ and  odd — punctuation; Inspur Group's 5G chips", []string{"inspur group"}},
		{"de", "Die Exportquoten treffen Rechenzentren in Österreich. Die Exportkontrolle wird verschärft.", []string{"rechenzentr  osterreich"}},
		{"de", "auf der Entity List geführt, für die Ausfuhr", []string{"entity list"}},
	} {
		base := m.AnalyzerNamed(tc.lang).Analyze([]byte(tc.text))
		got := map[string]int{}
		for _, tok := range m.AnalyzerNamed(gramAnalyzer(tc.lang)).Analyze([]byte(tc.text)) {
			got[string(tok.Term)]++
		}
		want := map[string]int{}
		for i, tok := range base {
			want[string(tok.Term)]++
			if i > 0 {
				prev := base[i-1]
				want[string(prev.Term)+strings.Repeat(" ", tok.Position-prev.Position)+string(tok.Term)]++
			}
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s %q: gram analyzer terms (-mirror +analyzer):\n%s", tc.lang, tc.text, diff)
		}
		for _, g := range tc.some {
			if got[g] == 0 {
				t.Errorf("%s %q: no bigram %q in %v", tc.lang, tc.text, g, got)
			}
		}
		if len(base) >= 2 {
			terms, exact := phraseGrams(base)
			if exact != (len(base) == 2) {
				t.Errorf("%s %q: phraseGrams exact = %v", tc.lang, tc.text, exact)
			}
			for _, term := range terms {
				if want[term] == 0 {
					t.Errorf("%s %q: phraseGrams asks for %q, which is not indexed", tc.lang, tc.text, term)
				}
			}
		}
	}
}

// phraseItems are documents for the phrase tests.
func phraseItems() []Item {
	en := func(id, title, abstract, body string) Item {
		return Item{Document: doc.Document{ID: id, Source: "federal-register", Kind: "rule", Language: "en",
			Title: title, Abstract: abstract, Body: body, Published: day0("2025-01-15T00:00:00Z")}, Version: 1}
	}
	de := func(id, title, body string) Item {
		return Item{Document: doc.Document{ID: id, Source: "china-table", Kind: "press", Language: "de",
			Title: title, Body: body, Published: day0("2025-02-01T00:00:00Z")}, Version: 1}
	}
	return []Item{
		en("adjacent", "Additions", "BIS amends the EAR.",
			"This rule adds Inspur Group to the Entity List. The license requirements apply to advanced computing items."),
		en("apart", "Revisions", "BIS revises entries.",
			"Each entity on the list is reviewed. The computing items are advanced. Inspur and its Group companies."),
		en("boundary", "Notice", "A notice.",
			"The committee reviewed the entity. List of attendees follows. Advanced. Computing is discussed."),
		en("pairs", "Guidance", "Advanced computing is defined.",
			"Advanced computing is defined in § 772.1. Computing items include integrated circuits."),
		en("title-only", "Additions to the Entity List", "BIS amends the EAR.", "Nothing about it here."),
		de("de-press", "Neue Exportkontrollen für Chips",
			"Die neuen Exportkontrollen treffen Rechenzentren. Washington setzt Inspur auf die Entity List."),
		de("de-apart", "Chips", "Die Kontrollen neu geregelt. Exportkontrollen gab es früher auch."),
	}
}

// TestPhraseQueries checks phrase results on the gram fields against
// expectations read off the documents (positional phrase semantics).
func TestPhraseQueries(t *testing.T) {
	ctx := context.Background()
	ix, err := Open(filepath.Join(t.TempDir(), "index"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ix.Close() })
	ix.SetTextSource(itemTexts(phraseItems()))
	if err := ix.Index(ctx, phraseItems()); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, q string
		want    []string // sorted
	}{
		{"two words", `"entity list"`, []string{"adjacent", "boundary", "de-press", "title-only"}},
		{"two words, stemmed", `"Entity Lists"`, []string{"adjacent", "boundary", "de-press", "title-only"}},
		{"words not adjacent", `"list entity"`, []string{}},
		{"two words, other entity", `"Inspur Group"`, []string{"adjacent"}},
		// "the" is not a German stop word.
		{"leading stop word", `"the entity list"`, []string{"adjacent", "boundary", "title-only"}},
		{"across a sentence boundary", `"advanced computing"`, []string{"adjacent", "boundary", "pairs"}},
		{"only across a sentence boundary", `body:"entity list"`, []string{"adjacent", "boundary", "de-press"}},
		// "pairs" has both pairs, but not together: its body is read
		// and the phrase is not there.
		{"three words", `"advanced computing items"`, []string{"adjacent"}},
		{"three words, body", `body:"advanced computing items"`, []string{"adjacent"}},
		{"three words, abstract", `abstract:"advanced computing is defined"`, []string{"pairs"}},
		{"three words, title", `title:"additions to the entity"`, []string{"title-only"}},
		{"three words, title apart", `title:"entity list additions"`, []string{}},
		{"three words, absent", `"computing advanced items"`, []string{}},
		{"four words", `"rule adds Inspur Group"`, []string{"adjacent"}},
		{"stop word inside", `"Inspur Group to the Entity List"`, []string{"adjacent"}},
		{"german inflection", `"neue Exportkontrolle"`, []string{"de-press"}},
		{"german not adjacent", `"Kontrollen neu"`, []string{"de-apart"}},
		{"german words apart", `"Exportkontrollen neu"`, []string{}},
		{"field body", `body:"Inspur Group"`, []string{"adjacent"}},
		{"field title", `title:"entity list"`, []string{"title-only"}},
		{"field title, german", `title:"neue Exportkontrollen"`, []string{"de-press"}},
		{"field title absent", `title:"inspur group"`, []string{}},
		{"field abstract", `abstract:"advanced computing"`, []string{"pairs"}},
		{"one word phrase", `"Inspur"`, []string{"adjacent", "apart", "de-press"}},
		{"stop words only", `"the of"`, []string{}},
		{"with a must clause", `+"entity list" +language:de`, []string{"de-press"}},
		{"must not", `+"entity list" -"inspur group"`, []string{"boundary", "de-press", "title-only"}},
		{"boosted", `"entity list"^3 Inspur`, []string{"adjacent", "apart", "boundary", "de-press", "title-only"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := ix.Search(ctx, Query{Text: tc.q})
			if err != nil {
				t.Fatalf("Search(%s): %v", tc.q, err)
			}
			if diff := cmp.Diff(tc.want, sorted(ids(r))); diff != "" {
				t.Errorf("Search(%s) (-want +got):\n%s", tc.q, diff)
			}
		})
	}
}

// TestPhraseSnippets: snippets mark the words of a phrase where they
// stand together.
func TestPhraseSnippets(t *testing.T) {
	ctx := context.Background()
	ix, err := Open(filepath.Join(t.TempDir(), "index"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	ix.SetTextSource(itemTexts(phraseItems()))
	if err := ix.Index(ctx, phraseItems()); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ q, id, want string }{
		{`"entity list"`, "adjacent", "<mark>Entity</mark> <mark>List</mark>"},
		{`body:"Inspur Group"`, "adjacent", "adds <mark>Inspur</mark> <mark>Group</mark> to"},
		{`"advanced computing" country:CN`, "adjacent", "<mark>advanced</mark> <mark>computing</mark> items"},
		{`"neue Exportkontrolle"`, "de-press", "Die <mark>neuen</mark> <mark>Exportkontrollen</mark> treffen"},
		{`"advanced computing items"`, "adjacent", "<mark>advanced</mark> <mark>computing</mark> <mark>items</mark>"},
	} {
		t.Run(tc.q, func(t *testing.T) {
			r, err := ix.Search(ctx, Query{Text: tc.q})
			if err != nil {
				t.Fatal(err)
			}
			for _, h := range r.Hits {
				if h.ID == tc.id {
					if !strings.Contains(h.Snippet, tc.want) {
						t.Errorf("snippet %q does not contain %q", h.Snippet, tc.want)
					}
					return
				}
			}
			t.Fatalf("%s not in hits %v", tc.id, ids(r))
		})
	}
	// Words of the phrase outside the phrase are not marked.
	r, err := ix.Search(ctx, Query{Text: `body:"Inspur Group"`})
	if err != nil || len(r.Hits) != 1 {
		t.Fatalf("hits %v, err %v", ids(r), err)
	}
	if n := strings.Count(r.Hits[0].Snippet, markOpen); n != 2 {
		t.Errorf("snippet %q has %d marks, want 2", r.Hits[0].Snippet, n)
	}
}

// TestPhraseMatcher: subscriptions match phrases as searches do.
func TestPhraseMatcher(t *testing.T) {
	m := NewQueryMatcher()
	defer m.Close()
	items := phraseItems()
	for _, tc := range []struct {
		q    string
		it   Item
		want bool
	}{
		{`"entity list"`, items[0], true},
		{`"entity list"`, items[1], false},
		{`body:"inspur group"`, items[0], true},
		{`title:"entity list"`, items[0], false},
		{`title:"entity list"`, items[4], true},
		{`"neue Exportkontrolle"`, items[5], true},
		{`"neue Exportkontrolle"`, items[6], false},
		{`"list entity"`, items[1], false},
		// Longer phrases are checked against the item's text.
		{`"advanced computing items"`, items[0], true},
		{`"advanced computing items"`, items[1], false},
		{`"advanced computing items"`, items[3], false}, // both pairs, apart
		{`title:"additions to the entity list"`, items[4], true},
	} {
		got, err := m.Matches(tc.q, tc.it)
		if err != nil {
			t.Fatal(err)
		}
		if got != tc.want {
			t.Errorf("Matches(%s, %s) = %v, want %v", tc.q, tc.it.Document.ID, got, tc.want)
		}
	}
}

// TestLongPhraseSuperset: a phrase of three or more words matches its
// word pairs where the text cannot be read (no TextSource for bodies) or
// where the pairs are in more than maxVerified documents.
func TestLongPhraseSuperset(t *testing.T) {
	ctx := context.Background()
	ix, err := Open(filepath.Join(t.TempDir(), "index"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	items := phraseItems()
	for i := range maxVerified {
		it := items[3] // "pairs": both pairs of "advanced computing items", apart
		it.Document.ID = fmt.Sprintf("pairs-%03d", i)
		items = append(items, it)
	}
	if err := ix.Index(ctx, items); err != nil {
		t.Fatal(err)
	}
	q := Query{Text: `body:"advanced computing items"`, NoFacets: true}
	r, err := ix.Search(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if want := uint64(maxVerified + 2); r.Total != want {
		t.Errorf("no texts: total %d, want %d (the word pairs)", r.Total, want)
	}
	if diff := cmp.Diff([]string{"advanced computing items"}, r.PairMatched); diff != "" {
		t.Errorf("no texts: the result does not say the phrase matched by pairs (-want +got):\n%s", diff)
	}
	ix.SetTextSource(itemTexts(items))
	if r, err = ix.Search(ctx, q); err != nil {
		t.Fatal(err)
	}
	if want := uint64(maxVerified + 2); r.Total != want {
		t.Errorf("%d candidates: total %d, want %d (the word pairs)", maxVerified+2, r.Total, want)
	}
	if diff := cmp.Diff([]string{"advanced computing items"}, r.PairMatched); diff != "" {
		t.Errorf("%d candidates: the result does not say the phrase matched by pairs (-want +got):\n%s", maxVerified+2, diff)
	}
	if err := ix.Delete(ctx, []string{"pairs-000", "pairs-001"}); err != nil {
		t.Fatal(err)
	}
	if r, err = ix.Search(ctx, q); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"adjacent"}, ids(r)); diff != "" {
		t.Errorf("%d candidates, checked: (-want +got):\n%s", maxVerified, diff)
	}
	if len(r.PairMatched) != 0 {
		t.Errorf("%d candidates, checked: PairMatched %q, want none", maxVerified, r.PairMatched)
	}
}

// TestOldMappingVersionIsCorrupt: an index built with another mapping
// version (such as the one with bigram twins and term vectors) is reported as
// ErrCorrupt, so the service rebuilds it.
func TestOldMappingVersionIsCorrupt(t *testing.T) {
	path := filepath.Join(t.TempDir(), "index")
	ix, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.b.SetInternal(internalMappingKey, []byte("exportwatch-index-2")); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(path, nil); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("Open(old mapping) = %v, want ErrCorrupt", err)
	}
}

// TestGramAnalyzerMirrorsCorpus: on the bench's synthetic documents, the
// gram analyzers' words are Bleve's "en" and "de" analyzers' tokens
// (term, position and offsets), every other token is a bigram, and n
// words make 2n-1 tokens (wordLength relies on it).
func TestGramAnalyzerMirrorsCorpus(t *testing.T) {
	m, err := newMapping()
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range synthItems(150) {
		d := it.Document
		lang := docLanguage(it)
		for _, text := range []string{d.Title, d.Abstract, d.Body} {
			base := m.AnalyzerNamed(lang).Analyze([]byte(text))
			grams := m.AnalyzerNamed(gramAnalyzer(lang)).Analyze([]byte(text))
			if n := (len(grams) + 1) / 2; n != len(base) { // wordLength's count
				t.Fatalf("%s (%s): %d tokens with grams read as %d words, want %d", d.ID, lang, len(grams), n, len(base))
			}
			var words []string
			for _, tok := range grams {
				if tok.Type != analysis.Shingle {
					words = append(words, fmt.Sprintf("%s@%d:%d-%d", tok.Term, tok.Position, tok.Start, tok.End))
				}
			}
			want := make([]string, len(base))
			for i, tok := range base {
				want[i] = fmt.Sprintf("%s@%d:%d-%d", tok.Term, tok.Position, tok.Start, tok.End)
			}
			if diff := cmp.Diff(want, words); diff != "" {
				t.Fatalf("%s (%s): gram analyzer words (-%s +gram):\n%s", d.ID, lang, lang, diff)
			}
		}
	}
}

// TestWordTokenizerMirrors: asciiTokenizer cuts the tokens of Bleve's
// unicode tokenizer (term, offsets, position, type) from the bench's
// documents and from random text of ASCII letters, digits, punctuation,
// white space and a few other characters.
func TestWordTokenizerMirrors(t *testing.T) {
	fast, slow := asciiTokenizer{unicode.NewUnicodeTokenizer()}, unicode.NewUnicodeTokenizer()
	show := func(ts analysis.TokenStream) []string {
		out := make([]string, len(ts))
		for i, tok := range ts {
			out[i] = fmt.Sprintf("%q@%d:%d-%d/%d", tok.Term, tok.Position, tok.Start, tok.End, tok.Type)
		}
		return out
	}
	check := func(text string) {
		t.Helper()
		if diff := cmp.Diff(show(slow.Tokenize([]byte(text))), show(fast.Tokenize([]byte(text)))); diff != "" {
			t.Fatalf("%q: (-unicode +ascii):\n%s", text, diff)
		}
	}
	for _, text := range []string{
		"", " ", "U.S. and E.U.", "Inspur's 5G chips, 1,000.50 USD; 3:00 p.m.", "don't a'b 1'2 a:b 1:2 a;b 1;2 a,b 1.a a.1",
		"a..b a.-b .a a. 'a a' ..1 1.. x--y snake_case _ __ a_1 1_a", "Über Straße § 772.1(a)(2) — “quoted” 1½",
		"tab\tnew\nline\r\ncr \x00 \x7f ~!@#$%^&*()+=[]{}|\\<>?/`",
	} {
		check(text)
	}
	for _, it := range synthItems(150) {
		check(it.Document.Title)
		check(it.Document.Abstract)
		check(it.Document.Body)
	}
	alphabet := []string{"a", "Z", "e", "0", "9", ".", ",", ";", ":", "'", "_", "-", "(", ")", " ", " ", "\n", "é", "§", "\u0301", "中", "\u200d"}
	r := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		var b strings.Builder
		for range r.IntN(24) {
			b.WriteString(alphabet[r.IntN(len(alphabet))])
		}
		check(b.String())
	}
}

// TestChainSure: term frequencies prove a phrase only where its word
// pairs cannot all stand apart.
func TestChainSure(t *testing.T) {
	three := chain{words: []string{"a", "b", "c"}, grams: []string{"a b", "b c"}}
	four := chain{words: []string{"a", "b", "c", "d"}, grams: []string{"a b", "b c", "c d"}}
	for _, tc := range []struct {
		name     string
		c        chain
		gf, wf   []uint64
		wantSure bool
	}{
		{"b once: both pairs share it", three, []uint64{1, 1}, []uint64{0, 1}, true},
		{"b twice, one pair each: maybe apart", three, []uint64{1, 1}, []uint64{0, 2}, false},
		{"b three times, pairs 2+2", three, []uint64{2, 2}, []uint64{0, 3}, true},
		{"a gram not read", three, []uint64{1, 0}, []uint64{0, 1}, false},
		{"four words, inner words once", four, []uint64{1, 1, 1}, []uint64{0, 1, 1}, true},
		{"four words, c twice", four, []uint64{1, 1, 1}, []uint64{0, 1, 2}, false},
		{"four words, b c pair twice", four, []uint64{2, 2, 2}, []uint64{0, 3, 3}, false},
		{"four words, many", four, []uint64{5, 5, 5}, []uint64{0, 6, 6}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.c.sure(tc.gf, tc.wf); got != tc.wantSure {
				t.Errorf("sure(%v, %v) = %v, want %v", tc.gf, tc.wf, got, tc.wantSure)
			}
		})
	}
}
