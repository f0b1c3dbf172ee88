package plain_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/exportwatch/exportwatch/index"
	"github.com/exportwatch/exportwatch/index/plain"
	"github.com/exportwatch/exportwatch/internal/synth"
)

// BenchmarkBuild indexes 1,000 documents of 1-40 KB (as exportwatch-bench)
// into the project's index and into plain Bleve: compare their CPU
// profiles (-cpuprofile) to see where building differs.
func BenchmarkBuild(b *testing.B) {
	g := synth.New(1)
	g.MinBody, g.MaxBody = 1<<10, 40<<10
	items := make([]index.Item, 1000)
	var text int64
	for i := range items {
		d, c := g.Document(i)
		items[i] = index.Item{Document: d, Classification: c, Version: 1}
		text += int64(len(d.Title) + len(d.Abstract) + len(d.Body))
	}
	type target interface {
		Index(context.Context, []index.Item) error
		Close() error
	}
	for _, tc := range []struct {
		name string
		open func(path string) (target, error)
	}{
		{"index", func(p string) (target, error) { return index.Open(p, nil) }},
		{"plain", func(p string) (target, error) { return plain.Open(p) }},
	} {
		b.Run(tc.name, func(b *testing.B) {
			b.SetBytes(text)
			for b.Loop() {
				t, err := tc.open(filepath.Join(b.TempDir(), tc.name))
				if err != nil {
					b.Fatal(err)
				}
				if err := t.Index(context.Background(), items); err != nil {
					b.Fatal(err)
				}
				if err := t.Close(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
