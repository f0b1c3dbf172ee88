package server

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/exportwatch/exportwatch/doc"
	"github.com/exportwatch/exportwatch/index"
	"github.com/exportwatch/exportwatch/store"
)

// TestBidiNeutralised: a crawled title and abstract holding right-to-left
// overrides, embeddings and isolates (issue 15.8) reach no page and no
// feed with those characters; the text around them stays.
func TestBidiNeutralised(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st, err := store.Open(ctx, filepath.Join(dir, "exportwatch.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ix, err := index.Open(filepath.Join(dir, "index"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	d := doc.Document{
		ID: "feed:bidi", Source: "some-feed", Kind: "press", URL: "https://example.org/x", Language: "en",
		Title:     "Entity List \u202eFDP.exe\u202c update \u2066isolated\u2069 \u202aembedded\u202c \u202boverride\u202c",
		Abstract:  "Summary \u202dleft\u202c and \u2067right\u2069 and \u2068first\u2069 strong.",
		Body:      "Body of the entity list update.",
		Published: day("2025-03-01"),
	}
	if _, err := st.SaveVersion(ctx, d, doc.Classification{Labels: []string{doc.LabelEntityAddition}, Countries: []string{"CN"}}, matchAll{}); err != nil {
		t.Fatal(err)
	}
	indexPending(t, st, ix)
	h := New(Config{}, Deps{Store: st, Index: ix}, nil).Handler()
	for _, path := range []string{
		"/?q=entity", "/documents/feed:bidi", "/countries/CN",
		"/feeds/search.atom?q=entity", "/feeds/search.json?q=entity",
		"/feeds/all.atom", "/feeds/all.json", "/feeds/countries/CN.atom", "/feeds/labels/entity_addition.atom",
	} {
		res, body := do(t, h, "GET", path, nil)
		if res.StatusCode != 200 {
			t.Errorf("GET %s: %d", path, res.StatusCode)
			continue
		}
		if i := strings.IndexAny(body, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"); i >= 0 {
			t.Errorf("GET %s: bidi control at byte %d: %q", path, i, body[max(0, i-40):min(len(body), i+40)])
		}
		mustContain(t, path, body, "FDP.exe update isolated embedded override")
	}
	if _, body := do(t, h, "GET", "/documents/feed:bidi", nil); !strings.Contains(body, "Summary left and right and first strong.") {
		t.Errorf("document page lacks the neutralised abstract")
	}
}

func TestNeutralizeBidi(t *testing.T) {
	for in, want := range map[string]string{
		"plain":                           "plain",
		"a\u202eb\u202cc":                 "abc",
		"\u2066\u2067\u2068\u2069":        "",
		"Hebrew \u05e9\u05dc\u05d5\u05dd": "Hebrew \u05e9\u05dc\u05d5\u05dd",
		"marks \u200e\u200f stay":         "marks \u200e\u200f stay",
	} {
		if got := neutralizeBidi(in); got != want {
			t.Errorf("neutralizeBidi(%q) = %q, want %q", in, got, want)
		}
	}
}
