package server

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/microcosm-cc/bluemonday"

	"github.com/exportwatch/exportwatch/doc"
)

func TestMarkedText(t *testing.T) {
	for name, tc := range map[string]struct {
		text     string
		evidence []doc.Evidence
		want     string
		found    []bool
	}{
		"exact": {
			text:     "Intro.\n\nThe ERC added Inspur Group to the Entity List. Done.",
			evidence: []doc.Evidence{{Label: "entity_addition", Text: "The ERC added Inspur Group to the Entity List."}},
			want:     "<p>Intro.</p>\n<p><mark class=\"evidence\" id=\"ev-0\" title=\"Entity List addition\">The ERC added Inspur Group to the Entity List.</mark> Done.</p>\n",
			found:    []bool{true},
		},
		"white space and case differ": {
			text:     "the erc   added\nInspur Group to the entity list.",
			evidence: []doc.Evidence{{Label: "entity_addition", Text: "The ERC added Inspur Group to the Entity List."}},
			want:     "<p><mark class=\"evidence\" id=\"ev-0\" title=\"Entity List addition\">the erc   added\nInspur Group to the entity list.</mark></p>\n",
			found:    []bool{true},
		},
		"hostile text is escaped": {
			text:     "<script>alert(1)</script> Austria is moved to Tier 2 <b>now</b>.",
			evidence: []doc.Evidence{{Label: "tier_change", Text: "Austria is moved to Tier 2 <b>now</b>"}},
			want:     "<p>&lt;script&gt;alert(1)&lt;/script&gt; <mark class=\"evidence\" id=\"ev-0\" title=\"Tier change\">Austria is moved to Tier 2 &lt;b&gt;now&lt;/b&gt;</mark>.</p>\n",
			found:    []bool{true},
		},
		"not in text": {
			text:     "Nothing here.",
			evidence: []doc.Evidence{{Label: "tier_change", Text: "A table row | CN | Tier 3"}},
			want:     "<p>Nothing here.</p>\n",
			found:    []bool{false},
		},
		"overlapping evidence merges": {
			text: "Alpha beta gamma delta epsilon zeta eta theta.",
			evidence: []doc.Evidence{
				{Label: "tier_change", Text: "Alpha beta gamma delta"},
				{Label: "quota_change", Text: "gamma delta epsilon zeta"},
			},
			want:  "<p><mark class=\"evidence\" id=\"ev-0\" title=\"Tier change\">Alpha beta gamma delta epsilon zeta</mark> eta theta.</p>\n",
			found: []bool{true, true},
		},
		"spans a paragraph break": {
			text:     "First part of the evidence\n\nsecond part of it. Rest.",
			evidence: []doc.Evidence{{Label: "tier_change", Text: "part of the evidence second part"}},
			want:     "<p>First <mark class=\"evidence\" id=\"ev-0\" title=\"Tier change\">part of the evidence</mark></p>\n<p><mark class=\"evidence\" id=\"ev-0\" title=\"Tier change\">second part</mark> of it. Rest.</p>\n",
			found:    []bool{true},
		},
		"too short to look for": {
			text:     "Tier 2 everywhere.",
			evidence: []doc.Evidence{{Label: "tier_change", Text: "Tier 2"}},
			want:     "<p>Tier 2 everywhere.</p>\n",
			found:    []bool{false},
		},
	} {
		t.Run(name, func(t *testing.T) {
			spans, found := findEvidence(tc.text, tc.evidence)
			got := string(markedText(tc.text, spans, nil))
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("markedText (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.found, found); diff != "" {
				t.Errorf("found (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSnippetSanitised(t *testing.T) {
	s := &Server{sanitize: bluemonday.NewPolicy().AllowElements("mark")}
	for in, want := range map[string]string{
		"the <mark>Entity</mark> List":                   "the <mark>Entity</mark> List",
		`<mark onclick="x()">a</mark><script>b</script>`: "<mark>a</mark>",
		`<img src=x onerror=alert(1)>text`:               "text",
		"a &lt;b&gt; c":                                  "a &lt;b&gt; c",
	} {
		if got := string(s.snippetHTML(in)); got != want {
			t.Errorf("snippetHTML(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDiffLines(t *testing.T) {
	lines, truncated := diffLines("--- v1\n+++ v2\n@@ -1,2 +1,2 @@\n same\n-old\n+new\n")
	var kinds []string
	for _, l := range lines {
		kinds = append(kinds, l.Kind)
	}
	if diff := cmp.Diff([]string{"meta", "meta", "hunk", "ctx", "del", "add"}, kinds); diff != "" || truncated {
		t.Errorf("kinds (-want +got):\n%s (truncated %v)", diff, truncated)
	}
	_, truncated = diffLines(strings.Repeat("+x\n", maxDiffLines+5))
	if !truncated {
		t.Error("a huge diff is not truncated")
	}
}

func TestSearchParamsRoundTrip(t *testing.T) {
	p := searchParams{Q: "inspur", Countries: []string{"CN"}, Labels: []string{"entity_addition"}, Years: []string{"2025"}, Sort: "newest", Page: 2, Limit: defaultPageSize}
	if got, want := p.URL("/"), "/?country=CN&label=entity_addition&page=2&q=inspur&sort=newest&year=2025"; got != want {
		t.Errorf("URL = %q, want %q", got, want)
	}
	off := p.Toggle("country", "CN")
	if len(off.Countries) != 0 || off.Page != 1 || len(p.Countries) != 1 {
		t.Errorf("Toggle off = %+v (original %+v)", off, p)
	}
	on := p.Toggle("country", "TW")
	if diff := cmp.Diff([]string{"CN", "TW"}, on.Countries); diff != "" {
		t.Errorf("Toggle on (-want +got):\n%s", diff)
	}
	q := p.Query()
	if q.From.Format(dateLayout) != "2025-01-01" || q.To.Format(dateLayout) != "2025-12-31" || q.Offset != 20 {
		t.Errorf("Query = %+v", q)
	}
}
