package pipeline

import (
	"context"
	"fmt"

	"github.com/exportwatch/exportwatch/index"
	"github.com/exportwatch/exportwatch/store"
)

// DocumentReader reads the texts of documents' current versions, many in
// one query.
type DocumentReader interface {
	CurrentTexts(ctx context.Context, ids []string) (map[string]store.DocumentText, error)
}

// StoreTexts serves the index the texts it does not keep (bodies, for
// the snippets of a page of hits and the check of a long phrase's
// candidates) from the store, the source of truth, in one query per call.
// Documents the store does not know are left out.
type StoreTexts struct {
	Store DocumentReader
}

// Texts implements index.TextSource.
func (s StoreTexts) Texts(ctx context.Context, ids []string) (map[string]index.Text, error) {
	docs, err := s.Store.CurrentTexts(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("pipeline: texts of %d documents: %w", len(ids), err)
	}
	out := make(map[string]index.Text, len(docs))
	for id, d := range docs {
		out[id] = index.Text{Abstract: d.Abstract, Body: d.Body}
	}
	return out, nil
}
