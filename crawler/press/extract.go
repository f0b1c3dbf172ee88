package press

import (
	"bytes"
	"fmt"
	"net/url"
	"strings"
	"time"

	"codeberg.org/readeck/go-readability/v2"
	"github.com/PuerkitoBio/goquery"
	"github.com/exportwatch/exportwatch/crawler"
	"github.com/exportwatch/exportwatch/doc"
	"github.com/exportwatch/exportwatch/lang"
)

// KindPress is the document kind of press articles.
const KindPress = "press"

// maxTeaserRunes bounds what is kept of a paywalled or TDM-reserved page.
const maxTeaserRunes = 600

// hint is what a listing or feed item said about an article.
type hint struct {
	title, teaser string
	published     time.Time
	language      string
}

// extractor turns fetched article pages into documents.
type extractor struct {
	source string
	kind   string
	a      Article
}

func (x extractor) paywallSelector() string {
	switch x.a.PaywallSelector {
	case "":
		return DefaultPaywallSelector
	case "-":
		return ""
	}
	return x.a.PaywallSelector
}

var publishedMeta = []string{
	`meta[property="article:published_time"]`, `meta[name="article:published_time"]`,
	`meta[itemprop="datePublished"]`, `meta[name="date"]`, `meta[name="dc.date"]`,
	`meta[name="DC.date.issued"]`, `meta[name="publish-date"]`,
}

// article reads one fetched page. reserved says the site's tdmrep.json
// reserves TDM rights for the page. A paywall, a TDM reservation (file, meta
// tag or header) or TeaserOnly make a teaser document: headline, teaser,
// date, link — nothing past the teaser is read.
func (x extractor) article(res *result, h hint, reserved bool) (doc.Document, error) {
	body, err := decodeHTML(res.body, res.contentType)
	if err != nil {
		return doc.Document{}, fmt.Errorf("%w: %w", crawler.ErrMalformed, err)
	}
	gq, err := goquery.NewDocumentFromReader(bytes.NewReader(body))
	if err != nil {
		return doc.Document{}, fmt.Errorf("%w: parse html: %w", crawler.ErrMalformed, err)
	}
	gq.Find("script, style, noscript, template, svg, iframe").Remove()

	canonical := x.canonical(gq, res.final)

	// TDMRep: header, meta tag, or the site's tdmrep.json.
	teaser := x.a.TeaserOnly || reserved ||
		strings.TrimSpace(res.header.Get("tdm-reservation")) == "1" ||
		strings.TrimSpace(gq.Find(`meta[name="tdm-reservation"]`).AttrOr("content", "")) == "1"
	if sel := x.paywallSelector(); sel != "" {
		if pw := gq.Find(sel); pw.Length() > 0 {
			teaser = true
			pw.Remove() // whatever sits behind the paywall is never read
		}
	}
	if x.a.ExcludeSelector != "" {
		gq.Find(x.a.ExcludeSelector).Remove()
	}

	d := doc.Document{
		ID:     DocumentID(x.source, canonical),
		Source: x.source,
		Kind:   x.kind,
		URL:    canonical,
		Teaser: teaser,
	}
	d.Title = x.title(gq)
	if d.Title == "" {
		return doc.Document{}, fmt.Errorf("%w: no headline on page", crawler.ErrMalformed)
	}
	d.Published = x.published(gq, h)
	lead := x.teaser(gq, h)
	if teaser {
		d.Abstract = truncateRunes(lead, maxTeaserRunes)
	} else {
		d.Abstract = lead
		text, err := x.body(gq, res.final)
		if err != nil {
			return doc.Document{}, err
		}
		d.Body = text
	}
	d.Language = x.language(gq, h, d)
	return d, nil
}

// canonical is the page's rel=canonical (if it is a plausible one) or the
// URL it was served from, normalised by CanonicalURL.
func (x extractor) canonical(gq *goquery.Document, final *url.URL) string {
	self, _ := CanonicalURL(final.String(), nil)
	href, ok := gq.Find(`link[rel="canonical"]`).First().Attr("href")
	if !ok {
		return self
	}
	c, err := CanonicalURL(href, final)
	if err != nil {
		return self
	}
	// A canonical pointing every article at the home page would merge all
	// documents into one: ignore it.
	if cu, _ := url.Parse(c); cu != nil && cu.Path == "/" && final.Path != "/" && final.Path != "" {
		return self
	}
	return c
}

func (x extractor) title(gq *goquery.Document) string {
	if x.a.TitleSelector != "" {
		if t := inlineText(gq.Find(x.a.TitleSelector).First()); t != "" {
			return t
		}
	}
	if t := strings.TrimSpace(gq.Find(`meta[property="og:title"]`).AttrOr("content", "")); t != "" {
		return t
	}
	if t := inlineText(gq.Find("h1").First()); t != "" {
		return t
	}
	// The listing's title is not a fallback: a page without a headline of
	// its own is broken (truncated, an error page served with 200).
	t := inlineText(gq.Find("title").First())
	if i := strings.LastIndex(t, " | "); i > 0 {
		t = strings.TrimSpace(t[:i])
	}
	return t
}

func (x extractor) published(gq *goquery.Document, h hint) time.Time {
	if x.a.DateSelector != "" {
		if t, ok := dateOf(gq.Find(x.a.DateSelector).First(), x.a.DateFormats); ok {
			return t
		}
	}
	for _, sel := range publishedMeta {
		if t, ok := parseDate(gq.Find(sel).First().AttrOr("content", ""), x.a.DateFormats); ok {
			return t
		}
	}
	if t, ok := parseDate(gq.Find("time[datetime]").First().AttrOr("datetime", ""), x.a.DateFormats); ok {
		return t
	}
	if !h.published.IsZero() {
		return h.published
	}
	scope := gq.Find("article").First()
	if scope.Length() == 0 {
		scope = gq.Find("main, body").First()
	}
	if t, ok := findDate(truncateRunes(inlineText(scope), 1000)); ok {
		return t
	}
	return time.Time{}
}

// dateOf reads a date from an element: datetime or content attribute, else text.
func dateOf(s *goquery.Selection, layouts []string) (time.Time, bool) {
	if s.Length() == 0 {
		return time.Time{}, false
	}
	for _, attr := range []string{"datetime", "content"} {
		if v, ok := s.Attr(attr); ok {
			if t, ok := parseDate(v, layouts); ok {
				return t, true
			}
		}
	}
	return parseDate(inlineText(s), layouts)
}

func (x extractor) teaser(gq *goquery.Document, h hint) string {
	if x.a.TeaserSelector != "" {
		if t := selText(gq.Find(x.a.TeaserSelector).First()); t != "" {
			return t
		}
	}
	for _, sel := range []string{`meta[property="og:description"]`, `meta[name="description"]`} {
		if t := strings.TrimSpace(gq.Find(sel).First().AttrOr("content", "")); t != "" {
			return strings.Join(strings.Fields(t), " ")
		}
	}
	if h.teaser != "" {
		return h.teaser
	}
	var first string
	gq.Find("article p, main p, body p").EachWithBreak(func(_ int, p *goquery.Selection) bool {
		if t := inlineText(p); len(t) >= 40 {
			first = t
			return false
		}
		return true
	})
	return first
}

// body extracts the article text with BodySelector, else readability.
func (x extractor) body(gq *goquery.Document, final *url.URL) (string, error) {
	if x.a.BodySelector != "" {
		sel := gq.Find(x.a.BodySelector)
		if sel.Length() == 0 {
			return "", fmt.Errorf("%w: body selector %q matched nothing", crawler.ErrMalformed, x.a.BodySelector)
		}
		return selText(sel), nil
	}
	p := readability.NewParser()
	if art, err := p.ParseDocument(gq.Nodes[0], final); err == nil && art.Node != nil {
		if t := nodesText(art.Node); t != "" {
			return t, nil
		}
	}
	scope := gq.Find("article").First()
	if scope.Length() == 0 {
		scope = gq.Find("main, body").First()
	}
	var paras []string
	scope.Find("p").Each(func(_ int, p *goquery.Selection) {
		if t := inlineText(p); t != "" {
			paras = append(paras, t)
		}
	})
	return strings.Join(paras, "\n\n"), nil
}

// language: the page's lang attribute, else the source's or item's
// configured language, else detection from the text.
func (x extractor) language(gq *goquery.Document, h hint, d doc.Document) string {
	if l := primaryTag(gq.Find("html").AttrOr("lang", "")); l != "" {
		return l
	}
	if l := primaryTag(gq.Find(`meta[http-equiv="Content-Language"], meta[http-equiv="content-language"]`).AttrOr("content", "")); l != "" {
		return l
	}
	if l := primaryTag(x.a.Language); l != "" {
		return l
	}
	if h.language != "" {
		return h.language
	}
	return lang.Detect(d.Title + "\n" + d.Abstract + "\n" + d.Body)
}

// primaryTag returns the primary language subtag of a BCP 47 tag, lower case.
func primaryTag(tag string) string {
	tag = strings.TrimSpace(tag)
	if i := strings.IndexAny(tag, "-_,; "); i >= 0 {
		tag = tag[:i]
	}
	tag = strings.ToLower(tag)
	if len(tag) < 2 || len(tag) > 3 {
		return ""
	}
	return tag
}
