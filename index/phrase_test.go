package index

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/exportwatch/exportwatch/doc"
	"github.com/exportwatch/exportwatch/internal/synth"
)

// TestShingleAnalyzerMirrors: the bigram analyzers index exactly the
// bigrams that phraseToShingles computes from the base analyzers' tokens,
// so the base filters copied into baseFilters match Bleve's "en" and "de"
// analyzers.
func TestShingleAnalyzerMirrors(t *testing.T) {
	m, err := newMapping(defaultMappingOptions)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ lang, text string }{
		{"en", "The Bureau of Industry and Security's Entity Lists, added to the entity list."},
		{"en", "Entity List"},
		{"en", "of the and"},
		{"en", "x"},
		{"en", "snake_case words _ and  odd — punctuation; Inspur Group's 5G chips"},
		{"de", "Die Exportquoten treffen Rechenzentren in Österreich. Die Exportkontrolle wird verschärft."},
		{"de", "auf der Entity List geführt, für die Ausfuhr"},
	} {
		base := m.AnalyzerNamed(tc.lang).Analyze([]byte(tc.text))
		var got []string
		for _, tok := range m.AnalyzerNamed(shingleAnalyzer(tc.lang)).Analyze([]byte(tc.text)) {
			got = append(got, string(tok.Term))
		}
		want := bigrams(base, 1)
		if diff := cmp.Diff(want, got, cmp.Comparer(func(a, b []string) bool { return slices.Equal(a, b) })); diff != "" {
			t.Errorf("%s %q: shingle analyzer terms (-mirror +analyzer):\n%s", tc.lang, tc.text, diff)
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

// TestPhraseQueries checks phrase results with the bigram rewrite against
// Bleve's positional phrase queries (the behaviour before the rewrite).
func TestPhraseQueries(t *testing.T) {
	ctx := context.Background()
	open2 := func(o mappingOptions) *Index {
		ix, err := open(filepath.Join(t.TempDir(), "index"), nil, o)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = ix.Close() })
		if err := ix.Index(ctx, phraseItems()); err != nil {
			t.Fatal(err)
		}
		return ix
	}
	shingled := open2(defaultMappingOptions)
	pos := defaultMappingOptions
	pos.bigrams = false
	positional := open2(pos)

	for _, tc := range []struct {
		name, q string
		want    []string // sorted; both modes
		bigram  []string // sorted; only the bigram rewrite, when it differs
	}{
		{"two words", `"entity list"`, []string{"adjacent", "boundary", "de-press", "title-only"}, nil},
		{"two words, stemmed", `"Entity Lists"`, []string{"adjacent", "boundary", "de-press", "title-only"}, nil},
		{"words not adjacent", `"list entity"`, []string{}, nil},
		{"two words, other entity", `"Inspur Group"`, []string{"adjacent"}, nil},
		// "the" is not a German stop word.
		{"leading stop word", `"the entity list"`, []string{"adjacent", "boundary", "title-only"}, nil},
		{"across a sentence boundary", `"advanced computing"`, []string{"adjacent", "boundary", "pairs"}, nil},
		{"only across a sentence boundary", `body:"entity list"`, []string{"adjacent", "boundary", "de-press"}, nil},
		// The bigrams select candidates, the positional phrase verifies:
		// "pairs" has both pairs, but not together.
		{"three words", `"advanced computing items"`, []string{"adjacent"}, nil},
		{"three words, absent", `"computing advanced items"`, []string{}, nil},
		{"stop word inside", `"Inspur Group to the Entity List"`, []string{"adjacent"}, nil},
		{"german inflection", `"neue Exportkontrolle"`, []string{"de-press"}, nil},
		{"german not adjacent", `"Kontrollen neu"`, []string{"de-apart"}, nil},
		{"german words apart", `"Exportkontrollen neu"`, []string{}, nil},
		{"field body", `body:"Inspur Group"`, []string{"adjacent"}, nil},
		{"field title", `title:"entity list"`, []string{"title-only"}, nil},
		{"field title, german", `title:"neue Exportkontrollen"`, []string{"de-press"}, nil},
		{"field title absent", `title:"inspur group"`, []string{}, nil},
		{"field abstract", `abstract:"advanced computing"`, []string{"pairs"}, nil},
		{"one word phrase", `"Inspur"`, []string{"adjacent", "apart", "de-press"}, nil},
		{"stop words only", `"the of"`, []string{}, nil},
		{"with a must clause", `+"entity list" +language:de`, []string{"de-press"}, nil},
		{"must not", `+"entity list" -"inspur group"`, []string{"boundary", "de-press", "title-only"}, nil},
		{"boosted", `"entity list"^3 Inspur`, []string{"adjacent", "apart", "boundary", "de-press", "title-only"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, mode := range []struct {
				name string
				ix   *Index
				want []string
			}{{"positional", positional, tc.want}, {"bigram", shingled, tc.want}} {
				if mode.name == "bigram" && tc.bigram != nil {
					mode.want = tc.bigram
				}
				r, err := mode.ix.Search(ctx, Query{Text: tc.q})
				if err != nil {
					t.Fatalf("%s: Search(%s): %v", mode.name, tc.q, err)
				}
				if diff := cmp.Diff(mode.want, sorted(ids(r))); diff != "" {
					t.Errorf("%s: Search(%s) (-want +got):\n%s", mode.name, tc.q, diff)
				}
			}
		})
	}
}

// TestPhraseSnippets: snippets mark the words of a phrase (the highlight
// phase runs the positional phrase on the page's hits).
func TestPhraseSnippets(t *testing.T) {
	ctx := context.Background()
	ix, err := Open(filepath.Join(t.TempDir(), "index"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
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
		// Positional: exact for longer phrases too.
		{`"advanced computing items"`, items[0], true},
		{`"advanced computing items"`, items[3], false},
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

// TestPhraseEquivalenceSynth compares the bigram rewrite with positional
// phrases on a synthetic archive: the same documents for two-word phrases,
// a superset for longer ones.
func TestPhraseEquivalenceSynth(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: indexes a synthetic archive twice (runs in the full go test)")
	}
	ctx := context.Background()
	g := synth.New(7)
	g.MinBody, g.MaxBody = 3000, 6000
	items := make([]Item, 150)
	for i := range items {
		d, c := g.Document(i)
		items[i] = Item{Document: d, Classification: c, Version: 1}
	}
	ix, err := Open(filepath.Join(t.TempDir(), "index"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if err := ix.Index(ctx, items); err != nil {
		t.Fatal(err)
	}
	pos := &Index{b: ix.b, path: ix.path, log: ix.log, opts: ix.opts, cache: newResultCache(1)}
	pos.opts.bigrams = false
	all := func(ix *Index, q string) []string {
		t.Helper()
		var out []string
		for off := 0; ; off += MaxLimit {
			r, err := ix.Search(ctx, Query{Text: q, Limit: MaxLimit, Offset: off, Sort: "newest"})
			if err != nil {
				t.Fatalf("Search(%s): %v", q, err)
			}
			out = append(out, ids(r)...)
			if len(r.Hits) < MaxLimit {
				return sorted(out)
			}
		}
	}
	for _, tc := range []struct {
		q     string
		exact bool
	}{
		{`body:"entity list"`, true},
		{`"advanced computing"`, true},
		{`"list entity"`, true},
		{`"license requirements"`, true},
		{`"presumption denial"`, true},
		{`title:"entity list"`, true},
		{`"Entity List" +language:de`, true},
		{`"Exportkontrollen verschärft"`, true},
		{`"export administration regulations"`, false},
		{`"advanced computing items"`, false},
		{`"end user review committee"`, false},
	} {
		want, got := all(pos, tc.q), all(ix, tc.q)
		if tc.exact {
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s: bigram results differ from positional (-positional +bigram):\n%s", tc.q, diff)
			}
			continue
		}
		for _, id := range want {
			if !slices.Contains(got, id) {
				t.Errorf("%s: %s matches the positional phrase but not the bigrams", tc.q, id)
			}
		}
		if extra := len(got) - len(want); extra > 0 {
			t.Logf("%s: %d of %d bigram hits are not positional hits", tc.q, extra, len(got))
		}
	}
}

// TestOldMappingVersionIsCorrupt: an index built with another mapping
// version (such as one without the bigram fields) is reported as
// ErrCorrupt, so the service rebuilds it.
func TestOldMappingVersionIsCorrupt(t *testing.T) {
	path := filepath.Join(t.TempDir(), "index")
	ix, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.b.SetInternal(internalMappingKey, []byte("exportwatch-index-1")); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(path, nil); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("Open(old mapping) = %v, want ErrCorrupt", err)
	}
}
