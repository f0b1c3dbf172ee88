package notify

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/exportwatch/exportwatch/doc"
)

// TestBackfillDigestInSubscribersTerms: the window is by publication date,
// each matching document is listed once, and the digest speaks only of the
// subscriber's labels and countries (worldwide rules included).
func TestBackfillDigestInSubscribersTerms(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	n := New(st, nil, Config{}, nil)
	save := func(i int, published string, ccs []string, labels ...string) {
		t.Helper()
		d, c := testDoc(i, ccs, labels...)
		d.Published, _ = time.Parse(time.DateOnly, published)
		if _, err := st.SaveVersion(ctx, d, c, nil); err != nil {
			t.Fatal(err)
		}
	}
	// All first seen now; published across three years.
	save(1, "2025-03-01", []string{"CN", "TW", "AE", "RU", "IR", "PK"}, doc.LabelEntityAddition, doc.LabelTierChange, doc.LabelEntityRevision)
	save(2, "2025-04-01", []string{"TW"}, doc.LabelEntityAddition)
	save(3, "2025-05-01", nil, doc.LabelEntityAddition) // worldwide
	save(4, "2025-06-01", []string{"CN"}, doc.LabelQuotaChange)
	save(5, "2023-01-10", []string{"CN"}, doc.LabelEntityAddition) // before the window
	save(6, "2025-07-01", []string{"CN"}, doc.LabelEntityAddition)

	sub := doc.Subscription{ID: 1, Name: "CN entities", Countries: []string{"CN"}, Labels: []string{doc.LabelEntityAddition}, Channel: doc.ChannelFeed}
	items, err := n.BackfillItems(ctx, sub, time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, it := range items {
		ids = append(ids, it.Event.DocumentID)
	}
	if got, want := strings.Join(ids, " "), "fr:2025-00001 fr:2025-00003 fr:2025-00006"; got != want {
		t.Fatalf("backfill documents %q, want %q (by publication date, CN or worldwide, entity additions)", got, want)
	}
	text := Renderer{}.PlainText(Notification{Subscription: sub, Items: items, Digest: true, Title: "backfill"})
	for _, title := range []string{"Additions to the Entity List 1 (", "Additions to the Entity List 3 (", "Additions to the Entity List 6 ("} {
		if c := strings.Count(text, title); c != 1 {
			t.Errorf("%q listed %d times, want once:\n%s", strings.TrimSpace(title), c, text)
		}
	}
	for _, other := range []string{"Tier change", "Entity List revision", "TW", "RU", "PK"} {
		if strings.Contains(text, other) {
			t.Errorf("digest mentions %q, which the subscriber did not ask for:\n%s", other, text)
		}
	}
	if !strings.Contains(text, "Worldwide") {
		t.Errorf("the worldwide rule is not marked worldwide:\n%s", text)
	}
}
