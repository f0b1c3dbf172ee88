package index

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/exportwatch/exportwatch/doc"
)

func day0(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// testItems is a small hand-built archive whose facet counts are known.
func testItems() []Item {
	return []Item{
		{
			Document: doc.Document{
				ID: "fr:2025-00001", Source: "federal-register", Kind: "rule", Stage: doc.StagePublished,
				Title:     "Additions to the Entity List",
				Abstract:  "BIS amends the EAR by adding entities under the destination of China.",
				Body:      "The ERC determined that Inspur Group supports the military. This rule imposes new restrictions on advanced computing items.",
				URL:       "https://www.federalregister.gov/d/2025-00001",
				Language:  "en",
				Published: day0("2025-01-15T14:30:00Z"),
				Agencies:  []string{"industry-and-security-bureau"},
			},
			Classification: doc.Classification{
				Labels:    []string{doc.LabelEntityAddition},
				Countries: []string{"CN"},
				Mentions:  []string{"CN", "US"},
				Entities:  []doc.Entity{{Action: doc.ActionAdd, Name: "Inspur Group", Country: "CN", Aliases: []string{"Inspur Electronic Information"}}},
			},
			Version: 1,
		},
		{
			Document: doc.Document{
				ID: "fr:2025-00002", Source: "federal-register", Kind: "rule", Stage: doc.StagePublished,
				Title:     "Framework for Artificial Intelligence Diffusion",
				Abstract:  "This interim final rule revises the license requirements for advanced computing items.",
				Body:      "Destinations in Tier 2 are subject to a quota of total processing performance. Austria and Taiwan are affected.",
				URL:       "https://www.federalregister.gov/d/2025-00002",
				Published: day0("2025-01-16T00:00:00Z"), // Language "" = English
				Agencies:  []string{"industry-and-security-bureau", "commerce-department"},
			},
			Classification: doc.Classification{
				Labels:    []string{doc.LabelTierChange, doc.LabelQuotaChange},
				Countries: []string{"AT", "TW"},
			},
			Version: 1,
		},
		{
			Document: doc.Document{
				ID: "fr:2024-00003", Source: "federal-register", Kind: "notice", Stage: doc.StagePublished,
				Title:     "Information Systems Technical Advisory Committee; Notice of Partially Closed Meeting",
				Abstract:  "The committee will meet in Washington.",
				Body:      "The meeting is open to the public.",
				URL:       "https://www.federalregister.gov/d/2024-00003",
				Language:  "en",
				Published: day0("2024-06-01T00:00:00Z"),
				Agencies:  []string{"industry-and-security-bureau"},
			},
			Version: 2,
		},
		{
			Document: doc.Document{
				ID: "china-table:abc", Source: "china-table", Kind: "press",
				Title:     "Neue Exportquoten für KI-Chips",
				Abstract:  "Washington begrenzt die Rechenleistung.",
				Body:      "Die Exportquoten treffen Rechenzentren in Österreich. Die Exportkontrolle wird verschärft.",
				URL:       "https://table.media/china/abc",
				Language:  "de",
				Published: day0("2025-02-01T08:00:00Z"),
			},
			Classification: doc.Classification{
				Labels:    []string{doc.LabelQuotaChange},
				Countries: []string{"AT"},
			},
			Version: 1,
		},
		{
			Document: doc.Document{
				ID: "bis-press:xss", Source: "bis-press", Kind: "press",
				Title:     `Commerce <b>warns</b> exporters`,
				Body:      `Warning: <script>alert("restriction")</script> and more restrictions.`,
				URL:       "https://www.bis.gov/press/xss",
				Language:  "en",
				Published: day0("2023-03-10T00:00:00Z"),
			},
			Classification: doc.Classification{
				Labels:    []string{doc.LabelOtherExportControl},
				Countries: []string{"RU"},
			},
			Version: 1,
		},
	}
}

func openTest(t *testing.T) (*Index, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "index")
	ix, err := Open(path, nil)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { _ = ix.Close() })
	ix.SetTextSource(itemTexts(testItems()))
	if err := ix.Index(context.Background(), testItems()); err != nil {
		t.Fatalf("Index: %v", err)
	}
	return ix, path
}

func ids(r Result) []string {
	out := make([]string, len(r.Hits))
	for i, h := range r.Hits {
		out[i] = h.ID
	}
	return out
}

func sorted(s []string) []string { s = slices.Clone(s); slices.Sort(s); return s }

func TestSearchFinds(t *testing.T) {
	ix, _ := openTest(t)
	for name, tc := range map[string]struct {
		q    Query
		want []string // sorted
	}{
		"english stemming":            {Query{Text: "restriction"}, []string{"bis-press:xss", "fr:2025-00001"}},
		"german stemming":             {Query{Text: "Exportquote"}, []string{"china-table:abc"}},
		"german compound in body":     {Query{Text: "Exportkontrolle"}, []string{"china-table:abc"}},
		"german field alias":          {Query{Text: "title:exportquote"}, []string{"china-table:abc"}},
		"entity keyword":              {Query{Text: "entity:inspur"}, []string{"fr:2025-00001"}},
		"entity phrase any case":      {Query{Text: `entity:"inspur GROUP"`}, []string{"fr:2025-00001"}},
		"entity alias":                {Query{Text: `entity:"Inspur Electronic Information"`}, []string{"fr:2025-00001"}},
		"entity wrong name":           {Query{Text: `entity:"Inspur Cloud"`}, []string{}},
		"bare entity word":            {Query{Text: "Inspur"}, []string{"fr:2025-00001"}},
		"phrase and country":          {Query{Text: `+"entity list" +country:cn`}, []string{"fr:2025-00001"}},
		"label alias":                 {Query{Text: "label:quota_change"}, []string{"china-table:abc", "fr:2025-00002"}},
		"must not":                    {Query{Text: "+label:quota_change -language:de"}, []string{"fr:2025-00002"}},
		"source alias":                {Query{Text: "source:bis-press"}, []string{"bis-press:xss"}},
		"agency alias":                {Query{Text: "agency:commerce-department"}, []string{"fr:2025-00002"}},
		"kind alias":                  {Query{Text: "kind:notice"}, []string{"fr:2024-00003"}},
		"year":                        {Query{Text: "year:2024"}, []string{"fr:2024-00003"}},
		"published range":             {Query{Text: `published:>="2025-01-16"`}, []string{"china-table:abc", "fr:2025-00002"}},
		"body alias excludes title":   {Query{Text: "body:framework"}, []string{}},
		"title alias":                 {Query{Text: "title:framework"}, []string{"fr:2025-00002"}},
		"match all":                   {Query{}, []string{"bis-press:xss", "china-table:abc", "fr:2024-00003", "fr:2025-00001", "fr:2025-00002"}},
		"filter country any-of":       {Query{Countries: []string{"cn", "RU"}}, []string{"bis-press:xss", "fr:2025-00001"}},
		"filter labels any-of":        {Query{Labels: []string{doc.LabelTierChange, doc.LabelQuotaChange}}, []string{"china-table:abc", "fr:2025-00002"}},
		"filter source":               {Query{Sources: []string{"federal-register"}}, []string{"fr:2024-00003", "fr:2025-00001", "fr:2025-00002"}},
		"filter agency":               {Query{Agencies: []string{"commerce-department"}}, []string{"fr:2025-00002"}},
		"filters are conjunctive":     {Query{Text: "computing", Countries: []string{"AT"}, Labels: []string{doc.LabelQuotaChange}}, []string{"fr:2025-00002"}},
		"date range inclusive":        {Query{From: day0("2025-01-15T00:00:00Z"), To: day0("2025-01-16T00:00:00Z")}, []string{"fr:2025-00001", "fr:2025-00002"}},
		"date to is the whole day":    {Query{To: day0("2025-01-15T00:00:00Z")}, []string{"bis-press:xss", "fr:2024-00003", "fr:2025-00001"}},
		"date from only":              {Query{From: day0("2025-01-16T23:59:00Z")}, []string{"china-table:abc", "fr:2025-00002"}},
		"date one day":                {Query{From: day0("2025-02-01T00:00:00Z"), To: day0("2025-02-01T00:00:00Z")}, []string{"china-table:abc"}},
		"label filter and date range": {Query{Labels: []string{doc.LabelQuotaChange}, From: day0("2025-01-20T00:00:00Z")}, []string{"china-table:abc"}},
	} {
		t.Run(name, func(t *testing.T) {
			r, err := ix.Search(context.Background(), tc.q)
			if err != nil {
				t.Fatalf("Search(%+v): %v", tc.q, err)
			}
			if diff := cmp.Diff(tc.want, sorted(ids(r))); diff != "" {
				t.Errorf("Search(%q) ids mismatch (-want +got):\n%s", tc.q.Text, diff)
			}
			if r.Total != uint64(len(tc.want)) {
				t.Errorf("Total = %d, want %d", r.Total, len(tc.want))
			}
		})
	}
}

func TestFacets(t *testing.T) {
	ix, _ := openTest(t)
	for name, tc := range map[string]struct {
		q    Query
		want Facets
	}{
		"all": {Query{}, Facets{
			Labels:    map[string]int{"entity_addition": 1, "tier_change": 1, "quota_change": 2, "other_export_control": 1},
			Countries: map[string]int{"CN": 1, "AT": 2, "TW": 1, "RU": 1},
			Sources:   map[string]int{"federal-register": 3, "china-table": 1, "bis-press": 1},
			Years:     map[string]int{"2025": 3, "2024": 1, "2023": 1},
			Agencies:  map[string]int{"industry-and-security-bureau": 3, "commerce-department": 1},
		}},
		"filtered by country": {Query{Countries: []string{"AT"}}, Facets{
			Labels:    map[string]int{"tier_change": 1, "quota_change": 2},
			Countries: map[string]int{"AT": 2, "TW": 1},
			Sources:   map[string]int{"federal-register": 1, "china-table": 1},
			Years:     map[string]int{"2025": 2},
			Agencies:  map[string]int{"industry-and-security-bureau": 1, "commerce-department": 1},
		}},
		"no agencies omitted": {Query{Sources: []string{"bis-press"}}, Facets{
			Labels:    map[string]int{"other_export_control": 1},
			Countries: map[string]int{"RU": 1},
			Sources:   map[string]int{"bis-press": 1},
			Years:     map[string]int{"2023": 1},
		}},
	} {
		t.Run(name, func(t *testing.T) {
			r, err := ix.Search(context.Background(), tc.q)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, r.Facets); diff != "" {
				t.Errorf("facets mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSortAndPaging(t *testing.T) {
	ix, _ := openTest(t)
	newest := []string{"china-table:abc", "fr:2025-00002", "fr:2025-00001", "fr:2024-00003", "bis-press:xss"}
	oldest := slices.Clone(newest)
	slices.Reverse(oldest)
	for _, tc := range []struct {
		sort string
		want []string
	}{{"newest", newest}, {"oldest", oldest}, {"", newest}} { // equal scores fall back to newest
		r, err := ix.Search(context.Background(), Query{Sort: tc.sort})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(tc.want, ids(r)); diff != "" {
			t.Errorf("sort %q mismatch (-want +got):\n%s", tc.sort, diff)
		}
	}
	var paged []string
	for off := 0; off < 6; off += 2 {
		r, err := ix.Search(context.Background(), Query{Sort: "newest", Offset: off, Limit: 2})
		if err != nil {
			t.Fatal(err)
		}
		if r.Total != 5 {
			t.Errorf("offset %d: Total = %d, want 5", off, r.Total)
		}
		paged = append(paged, ids(r)...)
	}
	if diff := cmp.Diff(newest, paged); diff != "" {
		t.Errorf("paging mismatch (-want +got):\n%s", diff)
	}
	r, err := ix.Search(context.Background(), Query{Sort: "newest", Limit: 1000, Offset: -3})
	if err != nil || len(r.Hits) != 5 {
		t.Errorf("Limit 1000, Offset -3: %d hits, err %v; want 5, nil", len(r.Hits), err)
	}
}

func TestHitAndSnippet(t *testing.T) {
	ix, _ := openTest(t)
	search := func(q string) Hit {
		t.Helper()
		r, err := ix.Search(context.Background(), Query{Text: q})
		if err != nil || len(r.Hits) == 0 {
			t.Fatalf("Search(%q): %d hits, %v", q, len(r.Hits), err)
		}
		return r.Hits[0]
	}

	got := search("Inspur")
	want := Hit{
		ID: "fr:2025-00001", Title: "Additions to the Entity List", Source: "federal-register",
		URL: "https://www.federalregister.gov/d/2025-00001", Published: day0("2025-01-15T14:30:00Z"),
		Labels: []string{"entity_addition"}, Countries: []string{"CN"},
		Snippet: "The ERC determined that <mark>Inspur</mark> Group supports the military. This rule imposes new restrictions on advanced computing items.",
	}
	if diff := cmp.Diff(want, got, cmpopts.IgnoreFields(Hit{}, "Score")); diff != "" {
		t.Errorf("hit mismatch (-want +got):\n%s", diff)
	}
	if got.Score <= 0 {
		t.Errorf("Score = %v, want > 0", got.Score)
	}

	for name, tc := range map[string]struct{ q, id, want string }{
		"source text is escaped": {"restriction", "bis-press:xss",
			`Warning: &lt;script&gt;alert(&#34;<mark>restriction</mark>&#34;)&lt;/script&gt; and more <mark>restrictions</mark>.`},
		"title-only match falls back to the abstract": {"title:framework", "fr:2025-00002",
			"This interim final rule revises the license requirements for advanced computing items."},
		"abstract preferred": {"China", "fr:2025-00001",
			"BIS amends the EAR by adding entities under the destination of <mark>China</mark>."},
		"german": {"Exportquote", "china-table:abc",
			"Die <mark>Exportquoten</mark> treffen Rechenzentren in Österreich. Die Exportkontrolle wird verschärft."},
		"no abstract: start of body": {"source:bis-press", "bis-press:xss",
			`Warning: &lt;script&gt;alert(&#34;restriction&#34;)&lt;/script&gt; and more restrictions.`},
	} {
		t.Run(name, func(t *testing.T) {
			r, err := ix.Search(context.Background(), Query{Text: tc.q})
			if err != nil {
				t.Fatal(err)
			}
			for _, h := range r.Hits {
				if h.ID == tc.id {
					if h.Snippet != tc.want {
						t.Errorf("snippet\n got %s\nwant %s", h.Snippet, tc.want)
					}
					return
				}
			}
			t.Fatalf("%s not in hits %v", tc.id, ids(r))
		})
	}

	xss := search("source:bis-press")
	if xss.Title != `Commerce <b>warns</b> exporters` {
		t.Errorf("Title = %q: titles are raw text; the page template escapes them", xss.Title)
	}
}

func TestSnippetWindow(t *testing.T) {
	long := strings.Repeat("filler words here ", 40) + "the <quota> applies " + strings.Repeat("more text follows ", 40)
	i := strings.Index(long, "quota")
	got := render(long, []span{{i, i + 5, "quota"}}, 0)
	if !strings.HasPrefix(got, "…") || !strings.HasSuffix(got, "…") {
		t.Errorf("snippet %q: want ellipses at both ends", got)
	}
	if !strings.Contains(got, "the &lt;<mark>quota</mark>&gt; applies") {
		t.Errorf("snippet %q: want the escaped, marked match", got)
	}
	if len(got) > snippetWidth+40 {
		t.Errorf("snippet is %d bytes, want about %d", len(got), snippetWidth)
	}
}

func TestBadQuery(t *testing.T) {
	ix, _ := openTest(t)
	for name, q := range map[string]Query{
		"unclosed phrase": {Text: `title:"entity list`},
		"unknown field":   {Text: "colour:red"},
		"bad regexp":      {Text: "title:/[/"},
		"dangling field":  {Text: "title:"},
		"bad sort":        {Sort: "popular"},
		"reversed dates":  {From: day0("2025-02-01T00:00:00Z"), To: day0("2025-01-01T00:00:00Z")},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := ix.Search(context.Background(), q)
			if !errors.Is(err, ErrBadQuery) {
				t.Errorf("Search(%+v) = %v, want ErrBadQuery", q, err)
			}
		})
	}
}

func TestReopenAndDelete(t *testing.T) {
	ix, path := openTest(t)
	ctx := context.Background()
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	ix, err := Open(path, nil)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer ix.Close()
	if n, err := ix.Count(); err != nil || n != 5 {
		t.Fatalf("Count after reopen = %d, %v; want 5", n, err)
	}
	if err := ix.Delete(ctx, []string{"fr:2024-00003", "no-such-id"}); err != nil {
		t.Fatal(err)
	}
	if n, _ := ix.Count(); n != 4 {
		t.Errorf("Count after Delete = %d, want 4", n)
	}
	r, err := ix.Search(ctx, Query{Text: "Advisory"})
	if err != nil || r.Total != 0 {
		t.Errorf("deleted doc still found: %v, %v", ids(r), err)
	}
	// Re-indexing a document replaces it.
	it := testItems()[0]
	it.Document.Title = "Revised title"
	if err := ix.Index(ctx, []Item{it}); err != nil {
		t.Fatal(err)
	}
	r, _ = ix.Search(ctx, Query{Text: "title:revised"})
	if diff := cmp.Diff([]string{"fr:2025-00001"}, ids(r)); diff != "" {
		t.Errorf("replaced doc (-want +got):\n%s", diff)
	}
	if n, _ := ix.Count(); n != 4 {
		t.Errorf("Count after replace = %d, want 4", n)
	}
}

func TestOpenLockedAndCorrupt(t *testing.T) {
	_, path := openTest(t)
	start := time.Now()
	ix2, err := Open(path, nil)
	if err == nil {
		ix2.Close()
		t.Fatal("second Open of an open index succeeded")
	}
	if !errors.Is(err, ErrLocked) || errors.Is(err, ErrCorrupt) {
		t.Errorf("second Open = %v, want ErrLocked (not ErrCorrupt)", err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("second Open took %v, want about 2s", d)
	}

	bad := filepath.Join(t.TempDir(), "bad")
	if err := os.MkdirAll(bad, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(bad, "index_meta.json"), []byte("{not json"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(bad, nil); !errors.Is(err, ErrCorrupt) {
		t.Errorf("Open(garbage) = %v, want ErrCorrupt", err)
	}

	empty := filepath.Join(t.TempDir(), "empty")
	if err := os.MkdirAll(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	ix3, err := Open(empty, nil)
	if err != nil {
		t.Fatalf("Open(empty dir) = %v, want a new index", err)
	}
	ix3.Close()
}

func TestQueryMatcher(t *testing.T) {
	m := NewQueryMatcher()
	defer m.Close()
	items := testItems()
	for name, tc := range map[string]struct {
		q    string
		it   Item
		want bool
	}{
		"empty matches all":       {"", items[2], true},
		"word stemmed":            {"restriction", items[0], true},
		"word absent":             {"restriction", items[1], false},
		"entity":                  {"entity:inspur", items[0], true},
		"entity phrase":           {`entity:"Inspur Group"`, items[0], true},
		"entity other doc":        {"entity:inspur", items[1], false},
		"label":                   {"label:entity_addition", items[0], true},
		"label other":             {"label:entity_addition", items[1], false},
		"label and country":       {"+label:quota_change +country:at", items[3], true},
		"label and wrong country": {"+label:quota_change +country:cn", items[3], false},
		"german":                  {"Exportquote", items[3], true},
		"not":                     {"+computing -label:tier_change", items[1], false},
	} {
		t.Run(name, func(t *testing.T) {
			got, err := m.Matches(tc.q, tc.it)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("Matches(%q, %s) = %v, want %v", tc.q, tc.it.Document.ID, got, tc.want)
			}
		})
	}
	// The document is removed after each call.
	if got, _ := m.Matches("entity:inspur", items[1]); got {
		t.Error("previous document leaked into the next match")
	}
	if _, err := m.Matches(`title:"x`, items[0]); !errors.Is(err, ErrBadQuery) {
		t.Errorf("bad query: %v, want ErrBadQuery", err)
	}
	if err := m.CheckQuery(`title:"x`); !errors.Is(err, ErrBadQuery) {
		t.Errorf("CheckQuery of a bad query: %v, want ErrBadQuery", err)
	}
	if err := m.CheckQuery(`entity:inspur "entity list"`); err != nil {
		t.Errorf("CheckQuery of a good query: %v", err)
	}
	got, err := m.MatchesDocument("entity:inspur", items[0].Document, items[0].Classification, items[0].Version)
	want, _ := m.Matches("entity:inspur", items[0])
	if err != nil || got != want {
		t.Errorf("MatchesDocument = %v, %v; Matches says %v", got, err, want)
	}
}

// TestSnippetProbes: the cheap test that skips analysing text without a
// match never skips text with one.
func TestSnippetProbes(t *testing.T) {
	m, err := newMapping()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		lang, query, text string
		want              bool
	}{
		{"en", "duties", "The duty applies.", true},
		{"en", "flies", "It flies.", true},
		{"en", "Inspur", "INSPUR Group", true},
		{"en", "Inspur", "Huawei and others", false},
		{"de", "Überprüfung", "die ueberpruefung, die Überprüfungen", true},
		{"de", "Straße", "in der Strasse", true},
		{"de", "Exportkontrolle", "Die Ausfuhr", false},
		{"en", `hoping`, "We hope so. " + strings.Repeat("Filler text here. ", 50) + "Hoping again.", true},
		{"en", "license", strings.Repeat("Filler text here. ", 500) + "A license (licenses) is licensed." + strings.Repeat(" More filler.", 400) + "Licenses again", true},
		{"de", "Überprüfung", strings.Repeat("Füller hier. ", 500) + "die Überprüfung. " + strings.Repeat(" Mehr Füller.", 400), true},
		{"en", "license", strings.Repeat("Filler text here. ", 50) + "A license (licenses) is licensed." + strings.Repeat(" More filler.", 40), true},
	} {
		a := m.AnalyzerNamed(tc.lang)
		hl := highlights{}
		for _, tok := range a.Analyze([]byte(tc.query)) {
			hl["f"] = append(hl["f"], pattern{words: []string{string(tok.Term)}})
		}
		var got []span
		windows(tc.text, hl.probes("f"), tc.lang != "en", func(lo, hi int) bool {
			got = append(got, matchSpans(a.Analyze([]byte(tc.text[lo:hi])), hl["f"], lo)...)
			return true
		})
		want := matchSpans(a.Analyze([]byte(tc.text)), hl["f"], 0)
		if diff := cmp.Diff(want, got, cmp.AllowUnexported(span{})); diff != "" {
			t.Errorf("%s: %q in %q: spans in windows (-whole text +windows):\n%s", tc.lang, tc.query, tc.text, diff)
		}
		if (len(want) > 0) != tc.want {
			t.Errorf("%s: %q in %q: %d spans, want any = %v", tc.lang, tc.query, tc.text, len(want), tc.want)
		}
	}
}

// TestReopenInFreshProcess: a process that has not created an index
// (here: this test binary run again) opens one and searches it. The
// mapping names the gram filter, which Open must register first.
func TestReopenInFreshProcess(t *testing.T) {
	if path := os.Getenv("EXPORTWATCH_REOPEN_INDEX"); path != "" {
		ix, err := Open(path, nil)
		if err != nil {
			fmt.Println("open:", err)
			os.Exit(3)
		}
		r, err := ix.Search(context.Background(), Query{Text: `"entity list"`})
		if err != nil || r.Total == 0 || len(r.Facets.Years) == 0 {
			fmt.Println("search:", r.Total, r.Facets.Years, err)
			os.Exit(4)
		}
		os.Exit(0)
	}
	ix, path := openTest(t)
	if err := ix.Close(); err != nil { // the child needs the lock
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run", "^TestReopenInFreshProcess$")
	cmd.Env = append(os.Environ(), "EXPORTWATCH_REOPEN_INDEX="+path)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("fresh process: %v\n%s", err, out)
	}
}

func TestIndexFold(t *testing.T) {
	for _, tc := range []struct {
		s, p string
		want int
	}{
		{"The Entity List", "entiti", -1}, {"The Entity List", "entit", 4}, {"INSPUR group", "inspu", 0},
		{"a lIcEnse", "lice", 2}, {"", "x", -1}, {"x", "", 0}, {"abc", "abcd", -1}, {"xxAbAbc", "abc", 4},
		{"Über 7", "7", 6},
	} {
		if got := indexFold(tc.s, tc.p); got != tc.want {
			t.Errorf("indexFold(%q, %q) = %d, want %d", tc.s, tc.p, got, tc.want)
		}
	}
}
