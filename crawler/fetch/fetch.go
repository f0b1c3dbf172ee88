// Package fetch is the one HTTP client of every source: colly underneath,
// robots.txt honoured, per-host rate limits and parallelism, retries with
// backoff and Retry-After on 429/5xx, conditional GET with remembered
// validators, one User-Agent and one body limit from the config. Sources
// turn its responses into documents; nothing else in the crawler needs it,
// so the crawl contract (package crawler) links no HTTP machinery.
package fetch

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/exportwatch/exportwatch/config"
	"github.com/exportwatch/exportwatch/crawler"
	"github.com/exportwatch/exportwatch/doc"
	"github.com/exportwatch/exportwatch/internal/retryafter"
	"github.com/gocolly/colly/v2"
)

// Config configures a Client. UserAgent, Timeout, MaxBodyBytes and
// MaxAttempts are the crawl.* settings of the config file; zero values take
// config.Default()'s, so a test that sets nothing runs with the production
// limits.
type Config struct {
	UserAgent    string        // sent with every request; picks the robots.txt group
	Timeout      time.Duration // one attempt, redirects and body included
	MaxBodyBytes int64         // a larger body fails with crawler.ErrBodyTooLarge, never truncated silently
	MaxAttempts  int           // attempts per URL for 429, 5xx and network errors
	// Rate is the most requests per second sent to one host; negative
	// means unlimited (tests). Zero is 1 request/s.
	Rate float64
	// Parallelism is the most concurrent requests to one host; default 1.
	Parallelism int
	MinBackoff  time.Duration // first retry delay when no Retry-After; default 1s, doubling
	MaxBackoff  time.Duration // cap of the computed backoff; default 1 min
	// MaxRetryAfter is the longest Retry-After honoured by waiting; a longer
	// one fails the URL at once (the next crawl retries). Default 5 min.
	MaxRetryAfter time.Duration
	HTTPClient    *http.Client // optional (tests); its Timeout is kept when set
	Logger        *slog.Logger
}

// ConfigFrom returns the shared settings of the config file's crawl section.
func ConfigFrom(c config.Crawl) Config {
	return Config{UserAgent: c.UserAgent, Timeout: c.Timeout.D(), MaxBodyBytes: c.MaxBodyBytes, MaxAttempts: c.MaxAttempts}
}

func (cfg Config) withDefaults() Config {
	def := ConfigFrom(config.Default().Crawl)
	if cfg.UserAgent == "" {
		cfg.UserAgent = def.UserAgent
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = def.Timeout
	}
	if cfg.MaxBodyBytes <= 0 {
		cfg.MaxBodyBytes = def.MaxBodyBytes
	}
	if cfg.MaxAttempts <= 0 {
		cfg.MaxAttempts = def.MaxAttempts
	}
	if cfg.Rate == 0 {
		cfg.Rate = 1
	}
	if cfg.Parallelism <= 0 {
		cfg.Parallelism = 1
	}
	if cfg.MinBackoff <= 0 {
		cfg.MinBackoff = time.Second
	}
	if cfg.MaxBackoff <= 0 {
		cfg.MaxBackoff = time.Minute
	}
	if cfg.MaxRetryAfter <= 0 {
		cfg.MaxRetryAfter = 5 * time.Minute
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	return cfg
}

// Response is one fetched URL.
type Response struct {
	URL string // as requested
	// FinalURL is where the body came from, after redirects.
	FinalURL *url.URL
	// Moved is the new address when every redirect on the way was
	// permanent (301 or 308, RFC 9110 §15.4.2 and §15.4.9): the caller
	// should use it from now on. Empty otherwise, also for 302 and 307.
	Moved  string
	Status int
	// Header is the response's header as sent (Content-Type keeps its
	// charset: Body is never charset-converted).
	Header      http.Header
	Body        []byte
	NotModified bool // 304 to a conditional request: Body is empty
	// Validator holds the response's ETag/Last-Modified for the next
	// conditional GET (URL set, fields empty when the server sent none).
	Validator doc.Validator
}

// ContentType returns the Content-Type as sent, charset included.
func (r *Response) ContentType() string { return r.Header.Get("Content-Type") }

// HTTPError is a final non-2xx answer (after retries for 429/5xx).
type HTTPError struct {
	URL    string
	Status int
	Body   string // first 512 bytes
}

func (e *HTTPError) Error() string {
	return fmt.Sprintf("GET %s: status %d: %s", e.URL, e.Status, e.Body)
}

// errTooManyRedirects ends a redirect loop; retrying would loop again.
var errTooManyRedirects = errors.New("stopped after 10 redirects")

// ErrRobotsDisallowed marks a URL that robots.txt forbids us to fetch.
var ErrRobotsDisallowed = errors.New("disallowed by robots.txt")

// Client is the one polite HTTP client every source uses, built on colly:
// an honest User-Agent, robots.txt honoured (fetched once per host for the
// Client's life: make one per crawl), a rate and a parallelism limit per
// host, per-attempt timeouts, a body size limit that fails loudly,
// conditional GET, and bounded retries with exponential backoff on 429, 5xx
// and network errors that honour Retry-After (RFC 9110 §10.2.3). It is safe
// for concurrent use.
type Client struct {
	cfg  Config
	base *colly.Collector
	log  *slog.Logger

	mu    sync.Mutex
	hosts map[string]bool // hosts with a limit rule
}

type hopsKey struct{}

// hop is one redirect followed.
type hop struct {
	status int
	to     string
}

// New builds a Client.
func New(cfg Config) (*Client, error) {
	cfg = cfg.withDefaults()
	// NewCollector reads COLLY_* environment variables; everything that
	// matters is set after it so the environment cannot override it.
	c := colly.NewCollector()
	c.UserAgent = cfg.UserAgent
	c.IgnoreRobotsTxt = false
	c.AllowURLRevisit = true
	c.ParseHTTPErrorResponse = true           // every status reaches OnResponse; we decide
	c.MaxBodySize = int(cfg.MaxBodyBytes) + 1 // one byte more reveals truncation
	c.DetectCharset = false                   // bodies stay raw bytes: see OnResponseHeaders
	c.MaxDepth = 0
	c.Async = false
	c.CacheDir = ""
	c.DisableCookies()
	if cfg.HTTPClient != nil {
		hc := *cfg.HTTPClient
		if hc.Timeout == 0 {
			hc.Timeout = cfg.Timeout
		}
		c.SetClient(&hc)
	} else {
		c.SetRequestTimeout(cfg.Timeout)
	}
	c.SetRedirectHandler(func(req *http.Request, via []*http.Request) error {
		if len(via) >= 10 {
			return errTooManyRedirects
		}
		if hops, ok := req.Context().Value(hopsKey{}).(*[]hop); ok && req.Response != nil {
			*hops = append(*hops, hop{status: req.Response.StatusCode, to: req.URL.String()})
		}
		return nil
	})
	return &Client{cfg: cfg, base: c, log: cfg.Logger, hosts: map[string]bool{}}, nil
}

// limitHost gives host its own LimitRule before the first request to it:
// Parallelism slots, each pausing after its request so that the host sees
// at most Rate requests per second. colly matches DomainGlob against the
// host with its port (httptest servers have one), so the glob is the
// quoted host:port. The rule is initialised before any request can match
// it.
func (f *Client) limitHost(host string) error {
	if f.cfg.Rate < 0 {
		return nil
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.hosts[host] {
		return nil
	}
	p := f.cfg.Parallelism
	delay := time.Duration(float64(p) / f.cfg.Rate * float64(time.Second))
	if err := f.base.Limit(&colly.LimitRule{DomainGlob: globQuote(host), Parallelism: p, Delay: delay}); err != nil {
		return fmt.Errorf("crawler: limit rule for %s: %w", host, err)
	}
	f.hosts[host] = true
	return nil
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

// Get fetches url with GET. v (zero for none) adds If-None-Match /
// If-Modified-Since (RFC 9110 §13.1); a 304 returns NotModified. 429, 5xx
// and network errors are retried up to MaxAttempts times; the final error
// wraps *HTTPError, crawler.ErrBodyTooLarge, ErrRobotsDisallowed, ctx's error or the
// transport error, and names the URL.
func (f *Client) Get(ctx context.Context, url string, v doc.Validator) (*Response, error) {
	var lastErr error
	for attempt := 1; ; attempt++ {
		resp, retryAfter, err := f.once(ctx, url, v)
		if err == nil {
			return resp, nil
		}
		lastErr = err
		if !retryable(err) || attempt >= f.cfg.MaxAttempts || ctx.Err() != nil {
			break
		}
		wait := f.backoff(attempt)
		if retryAfter > 0 {
			if retryAfter > f.cfg.MaxRetryAfter {
				lastErr = fmt.Errorf("%w (Retry-After %s exceeds %s)", err, retryAfter, f.cfg.MaxRetryAfter)
				break
			}
			wait = retryAfter
		}
		f.log.WarnContext(ctx, "fetch retry", "attempt", attempt, "wait", wait, "err", err) // err names the URL
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, fmt.Errorf("GET %s: %w", url, ctx.Err())
		case <-t.C:
		}
	}
	if ctx.Err() != nil {
		return nil, fmt.Errorf("GET %s: %w", url, ctx.Err())
	}
	return nil, lastErr
}

// Result is the outcome of one URL of GetAll.
type Result struct {
	URL      string
	Response *Response // nil when Err is set
	Err      error
}

// GetAll fetches urls concurrently, within the per-host limits, and
// returns one Result per URL in order. validator, when not nil, supplies
// each URL's validators for a conditional GET.
func (f *Client) GetAll(ctx context.Context, urls []string, validator func(url string) doc.Validator) []Result {
	out := make([]Result, len(urls))
	sem := make(chan struct{}, max(f.cfg.Parallelism, 1)*4)
	var wg sync.WaitGroup
	for i, u := range urls {
		out[i].URL = u
		var v doc.Validator
		if validator != nil {
			v = validator(u)
		}
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			out[i].Response, out[i].Err = f.Get(ctx, u, v)
		}()
	}
	wg.Wait()
	return out
}

func (f *Client) backoff(attempt int) time.Duration {
	d := f.cfg.MinBackoff << (attempt - 1)
	if d <= 0 || d > f.cfg.MaxBackoff {
		d = f.cfg.MaxBackoff
	}
	// up to 20% jitter
	return d + time.Duration(rand.Int64N(int64(d)/5+1))
}

type retryableError struct{ error }

func (e retryableError) Unwrap() error { return e.error }

func retryable(err error) bool {
	var r retryableError
	return errors.As(err, &r)
}

// once performs one attempt. retryAfter is the server's Retry-After, if any.
func (f *Client) once(ctx context.Context, rawURL string, v doc.Validator) (*Response, time.Duration, error) {
	if err := ctx.Err(); err != nil {
		return nil, 0, fmt.Errorf("GET %s: %w", rawURL, err)
	}
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, 0, fmt.Errorf("GET %s: not an absolute http(s) URL", rawURL)
	}
	if err := f.limitHost(u.Host); err != nil {
		return nil, 0, err
	}
	var hops []hop
	c := f.base.Clone()
	c.Context = context.WithValue(ctx, hopsKey{}, &hops)
	var (
		out      *Response
		tooLarge bool
	)
	c.OnResponseHeaders(func(r *colly.Response) {
		if cl := r.Headers.Get("Content-Length"); cl != "" {
			if n, err := strconv.ParseInt(cl, 10, 64); err == nil && n > f.cfg.MaxBodyBytes {
				tooLarge = true
				r.Request.Abort()
				return
			}
		}
		// colly converts bodies whose Content-Type names a charset; callers
		// decode themselves (HTML pages may name theirs in <meta>), so
		// keep the header as sent and hide the charset from colly.
		ct := r.Headers.Get("Content-Type")
		r.Ctx.Put("content_type", ct)
		if mt, _, err := mime.ParseMediaType(ct); err == nil {
			r.Headers.Set("Content-Type", mt)
		}
	})
	c.OnResponse(func(r *colly.Response) {
		h := r.Headers.Clone()
		if ct := r.Ctx.Get("content_type"); ct != "" {
			h.Set("Content-Type", ct)
		}
		out = &Response{URL: rawURL, FinalURL: r.Request.URL, Status: r.StatusCode, Header: h, Body: r.Body}
	})
	hdr := http.Header{}
	hdr.Set("User-Agent", f.cfg.UserAgent)
	hdr.Set("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,application/json,application/rss+xml,application/atom+xml,application/feed+json,text/plain,*/*;q=0.5")
	if v.ETag != "" {
		hdr.Set("If-None-Match", v.ETag)
	}
	if v.LastModified != "" {
		hdr.Set("If-Modified-Since", v.LastModified)
	}
	err = c.Request(http.MethodGet, rawURL, nil, nil, hdr)
	switch {
	case tooLarge:
		return nil, 0, fmt.Errorf("GET %s: %w (limit %d bytes, Content-Length larger)", rawURL, crawler.ErrBodyTooLarge, f.cfg.MaxBodyBytes)
	case errors.Is(err, colly.ErrRobotsTxtBlocked):
		return nil, 0, fmt.Errorf("GET %s: %w", rawURL, ErrRobotsDisallowed)
	case err != nil && ctx.Err() != nil:
		return nil, 0, fmt.Errorf("GET %s: %w", rawURL, ctx.Err())
	case errors.Is(err, errTooManyRedirects):
		return nil, 0, fmt.Errorf("GET %s: %w", rawURL, err)
	case err != nil:
		return nil, 0, retryableError{fmt.Errorf("GET %s: %w", rawURL, withoutURL(err))}
	case out == nil:
		return nil, 0, retryableError{fmt.Errorf("GET %s: no response", rawURL)}
	}
	if int64(len(out.Body)) > f.cfg.MaxBodyBytes {
		// colly truncates silently at MaxBodySize; we asked for one byte
		// more than the limit, so a longer body means truncation.
		return nil, 0, fmt.Errorf("GET %s: %w (limit %d bytes)", rawURL, crawler.ErrBodyTooLarge, f.cfg.MaxBodyBytes)
	}
	out.Moved = moved(hops)
	out.Validator = doc.Validator{URL: rawURL, ETag: out.Header.Get("ETag"), LastModified: out.Header.Get("Last-Modified")}
	switch {
	case out.Status == http.StatusNotModified:
		out.NotModified = true
		out.Body = nil
		return out, 0, nil
	case out.Status >= 200 && out.Status < 300:
		return out, 0, nil
	}
	herr := &HTTPError{URL: rawURL, Status: out.Status, Body: snippet(out.Body)}
	if out.Status == http.StatusTooManyRequests || out.Status >= 500 {
		return nil, retryafter.Parse(out.Header.Get("Retry-After"), time.Now()), retryableError{herr}
	}
	return nil, 0, herr
}

// moved is the final URL of a redirect chain made only of permanent
// redirects, else "".
func moved(hops []hop) string {
	if len(hops) == 0 {
		return ""
	}
	for _, h := range hops {
		if h.status != http.StatusMovedPermanently && h.status != http.StatusPermanentRedirect {
			return ""
		}
	}
	return hops[len(hops)-1].to
}

func snippet(b []byte) string {
	if len(b) > 512 {
		b = b[:512]
	}
	return string(b)
}

// LookupValidator returns the remembered validators of key, or none when
// vs is nil or the lookup fails (logged: a failed lookup costs one full
// download, never a document).
func LookupValidator(ctx context.Context, vs crawler.Validators, key string, log *slog.Logger) doc.Validator {
	if vs == nil {
		return doc.Validator{}
	}
	v, err := vs.Validator(ctx, key)
	if err != nil {
		if log != nil {
			log.WarnContext(ctx, "validator lookup failed", "key", key, "err", err)
		}
		return doc.Validator{}
	}
	return v
}
