package pipeline

import (
	"context"
	"errors"
	"fmt"

	"github.com/exportwatch/exportwatch/index"
	"github.com/exportwatch/exportwatch/store"
)

// DocumentReader reads the current version of a document.
type DocumentReader interface {
	Document(ctx context.Context, id string) (store.StoredDocument, error)
}

// StoreTexts serves the index the texts it does not keep (bodies, for
// the snippets of a page of hits) from the store, the source of truth.
// Documents the store does not know are left out.
type StoreTexts struct {
	Store DocumentReader
}

// Texts implements index.TextSource.
func (s StoreTexts) Texts(ctx context.Context, ids []string) (map[string]index.Text, error) {
	out := make(map[string]index.Text, len(ids))
	for _, id := range ids {
		d, err := s.Store.Document(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return out, fmt.Errorf("pipeline: texts of %s: %w", id, err)
		}
		out[id] = index.Text{Abstract: d.Abstract, Body: d.Body}
	}
	return out, nil
}
