package press

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/exportwatch/exportwatch/crawler"
	"github.com/gocolly/colly/v2"
)

// result is the outcome of one GET.
type result struct {
	url         string   // as requested (the validator key)
	final       *url.URL // after redirects
	status      int
	header      http.Header
	contentType string // Content-Type as sent, charset included
	body        []byte // raw bytes, not charset-decoded
	notModified bool   // 304 to a conditional request
	blocked     bool   // robots.txt disallows the URL: never requested
	err         error
}

// validator returns the cache validators the response carried.
func (r *result) validator() (crawler.Validator, bool) {
	if r.header == nil {
		return crawler.Validator{}, false
	}
	v := crawler.Validator{URL: r.url, ETag: r.header.Get("ETag"), LastModified: r.header.Get("Last-Modified")}
	return v, v.ETag != "" || v.LastModified != ""
}

// fetcher builds one colly collector per crawl, so robots.txt is re-read on
// every crawl and no state leaks between crawls.
type fetcher struct {
	pol        Politeness
	validators crawler.Validators // may be nil: no conditional GET
	log        *slog.Logger
}

// session is one crawl's collector. Its methods are not safe for concurrent use.
type session struct {
	f       *fetcher
	ctx     context.Context
	c       *colly.Collector
	mu      sync.Mutex
	pending map[string]*result
	cond    map[string]bool
	seq     int
	hosts   map[string]bool
}

// newSession returns a collector for one crawl: robots.txt honoured,
// revisits allowed (each crawl re-checks pages), cookies off, honest
// User-Agent, per-host limits, timeouts and a body limit that fails loudly.
// COLLY_* environment variables are read by colly.NewCollector and then
// overridden here.
func (f *fetcher) newSession(ctx context.Context) *session {
	c := colly.NewCollector()
	c.IgnoreRobotsTxt = false
	c.AllowURLRevisit = true
	c.Async = true
	c.UserAgent = f.pol.UserAgent
	c.MaxBodySize = int(f.pol.MaxBodyBytes) + 1 // one more byte tells "too large" from "exactly the limit"
	c.DetectCharset = false                     // we decode: see OnResponseHeaders
	c.ParseHTTPErrorResponse = false
	c.CacheDir = ""
	c.Context = ctx
	c.SetRequestTimeout(f.pol.Timeout)
	c.DisableCookies()
	s := &session{f: f, ctx: ctx, c: c, pending: map[string]*result{}, cond: map[string]bool{}, hosts: map[string]bool{}}

	c.OnRequest(func(r *colly.Request) {
		key := r.Ctx.Get("key")
		s.mu.Lock()
		res, cond := s.pending[key], s.cond[key]
		s.mu.Unlock()
		r.Headers.Set("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,application/rss+xml,application/atom+xml,application/feed+json,*/*;q=0.5")
		if !cond || f.validators == nil || res == nil {
			return
		}
		// Conditional GET (RFC 9110 §13.1): the store remembers validators
		// by the URL as requested.
		v, err := f.validators.Validator(ctx, res.url)
		if err != nil {
			f.log.WarnContext(ctx, "press: validator lookup failed", "url", res.url, "err", err)
			return
		}
		if v.ETag != "" {
			r.Headers.Set("If-None-Match", v.ETag)
		}
		if v.LastModified != "" {
			r.Headers.Set("If-Modified-Since", v.LastModified)
		}
	})
	c.OnResponseHeaders(func(r *colly.Response) {
		// colly converts bodies whose Content-Type names a charset but
		// leaves <meta charset> pages alone; we want raw bytes and one
		// decoding path for both, so hide the charset from colly and keep
		// the original header.
		ct := r.Headers.Get("Content-Type")
		r.Ctx.Put("content_type", ct)
		if mt, _, err := mime.ParseMediaType(ct); err == nil {
			r.Headers.Set("Content-Type", mt)
		}
	})
	c.OnResponse(func(r *colly.Response) {
		res := s.lookup(r.Ctx.Get("key"))
		if res == nil {
			return
		}
		res.status = r.StatusCode
		res.header = r.Headers.Clone()
		res.contentType = r.Ctx.Get("content_type")
		res.final = r.Request.URL
		if int64(len(r.Body)) > f.pol.MaxBodyBytes {
			res.err = fmt.Errorf("%w: more than %d bytes", crawler.ErrBodyTooLarge, f.pol.MaxBodyBytes)
			f.log.ErrorContext(ctx, "press: response body too large", "url", res.url, "limit_bytes", f.pol.MaxBodyBytes)
			return
		}
		res.body = r.Body
	})
	c.OnError(func(r *colly.Response, err error) {
		res := s.lookup(r.Ctx.Get("key"))
		if res == nil {
			return
		}
		res.status = r.StatusCode
		if r.Headers != nil {
			res.header = r.Headers.Clone()
		}
		if r.Request != nil {
			res.final = r.Request.URL
		}
		if r.StatusCode == http.StatusNotModified {
			res.notModified = true
			return
		}
		if r.StatusCode != 0 {
			err = fmt.Errorf("HTTP %d: %w", r.StatusCode, err)
		}
		res.err = err
	})
	return s
}

func (s *session) lookup(key string) *result {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.pending[key]
}

// addHost gives host its own LimitRule: Parallelism slots, each pausing
// after its request so the host sees at most Rate requests per second.
// colly matches DomainGlob against the URL's host including the port
// (httptest servers have one), so the glob is the quoted host:port.
func (s *session) addHost(host string) {
	if s.hosts[host] {
		return
	}
	s.hosts[host] = true
	p := s.f.pol.Parallelism
	delay := time.Duration(float64(p) / s.f.pol.Rate * float64(time.Second))
	if err := s.c.Limit(&colly.LimitRule{DomainGlob: globQuote(host), Parallelism: p, Delay: delay}); err != nil {
		s.f.log.Error("press: bad limit rule", "host", host, "err", err)
	}
}

// globQuote escapes glob metacharacters (IPv6 hosts have brackets).
func globQuote(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(`*?[]{}\!`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// get fetches urls concurrently (within the limits) and returns one result
// per URL, in order. conditional adds the remembered validators.
func (s *session) get(urls []string, conditional bool) []*result {
	out := make([]*result, len(urls))
	for i, u := range urls {
		res := &result{url: u}
		out[i] = res
		if err := s.ctx.Err(); err != nil {
			res.err = err
			continue
		}
		if pu, err := url.Parse(u); err == nil {
			s.addHost(pu.Host)
		}
		s.seq++
		key := strconv.Itoa(s.seq)
		s.mu.Lock()
		s.pending[key], s.cond[key] = res, conditional
		s.mu.Unlock()
		cctx := colly.NewContext()
		cctx.Put("key", key)
		// robots.txt is checked (and fetched once per host) synchronously
		// here: a disallowed URL is never requested.
		if err := s.c.Request(http.MethodGet, u, nil, cctx, nil); err != nil {
			if errors.Is(err, colly.ErrRobotsTxtBlocked) {
				res.blocked = true
			} else {
				res.err = err
			}
		}
	}
	s.c.Wait()
	s.mu.Lock()
	clear(s.pending)
	clear(s.cond)
	s.mu.Unlock()
	for _, res := range out {
		if res.err == nil && !res.blocked && !res.notModified && res.body == nil && res.status == 0 {
			res.err = fmt.Errorf("no response")
		}
	}
	return out
}

// getOne is get for a single URL.
func (s *session) getOne(u string, conditional bool) *result {
	return s.get([]string{u}, conditional)[0]
}
