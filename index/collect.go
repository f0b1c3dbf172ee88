package index

import (
	"cmp"
	"container/heap"
	"context"
	"fmt"
	"slices"
	"sort"
	"time"

	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search"
)

// sortKind is the order of hits; ties fall back to newest (for
// relevance), then to the document ID, as sortOrder tells Bleve.
type sortKind int

const (
	byRelevance sortKind = iota
	byNewest
	byOldest
)

// checkDoneEvery is how many hits pass between two looks at the context.
const checkDoneEvery = 1024

// collected is what collect found: the total, the page's hits (ID,
// score and the stored hitFields, as Bleve returns them) and the facet
// counts (nil when not asked for).
type collected struct {
	total  uint64
	hits   []*search.DocumentMatch
	facets map[string]map[string]int // facet name → value → count
}

// candidate is a hit that may reach the page.
type candidate struct {
	score  float64
	pub    int64
	hasPub bool
	seg    int
	local  uint64
	id     string // read only when two candidates tie on score and date
}

// collector ranks and counts the hits of one search over one snapshot.
// It is what Bleve's TopN collector and terms facet builders compute,
// with the date and facet values taken from the segments' tables.
type collector struct {
	segs    []*scorch.SegmentSnapshot
	offsets []uint64 // global number of each segment's first document
	tabs    []*table
	order   sortKind
	k       int // offset + limit: the candidates kept
	top     candidates
	probe   candidate // the hit compared with the page's lowest
	counts  [][][]int // segment → facet → term ordinal → hits; nil: no facets
	filters *filters
	allowed [][][]bool // segment → facet → term ordinal → passes the filter; nil: not yet compiled
	err     error      // of reading a document ID
	total   uint64
}

// collect runs s over the snapshot (nil: every document, unscored) and
// returns the hits offset to offset+limit in the order, the total and,
// if facets, the facet counts.
func collect(ctx context.Context, snap *scorch.IndexSnapshot, tabs []*table, s search.Searcher,
	f *filters, order sortKind, offset, limit int, facets bool) (collected, error) {
	segs := snap.Segments()
	c := &collector{segs: segs, tabs: tabs, order: order, k: offset + limit, filters: f, allowed: make([][][]bool, len(segs))}
	c.top.c = c
	c.offsets = make([]uint64, len(segs)+1)
	for i, sg := range segs {
		c.offsets[i+1] = c.offsets[i] + sg.Segment().Count()
	}
	if facets {
		c.counts = make([][][]int, len(segs))
	}
	var out collected
	var err error
	if s == nil {
		err = c.every(ctx)
	} else {
		err = c.search(ctx, snap, s)
	}
	if err != nil {
		return collected{}, err
	}
	out.total = c.total
	if facets {
		out.facets = c.facetCounts()
	}
	ranked := slices.Clone(c.top.list)
	slices.SortFunc(ranked, func(a, b *candidate) int {
		if c.before(a, b) {
			return -1
		}
		return 1
	})
	if c.err != nil {
		return collected{}, c.err
	}
	if offset >= len(ranked) {
		return out, nil
	}
	for _, h := range ranked[offset:] {
		m, err := c.stored(h)
		if err != nil {
			return collected{}, err
		}
		out.hits = append(out.hits, m)
	}
	return out, nil
}

// search collects the hits of s.
func (c *collector) search(ctx context.Context, snap *scorch.IndexSnapshot, s search.Searcher) error {
	sctx := &search.SearchContext{
		DocumentMatchPool: search.NewDocumentMatchPool(s.DocumentMatchPoolSize()+1, 0),
		IndexReader:       snap,
	}
	cur := 0 // segment of the last hit: hits come in document order
	for seen := 0; ; seen++ {
		if seen%checkDoneEvery == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		d, err := s.Next(sctx)
		if err != nil {
			return err
		}
		if d == nil {
			return nil
		}
		doc := d.IndexInternalID.Value()
		if doc < c.offsets[cur] || doc >= c.offsets[cur+1] {
			cur = sort.Search(len(c.segs), func(i int) bool { return c.offsets[i+1] > doc })
			if cur == len(c.segs) {
				return fmt.Errorf("hit %d beyond the snapshot's %d documents", doc, c.offsets[len(c.segs)])
			}
		}
		c.hit(d.Score, cur, doc-c.offsets[cur])
		sctx.DocumentMatchPool.Put(d)
		if c.err != nil {
			return c.err
		}
	}
}

// every collects every live document, unscored: what Bleve's match-all
// searcher finds, without a DocumentMatch per document.
func (c *collector) every(ctx context.Context) error {
	for seg, ss := range c.segs {
		if err := ctx.Err(); err != nil {
			return err
		}
		it := ss.DocNumbersLive().Iterator()
		for it.HasNext() {
			c.hit(0, seg, uint64(it.Next()))
		}
		if c.err != nil {
			return c.err
		}
	}
	return nil
}

// hit takes one hit that passes the filters.
func (c *collector) hit(score float64, seg int, local uint64) {
	if c.keep(seg, local) {
		c.total++
		c.add(score, seg, local)
	}
}

// keep reports whether a hit passes the filters.
func (c *collector) keep(seg int, local uint64) bool {
	f, t := c.filters, c.tabs[seg]
	if f.dated {
		p := t.published[local]
		if !t.hasPub[local] || p < f.from || p >= f.to {
			return false
		}
	}
	if c.allowed[seg] == nil {
		c.allowed[seg] = make([][]bool, len(t.facets))
		for i, vals := range f.anyOf {
			if vals == nil {
				continue
			}
			ok := make([]bool, len(t.facets[i].terms))
			for o, term := range t.facets[i].terms {
				ok[o] = slices.Contains(vals, term)
			}
			c.allowed[seg][i] = ok
		}
	}
	for i, ok := range c.allowed[seg] {
		if ok == nil {
			continue
		}
		if !slices.ContainsFunc(t.facets[i].values(local), func(o uint32) bool { return ok[o] }) {
			return false
		}
	}
	return true
}

// add counts the hit's facet values and offers it to the page.
func (c *collector) add(score float64, seg int, local uint64) {
	t := c.tabs[seg]
	if c.counts != nil {
		if c.counts[seg] == nil {
			c.counts[seg] = make([][]int, len(t.facets))
			for i := range t.facets {
				c.counts[seg][i] = make([]int, len(t.facets[i].terms))
			}
		}
		for i := range t.facets {
			n := c.counts[seg][i]
			for _, o := range t.facets[i].values(local) {
				n[o]++
			}
		}
	}
	if c.k <= 0 {
		return
	}
	if len(c.top.list) < c.k {
		heap.Push(&c.top, &candidate{score: score, pub: t.published[local], hasPub: t.hasPub[local], seg: seg, local: local})
		return
	}
	// Most hits do not reach the page: they are compared in place, not
	// allocated.
	c.probe = candidate{score: score, pub: t.published[local], hasPub: t.hasPub[local], seg: seg, local: local}
	worst := c.top.list[0]
	if !c.before(&c.probe, worst) {
		return
	}
	*worst = c.probe
	heap.Fix(&c.top, 0)
}

// before reports whether a ranks above b.
func (c *collector) before(a, b *candidate) bool {
	if c.order == byRelevance && a.score != b.score {
		return a.score > b.score
	}
	if a.hasPub != b.hasPub {
		return a.hasPub // a document without a date comes last either way
	}
	if a.pub != b.pub {
		if c.order == byOldest {
			return a.pub < b.pub
		}
		return a.pub > b.pub
	}
	return c.id(a) < c.id(b)
}

// id is the candidate's document ID, read from the segment once.
func (c *collector) id(h *candidate) string {
	if h.id == "" {
		b, err := c.segs[h.seg].DocID(h.local)
		if err != nil && c.err == nil {
			c.err = fmt.Errorf("document ID of hit %d in segment %d: %w", h.local, c.segs[h.seg].Id(), err)
		}
		h.id = string(b)
	}
	return h.id
}

// stored is the hit as Bleve returns it: ID, score and the stored
// hitFields (a field with several values as a slice; a date as text).
func (c *collector) stored(h *candidate) (*search.DocumentMatch, error) {
	m := &search.DocumentMatch{Score: h.score}
	err := c.segs[h.seg].VisitDocument(h.local, func(name string, typ byte, val []byte, _ []uint64) bool {
		if name == "_id" {
			m.ID = string(val)
			return true
		}
		if !slices.Contains(hitFields, name) {
			return true
		}
		switch typ {
		case 't':
			m.AddFieldValue(name, string(val))
		case 'd':
			t, layout, err := document.NewDateTimeFieldFromBytes(name, nil, val).DateTime()
			if err != nil {
				return true
			}
			if layout == "" {
				layout = time.RFC3339
			}
			m.AddFieldValue(name, t.Format(layout))
		}
		return true
	})
	if err != nil {
		return nil, fmt.Errorf("stored fields of hit %d in segment %d: %w", h.local, c.segs[h.seg].Id(), err)
	}
	if m.ID == "" {
		m.ID = c.id(h)
	}
	return m, c.err
}

// facetCounts merges the segments' counts and keeps, per facet, the
// values Bleve's terms facet keeps: the most frequent, ties by value.
func (c *collector) facetCounts() map[string]map[string]int {
	out := make(map[string]map[string]int, len(facetFields))
	for i, f := range facetFields {
		all := map[string]int{}
		for seg, per := range c.counts {
			if per == nil {
				continue
			}
			for o, n := range per[i] {
				if n > 0 {
					all[c.tabs[seg].facets[i].terms[o]] += n
				}
			}
		}
		out[f.name] = topValues(all, f.size)
	}
	return out
}

// topValues keeps the size most frequent values of counts, ties broken
// by the smaller value (search.TermFacets' order).
func topValues(counts map[string]int, size int) map[string]int {
	if len(counts) <= size {
		return counts
	}
	type tc struct {
		term string
		n    int
	}
	l := make([]tc, 0, len(counts))
	for t, n := range counts {
		l = append(l, tc{t, n})
	}
	slices.SortFunc(l, func(a, b tc) int {
		if a.n != b.n {
			return cmp.Compare(b.n, a.n)
		}
		return cmp.Compare(a.term, b.term)
	})
	out := make(map[string]int, size)
	for _, e := range l[:size] {
		out[e.term] = e.n
	}
	return out
}

// candidates is a heap whose root is the lowest ranked candidate.
type candidates struct {
	c    *collector
	list []*candidate
}

func (h *candidates) Len() int           { return len(h.list) }
func (h *candidates) Less(i, j int) bool { return h.c.before(h.list[j], h.list[i]) }
func (h *candidates) Swap(i, j int)      { h.list[i], h.list[j] = h.list[j], h.list[i] }
func (h *candidates) Push(x any)         { h.list = append(h.list, x.(*candidate)) }
func (h *candidates) Pop() any {
	x := h.list[len(h.list)-1]
	h.list = h.list[:len(h.list)-1]
	return x
}
