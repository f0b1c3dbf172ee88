package press

import (
	"fmt"
	"net/url"
	"reflect"
	"regexp"
	"time"

	"github.com/exportwatch/exportwatch/crawler/fetch"
)

// Defaults applied by the constructors to zero fields.
const (
	DefaultParallelism  = 2   // concurrent requests per host
	DefaultMaxPages     = 3   // listing pages per start URL
	DefaultMaxItems     = 100 // feed items read per crawl
	DefaultNextSelector = `a[rel~="next"], link[rel~="next"]`
	DefaultLinkSelector = "a[href]"
	// DefaultPaywallSelector matches common paywall markers.
	DefaultPaywallSelector = `.paywall, [data-paywall], .piano-paywall, #paywall`
)

// Politeness is how a source fetches: the shared fetch client's settings
// (User-Agent, timeout, body limit, attempts from the config file's crawl
// section; zero values take the config's defaults), with Rate requests per
// second per host (default 1) and Parallelism concurrent requests per host
// (default DefaultParallelism).
type Politeness = fetch.Config

func politeness(p Politeness) Politeness {
	if p.Parallelism <= 0 {
		p.Parallelism = DefaultParallelism
	}
	return p
}

// Article says how to read one article page. Every selector is a CSS
// selector (goquery/cascadia syntax); an empty one falls back to generic
// extraction (meta tags, h1, readability).
type Article struct {
	// TitleSelector finds the headline; fallback og:title, h1, <title>.
	TitleSelector string
	// DateSelector finds the publication date: its datetime or content
	// attribute, else its text. Fallback: article:published_time and
	// similar meta tags, <time datetime>, the listing's date, a date in the
	// first lines of the text.
	DateSelector string
	// DateFormats are Go time layouts tried before the built-in ones
	// (RFC 3339, 2006-01-02, "January 2, 2006", "12. Februar 2025", 02.01.2006).
	DateFormats []string
	// TeaserSelector finds the lead/teaser paragraph; fallback meta
	// description, the listing's teaser, the first paragraph.
	TeaserSelector string
	// BodySelector finds the article text; empty means readability.
	BodySelector string
	// ExcludeSelector removes boilerplate (boxes, share bars) before extraction.
	ExcludeSelector string
	// PaywallSelector marks a paywalled page: it is then kept as a teaser.
	// Empty means DefaultPaywallSelector; "-" disables the check.
	PaywallSelector string
	// TeaserOnly keeps only metadata and teaser for every page of the
	// source (a paywalled publication), whatever the page says.
	TeaserOnly bool
	// Language ("en", "de") is used when the page has no lang attribute;
	// empty means detect from the text.
	Language string
}

// HTMLConfig configures an HTML source: listing pages (with pagination) →
// article links → article pages.
type HTMLConfig struct {
	// Name is the source name and the prefix of document IDs.
	Name string
	// StartURLs are the listing pages.
	StartURLs []string
	// MaxPages is how many listing pages to read per start URL, following
	// NextSelector.
	MaxPages int
	// NextSelector finds the next listing page's link.
	NextSelector string
	// ItemSelector matches one element per article on a listing page; empty
	// means the whole page is one scope. Title, date and teaser selectors
	// are also tried inside each item, as hints for the article.
	ItemSelector string
	// LinkSelector finds the article link (href) inside an item.
	LinkSelector string
	// LinkPattern is a regular expression the link's path must match;
	// presets use it instead of site-specific selectors. Links to other
	// hosts than the listing's are never followed.
	LinkPattern string
	// Lookback limits re-checking: articles whose listing date is older than
	// the cursor (newest date seen) minus Lookback are not fetched again, and
	// pagination stops at a page of such articles. 0 re-checks everything
	// listed.
	Lookback time.Duration
	Article
	Politeness
}

// FeedConfig configures a feed source (RSS 2.0, Atom, JSON Feed).
type FeedConfig struct {
	// Name is the source name and the prefix of document IDs.
	Name string
	// URL is the feed's address.
	URL string
	// FetchItemPages fetches each item's link and reads the article with
	// Article (conditional GET; robots.txt and TDM reservations honoured);
	// otherwise the feed's own title, summary and content are used.
	FetchItemPages bool
	// Kind is the document kind; default "press".
	Kind string
	// Lookback: as HTMLConfig.Lookback, by item date.
	Lookback time.Duration
	// MaxItems is the most items read per crawl, the newest; default
	// DefaultMaxItems. A feed of 100,000 items costs no more than this.
	MaxItems int
	Article
	Politeness
}

func checkArticle(a Article) error {
	if a.Language != "" && len(a.Language) > 8 {
		return fmt.Errorf("language %q: want a language code such as en or de", a.Language)
	}
	return nil
}

func (c HTMLConfig) validate() error {
	if c.Name == "" {
		return fmt.Errorf("name: required")
	}
	if len(c.StartURLs) == 0 {
		return fmt.Errorf("start_urls: at least one listing URL is required")
	}
	for _, s := range c.StartURLs {
		if err := checkHTTPURL(s); err != nil {
			return fmt.Errorf("start_urls: %w", err)
		}
	}
	if c.LinkPattern != "" {
		if _, err := regexp.Compile(c.LinkPattern); err != nil {
			return fmt.Errorf("link_pattern: %w", err)
		}
	}
	if c.LinkSelector == "" && c.LinkPattern == "" && c.ItemSelector == "" {
		return fmt.Errorf("link_selector, item_selector or link_pattern: one is required to tell articles from navigation")
	}
	return checkArticle(c.Article)
}

func (c FeedConfig) validate() error {
	if c.Name == "" {
		return fmt.Errorf("name: required")
	}
	if err := checkHTTPURL(c.URL); err != nil {
		return fmt.Errorf("url: %w", err)
	}
	return checkArticle(c.Article)
}

func checkHTTPURL(s string) error {
	u, err := url.Parse(s)
	if err != nil {
		return err
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%q: want an absolute http(s) URL", s)
	}
	return nil
}

// MergeHTML returns base with every non-zero field of over copied onto it
// (recursively through Article and Politeness): the way a user's config
// section refines a preset. A false bool in over cannot unset a true one.
func MergeHTML(base, over HTMLConfig) HTMLConfig {
	merge(reflect.ValueOf(&base).Elem(), reflect.ValueOf(over))
	return base
}

// MergeFeed is MergeHTML for feed configs.
func MergeFeed(base, over FeedConfig) FeedConfig {
	merge(reflect.ValueOf(&base).Elem(), reflect.ValueOf(over))
	return base
}

func merge(dst, src reflect.Value) {
	for i := range src.NumField() {
		f := src.Field(i)
		if f.Kind() == reflect.Struct {
			merge(dst.Field(i), f)
			continue
		}
		if !f.IsZero() {
			dst.Field(i).Set(f)
		}
	}
}
