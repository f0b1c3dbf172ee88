package press

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"time"

	"github.com/exportwatch/exportwatch/crawler"
	"github.com/exportwatch/exportwatch/doc"
	"github.com/exportwatch/exportwatch/lang"
	"github.com/mmcdole/gofeed"
)

// FeedSource reads an RSS 2.0, Atom or JSON Feed and turns each item into a
// document: ID "<source>:<sha1 of canonical link>" (or of "guid:<guid>"
// for items without a link), title, summary as abstract, content as body.
// With FetchItemPages each item's page is fetched (conditional GET) and
// read like an HTML source's article.
//
// Cursor: as HTMLSource, the RFC 3339 date of the newest item seen.
// Without FetchItemPages the feed itself is fetched with conditional GET:
// a 304 means nothing changed.
type FeedSource struct {
	cfg        FeedConfig
	validators crawler.Validators
	x          extractor
	log        *slog.Logger
}

var _ crawler.Source = (*FeedSource)(nil)

// NewFeed returns a feed source. validators (the store) supplies ETag and
// Last-Modified for conditional GET; nil disables it.
func NewFeed(cfg FeedConfig, validators crawler.Validators, log *slog.Logger) (*FeedSource, error) {
	if err := cfg.validate(); err != nil {
		return nil, fmt.Errorf("press: source %q: %w", cfg.Name, err)
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if cfg.Kind == "" {
		cfg.Kind = KindPress
	}
	cfg.Politeness = politeness(cfg.Politeness)
	return &FeedSource{
		cfg:        cfg,
		validators: validators,
		x:          extractor{source: cfg.Name, kind: cfg.Kind, a: cfg.Article},
		log:        log.With("source", cfg.Name),
	}, nil
}

// Name implements crawler.Source.
func (s *FeedSource) Name() string { return s.cfg.Name }

// Crawl implements crawler.Source. An unreadable feed fails the crawl; an
// item page that cannot be fetched fails only that item.
func (s *FeedSource) Crawl(ctx context.Context, cursor string, sink crawler.Sink) error {
	start := time.Now()
	sess, err := newSession(ctx, s.cfg.Politeness, s.validators, s.log)
	if err != nil {
		return fmt.Errorf("press: %s: %w", s.cfg.Name, err)
	}
	res := sess.getOne(s.cfg.URL, !s.cfg.FetchItemPages)
	switch {
	case res.blocked:
		return fmt.Errorf("press: feed %s: disallowed by robots.txt", s.cfg.URL)
	case res.notModified:
		s.log.InfoContext(ctx, "press: feed not modified", "url", s.cfg.URL)
		return nil
	case res.err != nil:
		return fmt.Errorf("press: feed %s: %w", s.cfg.URL, res.err)
	}
	feed, err := gofeed.NewParser().Parse(bytes.NewReader(res.body))
	if err != nil {
		return fmt.Errorf("press: feed %s: %w: %w", s.cfg.URL, crawler.ErrMalformed, err)
	}
	var feedValidators []crawler.Validator
	if v, ok := res.validator(); ok && !s.cfg.FetchItemPages {
		feedValidators = append(feedValidators, v)
	}

	cutoff := time.Time{}
	if c, err := time.Parse(time.RFC3339, cursor); err == nil && s.cfg.Lookback > 0 {
		cutoff = c.Add(-s.cfg.Lookback)
	}
	base := res.final
	feedLang := primaryTag(feed.Language)
	type entry struct {
		link string // canonical link, "" if none
		d    doc.Document
		h    hint
	}
	var entries []entry
	seen := map[string]bool{}
	for _, it := range feed.Items {
		e := entry{d: s.itemDocument(it, base, feedLang)}
		if e.d.ID == "" {
			s.log.WarnContext(ctx, "press: feed item without link or guid skipped", "title", it.Title)
			continue
		}
		if seen[e.d.ID] || (!cutoff.IsZero() && !e.d.Published.IsZero() && e.d.Published.Before(cutoff)) {
			continue
		}
		seen[e.d.ID] = true
		e.link = e.d.URL
		e.h = hint{title: e.d.Title, teaser: e.d.Abstract, published: e.d.Published, language: feedLang}
		entries = append(entries, e)
	}

	tdm := newTDMCache(sess, s.log)
	st := crawlStats{}
	newest := time.Time{}
	emitted := map[string]bool{}
	for i := 0; i < len(entries) || i == 0; i += batchSize {
		batch := entries[i:min(i+batchSize, len(entries))]
		page := crawler.Page{Total: len(entries), Validators: feedValidators}
		feedValidators = nil
		var links []string
		for _, e := range batch {
			if e.link != "" {
				links = append(links, e.link)
			}
		}
		tdm.prefetch(ctx, links)
		var pages []*result
		if s.cfg.FetchItemPages {
			pages = sess.get(links, true)
		}
		li := 0
		for _, e := range batch {
			d := e.d
			if e.link != "" {
				if s.cfg.FetchItemPages {
					res := pages[li]
					li++
					var ok bool
					if d, ok = handleArticle(ctx, s.log, s.x, res, e.h, tdm, &page, &st); !ok {
						continue
					}
				} else if u, err := url.Parse(e.link); err == nil {
					reserved, err := tdm.reserved(ctx, u)
					if err != nil {
						page.Failed = append(page.Failed, crawler.Failure{URL: e.link, Err: fmt.Errorf("press: %s: %w", e.link, err)})
						continue
					}
					if reserved {
						d.Teaser, d.Body = true, ""
						d.Abstract = truncateRunes(d.Abstract, maxTeaserRunes)
					}
				}
			}
			if emitted[d.ID] {
				continue
			}
			emitted[d.ID] = true
			if d.Published.After(newest) {
				newest = d.Published
			}
			page.Documents = append(page.Documents, d)
		}
		st.failed += len(page.Failed)
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := sink.Page(ctx, page); err != nil {
			return fmt.Errorf("press: %s: sink: %w", s.cfg.Name, err)
		}
	}
	if next := advanceCursor(cursor, newest); st.failed == 0 && next != cursor {
		if err := sink.Page(ctx, crawler.Page{Cursor: next}); err != nil {
			return fmt.Errorf("press: %s: sink: %w", s.cfg.Name, err)
		}
	}
	s.log.InfoContext(ctx, "press crawl done", "items", len(entries), "documents", len(emitted),
		"unchanged", st.unchanged, "failed", st.failed, "robots_blocked", st.blocked, "took", time.Since(start))
	return nil
}

// itemDocument maps a feed item to a document from the feed alone.
func (s *FeedSource) itemDocument(it *gofeed.Item, base *url.URL, feedLang string) doc.Document {
	d := doc.Document{Source: s.cfg.Name, Kind: s.cfg.Kind}
	link := it.Link
	if link == "" && len(it.Links) > 0 {
		link = it.Links[0]
	}
	if link != "" {
		if c, err := CanonicalURL(link, base); err == nil {
			d.URL = c
			d.ID = DocumentID(s.cfg.Name, c)
		}
	}
	if d.ID == "" && it.GUID != "" {
		d.ID = DocumentID(s.cfg.Name, "guid:"+it.GUID)
		if c, err := CanonicalURL(it.GUID, nil); err == nil {
			d.URL = c // a permalink guid
		}
	}
	d.Title = fragmentText(it.Title)
	d.Abstract = fragmentText(it.Description)
	if it.Content != "" {
		d.Body = fragmentText(it.Content)
	}
	switch {
	case it.PublishedParsed != nil:
		d.Published = it.PublishedParsed.UTC()
	case it.UpdatedParsed != nil:
		d.Published = it.UpdatedParsed.UTC()
	}
	d.Language = feedLang
	if l := primaryTag(s.cfg.Language); d.Language == "" && l != "" {
		d.Language = l
	}
	if d.Language == "" {
		d.Language = lang.Detect(d.Title + "\n" + d.Abstract + "\n" + d.Body)
	}
	return d
}
