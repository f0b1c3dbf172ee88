package server

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/mmcdole/gofeed"
)

type feedEntry struct {
	ID, Title, Link string
	Published       time.Time
	Updated         time.Time
}

func parseFeed(t *testing.T, body string) (*gofeed.Feed, []feedEntry) {
	t.Helper()
	f, err := gofeed.NewParser().ParseString(body)
	if err != nil {
		t.Fatalf("parse feed: %v\n%.1000s", err, body)
	}
	var out []feedEntry
	for _, it := range f.Items {
		e := feedEntry{ID: it.GUID, Title: it.Title, Link: it.Link}
		if it.PublishedParsed != nil {
			e.Published = *it.PublishedParsed
		}
		if it.UpdatedParsed != nil {
			e.Updated = *it.UpdatedParsed
		}
		out = append(out, e)
	}
	return f, out
}

func TestFeedsStableAndParseable(t *testing.T) {
	a := newArchive(t, Config{})
	h := a.srv.Handler()
	for name, tc := range map[string]struct {
		path, contentType string
		entries           int
		wantTitle         string
	}{
		"country atom":      {"/feeds/countries/CN.atom", "application/atom+xml", 3, "China (CN)"},
		"country json":      {"/feeds/countries/CN.json", "application/feed+json", 3, "China (CN)"},
		"country lowercase": {"/feeds/countries/at.atom", "application/atom+xml", 3, "Austria"},
		"worldwide":         {"/feeds/countries/worldwide.atom", "application/atom+xml", 2, "Worldwide"},
		"label atom":        {"/feeds/labels/entity_addition.atom", "application/atom+xml", 1, "Entity List addition"},
		"label json":        {"/feeds/labels/tier_change.json", "application/feed+json", 2, "Tier change"},
		"search atom":       {"/feeds/search.atom?q=advanced+computing", "application/atom+xml", 3, "advanced computing"},
		"search json":       {"/feeds/search.json?q=inspur&country=CN", "application/feed+json", 1, "inspur"},
		"all atom":          {"/feeds/all.atom", "application/atom+xml", 6, "all changes"},
		"all json":          {"/feeds/all.json", "application/feed+json", 6, "all changes"},
		"since future":      {"/feeds/all.atom?since=2999-01-01", "application/atom+xml", 0, "all changes"},
	} {
		t.Run(name, func(t *testing.T) {
			res, body1 := do(t, h, "GET", tc.path, nil)
			if res.StatusCode != 200 {
				t.Fatalf("status %d: %s", res.StatusCode, body1)
			}
			if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, tc.contentType) {
				t.Errorf("Content-Type %q, want %q", ct, tc.contentType)
			}
			_, body2 := do(t, h, "GET", tc.path, nil)
			f1, e1 := parseFeed(t, body1)
			f2, e2 := parseFeed(t, body2)
			if diff := cmp.Diff(e1, e2); diff != "" {
				t.Errorf("entries differ across renders (-first +second):\n%s", diff)
			}
			if f1.UpdatedParsed == nil && f1.FeedType == "atom" {
				t.Error("feed has no updated date")
			}
			if f1.Updated != f2.Updated {
				t.Errorf("feed updated %q then %q", f1.Updated, f2.Updated)
			}
			if !strings.Contains(f1.Title, tc.wantTitle) {
				t.Errorf("title %q lacks %q", f1.Title, tc.wantTitle)
			}
			if len(e1) != tc.entries {
				t.Fatalf("%d entries, want %d: %+v", len(e1), tc.entries, e1)
			}
			seen := map[string]bool{}
			for _, e := range e1 {
				if !strings.HasPrefix(e.ID, "tag:exportwatch.test,2025:") {
					t.Errorf("entry ID %q is not a stable tag: URI", e.ID)
				}
				if seen[e.ID] {
					t.Errorf("duplicate entry ID %q", e.ID)
				}
				seen[e.ID] = true
				if e.Published.IsZero() && e.Updated.IsZero() {
					t.Errorf("entry %q has no date", e.ID)
				}
				if !strings.HasPrefix(e.Link, "http://exportwatch.test/") {
					t.Errorf("entry link %q is not on the public URL", e.Link)
				}
				if strings.Contains(body1, "<script") {
					t.Errorf("raw <script in the feed")
				}
			}
		})
	}
}

func TestFeedErrors(t *testing.T) {
	a := newArchive(t, Config{})
	for path, want := range map[string]int{
		"/feeds/countries/CN.rss":         404,
		"/feeds/countries/CHN.atom":       400,
		"/feeds/labels/gossip.atom":       404,
		"/feeds/all.atom?since=tomorrow":  400,
		"/feeds/search.atom?q=colour:red": 400,
	} {
		if res, body := do(t, a.srv.Handler(), "GET", path, nil); res.StatusCode != want {
			t.Errorf("%s: %d %s, want %d", path, res.StatusCode, body, want)
		}
	}
}

func TestFeedRawEscaping(t *testing.T) {
	a := newArchive(t, Config{})
	_, body := do(t, a.srv.Handler(), "GET", "/feeds/countries/CN.atom", nil)
	if strings.Contains(body, "<script") {
		t.Errorf("atom feed contains a raw <script:\n%s", body)
	}
	_, body = do(t, a.srv.Handler(), "GET", "/feeds/countries/CN.json", nil)
	if strings.Contains(body, "<script") {
		t.Errorf("JSON feed contains a raw <script")
	}
}

// TestAtomFeedRFC4287 parses a country feed with gofeed and checks what
// feed readers sort and show by: publication and change dates from the
// document (not the crawl), an author, rel="self", the public-inspection
// and worldwide marks.
func TestAtomFeedRFC4287(t *testing.T) {
	a := newArchive(t, Config{})
	res, body := do(t, a.srv.Handler(), "GET", "/feeds/countries/AT.atom", nil)
	if res.StatusCode != 200 {
		t.Fatalf("status %d: %s", res.StatusCode, body)
	}
	f, err := gofeed.NewParser().ParseString(body)
	if err != nil {
		t.Fatal(err)
	}
	if f.FeedLink != "http://exportwatch.test/feeds/countries/AT.atom" {
		t.Errorf("rel=self link %q", f.FeedLink)
	}
	if len(f.Authors) == 0 || f.Authors[0].Name == "" {
		t.Errorf("feed has no author")
	}
	type entry struct {
		Title, Author      string
		Published, Updated string
		Categories         []string
	}
	var got []entry
	for _, it := range f.Items {
		e := entry{Title: it.Title, Categories: it.Categories}
		if it.Author != nil {
			e.Author = it.Author.Name
		}
		if it.PublishedParsed != nil {
			e.Published = it.PublishedParsed.Format(time.RFC3339)
		}
		if it.UpdatedParsed != nil {
			e.Updated = it.UpdatedParsed.Format(time.RFC3339)
		}
		if strings.HasPrefix(e.Title, "Updated") {
			// The update's change time is when exportwatch saw it: after
			// publication, not checked to the second.
			if it.UpdatedParsed == nil || !it.UpdatedParsed.After(day("2025-01-15")) {
				t.Errorf("update entry updated %q, want after its publication", e.Updated)
			}
			e.Updated = "(fetch time)"
		}
		got = append(got, e)
	}
	want := []entry{
		{Title: "Updated (version 2): Framework for Artificial Intelligence Diffusion", Author: "Bureau of Industry and Security",
			Published: "2025-01-15T00:00:00Z", Updated: "(fetch time)", Categories: []string{"Tier change", "Quota change"}},
		{Title: "On public inspection: Revision of License Exception LPP Thresholds", Author: "Bureau of Industry and Security",
			Published: "2025-01-17T08:45:00Z", Updated: "2025-01-17T08:45:00Z", Categories: []string{"Public inspection", "Worldwide", "Quota change"}},
		{Title: "Framework for Artificial Intelligence Diffusion", Author: "Bureau of Industry and Security",
			Published: "2025-01-15T00:00:00Z", Updated: "2025-01-15T00:00:00Z", Categories: []string{"Tier change", "Quota change"}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("AT feed entries (-want +got):\n%s", diff)
	}
	mustContain(t, "AT feed", body, "On public inspection since 17 Jan 2025 08:45 UTC, to be published in the Federal Register on 21 Jan 2025.",
		"&lt;strong&gt;Worldwide:&lt;/strong&gt;")
	// The feed's own date is its newest entry's, never zero.
	if f.UpdatedParsed == nil || f.UpdatedParsed.Before(day("2025-01-17")) {
		t.Errorf("feed updated %v", f.UpdatedParsed)
	}
}
