package notify

import (
	"strings"
	"testing"

	"github.com/exportwatch/exportwatch/doc"
	"github.com/exportwatch/exportwatch/internal/notifytest"
)

// TestHitRendering: a hit's lines name the party, the listed name, the
// action, the rule and that it is on public inspection.
func TestHitRendering(t *testing.T) {
	ev, d, c := notifytest.HitItem()
	it := Item{Event: ev, Document: d, Classification: c}
	got := strings.Join(it.HitLines(), "\n")
	for _, want := range []string{"Huawei Technologies (your reference SUP-0042)", `"Huawei Technologies Co., Ltd." added to the Entity List under`,
		"FR Doc. 2022-07643 Addition of Certain Entities", "on public inspection", "score 0.97"} {
		if !strings.Contains(got, want) {
			t.Errorf("hit lines lack %q:\n%s", want, got)
		}
	}
	if h := Headline(ev); h != "Watchlist hit on public inspection" {
		t.Errorf("Headline = %q", h)
	}
	if ti := it.Title(); !strings.HasPrefix(ti, "Huawei Technologies — Addition of") {
		t.Errorf("Title = %q, want the party first", ti)
	}
	ev.Hit.Stage = doc.StagePublished
	if l := (Item{Event: ev}).HitLines(); strings.Contains(strings.Join(l, " "), "public inspection") {
		t.Errorf("published hit says public inspection: %v", l)
	}
	if l := (Item{Event: doc.Event{Kind: doc.EventNew}}).HitLines(); l != nil {
		t.Errorf("HitLines of a plain event = %v", l)
	}
}

// TestWatchlistSubscriptionsGetOnlyTheirHits: a hit goes to the
// subscriptions of its list only; they get no other event.
func TestWatchlistSubscriptionsGetOnlyTheirHits(t *testing.T) {
	m := newMatcher(nil, nil)
	ev, d, c := notifytest.HitItem()
	subs := []doc.Subscription{{ID: 1}, {ID: 2, Watchlist: "suppliers"}, {ID: 3, Watchlist: "customers"}, {ID: 4, Labels: []string{doc.LabelEntityAddition}}}
	if got := m.Match(ev, d, c, subs); len(got) != 1 || got[0] != 2 {
		t.Errorf("hit matched %v, want [2]", got)
	}
	plain := doc.Event{Kind: doc.EventNew, DocumentID: d.ID, Labels: c.Labels}
	if got := m.Match(plain, d, c, subs); len(got) != 2 || got[0] != 1 || got[1] != 4 {
		t.Errorf("new event matched %v, want [1 4]", got)
	}
}
