package index

import (
	"context"
	"fmt"
	"io/fs"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/exportwatch/exportwatch/internal/synth"
)

// synthItems returns n synthetic Federal-Register-sized items.
func synthItems(n int) []Item {
	g := synth.New(1)
	items := make([]Item, n)
	for i := range items {
		d, c := g.Document(i)
		items[i] = Item{Document: d, Classification: c, Version: 1}
	}
	return items
}

// cpuTime is the user+sys CPU time of the process so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func diskBytes(b *testing.B, path string) int64 {
	var size int64
	err := filepath.WalkDir(path, func(_ string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		fi, err := d.Info()
		if err == nil {
			size += fi.Size()
		}
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	return size
}

// BenchmarkIndexBatch indexes batches of 100 synthetic documents and
// reports throughput and the on-disk size per document. For the
// comparison with plain Bleve, run cmd/exportwatch-bench.
func BenchmarkIndexBatch(b *testing.B) {
	const batch = 100
	items := synthItems(500)
	path := filepath.Join(b.TempDir(), "index")
	ix, err := Open(path, nil)
	if err != nil {
		b.Fatal(err)
	}
	docs := 0
	cpu0 := cpuTime()
	for b.Loop() {
		start := (docs / batch % (len(items) / batch)) * batch
		chunk := make([]Item, batch)
		for i := range chunk {
			chunk[i] = items[start+i]
			chunk[i].Document.ID = fmt.Sprintf("%s-%d", items[start+i].Document.ID, docs+i)
		}
		if err := ix.Index(context.Background(), chunk); err != nil {
			b.Fatal(err)
		}
		docs += batch
	}
	b.ReportMetric(float64(docs)/b.Elapsed().Seconds(), "docs/s")
	// CPU time (user+sys, all goroutines) is robust to other load on the
	// machine, unlike docs/s.
	b.ReportMetric(float64(docs)/(cpuTime()-cpu0).Seconds(), "docs/cpu-s")
	if err := ix.Close(); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(diskBytes(b, path))/float64(docs), "disk-bytes/doc")
}

// BenchmarkSearch runs typical queries with facets and snippets on 1,000
// synthetic documents.
func BenchmarkSearch(b *testing.B) {
	path := filepath.Join(b.TempDir(), "index")
	ix, err := Open(path, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	items := synthItems(1000)
	ix.SetTextSource(itemTexts(items))
	if err := ix.Index(context.Background(), items); err != nil {
		b.Fatal(err)
	}
	for name, q := range map[string]Query{
		"word":         {Text: "Inspur"},
		"phrase+field": {Text: `+"entity list" +country:CN`},
		"phrase":       {Text: `"entity list" country:CN`},
		"phrase3":      {Text: `"advanced computing items"`},
		"filters":      {Labels: []string{"entity_addition"}, Countries: []string{"CN"}, Sort: "newest"},
		"german":       {Text: "Exportkontrolle"},
		"match_all":    {Sort: "newest"},
	} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if _, err := ix.SearchUncached(context.Background(), q); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkHasPhrase checks the bodies of synthetic documents for a
// phrase of three words, as a long phrase's verification does for each
// candidate (maxVerified bounds them).
func BenchmarkHasPhrase(b *testing.B) {
	m, err := newMapping()
	if err != nil {
		b.Fatal(err)
	}
	items := synthItems(200)
	a := m.AnalyzerNamed("en")
	var size int64
	for _, it := range items {
		size += int64(len(it.Document.Body))
	}
	b.SetBytes(size / int64(len(items)))
	found := 0
	for i := 0; b.Loop(); i++ {
		it := items[i%len(items)]
		if hasPhrase(a, "en", it.Document.Body, []string{"advanc", "comput", "item"}) {
			found++
		}
	}
	b.ReportMetric(float64(found)/float64(b.N), "found/op")
}
