package index

import (
	"context"
	"errors"
	"fmt"
	"regexp/syntax"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
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
}

// Paging limits.
const (
	DefaultLimit = 20
	MaxLimit     = 100
)

// Result is one page of hits with the facet counts of all matches.
type Result struct {
	Total  uint64        `json:"total"`
	Hits   []Hit         `json:"hits"`
	Facets Facets        `json:"facets"`
	Took   time.Duration `json:"-"`
}

// Hit is one matching document. Title and the other fields are raw text
// (escape them when rendering HTML); only Snippet is HTML.
type Hit struct {
	ID        string    `json:"id"`
	Title     string    `json:"title"`
	Source    string    `json:"source"`
	URL       string    `json:"url"`
	Published time.Time `json:"published"`
	Score     float64   `json:"score"`
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

// parseText parses query-string text and rewrites user-facing fields to
// internal ones. Errors wrap ErrBadQuery. It returns two forms of the
// query that match the same documents (up to the bigram approximation of
// phrases of three or more words, see phraseToShingles):
//   - search, for ranking and facets: phrases on the title, abstract and
//     body fields run as term queries on their bigram twins, which needs
//     no term positions;
//   - highlight, the query as typed, with positional phrase queries: it
//     finds the term locations for snippets and is only run on one page
//     of hits.
//
// With bigrams false (an index without the bigram twins), search is the
// highlight form too.
func parseText(text string, m mapping.IndexMapping, bigrams bool) (search, highlight query.Query, err error) {
	if strings.TrimSpace(text) == "" {
		q := bleve.NewMatchAllQuery()
		return q, q, nil
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
	if !bigrams {
		return q, q, nil
	}
	return withShingles(q, m), q, nil
}

// withShingles returns q with each phrase query on a text field replaced
// by phraseToShingles. Compound queries are copied (q is the highlight
// form and must not change); untouched leaves are shared.
func withShingles(q query.Query, m mapping.IndexMapping) query.Query {
	switch q := q.(type) {
	case *query.BooleanQuery:
		c := *q
		for _, p := range []*query.Query{&c.Must, &c.Should, &c.MustNot, &c.Filter} {
			if *p != nil {
				*p = withShingles(*p, m)
			}
		}
		return &c
	case *query.ConjunctionQuery:
		c := *q
		c.Conjuncts = make([]query.Query, len(q.Conjuncts))
		for i, x := range q.Conjuncts {
			c.Conjuncts[i] = withShingles(x, m)
		}
		return &c
	case *query.DisjunctionQuery:
		c := *q
		c.Disjuncts = make([]query.Query, len(q.Disjuncts))
		for i, x := range q.Disjuncts {
			c.Disjuncts[i] = withShingles(x, m)
		}
		return &c
	case *query.MatchPhraseQuery:
		if s := phraseToShingles(q, m); s != nil {
			return s
		}
	}
	return q
}

// phraseToShingles rewrites a phrase on a text field (title, abstract,
// body) as the conjunction of its word bigrams on the field's bigram twin,
// or returns nil to keep the phrase query: other fields, fuzzy phrases,
// phrases of fewer than two analysed words.
//
// Bleve's phrase searcher decodes the positions of every phrase word in
// every document that has all of them; for "entity list" in a legal
// archive that is almost every document, several times per document. The
// bigram twin answers the same question from one posting list.
//
// The phrase is analysed with the field's analyzer, so stemming and stop
// words work as in the positional phrase and as at indexing: "Entity
// Lists" matches "entity list". A phrase of two words (after stop-word
// removal, with none between them) matches exactly the documents where the
// two words are adjacent (also across a sentence boundary, as Bleve's
// phrase does: punctuation is not a token). Longer phrases match documents
// that have each consecutive pair somewhere: "a b c" also matches "a b …
// b c", which is rare in practice. A stop word inside a phrase is a pair
// with an empty word: "Bureau of Industry" needs "bureau <stop word>" and
// "<stop word> industry" (Bleve's phrase takes any word there, stop word or
// not, and needs both pairs at the same place).
func phraseToShingles(q *query.MatchPhraseQuery, m mapping.IndexMapping) query.Query {
	sf, lang := shingleField(q.FieldVal), fieldLanguage(q.FieldVal)
	if sf == "" || q.Fuzziness != 0 || q.Analyzer != "" {
		return nil
	}
	a := m.AnalyzerNamed(lang)
	if a == nil {
		return nil
	}
	toks := a.Analyze([]byte(q.MatchPhrase))
	if len(toks) == 0 {
		return nil
	}
	terms := bigrams(toks, toks[0].Position)
	var ts []query.Query
	seen := map[string]bool{}
	for _, t := range terms {
		if seen[t] || t == shingleFiller+shingleSeparator+shingleFiller {
			continue // two stop words say nothing
		}
		seen[t] = true
		tq := query.NewTermQuery(t)
		tq.SetField(sf)
		tq.SetBoost(q.Boost())
		ts = append(ts, tq)
	}
	if len(ts) == 0 {
		return nil
	}
	if t := terms[0]; len(ts) == 1 && !strings.HasPrefix(t, shingleFiller+shingleSeparator) && !strings.HasSuffix(t, shingleSeparator+shingleFiller) {
		return ts[0] // two adjacent words: the bigram is exact
	}
	// Longer phrases and phrases with stop words: the bigrams select the
	// few candidates cheaply, and the positional phrase, advanced only to
	// those candidates, keeps the match exact ("added by a correction"
	// must not match "added to ... a correction").
	return query.NewConjunctionQuery(append(ts, q))
}

// bigrams are the word bigrams of an analysed token stream as the shingle
// filter of the bigram analyzers makes them, counting positions from
// first: a gap in positions (a removed stop word) is shingleFiller. At
// indexing, first is 1 (a text that starts with a stop word has a leading
// " word" bigram); for a phrase it is the first token's position, as
// Bleve's phrase query ignores leading stop words.
func bigrams(toks analysis.TokenStream, first int) []string {
	if len(toks) == 0 {
		return nil
	}
	last := toks[len(toks)-1].Position
	if last-first+1 < 2 {
		return nil
	}
	words := make([]string, last-first+1)
	for i := range words {
		words[i] = shingleFiller
	}
	for _, t := range toks {
		if p := t.Position - first; p >= 0 && p < len(words) {
			words[p] = string(t.Term)
		}
	}
	out := make([]string, 0, len(words)-1)
	for i := 1; i < len(words); i++ {
		out = append(out, words[i-1]+shingleSeparator+words[i])
	}
	return out
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

// filterQuery is the conjunction of q's filters, or nil.
func filterQuery(q Query) (query.Query, error) {
	var fs []query.Query
	anyOf := func(field string, vals []string, norm func(string) string) {
		var ds []query.Query
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
		}
		if len(ds) > 0 {
			fs = append(fs, query.NewDisjunctionQuery(ds))
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
			return nil, fmt.Errorf("%w: date range: to %s is before from %s", ErrBadQuery,
				q.To.Format(time.DateOnly), q.From.Format(time.DateOnly))
		}
		incl, excl := true, false
		r := query.NewDateRangeInclusiveQuery(start, end, &incl, &excl)
		r.SetField(fPublished)
		fs = append(fs, r)
	}
	switch len(fs) {
	case 0:
		return nil, nil
	case 1:
		return fs[0], nil
	}
	return query.NewConjunctionQuery(fs), nil
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

// hitFields are loaded for every hit; snippetFields for snippets only.
var hitFields, snippetFields = func() ([]string, []string) {
	hf := []string{fSource, fURL, fPublished, fLabels, fCountries}
	var sf []string
	for _, l := range languages {
		hf = append(hf, titleField(l))
		sf = append(sf, abstractField(l), bodyField(l))
	}
	return hf, sf
}()

// Search runs q. Errors in q wrap ErrBadQuery.
//
// It runs in two phases: the ranked, faceted search without term
// locations (phrases run on the bigram fields), then the text query as
// typed (positional phrases) restricted to the page's hits, with locations
// and stored text for the snippets. Collecting locations for every
// candidate in the first phase costs as much as the search itself.
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

func (ix *Index) search(ctx context.Context, q Query) (Result, error) {
	text, highlight, err := parseText(q.Text, ix.b.Mapping(), ix.opts.bigrams)
	if err != nil {
		return Result{}, err
	}
	f, err := filterQuery(q)
	if err != nil {
		return Result{}, err
	}
	bq := text
	if f != nil {
		b := query.NewBooleanQuery([]query.Query{text}, nil, nil)
		b.AddFilter(f)
		bq = b
	}
	order, err := sortOrder(q.Sort)
	if err != nil {
		return Result{}, err
	}
	limit := q.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	limit = min(limit, MaxLimit)
	offset := max(q.Offset, 0)

	req := bleve.NewSearchRequestOptions(bq, limit, offset, false)
	req.SortBy(order)
	req.Fields = hitFields
	for _, f := range facetFields {
		req.AddFacet(f.name, bleve.NewFacetRequest(f.field, f.size))
	}
	res, err := ix.b.SearchInContext(ctx, req)
	if err != nil {
		return Result{}, ix.searchErr(ctx, q, err)
	}
	out := Result{
		Total:  res.Total,
		Hits:   make([]Hit, 0, len(res.Hits)),
		Facets: toFacets(res.Facets),
	}
	if len(res.Hits) == 0 {
		out.Took = res.Took
		return out, nil
	}

	ids := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		ids[i] = h.ID
	}
	// The page's hits, with the locations of the terms of the highlight
	// form where it matches. A hit it does not match (a long phrase that
	// only the bigrams match) is still returned, with an abstract snippet.
	_, matchAll := text.(*query.MatchAllQuery)
	page := query.NewDocIDQuery(ids)
	var sq query.Query = page
	if !matchAll {
		sq = query.NewConjunctionQuery([]query.Query{page,
			query.NewDisjunctionQuery([]query.Query{highlight, query.NewDocIDQuery(ids)})})
	}
	sreq := bleve.NewSearchRequestOptions(sq, len(ids), 0, false)
	sreq.Fields = snippetFields
	sreq.IncludeLocations = !matchAll
	sreq.Score = "none"
	sres, err := ix.b.SearchInContext(ctx, sreq)
	if err != nil {
		return Result{}, ix.searchErr(ctx, q, err)
	}
	byID := make(map[string]*search.DocumentMatch, len(sres.Hits))
	for _, h := range sres.Hits {
		byID[h.ID] = h
	}
	for _, h := range res.Hits {
		out.Hits = append(out.Hits, toHit(h, byID[h.ID]))
	}
	out.Took = res.Took + sres.Took
	return out, nil
}

func (ix *Index) searchErr(ctx context.Context, q Query, err error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("index: search: %w", ctx.Err())
	}
	return fmt.Errorf("index: search %q: %w", q.Text, err)
}

// toHit builds a hit from the ranked match h and its snippet match s (nil
// if the document vanished between the two phases).
func toHit(h, s *search.DocumentMatch) Hit {
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
	if s != nil {
		for _, l := range languages {
			if s.Fields[abstractField(l)] != nil || s.Fields[bodyField(l)] != nil {
				hit.Snippet = snippetFor(s, l)
				break
			}
		}
	}
	return hit
}

func toFacets(fr search.FacetResults) Facets {
	count := func(name string) map[string]int {
		m := map[string]int{}
		r, ok := fr[name]
		if !ok || r == nil || r.Terms == nil {
			return m
		}
		for _, t := range r.Terms.Terms() {
			m[t.Term] = t.Count
		}
		return m
	}
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
