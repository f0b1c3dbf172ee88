package app

import (
	"context"
	"testing"

	"github.com/exportwatch/exportwatch/config"
	"github.com/exportwatch/exportwatch/doc"
)

// TestOpenStoreIndexName: store.index_name selects the index bookkeeping of
// the opened store, and closing it closes the database.
func TestOpenStoreIndexName(t *testing.T) {
	ctx := context.Background()
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	st, err := OpenStore(ctx, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := st.IndexName(); got != "local" {
		t.Errorf("default IndexName = %q, want %q", got, "local")
	}
	if _, err := st.SaveVersion(ctx, doc.Document{ID: "t:1", Source: "t", Title: "One"}, doc.Classification{}, nil); err != nil {
		t.Fatal(err)
	}
	items, err := st.PendingIndex(ctx, 0)
	if err != nil || len(items) != 1 {
		t.Fatalf("PendingIndex = %d items, %v", len(items), err)
	}
	if err := st.MarkIndexed(ctx, items); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}

	cfg.Store.IndexName = "web-2"
	st, err = OpenStore(ctx, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := st.IndexName(); got != "web-2" {
		t.Errorf("IndexName = %q, want web-2", got)
	}
	// The other index has not seen the document the local one marked.
	if items, err := st.PendingIndex(ctx, 0); err != nil || len(items) != 1 {
		t.Errorf("PendingIndex(web-2) = %d items, %v; want 1", len(items), err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	if err := st.Ping(ctx); err == nil {
		t.Error("Ping after Close succeeded: the database was left open")
	}

	cfg.Store.IndexName = "Bad Name"
	if st, err := OpenStore(ctx, cfg, nil); err == nil {
		st.Close()
		t.Error("OpenStore with a bad index name succeeded")
	}
}
