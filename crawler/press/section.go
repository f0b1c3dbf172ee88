package press

import (
	"fmt"
	"strings"

	"github.com/andybalholm/cascadia"

	"github.com/exportwatch/exportwatch/config"
	"github.com/exportwatch/exportwatch/crawler"
	"github.com/exportwatch/exportwatch/crawler/fetch"
)

// DefaultSchedule is the default cron spec of html and feed sources.
const DefaultSchedule = "@hourly"

// HTMLKind is the html source type for config.Load.
func HTMLKind() config.SourceKind {
	return config.SourceKind{Schedule: DefaultSchedule, New: func() config.SourceSection { return &HTMLSection{} }}
}

// FeedKind is the feed source type for config.Load.
func FeedKind() config.SourceKind {
	return config.SourceKind{Schedule: DefaultSchedule, New: func() config.SourceSection { return &FeedSection{MaxItems: DefaultMaxItems} }}
}

// ArticleSelectors are the CSS selectors that read one article page.
type ArticleSelectors struct {
	Title      string `yaml:"title"`
	Date       string `yaml:"date"`
	DateFormat string `yaml:"date_format"` // a Go layout tried first, e.g. "2006-01-02"
	Body       string `yaml:"body"`
	Teaser     string `yaml:"teaser"`
}

// Selectors are the CSS selectors of an html source.
type Selectors struct {
	Item             string `yaml:"item"`
	Link             string `yaml:"link"`
	Next             string `yaml:"next"`
	ArticleSelectors `yaml:",inline"`
}

// HTMLSection is the config section of a source of type html: a preset,
// or listing pages and selectors of one's own (a preset's fields can be
// refined the same way).
type HTMLSection struct {
	Preset string `yaml:"preset"`
	// BaseURL points a preset at another host (a mirror, or a local fake
	// when offline).
	BaseURL   string    `yaml:"base_url"`
	StartURLs []string  `yaml:"start_urls"`
	MaxPages  int       `yaml:"max_pages"` // listing pages per start URL; 0 means the preset's or 3
	Selectors Selectors `yaml:"selectors"`
	Language  string    `yaml:"language"` // en or de; empty: detect
	// Lookback limits re-checking to articles listed as newer than the
	// newest seen minus Lookback; 0 re-checks everything listed.
	Lookback config.Duration `yaml:"lookback"`
	Rate     float64         `yaml:"rate"` // requests per second per host; 0 means 1
}

// FeedSection is the config section of a source of type feed (RSS, Atom,
// JSON Feed).
type FeedSection struct {
	Preset  string `yaml:"preset"`
	BaseURL string `yaml:"base_url"` // points a preset at another host
	URL     string `yaml:"url"`
	// FetchItemPages reads each item's page like an html article.
	FetchItemPages bool             `yaml:"fetch_item_pages"`
	MaxItems       int              `yaml:"max_items"` // items read per crawl, the newest; default 100
	Selectors      ArticleSelectors `yaml:"selectors"`
	Language       string           `yaml:"language"`
	Lookback       config.Duration  `yaml:"lookback"`
	Rate           float64          `yaml:"rate"`
}

// Validate implements config.SourceSection.
func (s *HTMLSection) Validate() []config.FieldError {
	var errs []config.FieldError
	errs = append(errs, checkPreset(s.Preset, TypeHTML)...)
	if s.Preset == "" && len(s.StartURLs) == 0 {
		errs = append(errs, config.Fieldf("start_urls", "an html source needs start_urls or a preset"))
	}
	if s.Preset == "" && len(s.StartURLs) > 0 && s.Selectors.Link == "" {
		errs = append(errs, config.Fieldf("selectors.link", "an html source without a preset needs a link selector"))
	}
	for i, u := range s.StartURLs {
		if err := checkHTTPURL(u); err != nil {
			errs = append(errs, config.Fieldf(fmt.Sprintf("start_urls[%d]", i), "%v", err))
		}
	}
	errs = append(errs, checkSelector("selectors.item", s.Selectors.Item)...)
	errs = append(errs, checkSelector("selectors.link", s.Selectors.Link)...)
	errs = append(errs, checkSelector("selectors.next", s.Selectors.Next)...)
	if s.MaxPages < 0 {
		errs = append(errs, config.Fieldf("max_pages", "must not be negative"))
	}
	return append(errs, checkCommon(s.BaseURL, s.Language, s.Lookback, s.Rate, s.Selectors.ArticleSelectors)...)
}

// Validate implements config.SourceSection.
func (s *FeedSection) Validate() []config.FieldError {
	var errs []config.FieldError
	errs = append(errs, checkPreset(s.Preset, TypeFeed)...)
	if s.Preset == "" || s.URL != "" {
		if s.URL == "" {
			errs = append(errs, config.Fieldf("url", "is required"))
		} else if err := checkHTTPURL(s.URL); err != nil {
			errs = append(errs, config.Fieldf("url", "%v", err))
		}
	}
	if s.MaxItems < 1 {
		errs = append(errs, config.Fieldf("max_items", "must be at least 1"))
	}
	return append(errs, checkCommon(s.BaseURL, s.Language, s.Lookback, s.Rate, s.Selectors)...)
}

func checkPreset(name, typ string) []config.FieldError {
	if name == "" {
		return nil
	}
	p, ok := LookupPreset(name, "")
	switch {
	case !ok:
		return []config.FieldError{config.Fieldf("preset", "%q does not exist (have: %s)", name, strings.Join(PresetNames(), ", "))}
	case p.Type != typ:
		return []config.FieldError{config.Fieldf("preset", "%q is a %s source: use type: %s", name, p.Type, p.Type)}
	}
	return nil
}

func checkCommon(baseURL, language string, lookback config.Duration, rate float64, a ArticleSelectors) []config.FieldError {
	var errs []config.FieldError
	if baseURL != "" {
		if err := checkHTTPURL(baseURL); err != nil {
			errs = append(errs, config.Fieldf("base_url", "%v", err))
		}
	}
	if language != "" && language != "en" && language != "de" {
		errs = append(errs, config.Fieldf("language", "%q: use en or de (or leave it out to detect)", language))
	}
	if lookback < 0 {
		errs = append(errs, config.Fieldf("lookback", "must not be negative"))
	}
	if rate < 0 {
		errs = append(errs, config.Fieldf("rate", "must not be negative"))
	}
	errs = append(errs, checkSelector("selectors.title", a.Title)...)
	errs = append(errs, checkSelector("selectors.date", a.Date)...)
	errs = append(errs, checkSelector("selectors.body", a.Body)...)
	return append(errs, checkSelector("selectors.teaser", a.Teaser)...)
}

// checkSelector compiles a CSS selector as goquery will (cascadia).
func checkSelector(key, sel string) []config.FieldError {
	if sel == "" {
		return nil
	}
	if _, err := cascadia.ParseGroup(sel); err != nil {
		return []config.FieldError{config.Fieldf(key, "%q is not a CSS selector: %v", sel, err)}
	}
	return nil
}

func (a ArticleSelectors) article(language string) Article {
	out := Article{TitleSelector: a.Title, DateSelector: a.Date, TeaserSelector: a.Teaser, BodySelector: a.Body, Language: language}
	if a.DateFormat != "" {
		out.DateFormats = []string{a.DateFormat}
	}
	return out
}

// Build returns the source the section describes: the preset (if any)
// refined by the section's keys.
func (s *HTMLSection) Build(env crawler.Env) (crawler.Source, error) {
	pol := fetch.ConfigFrom(env.Crawl)
	pol.Rate = s.Rate
	hc := HTMLConfig{
		Name: env.Name, StartURLs: s.StartURLs, MaxPages: s.MaxPages,
		ItemSelector: s.Selectors.Item, LinkSelector: s.Selectors.Link, NextSelector: s.Selectors.Next,
		Lookback: s.Lookback.D(), Article: s.Selectors.article(s.Language), Politeness: pol,
	}
	if s.Preset != "" {
		p, err := preset(s.Preset, s.BaseURL, TypeHTML)
		if err != nil {
			return nil, err
		}
		base := p.HTML
		base.Name = env.Name
		hc = MergeHTML(base, hc)
	}
	return NewHTML(hc, env.Validators, env.Log)
}

// Build returns the source the section describes.
func (s *FeedSection) Build(env crawler.Env) (crawler.Source, error) {
	pol := fetch.ConfigFrom(env.Crawl)
	pol.Rate = s.Rate
	fc := FeedConfig{
		Name: env.Name, URL: s.URL, FetchItemPages: s.FetchItemPages, MaxItems: s.MaxItems,
		Lookback: s.Lookback.D(), Article: s.Selectors.article(s.Language), Politeness: pol,
	}
	if s.Preset != "" {
		p, err := preset(s.Preset, s.BaseURL, TypeFeed)
		if err != nil {
			return nil, err
		}
		base := p.Feed
		base.Name = env.Name
		fc = MergeFeed(base, fc)
	}
	return NewFeed(fc, env.Validators, env.Log)
}

func preset(name, baseURL, typ string) (Preset, error) {
	p, ok := LookupPreset(name, baseURL)
	if !ok {
		return Preset{}, fmt.Errorf("preset %q does not exist (have: %s)", name, strings.Join(PresetNames(), ", "))
	}
	if p.Type != typ {
		return Preset{}, fmt.Errorf("preset %q is a %s source: use type: %s", name, p.Type, p.Type)
	}
	return p, nil
}
