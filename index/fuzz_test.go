package index

import (
	"errors"
	"testing"
	"time"

	"github.com/exportwatch/exportwatch/doc"
)

// FuzzQueryText: parseText (the query-string parser and field rewriter)
// never panics and rejects only with ErrBadQuery; a query it accepts also
// runs, through QueryMatcher, against a real document without an error
// that is not ErrBadQuery (which would be a 500 instead of a 400).
func FuzzQueryText(f *testing.F) {
	for _, s := range []string{
		"", "entity list", `"entity list"`, `+"entity list" -label:quota_change country:cn`,
		"title:chips", "body:quota", "entity:inspur", "country:CN", "label:entity_addition",
		"source:federal-register", "agency:industry-and-security-bureau", "kind:rule",
		"year:2025", "year:>=2025", `published:>"2025-01-01"`, `date:<="2025-02-01T00:00:00Z"`,
		"chip~2", "chip~", "ch*", "?hip", "/reg.*x/", "/[/", "body_en:x", "entity_text:x",
		"nope:field", "(", `"unclosed`, "a:b:c", `\:`, "title:", "+", "-", "!", "^2",
		"tier^3 quota^0.5", "x AND y OR NOT z", "12345", "-12.5", "country:(CN TW)",
		"label:*", "mentions:tw", "lang:DE", "stage:public_inspection", "Künstliche Intelligenz",
	} {
		f.Add(s)
	}
	m := NewQueryMatcher()
	f.Cleanup(func() { m.Close() })
	pub := time.Date(2025, 1, 15, 0, 0, 0, 0, time.UTC)
	it := Item{
		Document: doc.Document{
			ID: "fr:2025-00636", Source: "federal-register", Kind: "rule", Stage: doc.StagePublished,
			Title: "Framework for Artificial Intelligence Diffusion", Abstract: "Export quotas for advanced computing chips.",
			Body: "The Entity List additions include Inspur subsidiaries in China and Taiwan.", Language: "en",
			Published: pub, Agencies: []string{"industry-and-security-bureau"},
		},
		Classification: doc.Classification{
			Labels: []string{doc.LabelTierChange, doc.LabelEntityAddition}, Countries: []string{"CN", "TW"},
			Mentions: []string{"CN", "TW", "US"}, Entities: []doc.Entity{{Action: "add", Name: "Inspur Group", Country: "CN"}},
		},
		Version: 1,
	}

	im, err := newMapping()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string) {
		_, _, perr := parseText(text, im, nil)
		if perr != nil && !errors.Is(perr, ErrBadQuery) {
			t.Fatalf("parseText(%q) error %v does not wrap ErrBadQuery", text, perr)
		}
		_, merr := m.Matches(text, it)
		switch {
		case perr != nil && merr == nil:
			t.Errorf("parseText(%q) fails (%v) but Matches does not", text, perr)
		case perr == nil && merr != nil:
			t.Errorf("parseText(%q) accepts the query but it does not run: %v", text, merr)
		}
	})
}
