package notify

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/exportwatch/exportwatch/doc"
	"github.com/exportwatch/exportwatch/index"
	"github.com/exportwatch/exportwatch/internal/notifytest"
	"github.com/exportwatch/exportwatch/store"
)

// wordMatcher matches when the document title contains the query; "BAD(" fails.
type wordMatcher struct{}

func (w wordMatcher) MatchesDocument(q string, d doc.Document, _ doc.Classification, _ int) (bool, error) {
	if err := w.CheckQuery(q); err != nil {
		return false, err
	}
	return strings.Contains(strings.ToLower(d.Title), strings.ToLower(q)), nil
}

func (wordMatcher) CheckQuery(q string) error {
	if strings.Contains(q, "(") {
		return fmt.Errorf("%w: unbalanced parenthesis", index.ErrBadQuery)
	}
	return nil
}

func TestMatcherRules(t *testing.T) {
	cnEntity := func() (doc.Event, doc.Document, doc.Classification) {
		d, c := notifytest.Doc(1, []string{"CN"}, doc.LabelEntityAddition)
		return doc.Event{Kind: doc.EventNew, Source: d.Source, DocumentID: d.ID, Labels: c.Labels, Countries: c.Countries}, d, c
	}
	noCountry := func() (doc.Event, doc.Document, doc.Classification) {
		d, c := notifytest.Doc(2, nil, doc.LabelQuotaChange)
		return doc.Event{Kind: doc.EventUpdated, Source: d.Source, DocumentID: d.ID, Labels: c.Labels}, d, c
	}
	unrelated := func() (doc.Event, doc.Document, doc.Classification) {
		d, c := notifytest.Doc(3, nil)
		d.Title = "Semiannual regulatory agenda"
		return doc.Event{Kind: doc.EventNew, Source: d.Source, DocumentID: d.ID}, d, c
	}
	sourceDown := func() (doc.Event, doc.Document, doc.Classification) {
		return doc.Event{Kind: doc.EventSource, Source: "china-table", Summary: "down"}, doc.Document{}, doc.Classification{}
	}
	type evFn func() (doc.Event, doc.Document, doc.Classification)
	for name, tc := range map[string]struct {
		ev   evFn
		sub  doc.Subscription
		want bool
	}{
		"no filters, labelled":          {cnEntity, doc.Subscription{}, true},
		"no filters, unrelated":         {unrelated, doc.Subscription{}, false},
		"country any-of":                {cnEntity, doc.Subscription{Countries: []string{"TW", "CN"}}, true},
		"country miss":                  {cnEntity, doc.Subscription{Countries: []string{"TW"}}, false},
		"worldwide matches no country":  {noCountry, doc.Subscription{Countries: []string{"worldwide"}}, true},
		"worldwide misses CN":           {cnEntity, doc.Subscription{Countries: []string{"worldwide"}}, false},
		"worldwide or CN":               {cnEntity, doc.Subscription{Countries: []string{"worldwide", "CN"}}, true},
		"worldwide rule reaches CN":     {noCountry, doc.Subscription{Countries: []string{"CN"}}, true},
		"named only opts out":           {noCountry, doc.Subscription{Countries: []string{"CN"}, NamedOnly: true}, false},
		"named only, worldwide asked":   {noCountry, doc.Subscription{Countries: []string{"CN", "worldwide"}, NamedOnly: true}, true},
		"named only, CN named":          {cnEntity, doc.Subscription{Countries: []string{"CN"}, NamedOnly: true}, true},
		"label any-of":                  {cnEntity, doc.Subscription{Labels: []string{doc.LabelTierChange, doc.LabelEntityAddition}}, true},
		"label miss":                    {cnEntity, doc.Subscription{Labels: []string{doc.LabelTierChange}}, false},
		"all filters must match":        {cnEntity, doc.Subscription{Countries: []string{"CN"}, Labels: []string{doc.LabelTierChange}}, false},
		"source":                        {cnEntity, doc.Subscription{Sources: []string{"federal-register"}}, true},
		"source miss":                   {cnEntity, doc.Subscription{Sources: []string{"china-table"}}, false},
		"source only, unrelated":        {unrelated, doc.Subscription{Sources: []string{"federal-register"}}, false},
		"query matches":                 {cnEntity, doc.Subscription{Query: "entity list"}, true},
		"query misses":                  {cnEntity, doc.Subscription{Query: "huawei"}, false},
		"query gets unrelated":          {unrelated, doc.Subscription{Query: "regulatory agenda"}, true},
		"bad query matches nothing":     {cnEntity, doc.Subscription{Query: "BAD("}, false},
		"operational gets source event": {sourceDown, doc.Subscription{Operational: true}, true},
		"operational source filter":     {sourceDown, doc.Subscription{Operational: true, Sources: []string{"federal-register"}}, false},
		"non-operational no source":     {sourceDown, doc.Subscription{Countries: []string{"CN"}}, false},
		"operational also gets docs":    {cnEntity, doc.Subscription{Operational: true, Countries: []string{"CN"}}, true},
		"lower-case country":            {cnEntity, doc.Subscription{Countries: []string{"cn"}}, true},
	} {
		t.Run(name, func(t *testing.T) {
			log, logs := notifytest.Logger()
			m := newMatcher(wordMatcher{}, log)
			ev, d, c := tc.ev()
			if got := m.matches(ev, d, c, tc.sub); got != tc.want {
				t.Errorf("Matches = %v, want %v", got, tc.want)
			}
			if tc.sub.Query == "BAD(" && !strings.Contains(logs.String(), "subscription query failed") {
				t.Errorf("bad query logged nothing: %s", logs)
			}
		})
	}
}

func TestMatcherWithIndexQuery(t *testing.T) {
	qm := index.NewQueryMatcher()
	defer qm.Close()
	m := newMatcher(qm, nil)
	d, c := notifytest.Doc(1, []string{"CN"}, doc.LabelEntityAddition)
	d.Body = "Inspur Group and its subsidiaries are added to the Entity List."
	ev := doc.Event{Kind: doc.EventNew, Source: d.Source, DocumentID: d.ID}
	for q, want := range map[string]bool{"inspur": true, "nvidia": false, `title:"entity list"`: true, "(": false} {
		if got := m.matches(ev, d, c, doc.Subscription{Query: q}); got != want {
			t.Errorf("query %q: Matches = %v, want %v", q, got, want)
		}
	}
}

// TestMatchThousandEventsFiftySubscriptions commits 1,000 documents with the
// Matcher and checks the outbox holds exactly the expected (subscription,
// event) pairs, and that re-saving them writes nothing.
func TestMatchThousandEventsFiftySubscriptions(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: commits 1,000 documents × 50 subscriptions (runs in the full go test)")
	}
	ctx := context.Background()
	st := notifytest.OpenStore(t)
	m := newMatcher(wordMatcher{}, nil)
	countries := []string{"CN", "TW", "AT", "IN", "AE", "HK"}
	sources := []string{"federal-register", "china-table"}
	var subs []doc.Subscription
	for i := 0; i < 50; i++ {
		s := doc.Subscription{Name: fmt.Sprintf("s%d", i), Channel: doc.ChannelFeed, Mode: doc.ModeInstant}
		switch i % 5 {
		case 0:
			s.Countries = []string{countries[i%len(countries)]}
		case 1:
			s.Labels = []string{doc.Labels[i%len(doc.Labels)]}
		case 2:
			s.Countries = []string{countries[i%len(countries)], doc.Worldwide}
			s.Labels = []string{doc.Labels[i%len(doc.Labels)], doc.Labels[(i+1)%len(doc.Labels)]}
		case 3:
			s.Sources = []string{sources[i%2]}
		case 4:
			if i%10 == 4 {
				s.Query = fmt.Sprintf("topic%d", i%7)
			}
		}
		subs = append(subs, notifytest.MustSub(t, st, s))
	}
	type pair struct {
		sub int64
		doc string
	}
	want := map[pair]bool{}
	var docs []doc.Document
	var classes []doc.Classification
	for i := 0; i < 1000; i++ {
		var ccs, ls []string
		for j, cc := range countries {
			if (i*7+j*3)%11 < 2 {
				ccs = append(ccs, cc)
			}
		}
		if i%9 != 0 { // every ninth document is unrelated
			ls = append(ls, doc.Labels[i%len(doc.Labels)])
			if i%4 == 0 {
				ls = append(ls, doc.Labels[(i+2)%len(doc.Labels)])
			}
		}
		d, c := notifytest.Doc(i, ccs, ls...)
		d.Source = sources[i%3%2]
		d.Title = fmt.Sprintf("Rule %d about topic%d", i, i%7)
		docs, classes = append(docs, d), append(classes, c)
		for _, s := range subs {
			ok := len(ls) > 0 || s.Query != ""
			if len(s.Countries) > 0 {
				hit := false
				for _, w := range s.Countries {
					hit = hit || len(ccs) == 0 || contains(ccs, w) // worldwide rules reach every country
				}
				ok = ok && hit
			}
			if len(s.Labels) > 0 {
				hit := false
				for _, w := range s.Labels {
					hit = hit || contains(ls, w)
				}
				ok = ok && hit
			}
			if len(s.Sources) > 0 {
				ok = ok && contains(s.Sources, d.Source)
			}
			if s.Query != "" {
				ok = ok && strings.Contains(d.Title, s.Query)
			}
			if ok {
				want[pair{s.ID, d.ID}] = true
			}
		}
	}
	total := 0
	eventDoc := map[int64]string{}
	for i := range docs {
		res, err := st.SaveVersion(ctx, docs[i], classes[i], m)
		if err != nil {
			t.Fatal(err)
		}
		total += res.Deliveries
		eventDoc[res.Events[0].ID] = docs[i].ID
	}
	if total != len(want) {
		t.Errorf("SaveVersion wrote %d deliveries, want %d", total, len(want))
	}
	got := map[pair]bool{}
	for _, s := range subs {
		for _, dl := range notifytest.Deliveries(t, st, store.DeliveryQuery{SubscriptionID: s.ID}) {
			p := pair{s.ID, eventDoc[dl.EventID]}
			if got[p] {
				t.Errorf("duplicate delivery %v", p)
			}
			got[p] = true
		}
	}
	for p := range want {
		if !got[p] {
			t.Errorf("missing delivery %v", p)
		}
	}
	for p := range got {
		if !want[p] {
			t.Errorf("unexpected delivery %v", p)
		}
	}
	for i := range docs[:100] {
		res, err := st.SaveVersion(ctx, docs[i], classes[i], m)
		if err != nil || res.Changed || res.Deliveries != 0 {
			t.Fatalf("re-save %s: changed %v deliveries %d err %v", docs[i].ID, res.Changed, res.Deliveries, err)
		}
	}
	t.Logf("%d deliveries for 1,000 events x 50 subscriptions", total)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
