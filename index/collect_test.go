package index

import (
	"context"
	"maps"
	"path/filepath"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2/search/facet"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// TestCollectAgreesWithBleve: the index's own collector (searchOwn)
// returns what Bleve's TopN collector and facet builders return
// (searchBleve) — totals, the page's hits in order with their scores and
// stored fields, facet counts — for text, phrase, filter, facet, date-sorted
// and match-all searches, over several segments, some with deleted
// documents.
func TestCollectAgreesWithBleve(t *testing.T) {
	ctx := context.Background()
	ix, err := Open(filepath.Join(t.TempDir(), "index"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	items := append(testItems(), synthItems(600)...)
	for i := 0; i < len(items); i += 100 { // a segment per batch
		if err := ix.Index(ctx, items[i:min(i+100, len(items))]); err != nil {
			t.Fatal(err)
		}
	}
	// Replaced and deleted documents leave deleted ones in segments.
	if err := ix.Index(ctx, items[10:40]); err != nil {
		t.Fatal(err)
	}
	if err := ix.Delete(ctx, []string{items[50].Document.ID, items[250].Document.ID, items[450].Document.ID}); err != nil {
		t.Fatal(err)
	}

	day := func(s string) time.Time { return day0(s + "T00:00:00Z") }
	for name, q := range map[string]Query{
		"match all":                   {},
		"match all, newest":           {Sort: "newest"},
		"match all, oldest, page 2":   {Sort: "oldest", Offset: 20},
		"rare word":                   {Text: "Inspur"},
		"common word":                 {Text: "license"},
		"common word, 100 hits":       {Text: "license", Limit: 100},
		"common word, page 3":         {Text: "license", Offset: 40, Limit: 20},
		"common word, past the end":   {Text: "license", Offset: 5000},
		"common word, no facets":      {Text: "license", NoFacets: true},
		"common word, newest":         {Text: "license", Sort: "newest"},
		"phrase":                      {Text: `"entity list"`},
		"phrase + country":            {Text: `"entity list"`, Countries: []string{"cn"}},
		"long phrase":                 {Text: `"advanced computing items"`},
		"label + date range, newest":  {Labels: []string{"entity_addition"}, From: day("2020-01-01"), To: day("2024-12-31"), Sort: "newest"},
		"source + agency":             {Sources: []string{"federal-register"}, Agencies: []string{"industry-and-security-bureau"}},
		"labels + countries, newest":  {Labels: []string{"entity_addition", "sanctions"}, Countries: []string{"CN", "ru", " "}, Sort: "newest"},
		"text + date from, oldest":    {Text: "license", From: day("2023-06-01"), Sort: "oldest"},
		"text + date to":              {Text: "rule", To: day("2022-03-31")},
		"unknown country":             {Countries: []string{"XX"}},
		"German":                      {Text: "Exportkontrolle"},
		"entity":                      {Text: "entity:inspur"},
		"boolean":                     {Text: "+license -china title:rule"},
		"wildcard, newest":            {Text: "licen*", Sort: "newest"},
		"field query, oldest":         {Text: "kind:rule", Sort: "oldest", Limit: 50},
		"nothing matches":             {Text: "zzzzqqq"},
		"countries facet, many terms": {Text: "country:*", Limit: 5},
	} {
		t.Run(name, func(t *testing.T) {
			p, err := ix.plan(q)
			if err != nil {
				t.Fatal(err)
			}
			wantMs, want, err := ix.searchBleve(ctx, p)
			if err != nil {
				t.Fatal(err)
			}
			p, _ = ix.plan(q) // a plan's query is not reused across searches
			gotMs, got, err := ix.searchOwn(ctx, p)
			if err != nil {
				t.Fatalf("searchOwn: %v", err)
			}
			if diff := cmp.Diff(want, got, cmpopts.IgnoreFields(Result{}, "Took")); diff != "" {
				t.Errorf("result mismatch (-bleve +own):\n%s", diff)
			}
			if len(wantMs) != len(gotMs) {
				t.Fatalf("%d matches from Bleve, %d own", len(wantMs), len(gotMs))
			}
			for i := range wantMs {
				if diff := cmp.Diff(wantMs[i].Fields, gotMs[i].Fields); diff != "" {
					t.Errorf("hit %d (%s): stored fields (-bleve +own):\n%s", i, wantMs[i].ID, diff)
				}
			}
			if q.Text == "license" && q.Offset == 0 && got.Total < 100 {
				t.Errorf("license: %d hits; the corpus should give the page more than one segment's worth", got.Total)
			}
		})
	}
}

// TestTopValuesAgreesWithBleve: facets cut to their size keep the values
// Bleve's terms facet keeps, ties broken the same way (hand-made counts).
func TestTopValuesAgreesWithBleve(t *testing.T) {
	counts := map[string]int{"CN": 5, "RU": 5, "IR": 5, "DE": 2, "AT": 2, "US": 9, "FR": 1}
	for size := 1; size <= len(counts)+1; size++ {
		fb := facet.NewTermsFacetBuilder(fCountries, size)
		for term, n := range counts {
			for range n {
				fb.StartDoc()
				fb.UpdateVisitor([]byte(term))
				fb.EndDoc()
			}
		}
		want := map[string]int{}
		for _, tf := range fb.Result().Terms.Terms() {
			want[tf.Term] = tf.Count
		}
		if diff := cmp.Diff(want, topValues(maps.Clone(counts), size)); diff != "" {
			t.Errorf("size %d (-bleve +own):\n%s", size, diff)
		}
	}
}
