package store

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/exportwatch/exportwatch/doc"
)

// exactScreener is a hand-made Screener for the store's tests: a party is
// hit by an entry whose name equals its name, case-insensitively. It
// counts how often it loads parties, as the real one caches them.
type exactScreener struct {
	Matcher
	s     *Store
	loads int
	alias map[string]string // entry name -> the party name it stands for
}

func (x *exactScreener) Screen(ctx context.Context, d doc.Document, c doc.Classification, lists []WatchlistRevision) ([]ScreenedHit, error) {
	var out []ScreenedHit
	for _, l := range lists {
		_, parties, err := x.s.WatchlistParties(ctx, l.ID)
		if err != nil {
			return nil, err
		}
		x.loads++
		for _, p := range parties {
			for _, e := range c.Entities {
				listedKey := strings.ToLower(e.Name)
				if a, ok := x.alias[e.Name]; ok {
					e.Name, listedKey = a, strings.ToLower(e.Name)+"!"
				}
				if strings.EqualFold(e.Name, p.Name) {
					key := p.Reference
					if key == "" {
						key = strings.ToLower(p.Name)
					}
					out = append(out, ScreenedHit{WatchlistHit: doc.WatchlistHit{Watchlist: l.Name, Party: p.Name,
						Reference: p.Reference, WatchedName: p.Name, ListedName: e.Name, MatchedName: e.Name,
						Action: e.Action, Country: e.Country, Score: 1, Why: "same name"},
						PartyKey: key, ListedKey: listedKey})
				}
			}
		}
	}
	return out, nil
}

// TestWatchlistHitsAlertOnce: a hit on public inspection is one event and
// one delivery; publication, a new version and a re-import find the same
// hit and write no event; hits survive a re-import and list best first.
func TestWatchlistHitsAlertOnce(t *testing.T) {
	forEachBackend(t, func(t *testing.T, be backend) {
		ctx := context.Background()
		s, _, _ := openTest(t, be)
		parties := []WatchedParty{{Name: "Inspur Group", Reference: "C-7", Aliases: []string{"Inspur"}}, {Name: "Other Co"}}
		wl, err := s.ReplaceWatchlist(ctx, "suppliers", parties)
		if err != nil {
			t.Fatal(err)
		}
		if wl.Revision != 1 || wl.Parties != 2 {
			t.Errorf("watchlist = %+v, want revision 1 with 2 parties", wl)
		}
		sub, err := s.CreateSubscription(ctx, doc.Subscription{Name: "hits", Channel: doc.ChannelFeed, Watchlist: "suppliers"})
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := s.Subscription(ctx, sub.ID); got.Watchlist != "suppliers" {
			t.Errorf("stored subscription watchlist = %q", got.Watchlist)
		}
		sc := &exactScreener{Matcher: matchAll, s: s}
		pi := frDoc("2025-01234", doc.StagePublicInspection)
		pi.Citation = ""
		res := mustSave(t, s, pi, entityClass("CN"), sc)
		if len(res.Events) != 2 || res.Events[1].Kind != doc.EventWatchlistHit || res.Deliveries != 2 {
			t.Fatalf("save on public inspection = %+v; want a new and a watchlist_hit event, 2 deliveries", res)
		}
		hitEvent := res.Events[1].ID
		ev, err := s.Event(ctx, hitEvent)
		if err != nil {
			t.Fatal(err)
		}
		if ev.Hit == nil || ev.Hit.Party != "Inspur Group" || ev.Hit.Watchlist != "suppliers" || ev.Hit.Stage != doc.StagePublicInspection || ev.Hit.DocumentNumber != "2025-01234" {
			t.Errorf("hit event = %+v hit %+v", ev, ev.Hit)
		}
		if !strings.Contains(ev.Summary, "on public inspection") {
			t.Errorf("summary %q does not say public inspection", ev.Summary)
		}
		// Publication, a later version and a re-import: no new hit event.
		pub := pi
		pub.Stage, pub.Citation = doc.StagePublished, "90 FR 1234"
		res = mustSave(t, s, pub, entityClass("CN"), sc)
		pub.Body += "\nCorrection."
		res2 := mustSave(t, s, pub, entityClass("CN"), sc)
		for _, r := range []SaveResult{res, res2} {
			if len(r.Events) != 1 {
				t.Errorf("later version wrote %d events (%v), want 1", len(r.Events), r.Events)
			}
		}
		if _, err := s.ReplaceWatchlist(ctx, "suppliers", parties); err != nil {
			t.Fatal(err)
		}
		pub.Body += "\nSecond correction."
		if r := mustSave(t, s, pub, entityClass("CN"), sc); len(r.Events) != 1 {
			t.Errorf("after re-import a version wrote %d events, want 1", len(r.Events))
		}
		// A later version that lists the party's entry under another
		// spelling is a second hit, recorded without a second alert.
		pub.Body += "\nThe table names the entity with its short name."
		renamed := entityClass("CN")
		renamed.Entities[0].Name = "INSPUR GROUP"
		sc.alias = map[string]string{"INSPUR GROUP": "Inspur Group"}
		if r := mustSave(t, s, pub, renamed, sc); len(r.Events) != 1 {
			t.Errorf("a renamed entry wrote %d events, want 1 (no second hit event)", len(r.Events))
		}
		sc.alias = nil
		all, err := s.WatchlistHits(ctx, "suppliers")
		if err != nil || len(all) != 2 {
			t.Fatalf("hits after the renamed entry = %d, %v; want 2", len(all), err)
		}
		if _, err := s.db.ExecContext(ctx, rebind(s.dialect, `DELETE FROM watchlist_hits WHERE listed_key = ?`), "inspur group!"); err != nil {
			t.Fatal(err)
		}
		hits, err := s.WatchlistHits(ctx, "suppliers")
		if err != nil {
			t.Fatal(err)
		}
		if len(hits) != 1 || hits[0].Stage != doc.StagePublished || hits[0].FoundStage != doc.StagePublicInspection || hits[0].Reference != "C-7" || hits[0].EventID == 0 {
			t.Fatalf("hits = %+v, want one, published now, found on public inspection", hits)
		}
		// Hit events stay out of the public event listings.
		evs, err := s.Events(ctx, EventQuery{DocumentID: pi.ID})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range evs {
			if e.Kind == doc.EventWatchlistHit {
				t.Errorf("Events lists a watchlist hit: %+v", e)
			}
		}
		// Screen now records without events, and skips what exists.
		n, err := s.AddWatchlistHits(ctx, "suppliers", []ScreenedHit{
			{WatchlistHit: hits[0].toHit(), PartyKey: "C-7", ListedKey: "inspur group", DocumentID: pi.ID, Version: 1},
			{WatchlistHit: doc.WatchlistHit{Party: "Other Co", Action: doc.ActionRemove, Score: 0.9}, PartyKey: "other co", ListedKey: "other co", DocumentID: pi.ID, Version: 2},
		})
		if err != nil || n != 1 {
			t.Errorf("AddWatchlistHits = %d, %v; want 1 new", n, err)
		}
		lists, err := s.Watchlists(ctx)
		if err != nil || len(lists) != 1 || lists[0].Hits != 2 || lists[0].Revision != 2 {
			t.Errorf("Watchlists = %+v, %v; want one list, revision 2, 2 hits", lists, err)
		}
		if dh, err := s.DocumentHits(ctx, pi.ID); err != nil || len(dh) != 2 || dh[0].Score < dh[1].Score {
			t.Errorf("DocumentHits = %+v, %v; want 2, best first", dh, err)
		}
		if err := s.DeleteWatchlist(ctx, "suppliers"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.WatchlistHits(ctx, "suppliers"); !errors.Is(err, ErrNotFound) {
			t.Errorf("hits of a deleted list: %v, want ErrNotFound", err)
		}
		if err := s.DeleteWatchlist(ctx, "suppliers"); !errors.Is(err, ErrNotFound) {
			t.Errorf("second delete: %v, want ErrNotFound", err)
		}
		if ev, err := s.Event(ctx, hitEvent); err != nil || ev.Hit != nil || ev.Kind != doc.EventWatchlistHit {
			t.Errorf("event after delete = %+v, %v", ev, err)
		}
	})
}

// toHit is the doc.WatchlistHit of a stored hit (test helper).
func (h StoredHit) toHit() doc.WatchlistHit {
	return doc.WatchlistHit{Watchlist: h.Watchlist, Party: h.Party, Reference: h.Reference, WatchedName: h.WatchedName,
		ListedName: h.ListedName, MatchedName: h.MatchedName, Action: h.Action, Country: h.Country, Score: h.Score, Why: h.Why}
}

func TestReplaceWatchlistRejectsBadName(t *testing.T) {
	s, _, _ := openTest(t, sqliteBackend)
	if _, err := s.ReplaceWatchlist(context.Background(), "my list", nil); err == nil || !strings.Contains(err.Error(), "letters, digits") {
		t.Errorf("ReplaceWatchlist(\"my list\") = %v, want a name error", err)
	}
}
