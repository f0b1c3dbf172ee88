package index

import (
	"fmt"
	"sync"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/numeric"
	bleveindex "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// table is the doc values of one segment that sorting by date and the
// facets need, read once: a search then looks a hit's date and facet
// values up by its local document number instead of visiting its doc
// values through Bleve, which decodes them hit by hit. Segments never
// change once written, so neither does their table.
type table struct {
	published []int64 // Unix nanoseconds; valid where hasPublished
	hasPub    []bool
	facets    []column // parallel to facetFields
}

// column is the values of one multi-valued keyword field: document n has
// terms[ords[start[n]:start[n+1]]].
type column struct {
	terms []string
	start []uint32 // len = documents + 1
	ords  []uint32
}

// values returns the term ordinals of local document n.
func (c *column) values(n uint64) []uint32 { return c.ords[c.start[n]:c.start[n+1]] }

// tableFields are the doc value fields a table reads.
var tableFields = func() []string {
	fs := []string{fPublished}
	for _, f := range facetFields {
		fs = append(fs, f.field)
	}
	return fs
}()

// readTable reads the table of seg. It fails on a segment without doc
// values (one Bleve keeps in memory only, or of an unknown kind).
func readTable(seg segment.Segment) (*table, error) {
	dv, ok := seg.(segment.DocValueVisitable)
	if !ok {
		return nil, fmt.Errorf("segment %T has no doc values", seg)
	}
	n := seg.Count()
	t := &table{
		published: make([]int64, n),
		hasPub:    make([]bool, n),
		facets:    make([]column, len(facetFields)),
	}
	col := make(map[string]int, len(facetFields))
	dicts := make([]map[string]uint32, len(facetFields))
	for i, f := range facetFields {
		col[f.field] = i
		dicts[i] = map[string]uint32{}
		t.facets[i].start = make([]uint32, 1, n+1)
	}
	var doc uint64
	visit := func(field string, term []byte) {
		if field == fPublished {
			// A date is indexed at several precisions; the full one
			// (shift 0) is the value, as Bleve's sort takes it.
			if valid, shift := numeric.ValidPrefixCodedTermBytes(term); valid && shift == 0 {
				if v, err := numeric.PrefixCoded(term).Int64(); err == nil && !t.hasPub[doc] {
					t.published[doc], t.hasPub[doc] = v, true
				}
			}
			return
		}
		i, ok := col[field]
		if !ok {
			return
		}
		o, ok := dicts[i][string(term)]
		if !ok {
			o = uint32(len(t.facets[i].terms))
			s := string(term)
			dicts[i][s] = o
			t.facets[i].terms = append(t.facets[i].terms, s)
		}
		t.facets[i].ords = append(t.facets[i].ords, o)
	}
	var state segment.DocVisitState
	for doc = 0; doc < n; doc++ {
		var err error
		if state, err = dv.VisitDocValues(doc, tableFields, visit, state); err != nil {
			return nil, fmt.Errorf("doc values of document %d: %w", doc, err)
		}
		for i := range t.facets {
			t.facets[i].start = append(t.facets[i].start, uint32(len(t.facets[i].ords)))
		}
	}
	return t, nil
}

// tables caches the table of each segment by its ID, which scorch never
// gives to two segments of one open index. A reopened index (see
// liveIndex) may give the ID of a segment lost with the old one to
// another: the cache holds the tables of one open index, its owner.
type tables struct {
	mu    sync.Mutex
	owner bleveindex.Index
	m     map[uint64]*tableEntry
}

type tableEntry struct {
	once sync.Once
	t    *table
	err  error
}

func newTables() *tables { return &tables{m: map[uint64]*tableEntry{}} }

// of returns the tables of the segments of a snapshot of owner, reading
// those not yet cached, and forgets the tables of segments it no longer
// holds (merged away) when they pile up.
func (ts *tables) of(owner bleveindex.Index, segs []*scorch.SegmentSnapshot) ([]*table, error) {
	entries := make([]*tableEntry, len(segs))
	ts.mu.Lock()
	if ts.owner != owner {
		ts.owner, ts.m = owner, map[uint64]*tableEntry{}
	}
	for i, s := range segs {
		e, ok := ts.m[s.Id()]
		if !ok {
			e = &tableEntry{}
			ts.m[s.Id()] = e
		}
		entries[i] = e
	}
	if len(ts.m) > 2*len(segs)+8 {
		live := make(map[uint64]bool, len(segs))
		for _, s := range segs {
			live[s.Id()] = true
		}
		for id := range ts.m {
			if !live[id] {
				delete(ts.m, id)
			}
		}
	}
	ts.mu.Unlock()

	out := make([]*table, len(segs))
	for i, e := range entries {
		e.once.Do(func() { e.t, e.err = readTable(segs[i].Segment()) })
		if e.err != nil {
			ts.mu.Lock()
			if ts.m[segs[i].Id()] == e {
				delete(ts.m, segs[i].Id()) // the next search tries again
			}
			ts.mu.Unlock()
			return nil, fmt.Errorf("segment %d: %w", segs[i].Id(), e.err)
		}
		out[i] = e.t
	}
	return out, nil
}
