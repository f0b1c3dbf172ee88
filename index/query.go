package index

import (
	"context"
	"errors"
	"fmt"
	"math"
	"regexp/syntax"
	"slices"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	bleveindex "github.com/blevesearch/bleve_index_api"
)

// Query is one search. Text uses Bleve's query-string syntax
// (https://blevesearch.com/docs/Query-String-Query/) with the field
// aliases title:, abstract:, body:, entity:, country:, label:, source:,
// agency:, kind:, stage:, language:, mention:, year:, published:. A bare
// word searches title (boosted), abstract, body and entity names in both
// languages. The filters are conjunctive; within one filter any value
// matches.
type Query struct {
	Text      string    // Bleve query-string syntax; "" = match all
	Countries []string  // any-of (ISO alpha-2, case-insensitive)
	Labels    []string  // any-of
	Sources   []string  // any-of
	Agencies  []string  // any-of
	From, To  time.Time // publication date, inclusive days (zero = open)
	Sort      string    // "relevance" (default) | "newest" | "oldest"
	Offset    int
	Limit     int // default 20, max 100
	// NoFacets skips the facet counts (Result.Facets stays empty): for
	// callers that do not show them, as counting is most of the cost of a
	// search with many matches.
	NoFacets bool `json:",omitempty"`
}

// Paging limits.
const (
	DefaultLimit = 20
	MaxLimit     = 100
	// maxOffset bounds Query.Offset (far beyond any archive) so that
	// offset+limit cannot overflow.
	maxOffset = 1 << 30
)

// Result is one page of hits with the facet counts of all matches.
type Result struct {
	Total  uint64        `json:"total"`
	Hits   []Hit         `json:"hits"`
	Facets Facets        `json:"facets"`
	Took   time.Duration `json:"-"`
	// PairMatched lists the phrases of three or more words that matched
	// word pair by word pair, too common to check in every document's
	// text: Total and the hits may then hold documents that have each
	// pair of words but not the whole phrase. Empty: every phrase exact.
	PairMatched []string `json:"pair_matched,omitempty"`
}

// Hit is one matching document. Title and the other fields are raw text
// (escape them when rendering HTML); only Snippet is HTML.
type Hit struct {
	ID        string    `json:"id"`
	Title     string    `json:"title"`
	Source    string    `json:"source"`
	URL       string    `json:"url"`
	Published time.Time `json:"published"`
	Score     float64   `json:"score"` // 0 when sorted by date
	Labels    []string  `json:"labels"`
	Countries []string  `json:"countries"`
	Snippet   string    `json:"snippet"` // HTML-safe: source text escaped, matches wrapped in <mark>…</mark>
}

// Facets counts the matching documents per value (top values only: 300
// countries, 50 of the others).
type Facets struct {
	Labels    map[string]int `json:"labels"`
	Countries map[string]int `json:"countries"`
	Sources   map[string]int `json:"sources"`
	Years     map[string]int `json:"years"`
	Agencies  map[string]int `json:"agencies,omitempty"`
}

// facet names and sizes.
var facetFields = []struct {
	name, field string
	size        int
}{
	{"labels", fLabels, 50},
	{"countries", fCountries, 300},
	{"sources", fSource, 50},
	{"years", fYear, 100},
	{"agencies", fAgencies, 50},
}

// fieldAlias is what a user-facing field name searches.
type fieldAlias struct {
	fields []string
	boosts []float64 // parallel to fields; 0 = keep the query's boost
	norm   func(string) string
}

var (
	textFields = func(prefix string) []string {
		out := make([]string, len(languages))
		for i, l := range languages {
			out[i] = prefix + "_" + l
		}
		return out
	}
	upper = strings.ToUpper
	lower = strings.ToLower
)

// bareFields is what a word without a field searches.
var bareFields = func() fieldAlias {
	var a fieldAlias
	for _, l := range languages {
		a.fields = append(a.fields, titleField(l), abstractField(l), bodyField(l))
		a.boosts = append(a.boosts, 3, 1.5, 1)
	}
	a.fields = append(a.fields, fEntityText)
	a.boosts = append(a.boosts, 2)
	return a
}()

// aliases maps the field names users may type to internal fields.
var aliases = map[string]fieldAlias{
	"title":     {fields: textFields("title")},
	"abstract":  {fields: textFields("abstract")},
	"body":      {fields: textFields("body")},
	"text":      {fields: append(textFields("abstract"), textFields("body")...)},
	"entity":    {fields: []string{fEntities, fEntityText}},
	"entities":  {fields: []string{fEntities, fEntityText}},
	"country":   {fields: []string{fCountries}, norm: upper},
	"countries": {fields: []string{fCountries}, norm: upper},
	"mention":   {fields: []string{fMentions}, norm: upper},
	"mentions":  {fields: []string{fMentions}, norm: upper},
	"label":     {fields: []string{fLabels}, norm: lower},
	"labels":    {fields: []string{fLabels}, norm: lower},
	"source":    {fields: []string{fSource}},
	"agency":    {fields: []string{fAgencies}},
	"agencies":  {fields: []string{fAgencies}},
	"kind":      {fields: []string{fKind}, norm: lower},
	"type":      {fields: []string{fKind}, norm: lower},
	"stage":     {fields: []string{fStage}, norm: lower},
	"language":  {fields: []string{fLanguage}, norm: lower},
	"lang":      {fields: []string{fLanguage}, norm: lower},
	"id":        {fields: []string{fID}},
	"year":      {fields: []string{fYear}},
	"published": {fields: []string{fPublished}},
	"date":      {fields: []string{fPublished}},
}

// parseText parses query-string text, rewrites user-facing fields to
// internal ones and phrases on text fields to word grams (see gramQuery;
// texts, if not nil, verifies phrases of three or more words). It also
// returns what the snippets mark. Errors wrap ErrBadQuery.
func parseText(text string, m mapping.IndexMapping, texts phraseTexts) (query.Query, highlights, error) {
	if strings.TrimSpace(text) == "" {
		return bleve.NewMatchAllQuery(), nil, nil
	}
	if err := checkSyntax(text); err != nil {
		return nil, nil, err
	}
	q, err := query.NewQueryStringQuery(text).Parse()
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %s", ErrBadQuery, strings.TrimSpace(err.Error()))
	}
	q, err = rewrite(q)
	if err != nil {
		return nil, nil, err
	}
	if v, ok := q.(query.ValidatableQuery); ok {
		if err := v.Validate(); err != nil {
			return nil, nil, fmt.Errorf("%w: %v", ErrBadQuery, err)
		}
	}
	hl := highlights{}
	q = withGrams(q, m, hl, false, texts)
	return q, hl, nil
}

// withGrams replaces, in place, each leaf on a text field by its gram
// form (gramQuery) and records what snippets mark in hl (not for leaves
// under a must-not: negated words are not shown).
func withGrams(q query.Query, m mapping.IndexMapping, hl highlights, negated bool, texts phraseTexts) query.Query {
	switch q := q.(type) {
	case *query.BooleanQuery:
		if q.Must != nil {
			q.Must = withGrams(q.Must, m, hl, negated, texts)
		}
		if q.Should != nil {
			q.Should = withGrams(q.Should, m, hl, negated, texts)
		}
		if q.Filter != nil {
			q.Filter = withGrams(q.Filter, m, hl, negated, texts)
		}
		if q.MustNot != nil {
			q.MustNot = withGrams(q.MustNot, m, hl, !negated, texts)
		}
		return q
	case *query.ConjunctionQuery:
		for i, x := range q.Conjuncts {
			q.Conjuncts[i] = withGrams(x, m, hl, negated, texts)
		}
		return q
	case *query.DisjunctionQuery:
		for i, x := range q.Disjuncts {
			q.Disjuncts[i] = withGrams(x, m, hl, negated, texts)
		}
		return q
	case query.FieldableQuery:
		lang := fieldLanguage(q.Field())
		if lang == "" {
			return q
		}
		a := m.AnalyzerNamed(lang)
		if a == nil {
			return q
		}
		g, ps := gramQuery(q, lang, a, texts)
		if !negated {
			hl[q.Field()] = append(hl[q.Field()], ps...)
		}
		return g
	}
	return q
}

// gramQuery is the form of a leaf query on a text field (its language
// lang, base analyzer a) that suits the gram fields, and the pattern that
// snippets mark for it.
//
// A phrase becomes its word bigrams (phraseGrams): one term lookup, or a
// conjunction of them, that needs no term positions. A phrase of two
// words (after stop-word removal; stop words between them count) matches
// exactly where they stand together; a longer phrase (longPhrase)
// matches documents that have each of its consecutive word pairs, and
// where texts can read few enough of them, only those whose text has
// the phrase. Stemming and stop words work as at indexing: "Entity
// Lists" matches "entity list". Bleve's
// positional phrase searcher decodes the positions of every phrase word
// in every document that has them all: in a legal archive, for "entity
// list", almost every document.
//
// A match query is analysed with the base analyzer, so "U.S." searches
// its words, not their grams. A fuzzy phrase ("entity list"~1) becomes
// the conjunction of its fuzzy words.
func gramQuery(q query.FieldableQuery, lang string, a analysis.Analyzer, texts phraseTexts) (query.Query, []pattern) {
	switch q := q.(type) {
	case *query.MatchQuery:
		if q.Analyzer == "" {
			q.Analyzer = lang
		}
		if q.Fuzziness != 0 {
			return q, nil
		}
		var ps []pattern
		for _, t := range a.Analyze([]byte(q.Match)) {
			ps = append(ps, pattern{words: []string{string(t.Term)}})
		}
		return q, ps
	case *query.TermQuery:
		return q, []pattern{{words: []string{q.Term}}}
	case *query.PrefixQuery:
		return q, []pattern{{words: []string{q.Prefix}, prefix: true}}
	case *query.MatchPhraseQuery:
		toks := a.Analyze([]byte(q.MatchPhrase))
		if len(toks) == 0 {
			return query.NewMatchNoneQuery(), nil
		}
		if q.Fuzziness != 0 {
			cs := make([]query.Query, len(toks))
			for i, t := range toks {
				f := query.NewFuzzyQuery(string(t.Term))
				f.SetFuzziness(q.Fuzziness)
				f.SetField(q.FieldVal)
				f.SetBoost(q.Boost())
				cs[i] = f
			}
			return query.NewConjunctionQuery(cs), nil
		}
		terms, exact := phraseGrams(toks)
		first := toks[0].Position
		words := make([]string, toks[len(toks)-1].Position-first+1)
		for _, t := range toks {
			words[t.Position-first] = string(t.Term)
		}
		ts := make([]query.Query, len(terms))
		for i, term := range terms {
			tq := query.NewTermQuery(term)
			tq.SetField(q.FieldVal)
			tq.SetBoost(q.Boost())
			ts[i] = tq
		}
		p := []pattern{{words: words}}
		var grams query.Query = ts[0]
		if len(ts) > 1 {
			grams = query.NewConjunctionQuery(ts)
		}
		if exact {
			return grams, p
		}
		return &longPhrase{grams: grams, field: q.FieldVal, lang: lang, words: words, chain: phraseChain(toks), texts: texts,
			phrase: q.MatchPhrase}, p
	}
	return q, nil
}

// rewrite replaces field names in a parsed query tree, in place where it
// can, so the query-string semantics of the compound queries are kept.
func rewrite(q query.Query) (query.Query, error) {
	var err error
	switch q := q.(type) {
	case *query.BooleanQuery:
		for _, p := range []*query.Query{&q.Must, &q.Should, &q.MustNot, &q.Filter} {
			if *p != nil {
				if *p, err = rewrite(*p); err != nil {
					return nil, err
				}
			}
		}
		return q, nil
	case *query.ConjunctionQuery:
		for i := range q.Conjuncts {
			if q.Conjuncts[i], err = rewrite(q.Conjuncts[i]); err != nil {
				return nil, err
			}
		}
		return q, nil
	case *query.DisjunctionQuery:
		for i := range q.Disjuncts {
			if q.Disjuncts[i], err = rewrite(q.Disjuncts[i]); err != nil {
				return nil, err
			}
		}
		return q, nil
	case *query.RegexpQuery:
		if _, err := syntax.Parse(q.Regexp, syntax.Perl); err != nil {
			return nil, fmt.Errorf("%w: regular expression /%s/: %v", ErrBadQuery, q.Regexp, err)
		}
		return rewriteLeaf(q)
	case query.FieldableQuery:
		return rewriteLeaf(q)
	default:
		return q, nil
	}
}

func rewriteLeaf(q query.FieldableQuery) (query.Query, error) {
	// Bleve rejects fuzziness above its maximum only when searching: make
	// "chip~7" a bad query (400), not a search failure (500).
	fuzziness := 0
	switch q := q.(type) {
	case *query.FuzzyQuery:
		fuzziness = q.Fuzziness
	case *query.MatchQuery:
		fuzziness = q.Fuzziness
	case *query.MatchPhraseQuery:
		fuzziness = q.Fuzziness
	}
	if fuzziness < 0 || fuzziness > searcher.MaxFuzziness {
		return nil, fmt.Errorf("%w: fuzziness ~%d: at most ~%d", ErrBadQuery, fuzziness, searcher.MaxFuzziness)
	}
	name := q.Field()
	var a fieldAlias
	if name == "" {
		switch q.(type) {
		case *query.NumericRangeQuery, *query.DateRangeQuery, *query.DateRangeStringQuery:
			// The number half of a bare numeric word: no numeric text field.
			return query.NewMatchNoneQuery(), nil
		}
		a = bareFields
	} else {
		var ok bool
		a, ok = aliases[strings.ToLower(name)]
		if !ok {
			a, ok = internalAlias(name)
		}
		if !ok {
			return nil, fmt.Errorf("%w: unknown field %q (known: title, abstract, body, entity, country, label, source, agency, kind, year, published)", ErrBadQuery, name)
		}
	}
	if len(a.fields) == 1 {
		c := cloneLeaf(q, a.norm)
		c.SetField(a.fields[0])
		return c, nil
	}
	ds := make([]query.Query, 0, len(a.fields))
	for i, f := range a.fields {
		c := cloneLeaf(q, a.norm)
		c.SetField(f)
		if a.boosts != nil && a.boosts[i] != 0 {
			if b, ok := c.(query.BoostableQuery); ok {
				b.SetBoost(b.Boost() * a.boosts[i])
			}
		}
		ds = append(ds, c)
	}
	return query.NewDisjunctionQuery(ds), nil
}

// internalAlias accepts the internal field names too (title_en, body_de...).
func internalAlias(name string) (fieldAlias, bool) {
	for _, l := range languages {
		switch name {
		case titleField(l), abstractField(l), bodyField(l):
			return fieldAlias{fields: []string{name}}, true
		}
	}
	if name == fEntityText {
		return fieldAlias{fields: []string{name}}, true
	}
	return fieldAlias{}, false
}

// cloneLeaf copies a leaf query, normalizing its value with norm (not for
// regular expressions, whose escapes are case-sensitive).
func cloneLeaf(q query.FieldableQuery, norm func(string) string) query.FieldableQuery {
	if norm == nil {
		norm = func(s string) string { return s }
	}
	switch q := q.(type) {
	case *query.MatchQuery:
		c := *q
		c.Match = norm(c.Match)
		return &c
	case *query.MatchPhraseQuery:
		c := *q
		c.MatchPhrase = norm(c.MatchPhrase)
		return &c
	case *query.WildcardQuery:
		c := *q
		c.Wildcard = norm(c.Wildcard)
		return &c
	case *query.PrefixQuery:
		c := *q
		c.Prefix = norm(c.Prefix)
		return &c
	case *query.TermQuery:
		c := *q
		c.Term = norm(c.Term)
		return &c
	case *query.FuzzyQuery:
		c := *q
		c.Term = norm(c.Term)
		return &c
	case *query.RegexpQuery:
		c := *q
		return &c
	case *query.NumericRangeQuery:
		c := *q
		return &c
	case *query.DateRangeQuery:
		c := *q
		return &c
	case *query.DateRangeStringQuery:
		c := *q
		return &c
	case *query.TermRangeQuery:
		c := *q
		return &c
	default:
		return q // shares the original: only used for one field
	}
}

// filters are the filters of a Query in two forms: Bleve queries, and a
// check of a hit's table values (filter.keep) that the own collector
// runs instead. Filters never score, so both find the same hits with the
// same scores.
type filters struct {
	terms []query.Query // one any-of disjunction per filtered field
	dates query.Query   // nil: no date range

	anyOf      [][]string // parallel to facetFields; nil: not filtered
	from, to   int64      // Unix nanoseconds, from inclusive, to exclusive
	dated      bool       // a date range is set
	tableDates bool       // the range's ends are dates Bleve can compare (else only Bleve's error)
}

// query is the conjunction of the filters, or nil.
func (f filters) query() query.Query {
	fs := slices.Clone(f.terms)
	if f.dates != nil {
		fs = append(fs, f.dates)
	}
	switch len(fs) {
	case 0:
		return nil
	case 1:
		return fs[0]
	}
	return query.NewConjunctionQuery(fs)
}

// newFilters builds q's filters.
func newFilters(q Query) (filters, error) {
	f := filters{anyOf: make([][]string, len(facetFields))}
	anyOf := func(field string, vals []string, norm func(string) string) {
		var ds []query.Query
		var terms []string
		for _, v := range vals {
			v = strings.TrimSpace(v)
			if v == "" {
				continue
			}
			if norm != nil {
				v = norm(v)
			}
			t := query.NewTermQuery(v)
			t.SetField(field)
			ds = append(ds, t)
			terms = append(terms, v)
		}
		if len(ds) == 0 {
			return
		}
		f.terms = append(f.terms, query.NewDisjunctionQuery(ds))
		for i, ff := range facetFields {
			if ff.field == field {
				f.anyOf[i] = terms
			}
		}
	}
	anyOf(fCountries, q.Countries, upper)
	anyOf(fLabels, q.Labels, nil)
	anyOf(fSource, q.Sources, nil)
	anyOf(fAgencies, q.Agencies, nil)
	if !q.From.IsZero() || !q.To.IsZero() {
		var start, end time.Time
		if !q.From.IsZero() {
			start = day(q.From)
		}
		if !q.To.IsZero() {
			end = day(q.To).AddDate(0, 0, 1)
		}
		if !start.IsZero() && !end.IsZero() && !end.After(start) {
			return filters{}, fmt.Errorf("%w: date range: to %s is before from %s", ErrBadQuery,
				q.To.Format(time.DateOnly), q.From.Format(time.DateOnly))
		}
		incl, excl := true, false
		r := query.NewDateRangeInclusiveQuery(start, end, &incl, &excl)
		r.SetField(fPublished)
		f.dates = r
		f.dated, f.tableDates = true, true
		f.from, f.to = math.MinInt64, math.MaxInt64
		comparable := func(t time.Time) bool {
			return !t.Before(query.MinRFC3339CompatibleTime) && !t.After(query.MaxRFC3339CompatibleTime)
		}
		if !start.IsZero() {
			f.from = start.UnixNano()
			f.tableDates = f.tableDates && comparable(start)
		}
		if !end.IsZero() {
			f.to = end.UnixNano()
			f.tableDates = f.tableDates && comparable(end)
		}
	}
	return f, nil
}

// day is the start of t's calendar day, as UTC.
func day(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// sortOrder maps Query.Sort to Bleve sort keys; ties fall back to newest,
// then ID, so paging is stable.
func sortOrder(s string) ([]string, error) {
	switch strings.ToLower(s) {
	case "", "relevance":
		return []string{"-_score", "-" + fPublished, "_id"}, nil
	case "newest":
		return []string{"-" + fPublished, "_id"}, nil
	case "oldest":
		return []string{fPublished, "_id"}, nil
	}
	return nil, fmt.Errorf("%w: sort %q (want relevance, newest or oldest)", ErrBadQuery, s)
}

// hitFields are the stored fields loaded for every hit.
var hitFields = func() []string {
	hf := []string{fSource, fURL, fPublished, fLabels, fCountries, fLanguage}
	for _, l := range languages {
		hf = append(hf, titleField(l), abstractField(l))
	}
	return hf
}()

// Search runs q. Errors in q wrap ErrBadQuery.
//
// Bleve's searcher finds the matches, without term locations; the
// index's own collector (collect.go) filters, ranks and counts them on
// per-segment tables of dates and facet values (table.go); the
// snippets of the page's hits are then cut from their abstracts (stored)
// and bodies (from the TextSource), analysed for those hits alone. A
// search without text (match all, filters) has no snippet pass: its
// snippets are the starts of the abstracts.
//
// Results are cached until the next change to the index, and identical
// searches running at once are computed once.
func (ix *Index) Search(ctx context.Context, q Query) (Result, error) {
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	if err := ix.limits.CheckQuery(q.Text); err != nil {
		return Result{}, err
	}
	return ix.cache.search(ctx, q, ix.search)
}

// plan is what one search needs, decided before it runs: the Bleve
// query (text and filters), what the snippets mark (nothing without a
// text query: the snippets are then the abstracts' starts), the order,
// whether relevance is computed and whether facets are counted.
type plan struct {
	query   query.Query // text and filters, for searchBleve
	text    query.Query // text alone: searchOwn checks the filters itself
	filters filters
	hl      highlights
	order   []string // Bleve sort keys, for searchBleve
	sort    sortKind
	score   bool // relevance computed (sorted by it, or a wildcard's expansion)
	facets  bool
	offset  int
	limit   int
}

// plan parses q into a plan. Errors wrap ErrBadQuery.
func (ix *Index) plan(q Query) (plan, error) {
	text, hl, err := parseText(q.Text, ix.b.Mapping(), ix.phraseTexts)
	if err != nil {
		return plan{}, err
	}
	fs, err := newFilters(q)
	if err != nil {
		return plan{}, err
	}
	p := plan{query: text, text: text, filters: fs, hl: hl, facets: !q.NoFacets, offset: min(max(q.Offset, 0), maxOffset)}
	if f := fs.query(); f != nil {
		b := query.NewBooleanQuery([]query.Query{text}, nil, nil)
		b.AddFilter(f)
		p.query = b
	}
	if p.order, err = sortOrder(q.Sort); err != nil {
		return plan{}, err
	}
	switch p.order[0] {
	case "-" + fPublished:
		p.sort = byNewest
	case fPublished:
		p.sort = byOldest
	}
	// Sorted by date, relevance is not computed, but for a wildcard or
	// regular expression: Bleve rejects one that expands to too many
	// terms only when it scores.
	p.score = p.sort == byRelevance || expandsTerms(q.Text)
	p.limit = q.Limit
	if p.limit <= 0 {
		p.limit = DefaultLimit
	}
	p.limit = min(p.limit, MaxLimit)
	return p, nil
}

func (ix *Index) search(ctx context.Context, q Query) (Result, error) {
	p, err := ix.plan(q)
	if err != nil {
		return Result{}, err
	}
	pairs := &pairMatches{}
	reportPairs(p.text, pairs)
	t0 := time.Now()
	ms, out, err := ix.searchOwn(ctx, p)
	if errors.Is(err, errNoTables) {
		ix.log.DebugContext(ctx, "index: search through Bleve's collector", "why", err)
		ms, out, err = ix.searchBleve(ctx, p)
	}
	if err != nil {
		return Result{}, ix.searchErr(ctx, q, err)
	}
	out.Took = time.Since(t0)
	out.PairMatched = pairs.list()
	if len(out.Hits) > 0 {
		t0 := time.Now()
		ix.snippets(ctx, ix.b.Mapping(), p.hl, ms, out.Hits)
		out.Took += time.Since(t0)
	}
	return out, nil
}

// searchedQuery is what searchOwn runs Bleve's searcher on: the text;
// without text and unscored, the field filters instead of every
// document (the collector checks all filters on each hit either way).
func (p plan) searchedQuery() query.Query {
	if _, all := p.text.(*query.MatchAllQuery); !all || p.score || len(p.filters.terms) == 0 {
		return p.text
	}
	if len(p.filters.terms) == 1 {
		return p.filters.terms[0]
	}
	return query.NewConjunctionQuery(p.filters.terms)
}

// errNoTables marks an index whose segments searchOwn cannot read.
var errNoTables = errors.New("no segment tables")

// searchOwn runs p's Bleve searcher with the index's own collector
// (collect.go): dates and facet values come from the segments' tables,
// and only the page's hits load their stored fields. It returns the
// matches of the page's hits (for the snippets) and the result without
// snippets; errNoTables when the index is not one it can read.
func (ix *Index) searchOwn(ctx context.Context, p plan) ([]*search.DocumentMatch, Result, error) {
	if p.filters.dated && !p.filters.tableDates {
		return nil, Result{}, fmt.Errorf("%w: a date Bleve cannot compare", errNoTables)
	}
	var c collected
	err := ix.useSnapshot("search", func(b bleve.Index, adv bleveindex.Index, snap *scorch.IndexSnapshot) error {
		tabs, err := ix.tables.of(adv, snap.Segments())
		if err != nil {
			return fmt.Errorf("%w: %v", errNoTables, err)
		}
		opts := search.SearcherOptions{}
		if !p.score {
			opts.Score = "none"
		}
		var s search.Searcher // nil: every document
		if _, all := p.searchedQuery().(*query.MatchAllQuery); !all || p.score {
			if s, err = p.searchedQuery().Searcher(ctx, snap, b.Mapping(), opts); err != nil {
				return tooManyTerms(err)
			}
			defer s.Close()
		}
		c, err = collect(ctx, snap, tabs, s, &p.filters, p.sort, p.offset, p.limit, p.facets)
		return err
	})
	if err != nil {
		return nil, Result{}, err
	}
	out := Result{Total: c.total, Hits: make([]Hit, 0, len(c.hits))}
	for _, h := range c.hits {
		out.Hits = append(out.Hits, toHit(h))
	}
	out.Facets = toFacets(func(name string) map[string]int {
		if m := c.facets[name]; m != nil {
			return m
		}
		return map[string]int{}
	})
	return c.hits, out, nil
}

// searchBleve runs p with Bleve's own TopN collector and facet builders:
// the path for an index searchOwn cannot read, and the yardstick of
// TestCollectAgreesWithBleve.
func (ix *Index) searchBleve(ctx context.Context, p plan) ([]*search.DocumentMatch, Result, error) {
	req := bleve.NewSearchRequestOptions(p.query, p.limit, p.offset, false)
	req.SortBy(p.order)
	if !p.score {
		req.Score = "none"
	}
	req.Fields = hitFields
	if p.facets {
		for _, f := range facetFields {
			req.AddFacet(f.name, bleve.NewFacetRequest(f.field, f.size))
		}
	}
	res, err := ix.b.SearchInContext(ctx, req)
	if err != nil {
		return nil, Result{}, err
	}
	out := Result{
		Total: res.Total,
		Hits:  make([]Hit, 0, len(res.Hits)),
		Facets: toFacets(func(name string) map[string]int {
			m := map[string]int{}
			if r, ok := res.Facets[name]; ok && r != nil && r.Terms != nil {
				for _, t := range r.Terms.Terms() {
					m[t.Term] = t.Count
				}
			}
			return m
		}),
	}
	for _, h := range res.Hits {
		out.Hits = append(out.Hits, toHit(h))
	}
	return res.Hits, out, nil
}

// snippets fills the Snippet of hits (parallel to the matches ms). Bodies
// are read only for hits whose abstract does not already show every word
// of the query, or that have no abstract. A failing TextSource costs the
// body snippets, not the search.
func (ix *Index) snippets(ctx context.Context, m mapping.IndexMapping, hl highlights, ms []*search.DocumentMatch, hits []Hit) {
	langs := make([]string, len(ms))
	abstracts := make([]string, len(ms))
	absSpans := make([][]span, len(ms)) // nil: not computed
	var need []string
	for i, h := range ms {
		langs[i] = str(h.Fields[fLanguage])
		if fieldLanguage(titleField(langs[i])) == "" {
			langs[i] = languages[0]
		}
		abstracts[i] = str(h.Fields[abstractField(langs[i])])
		af, bf := abstractField(langs[i]), bodyField(langs[i])
		switch {
		case abstracts[i] == "":
			need = append(need, h.ID)
		case len(hl[bf]) == 0:
		case len(hl[af]) == 0:
			need = append(need, h.ID)
		default:
			all := hl.wordsOf(af)
			if absSpans[i] = fieldSpans(m.AnalyzerNamed(langs[i]), hl, af, langs[i], abstracts[i]); absSpans[i] == nil {
				absSpans[i] = []span{} // computed: none
			}
			if _, score := bestWindow(absSpans[i]); all < 0 || score < all*1000 {
				need = append(need, h.ID)
			}
		}
	}
	var texts map[string]Text
	if src := ix.textSource(); src != nil && len(need) > 0 {
		var err error
		if texts, err = src.Texts(ctx, need); err != nil {
			ix.log.WarnContext(ctx, "index: snippet texts", "hits", len(need), "err", err)
		}
	}
	for i, h := range ms {
		body := texts[h.ID].Body
		if abstracts[i] == "" {
			abstracts[i] = texts[h.ID].Abstract
		}
		hits[i].Snippet = snippet(m.AnalyzerNamed(langs[i]), hl, langs[i], abstracts[i], absSpans[i], body)
	}
}

func (ix *Index) searchErr(ctx context.Context, q Query, err error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("index: search: %w", ctx.Err())
	}
	return fmt.Errorf("index: search %q: %w", q.Text, err)
}

// toHit builds a hit (without its snippet) from the match h.
func toHit(h *search.DocumentMatch) Hit {
	hit := Hit{
		ID:        h.ID,
		Source:    str(h.Fields[fSource]),
		URL:       str(h.Fields[fURL]),
		Score:     h.Score,
		Labels:    strs(h.Fields[fLabels]),
		Countries: strs(h.Fields[fCountries]),
	}
	if p := str(h.Fields[fPublished]); p != "" {
		if t, err := time.Parse(time.RFC3339Nano, p); err == nil {
			hit.Published = t.UTC()
		}
	}
	for _, l := range languages {
		if t := str(h.Fields[titleField(l)]); t != "" {
			hit.Title = t
			break
		}
	}
	return hit
}

// toFacets builds the facets from the counts of each facet name.
func toFacets(count func(name string) map[string]int) Facets {
	f := Facets{
		Labels:    count("labels"),
		Countries: count("countries"),
		Sources:   count("sources"),
		Years:     count("years"),
		Agencies:  count("agencies"),
	}
	if len(f.Agencies) == 0 {
		f.Agencies = nil
	}
	return f
}

func str(v interface{}) string {
	switch v := v.(type) {
	case string:
		return v
	case []interface{}:
		if len(v) > 0 {
			return str(v[0])
		}
	}
	return ""
}

func strs(v interface{}) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []interface{}:
		out := make([]string, 0, len(v))
		for _, e := range v {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return []string{}
}

// IsBadQuery reports whether err is a query error (a 400, not a 500).
func IsBadQuery(err error) bool { return errors.Is(err, ErrBadQuery) }
