package screening

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/exportwatch/exportwatch/doc"
	"github.com/exportwatch/exportwatch/store"
	"github.com/exportwatch/exportwatch/watchlist"
)

// abstract2022_07643 is the real abstract of BIS rule 2022-07643
// (internal/fakefr/testdata/bis-documents-2022-2026.json).
const abstract2022_07643 = `The Bureau of Industry and Security (BIS) publishes these amendments to correct three errors contained in the revisions to the Entity List that were published in a final rule on February 14, 2022. That final rule amended the Export Administration Regulations (EAR) by revising the Entity List entry for "Huawei Cloud Brazil" (under Brazil) and by adding a new entry for "Huawei Technologies Co., Ltd." (under China, People's Republic of). However, the references to the foreign direct product provisions in the EAR that apply to these two entities were incorrect. This rule amends the entries for the two entities to include the correct references to these EAR provisions and also corrects a typographical error in one of these entries.`

func TestTextEntries(t *testing.T) {
	// Hand-made parties.
	ti := newTextIndex([]watchlist.Party{
		{Name: "HUAWEI TECHNOLOGIES CO LTD"},
		{Name: "Huawei Cloud Brazil Ltda."},
		{Name: "Acme GmbH"},
		{Name: "ZTE"}, // one short word: never looked for in prose
		{Name: "Industry"},
	})
	got := map[string]bool{}
	for _, e := range ti.entries(abstract2022_07643, doc.ActionAdd) {
		got[e.Name] = true
		if e.Action != doc.ActionAdd {
			t.Errorf("entry %q action %q", e.Name, e.Action)
		}
	}
	for _, want := range []string{"Huawei Technologies Co., Ltd.", "Huawei Cloud Brazil", "Industry"} {
		if !got[want] {
			t.Errorf("entries %v lack %q", got, want)
		}
	}
	if len(got) != 3 {
		t.Errorf("entries = %v, want 3", got)
	}
}

func TestCoreWords(t *testing.T) {
	for in, want := range map[string]string{
		"Huawei Technologies Co., Ltd.": "huawei technologies",
		"OOO Radiotekhnika":             "radiotekhnika",
		"Acme":                          "acme",
	} {
		if got := coreWords(in); len(got) == 0 || joinWords(got) != want {
			t.Errorf("coreWords(%q) = %v, want %q", in, got, want)
		}
	}
}

func joinWords(ws []string) string {
	s := ""
	for i, w := range ws {
		if i > 0 {
			s += " "
		}
		s += w
	}
	return s
}

// TestScreenArchive: screen now finds each party in every document that
// lists it (an entry shared by two rules is matched once, hit twice), in
// the text of a labelled document without entries too, alerts nobody, and
// a second run finds nothing new.
func TestScreenArchive(t *testing.T) {
	ctx := context.Background()
	st := openBenchStore(t)
	// Hand-made documents and parties.
	inspur := doc.Entity{Action: doc.ActionAdd, Name: "Inspur Group Co., Ltd.", Country: "CN"}
	docs := []struct {
		id string
		c  doc.Classification
	}{
		{"fr:1", doc.Classification{Labels: []string{doc.LabelEntityAddition}, Entities: []doc.Entity{inspur}}},
		{"fr:2", doc.Classification{Labels: []string{doc.LabelEntityAddition}, Entities: []doc.Entity{inspur, {Action: doc.ActionAdd, Name: "Sophgo Technologies Ltd.", Country: "CN"}}}},
		{"fr:3", doc.Classification{Labels: []string{doc.LabelEntityRemoval}}}, // entries in the text only
		{"fr:4", doc.Classification{}}, // unrelated
	}
	for i, dc := range docs {
		d := doc.Document{ID: dc.id, Source: "federal-register", Title: "Entity List rule", URL: "https://example.org/" + dc.id,
			Body: "This rule removes Inspur Group Co., Ltd. of Jinan, China, from the Entity List.", Published: time.Date(2025, 1, i+1, 0, 0, 0, 0, time.UTC)}
		if _, err := st.SaveVersion(ctx, d, dc.c, nil); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := st.ReplaceWatchlist(ctx, "l", []store.WatchedParty{{Name: "INSPUR GROUP", Reference: "R1"}, {Name: "Acme GmbH"}}); err != nil {
		t.Fatal(err)
	}
	s := New(st, nil)
	res, err := ScreenArchive(ctx, st, s, "l")
	if err != nil {
		t.Fatal(err)
	}
	if res.Documents != 4 || res.Screened != 3 || res.Hits != 3 || res.New != 3 {
		t.Errorf("first screen = %+v, want 4 documents, 3 screened, 3 hits, all new", res)
	}
	hits, err := st.WatchlistHits(ctx, "l")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, h := range hits {
		got[h.DocumentID] = h.Action + " " + h.ListedName
		if h.EventID != 0 {
			t.Errorf("screen-now hit %+v has an event", h)
		}
	}
	want := map[string]string{"fr:1": "add Inspur Group Co., Ltd.", "fr:2": "add Inspur Group Co., Ltd.", "fr:3": "remove Inspur Group Co., Ltd."}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("hits by document = %v, want %v", got, want)
	}
	if res, err := ScreenArchive(ctx, st, s, "l"); err != nil || res.New != 0 || res.Hits != 3 {
		t.Errorf("second screen = %+v, %v; want the same 3 hits, none new", res, err)
	}
}

// TestScreenerFollowsRevisions: an import (a new revision) is screened
// with the new parties at once, and a deleted list's screen is dropped.
func TestScreenerFollowsRevisions(t *testing.T) {
	ctx := context.Background()
	st := openBenchStore(t)
	s := New(st, nil)
	c := doc.Classification{Labels: []string{doc.LabelEntityAddition}, Entities: []doc.Entity{{Action: doc.ActionAdd, Name: "Sophgo Technologies Ltd.", Country: "CN"}}}
	screen := func() int {
		t.Helper()
		lists, err := st.WatchlistRevisions(ctx)
		if err != nil {
			t.Fatal(err)
		}
		hits, err := s.Screen(ctx, doc.Document{ID: "fr:1"}, c, lists)
		if err != nil {
			t.Fatal(err)
		}
		return len(hits)
	}
	if _, err := st.ReplaceWatchlist(ctx, "l", []store.WatchedParty{{Name: "Acme GmbH"}}); err != nil {
		t.Fatal(err)
	}
	if n := screen(); n != 0 {
		t.Errorf("before the re-import: %d hits, want 0", n)
	}
	if _, err := st.ReplaceWatchlist(ctx, "l", []store.WatchedParty{{Name: "SOPHGO TECHNOLOGIES"}}); err != nil {
		t.Fatal(err)
	}
	if n := screen(); n != 1 {
		t.Errorf("after the re-import: %d hits, want 1", n)
	}
	if err := st.DeleteWatchlist(ctx, "l"); err != nil {
		t.Fatal(err)
	}
	if n := screen(); n != 0 || len(s.cache) != 0 {
		t.Errorf("after the delete: %d hits, %d cached screens; want none", n, len(s.cache))
	}
}
