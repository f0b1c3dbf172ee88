package index

import (
	"context"
	"encoding/json"
	"maps"
	"slices"
	"sync"
	"time"
)

// resultCache remembers search results until the index changes. Analysts
// share URLs and everyone opens the same home page: the facets of a large
// result set cost hundreds of milliseconds, the cache a map lookup. Each
// entry records the index generation it was computed at; any batch bumps
// the generation, so a cached result is never older than the index.
// Identical searches running at the same time are computed once.
type resultCache struct {
	mu      sync.Mutex
	gen     uint64
	entries map[string]cacheEntry
	max     int
	flights flightGroup
}

type cacheEntry struct {
	gen uint64
	res Result
}

func newResultCache(max int) *resultCache {
	return &resultCache{entries: map[string]cacheEntry{}, max: max}
}

// invalidate is called after every change to the index.
func (c *resultCache) invalidate() {
	c.mu.Lock()
	c.gen++
	clear(c.entries)
	c.mu.Unlock()
}

// search returns the cached result of q or computes it with run.
func (c *resultCache) search(ctx context.Context, q Query, run func(context.Context, Query) (Result, error)) (Result, error) {
	t0 := time.Now()
	kb, err := json.Marshal(q)
	if err != nil {
		return run(ctx, q)
	}
	key := string(kb)
	c.mu.Lock()
	gen := c.gen
	e, ok := c.entries[key]
	c.mu.Unlock()
	if ok && e.gen == gen {
		res := e.res.clone()
		res.Took = time.Since(t0)
		return res, nil
	}
	v, err := c.flights.do(ctx, key, func(ctx context.Context) (Result, error) {
		res, err := run(ctx, q)
		if err != nil {
			return Result{}, err
		}
		c.mu.Lock()
		if c.gen == gen {
			if len(c.entries) >= c.max {
				clear(c.entries)
			}
			c.entries[key] = cacheEntry{gen: gen, res: res}
		}
		c.mu.Unlock()
		return res, nil
	})
	if err != nil {
		return Result{}, err
	}
	res := v.clone()
	if res.Took == 0 {
		res.Took = time.Since(t0)
	}
	return res, nil
}

// clone copies what a caller might modify, so cached results stay intact.
func (r Result) clone() Result {
	out := r
	out.Hits = make([]Hit, len(r.Hits))
	for i, h := range r.Hits {
		h.Labels = slices.Clone(h.Labels)
		h.Countries = slices.Clone(h.Countries)
		out.Hits[i] = h
	}
	out.Facets = Facets{
		Labels:    maps.Clone(r.Facets.Labels),
		Countries: maps.Clone(r.Facets.Countries),
		Sources:   maps.Clone(r.Facets.Sources),
		Years:     maps.Clone(r.Facets.Years),
		Agencies:  maps.Clone(r.Facets.Agencies),
	}
	return out
}

// searchCacheSize bounds the cached results (a result is about 20 hits
// with snippets and five facet maps: a few KB).
const searchCacheSize = 512

// SearchUncached runs q without the result cache: for benchmarks that
// measure the search itself.
func (ix *Index) SearchUncached(ctx context.Context, q Query) (Result, error) {
	return ix.search(ctx, q)
}
