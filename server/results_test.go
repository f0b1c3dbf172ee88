package server

import (
	"regexp"
	"strings"
	"testing"
)

var snippetRE = regexp.MustCompile(`(?s)<p class="snippet">(.*?)</p>`)

// TestSearchResultsSayWhatEachHitIs: type, citation, entity count, the
// public-inspection mark, worldwide and named-only countries, agency names,
// boilerplate-free snippets and one consistent sort.
func TestSearchResultsSayWhatEachHitIs(t *testing.T) {
	a := newArchive(t, Config{})
	h := a.srv.Handler()

	_, body := do(t, h, "GET", "/?q=inspur", nil)
	mustContain(t, "inspur", body, `<span class="kind">Rule</span>`, `<span class="citation">90 FR 4544</span>`,
		`2 entities changed`, `title="China: affected"`)

	_, body = do(t, h, "GET", "/?q=LPP", nil)
	mustContain(t, "LPP", body, `<span class="badge pi">On public inspection</span>`, `class="badge worldwide"`,
		`<span class="badge named"`, `title="United Arab Emirates: named, not affected">AE</a>`, `>SA</a>`)

	for _, q := range []string{"guidance+billing", "billing", "volume"} {
		_, body = do(t, h, "GET", "/?q="+q, nil)
		snips := snippetRE.FindAllStringSubmatch(body, -1)
		if len(snips) == 0 {
			t.Fatalf("q=%s: no snippets for a body match", q)
		}
		for _, m := range snips {
			if text := strings.NewReplacer("<mark>", "", "</mark>", "").Replace(m[1]); strings.Contains(text, "BILLING") ||
				strings.Contains(text, "Federal Register Volume") || strings.Contains(text, "[Rules and Regulations]") {
				t.Errorf("q=%s: snippet shows boilerplate: %q", q, m[1])
			}
		}
	}

	_, body = do(t, h, "GET", "/", nil)
	mustContain(t, "home", body, `<span class="name">Bureau of Industry and Security</span>`, `<strong>Newest</strong>`)
	if strings.Contains(body, ">industry-and-security-bureau<") {
		t.Errorf("agency facet shows the slug")
	}
	if strings.Contains(body, "newest first") && strings.Contains(body, "<strong>Relevance</strong>") {
		t.Errorf("header says newest first while Relevance is bold")
	}
	if strings.Contains(body, "<strong>Relevance</strong>") {
		t.Errorf("home page (no words) marks Relevance as its sort")
	}
	_, body = do(t, h, "GET", "/?q=computing", nil)
	mustContain(t, "relevance", body, `<strong>Relevance</strong>`)
}
