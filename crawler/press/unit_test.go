package press

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestCanonicalURL(t *testing.T) {
	base, _ := url.Parse("https://Table.Media:443/china/")
	for name, tc := range map[string]struct{ in, want string }{
		"relative":           {"news/a/", "https://table.media/china/news/a/"},
		"utm and fragment":   {"/china/news/a/?utm_source=x&utm_medium=y#kommentare", "https://table.media/china/news/a/"},
		"fbclid gclid mc":    {"/a?fbclid=1&gclid=2&mc_cid=3&mc_eid=4", "https://table.media/a"},
		"keeps real params":  {"/tag/ki?utm_campaign=z&page=2", "https://table.media/tag/ki?page=2"},
		"sorts params":       {"/s?b=2&a=1", "https://table.media/s?a=1&b=2"},
		"default port":       {"http://example.org:80/x", "http://example.org/x"},
		"other port kept":    {"http://127.0.0.1:8080/x", "http://127.0.0.1:8080/x"},
		"empty path":         {"https://EXAMPLE.org", "https://example.org/"},
		"userinfo dropped":   {"https://u:p@example.org/x", "https://example.org/x"},
		"empty query marker": {"/x?", "https://table.media/x"},
	} {
		t.Run(name, func(t *testing.T) {
			got, err := CanonicalURL(tc.in, base)
			if err != nil || got != tc.want {
				t.Errorf("CanonicalURL(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
			}
		})
	}
	for _, bad := range []string{"mailto:a@b.c", "javascript:void(0)", "ftp://x/y"} {
		if got, err := CanonicalURL(bad, base); err == nil {
			t.Errorf("CanonicalURL(%q) = %q, want an error", bad, got)
		}
	}
	if a, b := DocumentID("ct", "https://table.media/a"), DocumentID("ct", "https://table.media/a"); a != b || !strings.HasPrefix(a, "ct:") || len(a) != 3+40 {
		t.Errorf("DocumentID = %q / %q", a, b)
	}
}

func TestParseDate(t *testing.T) {
	for name, tc := range map[string]struct {
		in      string
		layouts []string
		want    string // "" = no date
	}{
		"german":            {in: "12. Februar 2025", want: "2025-02-12T00:00:00Z"},
		"german märz":       {in: "Berlin, 3. März 2025", want: "2025-03-03T00:00:00Z"},
		"german mai":        {in: "14. Mai 2025", want: "2025-05-14T00:00:00Z"},
		"bis release line":  {in: "FOR IMMEDIATE RELEASE | May 13, 2025", want: "2025-05-13T00:00:00Z"},
		"english day first": {in: "13 May 2025", want: "2025-05-13T00:00:00Z"},
		"abbrev":            {in: "Sept. 5, 2024", want: "2024-09-05T00:00:00Z"},
		"rfc3339 to utc":    {in: "2025-03-26T06:00:00+01:00", want: "2025-03-26T05:00:00Z"},
		"iso date":          {in: "2025-03-26", want: "2025-03-26T00:00:00Z"},
		"dotted":            {in: "12.02.2025", want: "2025-02-12T00:00:00Z"},
		"configured layout": {in: "26/03/2025", layouts: []string{"02/01/2006"}, want: "2025-03-26T00:00:00Z"},
		"earliest wins":     {in: "Stand: 1. April 2025, zuerst erschienen am 12. Februar 2025", want: "2025-04-01T00:00:00Z"},
		"impossible day":    {in: "31. Februar 2025", want: ""},
		"none":              {in: "gestern", want: ""},
		"empty":             {in: "", want: ""},
	} {
		t.Run(name, func(t *testing.T) {
			got, ok := parseDate(tc.in, tc.layouts)
			s := ""
			if ok {
				s = got.Format(time.RFC3339)
			}
			if s != tc.want {
				t.Errorf("parseDate(%q) = %q, want %q", tc.in, s, tc.want)
			}
		})
	}
}

func TestTDMRules(t *testing.T) {
	rules, err := parseTDMRep([]byte(`[
	  {"location": "/en/china/professional-briefing/*", "tdm-reservation": 1},
	  {"location": "/exact$", "tdm-reservation": 1},
	  {"location": "/*.pdf$", "tdm-reservation": 1},
	  {"location": "/*", "tdm-reservation": 0}]`))
	if err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]bool{
		"/en/china/professional-briefing/x": true,
		"/en/china/news/x":                  false,
		"/exact":                            true,
		"/exact/more":                       false,
		"/files/report.pdf":                 true,
		"/files/report.pdf.html":            false,
		"/":                                 false,
	} {
		if got := rules.reserved(path); got != want {
			t.Errorf("reserved(%q) = %v, want %v", path, got, want)
		}
	}
	if _, err := parseTDMRep([]byte("{not json")); err == nil {
		t.Error("bad tdmrep.json parsed")
	}
}

func TestDecodeHTML(t *testing.T) {
	latin1 := []byte("<p>Ausfuhrbeschr\xe4nkungen f\xfcr Stra\xdfen</p>")
	want := "<p>Ausfuhrbeschränkungen für Straßen</p>"
	for name, tc := range map[string]struct {
		body        []byte
		contentType string
	}{
		"header charset": {latin1, "text/html; charset=ISO-8859-1"},
		"meta charset":   {append([]byte(`<meta charset="windows-1252">`), latin1...), "text/html"},
		"no declaration": {latin1, "text/html"},
		"utf-8":          {[]byte(want), "text/html"},
	} {
		t.Run(name, func(t *testing.T) {
			got, err := decodeHTML(tc.body, tc.contentType)
			if err != nil || !strings.HasSuffix(string(got), want) {
				t.Errorf("decodeHTML = %q, %v; want suffix %q", got, err, want)
			}
		})
	}
}

func TestMergeAndValidate(t *testing.T) {
	p, _ := LookupPreset(PresetBISPress, "")
	merged := MergeHTML(p.HTML, HTMLConfig{Name: "bis", Article: Article{BodySelector: ".field--name-body"}, Politeness: Politeness{Rate: 0.5}})
	if merged.Name != "bis" || merged.BodySelector != ".field--name-body" || merged.Rate != 0.5 ||
		merged.LinkPattern != p.HTML.LinkPattern || merged.TitleSelector != p.HTML.TitleSelector {
		t.Errorf("MergeHTML = %+v", merged)
	}
	f := MergeFeed(FederalRegisterRSS(FederalRegisterBase, BISAgency), FeedConfig{Name: "fr-rss", FetchItemPages: true})
	if f.Name != "fr-rss" || !f.FetchItemPages || !strings.Contains(f.URL, "conditions%5Bagencies%5D%5B%5D=industry-and-security-bureau") {
		t.Errorf("MergeFeed = %+v", f)
	}

	for name, tc := range map[string]struct {
		cfg  HTMLConfig
		want string
	}{
		"no name":      {HTMLConfig{StartURLs: []string{"https://x.org/"}, LinkPattern: "."}, "name"},
		"no start":     {HTMLConfig{Name: "x", LinkPattern: "."}, "start_urls"},
		"relative url": {HTMLConfig{Name: "x", StartURLs: []string{"/china/"}, LinkPattern: "."}, "start_urls"},
		"bad pattern":  {HTMLConfig{Name: "x", StartURLs: []string{"https://x.org/"}, LinkPattern: "("}, "link_pattern"},
		"no links":     {HTMLConfig{Name: "x", StartURLs: []string{"https://x.org/"}}, "link_selector"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := NewHTML(tc.cfg, nil, nil)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("NewHTML error = %v, want one naming %q", err, tc.want)
			}
		})
	}
	if _, err := NewFeed(FeedConfig{Name: "f", URL: "feed.xml"}, nil, nil); err == nil {
		t.Error("NewFeed accepted a relative URL")
	}
}

func TestTextHelpers(t *testing.T) {
	got := fragmentText("<p>Eins\n  zwei</p><p>Drei<script>x()</script></p>")
	if diff := cmp.Diff("Eins zwei\n\nDrei", got); diff != "" {
		t.Errorf("fragmentText (-want +got):\n%s", diff)
	}
	for in, want := range map[string]string{"de-DE": "de", "EN": "en", "en_US": "en", "": "", "x": "", "deutsch": ""} {
		if got := primaryTag(in); got != want {
			t.Errorf("primaryTag(%q) = %q, want %q", in, got, want)
		}
	}
	if got := truncateRunes("Äpfel und Birnen und Kirschen", 12); got != "Äpfel und…" {
		t.Errorf("truncateRunes = %q", got)
	}
}
