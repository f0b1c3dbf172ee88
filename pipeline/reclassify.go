package pipeline

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/exportwatch/exportwatch/classifier"
	"github.com/exportwatch/exportwatch/doc"
	"github.com/exportwatch/exportwatch/store"
)

// Archive is what Reclassify needs of the store.
type Archive interface {
	Documents(ctx context.Context, since time.Time, fn func(store.StoredDocument) error) error
	Reclassify(ctx context.Context, id string, c doc.Classification) error
}

// Reclassified counts one Reclassify pass.
type Reclassified struct {
	Documents int // documents read
	Changed   int // documents whose classification changed and was saved
}

// Reclassify runs cl over every stored document published on or after since
// (every document when since is zero) and saves each classification that
// differs from the stored one. It writes no events and no deliveries, so a
// new classifier alerts nobody; the store marks the changed documents for
// the index, which SyncIndex then catches up.
func Reclassify(ctx context.Context, st Archive, cl Classifier, since time.Time) (Reclassified, error) {
	var r Reclassified
	err := st.Documents(ctx, since, func(sd store.StoredDocument) error {
		r.Documents++
		c := cl.Classify(classifier.FromDocument(sd.Document))
		if sameClassification(c, sd.Classification) {
			return nil
		}
		r.Changed++
		return st.Reclassify(ctx, sd.ID, c)
	})
	if err != nil {
		return r, fmt.Errorf("pipeline: reclassify: %w", err)
	}
	return r, nil
}

// sameClassification compares by the stored form, so nil and empty lists
// are equal.
func sameClassification(a, b doc.Classification) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return string(ja) == string(jb)
}
