package index

import "context"

// itemTexts serves the texts of items, as the store does for the service.
func itemTexts(items []Item) TextSource {
	m := make(map[string]Text, len(items))
	for _, it := range items {
		m[it.Document.ID] = Text{Abstract: it.Document.Abstract, Body: it.Document.Body}
	}
	return TextFunc(func(_ context.Context, ids []string) (map[string]Text, error) {
		out := make(map[string]Text, len(ids))
		for _, id := range ids {
			if t, ok := m[id]; ok {
				out[id] = t
			}
		}
		return out, nil
	})
}
