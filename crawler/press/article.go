package press

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"

	"github.com/exportwatch/exportwatch/crawler"
	"github.com/exportwatch/exportwatch/doc"
)

// handleArticle turns one article response into a document, or records why
// not on page: robots.txt-blocked URLs are skipped (logged, never fetched),
// 304s count as unchanged, failures fail only this URL. Validators are
// reported only with a document, so a page that failed to extract is
// fetched in full again next time.
func handleArticle(ctx context.Context, log *slog.Logger, x extractor, res *result, h hint, tdm *tdmCache, page *crawler.Page, st *crawlStats) (doc.Document, bool) {
	fail := func(err error) (doc.Document, bool) {
		if ctx.Err() != nil {
			return doc.Document{}, false // not fetched because the crawl is stopping: no failure
		}
		log.WarnContext(ctx, "press: article failed", "url", res.url, "err", err)
		page.Failed = append(page.Failed, crawler.Failure{URL: res.url, Err: fmt.Errorf("press: %s: %w", res.url, err)})
		return doc.Document{}, false
	}
	switch {
	case res.blocked:
		st.blocked++
		log.InfoContext(ctx, "press: disallowed by robots.txt, not fetched", "url", res.url)
		return doc.Document{}, false
	case res.notModified:
		st.unchanged++
		page.Unchanged++
		return doc.Document{}, false
	case res.err != nil:
		return fail(res.err)
	}
	reserved, err := tdm.reserved(ctx, res.final)
	if err != nil {
		return fail(err)
	}
	d, err := x.article(res, h, reserved)
	if err != nil {
		return fail(err)
	}
	if v, ok := res.validator(); ok {
		page.Validators = append(page.Validators, v)
	}
	return d, true
}

// tdmCache holds each host's /.well-known/tdmrep.json for one crawl.
type tdmCache struct {
	sess  *session
	log   *slog.Logger
	rules map[string]tdmRules // by scheme://host
	errs  map[string]error
}

func newTDMCache(sess *session, log *slog.Logger) *tdmCache {
	return &tdmCache{sess: sess, log: log, rules: map[string]tdmRules{}, errs: map[string]error{}}
}

func origin(u *url.URL) string { return u.Scheme + "://" + u.Host }

// prefetch reads tdmrep.json for the hosts of urls not seen yet.
func (c *tdmCache) prefetch(ctx context.Context, urls []string) {
	var todo []string
	want := map[string]bool{}
	for _, raw := range urls {
		u, err := url.Parse(raw)
		if err != nil {
			continue
		}
		o := origin(u)
		if _, ok := c.rules[o]; ok || want[o] || c.errs[o] != nil {
			continue
		}
		want[o] = true
		todo = append(todo, o)
	}
	if len(todo) == 0 {
		return
	}
	reqs := make([]string, len(todo))
	for i, o := range todo {
		reqs[i] = o + "/.well-known/tdmrep.json"
	}
	for i, res := range c.sess.get(reqs, false) {
		c.store(ctx, todo[i], res)
	}
}

func (c *tdmCache) store(ctx context.Context, o string, res *result) {
	switch {
	case res.blocked:
		// robots.txt forbids reading it; meta tags and headers still count.
		c.log.InfoContext(ctx, "press: tdmrep.json disallowed by robots.txt", "origin", o)
		c.rules[o] = nil
	case res.status == http.StatusNotFound || res.status == http.StatusGone:
		c.rules[o] = nil
	case res.err != nil:
		// Unknown reservation: fail this host's articles rather than risk
		// ignoring a reservation or flapping between full text and teaser.
		c.errs[o] = fmt.Errorf("tdmrep.json unavailable: %w", res.err)
	default:
		rules, err := parseTDMRep(res.body)
		if err != nil {
			c.log.WarnContext(ctx, "press: unreadable tdmrep.json, ignoring it", "origin", o, "err", err)
		}
		c.rules[o] = rules
	}
}

// reserved reports whether u's site reserves TDM rights for u's path.
func (c *tdmCache) reserved(ctx context.Context, u *url.URL) (bool, error) {
	o := origin(u)
	if err := c.errs[o]; err != nil {
		return false, err
	}
	rules, ok := c.rules[o]
	if !ok {
		c.store(ctx, o, c.sess.getOne(o+"/.well-known/tdmrep.json", false))
		if err := c.errs[o]; err != nil {
			return false, err
		}
		rules = c.rules[o]
	}
	return rules.reserved(u.EscapedPath()), nil
}

// commitOnCancel commits what a crawl fetched before ctx was cancelled, so
// a stopped crawl (SIGINT) keeps its work, and returns ctx's error. The
// page carries no cursor: press cursors move only at the end of a crawl.
func commitOnCancel(ctx context.Context, sink crawler.Sink, name string, p crawler.Page) error {
	if len(p.Documents) > 0 || p.Unchanged > 0 {
		cctx, cancel := crawler.Detached(ctx)
		defer cancel()
		if err := sink.Page(cctx, p); err != nil {
			return fmt.Errorf("press: %s: commit %d fetched documents after %w: %w", name, len(p.Documents), ctx.Err(), err)
		}
	}
	return ctx.Err()
}
