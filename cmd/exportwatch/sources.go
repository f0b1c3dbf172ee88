package main

import (
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/exportwatch/exportwatch/config"
	"github.com/exportwatch/exportwatch/crawler"
	"github.com/exportwatch/exportwatch/crawler/federalregister"
	"github.com/exportwatch/exportwatch/crawler/press"
)

// buildSources turns config sections into crawler sources. since, when not
// zero, overrides the configured start (crawl --since). A section that
// cannot be built is a config error naming the source.
func buildSources(sections []config.Source, cfg config.Config, validators crawler.Validators, since time.Time, log *slog.Logger) ([]crawler.Source, error) {
	out := make([]crawler.Source, 0, len(sections))
	for _, s := range sections {
		src, err := buildSource(s, cfg.Crawl, validators, since, log)
		if err != nil {
			return nil, fmt.Errorf("config: source %s: %w", s.Name, err)
		}
		out = append(out, src)
	}
	return out, nil
}

func buildSource(s config.Source, c config.Crawl, validators crawler.Validators, since time.Time, log *slog.Logger) (crawler.Source, error) {
	pol := crawler.FetcherConfigFrom(c)
	pol.Rate = s.Rate
	switch s.Type {
	case config.TypeFederalRegister:
		start := s.Since.Time()
		if !since.IsZero() {
			start = since
		}
		fc := federalregister.Config{
			Name: s.Name, BaseURL: s.BaseURL, Agencies: s.Agencies, Since: start,
			Lookback: s.Lookback.D(), PerPage: s.PerPage, Fetch: crawler.FetcherConfigFrom(c),
		}
		if s.Rate > 0 {
			fc.APIRate = s.Rate
		}
		if s.TextRate > 0 {
			fc.TextRate = s.TextRate
		}
		return federalregister.New(fc, validators, log)
	case config.TypeHTML:
		hc := press.HTMLConfig{
			Name: s.Name, StartURLs: s.StartURLs, MaxPages: s.MaxPages,
			ItemSelector: s.Selectors.Item, LinkSelector: s.Selectors.Link, NextSelector: s.Selectors.Next,
			Lookback: s.Lookback.D(), Article: article(s), Politeness: pol,
		}
		if s.Preset != "" {
			p, err := preset(s)
			if err != nil {
				return nil, err
			}
			if p.Type != press.TypeHTML {
				return nil, fmt.Errorf("preset %q is a %s source: use type: %s", s.Preset, p.Type, p.Type)
			}
			base := p.HTML
			base.Name = s.Name
			hc = press.MergeHTML(base, hc)
		}
		return press.NewHTML(hc, validators, log)
	case config.TypeFeed:
		fc := press.FeedConfig{Name: s.Name, URL: s.URL, FetchItemPages: s.FetchItemPages, Lookback: s.Lookback.D(), Article: article(s), Politeness: pol}
		if s.Preset != "" {
			p, err := preset(s)
			if err != nil {
				return nil, err
			}
			if p.Type != press.TypeFeed {
				return nil, fmt.Errorf("preset %q is a %s source: use type: %s", s.Preset, p.Type, p.Type)
			}
			base := p.Feed
			base.Name = s.Name
			fc = press.MergeFeed(base, fc)
		}
		return press.NewFeed(fc, validators, log)
	default:
		return nil, fmt.Errorf("type %q is not a source type", s.Type)
	}
}

func preset(s config.Source) (press.Preset, error) {
	p, ok := press.LookupPreset(s.Preset, s.BaseURL)
	if !ok {
		return press.Preset{}, fmt.Errorf("preset %q does not exist (have: %s)", s.Preset, strings.Join(press.PresetNames(), ", "))
	}
	return p, nil
}

func article(s config.Source) press.Article {
	a := press.Article{
		TitleSelector:  s.Selectors.Title,
		DateSelector:   s.Selectors.Date,
		TeaserSelector: s.Selectors.Teaser,
		BodySelector:   s.Selectors.Body,
		Language:       s.Language,
	}
	if s.Selectors.DateFormat != "" {
		a.DateFormats = []string{s.Selectors.DateFormat}
	}
	return a
}
