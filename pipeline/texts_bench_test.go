package pipeline

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/exportwatch/exportwatch/internal/synth"
	"github.com/exportwatch/exportwatch/store"
)

// BenchmarkStoreTexts reads the texts of 64 documents from a SQLite store
// of 1,000 generated ones (bodies 1-40 KB): what a long phrase's check
// reads per chunk, and what a page of snippets reads.
func BenchmarkStoreTexts(b *testing.B) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(b.TempDir(), "exportwatch.db"), nil)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	g := synth.New(1)
	var ids []string
	for i := range 1000 {
		d, c := g.Document(i)
		if _, err := st.SaveVersion(ctx, d, c, nil); err != nil {
			b.Fatal(err)
		}
		ids = append(ids, d.ID)
	}
	src := StoreTexts{Store: st}
	for _, n := range []int{20, 64} {
		b.Run(fmt.Sprintf("%d", n), func(b *testing.B) {
			for i := 0; b.Loop(); i++ {
				at := (i * n) % (len(ids) - n)
				got, err := src.Texts(ctx, ids[at:at+n])
				if err != nil || len(got) != n {
					b.Fatalf("Texts: %d of %d, %v", len(got), n, err)
				}
			}
		})
	}
}
