package notify

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/exportwatch/exportwatch/doc"
	"github.com/exportwatch/exportwatch/internal/notifytest"
)

// TestBackfillDigestInSubscribersTerms: the window is by publication date,
// each matching document is listed once, and the digest speaks only of the
// subscriber's labels and countries (worldwide rules included).
func TestBackfillDigestInSubscribersTerms(t *testing.T) {
	ctx := context.Background()
	st := notifytest.OpenStore(t)
	n := New(st, nil, Config{}, nil)
	save := func(i int, published string, ccs []string, labels ...string) {
		t.Helper()
		d, c := notifytest.Doc(i, ccs, labels...)
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
	items, err := backfillItems(ctx, st, n.matcher, sub, time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC))
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
	for _, it := range items {
		if got := LabelList(it.Labels()); got != LabelList([]string{doc.LabelEntityAddition}) {
			t.Errorf("%s: labels %q, want only the subscriber's entity additions", it.Event.DocumentID, got)
		}
		ccs := orWorldwide(it.Countries())
		if len(ccs) != 1 || (ccs[0] != "CN" && ccs[0] != "worldwide") {
			t.Errorf("%s: countries %v, want only CN or worldwide", it.Event.DocumentID, ccs)
		}
	}
	if ccs := orWorldwide(items[1].Countries()); len(items) < 2 || ccs[0] != "worldwide" {
		t.Errorf("the rule naming no country is not marked worldwide: %v", ccs)
	}
}
