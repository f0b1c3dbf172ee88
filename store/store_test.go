package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/exportwatch/exportwatch/crawler"
	"github.com/exportwatch/exportwatch/doc"
)

func TestSaveVersionLifecycle(t *testing.T) {
	forEachBackend(t, func(t *testing.T, be backend) {
		ctx := context.Background()
		changed := frDoc("2025-00636", doc.StagePublished)
		changed.Body += "CORRECTION: the address of Inspur Group is revised.\n"

		type step struct {
			d         doc.Document
			want      SaveResult // Events compared by kind only
			wantKinds []string
			wantRows  map[string]int // changes to row counts
		}
		for name, steps := range map[string][]step{
			"new then identical re-save writes nothing": {
				{d: frDoc("2025-00636", doc.StagePublished), want: SaveResult{DocumentID: "fr:2025-00636", Version: 1, New: true, Changed: true},
					wantKinds: []string{doc.EventNew}, wantRows: map[string]int{"documents": 1, "versions": 1, "classifications": 1, "events": 1, "event_labels": 1, "event_countries": 1}},
				{d: frDoc("2025-00636", doc.StagePublished), want: SaveResult{DocumentID: "fr:2025-00636", Version: 1}},
			},
			"changed content is version 2 updated": {
				{d: frDoc("2025-00636", doc.StagePublished), want: SaveResult{DocumentID: "fr:2025-00636", Version: 1, New: true, Changed: true},
					wantKinds: []string{doc.EventNew}, wantRows: map[string]int{"documents": 1, "versions": 1, "classifications": 1, "events": 1, "event_labels": 1, "event_countries": 1}},
				{d: changed, want: SaveResult{DocumentID: "fr:2025-00636", Version: 2, Changed: true},
					wantKinds: []string{doc.EventUpdated}, wantRows: map[string]int{"versions": 1, "classifications": 1, "events": 1, "event_labels": 1, "event_countries": 1}},
				{d: changed, want: SaveResult{DocumentID: "fr:2025-00636", Version: 2}},
			},
			"public inspection then published, never back": {
				{d: frDoc("2025-00700", doc.StagePublicInspection), want: SaveResult{DocumentID: "fr:2025-00700", Version: 1, New: true, Changed: true},
					wantKinds: []string{doc.EventNew}, wantRows: map[string]int{"documents": 1, "versions": 1, "classifications": 1, "events": 1, "event_labels": 1, "event_countries": 1}},
				{d: frDoc("2025-00700", doc.StagePublished), want: SaveResult{DocumentID: "fr:2025-00700", Version: 2, Changed: true},
					wantKinds: []string{doc.EventPublished}, wantRows: map[string]int{"versions": 1, "classifications": 1, "events": 1, "event_labels": 1, "event_countries": 1}},
				{d: frDoc("2025-00700", doc.StagePublicInspection), want: SaveResult{DocumentID: "fr:2025-00700", Version: 2}},
				{d: frDoc("2025-00700", doc.StagePublished), want: SaveResult{DocumentID: "fr:2025-00700", Version: 2}},
			},
		} {
			t.Run(name, func(t *testing.T) {
				s, _, _ := openTest(t, be)
				for i, st := range steps {
					before := counts(t, s)
					got := mustSave(t, s, st.d, entityClass("CN"), nil)
					var kinds []string
					for _, ev := range got.Events {
						kinds = append(kinds, ev.Kind)
					}
					got.Events = nil
					if diff := cmp.Diff(st.want, got); diff != "" {
						t.Errorf("step %d: SaveResult mismatch (-want +got):\n%s", i, diff)
					}
					if diff := cmp.Diff(st.wantKinds, kinds); diff != "" {
						t.Errorf("step %d: event kinds mismatch (-want +got):\n%s", i, diff)
					}
					after := counts(t, s)
					delta := map[string]int{}
					for k, v := range after {
						if v != before[k] {
							delta[k] = v - before[k]
						}
					}
					if diff := cmp.Diff(st.wantRows, delta, cmpopts.EquateEmpty()); diff != "" {
						t.Errorf("step %d: row count changes (-want +got):\n%s", i, diff)
					}
				}
				sd, err := s.Document(ctx, steps[0].d.ID)
				if err != nil {
					t.Fatal(err)
				}
				if last := steps[len(steps)-1].want.Version; sd.Version != last || len(sd.Versions) != last {
					t.Errorf("Document: version %d with %d versions, want %d", sd.Version, len(sd.Versions), last)
				}
			})
		}
	})
}

func TestSaveVersionStoresDocumentAndDiff(t *testing.T) {
	forEachBackend(t, func(t *testing.T, be backend) {
		ctx := context.Background()
		s, clk, _ := openTest(t, be)
		v1 := frDoc("2025-00636", doc.StagePublished)
		c1 := entityClass("CN")
		r1 := mustSave(t, s, v1, c1, nil)
		wantEvent := doc.Event{
			ID: r1.Events[0].ID, DocumentID: v1.ID, Version: 1, Kind: doc.EventNew, Source: v1.Source,
			Title: v1.Title, URL: v1.URL, Labels: []string{doc.LabelEntityAddition}, Countries: []string{"CN"},
			Summary: "This rule adds 2 entities under China.", CreatedAt: t0,
		}
		if diff := cmp.Diff(wantEvent, r1.Events[0]); diff != "" {
			t.Errorf("event (-want +got):\n%s", diff)
		}
		if got, err := s.Event(ctx, r1.Events[0].ID); err != nil || !cmp.Equal(wantEvent, got) {
			t.Errorf("Event(%d) = %v, %v; want %v", r1.Events[0].ID, got, err, wantEvent)
		}

		clk.advance(time.Hour)
		v2 := v1
		v2.Body = strings.Replace(v1.Body, "INSPUR GROUP, CHINA.", "INSPUR GROUP, CHINA (including 6 subsidiaries).", 1)
		c2 := entityClass("CN", "TW")
		mustSave(t, s, v2, c2, nil)

		sd, err := s.Document(ctx, v1.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(v2, sd.Document); diff != "" {
			t.Errorf("current document (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff(c2, sd.Classification); diff != "" {
			t.Errorf("current classification (-want +got):\n%s", diff)
		}
		if !sd.FirstSeen.Equal(t0) || sd.Version != 2 {
			t.Errorf("FirstSeen %v Version %d, want %v 2", sd.FirstSeen, sd.Version, t0)
		}
		wantInfo := []VersionInfo{
			{Version: 1, Fetched: t0, Hash: v1.ContentHash()},
			{Version: 2, Fetched: t0.Add(time.Hour), Hash: v2.ContentHash()},
		}
		if diff := cmp.Diff(wantInfo, sd.Versions, cmpopts.IgnoreFields(VersionInfo{}, "Diff")); diff != "" {
			t.Errorf("versions (-want +got):\n%s", diff)
		}
		d := sd.Versions[1].Diff
		for _, want := range []string{"--- fr:2025-00636@v1", "+++ fr:2025-00636@v2", "-INSPUR GROUP, CHINA.\n",
			"+INSPUR GROUP, CHINA (including 6 subsidiaries).\n"} {
			if !strings.Contains(d, want) {
				t.Errorf("diff lacks %q:\n%s", want, d)
			}
		}
		if strings.Contains(d, "-Additions to the Entity List") {
			t.Errorf("diff shows the unchanged title as changed:\n%s", d)
		}
		if sd.Versions[0].Diff != "" {
			t.Errorf("version 1 has a diff: %q", sd.Versions[0].Diff)
		}

		gotDoc, gotClass, err := s.DocumentVersion(ctx, v1.ID, 1)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(v1, gotDoc); diff != "" {
			t.Errorf("DocumentVersion 1 (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff(c1, gotClass); diff != "" {
			t.Errorf("DocumentVersion 1 classification (-want +got):\n%s", diff)
		}
		if _, _, err := s.DocumentVersion(ctx, v1.ID, 3); !errors.Is(err, ErrNotFound) {
			t.Errorf("DocumentVersion 3: %v, want ErrNotFound", err)
		}
		if _, err := s.Document(ctx, "fr:nope"); !errors.Is(err, ErrNotFound) {
			t.Errorf("Document(missing): %v, want ErrNotFound", err)
		}
		if n, err := s.CountDocuments(ctx); err != nil || n != 1 {
			t.Errorf("CountDocuments = %d, %v; want 1", n, err)
		}
	})
}

func TestDeliveriesWrittenWithEvent(t *testing.T) {
	forEachBackend(t, func(t *testing.T, be backend) {
		ctx := context.Background()
		s, _, _ := openTest(t, be)
		a, b, c := mustSub(t, s, "a"), mustSub(t, s, "b"), mustSub(t, s, "c")
		dup := matchFunc(func(ev doc.Event, _ doc.Document, _ doc.Classification, subs []doc.Subscription) []int64 {
			if len(subs) != 3 {
				t.Errorf("matcher saw %d subscriptions, want 3", len(subs))
			}
			if ev.ID == 0 {
				t.Errorf("matcher saw an event without ID")
			}
			return []int64{a.ID, b.ID, a.ID, b.ID} // duplicates; c does not match
		})
		res := mustSave(t, s, frDoc("2025-00636", doc.StagePublished), entityClass("CN"), dup)
		if res.Deliveries != 2 {
			t.Errorf("Deliveries = %d, want 2", res.Deliveries)
		}
		ev := res.Events[0]
		got, err := s.Deliveries(ctx, DeliveryQuery{EventID: ev.ID})
		if err != nil {
			t.Fatal(err)
		}
		want := []Delivery{
			{SubscriptionID: b.ID, EventID: ev.ID, Status: StatusPending, DueAt: t0, CreatedAt: t0, Kind: doc.EventNew},
			{SubscriptionID: a.ID, EventID: ev.ID, Status: StatusPending, DueAt: t0, CreatedAt: t0, Kind: doc.EventNew},
		}
		if diff := cmp.Diff(want, got, cmpopts.IgnoreFields(Delivery{}, "ID")); diff != "" {
			t.Errorf("deliveries (-want +got):\n%s", diff)
		}

		// The same event matched again (a redelivery attempt, a restart) writes
		// no second row, and the schema refuses a plain duplicate.
		err = s.write(ctx, func(tx conn) error {
			n, err := insertDeliveries(ctx, tx, ev, doc.Document{}, doc.Classification{}, matchAll)
			if n != 1 {
				t.Errorf("matching event %d again wrote %d deliveries, want 1 (only c)", ev.ID, n)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.db.Exec(rebind(s.dialect, `INSERT INTO deliveries (subscription_id, event_id, due_at, created_at) VALUES (?, ?, 0, 0)`), a.ID, ev.ID); err == nil {
			t.Errorf("duplicate (subscription, event) delivery accepted")
		}
		if _, err := s.db.Exec(rebind(s.dialect, `INSERT INTO deliveries (subscription_id, event_id, due_at, created_at) VALUES (?, ?, 0, 0)
		ON CONFLICT (subscription_id, event_id) DO NOTHING`), a.ID, ev.ID); err != nil {
			t.Errorf("ON CONFLICT DO NOTHING: %v", err)
		}
		if n := counts(t, s)["deliveries"]; n != 3 {
			t.Errorf("deliveries rows = %d, want 3", n)
		}
		if got, _ := s.Deliveries(ctx, DeliveryQuery{SubscriptionID: c.ID}); len(got) != 1 {
			t.Errorf("subscription c has %d deliveries, want 1", len(got))
		}
	})
}

func TestSaveVersionRollsBackOnFailure(t *testing.T) {
	forEachBackend(t, func(t *testing.T, be backend) {
		ctx := context.Background()
		for name, m := range map[string]Matcher{
			"unknown subscription": matchFunc(func(doc.Event, doc.Document, doc.Classification, []doc.Subscription) []int64 {
				return []int64{424242}
			}),
			"panicking matcher": matchFunc(func(doc.Event, doc.Document, doc.Classification, []doc.Subscription) []int64 {
				panic("matcher bug")
			}),
		} {
			t.Run(name, func(t *testing.T) {
				s, _, _ := openTest(t, be)
				mustSub(t, s, "a")
				before := counts(t, s)
				func() {
					defer func() { recover() }()
					_, err := s.SaveVersion(ctx, frDoc("2025-00636", doc.StagePublished), entityClass("CN"), m)
					if err == nil || !strings.Contains(err.Error(), "store: save version fr:2025-00636") {
						t.Errorf("SaveVersion error = %v, want a wrapped failure", err)
					}
				}()
				if diff := cmp.Diff(before, counts(t, s)); diff != "" {
					t.Errorf("rows written despite failure (-before +after):\n%s", diff)
				}
				// The store is still usable: the connection was released.
				res := mustSave(t, s, frDoc("2025-00636", doc.StagePublished), entityClass("CN"), matchAll)
				if !res.New || res.Deliveries != 1 {
					t.Errorf("after failure: %+v, want a new document with 1 delivery", res)
				}
			})
		}
	})
}

func TestIndexBookkeeping(t *testing.T) {
	forEachBackend(t, func(t *testing.T, be backend) {
		ctx := context.Background()
		s, _, _ := openTest(t, be)
		ids := func(items []IndexItem) []string {
			var out []string
			for _, it := range items {
				out = append(out, fmt.Sprintf("%s@%d", it.Document.ID, it.Version))
			}
			return out
		}
		pending := func() []string {
			t.Helper()
			items, err := s.PendingIndex(ctx, 0)
			if err != nil {
				t.Fatal(err)
			}
			return ids(items)
		}
		for i := range 3 {
			mustSave(t, s, pressDoc(i), doc.Classification{}, nil)
		}
		items, err := s.PendingIndex(ctx, 2)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{pressDoc(0).ID + "@1", pressDoc(1).ID + "@1"}, ids(items)); diff != "" {
			t.Errorf("PendingIndex(2) (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff(pressDoc(0), items[0].Document); diff != "" {
			t.Errorf("pending document (-want +got):\n%s", diff)
		}
		if err := s.MarkIndexed(ctx, items); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{pressDoc(2).ID + "@1"}, pending()); diff != "" {
			t.Errorf("after MarkIndexed (-want +got):\n%s", diff)
		}
		// A new version makes the document pending again; marking an older
		// version does not clear it.
		d := pressDoc(0)
		d.Body = "Changed."
		mustSave(t, s, d, doc.Classification{}, nil)
		if err := s.MarkIndexed(ctx, []IndexItem{{Document: d, Version: 1}}); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{pressDoc(0).ID + "@2", pressDoc(2).ID + "@1"}, pending()); diff != "" {
			t.Errorf("after new version (-want +got):\n%s", diff)
		}
		all, _ := s.PendingIndex(ctx, 0)
		if err := s.MarkIndexed(ctx, all); err != nil {
			t.Fatal(err)
		}
		if got := pending(); len(got) != 0 {
			t.Errorf("pending after marking all: %v", got)
		}
		// Reclassify marks for re-indexing and writes no event.
		before := counts(t, s)
		c := entityClass("CN")
		if err := s.Reclassify(ctx, pressDoc(1).ID, c); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{pressDoc(1).ID + "@1"}, pending()); diff != "" {
			t.Errorf("after Reclassify (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff(before, counts(t, s)); diff != "" {
			t.Errorf("Reclassify changed row counts (-before +after):\n%s", diff)
		}
		sd, _ := s.Document(ctx, pressDoc(1).ID)
		if diff := cmp.Diff(c, sd.Classification); diff != "" {
			t.Errorf("reclassified (-want +got):\n%s", diff)
		}
		if err := s.Reclassify(ctx, "nope", c); !errors.Is(err, ErrNotFound) {
			t.Errorf("Reclassify(missing) = %v, want ErrNotFound", err)
		}
		if err := s.ResetIndexed(ctx); err != nil {
			t.Fatal(err)
		}
		if got := pending(); len(got) != 3 {
			t.Errorf("after ResetIndexed: %v, want all 3", got)
		}
	})
}

func TestDocumentsIteration(t *testing.T) {
	forEachBackend(t, func(t *testing.T, be backend) {
		ctx := context.Background()
		s, _, _ := openTest(t, be)
		const n = documentsPage + 10 // crosses a page boundary
		for i := n - 1; i >= 0; i-- {
			mustSave(t, s, pressDoc(i), doc.Classification{}, nil)
		}
		var got []string
		if err := s.Documents(ctx, time.Time{}, func(sd StoredDocument) error {
			got = append(got, sd.ID)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if len(got) != n || got[0] != pressDoc(0).ID || got[n-1] != pressDoc(n-1).ID {
			t.Errorf("Documents: %d documents, first %q last %q", len(got), got[0], got[len(got)-1])
		}
		got = got[:0]
		since := pressDoc(n - 5).Published
		if err := s.Documents(ctx, since, func(sd StoredDocument) error {
			got = append(got, sd.ID)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if len(got) != 5 || got[0] != pressDoc(n-5).ID {
			t.Errorf("Documents(since): %v", got)
		}
		stop := errors.New("stop")
		if err := s.Documents(ctx, time.Time{}, func(StoredDocument) error { return stop }); !errors.Is(err, stop) {
			t.Errorf("Documents error = %v, want the callback's", err)
		}
	})
}

func TestCrawlState(t *testing.T) {
	forEachBackend(t, func(t *testing.T, be backend) {
		ctx := context.Background()
		s, _, _ := openTest(t, be)
		got, err := s.CrawlState(ctx, "federal-register")
		if err != nil || !cmp.Equal(CrawlState{Source: "federal-register"}, got) {
			t.Errorf("CrawlState(new) = %+v, %v", got, err)
		}
		if err := s.SaveCursor(ctx, "federal-register", "2025-01-15"); err != nil {
			t.Fatal(err)
		}
		t1, t2, t3 := t0.Add(time.Hour), t0.Add(2*time.Hour), t0.Add(3*time.Hour)
		steps := []struct {
			at   time.Time
			seen int
			err  error
			want CrawlState
		}{
			{t0, 10, nil, CrawlState{LastRun: t0, LastSuccess: t0, DocumentsSeen: 10}},
			{t1, 0, errors.New("federalregister: page 1: 503"), CrawlState{LastRun: t1, LastSuccess: t0, LastError: "federalregister: page 1: 503", LastErrorAt: t1, ConsecutiveFailures: 1, DocumentsSeen: 10}},
			{t2, 2, errors.New("timeout"), CrawlState{LastRun: t2, LastSuccess: t0, LastError: "timeout", LastErrorAt: t2, ConsecutiveFailures: 2, DocumentsSeen: 12}},
			{t3, 1, nil, CrawlState{LastRun: t3, LastSuccess: t3, LastError: "timeout", LastErrorAt: t2, DocumentsSeen: 13}},
		}
		for i := range steps {
			steps[i].want.Source, steps[i].want.Cursor = "federal-register", "2025-01-15"
		}
		for i, st := range steps {
			got, err := s.RecordRun(ctx, "federal-register", st.at, st.seen, st.err)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(st.want, got); diff != "" {
				t.Errorf("RecordRun step %d (-want +got):\n%s", i, diff)
			}
		}
		if err := s.SetSourceDown(ctx, "federal-register", true); err != nil {
			t.Fatal(err)
		}
		if err := s.SaveCursor(ctx, "china-table", "https://table.media/china/?page=2"); err != nil {
			t.Fatal(err)
		}
		all, err := s.CrawlStates(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := []CrawlState{
			{Source: "china-table", Cursor: "https://table.media/china/?page=2"},
			steps[3].want,
		}
		want[1].Down = true
		if diff := cmp.Diff(want, all); diff != "" {
			t.Errorf("CrawlStates (-want +got):\n%s", diff)
		}
	})
}

func TestValidators(t *testing.T) {
	forEachBackend(t, func(t *testing.T, be backend) {
		ctx := context.Background()
		s, _, _ := openTest(t, be)
		v, err := s.Validator(ctx, "https://example.org/a")
		if err != nil || v != (doc.Validator{}) {
			t.Errorf("Validator(none) = %+v, %v", v, err)
		}
		in := []doc.Validator{
			{URL: "https://example.org/a", ETag: `"abc"`},
			{URL: "https://example.org/b", LastModified: "Wed, 15 Jan 2025 09:30:00 GMT"},
			{}, // skipped
		}
		if err := s.SaveValidators(ctx, in); err != nil {
			t.Fatal(err)
		}
		if err := s.SaveValidators(ctx, []doc.Validator{{URL: "https://example.org/a", ETag: `"def"`}}); err != nil {
			t.Fatal(err)
		}
		for _, want := range []doc.Validator{{URL: "https://example.org/a", ETag: `"def"`}, in[1]} {
			got, err := s.Validator(ctx, want.URL)
			if err != nil || got != want {
				t.Errorf("Validator(%s) = %+v, %v; want %+v", want.URL, got, err, want)
			}
		}
	})
}

func TestStoreImplementsValidators(t *testing.T) {
	var _ crawler.Validators = (*Store)(nil)
}

func TestUniqueViolationIsConflict(t *testing.T) {
	forEachBackend(t, func(t *testing.T, be backend) {
		ctx := context.Background()
		s, _, _ := openTest(t, be)
		res := mustSave(t, s, frDoc("2025-00636", doc.StagePublished), entityClass("CN"), nil)
		err := s.write(ctx, func(tx conn) error {
			_, err := tx.exec(ctx, `INSERT INTO versions (document_id, version, hash, fetched_at, content) VALUES (?, ?, '', 0, '')`,
				res.DocumentID, res.Version)
			return err
		})
		if !errors.Is(err, errConflict) || !uniqueViolation(err) {
			t.Errorf("duplicate version insert = %v, want errConflict from a unique violation", err)
		}
		if uniqueViolation(errors.New("UNIQUE constraint failed")) {
			t.Errorf("a plain error counted as a unique violation")
		}
	})
}

func TestDocumentCountsBySource(t *testing.T) {
	forEachBackend(t, func(t *testing.T, be backend) {
		ctx := context.Background()
		s, _, _ := openTest(t, be)
		d := frDoc("2025-00001", doc.StagePublished)
		mustSave(t, s, d, entityClass("CN"), nil)
		d.Title += " (corrected)" // a second version is not a second document
		mustSave(t, s, d, entityClass("CN"), nil)
		mustSave(t, s, frDoc("2025-00002", doc.StagePublished), doc.Classification{}, nil)
		mustSave(t, s, pressDoc(3), doc.Classification{}, nil)
		got, err := s.DocumentCountsBySource(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]int{"federal-register": 2, "china-table": 1}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("counts (-want +got):\n%s", diff)
		}
	})
}

func TestCurrentDocuments(t *testing.T) {
	forEachBackend(t, func(t *testing.T, be backend) {
		ctx := context.Background()
		s, _, _ := openTest(t, be)
		d := frDoc("2025-00001", doc.StagePublished)
		mustSave(t, s, d, entityClass("CN"), nil)
		d.Title = "Additions to the Entity List (corrected)"
		mustSave(t, s, d, entityClass("CN"), nil)
		mustSave(t, s, pressDoc(3), doc.Classification{}, nil)
		got, err := s.CurrentDocuments(ctx, []string{"fr:2025-00001", pressDoc(3).ID, "fr:missing"})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 {
			t.Fatalf("%d documents, want 2: %v", len(got), got)
		}
		if sd := got["fr:2025-00001"]; sd.Version != 2 || sd.Title != d.Title || len(sd.Classification.Entities) == 0 {
			t.Errorf("fr:2025-00001 = version %d %q %+v", sd.Version, sd.Title, sd.Classification)
		}
		if got, err := s.CurrentDocuments(ctx, nil); err != nil || len(got) != 0 {
			t.Errorf("no ids: %v %v", got, err)
		}
	})
}

// TestCurrentTexts: the abstract and body of the current version, text
// with quotes, escapes and non-ASCII intact (the database unescapes the
// stored JSON), "" for a document without them, nothing for an unknown ID.
func TestCurrentTexts(t *testing.T) {
	forEachBackend(t, func(t *testing.T, be backend) {
		ctx := context.Background()
		s, _, _ := openTest(t, be)
		d := frDoc("2025-00001", doc.StagePublished)
		mustSave(t, s, d, entityClass("CN"), nil)
		d.Abstract = "BIS adds \"Inspur\" \\ Sophgo: für Übersee, 中国.\nSecond line."
		d.Body = strings.Repeat("Body text of the second version. ", 500)
		mustSave(t, s, d, entityClass("CN"), nil)
		bare := pressDoc(3)
		bare.Abstract, bare.Body = "", ""
		mustSave(t, s, bare, doc.Classification{}, nil)
		got, err := s.CurrentTexts(ctx, []string{d.ID, bare.ID, "fr:missing"})
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]DocumentText{d.ID: {Abstract: d.Abstract, Body: d.Body}, bare.ID: {}}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("CurrentTexts (-want +got):\n%s", diff)
		}
		if got, err := s.CurrentTexts(ctx, nil); err != nil || len(got) != 0 {
			t.Errorf("no ids: %v %v", got, err)
		}
	})
}

func TestSubscriptionNamedOnlyRoundTrip(t *testing.T) {
	forEachBackend(t, func(t *testing.T, be backend) {
		ctx := context.Background()
		s, _, _ := openTest(t, be)
		sub, err := s.CreateSubscription(ctx, doc.Subscription{Name: "AT only", Countries: []string{"AT"}, Channel: doc.ChannelFeed, NamedOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.Subscription(ctx, sub.ID)
		if err != nil || !got.NamedOnly {
			t.Errorf("subscription = %+v, %v; want NamedOnly", got, err)
		}
	})
}
