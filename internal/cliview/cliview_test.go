package cliview

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/exportwatch/exportwatch/config"
	"github.com/exportwatch/exportwatch/doc"
	"github.com/exportwatch/exportwatch/index"
	"github.com/exportwatch/exportwatch/pipeline"
	"github.com/exportwatch/exportwatch/store"
)

func TestSearch(t *testing.T) {
	res := index.Result{Total: 12, Hits: []index.Hit{{
		ID: "fr:2025-00636", Title: "Additions to the Entity List", Published: time.Date(2025, 1, 16, 0, 0, 0, 0, time.UTC),
		Labels: []string{"entity_addition"}, Countries: []string{"CN", "SG"},
		Snippet: "adds &lt;25&gt; <mark>entities</mark>\n  under China",
	}}, Facets: index.Facets{Labels: map[string]int{"entity_addition": 12, "entity_removal": 3, "tier_change": 3}, Years: map[string]int{"2025": 12}}}
	var b bytes.Buffer
	Search(&b, index.Query{Text: "entities", Offset: 10}, res)
	want := `showing 11–11 of 12 for "entities"; --offset 11 for more

 11. fr:2025-00636  2025-01-16  Additions to the Entity List
     labels: entity_addition  countries: CN, SG
     adds <25> [entities] under China

labels: entity_addition 12, entity_removal 3, tier_change 3
years: 2025 12
`
	if diff := cmp.Diff(want, b.String()); diff != "" {
		t.Errorf("search text (-want +got):\n%s", diff)
	}
}

// TestSearchSaysPairMatched: a phrase matched word pair by word pair is
// named under the results line.
func TestSearchSaysPairMatched(t *testing.T) {
	var b bytes.Buffer
	Search(&b, index.Query{Text: `"advanced computing items"`}, index.Result{Total: 0, PairMatched: []string{"advanced computing items"}})
	want := "0 results for \"\\\"advanced computing items\\\"\"\n" +
		"note: \"advanced computing items\" is too common to check in every document: counted where each pair of its neighbouring words occurs, so some documents may not have the whole phrase\n"
	if got := b.String(); !strings.HasPrefix(got, want) {
		t.Errorf("search text:\n%s\nwant it to start with:\n%s", got, want)
	}
}

// TestDocumentJSON: the `show --json` lists are [] rather than null.
func TestDocumentJSON(t *testing.T) {
	var sd store.StoredDocument
	sd.ID, sd.Title = "press:1", "A note"
	sd.Versions = []store.VersionInfo{{Version: 1, Hash: "abc"}}
	b, err := json.Marshal(NewDocument(sd))
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	json.Unmarshal(b, &got)
	for _, k := range []string{"labels", "countries", "mentions", "entities", "evidence"} {
		if l, ok := got[k].([]any); !ok || len(l) != 0 {
			t.Errorf("%s = %v, want []", k, got[k])
		}
	}
	if got["published"] != "" {
		t.Errorf("published = %v, want empty for a zero date", got["published"])
	}
}

func TestSubscriptionHidesSecrets(t *testing.T) {
	var b bytes.Buffer
	sub := doc.Subscription{ID: 2, Name: "hook", Channel: doc.ChannelWebhook, URL: "https://h.example/SEKRIT", Secret: "S3",
		Mode: doc.ModeDigest, DigestAt: "08:00", TimeZone: "Europe/Berlin"}
	Subscription(&b, sub, []store.Delivery{{Status: store.StatusSent}, {Status: store.StatusFailed}})
	out := b.String()
	for _, leak := range []string{"SEKRIT", "S3"} {
		if bytes.Contains(b.Bytes(), []byte(leak)) {
			t.Errorf("output leaks %q:\n%s", leak, out)
		}
	}
	for _, want := range []string{"channel:   webhook, digest at 08:00 Europe/Berlin", "deliveries: pending=0 sent=1 failed=1"} {
		if !bytes.Contains(b.Bytes(), []byte(want)) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestResultsLine(t *testing.T) {
	hits := func(n int) []index.Hit { return make([]index.Hit, n) }
	for _, tc := range []struct {
		q    index.Query
		res  index.Result
		want string
	}{
		{index.Query{Text: "x"}, index.Result{Total: 21, Hits: hits(20)}, `showing 1–20 of 21 for "x"; --offset 20 for more`},
		{index.Query{Offset: 20}, index.Result{Total: 21, Hits: hits(1)}, "showing 21–21 of 21"},
		{index.Query{Text: "x"}, index.Result{}, `0 results for "x"`},
		{index.Query{Offset: 40}, index.Result{Total: 21}, "21 results; --offset 40 is past the last one"},
	} {
		if got := ResultsLine(tc.q, tc.res); got != tc.want {
			t.Errorf("ResultsLine(%+v, total %d, %d hits) = %q, want %q", tc.q, tc.res.Total, len(tc.res.Hits), got, tc.want)
		}
	}
}

// TestSourcesCountDocuments: the DOCUMENTS column is the archive's count
// of documents from the source, not the last run's fetches.
func TestSourcesCountDocuments(t *testing.T) {
	cfg := config.Config{Sources: []config.Source{{Name: "federal-register", Type: "federalregister"}, {Name: "new", Type: "html"}}}
	states := []store.CrawlState{{Source: "federal-register", DocumentsSeen: 500, LastRun: time.Now(), LastSuccess: time.Now()}}
	rows := Sources(cfg, states, map[string]int{"federal-register": 42})
	if len(rows) != 2 || rows[0].Documents != 42 || rows[1].Documents != 0 || rows[1].Source != "new" {
		t.Fatalf("rows %+v", rows)
	}
	var b bytes.Buffer
	SourcesText(&b, rows)
	if !regexp.MustCompile(`(?m)^federal-register\s+federalregister\s+ok\s+\S+ \S+\s+0\s+42\s*$`).MatchString(b.String()) {
		t.Errorf("table lacks 42 documents for federal-register:\n%s", b.String())
	}
	if strings.Contains(b.String(), "500") {
		t.Errorf("table shows the fetch count 500:\n%s", b.String())
	}
}

func TestCrawlDone(t *testing.T) {
	var b bytes.Buffer
	CrawlDone(&b, pipeline.Summary{New: 3}, []string{"broken", "press"}, 3)
	lines := strings.Split(b.String(), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "crawl done: new=3 ") || lines[1] != "failed sources: 2 of 3: broken, press" {
		t.Errorf("output %q", b.String())
	}
	b.Reset()
	CrawlDone(&b, pipeline.Summary{}, nil, 3)
	if strings.Contains(b.String(), "failed sources") {
		t.Errorf("no failed source, but %q", b.String())
	}
}

// TestSubscriptionShowsSlackChannel: a Slack subscription names its
// channel, and country filters say whether worldwide rules are included.
func TestSubscriptionShowsSlackChannel(t *testing.T) {
	for _, tc := range []struct {
		sub  doc.Subscription
		want []string
	}{
		{doc.Subscription{ID: 1, Name: "AT", Channel: doc.ChannelSlack, Target: "C0AUSTRIA", Countries: []string{"AT"}, NamedOnly: true},
			[]string{"channel:   slack channel C0AUSTRIA", "filters:   country=AT named-only\n"}},
		{doc.Subscription{ID: 2, Name: "CN", Channel: doc.ChannelFeed, Countries: []string{"CN"}},
			[]string{"filters:   country=CN +worldwide\n"}},
		{doc.Subscription{ID: 3, Name: "all", Channel: doc.ChannelFeed},
			[]string{"filters:   (all labelled documents)\n"}},
	} {
		var b bytes.Buffer
		Subscription(&b, tc.sub, nil)
		for _, want := range tc.want {
			if !strings.Contains(b.String(), want) {
				t.Errorf("subscription %d: output lacks %q:\n%s", tc.sub.ID, want, b.String())
			}
		}
	}
}
