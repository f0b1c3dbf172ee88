package press

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"regexp"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/exportwatch/exportwatch/crawler"
	"github.com/exportwatch/exportwatch/doc"
)

// batchSize is how many articles go into one Page (one commit).
const batchSize = 20

// HTMLSource crawls listing pages and the articles they link to.
//
// Cursor: the RFC 3339 date of the newest article seen (see HTMLConfig.Lookback).
// Every listed article is re-fetched on each crawl with conditional GET: a
// 304 counts as Page.Unchanged and emits nothing; a 200 emits the document
// and the store's content hash decides whether it is a new version.
type HTMLSource struct {
	cfg        HTMLConfig
	pattern    *regexp.Regexp
	validators crawler.Validators
	x          extractor
	log        *slog.Logger
}

var _ crawler.Source = (*HTMLSource)(nil)

// NewHTML returns an HTML source. validators (the store) supplies ETag and
// Last-Modified for conditional GET; nil disables it.
func NewHTML(cfg HTMLConfig, validators crawler.Validators, log *slog.Logger) (*HTMLSource, error) {
	if err := cfg.validate(); err != nil {
		return nil, fmt.Errorf("press: source %q: %w", cfg.Name, err)
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if cfg.MaxPages <= 0 {
		cfg.MaxPages = DefaultMaxPages
	}
	if cfg.NextSelector == "" {
		cfg.NextSelector = DefaultNextSelector
	}
	if cfg.LinkSelector == "" {
		cfg.LinkSelector = DefaultLinkSelector
	}
	cfg.Politeness = politeness(cfg.Politeness)
	s := &HTMLSource{
		cfg:        cfg,
		validators: validators,
		x:          extractor{source: cfg.Name, kind: KindPress, a: cfg.Article},
		log:        log.With("source", cfg.Name),
	}
	if cfg.LinkPattern != "" {
		s.pattern = regexp.MustCompile(cfg.LinkPattern) // validated
	}
	return s, nil
}

// Name implements crawler.Source.
func (s *HTMLSource) Name() string { return s.cfg.Name }

// listed is one article link found on a listing page.
type listed struct {
	url string // canonical form of the link: what is requested
	hint
}

// Crawl implements crawler.Source. A failed article fails only itself
// (Page.Failed); the crawl fails only if no listing page could be read.
func (s *HTMLSource) Crawl(ctx context.Context, cursor string, sink crawler.Sink) error {
	start := time.Now()
	cutoff := s.cutoff(ctx, cursor)
	sess, err := newSession(ctx, s.cfg.Politeness, s.validators, s.log)
	if err != nil {
		return fmt.Errorf("press: %s: %w", s.cfg.Name, err)
	}

	items, failures, err := s.listings(ctx, sess, cutoff)
	if err != nil {
		return err
	}
	tdm := newTDMCache(sess, s.log)
	st := crawlStats{}
	newest := time.Time{}
	seen := map[string]bool{}
	for i := 0; i < len(items); i += batchSize {
		batch := items[i:min(i+batchSize, len(items))]
		urls := make([]string, len(batch))
		for j, it := range batch {
			urls[j] = it.url
		}
		tdm.prefetch(ctx, urls)
		page := crawler.Page{Total: len(items), Failed: failures}
		failures = nil
		for j, res := range sess.get(urls, true) {
			d, ok := s.handle(ctx, res, batch[j].hint, tdm, &page, &st)
			if !ok {
				continue
			}
			if seen[d.ID] {
				st.duplicates++
				continue
			}
			seen[d.ID] = true
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
	if len(failures) > 0 { // listing failures and no articles to carry them
		st.failed += len(failures)
		if err := sink.Page(ctx, crawler.Page{Failed: failures}); err != nil {
			return fmt.Errorf("press: %s: sink: %w", s.cfg.Name, err)
		}
	}
	if next := advanceCursor(cursor, newest); st.failed == 0 && next != cursor {
		if err := sink.Page(ctx, crawler.Page{Cursor: next}); err != nil {
			return fmt.Errorf("press: %s: sink: %w", s.cfg.Name, err)
		}
	}
	s.log.InfoContext(ctx, "press crawl done", "links", len(items), "documents", len(seen),
		"unchanged", st.unchanged, "failed", st.failed, "robots_blocked", st.blocked,
		"duplicates", st.duplicates, "took", time.Since(start))
	return nil
}

type crawlStats struct{ unchanged, failed, blocked, duplicates int }

// handle turns one article response into a document, or records why not.
func (s *HTMLSource) handle(ctx context.Context, res *result, h hint, tdm *tdmCache, page *crawler.Page, st *crawlStats) (doc.Document, bool) {
	return handleArticle(ctx, s.log, s.x, res, h, tdm, page, st)
}

// cutoff is the listing date before which articles are not re-checked.
func (s *HTMLSource) cutoff(ctx context.Context, cursor string) time.Time {
	if s.cfg.Lookback <= 0 || cursor == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339, cursor)
	if err != nil {
		s.log.WarnContext(ctx, "press: ignoring unreadable cursor", "cursor", cursor, "err", err)
		return time.Time{}
	}
	return t.Add(-s.cfg.Lookback)
}

// listings reads every start URL and its next pages, and returns the
// article links in listing order, de-duplicated by canonical URL. It fails
// only if no listing page at all could be read.
func (s *HTMLSource) listings(ctx context.Context, sess *session, cutoff time.Time) ([]listed, []crawler.Failure, error) {
	var (
		items    []listed
		failures []crawler.Failure
		read     int
		firstErr error
	)
	seen := map[string]bool{}
	for _, start := range s.cfg.StartURLs {
		next := start
		visited := map[string]bool{}
		for n := 0; next != "" && n < s.cfg.MaxPages && !visited[next]; n++ {
			visited[next] = true
			res := sess.getOne(next, false)
			if err := ctx.Err(); err != nil {
				return nil, nil, err
			}
			switch {
			case res.blocked:
				err := fmt.Errorf("press: listing %s: disallowed by robots.txt", next)
				s.log.WarnContext(ctx, "press: listing disallowed by robots.txt", "url", next)
				failures = append(failures, crawler.Failure{URL: next, Err: err})
				firstErr = cmpErr(firstErr, err)
				next = ""
				continue
			case res.err != nil:
				err := fmt.Errorf("press: listing %s: %w", next, res.err)
				s.log.WarnContext(ctx, "press: listing failed", "url", next, "err", res.err)
				failures = append(failures, crawler.Failure{URL: next, Err: err})
				firstErr = cmpErr(firstErr, err)
				next = ""
				continue
			}
			read++
			found, nextURL, err := s.parseListing(res)
			if err != nil {
				failures = append(failures, crawler.Failure{URL: next, Err: err})
				firstErr = cmpErr(firstErr, err)
				break
			}
			fresh := 0
			for _, it := range found {
				if seen[it.url] {
					continue
				}
				if !cutoff.IsZero() && !it.published.IsZero() && it.published.Before(cutoff) {
					continue
				}
				seen[it.url] = true
				fresh++
				items = append(items, it)
			}
			s.log.DebugContext(ctx, "press: listing read", "url", next, "links", len(found), "new_links", fresh)
			if !cutoff.IsZero() && fresh == 0 && len(found) > 0 {
				break // everything here is older than the lookback window
			}
			next = nextURL
		}
	}
	if read == 0 {
		return nil, nil, fmt.Errorf("press: %s: no listing page could be read: %w", s.cfg.Name, firstErr)
	}
	return items, failures, nil
}

func cmpErr(first, err error) error {
	if first != nil {
		return first
	}
	return err
}

// parseListing extracts article links (and hints) and the next page's URL.
func (s *HTMLSource) parseListing(res *result) ([]listed, string, error) {
	body, err := decodeHTML(res.body, res.contentType)
	if err != nil {
		return nil, "", fmt.Errorf("press: listing %s: %w: %w", res.url, crawler.ErrMalformed, err)
	}
	gq, err := goquery.NewDocumentFromReader(bytes.NewReader(body))
	if err != nil {
		return nil, "", fmt.Errorf("press: listing %s: %w: %w", res.url, crawler.ErrMalformed, err)
	}
	base := res.final
	if href, ok := gq.Find("base[href]").Attr("href"); ok {
		if b, err := base.Parse(href); err == nil {
			base = b
		}
	}
	var items []listed
	scopes := gq.Selection
	if s.cfg.ItemSelector != "" {
		scopes = gq.Find(s.cfg.ItemSelector)
	}
	scopes.Each(func(_ int, scope *goquery.Selection) {
		scope.Find(s.cfg.LinkSelector).EachWithBreak(func(_ int, a *goquery.Selection) bool {
			href, ok := a.Attr("href")
			if !ok {
				return true
			}
			u, err := CanonicalURL(href, base)
			if err != nil {
				return true
			}
			pu, _ := url.Parse(u)
			if pu.Host != base.Host {
				return true
			}
			if s.pattern != nil && !s.pattern.MatchString(pu.Path) {
				return true
			}
			it := listed{url: u}
			if s.cfg.ItemSelector != "" {
				it.hint = s.itemHint(scope)
				if it.title == "" {
					it.title = inlineText(a)
				}
				items = append(items, it)
				return false // one article per item
			}
			// Without an item selector, the link's enclosing teaser (if
			// any) gives the hints.
			if scope := a.Closest("article, li, .teaser, .views-row"); scope.Length() > 0 {
				it.hint = s.itemHint(scope)
			}
			if t := inlineText(a); t != "" {
				it.title = t
			}
			items = append(items, it)
			return true
		})
	})
	next := ""
	if href, ok := gq.Find(s.cfg.NextSelector).First().Attr("href"); ok {
		if u, err := base.Parse(href); err == nil && (u.Scheme == "http" || u.Scheme == "https") {
			u.Fragment = ""
			next = u.String()
		}
	}
	return items, next, nil
}

// itemHint reads title, date and teaser inside one listing item.
func (s *HTMLSource) itemHint(scope *goquery.Selection) hint {
	var h hint
	if s.cfg.TitleSelector != "" {
		h.title = inlineText(scope.Find(s.cfg.TitleSelector).First())
	}
	if h.title == "" {
		h.title = inlineText(scope.Find("h1, h2, h3, h4").First())
	}
	if s.cfg.DateSelector != "" {
		h.published, _ = dateOf(scope.Find(s.cfg.DateSelector).First(), s.cfg.DateFormats)
	}
	if h.published.IsZero() {
		if t, ok := dateOf(scope.Find("time").First(), s.cfg.DateFormats); ok {
			h.published = t
		} else if t, ok := findDate(inlineText(scope)); ok {
			h.published = t
		}
	}
	if s.cfg.TeaserSelector != "" {
		h.teaser = inlineText(scope.Find(s.cfg.TeaserSelector).First())
	}
	if h.teaser == "" {
		h.teaser = inlineText(scope.Find("p").First())
	}
	return h
}

// advanceCursor returns the later of cursor and newest, as RFC 3339.
func advanceCursor(cursor string, newest time.Time) string {
	if newest.IsZero() {
		return cursor
	}
	if old, err := time.Parse(time.RFC3339, cursor); err == nil && !newest.After(old) {
		return cursor
	}
	return newest.UTC().Format(time.RFC3339)
}
