package press

import (
	"errors"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/exportwatch/exportwatch/crawler"
)

// fakeSite is the fake press site's recorded pages, the seeds of the HTML
// fuzzers.
const fakeSite = "../../internal/fakepress/testdata/site"

func sitePages(f *testing.F) map[string][]byte {
	f.Helper()
	pages := map[string][]byte{}
	err := filepath.WalkDir(fakeSite, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(fakeSite, p)
		pages["/"+filepath.ToSlash(rel)] = b
		return nil
	})
	if err != nil {
		f.Fatal(err)
	}
	if len(pages) == 0 {
		f.Fatalf("no seed pages under %s", fakeSite)
	}
	return pages
}

// fuzzExtractors are the article configurations the fuzzer picks from: the
// defaults (readability), the presets, and explicit selectors.
func fuzzExtractors() []extractor {
	xs := []extractor{{source: "fuzz", kind: KindPress}}
	for _, name := range []string{PresetChinaTable, PresetBISPress} {
		p, _ := LookupPreset(name, "")
		xs = append(xs, extractor{source: name, kind: KindPress, a: p.HTML.Article})
	}
	xs = append(xs, extractor{source: "sel", kind: KindPress, a: Article{
		TitleSelector: "h2", DateSelector: ".date", DateFormats: []string{"02/01/2006"},
		BodySelector: "article p", ExcludeSelector: ".share", PaywallSelector: "-", Language: "de",
	}})
	return xs
}

// FuzzArticle: any page bytes, any Content-Type, any configuration give a
// document or an error wrapping crawler.ErrMalformed — never a panic — and
// a document has a headline, an ID that is the hash of its canonical URL,
// valid UTF-8 text, and no body when it is a teaser.
func FuzzArticle(f *testing.F) {
	for path, b := range sitePages(f) {
		f.Add(b, "text/html; charset=utf-8", path, uint8(0))
		f.Add(b, "text/html", path, uint8(1))
	}
	f.Add([]byte(`<html lang="de-AT"><head><meta charset="iso-8859-1"><link rel="canonical" href="/"><title>T | Site</title></head><body><h2>x</h2><p class="date">12/02/2025</p><article><p>Text \xe4</p></article></body></html>`), "", "/a/b", uint8(3))
	f.Add([]byte(`<div class="paywall">secret</div><h1>Head</h1><meta name="tdm-reservation" content="1">`), "text/html; charset=windows-1252", "/x", uint8(0))
	f.Add([]byte("\xef\xbb\xbf<h1>bom</h1>"), "text/html; charset=utf-16", "/", uint8(2))
	f.Add([]byte{}, "application/octet-stream", "", uint8(0))
	xs := fuzzExtractors()

	f.Fuzz(func(t *testing.T, body []byte, contentType, path string, which uint8) {
		final, err := url.Parse("https://press.example.org/" + strings.TrimLeft(path, "/"))
		if err != nil {
			return
		}
		x := xs[int(which)%len(xs)]
		res := &result{url: final.String(), final: final, status: 200, header: http.Header{}, contentType: contentType, body: body}
		d, err := x.article(res, hint{}, which&0x80 != 0)
		if err != nil {
			if !errors.Is(err, crawler.ErrMalformed) {
				t.Fatalf("error %v does not wrap crawler.ErrMalformed", err)
			}
			return
		}
		if d.Title == "" {
			t.Error("document without a title")
		}
		if want := DocumentID(x.source, d.URL); d.ID != want {
			t.Errorf("ID %q, want DocumentID(%q, %q) = %q", d.ID, x.source, d.URL, want)
		}
		if c, err := CanonicalURL(d.URL, nil); err != nil || c != d.URL {
			t.Errorf("URL %q is not canonical: CanonicalURL = %q, %v", d.URL, c, err)
		}
		for field, s := range map[string]string{"title": d.Title, "abstract": d.Abstract, "body": d.Body, "language": d.Language} {
			if !utf8.ValidString(s) {
				t.Errorf("%s is not valid UTF-8: %q", field, s)
			}
		}
		if d.Teaser {
			if d.Body != "" {
				t.Errorf("teaser document with a body of %d bytes", len(d.Body))
			}
			if n := utf8.RuneCountInString(d.Abstract); n > maxTeaserRunes+1 {
				t.Errorf("teaser abstract has %d runes, want at most %d", n, maxTeaserRunes)
			}
		}
	})
}

// FuzzCanonicalURL: CanonicalURL never panics, accepts only absolute
// http(s) URLs, and is idempotent (a canonical URL is its own canonical
// form, so one article never gets two IDs).
func FuzzCanonicalURL(f *testing.F) {
	for _, s := range []struct{ ref, base string }{
		{"https://Table.Media:443/china/news/x/?utm_source=nl&b=2&a=1#top", ""},
		{"/china/news/inspur-tochterfirmen-auf-entity-list/", "https://table.media/china/"},
		{"../en/news/us-tightens-ai-chip-export-quotas.html?fbclid=1", "http://127.0.0.1:8080/china/news/a.html"},
		{"HTTP://user:pw@EXAMPLE.org:80", ""},
		{"mailto:a@b.c", "https://x.org/"},
		{"//cdn.example.org/a b?q=%zz", "https://x.org/"},
		{"https://[::1]:443/?", ""},
		{"", ""},
	} {
		f.Add(s.ref, s.base)
	}
	f.Fuzz(func(t *testing.T, ref, base string) {
		var b *url.URL
		if base != "" {
			var err error
			if b, err = url.Parse(base); err != nil {
				return
			}
		}
		c, err := CanonicalURL(ref, b)
		if err != nil {
			return
		}
		u, err := url.Parse(c)
		if err != nil {
			t.Fatalf("CanonicalURL(%q, %q) = %q, which does not parse: %v", ref, base, c, err)
		}
		if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
			t.Errorf("CanonicalURL(%q, %q) = %q: not an absolute http(s) URL", ref, base, c)
		}
		if u.Fragment != "" || u.User != nil {
			t.Errorf("CanonicalURL(%q, %q) = %q keeps a fragment or user info", ref, base, c)
		}
		again, err := CanonicalURL(c, nil)
		if err != nil || again != c {
			t.Errorf("not idempotent: CanonicalURL(%q, %q) = %q, then %q (%v)", ref, base, c, again, err)
		}
	})
}
