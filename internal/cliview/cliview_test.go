package cliview

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/exportwatch/exportwatch/doc"
	"github.com/exportwatch/exportwatch/index"
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
	want := `12 result(s) for "entities"

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
