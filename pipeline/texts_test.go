package pipeline

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/exportwatch/exportwatch/doc"
	"github.com/exportwatch/exportwatch/index"
	"github.com/exportwatch/exportwatch/store"
)

// TestStoreTextsSnippets: with the store as its text source, the index
// cuts snippets from bodies it does not keep.
func TestStoreTextsSnippets(t *testing.T) {
	ctx := context.Background()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	dir := t.TempDir()
	st, err := store.Open(ctx, filepath.Join(dir, "exportwatch.db"), log)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	d := doc.Document{ID: "fr:2025-1", Source: "federal-register", Kind: "rule", Language: "en",
		Title: "Additions to the Entity List", Abstract: "BIS amends the EAR.",
		Body: "This rule adds Inspur Group to the Entity List.", Published: time.Date(2025, 1, 15, 0, 0, 0, 0, time.UTC)}
	if _, err := st.SaveVersion(ctx, d, doc.Classification{}, nil); err != nil {
		t.Fatal(err)
	}
	got, err := StoreTexts{Store: st}.Texts(ctx, []string{"fr:2025-1", "unknown"})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[string]index.Text{"fr:2025-1": {Abstract: d.Abstract, Body: d.Body}}, got); diff != "" {
		t.Errorf("Texts (-want +got):\n%s", diff)
	}

	ix, err := index.Open(filepath.Join(dir, "index.bleve"), log)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	ix.SetTextSource(StoreTexts{Store: st})
	if err := ix.Index(ctx, []index.Item{{Document: d, Version: 1}}); err != nil {
		t.Fatal(err)
	}
	r, err := ix.Search(ctx, index.Query{Text: "Inspur"})
	if err != nil || len(r.Hits) != 1 {
		t.Fatalf("Search: %+v, %v", r, err)
	}
	if want := "This rule adds <mark>Inspur</mark> Group to the Entity List."; r.Hits[0].Snippet != want {
		t.Errorf("snippet %q, want %q", r.Hits[0].Snippet, want)
	}
}
