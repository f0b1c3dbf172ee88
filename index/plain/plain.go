// Package plain is the yardstick for package index: Bleve with a minimal
// mapping, as a user would set it up without tuning. One analysed text
// field per language (title, abstract and body as three values) with term
// vectors, keyword fields with doc values for facets, title and abstract
// stored, Bleve's positional phrase queries. It answers index.Query with
// the same fields, filters, facets and sort orders, and collects the term
// locations that snippets need, as Bleve does for highlighting. It is for
// benchmarks and for tests that check package index's results against it:
// do not tune it.
package plain

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/de" // the "de" analyzer
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/single"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/exportwatch/exportwatch/index"
)

var languages = []string{"en", "de"}

// Index is a plain Bleve index.
type Index struct {
	b bleve.Index
}

// Open opens the index at path, creating it if path does not exist.
func Open(path string) (*Index, error) {
	if _, err := os.Stat(path); err == nil {
		b, err := bleve.Open(path)
		if err != nil {
			return nil, fmt.Errorf("plain: open %s: %w", path, err)
		}
		return &Index{b: b}, nil
	}
	m, err := newMapping()
	if err != nil {
		return nil, fmt.Errorf("plain: mapping: %w", err)
	}
	b, err := bleve.New(path, m)
	if err != nil {
		return nil, fmt.Errorf("plain: create %s: %w", path, err)
	}
	return &Index{b: b}, nil
}

// Close closes the index.
func (p *Index) Close() error { return p.b.Close() }

// Count returns the number of documents.
func (p *Index) Count() (uint64, error) { return p.b.DocCount() }

func newMapping() (*mapping.IndexMappingImpl, error) {
	im := bleve.NewIndexMapping()
	if err := im.AddCustomAnalyzer("keyword_lower", map[string]interface{}{
		"type": custom.Name, "tokenizer": single.Name, "token_filters": []string{lowercase.Name},
	}); err != nil {
		return nil, err
	}
	if err := im.AddCustomAnalyzer("name_text", map[string]interface{}{
		"type": custom.Name, "tokenizer": unicode.Name, "token_filters": []string{lowercase.Name},
	}); err != nil {
		return nil, err
	}
	im.DefaultAnalyzer = keyword.Name
	im.IndexDynamic, im.StoreDynamic, im.DocValuesDynamic = false, false, false
	dm := bleve.NewDocumentStaticMapping()
	kw := func(store bool) *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Store, f.DocValues, f.IncludeInAll, f.IncludeTermVectors = store, true, false, false
		return f
	}
	for _, l := range languages {
		f := bleve.NewTextFieldMapping()
		f.Analyzer, f.Store, f.IncludeTermVectors, f.IncludeInAll, f.DocValues = l, false, true, false, false
		dm.AddFieldMappingsAt("text_"+l, f)
	}
	for _, name := range []string{"title", "abstract", "url"} {
		f := bleve.NewTextFieldMapping()
		f.Index, f.Store, f.IncludeInAll, f.IncludeTermVectors, f.DocValues = false, true, false, false, false
		dm.AddFieldMappingsAt(name, f)
	}
	for _, name := range []string{"source", "labels", "countries", "agencies", "year"} {
		dm.AddFieldMappingsAt(name, kw(name != "agencies" && name != "year"))
	}
	ent := kw(false)
	ent.Analyzer, ent.DocValues = "keyword_lower", false
	dm.AddFieldMappingsAt("entities", ent)
	et := bleve.NewTextFieldMapping()
	et.Analyzer, et.Store, et.IncludeTermVectors, et.IncludeInAll = "name_text", false, true, false
	dm.AddFieldMappingsAt("entities_text", et)
	pub := bleve.NewDateTimeFieldMapping()
	pub.Store, pub.DocValues, pub.IncludeInAll = true, true, false
	dm.AddFieldMappingsAt("published", pub)
	im.DefaultMapping = dm
	return im, im.Validate()
}

func language(it index.Item) string {
	for _, l := range []string{it.Document.Language, it.Classification.Language} {
		l = strings.ToLower(strings.TrimSpace(l))
		if i := strings.IndexAny(l, "-_"); i > 0 {
			l = l[:i]
		}
		if slices.Contains(languages, l) {
			return l
		}
	}
	return languages[0]
}

// Index adds items in one batch.
func (p *Index) Index(ctx context.Context, items []index.Item) error {
	b := p.b.NewBatch()
	for _, it := range items {
		if err := ctx.Err(); err != nil {
			return err
		}
		d, c := it.Document, it.Classification
		f := map[string]interface{}{
			"text_" + language(it): []string{d.Title, d.Abstract, d.Body},
			"title":                d.Title,
			"abstract":             d.Abstract,
			"url":                  d.URL,
			"source":               d.Source,
		}
		if len(d.Agencies) > 0 {
			f["agencies"] = d.Agencies
		}
		if len(c.Labels) > 0 {
			f["labels"] = c.Labels
		}
		if len(c.Countries) > 0 {
			cs := make([]string, len(c.Countries))
			for i, s := range c.Countries {
				cs[i] = strings.ToUpper(s)
			}
			f["countries"] = cs
		}
		var names []string
		for _, e := range c.Entities {
			names = append(names, e.Name)
			names = append(names, e.Aliases...)
		}
		if len(names) > 0 {
			f["entities"] = names
			f["entities_text"] = names
		}
		if !d.Published.IsZero() {
			f["published"] = d.Published.UTC()
			f["year"] = fmt.Sprint(d.Published.UTC().Year())
		}
		if err := b.Index(d.ID, f); err != nil {
			return err
		}
	}
	return p.b.Batch(b)
}

// fields maps the user-facing field names to plain's fields.
var fields = map[string][]string{
	"":         {"text_en", "text_de", "entities_text"},
	"title":    {"text_en", "text_de"},
	"abstract": {"text_en", "text_de"},
	"body":     {"text_en", "text_de"},
	"text":     {"text_en", "text_de"},
	"entity":   {"entities", "entities_text"},
	"country":  {"countries"},
	"label":    {"labels"},
	"source":   {"source"},
	"agency":   {"agencies"},
	"year":     {"year"},
}

func rewrite(q query.Query) (query.Query, error) {
	var err error
	switch q := q.(type) {
	case *query.BooleanQuery:
		for _, c := range []*query.Query{&q.Must, &q.Should, &q.MustNot, &q.Filter} {
			if *c != nil {
				if *c, err = rewrite(*c); err != nil {
					return nil, err
				}
			}
		}
	case *query.ConjunctionQuery:
		for i := range q.Conjuncts {
			if q.Conjuncts[i], err = rewrite(q.Conjuncts[i]); err != nil {
				return nil, err
			}
		}
	case *query.DisjunctionQuery:
		for i := range q.Disjuncts {
			if q.Disjuncts[i], err = rewrite(q.Disjuncts[i]); err != nil {
				return nil, err
			}
		}
	case query.FieldableQuery:
		name := strings.ToLower(q.Field())
		fs, ok := fields[name]
		if !ok {
			return nil, fmt.Errorf("plain: unknown field %q", name)
		}
		var ds []query.Query
		for _, f := range fs {
			c := clone(q, name)
			c.SetField(f)
			ds = append(ds, c)
		}
		if len(ds) == 1 {
			return ds[0], nil
		}
		return query.NewDisjunctionQuery(ds), nil
	}
	return q, nil
}

func clone(q query.FieldableQuery, field string) query.FieldableQuery {
	norm := func(s string) string { return s }
	switch field {
	case "country":
		norm = strings.ToUpper
	case "label":
		norm = strings.ToLower
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
	case *query.TermQuery:
		c := *q
		c.Term = norm(c.Term)
		return &c
	case *query.PrefixQuery:
		c := *q
		return &c
	case *query.WildcardQuery:
		c := *q
		return &c
	case *query.FuzzyQuery:
		c := *q
		return &c
	}
	return q
}

func anyOf(field string, vals []string, norm func(string) string) query.Query {
	var ds []query.Query
	for _, v := range vals {
		t := query.NewTermQuery(norm(strings.TrimSpace(v)))
		t.SetField(field)
		ds = append(ds, t)
	}
	if len(ds) == 0 {
		return nil
	}
	return query.NewDisjunctionQuery(ds)
}

func day(t time.Time) time.Time { return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC) }

// Search runs q with Bleve's own means: a query-string query, facets,
// sort keys, and the term locations of the hits (for snippets).
func (p *Index) Search(ctx context.Context, q index.Query) (index.Result, error) {
	var tq query.Query = bleve.NewMatchAllQuery()
	hasText := strings.TrimSpace(q.Text) != ""
	if hasText {
		parsed, err := query.NewQueryStringQuery(q.Text).Parse()
		if err != nil {
			return index.Result{}, err
		}
		if tq, err = rewrite(parsed); err != nil {
			return index.Result{}, err
		}
	}
	same := func(s string) string { return s }
	var fs []query.Query
	for _, f := range []query.Query{
		anyOf("countries", q.Countries, strings.ToUpper),
		anyOf("labels", q.Labels, same),
		anyOf("source", q.Sources, same),
		anyOf("agencies", q.Agencies, same),
	} {
		if f != nil {
			fs = append(fs, f)
		}
	}
	if !q.From.IsZero() || !q.To.IsZero() {
		var start, end time.Time
		if !q.From.IsZero() {
			start = day(q.From)
		}
		if !q.To.IsZero() {
			end = day(q.To).AddDate(0, 0, 1)
		}
		incl, excl := true, false
		r := query.NewDateRangeInclusiveQuery(start, end, &incl, &excl)
		r.SetField("published")
		fs = append(fs, r)
	}
	if len(fs) > 0 {
		b := query.NewBooleanQuery([]query.Query{tq}, nil, nil)
		b.AddFilter(query.NewConjunctionQuery(fs))
		tq = b
	}
	limit := q.Limit
	if limit <= 0 {
		limit = index.DefaultLimit
	}
	req := bleve.NewSearchRequestOptions(tq, min(limit, index.MaxLimit), max(q.Offset, 0), false)
	switch q.Sort {
	case "newest":
		req.SortBy([]string{"-published", "_id"})
	case "oldest":
		req.SortBy([]string{"published", "_id"})
	default:
		req.SortBy([]string{"-_score", "-published", "_id"})
	}
	req.Fields = []string{"title", "abstract", "source", "url", "published", "labels", "countries"}
	req.IncludeLocations = hasText
	if !q.NoFacets {
		for _, f := range []struct {
			name, field string
			size        int
		}{{"labels", "labels", 50}, {"countries", "countries", 300}, {"sources", "source", 50}, {"years", "year", 100}, {"agencies", "agencies", 50}} {
			req.AddFacet(f.name, bleve.NewFacetRequest(f.field, f.size))
		}
	}
	res, err := p.b.SearchInContext(ctx, req)
	if err != nil {
		return index.Result{}, err
	}
	out := index.Result{Total: res.Total, Took: res.Took, Facets: facets(res.Facets)}
	for _, h := range res.Hits {
		title, _ := h.Fields["title"].(string)
		out.Hits = append(out.Hits, index.Hit{ID: h.ID, Title: title, Score: h.Score})
	}
	return out, nil
}

func facets(fr search.FacetResults) index.Facets {
	count := func(name string) map[string]int {
		m := map[string]int{}
		if r, ok := fr[name]; ok && r != nil && r.Terms != nil {
			for _, t := range r.Terms.Terms() {
				m[t.Term] = t.Count
			}
		}
		return m
	}
	f := index.Facets{Labels: count("labels"), Countries: count("countries"), Sources: count("sources"), Years: count("years"), Agencies: count("agencies")}
	if len(f.Agencies) == 0 {
		f.Agencies = nil
	}
	return f
}

// NamedQuery is one of the compared searches.
type NamedQuery struct {
	Name  string      `json:"name"`
	Query index.Query `json:"query"`
}

func date(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// Queries are the eight searches by which package index is measured
// against plain Bleve (issue 10): each returns the total, 20 hits, the
// facets and the snippets.
var Queries = []NamedQuery{
	{"rare word Inspur", index.Query{Text: "Inspur"}},
	{"common word license", index.Query{Text: "license"}},
	{`phrase "entity list"`, index.Query{Text: `"entity list"`}},
	{`"entity list" + country CN`, index.Query{Text: `"entity list"`, Countries: []string{"CN"}}},
	{"label + date range, newest", index.Query{Labels: []string{"entity_addition"}, From: date("2020-01-01"), To: date("2024-12-31"), Sort: "newest"}},
	{"German Exportkontrolle", index.Query{Text: "Exportkontrolle"}},
	{"match all, newest", index.Query{Sort: "newest"}},
	{"entity:inspur", index.Query{Text: "entity:inspur"}},
}

// LongPhrases are phrases of three or more words, measured after Queries:
// package index answers them differently from two-word phrases.
var LongPhrases = []NamedQuery{
	{`phrase "advanced computing items"`, index.Query{Text: `"advanced computing items"`}},
	{`phrase "export administration regulations"`, index.Query{Text: `"export administration regulations"`}},
}
