package press

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/url"
	"slices"
	"strings"
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
// Cursor: as HTMLSource, the RFC 3339 date of the newest item seen; and,
// once the feed answered with a permanent redirect (301/308), its new
// address, used from then on (302 and 307 are followed, not recorded).
// At most MaxItems items, the newest, are read per crawl.
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
	if cfg.MaxItems <= 0 {
		cfg.MaxItems = DefaultMaxItems
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
	cur := parseFeedCursor(cursor)
	feedURL := s.cfg.URL
	if cur.From == s.cfg.URL && cur.URL != "" {
		feedURL = cur.URL // moved permanently, recorded by an earlier crawl
	}
	res := sess.getOne(feedURL, !s.cfg.FetchItemPages)
	switch {
	case res.blocked:
		return fmt.Errorf("press: feed %s: disallowed by robots.txt", feedURL)
	case res.notModified:
		s.log.InfoContext(ctx, "press: feed not modified", "url", feedURL)
		return nil
	case res.err != nil:
		return fmt.Errorf("press: feed %s: %w", feedURL, res.err)
	}
	if res.moved != "" {
		s.log.WarnContext(ctx, "press: feed moved permanently; following it from now on (update the config's url)",
			"url", s.cfg.URL, "moved_to", res.moved)
		cur.From, cur.URL = s.cfg.URL, res.moved
	}
	feed, err := gofeed.NewParser().Parse(bytes.NewReader(res.body))
	if err != nil {
		return fmt.Errorf("press: feed %s: %w: %w", feedURL, crawler.ErrMalformed, err)
	}
	if n := len(feed.Items); n > s.cfg.MaxItems {
		feed.Items = newestItems(feed.Items, s.cfg.MaxItems)
		s.log.WarnContext(ctx, "press: feed has more items than max_items; reading the newest", "url", feedURL, "items", n, "max_items", s.cfg.MaxItems)
	}
	var feedValidators []crawler.Validator
	if v, ok := res.validator(); ok && !s.cfg.FetchItemPages {
		feedValidators = append(feedValidators, v)
	}

	cutoff := time.Time{}
	if c, err := time.Parse(time.RFC3339, cur.Newest); err == nil && s.cfg.Lookback > 0 {
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
		if ctx.Err() != nil {
			return commitOnCancel(ctx, sink, s.cfg.Name, page)
		}
		if err := sink.Page(ctx, page); err != nil {
			return fmt.Errorf("press: %s: sink: %w", s.cfg.Name, err)
		}
	}
	next := cur
	if st.failed == 0 {
		next.Newest = advanceCursor(cur.Newest, newest)
	}
	if next := next.String(); next != cursor {
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

// feedCursor is a feed source's cursor. Without a move it is the plain
// RFC 3339 date of the newest item (the form older versions stored).
type feedCursor struct {
	Newest string `json:"newest,omitempty"`
	// From is the configured URL that moved to URL: a config that names
	// another URL later is not overridden.
	From string `json:"from,omitempty"`
	URL  string `json:"url,omitempty"`
}

func parseFeedCursor(c string) feedCursor {
	var fc feedCursor
	if strings.HasPrefix(c, "{") && json.Unmarshal([]byte(c), &fc) == nil {
		return fc
	}
	return feedCursor{Newest: c}
}

func (c feedCursor) String() string {
	if c.URL == "" {
		return c.Newest
	}
	b, _ := json.Marshal(c)
	return string(b)
}

// newestItems returns the n newest items, newest first; undated items
// come after dated ones, in feed order.
func newestItems(items []*gofeed.Item, n int) []*gofeed.Item {
	date := func(it *gofeed.Item) time.Time {
		switch {
		case it.PublishedParsed != nil:
			return *it.PublishedParsed
		case it.UpdatedParsed != nil:
			return *it.UpdatedParsed
		}
		return time.Time{}
	}
	sorted := slices.Clone(items)
	slices.SortStableFunc(sorted, func(a, b *gofeed.Item) int { return date(b).Compare(date(a)) })
	return sorted[:n]
}
