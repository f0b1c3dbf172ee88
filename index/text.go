package index

import (
	"context"
)

// Text is the text of a document that the index does not keep.
type Text struct {
	Abstract string
	Body     string
}

// TextSource reads the texts of documents by ID, for the snippets of one
// page of hits. The index does not store bodies (the store is the source
// of truth and already holds them). IDs it does not know are left out of
// the map.
type TextSource interface {
	Texts(ctx context.Context, ids []string) (map[string]Text, error)
}

// SetTextSource makes Search cut snippets from the bodies that src
// returns and check long phrases against them. Without one, snippets come
// from the stored abstracts only and a long phrase in a body matches
// word pair by word pair. It may be called at any time; searches already
// running keep the old one, and cached results are dropped, since they
// were cut from the other texts.
func (ix *Index) SetTextSource(src TextSource) {
	defer ix.cache.invalidate()
	if src == nil {
		ix.texts.Store(nil)
		return
	}
	ix.texts.Store(&src)
}

func (ix *Index) textSource() TextSource {
	if p := ix.texts.Load(); p != nil {
		return *p
	}
	return nil
}

// TextFunc adapts a function to TextSource.
type TextFunc func(ctx context.Context, ids []string) (map[string]Text, error)

// Texts calls f.
func (f TextFunc) Texts(ctx context.Context, ids []string) (map[string]Text, error) {
	return f(ctx, ids)
}
