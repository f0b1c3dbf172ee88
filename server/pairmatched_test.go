package server

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/exportwatch/exportwatch/doc"
)

// TestSearchSaysWhenAPhraseMatchedByPairs: a phrase of three words whose
// word pairs a document has apart is checked against the stored text and
// left out; when the text cannot be read, the document is counted and the
// page and the API say the phrase matched pair by pair.
func TestSearchSaysWhenAPhraseMatchedByPairs(t *testing.T) {
	ctx := context.Background()
	a := newArchive(t, Config{})
	// Hand-made: both pairs of "advanced computing items", apart.
	apart := doc.Document{
		ID: "fr:2025-07777", Source: "federal-register", Kind: "notice", Stage: doc.StagePublished,
		Title: "Guidance on license applications", Language: "en", Published: day("2025-02-03"),
		Body: "Exports of advanced computing equipment need a license. Computing items of lower performance do not.",
	}
	if _, err := a.st.SaveVersion(ctx, apart, doc.Classification{}, matchAll{}); err != nil {
		t.Fatal(err)
	}
	indexPending(t, a.st, a.ix)
	h := a.srv.Handler()
	q := url.Values{"q": {`"advanced computing items"`}}

	var res searchResponse
	_, body := do(t, h, "GET", "/api/v1/search?"+q.Encode(), nil)
	if err := json.Unmarshal([]byte(body), &res); err != nil || res.Total != 2 || hasHit(res, apart.ID) || len(res.PairMatched) != 0 {
		t.Fatalf("with texts: %s, want the two documents that have the phrase, exactly", body)
	}
	if res, page := do(t, h, "GET", "/?"+q.Encode(), nil); res.StatusCode != 200 || !strings.Contains(page, "<strong>2</strong> documents") || strings.Contains(page, "pair-note") {
		t.Errorf("with texts: the page (%d) does not count 2 documents exactly", res.StatusCode)
	}

	a.ix.SetTextSource(nil) // the bodies cannot be read
	_, body = do(t, h, "GET", "/api/v1/search?"+q.Encode(), nil)
	res = searchResponse{}
	if err := json.Unmarshal([]byte(body), &res); err != nil || res.Total != 3 || !hasHit(res, apart.ID) ||
		strings.Join(res.PairMatched, "|") != "advanced computing items" {
		t.Fatalf("without texts: %s, want the pairs' document too, and pair_matched", body)
	}
	_, page := do(t, h, "GET", "/?"+q.Encode(), nil)
	if !strings.Contains(page, `class="pair-note"`) || !strings.Contains(page, "“advanced computing items” is too common to check in every document") {
		t.Errorf("without texts: the page does not say the phrase matched by pairs")
	}
}

func hasHit(res searchResponse, id string) bool {
	for _, h := range res.Hits {
		if h.ID == id {
			return true
		}
	}
	return false
}
