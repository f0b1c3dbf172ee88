package index

import (
	"context"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/exportwatch/exportwatch/doc"
)

func TestResultCacheInvalidatesAndCoalesces(t *testing.T) {
	c := newResultCache(4)
	var calls atomic.Int64
	release := make(chan struct{})
	run := func(ctx context.Context, q Query) (Result, error) {
		calls.Add(1)
		<-release
		return Result{Total: uint64(calls.Load()), Hits: []Hit{{ID: "a", Labels: []string{"x"}}}}, nil
	}
	ctx := context.Background()
	q := Query{Text: "inspur"}

	// Ten identical searches at once are computed once.
	var wg sync.WaitGroup
	results := make([]Result, 10)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i], _ = c.search(ctx, q, run)
		}()
	}
	for calls.Load() == 0 {
		// wait until the first computation has started
	}
	close(release)
	wg.Wait()
	if n := calls.Load(); n > 2 {
		t.Errorf("%d computations for 10 concurrent identical searches, want 1 (2 if one arrived after the first finished)", n)
	}

	// A hit returns a copy: changing it does not change the cache.
	r1, _ := c.search(ctx, q, run)
	r1.Hits[0].Labels[0] = "changed"
	r2, _ := c.search(ctx, q, run)
	if r2.Hits[0].Labels[0] != "x" {
		t.Errorf("cached result was modified through a returned copy")
	}
	before := calls.Load()
	if _, _ = c.search(ctx, q, run); calls.Load() != before {
		t.Errorf("a repeated search was computed again")
	}

	// Any change to the index invalidates.
	c.invalidate()
	if _, _ = c.search(ctx, q, run); calls.Load() != before+1 {
		t.Errorf("search after invalidate was served from the cache")
	}
}

// TestSearchSeesNewDocuments checks the cache through the real index: a
// search, a new document, the same search again.
func TestSearchSeesNewDocuments(t *testing.T) {
	ix, _ := openTest(t)
	ctx := context.Background()
	q := Query{Text: "zebrafishquota"}
	r, err := ix.Search(ctx, q)
	if err != nil || r.Total != 0 {
		t.Fatalf("before: %d, %v", r.Total, err)
	}
	items := []Item{{Document: doc.Document{ID: "fr:cache-1", Source: "federal-register", Title: "zebrafishquota rule", Language: "en"}, Version: 1}}
	if err := ix.Index(ctx, items); err != nil {
		t.Fatal(err)
	}
	if r, err = ix.Search(ctx, q); err != nil || r.Total != 1 {
		t.Errorf("after indexing: total %d, %v; want the new document (stale cache?)", r.Total, err)
	}
}

// TestOpenWarmsTables: opening an existing index reads its segment
// tables in the background; closing it at once waits for that.
func TestOpenWarmsTables(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "index")
	ix, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Index(ctx, synthItems(50)); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	ix, err = Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil { // while warming
		t.Fatal(err)
	}
	ix, err = Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	ix.warming.Wait()
	ix.tables.mu.Lock()
	n := len(ix.tables.m)
	ix.tables.mu.Unlock()
	if n == 0 {
		t.Fatal("no segment tables read after opening")
	}
	r, err := ix.SearchUncached(ctx, Query{Sort: "newest"})
	if err != nil || r.Total != 50 {
		t.Fatalf("search after warming: total %d, err %v", r.Total, err)
	}
}
